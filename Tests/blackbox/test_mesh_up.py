"""`fanmesh mesh up` as a newcomer runs it: every node answers, metrics parse, SIGTERM stops everything."""

import os
import re
import signal
import socket
import subprocess
import time

from prometheus_client.parser import text_string_to_metric_families

from conftest import REPO, Mesh, http_get

LOCAL_NODES = {"seoul-1": 7101, "frankfurt-1": 7102, "saopaulo-1": 7103}
LOCAL_PEERS = {"seoul-1": 7201, "frankfurt-1": 7202, "saopaulo-1": 7203}


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        # SO_REUSEADDR ignores TIME_WAIT left by the test's own requests, but not a listener still there.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def test_local_mesh_serves_health_metrics_and_http2_then_stops_on_sigterm(tmp_dir):
    mesh = Mesh("topology/local.yaml", "mesh-up-local.log", ["--data-root", str(tmp_dir / "data")])
    try:
        mesh.wait_for("all 3 nodes are ready")
        table = mesh.text()
        for node, port in LOCAL_NODES.items():
            assert re.search(rf"{node}\s+\w+\s+http://127\.0\.0\.1:{port}", table), f"table lacks {node}:\n{table}"

            status, body, _ = http_get(f"http://127.0.0.1:{port}/healthz")
            assert status == 200 and f'"node":"{node}"' in body.replace(" ", "")

            status, body, _ = http_get(f"http://127.0.0.1:{port}/readyz")
            assert status == 200 and '"ready":true' in body.replace(" ", ""), body

            status, body, headers = http_get(f"http://127.0.0.1:{port}/metrics")
            assert status == 200 and headers["Content-Type"].startswith("text/plain")
            families = {family.name: family for family in text_string_to_metric_families(body)}
            for name in ("process_resident_memory_bytes", "process_open_fds", "fanmesh_uptime_seconds"):
                assert name in families, f"{node} /metrics lacks {name}"
            build = families["fanmesh_build_info"].samples[0]
            assert build.labels["node"] == node and build.value == 1
            assert families["process_resident_memory_bytes"].samples[0].value > 1_000_000

            # The client port speaks HTTP/2 with prior knowledge (h2c) as well as HTTP/1.1.
            h2 = subprocess.run(
                ["curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                 f"http://127.0.0.1:{port}/healthz"],
                capture_output=True, text=True, timeout=10,
            )
            assert h2.stdout == "2 200", h2.stdout + h2.stderr
            # The peer port is HTTP/2 only.
            peer = subprocess.run(
                ["curl", "-sS", "--http2-prior-knowledge", "-w", " %{http_version} %{http_code}",
                 f"http://127.0.0.1:{LOCAL_PEERS[node]}/healthz"],
                capture_output=True, text=True, timeout=10,
            )
            assert peer.stdout.endswith("2 200") and node in peer.stdout, peer.stdout + peer.stderr

        status, seconds = mesh.stop(timeout=5)
        assert status == 0, f"mesh exited {status}:\n{mesh.text()[-3000:]}"
        assert seconds < 5
        assert "all nodes stopped" in mesh.text()
        for port in [*LOCAL_NODES.values(), *LOCAL_PEERS.values()]:
            assert port_is_free(port), f"port {port} still in use after the mesh stopped"
    finally:
        mesh.close()


def test_a_node_that_dies_is_reported_and_the_mesh_exits_non_zero(tmp_dir):
    from conftest import write_topology

    topology = write_topology(tmp_dir, {"seoul": 1, "tokyo": 1})
    mesh = Mesh(topology, "mesh-up-child-dies.log")
    try:
        mesh.wait_for("all 2 nodes are ready")
        victim = subprocess.run(
            ["pgrep", "-f", f"{topology} --node tokyo-1"], capture_output=True, text=True
        ).stdout.split()
        assert victim, "tokyo-1's process not found"
        os.kill(int(victim[0]), signal.SIGKILL)
        status = mesh.process.wait(timeout=20)
        mesh._reader.join(timeout=5)
        assert status != 0
        assert "tokyo-1 was killed by signal 9" in mesh.text()
        time.sleep(0.2)
        survivors = subprocess.run(["pgrep", "-f", f"node --topology {topology}"], capture_output=True, text=True)
        assert survivors.stdout.strip() == "", "the other node was left running"
    finally:
        mesh.close()
