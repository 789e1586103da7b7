"""runner/gate.py: a combination's own way to the run's Redis, which its suite can close and open."""

import shutil
import socket
import socketserver
import threading
import time
import unittest
from pathlib import Path
from urllib.parse import urlsplit

from ..catalog import Combination
from ..gate import POLL_SECONDS, Gate
from ..services import Declarations, RunServices
from .support import temporary_directory


class Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(1024):
            self.request.sendall(data)


def _talk(port: int, payload: bytes = b"ping") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
        connection.sendall(payload)
        return _receive(connection)


def _receive(connection: socket.socket) -> bytes:
    """What came back; b"" once the gate cut the connection (an EOF, or a reset when data was unread)."""
    try:
        return connection.recv(1024)
    except ConnectionResetError:
        return b""


def _resp(port: int, database: str, *args: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
        command = [("SELECT", database), args]
        connection.sendall(
            b"".join(f"*{len(c)}\r\n".encode() + b"".join(f"${len(a)}\r\n{a}\r\n".encode() for a in c) for c in command)
        )
        time.sleep(0.1)
        return _receive(connection)


class GateOverEcho(unittest.TestCase):
    def test_open_passes_bytes_closed_cuts_and_refuses_open_again_passes(self) -> None:
        with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo) as echo, temporary_directory() as tmp:
            threading.Thread(target=echo.serve_forever, daemon=True).start()
            gate = Gate(echo.server_address, Path(tmp) / "gate")
            try:
                self.assertEqual(_talk(gate.port), b"ping")
                held = socket.create_connection(("127.0.0.1", gate.port), timeout=2)
                held.sendall(b"a")
                self.assertEqual(held.recv(16), b"a")
                gate.control.write_text("closed\n")
                time.sleep(POLL_SECONDS * 4)
                self.assertEqual(_receive(held), b"", "a connection held through a closed gate stays up")
                held.close()
                self.assertEqual(_talk(gate.port), b"", "a new connection through a closed gate got through")
                gate.control.write_text("open\n")
                self.assertEqual(_talk(gate.port), b"ping")
            finally:
                gate.stop()
                echo.shutdown()
            with self.assertRaises(OSError):
                _talk(gate.port)


@unittest.skipUnless(shutil.which("redis-server"), "needs redis-server")
class GateToRedis(unittest.TestCase):
    def test_each_redis_cell_gets_a_gate_of_its_own(self) -> None:
        run = RunServices(Declarations())
        first = Combination("weather-api", "python", "redis", "github", (), option="cache", services=("redis",))
        second = Combination("weather-api", "go", "redis", "github", (), option="cache", services=("redis",))
        try:
            run.start([first, second], Path("/bin/false"), Path("/tmp"))
            assert run.redis is not None
            env, other = run.env_for(first), run.env_for(second)
            self.assertEqual(run.env_for(first), env, "asking again gives the same gate")
            url, other_url = urlsplit(env["REDIS_URL"]), urlsplit(other["REDIS_URL"])
            self.assertNotEqual(url.port, run.redis.port)
            self.assertNotEqual(url.port, other_url.port)
            self.assertNotEqual(url.path, other_url.path)  # and a database number of its own
            assert url.port is not None and other_url.port is not None
            self.assertIn(b"+PONG", _resp(url.port, url.path.strip("/"), "PING"))
            Path(env["FOLIO_REDIS_GATE"]).write_text("closed\n")
            self.assertEqual(_resp(url.port, url.path.strip("/"), "PING"), b"")
            self.assertIn(b"+PONG", _resp(other_url.port, other_url.path.strip("/"), "PING"))
            Path(env["FOLIO_REDIS_GATE"]).write_text("open\n")
            self.assertIn(b"+PONG", _resp(url.port, url.path.strip("/"), "PING"))
            run.release(first.id)
            with self.assertRaises(OSError):
                _resp(url.port, "0", "PING")
        finally:
            run.stop()


if __name__ == "__main__":
    unittest.main()
