"""Just enough of Redis's protocol (RESP2) for a suite to look at a cell's database:
one connection, one command at a time, replies as str / int / list / None.

Hand-written rather than redis-py so the suites need nothing beyond the verify venv,
and because a test wants the raw replies (XINFO, XPENDING) as Redis sends them."""

import socket
from typing import Self
from urllib.parse import urlsplit


class RedisError(RuntimeError):
    """An error reply (`-ERR …`, `-NOGROUP …`)."""


class Redis:
    def __init__(self, url: str, timeout: float = 5.0) -> None:
        parts = urlsplit(url)
        self.socket = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=timeout)
        self.file = self.socket.makefile("rb")
        database = (parts.path or "/0").strip("/") or "0"
        assert self.command("SELECT", database) == "OK"

    def close(self) -> None:
        self.file.close()
        self.socket.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def command(self, *args: str | int) -> object:
        return self.pipeline([args])[0]

    def pipeline(self, commands: list[tuple[str | int, ...]]) -> list[object]:
        """Send every command at once, then read every reply (MULTI … EXEC goes through here)."""
        payload = b""
        for args in commands:
            parts = [str(a).encode() for a in args]
            payload += f"*{len(parts)}\r\n".encode() + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)
        self.socket.sendall(payload)
        return [self._reply() for _ in commands]

    def _reply(self) -> object:
        line = self.file.readline().rstrip(b"\r\n")
        if not line:
            raise ConnectionError("Redis closed the connection")
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RedisError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            if length < 0:
                return None
            data = self.file.read(length + 2)[:-2]
            return data.decode(errors="replace")
        if kind == b"*":
            count = int(rest)
            return None if count < 0 else [self._reply() for _ in range(count)]
        raise RedisError(f"unexpected RESP reply {line!r}")


def fields(flat: list[object]) -> dict[str, str]:
    """A stream entry's or an XINFO reply's flat [name, value, …] list as a dict."""
    return {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}  # type: ignore[misc]
