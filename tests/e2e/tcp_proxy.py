"""A TCP forwarder on 127.0.0.1 that a test can cut and restore.

Put between the app and PostgreSQL, it stands in for a database that becomes
unreachable without stopping the machine's shared server: `cut()` resets every
open connection and every new one; `restore()` forwards again. `cut_on(b"...")`
cuts the moment the client sends those bytes (say, the SQL of one INSERT),
before they reach the server: the database goes away mid-transaction.
"""

from __future__ import annotations

import socket
import struct
import threading


def _reset(sock: socket.socket) -> None:
    """Close with an RST (linger 0): the peer sees the connection reset, at once.

    SHUT_RD first wakes a pump thread blocked reading this socket (close alone does not).
    """
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    sock.close()


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)  # the accept loop notices close() this often
        self.port = self.listener.getsockname()[1]
        self.cut_off = threading.Event()
        self.trigger: bytes | None = None
        self.closed = threading.Event()
        self.lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True).start()

    def cut(self) -> None:
        """From now on, every connection (open or new) is reset."""
        self.cut_off.set()
        with self.lock:
            doomed, self.connections = self.connections, set()
        for sock in doomed:
            _reset(sock)

    def cut_on(self, trigger: bytes) -> None:
        """Cut when a client next sends `trigger` (which never reaches the server)."""
        self.trigger = trigger

    def restore(self) -> None:
        self.trigger = None
        self.cut_off.clear()

    def close(self) -> None:
        self.closed.set()
        self.cut()
        self.listener.close()

    def __enter__(self) -> "TcpProxy":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            if self.cut_off.is_set():
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.connections |= {client, upstream}
            for src, dst, outbound in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=(src, dst, outbound), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, outbound: bool) -> None:
        try:
            while data := src.recv(65536):
                if outbound and self.trigger is not None and self.trigger in data:
                    self.cut()
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                self.connections -= {src, dst}
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
