"""Cross-region replication as fans see it: `fanmesh mesh up topology/local.yaml`, fans in every region.

Every region must see every message exactly once, each origin's in order, across partitions, relays and kill -9.
"""

import asyncio
import collections
import json
import os
import re
import signal
import subprocess
import time
import urllib.request

from chatfan import Fan, mint_token, run
from chatnode import Node
from conftest import REPO, Mesh, fanmesh_binary, http_get

TOPOLOGY = REPO / "topology" / "local.yaml"
CLIENTS = {"seoul-1": 7101, "frankfurt-1": 7102, "saopaulo-1": 7103}
ROOM = "show"


def ws(node: str) -> str:
    return f"ws://127.0.0.1:{CLIENTS[node]}"


def metrics(node: str) -> str:
    return http_get(f"http://127.0.0.1:{CLIENTS[node]}/metrics")[1]


def metric(node: str, name: str, **labels) -> float | None:
    for line in metrics(node).splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def history_ids(node: str) -> list[str]:
    """Every message id in the room's history on `node`, in position order (paged through the history API)."""
    ids, since = [], 0
    for _ in range(1000):
        status, body, _ = http_get(f"http://127.0.0.1:{CLIENTS[node]}/api/rooms/{ROOM}/history?since={since}&limit=1000")
        assert status == 200, body
        page = json.loads(body)
        if not page["messages"]:
            return ids
        ids += [message["id"] for message in page["messages"]]
        since = page["messages"][-1]["position"]
    raise AssertionError("history did not end")


def assert_exactly_once_in_origin_order(ids: list[str], expected: set[str], where: str) -> None:
    duplicates = [i for i, count in collections.Counter(ids).items() if count > 1]
    assert not duplicates, f"{where}: delivered twice: {duplicates[:5]}"
    missing = expected - set(ids)
    assert not missing, f"{where}: {len(missing)} missing, e.g. {sorted(missing)[:5]}"
    last = {}
    for message_id in ids:
        origin, sequence = message_id.rsplit(":", 1)
        assert int(sequence) > last.get(origin, 0), f"{where}: {message_id} arrived after {origin}:{last[origin]}"
        last[origin] = int(sequence)


def wan(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([fanmesh_binary(), "wan", *arguments, "--topology", str(TOPOLOGY)],
                          cwd=REPO, capture_output=True, text=True, timeout=30)


def start_local_mesh(tmp_dir, log_name: str) -> Mesh:
    mesh = Mesh("topology/local.yaml", log_name, ["--data-root", str(tmp_dir / "data")])
    mesh.wait_for("all 3 nodes are ready")
    # Paths are chosen once every link has an RTT; wait until each node pulls both other origins.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all(sum(1 for line in metrics(node).splitlines()
                   if line.startswith("fanmesh_replication_path{") and line.endswith(" 1.0")) == 2 for node in CLIENTS):
            return mesh
        time.sleep(0.3)
    raise AssertionError("replication paths were never chosen:\n" + mesh.text()[-3000:])


async def post_from_every_region(topology, count: int, senders: dict) -> set[str]:
    """Each region's sender posts `count` messages concurrently; returns every acked id."""
    async def post_all(fan: Fan, region: str) -> list[str]:
        nonces = [await fan.post(ROOM, f"{region} {index}") for index in range(count)]
        replies = [await fan.reply(nonce, timeout=120) for nonce in nonces]
        assert all(reply["op"] == "ack" for reply in replies), [r for r in replies if r["op"] != "ack"][:3]
        return [reply["id"] for reply in replies]

    acked = await asyncio.gather(*(post_all(fan, region) for region, fan in senders.items()))
    return {message_id for ids in acked for message_id in ids}


async def fans_and_senders_in_every_region() -> tuple[dict, dict]:
    """A reading fan (keeping only ids) and a moderator sender in every region, all joined to the room."""
    fans = {node: Fan(ws(node), mint_token(TOPOLOGY, f"fan-{node}"), keep=lambda m: m["id"]) for node in CLIENTS}
    senders = {node: Fan(ws(node), mint_token(TOPOLOGY, f"sender-{node}", moderator=True)) for node in CLIENTS}
    for fan in [*fans.values(), *senders.values()]:
        await fan.connect()
        await fan.join(ROOM)
    return fans, senders


def test_every_region_gets_every_message_exactly_once_in_origin_order(tmp_dir):
    mesh = start_local_mesh(tmp_dir, "replication-all-regions.log")
    try:
        async def scenario():
            fans, senders = await fans_and_senders_in_every_region()
            acked = await post_from_every_region(TOPOLOGY, 500, senders)
            assert len(acked) == 1500
            for node, fan in fans.items():
                await fan.wait_until(lambda: len(fan.msgs) >= 1500, timeout=120, what=f"1500 messages at {node}")
                await asyncio.sleep(0.5)
                assert_exactly_once_in_origin_order(fan.msgs, acked, f"fan at {node}")
            for node in CLIENTS:
                assert_exactly_once_in_origin_order(history_ids(node), acked, f"history at {node}")
        run(scenario(), timeout=240)
    finally:
        mesh.close()


def test_a_node_killed_under_load_resumes_from_its_version_vector_and_converges(tmp_dir):
    nodes = {node: Node(TOPOLOGY, node, tmp_dir / node, f"replication-kill9-{node}.log") for node in CLIENTS}
    try:
        for node in nodes.values():
            node.start()

        async def post_and_wait(count: int, wait_at: list[str]) -> set[str]:
            senders = {node: Fan(ws(node), mint_token(TOPOLOGY, f"sender-{node}", moderator=True))
                       for node in ("seoul-1", "frankfurt-1")}
            for fan in senders.values():
                await fan.connect()
                await fan.join(ROOM)
            acked = await post_from_every_region(TOPOLOGY, count, senders)
            for fan in senders.values():
                await fan.close()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not all(acked <= set(history_ids(n)) for n in wait_at):
                await asyncio.sleep(0.3)
            return acked

        first = run(post_and_wait(300, list(CLIENTS)), timeout=180)
        received_first = replication_bytes_in("saopaulo-1")
        assert received_first > 0

        nodes["saopaulo-1"].kill9()
        second = run(post_and_wait(100, ["seoul-1", "frankfurt-1"]), timeout=180)
        nodes["saopaulo-1"].start()

        expected = first | second
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not expected <= set(history_ids("saopaulo-1")):
            time.sleep(0.3)
        for node in CLIENTS:
            assert_exactly_once_in_origin_order(history_ids(node), expected, f"history at {node}")
        # Before the kill it pulled 600 messages; after the restart it asks only for the 200 it lacks.
        pulled_after_restart = replication_bytes_in("saopaulo-1")
        assert pulled_after_restart < received_first / 2, (pulled_after_restart, received_first)
    finally:
        for node in nodes.values():
            node.stop()


def replication_bytes_in(node: str) -> float:
    return sum(metric(node, "fanmesh_replication_bytes_total", peer=p, direction="in") or 0
               for p in CLIENTS if p != node)


def current_path(node: str, origin: str) -> str | None:
    for line in metrics(node).splitlines():
        if line.startswith("fanmesh_replication_path{") and f'origin="{origin}"' in line and line.endswith(" 1.0"):
            return re.search(r'via="([^"]+)"', line).group(1)
    return None


def wait(condition, timeout: float, what: str) -> float:
    """Polls `condition` until true; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout} s: {what}")


def test_partitioned_seoul_converges_within_10_s_of_heal_with_nothing_delivered_twice(tmp_dir):
    mesh = start_local_mesh(tmp_dir, "replication-partition.log")
    try:
        async def scenario():
            fans, senders = await fans_and_senders_in_every_region()
            for peer in ("frankfurt", "saopaulo"):
                result = wan("partition", "seoul", peer)
                assert result.returncode == 0, result.stderr
            acked: set[str] = set()
            started = time.monotonic()
            round_number = 0
            while time.monotonic() - started < 20:
                acked |= await post_from_every_region(TOPOLOGY, 10, senders)
                round_number += 1
                await asyncio.sleep(0.5)
            # Seoul is cut off: its messages cannot have reached the others yet, nor theirs Seoul.
            assert not any(i.startswith("seoul-1:") for i in fans["frankfurt-1"].msgs)
            for peer in ("frankfurt", "saopaulo"):
                result = wan("heal", "seoul", peer)
                assert result.returncode == 0, result.stderr
            healed = time.monotonic()
            for node, fan in fans.items():
                await fan.wait_until(lambda: acked <= set(fan.msgs), timeout=10 - (time.monotonic() - healed),
                                     what=f"every message at {node} within 10 s of the heal")
            await asyncio.sleep(1)
            for node, fan in fans.items():
                assert_exactly_once_in_origin_order(fan.msgs, acked, f"fan at {node}")
            return acked

        acked = run(scenario(), timeout=120)
        histories = {node: history_ids(node) for node in CLIENTS}
        for node, ids in histories.items():
            assert_exactly_once_in_origin_order(ids, acked, f"history at {node}")
        assert len({frozenset(ids) for ids in histories.values()}) == 1
    finally:
        mesh.close()


def test_a_cut_direct_link_is_relayed_and_the_path_switches_back_after_heal(tmp_dir):
    mesh = start_local_mesh(tmp_dir, "replication-relay.log")
    try:
        assert current_path("saopaulo-1", "seoul-1") == "seoul-1"
        result = wan("partition", "seoul", "saopaulo")
        assert result.returncode == 0, result.stderr
        wait(lambda: current_path("saopaulo-1", "seoul-1") == "frankfurt-1", 20, "saopaulo pulls seoul via frankfurt")

        async def post_and_receive():
            fan = Fan(ws("saopaulo-1"), mint_token(TOPOLOGY, "fan-sao"), keep=lambda m: m["id"])
            sender = Fan(ws("seoul-1"), mint_token(TOPOLOGY, "sender-seo", moderator=True))
            await fan.connect()
            await fan.join(ROOM)
            await sender.connect()
            await sender.join(ROOM)
            acked = await post_from_every_region(TOPOLOGY, 50, {"seoul-1": sender})
            await fan.wait_until(lambda: acked <= set(fan.msgs), timeout=20, what="seoul's messages at saopaulo")
            assert_exactly_once_in_origin_order(fan.msgs, acked, "fan at saopaulo via the relay")

        run(post_and_receive(), timeout=60)
        result = wan("heal", "seoul", "saopaulo")
        assert result.returncode == 0, result.stderr
        wait(lambda: current_path("saopaulo-1", "seoul-1") == "seoul-1", 30, "saopaulo back on the direct path")
    finally:
        mesh.close()
