#!/usr/bin/env python3
"""The Chat issue's benchmarks, with their peers side by side, in one bounded run (`make bench`).

Starts a release `fanmesh node` on a generated loopback topology, nats-server with WebSocket on, and nginx with
nchan; drives each with `fanmesh bench`; writes the figures into docs/benchmarks.md between the chat-bench markers
(the rest of that file is kept) and the raw JSON into .benchmarks/chat.json.

Every step has a time limit; the whole run takes about 8 minutes on the 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
BEGIN = "<!-- chat-bench:begin (written by Tests/bench/chat_bench.py; edits between the markers are overwritten) -->"
END = "<!-- chat-bench:end -->"
KEY = "bench-key-0123456789abcdef0123456789abcdef"

GOAL_RSS_KIB = 8.0
GOAL_DELIVERIES = 1_000_000
GOAL_P99_MS = 100.0
GOAL_CPU_US = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def log(message: str) -> None:
    print(f"== {message}", flush=True)


class Server:
    """A server process under test, stopped with SIGTERM (then SIGKILL) when done."""

    def __init__(self, name: str, argv: list[str], log_path: pathlib.Path, port: int, cwd: pathlib.Path | None = None):
        self.name = name
        self.port = port
        self.log_file = open(log_path, "w")
        self.process = subprocess.Popen(argv, stdout=self.log_file, stderr=subprocess.STDOUT, cwd=cwd,
                                        start_new_session=True)
        try:
            wait_for_port(port)
        except Exception:
            self.stop()
            raise RuntimeError(f"{name} did not start; see {log_path}")

    def pids(self) -> list[int]:
        """The server's own processes: the one started, and its children (nginx's workers)."""
        pids = [self.process.pid]
        try:
            children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True,
                                      timeout=5).stdout.split()
            pids += [int(p) for p in children]
        except Exception:
            pass
        return pids

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log_file.close()


class Bench:
    def __init__(self, args, work: pathlib.Path):
        self.args = args
        self.work = work
        self.fanmesh = str((REPO / args.fanmesh).resolve())
        self.results: dict[str, dict] = {}
        self.failed: dict[str, dict] = {}
        self.commands: dict[str, str] = {}

    # --- running one scenario -------------------------------------------------------------------------------------

    def run(self, name: str, argv: list[str], server: Server, limit: int) -> dict | None:
        argv = [self.fanmesh, "bench", *argv, "--server-pid", ",".join(map(str, server.pids())),
                "--time-limit", str(limit)]
        shown = " ".join(a if not a.startswith("/") else os.path.relpath(a, REPO) if a.startswith(str(REPO)) else a
                         for a in argv[1:])
        self.commands[name] = "fanmesh " + " ".join(
            "<pids>" if prev == "--server-pid" else a for prev, a in zip([""] + argv[1:], argv[1:]))
        log(f"{name}: {shown}")
        started = time.monotonic()
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=limit + 60)
        except subprocess.TimeoutExpired:
            log(f"{name}: did not finish within {limit + 60} s")
            return None
        sys.stderr.write(done.stderr[-3000:])
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            log(f"{name}: no summary (exit {done.returncode}):\n{done.stdout[-2000:]}")
            return None
        summary = json.loads(lines[0])
        summary["elapsed_s"] = round(time.monotonic() - started, 1)
        print("\n".join(done.stdout.splitlines()[1:]), flush=True)
        if summary.get("connected", 0) == 0 or summary.get("workersMissing", 0) > 0:
            log(f"{name}: failed (connected {summary.get('connected')}, workers missing "
                f"{summary.get('workersMissing')}); left out of the report")
            self.failed[name] = summary
            return None
        self.results[name] = summary
        return summary

    # --- servers --------------------------------------------------------------------------------------------------

    def start_fanmesh(self, sync: str, batch_window_ms: int | None = None) -> Server:
        directory = self.work / f"fanmesh-{sync}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        client, peer = free_port(), free_port()
        (directory / "bench.yaml").write_text(
            f"data_dir: {directory / 'data'}\n"
            "lmdb:\n  map_size: 1GiB\n  max_map_size: 8GiB\n"
            f"  sync: {sync}\n"
            "limits:\n"
            "  rate_messages: 1000000\n"
            "  rate_window_seconds: 1\n"
            "  max_connections_per_address: 1000000\n"
            "  max_rooms_per_connection: 8\n"
            "  outbound_budget_bytes: 1MiB\n"
            f"  batch_window_ms: {batch_window_ms if batch_window_ms is not None else self.args.batch_window_ms}\n"
            "admission:\n  sessions_per_second: 100000\n"
        )
        topology = directory / "topology.yaml"
        topology.write_text(
            "name: bench\n"
            f"auth:\n  hs256_key: \"{KEY}\"\n"
            "regions:\n"
            "  - name: bench\n"
            "    location: {lat: 37.5, lon: 127.0}\n"
            "    settings: bench.yaml\n"
            "    nodes:\n"
            "      - id: bench-1\n"
            f"        client: 127.0.0.1:{client}\n"
            f"        peer: 127.0.0.1:{peer}\n"
            "        capacity: 200000\n"
        )
        self.topology = topology
        server = Server(f"fanmesh ({sync})",
                        [self.fanmesh, "node", "--topology", str(topology), "--node", "bench-1",
                         "--data-dir", str(directory / "data"), "--log-level", "warning"],
                        directory / "node.log", client)
        self.wait_ready(client)
        return server

    @staticmethod
    def wait_ready(port: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except Exception:
                time.sleep(0.2)
        raise RuntimeError(f"the node on port {port} never became ready")

    def fanmesh_url(self, server: Server) -> list[str]:
        return ["--url", f"ws://127.0.0.1:{server.port}/ws", "--topology", str(self.topology), "--key-from-topology"]

    def start_nats(self) -> Server:
        directory = self.work / "nats"
        directory.mkdir(exist_ok=True)
        port, ws_port = free_port(), free_port()
        config = directory / "nats.conf"
        config.write_text(
            f"listen: 127.0.0.1:{port}\n"
            "max_connections: 1000000\n"
            "max_payload: 1MB\n"
            "write_deadline: \"10s\"\n"
            f"websocket {{\n  listen: \"127.0.0.1:{ws_port}\"\n  no_tls: true\n  compression: false\n}}\n"
        )
        return Server("nats-server", ["nats-server", "-c", str(config)], directory / "nats.log", ws_port)

    def start_nchan(self) -> tuple[Server, int]:
        directory = self.work / "nchan"
        (directory / "logs").mkdir(parents=True, exist_ok=True)
        port = free_port()
        module = next((p for p in ["/usr/lib/nginx/modules/ngx_nchan_module.so",
                                   "/usr/share/nginx/modules/ngx_nchan_module.so"] if os.path.exists(p)), None)
        if module is None:
            raise RuntimeError("ngx_nchan_module.so not found: apt-get install libnginx-mod-nchan")
        config = directory / "nginx.conf"
        config.write_text(
            f"load_module {module};\n"
            "worker_processes 2;\n"
            "worker_rlimit_nofile 20000;\n"
            f"pid {directory / 'nginx.pid'};\n"
            f"error_log {directory / 'logs' / 'error.log'} warn;\n"
            "events { worker_connections 19000; multi_accept on; }\n"
            "http {\n"
            "  access_log off;\n"
            f"  client_body_temp_path {directory / 'body'};\n"
            "  nchan_shared_memory_size 256M;\n"
            "  server {\n"
            f"    listen 127.0.0.1:{port} reuseport backlog=4096;\n"
            "    location ~ ^/sub/(\\w+)$ { nchan_subscriber websocket; nchan_channel_id $1; }\n"
            "    location ~ ^/pub/(\\w+)$ { nchan_publisher; nchan_channel_id $1; nchan_message_buffer_length 64; }\n"
            "  }\n"
            "}\n"
        )
        server = Server("nginx+nchan", ["nginx", "-c", str(config), "-p", str(directory), "-g", "daemon off;"],
                        directory / "nginx.out", port)
        return server, port

    # --- the benchmarks -------------------------------------------------------------------------------------------

    def idle(self, server: Server, name: str, url: list[str]) -> None:
        fans = self.args.fans
        self.run(name, ["connect", *url, "--fans", str(fans), "--rate", str(self.args.connect_rate),
                        "--hold", str(self.args.hold)], server,
                 limit=int(fans / self.args.connect_rate * 2) + self.args.hold + 60)

    def fanout(self, server: Server, name: str, url: list[str], rate: int | None = None) -> None:
        fans = self.args.fans
        self.run(name, ["room", *url, "--fans", str(fans), "--senders", "10", "--rate", str(rate or self.args.rate),
                        "--duration", str(self.args.duration), "--drain", "20",
                        "--connect-rate", str(self.args.connect_rate)], server,
                 limit=int(fans / self.args.connect_rate * 2) + self.args.duration + 90)

    def senders(self, server: Server, name: str, url: list[str]) -> None:
        self.run(name, ["senders", *url, "--senders", str(self.args.senders), "--duration",
                        str(self.args.duration), "--drain", "2"], server, limit=self.args.duration + 80)

    def all(self) -> None:
        # Fanmesh first, each benchmark on a fresh node: its figures land even if a peer fails.
        runs = [("durable", None, "fanmesh_idle", self.idle),
                ("durable", None, "fanmesh_fanout", self.fanout),
                ("durable", None, "fanmesh_senders_durable", self.senders),
                ("async", None, "fanmesh_senders_async", self.senders)]
        if self.args.batch_window_ms != 20:
            runs.append(("durable", 20, "fanmesh_fanout_batch20", self.fanout))
        for rate in self.args.sweep:
            runs.append(("durable", None, f"fanmesh_fanout_rate{rate}",
                         lambda server, name, url, rate=rate: self.fanout(server, name, url, rate=rate)))
        for sync, batch, name, run in runs:
            node = self.start_fanmesh(sync, batch_window_ms=batch)
            try:
                run(node, name, self.fanmesh_url(node))
            finally:
                node.stop()
        if self.args.skip_peers:
            return
        for prefix in ("nats", "nchan"):
            for kind, run in (("idle", self.idle), ("fanout", self.fanout)):
                try:
                    server, url = self.start_peer(prefix)
                except Exception as error:  # a missing peer must not lose the Fanmesh figures
                    log(f"{prefix}: not run: {error}")
                    break
                try:
                    run(server, f"{prefix}_{kind}", url)
                finally:
                    server.stop()

    def start_peer(self, prefix: str) -> tuple[Server, list[str]]:
        """A fresh nats-server or nginx+nchan, and the bench options that reach it."""
        if prefix == "nats":
            server = self.start_nats()
            return server, ["--protocol", "nats", "--url", f"ws://127.0.0.1:{server.port}"]
        server, port = self.start_nchan()
        return server, ["--protocol", "nchan", "--url", f"ws://127.0.0.1:{port}/sub/",
                        "--publish-url", f"http://127.0.0.1:{port}/pub/"]


# --- the report -----------------------------------------------------------------------------------------------------

def machine() -> dict:
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    versions = {}
    for name, argv in (("nats-server", ["nats-server", "--version"]), ("nginx", ["nginx", "-v"])):
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=5)
            versions[name] = (done.stdout + done.stderr).strip().splitlines()[0]
        except Exception:
            versions[name] = "not installed"
    try:
        nchan = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "libnginx-mod-nchan"], capture_output=True,
                               text=True, timeout=5).stdout.strip()
        versions["nchan"] = f"libnginx-mod-nchan {nchan}" if nchan else "not installed"
    except Exception:
        pass
    return {"cores": os.cpu_count(), "model": model, "memory_gib": round(memory / 2**30, 1),
            "kernel": platform.release(), "versions": versions}


def kib(value) -> str:
    return "—" if value is None else f"{value / 1024:.2f} KiB"


def number(value, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def ratio(ours, theirs, lower_is_better: bool) -> str:
    if ours in (None, 0) or theirs in (None, 0):
        return "—"
    value = theirs / ours if lower_is_better else ours / theirs
    return f"{value:.2f}×"


def mark(met: bool | None) -> str:
    return "not measured" if met is None else ("**met**" if met else "**missed**")


def render(results: dict, commands: dict, info: dict, args, failed: dict | None = None) -> str:
    get = lambda name, *path: _dig(results.get(name), path)
    peers = ("fanmesh", "nats", "nchan")
    out = [BEGIN, ""]
    out.append(f"## Chat (issue 10) — measured {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}")
    out.append("")
    out.append(f"Machine: {info['cores']} cores, {info['model']}, {info['memory_gib']} GiB, Linux {info['kernel']}; "
               + ", ".join(f"{v}" for v in info["versions"].values()) + ". "
               "Server and client share the 2 cores; the client is `fanmesh bench` (SwiftNIO, worker processes, "
               "source addresses 127.0.0.2–9). Release build. "
               f"Fanmesh region: batch_window_ms {args.batch_window_ms}, outbound budget 1 MiB, rate limits lifted "
               "(senders hold moderator tokens). nats-server: WebSocket listener, no TLS, no compression. nginx: 2 "
               "workers, nchan WebSocket subscribers, HTTP POST publishers.")
    out.append("")
    out.append("| benchmark | Fanmesh | nats-server (WS) | nginx + nchan | Fanmesh vs nats | Fanmesh vs nchan | goal |")
    out.append("|---|---|---|---|---|---|---|")
    rss = {p: get(f"{p}_idle", "server", "residentBytesPerConnection") for p in peers}
    held = {p: get(f"{p}_idle", "connected") for p in peers}
    goal_rss = None if rss["fanmesh"] is None else rss["fanmesh"] / 1024 <= GOAL_RSS_KIB
    out.append(f"| idle: RSS per connection ({args.fans:,} fans) | {kib(rss['fanmesh'])} | {kib(rss['nats'])} | "
               f"{kib(rss['nchan'])} | {ratio(rss['fanmesh'], rss['nats'], True)} | "
               f"{ratio(rss['fanmesh'], rss['nchan'], True)} | ≤ 8 KiB: {mark(goal_rss)} |")
    out.append("| idle: connections held / failed | " + " | ".join(
        f"{number(held[p])} / {number(get(f'{p}_idle', 'connectFailures'))}" for p in peers) + " | | | |")
    out.append("| idle: connect time p50 / p99 (ms) | " + " | ".join(
        f"{number(get(f'{p}_idle', 'connectLatency', 'p50Ms'), 1)} / {number(get(f'{p}_idle', 'connectLatency', 'p99Ms'), 1)}"
        for p in peers) + " | | | |")
    dps = {p: get(f"{p}_fanout", "deliveriesPerSecond") for p in peers}
    offered = {p: get(f"{p}_fanout", "offeredDeliveriesPerSecond") for p in peers}
    p50 = {p: get(f"{p}_fanout", "deliveryLatency", "p50Ms") for p in peers}
    p99 = {p: get(f"{p}_fanout", "deliveryLatency", "p99Ms") for p in peers}
    mx = {p: get(f"{p}_fanout", "deliveryLatency", "maxMs") for p in peers}
    cpu = {p: get(f"{p}_fanout", "server", "cpuMicrosecondsPerDelivery") for p in peers}
    client = {p: get(f"{p}_fanout", "client", "cpuMicrosecondsPerDelivery") for p in peers}
    share = {p: get(f"{p}_fanout", "deliveredShare") for p in peers}
    goal_dps = None if dps["fanmesh"] is None else (
        dps["fanmesh"] >= GOAL_DELIVERIES and (p99["fanmesh"] or 1e9) <= GOAL_P99_MS)
    goal_cpu = None if cpu["fanmesh"] is None else cpu["fanmesh"] <= GOAL_CPU_US
    out.append(f"| fan-out: deliveries/s sustained ({args.fans:,} fans + 10 senders, {args.rate} msg/s) | "
               + " | ".join(number(dps[p]) for p in peers)
               + f" | {ratio(dps['fanmesh'], dps['nats'], False)} | {ratio(dps['fanmesh'], dps['nchan'], False)} | "
               f"≥ 1,000,000 at p99 ≤ 100 ms: {mark(goal_dps)} |")
    out.append("| fan-out: deliveries/s offered (taken msg/s × fans) | " + " | ".join(number(offered[p]) for p in peers)
               + " | | | |")
    out.append("| fan-out: delivered / expected | " + " | ".join(
        "—" if share[p] is None else f"{share[p] * 100:.3f} %" for p in peers) + " | | | every fan gets every message |")
    out.append("| fan-out: latency p50 / p99 / max (ms) | " + " | ".join(
        f"{number(p50[p], 1)} / {number(p99[p], 1)} / {number(mx[p], 1)}" for p in peers)
        + f" | {ratio(p99['fanmesh'], p99['nats'], True)} (p99) | {ratio(p99['fanmesh'], p99['nchan'], True)} (p99) | |")
    out.append("| fan-out: server CPU per delivery | " + " | ".join(
        "—" if cpu[p] is None else f"{cpu[p]:.3f} µs" for p in peers)
        + f" | {ratio(cpu['fanmesh'], cpu['nats'], True)} | {ratio(cpu['fanmesh'], cpu['nchan'], True)} | "
        f"≤ 1 µs: {mark(goal_cpu)} |")
    out.append("| fan-out: client CPU per delivery (the load generator) | " + " | ".join(
        "—" if client[p] is None else f"{client[p]:.3f} µs" for p in peers) + " | | | |")
    b20 = results.get("fanmesh_fanout_batch20")
    if b20:
        out.append(f"| fan-out, Fanmesh with batch_window_ms 20: deliveries/s; p50 / p99 / max (ms); server CPU | "
                   f"{number(b20['deliveriesPerSecond'])}; {number(b20['deliveryLatency']['p50Ms'], 1)} / "
                   f"{number(b20['deliveryLatency']['p99Ms'], 1)} / {number(b20['deliveryLatency']['maxMs'], 1)}; "
                   f"{number(b20['server'].get('cpuMicrosecondsPerDelivery'), 3)} µs | | | | | |")
    for rate in args.sweep:
        r = results.get(f"fanmesh_fanout_rate{rate}")
        if r:
            out.append(f"| fan-out, Fanmesh at {rate} msg/s (offered {number(r['offeredDeliveriesPerSecond'])}/s): "
                       f"deliveries/s; p50 / p99 / max (ms); server CPU | {number(r['deliveriesPerSecond'])}; "
                       f"{number(r['deliveryLatency']['p50Ms'], 1)} / {number(r['deliveryLatency']['p99Ms'], 1)} / "
                       f"{number(r['deliveryLatency']['maxMs'], 1)}; "
                       f"{number(r['server'].get('cpuMicrosecondsPerDelivery'), 3)} µs | | | | | |")
    for sync in ("durable", "async"):
        name = f"fanmesh_senders_{sync}"
        out.append(f"| origin log ({sync}): acked sends/s, {args.senders:,} closed-loop senders | "
                   f"{number(get(name, 'acksPerSecond'))} | | | | | |")
        out.append(f"| origin log ({sync}): ack latency p50 / p99 / max (ms) | "
                   f"{number(get(name, 'ackLatency', 'p50Ms'), 2)} / {number(get(name, 'ackLatency', 'p99Ms'), 2)} / "
                   f"{number(get(name, 'ackLatency', 'maxMs'), 2)} | | | | | |")
        out.append(f"| origin log ({sync}): server CPU per acked send | "
                   f"{number(get(name, 'server', 'cpuMicrosecondsPerAck'), 2)} µs | | | | | |")
    out.append("")
    out.append("Ratios read \"how many times better Fanmesh is\": above 1× Fanmesh wins (less memory, more deliveries, "
               "lower latency, less CPU). A dash: not measured in this run. \"Sustained\" is every delivery counted "
               "from the first send to the last delivery, over that time; when the machine cannot keep up, the "
               "backlog shows as latency and as a sustained rate below the offered one.")
    out.append("")
    if failed:
        out.append("Runs that failed and are left out: " + ", ".join(
            f"`{name}` (connected {r.get('connected')}, reasons {r.get('reasons')})" for name, r in failed.items()) + ".")
        out.append("")
    out.append("Fan-out detail (all from the same run):")
    out.append("")
    out.append("| run | sends | taken | deliveries | expected | send window s | start→last delivery s | "
               "server CPU s | client CPU s | client workers |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    for name in ("fanmesh_fanout", "fanmesh_fanout_batch20", *(f"fanmesh_fanout_rate{r}" for r in args.sweep),
                 "nats_fanout", "nchan_fanout"):
        r = results.get(name)
        if r:
            taken = r["sends"] if r["wire"] == "nats" else r["acks"]
            out.append(f"| {name} | {r['sends']:,} | {taken:,} | {r['deliveries']:,} | {r['expectedDeliveries']:,} | "
                       f"{r['windowSeconds']:.1f} | {r['deliverySeconds']:.1f} | "
                       f"{number(r['server'].get('cpuSeconds'), 2)} | {r['client']['cpuSeconds']:.2f} | "
                       f"{r['workers']} |")
    out.append("")
    out.append("Commands (`make bench` runs them all; `<pids>` are the server's processes):")
    out.append("")
    out.append("```")
    for name, command in commands.items():
        out.append(f"# {name}")
        out.append(command)
    out.append("```")
    out.append("")
    out.append("Raw summaries: `.benchmarks/chat.json`.")
    out.append("")
    out.append(END)
    return "\n".join(out)


def _dig(value, path):
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def write_report(section: str, path: pathlib.Path) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n\nFigures measured by `make bench`.\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fanmesh", default=".build-release/release/fanmesh")
    parser.add_argument("--fans", type=int, default=15_000)
    parser.add_argument("--rate", type=int, default=100, help="messages per second in the fan-out test")
    parser.add_argument("--senders", type=int, default=1_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--hold", type=int, default=10)
    parser.add_argument("--connect-rate", type=int, default=3_000)
    parser.add_argument("--batch-window-ms", type=int, default=5)
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--sweep", type=lambda text: [int(x) for x in text.split(",") if x], default=[25, 50],
                        help="extra Fanmesh fan-out runs at these msg/s, to find where p99 stays under 100 ms")
    parser.add_argument("--out", default="docs/benchmarks.md")
    parser.add_argument("--json", default=".benchmarks/chat.json")
    args = parser.parse_args()

    if not os.access(REPO / args.fanmesh, os.X_OK):
        print(f"{args.fanmesh} is not built: swift build -c release --product fanmesh --scratch-path .build-release",
              file=sys.stderr)
        return 2
    info = machine()
    with tempfile.TemporaryDirectory(prefix="fanmesh-bench-") as directory:
        bench = Bench(args, pathlib.Path(directory))
        try:
            bench.all()
        finally:
            json_path = REPO / args.json
            json_path.parent.mkdir(parents=True, exist_ok=True)
            json_path.write_text(json.dumps({"machine": info, "results": bench.results, "failed": bench.failed,
                                             "commands": bench.commands},
                                            indent=2))
            write_report(render(bench.results, bench.commands, info, args, bench.failed), REPO / args.out)
            log(f"wrote {args.out} and {args.json}")
    return 0 if "fanmesh_fanout" in bench.results else 1


if __name__ == "__main__":
    sys.exit(main())
