"""Serving the playground: a listening socket, and a server in a thread for tests.

:func:`bind` opens the socket first, so a port already taken is a one-line error rather
than a server that fails to start; :class:`BackgroundServer` runs uvicorn on a free
127.0.0.1 port in a daemon thread (the browser tests and the benchmark use it).
"""

from __future__ import annotations

import socket
import threading
import time

__all__ = ["WS_MAX_SIZE", "BackgroundServer", "bind", "uvicorn_server"]

WS_MAX_SIZE = 4 * 1024 * 1024  # bytes a WebSocket message may have (uploads are capped lower)


def uvicorn_server(app):
    """The uvicorn server the command line and the tests run ``app`` with."""
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, log_level="warning", ws_max_size=WS_MAX_SIZE))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a clear error if the port is taken."""
    if not 0 <= port <= 65535:
        raise ValueError(f"--port must be in [0, 65535], got {port}")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ValueError(
            f"--host {host} --port {port} cannot be bound ({error.strerror}); "
            "choose another port, or 0 for any free one"
        ) from None
    sock.listen(64)
    return sock


class BackgroundServer:
    """Serve ``app`` with uvicorn on 127.0.0.1 and a free port, in a daemon thread.

    Use as a context manager; ``url`` is the page's address.
    """

    def __init__(self, app):
        self.socket = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/"
        self.server = uvicorn_server(app)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the playground server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.socket.close()
