"""A topology with `tls`: the client port offers h2 and http/1.1 by ALPN; the peer port wants a mesh-CA client cert."""

import subprocess
import time

from conftest import REPO, fanmesh_binary, write_topology


def openssl(*arguments: str, cwd) -> None:
    subprocess.run(["openssl", *arguments], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_mesh_ca(directory, node_ids):
    """A development CA and one certificate per node, valid for 127.0.0.1 — what `fanmesh certs init` will do."""
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=fanmesh test CA", "-keyout", "ca.key", "-out", "ca.pem", cwd=directory)
    for node in node_ids:
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", f"/CN={node}",
                "-keyout", f"{node}.key", "-out", f"{node}.csr", cwd=directory)
        (directory / f"{node}.ext").write_text(f"subjectAltName=IP:127.0.0.1,DNS:{node}\n")
        openssl("x509", "-req", "-in", f"{node}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", f"{node}.ext", "-out", f"{node}.pem", cwd=directory)


def curl(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", *arguments],
                          capture_output=True, text=True, timeout=15)


def test_tls_client_port_negotiates_h2_and_http1_and_the_peer_port_requires_a_mesh_certificate(tmp_dir):
    certs = tmp_dir / "certs"
    certs.mkdir()
    make_mesh_ca(certs, ["seoul-1", "intruder"])
    # An intruder certificate signed by a different CA.
    other = tmp_dir / "other"
    other.mkdir()
    make_mesh_ca(other, ["intruder"])

    topology = write_topology(tmp_dir, {"seoul": 1}, tls={"ca": certs / "ca.pem", "cert_dir": certs})
    text = topology.read_text()
    client = text.split("client: 127.0.0.1:")[1].split()[0]
    peer = text.split("peer: 127.0.0.1:")[1].split()[0]
    node = subprocess.Popen([fanmesh_binary(), "node", "--topology", str(topology), "--node", "seoul-1"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while curl("--cacert", str(certs / "ca.pem"), f"https://127.0.0.1:{client}/readyz").stdout != "2 200":
            assert node.poll() is None, node.stdout.read()
            assert time.monotonic() < deadline, "the TLS node never became ready"
            time.sleep(0.2)

        ca = ["--cacert", str(certs / "ca.pem")]
        assert curl(*ca, "--http2", f"https://127.0.0.1:{client}/healthz").stdout == "2 200"
        assert curl(*ca, "--http1.1", f"https://127.0.0.1:{client}/healthz").stdout == "1.1 200"
        assert curl(f"https://127.0.0.1:{client}/healthz").returncode != 0, "a client must not trust an unknown CA"

        with_mesh_cert = curl(*ca, "--cert", str(certs / "seoul-1.pem"), "--key", str(certs / "seoul-1.key"),
                              f"https://127.0.0.1:{peer}/healthz")
        assert with_mesh_cert.stdout == "2 200", with_mesh_cert.stderr
        without_cert = curl(*ca, f"https://127.0.0.1:{peer}/healthz")
        assert without_cert.returncode != 0 and without_cert.stdout != "2 200"
        forged = curl(*ca, "--cert", str(other / "intruder.pem"), "--key", str(other / "intruder.key"),
                      f"https://127.0.0.1:{peer}/healthz")
        assert forged.returncode != 0 and forged.stdout != "2 200"
    finally:
        node.terminate()
        assert node.wait(timeout=10) == 0


def test_a_tls_mesh_replicates_and_refuses_unknown_or_impersonating_peers(tmp_dir):
    import asyncio

    from chatfan import Fan, mint_token, run
    from chatnode import Node

    certs = tmp_dir / "certs"
    certs.mkdir()
    make_mesh_ca(certs, ["seoul-1", "tokyo-1", "intruder"])
    topology = write_topology(tmp_dir, {"seoul": 1, "tokyo": 1}, tls={"ca": certs / "ca.pem", "cert_dir": certs})
    text = topology.read_text()
    peer = text.split("peer: 127.0.0.1:")[1].split()[0]
    nodes = [Node(topology, node, tmp_dir / node, f"tls-mesh-{node}.log") for node in ("seoul-1", "tokyo-1")]
    # Node.start polls /readyz over plain HTTP; on a TLS mesh, start the processes and poll with curl instead.
    try:
        for node in nodes:
            node.process = subprocess.Popen(
                [fanmesh_binary(), "node", "--topology", str(topology), "--node", node.node_id, "--data-dir",
                 str(node.data_dir)], cwd=REPO, stdout=open(node.log_path, "a"), stderr=subprocess.STDOUT)
        ca = ["--cacert", str(certs / "ca.pem")]
        for node in nodes:
            deadline = time.monotonic() + 30
            while curl(*ca, f"https://127.0.0.1:{node.port}/readyz").stdout != "2 200":
                assert node.process.poll() is None, node.log_tail()
                assert time.monotonic() < deadline, node.log_tail()
                time.sleep(0.2)

        async def scenario():
            import ssl
            context = ssl.create_default_context(cafile=str(certs / "ca.pem"))
            context.check_hostname = False
            reader = Fan(f"wss://127.0.0.1:{nodes[1].port}", mint_token(topology, "reader"), keep=lambda m: m["id"])
            sender = Fan(f"wss://127.0.0.1:{nodes[0].port}", mint_token(topology, "sender", moderator=True))
            for fan in (reader, sender):
                await fan.connect(ssl=context)
                await fan.join("show")
            ack = await sender.send("show", "over mutual TLS")
            assert ack["op"] == "ack", ack
            await reader.wait_until(lambda: ack["id"] in reader.msgs, timeout=30, what="the message in tokyo")

        run(scenario(), timeout=60)

        def pull_as(claimed: str, cert: str) -> str:
            result = subprocess.run(
                ["curl", "-sS", "--http2", "-o", "/dev/null", "-w", "%{http_code}", *ca, "--max-time", "5",
                 "--cert", str(certs / f"{cert}.pem"), "--key", str(certs / f"{cert}.key"),
                 "-X", "POST", "-H", f"fanmesh-node: {claimed}", f"https://127.0.0.1:{peer}/replication/v1/pull"],
                capture_output=True, text=True, timeout=15)
            return result.stdout

        assert pull_as("intruder", "intruder") == "403", "a node id outside the topology must be refused"
        assert pull_as("tokyo-1", "intruder") == "403", "a certificate for another name must be refused"
    finally:
        for node in nodes:
            node.stop()
