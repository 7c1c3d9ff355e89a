"""Chat clients for the black-box tests: an asyncio `Fan` over `websockets`, and tokens minted by `fanmesh token`.

Everything talks to 127.0.0.1 only, and every wait has a deadline. `chatnode.Node` runs the node under test;
`rawfan.RawSocketFan` is a fan that never reads.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import pathlib
import subprocess
import time
import urllib.parse

import websockets
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from conftest import REPO, fanmesh_binary

_WEBSOCKETS_MAJOR = int(websockets.__version__.split(".")[0])


# ---------------------------------------------------------------------------------------------------------------------
# Tokens


def hs256_key(topology: pathlib.Path | str) -> str:
    for line in pathlib.Path(topology).read_text().splitlines():
        if line.strip().startswith("hs256_key:"):
            return line.split(":", 1)[1].strip().strip('"').strip("'")
    raise AssertionError(f"{topology} has no auth.hs256_key")


def with_other_key(topology: pathlib.Path, directory: pathlib.Path) -> pathlib.Path:
    """A copy of `topology` (same nodes and region files) whose `auth.hs256_key` differs: tokens it mints are forged."""
    directory.mkdir(parents=True, exist_ok=True)
    key = hs256_key(topology)
    text = topology.read_text().replace(key, "a-different-key-that-no-node-trusts-0123456789")
    for line in topology.read_text().splitlines():
        if line.strip().startswith("settings:"):
            name = line.split(":", 1)[1].strip()
            text = text.replace(f"settings: {name}", f"settings: {topology.parent / name}")
    path = directory / "forger.yaml"
    path.write_text(text)
    return path


def mint_token(topology: pathlib.Path | str, user: str, moderator: bool = False, ttl: int = 3600,
               rooms: list[str] | None = None) -> str:
    """`fanmesh token --topology FILE --user U [--moderator] [--ttl S] [--room R]...`; returns the token."""
    arguments = [fanmesh_binary(), "token", "--topology", str(topology), "--user", user, f"--ttl={ttl}"]
    if moderator:
        arguments.append("--moderator")
    for room in rooms or []:
        arguments += ["--room", room]
    result = subprocess.run(arguments, cwd=REPO, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(arguments[1:])} exited {result.returncode}: {result.stderr.strip()}")
    token = result.stdout.strip()
    assert token.count(".") == 2 and "\n" not in token, f"`fanmesh token` printed more than a token: {result.stdout!r}"
    return token


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(claims: dict, key: str | None, alg: str = "HS256") -> str:
    """A JWT made here, for tokens `fanmesh token` will not make (no `exp`, `alg: none`)."""
    header = _b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = _b64url(json.dumps(claims).encode())
    signing_input = f"{header}.{payload}".encode()
    if alg == "none":
        return f"{header}.{payload}."
    signature = hmac.new(key.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64url(signature)}"


def jwt_claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


# ---------------------------------------------------------------------------------------------------------------------
# The asyncio fan


class Fan:
    """One chat connection.

    A background task reads every frame (a JSON object or an array of them): `msg` objects go to `msgs` (passed
    through `keep` first, to save memory in big tests), everything else to `control`; `ack`/`error` objects with a
    `nonce` also resolve the matching `send`.
    """

    _labels = itertools.count(1)

    def __init__(self, ws_base: str, token: str | None = None, *, token_in: str = "header", label: str | None = None,
                 keep=None):
        self.ws_base, self.token, self.token_in = ws_base, token, token_in
        self.label = label or f"fan{next(self._labels)}"
        self.keep = keep
        self.ws = None
        self.msgs: list = []
        self.control: list[dict] = []
        self.frames = 0
        self.closed = False
        self.close_code: int | None = None
        self.close_reason: str | None = None
        self.reader_error: BaseException | None = None
        self._replies: dict[str, asyncio.Future] = {}
        self._changed: asyncio.Event | None = None
        self._reader: asyncio.Task | None = None
        self._nonces = itertools.count(1)

    def uri(self) -> str:
        uri = f"{self.ws_base}/ws"
        if self.token is not None and self.token_in == "query":
            uri += "?token=" + urllib.parse.quote(self.token, safe="")
        return uri

    def headers(self) -> list[tuple[str, str]]:
        if self.token is not None and self.token_in == "header":
            return [("Authorization", f"Bearer {self.token}")]
        return []

    async def connect(self, timeout: float = 30.0, ssl=None) -> "Fan":
        options = dict(additional_headers=self.headers(), open_timeout=timeout, ping_interval=None, max_size=None,
                       max_queue=None, compression=None, close_timeout=5)
        if ssl is not None:
            options["ssl"] = ssl
        if _WEBSOCKETS_MAJOR >= 15:
            options["proxy"] = None  # never an environment proxy: loopback only
        self.ws = await ws_connect(self.uri(), **options)
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read(), name=f"reader-{self.label}")
        return self

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.frames += 1
                if isinstance(frame, bytes):
                    self.control.append({"op": "<binary frame>", "bytes": len(frame)})
                    continue
                data = json.loads(frame)
                for obj in data if isinstance(data, list) else [data]:
                    if obj.get("op") == "msg":
                        self.msgs.append(self.keep(obj) if self.keep else obj)
                        continue
                    self.control.append(obj)
                    nonce = obj.get("nonce")
                    if obj.get("op") in ("ack", "error") and isinstance(nonce, str):
                        future = self._replies.pop(nonce, None)
                        if future is not None and not future.done():
                            future.set_result(obj)
                self._changed.set()
        except ConnectionClosed:
            pass
        except BaseException as error:  # a bad frame from the node: keep it for the test to report
            self.reader_error = error
        finally:
            self.closed = True
            self.close_code = self.ws.close_code
            self.close_reason = self.ws.close_reason
            for future in self._replies.values():
                if not future.done():
                    future.set_exception(ConnectionError(f"{self.label}: connection closed ({self.close_code})"))
            self._changed.set()

    # -- sending -------------------------------------------------------------------------------------------------------

    async def send_json(self, obj) -> None:
        await self.ws.send(json.dumps(obj))

    async def send_raw(self, data: str | bytes) -> None:
        await self.ws.send(data)

    async def post(self, room: str, text: str, nonce: str | None = None) -> str:
        """Sends a `send` without waiting; returns the nonce to pass to `reply`."""
        nonce = nonce if nonce is not None else f"{self.label}-{next(self._nonces)}"
        self._replies[nonce] = asyncio.get_running_loop().create_future()
        await self.send_json({"op": "send", "room": room, "text": text, "nonce": nonce})
        return nonce

    async def send_then_reply_raw(self, frame: str, nonce: str, timeout: float = 30.0) -> dict:
        """Sends a hand-written frame whose answer carries `nonce`, and waits for that answer."""
        self._replies[nonce] = asyncio.get_running_loop().create_future()
        await self.send_raw(frame)
        return await self.reply(nonce, timeout)

    async def reply(self, nonce: str, timeout: float = 30.0) -> dict:
        future = self._replies.get(nonce)
        if future is None:  # already answered
            for obj in reversed(self.control):
                if obj.get("nonce") == nonce and obj.get("op") in ("ack", "error"):
                    return obj
            raise AssertionError(f"{self.label}: no send with nonce {nonce!r}")
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"{self.label}: no ack or error for nonce {nonce!r} within {timeout} s; "
                                 f"last frames: {self.control[-5:]}") from None

    async def send(self, room: str, text: str, nonce: str | None = None, timeout: float = 30.0) -> dict:
        """`send` and wait for its `ack` or `error` (the object, whichever came)."""
        return await self.reply(await self.post(room, text, nonce), timeout)

    async def join(self, room: str, since: int | None = None, timeout: float = 30.0) -> dict:
        """`join`; returns the `joined` object, or the `error` that answered instead."""
        start = len(self.control)
        request = {"op": "join", "room": room}
        if since is not None:
            request["since"] = since
        await self.send_json(request)
        return await self.wait_for(
            lambda o: (o.get("op") == "joined" and o.get("room") == room)
            or (o.get("op") == "error" and "nonce" not in o),
            timeout, start, f"joined {room}")

    async def leave(self, room: str, timeout: float = 30.0) -> dict:
        start = len(self.control)
        await self.send_json({"op": "leave", "room": room})
        return await self.wait_for(lambda o: o.get("op") in ("left", "error"), timeout, start, f"left {room}")

    async def ping(self, timeout: float = 30.0) -> dict:
        start = len(self.control)
        await self.send_json({"op": "ping"})
        return await self.wait_for(lambda o: o.get("op") == "pong", timeout, start, "pong")

    async def next_error(self, start: int, timeout: float = 30.0) -> dict:
        """The first `error` that arrived after `control[start]`."""
        return await self.wait_for(lambda o: o.get("op") == "error", timeout, start, "an error")

    # -- waiting -------------------------------------------------------------------------------------------------------

    async def wait_for(self, predicate, timeout: float = 30.0, start: int = 0, what: str = "a frame") -> dict:
        deadline = time.monotonic() + timeout
        index = start
        while True:
            while index < len(self.control):
                obj = self.control[index]
                index += 1
                if predicate(obj):
                    return obj
            if self.closed:
                raise AssertionError(f"{self.label}: connection closed ({self.close_code} {self.close_reason!r}) "
                                     f"while waiting for {what}; last frames: {self.control[-5:]}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.label}: no {what} within {timeout} s; last frames: {self.control[-5:]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def wait_until(self, condition, timeout: float = 30.0, what: str = "a condition") -> None:
        """Waits until `condition()` holds; it is checked whenever a frame arrives."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if self.closed or remaining <= 0:
                raise AssertionError(f"{self.label}: no {what} within {timeout} s (closed={self.closed}, "
                                     f"code={self.close_code}); last frames: {self.control[-5:]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def wait_msgs(self, count: int, timeout: float = 30.0) -> list:
        deadline = time.monotonic() + timeout
        while len(self.msgs) < count and not self.closed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        assert len(self.msgs) >= count, (f"{self.label}: {len(self.msgs)} of {count} messages within {timeout} s "
                                         f"(closed={self.closed}, code={self.close_code})")
        return self.msgs

    async def wait_closed(self, timeout: float = 30.0) -> tuple[int | None, str | None]:
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"{self.label}: the node did not close the connection within {timeout} s") from None
        return self.close_code, self.close_reason

    def is_open(self) -> bool:
        return not self.closed

    async def close(self) -> None:
        if self.ws is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(), 10)
        if self._reader is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(self._reader, 10)

    def abort(self) -> None:
        """Drops the TCP connection without a closing handshake, as a phone losing its network does."""
        self.ws.transport.abort()


async def connect_fans(fans: list[Fan], concurrency: int = 25, timeout: float = 60.0) -> list[Fan]:
    gate = asyncio.Semaphore(concurrency)

    async def one(fan: Fan) -> None:
        async with gate:
            await fan.connect(timeout=timeout)

    await asyncio.gather(*(one(fan) for fan in fans))
    return fans


async def close_fans(fans: list[Fan]) -> None:
    await asyncio.gather(*(fan.close() for fan in fans), return_exceptions=True)


async def refused(ws_base: str, token: str | None, token_in: str = "header") -> tuple[int, dict | str]:
    """Tries the upgrade and expects a refusal: returns (HTTP status, JSON body or the raw body if not JSON)."""
    fan = Fan(ws_base, token, token_in=token_in)
    options = dict(additional_headers=fan.headers(), open_timeout=15, ping_interval=None, compression=None)
    if _WEBSOCKETS_MAJOR >= 15:
        options["proxy"] = None
    try:
        ws = await ws_connect(fan.uri(), **options)
    except TimeoutError:
        raise AssertionError(f"the node neither refused nor accepted the upgrade (token {token!r} in the {token_in}) "
                             "within 15 s: no HTTP answer at all") from None
    except InvalidStatus as error:
        body = (error.response.body or b"").decode(errors="replace")
        try:
            return error.response.status_code, json.loads(body)
        except ValueError:
            return error.response.status_code, body
    await ws.close()
    raise AssertionError(f"the node accepted a WebSocket with token {token!r} ({token_in})")


def run(coroutine, timeout: float = 150.0):
    """Runs one test's async body with an overall deadline (no pytest plugin needed)."""

    async def bounded():
        return await asyncio.wait_for(coroutine, timeout)

    return asyncio.run(bounded())
