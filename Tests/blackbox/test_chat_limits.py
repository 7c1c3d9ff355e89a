"""Every limit is answered by its error code (with the send's nonce) and the connection stays up afterwards."""

import pathlib
import tempfile

import pytest

from chatfan import Fan, mint_token, run
from chatnode import running_node
from conftest import write_topology
from rawfan import RawSocketFan, close_frame, parse_frames

SETTINGS = """\
limits:
  max_frame_bytes: 4096
  max_message_bytes: 64
  max_message_graphemes: 40
  rate_messages: 3
  rate_window_seconds: 30
  max_rooms_per_connection: 2
"""


@pytest.fixture(scope="module")
def node():
    with tempfile.TemporaryDirectory(prefix="fanmesh-blackbox-limits-") as directory:
        directory = pathlib.Path(directory)
        topology = write_topology(directory, {"seoul": 1}, region_settings=SETTINGS)
        with running_node(topology, "seoul-1", directory / "seoul-1", "chat-limits.log") as running:
            running.tokens = {}

            def token(user: str, **options) -> str:
                key = (user, tuple(sorted((k, str(v)) for k, v in options.items())))
                if key not in running.tokens:
                    running.tokens[key] = mint_token(topology, user, **options)
                return running.tokens[key]

            running.token = token
            yield running
            assert running.alive(), "the node died during the limit tests"


async def still_up(fan: Fan) -> None:
    assert fan.is_open(), f"{fan.label}: the connection closed ({fan.close_code} {fan.close_reason!r})"
    assert (await fan.ping())["op"] == "pong"


def assert_error(reply: dict, code: str, nonce: str | None = None) -> None:
    assert reply.get("op") == "error" and reply.get("code") == code, f"want error {code}, got {reply}"
    assert isinstance(reply.get("message"), str), reply
    if nonce is not None:
        assert reply.get("nonce") == nonce, f"the error does not echo nonce {nonce!r}: {reply}"


def test_too_long_by_bytes_or_by_characters(node):
    async def scenario():
        fan = await Fan(node.ws_base, node.token("talker"), label="talker").connect()
        try:
            assert (await fan.join("long"))["op"] == "joined"
            assert_error(await fan.send("long", "가" * 22, nonce="bytes-66"), "too_long", "bytes-66")  # 66 bytes
            await still_up(fan)
            assert_error(await fan.send("long", "x" * 41, nonce="chars-41"), "too_long", "chars-41")  # 41 characters
            await still_up(fan)
            assert_error(await fan.send("long", "x" * 65, nonce="both"), "too_long", "both")
            await still_up(fan)
        finally:
            await fan.close()
        # Right at the limits is fine (each from its own user so the rate limit of 3 stays out of the way).
        at_limit = {
            "ascii-40": "x" * 40,                  # 40 bytes, 40 characters
            "hangul-21": "가" * 21,                # 63 bytes, 21 characters
            "accents-21": "e\u0301" * 21,          # 63 bytes, 42 code points but 21 characters as people count
        }
        for index, (nonce, text) in enumerate(at_limit.items()):
            ok = await Fan(node.ws_base, node.token(f"ok-{index}"), label=nonce).connect()
            try:
                assert (await ok.join("long"))["op"] == "joined"
                reply = await ok.send("long", text, nonce=nonce)
                assert reply.get("op") == "ack" and reply.get("nonce") == nonce, f"{nonce}: {reply}"
            finally:
                await ok.close()

    run(scenario(), timeout=90)


def test_rate_limited_on_the_fourth_message_per_user_and_moderators_are_exempt(node):
    async def scenario():
        fan = await Fan(node.ws_base, node.token("chatty"), label="chatty").connect()
        other = await Fan(node.ws_base, node.token("calm"), label="calm").connect()
        mod = await Fan(node.ws_base, node.token("host", moderator=True), label="host").connect()
        try:
            for f in (fan, other, mod):
                assert (await f.join("rate"))["op"] == "joined"
            for i in range(3):
                reply = await fan.send("rate", f"message {i}", nonce=f"r{i}")
                assert reply["op"] == "ack", reply
            assert_error(await fan.send("rate", "message 3", nonce="r3"), "rate_limited", "r3")
            await still_up(fan)
            # The limit is per user: someone else still gets through; a moderator is never limited.
            assert (await other.send("rate", "me too"))["op"] == "ack"
            for i in range(6):
                reply = await mod.send("rate", f"announcement {i}")
                assert reply["op"] == "ack", f"a moderator was limited: {reply}"
        finally:
            for f in (fan, other, mod):
                await f.close()

    run(scenario(), timeout=90)


def test_slow_mode_set_by_a_moderator_and_refused_to_others(node):
    async def scenario():
        mod = await Fan(node.ws_base, node.token("host", moderator=True), label="host").connect()
        fan = await Fan(node.ws_base, node.token("eager"), label="eager").connect()
        try:
            for f in (mod, fan):
                assert (await f.join("slow"))["op"] == "joined"

            start = len(fan.control)
            await fan.send_json({"op": "slow_mode", "room": "slow", "seconds": 30})
            assert_error(await fan.next_error(start), "forbidden")
            await still_up(fan)

            starts = {f: len(f.control) for f in (mod, fan)}
            await mod.send_json({"op": "slow_mode", "room": "slow", "seconds": 30})
            for f in (mod, fan):  # every member is told
                told = await f.wait_for(lambda o: o.get("op") in ("slow_mode", "error"), 15, starts[f], "slow_mode")
                assert told == {**told, "op": "slow_mode", "room": "slow", "seconds": 30}, f"{f.label}: {told}"

            assert (await fan.send("slow", "first", nonce="s1"))["op"] == "ack"
            assert_error(await fan.send("slow", "second", nonce="s2"), "slow_mode", "s2")
            await still_up(fan)
            for i in range(2):  # moderators are exempt
                assert (await mod.send("slow", f"mod {i}"))["op"] == "ack"
        finally:
            await mod.close()
            await fan.close()

    run(scenario(), timeout=90)


def test_forbidden_rooms_outside_the_tokens_list_and_past_the_rooms_per_connection_limit(node):
    async def scenario():
        vip = await Fan(node.ws_base, node.token("vip", rooms=["backstage"]), label="vip").connect()
        roamer = await Fan(node.ws_base, node.token("roamer"), label="roamer").connect()
        try:
            assert_error(await vip.join("general"), "forbidden")
            await still_up(vip)
            assert (await vip.join("backstage"))["op"] == "joined"
            assert (await vip.send("backstage", "hi", nonce="v1"))["op"] == "ack"

            assert (await roamer.join("room-a"))["op"] == "joined"
            assert (await roamer.join("room-b"))["op"] == "joined"
            assert_error(await roamer.join("room-c"), "forbidden")  # max_rooms_per_connection: 2
            await still_up(roamer)
            assert (await roamer.leave("room-a"))["op"] == "left"
            assert (await roamer.join("room-c"))["op"] == "joined"
        finally:
            await vip.close()
            await roamer.close()

    run(scenario(), timeout=90)


def test_bad_requests_get_bad_request_and_the_connection_stays_up(node):
    async def scenario():
        fan = await Fan(node.ws_base, node.token("clumsy"), label="clumsy").connect()
        try:
            # A send to a room not joined echoes the nonce.
            assert_error(await fan.send("nowhere", "hello?", nonce="early"), "bad_request", "early")
            await still_up(fan)
            assert (await fan.join("tidy"))["op"] == "joined"
            assert_error(await fan.send_then_reply_raw('{"op":"send","room":"tidy","nonce":"no-text"}', "no-text"),
                         "bad_request", "no-text")
            await still_up(fan)

            nonce_65 = "n" * 65
            for what, frame in [
                ("malformed JSON", '{"op": "join", "room": '),
                ("not an object", '"join"'),
                ("unknown op", '{"op":"dance","room":"tidy"}'),
                ("no op", '{"room":"tidy"}'),
                ("join without room", '{"op":"join"}'),
                ("room of the wrong type", '{"op":"join","room":5}'),
                ("a bad room name", '{"op":"join","room":"has space"}'),
                ("a 65-character room name", '{"op":"join","room":"' + "r" * 65 + '"}'),
                ("since of the wrong type", '{"op":"join","room":"tidy2","since":"yesterday"}'),
                ("a nonce over 64 bytes", '{"op":"send","room":"tidy","text":"x","nonce":"' + nonce_65 + '"}'),
                ("text of the wrong type", '{"op":"send","room":"tidy","text":7,"nonce":"t7"}'),
                ("a binary frame", b'{"op":"ping"}'),
            ]:
                start = len(fan.control)
                await fan.send_raw(frame)
                error = await fan.next_error(start)
                assert error.get("code") == "bad_request", f"{what}: {error}"
                await still_up(fan)
            # Empty text is not a message either (the contract says "not empty"; no code is named for it).
            empty = await fan.send("tidy", "", nonce="empty")
            assert empty["op"] == "error" and empty.get("nonce") == "empty", empty
            await still_up(fan)
            # After all that, the connection still works for real.
            assert (await fan.send("tidy", "sorry about that", nonce="fine"))["op"] == "ack"
        finally:
            await fan.close()

    run(scenario(), timeout=90)


def test_a_client_may_batch_ops_in_a_json_array(node):
    """[join, send, ping] in one frame: all three are answered, and the send counts as after the join."""

    async def scenario():
        fan = await Fan(node.ws_base, node.token("batcher"), label="batcher").connect()
        try:
            start = len(fan.control)
            await fan.send_then_reply_raw(
                '[{"op":"join","room":"batch"},'
                '{"op":"send","room":"batch","text":"first!","nonce":"b1"},'
                '{"op":"ping"}]',
                "b1")
            joined = await fan.wait_for(lambda o: o.get("op") in ("joined", "error") and "nonce" not in o, 15, start,
                                        "joined")
            await fan.wait_for(lambda o: o.get("op") == "pong", 15, start, "pong")
            ack = await fan.reply("b1")
            assert joined["op"] == "joined", joined
            assert ack["op"] == "ack", f"a send batched right after its join was refused: {ack}"
            # A second message is the barrier (pong is not: messages are batched for a few ms before fan-out).
            barrier = await fan.send("batch", "second")
            assert barrier["op"] == "ack", barrier
            await fan.wait_until(lambda: barrier["id"] in [m["id"] for m in fan.msgs], 15, "the second message")
            seen = [m["id"] for m in joined["history"]] + [m["id"] for m in fan.msgs]
            assert barrier["id"] in seen, f"the second message never arrived: {seen}"
            assert seen.count(ack["id"]) == 1, f"the batched message should reach its sender once: {seen}"
            # The answers need not come in request order (the join reads history first); the messages must.
        finally:
            await fan.close()

    run(scenario(), timeout=60)


VIOLATIONS = {
    "frame over max_frame_bytes": (1009, lambda raw: raw.send_frame(b'{"op":"ping","pad":"' + b"x" * 5000 + b'"}')),
    "text frame not UTF-8": (1007, lambda raw: raw.send_frame(b'{"op":"ping","pad":"\xff\xfe"}')),
    "unmasked frame": (1002, lambda raw: raw.send_frame(b'{"op":"ping"}', masked=False)),
    "reserved opcode": (1002, lambda raw: raw.send_frame(b"", opcode=0x3)),
}


@pytest.mark.parametrize("violation", list(VIOLATIONS))
def test_protocol_violations_close_with_the_contract_codes(node, violation):
    want, violate = VIOLATIONS[violation]
    raw = RawSocketFan(node.host, node.port, node.token("rude"), rcvbuf=1 << 16)
    try:
        violate(raw)
        data, ended = raw.drain(timeout=10)
        closing = close_frame(parse_frames(data))
        assert ended in ("eof", "reset") and closing is not None and closing[0] == want, (
            f"{violation}: want close {want}; got close frame {closing}, connection {ended}, "
            f"other frames {[p[:80] for o, p in parse_frames(data) if o != 0x8][:3]}")
    finally:
        raw.close()
    assert node.alive()
