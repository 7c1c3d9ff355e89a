"""Tokens at the door: missing, forged, expired and malformed tokens get 401 with a JSON reason; good ones get in."""

import asyncio
import subprocess
import time

from chatfan import Fan, hs256_key, jwt_claims, make_jwt, mint_token, refused, run, with_other_key
from chatnode import running_node
from conftest import REPO, fanmesh_binary, http_get, write_topology


def assert_unauthorized(answer, what: str) -> None:
    status, body = answer
    assert status == 401, f"{what}: HTTP {status} {body!r}, want 401"
    assert isinstance(body, dict), f"{what}: the 401 body is not JSON: {body!r}"
    assert body.get("error") == "unauthorized", f"{what}: {body}"
    assert isinstance(body.get("message"), str) and body["message"], f"{what}: no message: {body}"


def test_the_token_cli_mints_a_jwt_with_the_contract_claims(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1})
    before = time.time()
    claims = jwt_claims(mint_token(topology, "mina", ttl=600))
    assert claims["sub"] == "mina"
    assert before + 590 <= claims["exp"] <= time.time() + 610, claims
    assert not claims.get("mod", False)
    moderator = jwt_claims(mint_token(topology, "host", moderator=True, rooms=["stage", "vip"]))
    assert moderator["mod"] is True and moderator["rooms"] == ["stage", "vip"], moderator


def test_bad_tokens_are_refused_with_401_and_the_node_keeps_serving(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1})
    good = mint_token(topology, "mina")
    forged = mint_token(with_other_key(topology, tmp_dir / "forger"), "mina")
    negative = subprocess.run([fanmesh_binary(), "token", "--topology", str(topology), "--user", "old", "--ttl=-60"],
                              cwd=REPO, capture_output=True, text=True, timeout=30)
    # The CLI may refuse a negative ttl; then a 1-second token is expired by the time it is used.
    expired = negative.stdout.strip() if negative.returncode == 0 else mint_token(topology, "old", ttl=1)
    minted_at = time.monotonic()
    key = hs256_key(topology)
    no_exp = make_jwt({"sub": "mina"}, key)
    alg_none = make_jwt({"sub": "mina", "exp": int(time.time()) + 600}, None, alg="none")
    empty_sub = make_jwt({"sub": "", "exp": int(time.time()) + 600}, key)

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-auth-refused.log") as node:

        async def scenario():
            assert_unauthorized(await refused(node.ws_base, None), "no token")
            for token_in in ("header", "query"):
                assert_unauthorized(await refused(node.ws_base, forged, token_in), f"forged token in the {token_in}")
            for bad in ("abc", "a.b.c", "", good[:-4] + "AAAA", good.replace(".", "", 1)):
                assert_unauthorized(await refused(node.ws_base, bad, "query"), f"malformed token {bad!r}")
            assert_unauthorized(await refused(node.ws_base, "a.b.c"), "malformed token in the header")
            assert_unauthorized(await refused(node.ws_base, no_exp), "a token without exp")
            assert_unauthorized(await refused(node.ws_base, alg_none), "an alg:none token")
            assert_unauthorized(await refused(node.ws_base, empty_sub), "a token with an empty sub")
            await asyncio.sleep(max(0.0, 2.2 - (time.monotonic() - minted_at)))
            assert_unauthorized(await refused(node.ws_base, expired), "an expired token")
            # The node still serves: a good token gets in.
            fan = await Fan(node.ws_base, good).connect()
            try:
                assert (await fan.ping())["op"] == "pong"
            finally:
                await fan.close()

        run(scenario(), timeout=90)
        assert node.alive(), "the node died on bad tokens"
        status, body, _ = http_get(f"{node.base}/healthz")
        assert status == 200, body


def test_good_tokens_work_in_header_or_query_and_expiry_closes_the_connection_with_1008(tmp_dir):
    topology = write_topology(tmp_dir, {"seoul": 1})
    good = mint_token(topology, "mina")
    short_lived = mint_token(topology, "brief", ttl=4)

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-auth-good.log") as node:

        async def scenario():
            for token_in in ("header", "query"):
                fan = await Fan(node.ws_base, good, token_in=token_in).connect()
                try:
                    assert (await fan.ping())["op"] == "pong"
                    assert (await fan.join("lobby"))["op"] == "joined"
                    reply = await fan.send("lobby", f"hello via the {token_in}")
                    assert reply["op"] == "ack" and reply["id"].startswith("seoul-1:"), reply
                finally:
                    await fan.close()

            brief = await Fan(node.ws_base, short_lived, label="brief").connect()
            try:
                assert (await brief.join("lobby"))["op"] == "joined"
                code, reason = await brief.wait_closed(timeout=20)
                assert (code, reason) == (1008, "token expired"), f"closed with {code} {reason!r}"
            finally:
                await brief.close()

        run(scenario(), timeout=90)


def test_anonymous_readers_may_read_but_not_post_and_connections_per_address_are_capped(tmp_dir):
    settings = "anonymous_read_only: true\nlimits:\n  max_connections_per_address: 3\n"
    topology = write_topology(tmp_dir, {"seoul": 1}, region_settings=settings)
    good = mint_token(topology, "mina")

    with running_node(topology, "seoul-1", tmp_dir / "seoul-1", "chat-auth-anonymous.log") as node:

        async def scenario():
            reader = await Fan(node.ws_base, None, label="anonymous").connect()
            writer = await Fan(node.ws_base, good, label="mina").connect()
            try:
                assert (await reader.join("stage"))["op"] == "joined"
                assert (await writer.join("stage"))["op"] == "joined"
                denied = await reader.send("stage", "let me talk", nonce="anon-1")
                assert denied.get("op") == "error" and denied.get("code") == "forbidden", denied
                assert denied.get("nonce") == "anon-1", denied
                posted = await writer.send("stage", "hello readers")
                assert posted["op"] == "ack", posted
                await reader.wait_until(lambda: posted["id"] in [m["id"] for m in reader.msgs], 15, "the message")
                # A bad token is still refused: anonymous reading is for connections without one.
                status, body = await refused(node.ws_base, "a.b.c", "query")
                assert status == 401 and body.get("error") == "unauthorized", (status, body)

                third = await Fan(node.ws_base, good, label="third").connect()  # 3 of 3 from 127.0.0.1
                try:
                    status, body = await refused(node.ws_base, good)
                    assert status == 429 and isinstance(body, dict), (status, body)
                    assert body.get("error") == "too_many_connections", body
                finally:
                    await third.close()
            finally:
                await reader.close()
                await writer.close()

        run(scenario(), timeout=90)
