#!/usr/bin/env python3
"""Probes for the replication benchmark (issue 3), run by hand beside `fanmesh mesh up` and `fanmesh bench room`.

  latency  --region R --seconds S --out F   a fan in room --room at region R's node (topology/local.yaml ports);
                                            per origin region, post-to-receive latency of every `msg` whose text is
                                            the bench's `t<CLOCK_MONOTONIC ns>...`
  catchup  --seconds S --out F               every 0.1 s, frankfurt's fanmesh_chat_commit_batch_messages_sum (all
                                            entries committed there) and replication lag in entries from seoul

Both stop by themselves after --seconds. Network: 127.0.0.1 only.
"""
import argparse, asyncio, json, pathlib, subprocess, time, urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
PORTS = {"seoul": 7101, "frankfurt": 7102, "saopaulo": 7103}


def latency(a):
    import websockets
    lat = {}
    token = subprocess.run([a.fanmesh, "token", "--topology", str(REPO / "topology/local.yaml"), "--user",
                            f"probe-{a.region}"], capture_output=True, text=True, timeout=30,
                           check=True).stdout.strip().split()[-1]

    async def run():
        deadline = time.monotonic() + a.seconds
        async with websockets.connect(f"ws://127.0.0.1:{PORTS[a.region]}/ws?token={token}", max_size=None,
                                      max_queue=None) as ws:
            await ws.send(json.dumps({"op": "join", "room": a.room}))
            while time.monotonic() < deadline:
                try:
                    frame = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                now = time.monotonic_ns()
                obj = json.loads(frame)
                for m in (obj if isinstance(obj, list) else [obj]):
                    text = m.get("text", "") if m.get("op") == "msg" else ""
                    digits = text[1:len(text) - len(text[1:].lstrip("0123456789"))] if text.startswith("t") else ""
                    if digits:
                        lat.setdefault(f"{m.get('region')}->{a.region}", []).append((now - int(digits)) / 1e6)

    try:
        asyncio.run(run())
    finally:
        pct = lambda v, q: sorted(v)[min(len(v) - 1, int(q * len(v)))]
        summary = {k: {"n": len(v), "p50": pct(v, .5), "p99": pct(v, .99), "max": max(v)} for k, v in lat.items()}
        pathlib.Path(a.out).write_text(json.dumps(summary, indent=1))
        print(json.dumps(summary, indent=1))


def catchup(a):
    end = time.monotonic() + a.seconds
    with open(a.out, "w") as out:
        while time.monotonic() < end:
            row = {"t": time.time()}
            try:
                text = urllib.request.urlopen("http://127.0.0.1:7102/metrics", timeout=2).read().decode()
            except Exception:
                time.sleep(0.1)
                continue
            for line in text.splitlines():
                if line.startswith("fanmesh_chat_commit_batch_messages_sum"):
                    row["commit"] = float(line.split()[-1])
                if line.startswith('fanmesh_replication_lag_entries{origin="seoul-1",replica="frankfurt-1"}'):
                    row["lag"] = float(line.split()[-1])
            out.write(json.dumps(row) + "\n")
            out.flush()
            time.sleep(0.1)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["latency", "catchup"])
    p.add_argument("--region", choices=list(PORTS), default="seoul")
    p.add_argument("--room", default="bench")
    p.add_argument("--seconds", type=float, default=45)
    p.add_argument("--out", required=True)
    p.add_argument("--fanmesh", default=str(REPO / ".build-release/release/fanmesh"))
    a = p.parse_args()
    latency(a) if a.mode == "latency" else catchup(a)
