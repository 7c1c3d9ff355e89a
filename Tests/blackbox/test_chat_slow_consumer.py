"""A fan that never reads is dropped as a slow consumer (1008 "slow consumer") while the others keep receiving."""

import asyncio
import re
import time

from chatfan import Fan, mint_token, run
from chatnode import running_node
from conftest import write_topology
from rawfan import RawSocketFan, close_frame, parse_frames

ROOM = "flood"
OBSERVERS = 3
TEXT_BYTES = 1500
BATCH = 8
MAX_MESSAGES = 5000  # ~7.5 MB: well past the 64 KiB budget plus whatever the kernels buffer on loopback

SETTINGS = """\
limits:
  max_frame_bytes: 16384
  max_message_bytes: 4096
  max_message_graphemes: 4096
  rate_messages: 100000
  rate_window_seconds: 1
  outbound_budget_bytes: 65536
"""


def test_a_fan_that_never_reads_is_dropped_and_the_others_get_everything(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1}, region_settings=SETTINGS)
    host = mint_token(topology, "host", moderator=True)
    watcher = mint_token(topology, "watcher")
    sleeper_token = mint_token(topology, "sleeper")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-slow-consumer.log") as node:
        drops_before = node.metric("fanmesh_chat_slow_consumer_drops_total")

        async def scenario():
            sender = await Fan(node.ws_base, host, label="host").connect()
            observers = [await Fan(node.ws_base, watcher, label=f"watcher{i}").connect() for i in range(OBSERVERS)]
            sleeper = None
            try:
                assert (await sender.join(ROOM))["op"] == "joined"
                for observer in observers:
                    assert (await observer.join(ROOM))["op"] == "joined"
                members = OBSERVERS + 1
                start = len(observers[0].control)

                sleeper = RawSocketFan(node.host, node.port, sleeper_token, rcvbuf=4096)
                sleeper.send_json({"op": "join", "room": ROOM})
                # The sleeper never reads from here on. Its join shows up in presence (at most once a second).
                try:
                    await observers[0].wait_for(
                        lambda o: o.get("op") == "presence" and o.get("room") == ROOM and o.get("count") == members + 1,
                        10, start, "presence with the sleeper")
                except AssertionError as missing:
                    print(f"note: {missing}")  # the flood below is big enough either way

                acks = []
                dropped_by = None
                presence_start = len(observers[0].control)
                deadline = time.monotonic() + 90
                while len(acks) < MAX_MESSAGES and time.monotonic() < deadline:
                    nonces = []
                    for _ in range(BATCH):
                        counter = len(acks) + len(nonces)
                        nonces.append(await sender.post(ROOM, f"{counter:05d} " + "~" * TEXT_BYTES))
                    for nonce in nonces:
                        reply = await sender.reply(nonce, timeout=60)
                        assert reply["op"] == "ack", f"the flood was refused: {reply}"
                        acks.append(reply)
                    if any(o.get("op") == "presence" and o.get("count") == members
                           for o in observers[0].control[presence_start:]):
                        dropped_by = "presence"
                        break
                    drops = node.metric("fanmesh_chat_slow_consumer_drops_total")
                    if drops is not None and drops > (drops_before or 0):
                        dropped_by = "metrics"
                        break
                print(f"posted {len(acks)} messages of {TEXT_BYTES} bytes; drop seen by: {dropped_by}")

                # Whatever happened to the sleeper, the others got every message exactly once, in order.
                tail = [await sender.send(ROOM, f"after {i}") for i in range(5)]
                assert all(t["op"] == "ack" for t in tail), tail
                expected = [a["id"] for a in acks + tail]
                for observer in [*observers, sender]:
                    await observer.wait_msgs(len(expected), timeout=60)
                    got = [m["id"] for m in observer.msgs]
                    first_difference = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), None)
                    assert got == expected, (f"{observer.label}: {len(got)} messages, want {len(expected)}; "
                                             f"first difference at index {first_difference}")
                    assert observer.is_open(), f"{observer.label} was dropped too ({observer.close_code})"

                # The sleeper now reads: what is there ends with the node closing the connection.
                data, ended = await asyncio.to_thread(sleeper.drain, 30)
                frames = parse_frames(data)
                closing = close_frame(frames)
                texts = sum(1 for opcode, _ in frames if opcode in (0x1, 0x0))
                print(f"sleeper: {len(data)} bytes, {texts} data frames, close {closing}, ended by {ended}")
                assert ended in ("eof", "reset"), (
                    f"the node never dropped the sleeper: it still held the connection after {len(acks)} messages "
                    f"(~{len(acks) * TEXT_BYTES // 1024} KiB)")
                if ended == "eof" or closing is not None:
                    assert closing == (1008, "slow consumer"), f"closed with {closing}, want 1008 'slow consumer'"
                got = len(re.findall(rb'"op"\s*:\s*"msg"', data))
                assert got < len(acks) + len(tail), f"the sleeper was sent all {got} messages: it was not dropped"
                return dropped_by
            finally:
                if sleeper is not None:
                    sleeper.close()
                await sender.close()
                for observer in observers:
                    await observer.close()

        run(scenario(), timeout=170)
        assert node.alive()
        drops = node.metric("fanmesh_chat_slow_consumer_drops_total")
        if drops is None:
            print("note: /metrics has no fanmesh_chat_slow_consumer_drops_total")
        else:
            assert drops >= (drops_before or 0) + 1, f"fanmesh_chat_slow_consumer_drops_total is {drops}"
