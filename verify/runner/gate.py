"""A TCP gate between one combination and a service the whole run shares.

The run has one redis-server for every cell, so a suite that wants to see its
server survive Redis going away cannot stop Redis without failing the cells
running beside it. Each combination reaches Redis through a gate of its own
instead, which its suite closes and opens by writing `closed` or `open` into
the gate's control file (FOLIO_REDIS_GATE): closed, every connection through it
is cut and each new one is closed as soon as it is accepted, as a Redis that
went down would look; open, it passes bytes both ways untouched.
"""

import socket
import threading
from pathlib import Path

POLL_SECONDS = 0.05


class Gate:
    def __init__(self, upstream: tuple[str, int], control: Path) -> None:
        self.upstream = upstream
        self.control = control
        control.write_text("open\n")
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(target=self._accept, name=f"gate-{self.port}", daemon=True),
            threading.Thread(target=self._watch, name=f"gate-{self.port}-control", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def closed(self) -> bool:
        try:
            return self.control.read_text().strip() == "closed"
        except OSError:
            return False

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # stop() closed the listener
            if self.closed:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(source, target)

    def _drop(self, *sockets: socket.socket) -> None:
        with self._lock:
            for sock in sockets:
                self._sockets.discard(sock)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _watch(self) -> None:
        while not self._stopped.wait(POLL_SECONDS):
            if self.closed:
                with self._lock:
                    cut = list(self._sockets)
                self._drop(*cut)

    def stop(self) -> None:
        self._stopped.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() in the other thread
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            cut = list(self._sockets)
        self._drop(*cut)
