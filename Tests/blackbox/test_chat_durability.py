"""An ack means durable: kill -9 the node mid-load, restart it on the same data dir, every acked message is there."""

import asyncio
import json
import urllib.parse

from chatfan import Fan, mint_token, run
from chatnode import running_node
from conftest import http_get, write_topology

ROOM = "crash"
SENDERS = 3
IN_FLIGHT = 16
KILL_AFTER_ACKS = 300
SETTINGS = """\
limits:
  rate_messages: 100000
  rate_window_seconds: 1
"""


def full_history(base: str, room: str, page: int = 1000, max_pages: int = 50) -> list[dict]:
    messages, since = [], 0
    for _ in range(max_pages):
        status, body, _ = http_get(f"{base}/api/rooms/{urllib.parse.quote(room)}/history?since={since}&limit={page}",
                                   timeout=30)
        assert status == 200, f"history answered {status}: {body[:500]}"
        batch = json.loads(body)["messages"]
        if not batch:
            return messages
        assert batch[0]["position"] > since, f"history?since={since} starts at position {batch[0]['position']}"
        messages += batch
        since = batch[-1]["position"]
    raise AssertionError(f"history of {room} did not end within {max_pages} pages")


def seq(message_id: str) -> tuple[str, int]:
    origin, number = message_id.rsplit(":", 1)
    return origin, int(number)


def test_every_acked_message_survives_kill_9(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1}, region_settings=SETTINGS)
    tokens = [mint_token(topology, f"writer-{i}") for i in range(SENDERS)]
    data_dir = tmp_dir / "seoul-1"
    acked: dict[str, str] = {}  # id -> text

    with running_node(topology, "seoul-1", data_dir, "chat-durability.log") as node:

        async def load():
            senders = [await Fan(node.ws_base, token, label=f"writer-{i}").connect() for i, token in enumerate(tokens)]
            enough = asyncio.Event()

            async def write(fan: Fan) -> None:
                window = asyncio.Semaphore(IN_FLIGHT)
                pending = []

                async def settle(nonce: str, text: str) -> None:
                    try:
                        reply = await fan.reply(nonce, timeout=30)
                        if reply.get("op") == "ack":
                            acked[reply["id"]] = text
                            if len(acked) >= KILL_AFTER_ACKS:
                                enough.set()
                    except (ConnectionError, AssertionError):
                        pass  # the node died with this one unanswered: it may or may not be stored
                    finally:
                        window.release()

                try:
                    for counter in range(100_000):
                        await asyncio.wait_for(window.acquire(), 30)
                        if fan.closed:
                            break
                        text = f"{fan.label} #{counter}"
                        nonce = await fan.post(ROOM, text)
                        pending.append(asyncio.create_task(settle(nonce, text)))
                except Exception:
                    pass  # the connection went away under us
                await asyncio.gather(*pending, return_exceptions=True)

            try:
                for fan in senders:
                    assert (await fan.join(ROOM))["op"] == "joined"
                writers = [asyncio.create_task(write(fan)) for fan in senders]
                await asyncio.wait_for(enough.wait(), 60)
                node.kill9()  # mid-load: every writer has sends in flight
                killed_with = len(acked)
                await asyncio.wait_for(asyncio.gather(*writers, return_exceptions=True), 60)
                return killed_with
            finally:
                for fan in senders:
                    await fan.close()

        killed_with = run(load(), timeout=120)
        print(f"killed after {killed_with} acks; {len(acked)} acks in all")
        assert len(acked) >= KILL_AFTER_ACKS

        node.start()  # same data dir
        history = full_history(node.base, ROOM)
        ids = [m["id"] for m in history]
        assert len(ids) == len(set(ids)), "the history holds a message twice"
        positions = [m["position"] for m in history]
        assert positions == sorted(set(positions)), "history positions are not strictly increasing"
        lost = sorted(set(acked) - set(ids), key=seq)
        assert not lost, f"{len(lost)} acked messages are gone after kill -9, e.g. {lost[:10]}"
        by_id = {m["id"]: m for m in history}
        wrong = [(i, acked[i], by_id[i]["text"]) for i in acked if by_id[i]["text"] != acked[i]]
        assert not wrong, f"acked messages came back with other text: {wrong[:5]}"
        for writer in range(SENDERS):  # each writer's messages in its order
            counters = [int(m["text"].split("#")[1]) for m in history if m["text"].startswith(f"writer-{writer} #")]
            assert counters == sorted(counters), f"writer-{writer}'s messages are out of order in the history"

        # The restarted node never reuses a sequence number it gave before the crash.
        async def after_restart():
            fan = await Fan(node.ws_base, tokens[0], label="after").connect()
            try:
                assert (await fan.join(ROOM))["op"] == "joined"
                return await fan.send(ROOM, "after the crash")
            finally:
                await fan.close()

        fresh = run(after_restart(), timeout=60)
        assert fresh["op"] == "ack", fresh
        origin, number = seq(fresh["id"])
        before = max(seq(i)[1] for i in ids if seq(i)[0] == origin)
        assert number > before, f"after restart the node gave {fresh['id']}, but seq {before} was already used"
        assert fresh["id"] not in ids
