"""``reglab playground``: the tutorial as an interactive page in the browser.

Starts a local web app (FastAPI on uvicorn) that trains reglab's networks live and streams
their state to the page over a WebSocket. It binds to 127.0.0.1 unless ``--host`` says
otherwise. Needs the optional extra: ``pip install 'reglab[playground]'``.
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
INSTALL_HINT = (
    "reglab playground needs FastAPI, uvicorn and websockets: pip install 'reglab[playground]'"
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "playground",
        help="the tutorial as an interactive page: train networks live in the browser",
        description=__doc__.splitlines()[0].split(": ", 1)[1],
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free)")
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address instead of opening a browser"
    )
    parser.set_defaults(run=run)


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


def run(args) -> int:
    try:
        import uvicorn

        from reglab.playground.app import create_app
    except ImportError as error:
        print(f"{INSTALL_HINT} (missing: {error.name})", file=sys.stderr)
        return 2
    if args.host not in LOCAL_HOSTS:
        print(
            f"warning: serving on {args.host}, reachable from other machines; the playground "
            "has no authentication (the default, 127.0.0.1, is reachable from this one only)",
            file=sys.stderr,
        )
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    server = uvicorn.Server(
        uvicorn.Config(create_app(), log_level="warning", ws_max_size=4 * 1024 * 1024)
    )
    print(f"reglab playground at {url} (Ctrl-C stops it)", file=sys.stderr)
    if not args.no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])
    return 0
