"""Room member counts: `joined.count` and `presence` follow fans joining, leaving and dropping."""

from chatfan import Fan, mint_token, run
from chatnode import running_node
from conftest import write_topology


def presence(room: str, count: int):
    return lambda o: o.get("op") == "presence" and o.get("room") == room and o.get("count") == count


def test_joined_count_and_presence_follow_the_members_on_the_node(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1})
    token = mint_token(topology, "fan")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-presence.log") as node:

        async def scenario():
            a, b, c, elsewhere = (Fan(node.ws_base, token, label=name) for name in ("a", "b", "c", "elsewhere"))
            fans = [a, b, c, elsewhere]
            try:
                for fan in fans:
                    await fan.connect()
                first = await a.join("hall")
                assert first["op"] == "joined" and first["count"] == 1, first
                assert (await elsewhere.join("other-hall"))["count"] == 1  # other rooms do not count

                start = len(a.control)
                assert (await b.join("hall"))["count"] == 2
                assert (await c.join("hall"))["count"] == 3
                await a.wait_for(presence("hall", 3), 10, start, "presence 3")

                start = len(a.control)
                assert (await b.leave("hall"))["op"] == "left"
                await a.wait_for(presence("hall", 2), 10, start, "presence 2 after a leave")

                start = len(a.control)
                c.abort()  # dropped without a goodbye
                await a.wait_for(presence("hall", 1), 20, start, "presence 1 after a dropped connection")

                late = await Fan(node.ws_base, token, label="late").connect()
                fans.append(late)
                assert (await late.join("hall"))["count"] == 2
                assert all(o.get("room") == "other-hall" for o in elsewhere.control if o.get("op") == "presence")
            finally:
                for fan in fans:
                    await fan.close()

        run(scenario(), timeout=90)
