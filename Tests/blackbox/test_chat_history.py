"""`GET /api/rooms/{room}/history`: the JSON shape, paging by `since` and `limit`, and 400 on bad parameters."""

import json
import time

from chatfan import Fan, mint_token, run
from chatnode import running_node
from conftest import http_get, write_topology

MSG_FIELDS = {"room": str, "id": str, "user": str, "name": str, "text": str, "ts": int, "region": str, "position": int}


def get_json(base: str, path: str) -> tuple[int, dict, dict]:
    status, body, headers = http_get(f"{base}{path}", timeout=15)
    try:
        return status, json.loads(body), headers
    except ValueError:
        raise AssertionError(f"GET {path} answered {status} with a body that is not JSON: {body[:300]!r}") from None


def test_history_shape_paging_and_bad_parameters(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1})
    token = mint_token(topology, "mina")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-history.log") as node:

        async def post_five():
            fan = await Fan(node.ws_base, token, label="mina").connect()
            try:
                assert (await fan.join("hist"))["op"] == "joined"
                return [await fan.send("hist", f"note {i} ✓", nonce=f"h{i}") for i in range(5)]
            finally:
                await fan.close()

        started_ms = time.time() * 1000
        acks = run(post_five(), timeout=60)
        assert all(a["op"] == "ack" for a in acks), acks
        ids = [a["id"] for a in acks]

        status, page, headers = get_json(node.base, "/api/rooms/hist/history")
        assert status == 200, page
        assert headers.get("Content-Type", "").startswith("application/json"), headers
        assert page["room"] == "hist" and page["recovered"] is True, page
        assert [m["id"] for m in page["messages"]] == ids
        assert page["position"] == page["messages"][-1]["position"] == acks[-1]["position"]
        for index, msg in enumerate(page["messages"]):
            for field, kind in MSG_FIELDS.items():
                assert isinstance(msg.get(field), kind), f"field {field!r} missing or not {kind.__name__}: {msg}"
            assert msg.get("op", "msg") == "msg", msg
            want = (f"note {index} ✓", "mina", "mina", "seoul")
            assert (msg["text"], msg["user"], msg["name"], msg["region"]) == want, msg
            assert started_ms - 60_000 <= msg["ts"] <= time.time() * 1000 + 60_000, f"ts is not epoch ms: {msg}"
        positions = [m["position"] for m in page["messages"]]
        assert positions == sorted(set(positions))

        second = positions[1]
        _, after, _ = get_json(node.base, f"/api/rooms/hist/history?since={second}")
        assert [m["id"] for m in after["messages"]] == ids[2:], after
        _, first_two, _ = get_json(node.base, "/api/rooms/hist/history?since=0&limit=2")
        assert [m["id"] for m in first_two["messages"]] == ids[:2], first_two
        _, latest_two, _ = get_json(node.base, "/api/rooms/hist/history?limit=2")
        assert [m["id"] for m in latest_two["messages"]] == ids[3:], latest_two
        _, nothing_new, _ = get_json(node.base, f"/api/rooms/hist/history?since={positions[-1]}")
        assert nothing_new["messages"] == [], nothing_new
        _, limit_1000, _ = get_json(node.base, "/api/rooms/hist/history?since=0&limit=1000")
        assert [m["id"] for m in limit_1000["messages"]] == ids
        status, empty, _ = get_json(node.base, "/api/rooms/never.used_room-1:a/history")
        assert status == 200 and empty["messages"] == [] and empty["room"] == "never.used_room-1:a", empty

        for query in ["/api/rooms/hist/history?limit=0", "/api/rooms/hist/history?limit=1001",
                      "/api/rooms/hist/history?limit=-1", "/api/rooms/hist/history?limit=abc",
                      "/api/rooms/hist/history?limit=1.5", "/api/rooms/hist/history?since=abc",
                      "/api/rooms/hist/history?since=-1",
                      "/api/rooms/bad%20room/history", "/api/rooms/bad!room/history",
                      "/api/rooms/" + "r" * 65 + "/history"]:
            status, body, _ = get_json(node.base, query)
            assert status == 400, f"GET {query} answered {status} {body}, want 400"
            assert body.get("error") == "bad_request" and isinstance(body.get("message"), str), f"{query}: {body}"
        assert node.alive()
