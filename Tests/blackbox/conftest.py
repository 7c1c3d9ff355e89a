"""Shared fixtures for the black-box tests: they drive the built `fanmesh` binary as a user would."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".test-artifacts"


def fanmesh_binary() -> str:
    path = os.environ.get("FANMESH") or str(REPO / ".build" / "debug" / "fanmesh")
    path = str((REPO / path).resolve()) if not os.path.isabs(path) else path
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is not built: run `swift build --product fanmesh` (make test does)")
    return path


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """Ports the kernel says are free right now (bound then released)."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind((host, 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def http_get(url: str, timeout: float = 5.0, **kwargs) -> tuple[int, str, dict]:
    """GET `url`; returns (status, body, headers) also for 4xx/5xx answers."""
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout, **kwargs) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def write_topology(
    directory: pathlib.Path,
    regions: dict[str, int],
    tls: dict | None = None,
    region_settings: str | None = None,
    links: list[tuple] | None = None,
    admin: str | None = None,
) -> pathlib.Path:
    """A topology on free loopback ports: `regions` maps region name to node count.

    `links` lists emulated WAN links as `(region_a, region_b, rtt_ms)` or `(region_a, region_b, rtt_ms, jitter_ms)`;
    `admin` is the `mesh up` control address, e.g. `127.0.0.1:PORT`.

    `region_settings` is a YAML snippet appended to every region file, e.g.
    "limits:\n  rate_messages: 100000\n  rate_window_seconds: 1\n". Each region file already sets `data_dir` and
    `lmdb`, so the snippet must not repeat those keys.
    """
    ports = iter(free_ports(2 * sum(regions.values())))
    lines = [
        "name: blackbox",
        "auth:",
        '  hs256_key: "blackbox-test-key-0123456789abcdef0123456789"',
    ]
    if tls:
        lines += ["tls:", f"  ca: {tls['ca']}", f"  cert_dir: {tls['cert_dir']}"]
    if admin:
        lines.append(f"admin: {admin}")
    lines.append("regions:")
    coordinates = iter([(37.5, 127.0), (50.1, 8.7), (-23.5, -46.6), (35.7, 139.7), (1.35, 103.8), (38.9, -77.0)])
    for name, count in regions.items():
        lat, lon = next(coordinates)
        settings = f"data_dir: {directory / 'data'}\nlmdb:\n  map_size: 1MiB\n  sync: durable\n"
        if region_settings:
            settings += region_settings if region_settings.endswith("\n") else region_settings + "\n"
        (directory / f"{name}.yaml").write_text(settings)
        lines += [
            f"  - name: {name}",
            f"    location: {{lat: {lat}, lon: {lon}}}",
            f"    settings: {name}.yaml",
            "    nodes:",
        ]
        for index in range(1, count + 1):
            lines += [
                f"      - id: {name}-{index}",
                f"        client: 127.0.0.1:{next(ports)}",
                f"        peer: 127.0.0.1:{next(ports)}",
                "        capacity: 1000",
            ]
    if links:
        lines.append("links:")
        for a, b, rtt_ms, *jitter in links:
            lines += [f"  - between: [{a}, {b}]", f"    rtt_ms: {rtt_ms}", f"    jitter_ms: {jitter[0] if jitter else 0}"]
    path = directory / "topology.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


class Mesh:
    """`fanmesh mesh up` running in the background, its output kept in a log file."""

    def __init__(self, topology: pathlib.Path | str, log_name: str, extra: list[str] | None = None):
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / log_name
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [fanmesh_binary(), "mesh", "up", str(topology), *(extra or [])],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            self.log.write(line)
            self.log.flush()

    def text(self) -> str:
        return "".join(self.output)

    def wait_for(self, needle: str, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                return
            if self.process.poll() is not None:
                self._reader.join(timeout=5)
                break
            time.sleep(0.1)
        raise AssertionError(f"mesh never printed {needle!r}; its output ({self.log_path}):\n{self.text()[-4000:]}")

    def stop(self, timeout: float = 5.0) -> tuple[int, float]:
        """SIGTERM the mesh; returns (exit status, seconds it took)."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            status = None
        self._reader.join(timeout=5)
        return status, time.monotonic() - started

    def close(self) -> None:
        if self.process.poll() is None:
            self.stop(timeout=10)
        self.log.close()


@pytest.fixture
def tmp_dir():
    with tempfile.TemporaryDirectory(prefix="fanmesh-blackbox-") as directory:
        yield pathlib.Path(directory)


def pytest_report_header(config):
    return f"fanmesh binary: {os.environ.get('FANMESH', '.build/debug/fanmesh')}, python {sys.version.split()[0]}"
