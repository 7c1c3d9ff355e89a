"""Fan-out on one real node: 200 fans in one room, 5 senders posting 200 messages each at once."""

import asyncio
import re
import time

from chatfan import Fan, close_fans, connect_fans, mint_token, run
from chatnode import running_node
from conftest import write_topology

FANS = 200
SENDERS = 5
PER_SENDER = 200
IN_FLIGHT = 32  # sends a sender has out before it waits for acks
ROOM = "stage"
TEXT = re.compile(r"^(sender-\d+) #(\d{4}) .*$")

SETTINGS = """\
limits:
  rate_messages: 100000
  rate_window_seconds: 1
  outbound_budget_bytes: 64MiB
admission:
  sessions_per_second: 100000
"""


def compact(msg: dict) -> tuple:
    return msg["id"], msg["user"], msg["text"], msg["position"], msg["room"]


async def send_all(sender: Fan, user: str) -> dict[str, dict]:
    """Posts PER_SENDER messages in order with up to IN_FLIGHT unanswered; returns nonce -> ack/error."""
    replies: dict[str, dict] = {}
    window = asyncio.Semaphore(IN_FLIGHT)
    waiting = []

    async def collect(nonce: str) -> None:
        try:
            replies[nonce] = await sender.reply(nonce, timeout=90)
        finally:
            window.release()

    for counter in range(PER_SENDER):
        await asyncio.wait_for(window.acquire(), 90)
        nonce = await sender.post(ROOM, f"{user} #{counter:04d} hello from the crowd", nonce=f"{user}-n{counter}")
        waiting.append(asyncio.create_task(collect(nonce)))
    await asyncio.gather(*waiting)
    return replies


def test_200_fans_each_get_every_message_once_in_each_senders_order(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1}, region_settings=SETTINGS)
    fan_token = mint_token(topology, "fan")
    sender_users = [f"sender-{i}" for i in range(1, SENDERS + 1)]
    sender_tokens = {user: mint_token(topology, user) for user in sender_users}
    observer_token = mint_token(topology, "observer")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-fanout.log") as node:

        async def scenario():
            fans = [Fan(node.ws_base, fan_token, label=f"fan{i}", keep=compact) for i in range(FANS)]
            senders = [Fan(node.ws_base, sender_tokens[u], label=u, keep=compact) for u in sender_users]
            everyone = fans + senders
            try:
                await connect_fans(everyone, concurrency=25)
                joins = await asyncio.gather(*(fan.join(ROOM) for fan in everyone))
                refused = [(fan.label, j) for fan, j in zip(everyone, joins) if j.get("op") != "joined"]
                assert not refused, f"joins refused: {refused[:5]}"

                # joined.count is the room's members on this node, the joining fan included.
                observer = Fan(node.ws_base, observer_token, label="observer")
                await observer.connect()
                joined = await observer.join(ROOM)
                members = len(everyone) + 1
                assert joined.get("count") == members, f"joined.count with {members} members: {joined}"
                await observer.close()

                started = time.monotonic()
                results = await asyncio.gather(*(send_all(s, u) for s, u in zip(senders, sender_users)))
                sent_seconds = time.monotonic() - started

                acks: dict[str, dict] = {}  # id -> ack
                for user, replies in zip(sender_users, results):
                    errors = {n: r for n, r in replies.items() if r.get("op") != "ack"}
                    assert not errors, f"{user} got errors instead of acks: {list(errors.items())[:5]}"
                    assert len(replies) == PER_SENDER
                    for reply in replies.values():
                        assert re.fullmatch(r".+:\d+", reply.get("id", "")), f"ack id not ORIGIN:SEQ: {reply}"
                        assert reply["id"] not in acks, f"two acks with one id: {reply}"
                        acks[reply["id"]] = reply
                expected = SENDERS * PER_SENDER
                assert len(acks) == expected

                deadline = time.monotonic() + 120
                while time.monotonic() < deadline and any(len(f.msgs) < expected and not f.closed for f in everyone):
                    await asyncio.sleep(0.25)
                delivered_seconds = time.monotonic() - started
                # One more message as a barrier: it comes after everything else, so a duplicate cannot hide behind it.
                barrier = await senders[0].send(ROOM, "sender-1 #9999 barrier", nonce="barrier")
                assert barrier["op"] == "ack", barrier
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and any(
                        not f.closed and (not f.msgs or f.msgs[-1][0] != barrier["id"]) for f in everyone):
                    await asyncio.sleep(0.1)
                for fan in everyone:
                    if fan.msgs and fan.msgs[-1][0] == barrier["id"]:
                        fan.msgs.pop()

                problems = []
                for fan in everyone:
                    problem = check_fan(fan, acks, sender_users, expected)
                    if problem:
                        problems.append(problem)
                assert not problems, (f"{len(problems)} of {len(everyone)} fans saw something wrong; first ones:\n"
                                      + "\n".join(problems[:8]))
                # Senders' own messages come back to them like to everyone else (checked above), and acks agree.
                print(f"{expected} messages acked in {sent_seconds:.1f} s, delivered to {len(everyone)} fans "
                      f"in {delivered_seconds:.1f} s")
            finally:
                await close_fans(everyone)

        run(scenario(), timeout=170)
        assert node.alive(), "the node died under load"


def check_fan(fan: Fan, acks: dict[str, dict], sender_users: list[str], expected: int) -> str | None:
    if fan.reader_error is not None:
        return f"{fan.label}: unreadable frame: {fan.reader_error!r}"
    ids = [m[0] for m in fan.msgs]
    if fan.closed:
        return f"{fan.label}: connection closed early ({fan.close_code} {fan.close_reason!r}) after {len(ids)} messages"
    if len(ids) != expected or len(set(ids)) != expected:
        return f"{fan.label}: {len(ids)} messages, {len(set(ids))} distinct ids, want {expected} once each"
    if set(ids) != set(acks):
        return f"{fan.label}: ids differ from the acked ids, e.g. {sorted(set(ids) ^ set(acks))[:3]}"
    last_counter = {user: -1 for user in sender_users}
    last_position = None
    for msg_id, user, text, position, room in fan.msgs:
        match = TEXT.match(text)
        if room != ROOM or not match or match.group(1) != user:
            return f"{fan.label}: unexpected message {msg_id} user={user} room={room} text={text!r}"
        counter = int(match.group(2))
        if counter <= last_counter[user]:
            return f"{fan.label}: {user}'s #{counter} arrived after #{last_counter[user]} (out of the sender's order)"
        last_counter[user] = counter
        if acks[msg_id].get("position") is not None and acks[msg_id]["position"] != position:
            return f"{fan.label}: {msg_id} at position {position}, its ack said {acks[msg_id]['position']}"
        if last_position is not None and position <= last_position:
            return f"{fan.label}: position {position} after {last_position}"
        last_position = position
    return None
