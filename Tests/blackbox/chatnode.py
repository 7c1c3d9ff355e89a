"""One `fanmesh node` for the black-box chat tests: started, probed for readiness, stopped or killed, its log kept."""

from __future__ import annotations

import contextlib
import pathlib
import signal
import subprocess
import time

from conftest import ARTIFACTS, REPO, fanmesh_binary, http_get


def client_address(topology: pathlib.Path | str, node_id: str) -> tuple[str, int]:
    """The `client` host and port of `node_id` in a topology written by `write_topology`."""
    lines = pathlib.Path(topology).read_text().splitlines()
    for index, line in enumerate(lines):
        if line.strip() in (f"- id: {node_id}", f"id: {node_id}"):
            for follow in lines[index + 1:index + 5]:
                if follow.strip().startswith("client:"):
                    host, port = follow.split("client:", 1)[1].strip().rsplit(":", 1)
                    return host, int(port)
    raise AssertionError(f"{node_id} has no client address in {topology}")


class Node:
    """One `fanmesh node` process; its output goes to .test-artifacts/LOG (appended across restarts)."""

    def __init__(self, topology: pathlib.Path, node_id: str, data_dir: pathlib.Path, log_name: str):
        self.topology, self.node_id, self.data_dir = pathlib.Path(topology), node_id, pathlib.Path(data_dir)
        self.host, self.port = client_address(topology, node_id)
        self.base = f"http://{self.host}:{self.port}"
        self.ws_base = f"ws://{self.host}:{self.port}"
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / log_name
        self.log_path.write_text("")
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> "Node":
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"==== starting {self.node_id} at {time.strftime('%H:%M:%S')} ====\n")
            log.flush()
            self.process = subprocess.Popen(
                [fanmesh_binary(), "node", "--topology", str(self.topology), "--node", self.node_id,
                 "--data-dir", str(self.data_dir)],
                cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{self.node_id} exited {self.process.returncode} while starting:\n{self.log_tail()}")
            try:
                status, _, _ = http_get(f"{self.base}/readyz", timeout=2)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{self.node_id} was not ready within {timeout} s:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def metrics(self) -> str:
        status, body, _ = http_get(f"{self.base}/metrics", timeout=10)
        assert status == 200, f"/metrics answered {status}"
        return body

    def metric(self, name: str) -> float | None:
        """Sum of every sample of `name` on /metrics, or None when the node does not export it."""
        total, seen = 0.0, False
        for line in self.metrics().splitlines():
            if line.startswith(name) and (len(line) == len(name) or line[len(name)] in " {"):
                seen = True
                total += float(line.rsplit(" ", 1)[1])
        return total if seen else None


@contextlib.contextmanager
def running_node(topology: pathlib.Path, node_id: str, data_dir: pathlib.Path, log_name: str):
    """Starts a node and stops it afterwards. When the body fails, prints the log tail (pytest shows it then)."""
    node = Node(topology, node_id, data_dir, log_name)
    try:
        node.start()
        yield node
    except BaseException:
        print(f"---- {node.node_id} log tail ({node.log_path}) ----\n{node.log_tail()}")
        raise
    finally:
        node.stop()
