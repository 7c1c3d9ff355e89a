"""Rejoining with `since` replays exactly what a fan missed; a join without it gets the latest page."""

from chatfan import Fan, mint_token, run
from chatnode import running_node
from conftest import write_topology

SETTINGS = """\
limits:
  rate_messages: 100000
  rate_window_seconds: 1
"""


def test_a_fan_that_drops_and_rejoins_with_since_gets_exactly_what_it_missed(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1}, region_settings=SETTINGS)
    mina = mint_token(topology, "mina")
    host = mint_token(topology, "host")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-recovery.log") as node:

        async def scenario():
            sender = await Fan(node.ws_base, host, label="host").connect()
            fan = await Fan(node.ws_base, mina, label="mina").connect()
            rejoined = None
            try:
                assert (await sender.join("encore"))["op"] == "joined"
                first = await fan.join("encore")
                assert first["op"] == "joined" and first["recovered"] is True and first["history"] == [], first

                before = [await sender.send("encore", f"before {i}") for i in range(5)]
                assert all(a["op"] == "ack" for a in before), before
                await fan.wait_msgs(5)
                seen = fan.msgs[:5]
                assert [m["id"] for m in seen] == [a["id"] for a in before]
                last_seen = seen[-1]["position"]

                fan.abort()  # the phone loses its network: no closing handshake
                await fan.wait_closed(15)

                missed = [await sender.send("encore", f"while away {i}") for i in range(7)]
                assert all(a["op"] == "ack" for a in missed), missed

                rejoined = await Fan(node.ws_base, mina, label="mina-again").connect()
                joined = await rejoined.join("encore", since=last_seen)
                assert joined["op"] == "joined", joined
                assert joined["recovered"] is True, joined
                history_ids = [m["id"] for m in joined["history"]]
                assert history_ids == [a["id"] for a in missed], (
                    f"replay after position {last_seen} should be exactly the 7 missed messages in order; got "
                    f"{[(m['id'], m['text']) for m in joined['history']]}")
                assert [m["text"] for m in joined["history"]] == [f"while away {i}" for i in range(7)]
                assert not set(history_ids) & {m["id"] for m in seen}, "the replay repeats messages already seen"
                positions = [m["position"] for m in joined["history"]]
                assert positions == sorted(positions) and positions[0] > last_seen, positions
                assert joined["position"] == positions[-1], joined

                # Live traffic after the replay: only new messages, each after joined.position.
                after = await sender.send("encore", "after the rejoin")
                assert after["op"] == "ack"
                barrier = await sender.send("encore", "barrier")  # messages arrive in order: nothing hides behind it
                assert barrier["op"] == "ack"
                await rejoined.wait_until(lambda: barrier["id"] in [m["id"] for m in rejoined.msgs], 15, "the barrier")
                assert [m["id"] for m in rejoined.msgs] == [after["id"], barrier["id"]], rejoined.msgs
                assert rejoined.msgs[0]["position"] > joined["position"]

                # Rejoining at the newest position replays nothing.
                third = await Fan(node.ws_base, mina, label="mina-third").connect()
                try:
                    up_to_date = await third.join("encore", since=rejoined.msgs[-1]["position"])
                    assert up_to_date["op"] == "joined" and up_to_date["recovered"] is True, up_to_date
                    assert up_to_date["history"] == [], up_to_date
                finally:
                    await third.close()
            finally:
                await sender.close()
                await fan.close()
                if rejoined is not None:
                    await rejoined.close()

        run(scenario(), timeout=120)


def test_a_join_without_since_gets_the_latest_page_of_50_in_position_order(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1}, region_settings=SETTINGS)
    host = mint_token(topology, "host", moderator=True)
    late = mint_token(topology, "latecomer")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-latest-page.log") as node:

        async def scenario():
            sender = await Fan(node.ws_base, host, label="host").connect()
            fan = Fan(node.ws_base, late, label="latecomer", token_in="query")
            try:
                assert (await sender.join("backlog"))["op"] == "joined"
                nonces = [await sender.post("backlog", f"line {i}") for i in range(60)]
                acks = [await sender.reply(n, timeout=60) for n in nonces]
                assert all(a["op"] == "ack" for a in acks), [a for a in acks if a["op"] != "ack"][:3]

                await fan.connect()
                joined = await fan.join("backlog")
                assert joined["op"] == "joined" and joined["recovered"] is True, joined
                assert [m["text"] for m in joined["history"]] == [f"line {i}" for i in range(10, 60)], (
                    f"want the newest 50 in order; got {[m['text'] for m in joined['history']][:3]}...")
                assert [m["id"] for m in joined["history"]] == [a["id"] for a in acks[10:]]
                assert joined["position"] == joined["history"][-1]["position"]
                for msg in joined["history"]:
                    assert msg.get("op", "msg") == "msg" and msg["room"] == "backlog" and msg["user"] == "host", msg
            finally:
                await sender.close()
                await fan.close()

        run(scenario(), timeout=120)
