"""A fan on a plain socket that speaks just enough RFC 6455 by hand, and reads only when told to.

The slow-consumer and protocol-violation tests need what a WebSocket library will not do: never read, send unmasked
or invalid frames, and see the bytes the node sent, close frame included.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import socket
import struct
import time


class RawSocketFan:
    def __init__(self, host: str, port: int, token: str | None, rcvbuf: int = 4096, timeout: float = 30.0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connect: fixes the window scale
        self.sock.settimeout(timeout)
        self.sock.connect((host, port))
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n")
        if token is not None:
            request += f"Authorization: Bearer {token}\r\n"
        self.sock.sendall((request + "\r\n").encode())
        response = b""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in response:
            assert time.monotonic() < deadline and len(response) < 65536, f"no upgrade answer: {response!r}"
            chunk = self.sock.recv(4096)
            assert chunk, f"the node closed during the upgrade: {response!r}"
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        self.status_line = head.split(b"\r\n", 1)[0].decode()
        assert " 101 " in self.status_line + " ", f"upgrade refused: {head.decode(errors='replace')}"
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        assert accept in head, f"wrong Sec-WebSocket-Accept: {head!r}"

    def send_frame(self, payload: bytes, opcode: int = 0x1, masked: bool = True, fin: bool = True) -> None:
        header = bytes([(0x80 if fin else 0) | opcode])
        length = len(payload)
        mask_bit = 0x80 if masked else 0
        if length < 126:
            header += bytes([mask_bit | length])
        elif length < 65536:
            header += bytes([mask_bit | 126]) + struct.pack("!H", length)
        else:
            header += bytes([mask_bit | 127]) + struct.pack("!Q", length)
        if masked:
            mask = os.urandom(4)
            payload = mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + payload)

    def send_json(self, obj) -> None:
        self.send_frame(json.dumps(obj).encode())

    def drain(self, timeout: float = 30.0) -> tuple[bytes, str]:
        """Reads until the node ends the connection.

        Returns (every byte after the upgrade answer, how it ended: "eof" | "reset" | "timeout").
        """
        data = bytearray(self.buffer)
        self.buffer = b""
        deadline = time.monotonic() + timeout
        ended = "timeout"
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                break
            except ConnectionResetError:
                ended = "reset"
                break
            if not chunk:
                ended = "eof"
                break
            data += chunk
        return bytes(data), ended

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


def parse_frames(data: bytes) -> list[tuple[int, bytes]]:
    """Server-to-client frames in `data` as (opcode, payload); a cut-off last frame is left out."""
    frames, offset = [], 0
    while offset + 2 <= len(data):
        first, second = data[offset], data[offset + 1]
        length, cursor = second & 0x7F, offset + 2
        if length == 126:
            if cursor + 2 > len(data):
                break
            length = struct.unpack("!H", data[cursor:cursor + 2])[0]
            cursor += 2
        elif length == 127:
            if cursor + 8 > len(data):
                break
            length = struct.unpack("!Q", data[cursor:cursor + 8])[0]
            cursor += 8
        if second & 0x80:
            cursor += 4  # a masked server frame is itself a protocol error; the tests check the payload anyway
        if cursor + length > len(data):
            break
        frames.append((first & 0x0F, data[cursor:cursor + length]))
        offset = cursor + length
    return frames


def close_frame(frames: list[tuple[int, bytes]]) -> tuple[int, str] | None:
    for opcode, payload in frames:
        if opcode == 0x8:
            if len(payload) >= 2:
                return struct.unpack("!H", payload[:2])[0], payload[2:].decode(errors="replace")
            return 1005, ""
    return None
