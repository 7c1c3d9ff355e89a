"""`fanmesh wan` against a running `fanmesh mesh up`: the emulated link is shown, partitioned, healed; bad names fail."""

import json
import re
import subprocess

from conftest import REPO, Mesh, fanmesh_binary, free_ports, write_topology


def wan(*arguments: str, topology) -> subprocess.CompletedProcess:
    return subprocess.run(
        [fanmesh_binary(), "wan", *arguments, "--topology", str(topology)],
        cwd=REPO, capture_output=True, text=True, timeout=30,
    )


def link_status(topology) -> dict:
    result = wan("status", "--json", topology=topology)
    assert result.returncode == 0, result.stderr
    links = json.loads(result.stdout)["links"]
    assert len(links) == 1, links
    return links[0]


def curl_peer(address: str, max_time: float = 5.0) -> subprocess.CompletedProcess:
    """GET /healthz over h2c from a node's peer port (here: through the relay in front of it)."""
    return subprocess.run(
        ["curl", "-sS", "--http2-prior-knowledge", "--max-time", str(max_time), "-w", " %{time_total}",
         f"http://{address}/healthz"],
        capture_output=True, text=True, timeout=max_time + 10,
    )


def test_wan_status_partition_and_heal_on_a_running_mesh(tmp_dir):
    (admin_port,) = free_ports(1)
    admin = f"127.0.0.1:{admin_port}"
    topology = write_topology(
        tmp_dir, {"seoul": 1, "frankfurt": 1, "tokyo": 1}, links=[("seoul", "frankfurt", 80)], admin=admin
    )
    mesh = Mesh(topology, "wan-mesh.log")
    try:
        mesh.wait_for("all 3 nodes are ready")
        table = mesh.text()
        assert re.search(r"link seoul <-> frankfurt\s+rtt 80 ms", table), table
        assert f"wan admin http://{admin}/wan/status" in table

        result = wan("status", topology=topology)
        assert result.returncode == 0, result.stderr
        assert re.search(r"seoul <-> frankfurt\s+rtt 80 ms\s+jitter 0 ms\s+up\b", result.stdout), result.stdout

        link = link_status(topology)
        assert (link["a"], link["b"], link["rtt_ms"], link["state"]) == ("seoul", "frankfurt", 80, "up")
        # frankfurt-1 sorts before seoul-1, so it dials, through the relay; tokyo has no link and dials directly.
        (relay,) = link["relays"]
        assert (relay["dialer"], relay["acceptor"]) == ("frankfurt-1", "seoul-1")
        commands = subprocess.run(["pgrep", "-af", f"node --topology {topology}"], capture_output=True, text=True).stdout
        dialer = next(line for line in commands.splitlines() if "--node frankfurt-1" in line)
        assert f"--dial-via seoul-1={relay['listen']}" in dialer, dialer
        assert "--dial-via" not in next(line for line in commands.splitlines() if "--node tokyo-1" in line)

        # The relay reaches seoul-1's peer port, and an HTTP/2 exchange through it takes at least one RTT.
        through = curl_peer(relay["listen"])
        assert through.returncode == 0 and "seoul-1" in through.stdout, through.stdout + through.stderr
        assert float(through.stdout.split()[-1]) >= 0.080, through.stdout

        result = wan("partition", "seoul", "frankfurt", topology=topology)
        assert result.returncode == 0, result.stderr
        assert "partitioned seoul <-> frankfurt (stall)" in result.stdout
        assert "partitioned (stall)" in wan("status", topology=topology).stdout
        assert (link_status(topology)["state"], link_status(topology)["mode"]) == ("partitioned", "stall")
        stalled = curl_peer(relay["listen"], max_time=1.0)
        assert stalled.returncode == 28, f"a stalled link answered: {stalled.stdout} {stalled.stderr}"

        result = wan("heal", "frankfurt", "seoul", topology=topology)
        assert result.returncode == 0, result.stderr
        assert "healed seoul <-> frankfurt" in result.stdout
        assert link_status(topology)["state"] == "up"
        assert curl_peer(relay["listen"]).returncode == 0

        result = wan("partition", "frankfurt", "seoul", "--mode", "reset", topology=topology)
        assert result.returncode == 0, result.stderr
        assert link_status(topology)["mode"] == "reset"
        refused = curl_peer(relay["listen"], max_time=3.0)
        assert refused.returncode not in (0, 28), f"a reset link answered or hung: {refused.stdout} {refused.stderr}"
        assert wan("heal", "seoul", "frankfurt", topology=topology).returncode == 0
        assert curl_peer(relay["listen"]).returncode == 0
        assert link_status(topology)["bytes_a_to_b"] > 0 and link_status(topology)["bytes_b_to_a"] > 0

        unknown = wan("partition", "seoul", "mars", topology=topology)
        assert unknown.returncode == 1
        assert "unknown region 'mars'; regions are seoul, frankfurt, tokyo" in unknown.stderr, unknown.stderr
        no_link = wan("heal", "seoul", "tokyo", topology=topology)
        assert no_link.returncode == 1
        assert "no emulated link between seoul and tokyo" in no_link.stderr, no_link.stderr
        bad_mode = wan("partition", "seoul", "frankfurt", "--mode", "explode", topology=topology)
        assert bad_mode.returncode != 0 and "explode" in bad_mode.stderr

        status, _ = mesh.stop(timeout=10)
        assert status == 0, mesh.text()[-3000:]
    finally:
        mesh.close()

    stopped = wan("status", topology=topology)
    assert stopped.returncode == 1
    assert f"no mesh is running on {admin} (start one with `fanmesh mesh up" in stopped.stderr, stopped.stderr


def test_wan_commands_explain_a_topology_without_admin_address(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1, "frankfurt": 1}, links=[("seoul", "frankfurt", 80)])
    result = wan("status", topology=topology)
    assert result.returncode == 1
    assert "has no `admin` address" in result.stderr, result.stderr
