"""``reglab playground``: the tutorial as an interactive page in the browser.

Starts a local web app (FastAPI on uvicorn) that trains reglab's networks live and streams
their state to the page over a WebSocket. It binds to 127.0.0.1 unless ``--host`` says
otherwise. Needs the optional extra: ``pip install 'reglab[playground]'``.
"""

from __future__ import annotations

import sys
import threading
import webbrowser

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
INSTALL_HINT = (
    "reglab playground needs FastAPI, uvicorn and websockets: pip install 'reglab[playground]'"
)


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser(
        "playground",
        help=summary,
        description="Serve the tutorial as an interactive page: networks trained live by "
        "reglab's engine, streamed to the browser. Binds to 127.0.0.1 unless --host says "
        "otherwise. Needs the extra: pip install 'reglab[playground]'.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: any free)")
    parser.add_argument(
        "--no-browser", action="store_true", help="print the address instead of opening a browser"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        import uvicorn  # noqa: F401  (each of the extra's packages, checked up front)
        import websockets  # noqa: F401

        from reglab.playground.app import create_app
        from reglab.playground.server import bind, uvicorn_server
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
    server = uvicorn_server(create_app())
    print(f"reglab playground at {url} (Ctrl-C stops it)", file=sys.stderr)
    if not args.no_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])
    return 0
