"""The playground's web app: the page, its assets, and one WebSocket session per page.

Routes: ``GET /`` (the page), ``GET /assets/{name}`` (only the files listed in
:data:`ASSETS`, read from the package: no request names a file on the server) and
``/ws``, the session. On the socket, one task reads the page's messages and answers
each (an ``error`` message for anything malformed or out of range; the session goes on),
while another sends training states: at most one unacknowledged state is in flight, the
page acknowledges each state once drawn (``drawn``), and meanwhile only the newest state
waits (:class:`~reglab.playground.session.Mailbox`). A connection that closes stops its
training; one silent for ``idle_timeout`` seconds is closed.
"""

from __future__ import annotations

import asyncio
import base64
import json
from importlib import resources

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, JSONResponse, Response

from reglab.playground.protocol import LIMITS, ProtocolError, Settings, parse_message
from reglab.playground.session import Session

__all__ = ["ASSETS", "create_app"]

ASSETS = {
    "playground.css": "text/css",
    "playground.js": "text/javascript",
    "draw.js": "text/javascript",
}
IDLE_CLOSE_CODE = 4000
BUSY_CLOSE_CODE = 4001


def _asset(name: str) -> bytes:
    return resources.files("reglab.playground").joinpath("static", name).read_bytes()


def create_app(
    *, idle_timeout: float = 900.0, max_sessions: int = 8, limits: dict = LIMITS
) -> FastAPI:
    """The FastAPI application; ``app.state.sessions`` holds the live sessions.

    Parameters
    ----------
    idle_timeout : float
        Seconds without a message from the page after which its session is closed.
    max_sessions : int
        Pages served at once; a further one is told so and closed.
    """
    app = FastAPI(title="reglab playground", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.sessions = set()
    max_message = 2 * limits["max_upload_bytes"]
    page = _asset("index.html")
    assets = {name: _asset(name) for name in ASSETS}

    @app.get("/")
    def index() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get("/assets/{name}")
    def asset(name: str) -> Response:
        if name not in assets:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return Response(assets[name], media_type=ASSETS[name])

    @app.websocket("/ws")
    async def session_socket(websocket: WebSocket) -> None:
        await websocket.accept()
        if len(app.state.sessions) >= max_sessions:
            await websocket.send_json(
                {"type": "error", "message": f"the playground serves {max_sessions} pages at once"}
            )
            await websocket.close(code=BUSY_CLOSE_CODE)
            return
        connection = _Connection(websocket, limits)
        app.state.sessions.add(connection.session)
        try:
            await connection.serve(idle_timeout, max_message)
        finally:
            app.state.sessions.discard(connection.session)
            connection.session.cancel()  # at once, even if this task is being cancelled
            await asyncio.to_thread(connection.session.close)

    return app


def _call_soon(loop: asyncio.AbstractEventLoop, callback) -> None:
    """``callback`` in the event loop, from the training thread; nothing once the loop closed
    (a run being stopped may finish its epoch after the connection's loop has ended)."""
    try:
        loop.call_soon_threadsafe(callback)
    except RuntimeError:
        pass


class _Connection:
    """One page: its session, the task sending states, and the handling of each message."""

    def __init__(self, websocket: WebSocket, limits: dict):
        self.websocket = websocket
        self.limits = limits
        loop = asyncio.get_running_loop()
        self.state_ready = asyncio.Event()
        self.drawn = asyncio.Event()
        self.drawn.set()
        self.send_lock = asyncio.Lock()
        self.seq = 0
        self.session = Session(lambda: _call_soon(loop, self.state_ready.set), limits)

    async def send(self, message: dict) -> None:
        async with self.send_lock:
            await self.websocket.send_text(json.dumps(message, allow_nan=False))

    async def serve(self, idle_timeout: float, max_message: int) -> None:
        sender = asyncio.create_task(self.send_states())
        defaults = Settings().model_dump()
        await self.send({"type": "hello", "limits": self.limits, "defaults": defaults})
        try:
            while True:
                try:
                    frame = await asyncio.wait_for(self.websocket.receive(), idle_timeout)
                except TimeoutError:
                    await self.send({"type": "error", "message": "closed after being idle"})
                    await self.websocket.close(code=IDLE_CLOSE_CODE)
                    return
                if frame["type"] == "websocket.disconnect":
                    raise WebSocketDisconnect(frame.get("code", 1000), frame.get("reason"))
                if frame.get("text") is None:  # a binary frame: answered, not a crash
                    message = "message must be a text frame of JSON, got a binary frame"
                    await self.send({"type": "error", "message": message})
                    continue
                await self.handle(frame["text"], max_message)
        except WebSocketDisconnect:
            return
        finally:
            sender.cancel()

    async def send_states(self) -> None:
        """Send the newest state whenever the page has drawn the previous one."""
        while True:
            await self.state_ready.wait()
            await self.drawn.wait()
            self.state_ready.clear()
            state = self.session.mailbox.take()
            if state is None:
                continue
            self.seq += 1
            state["seq"] = self.seq
            self.drawn.clear()
            await self.send(state)

    async def handle(self, text: str, max_message: int) -> None:
        """Answer one message. Holding the send lock throughout, so that the reply to a
        ``configure`` or ``reset`` reaches the page before any state of the new run."""
        async with self.send_lock:
            try:
                message = parse_message(text, max_message)
                reply = await self.dispatch(message)
            except (ProtocolError, ValueError) as error:
                reply = {"type": "error", "message": str(error)}
            if reply is not None:
                await self.websocket.send_text(json.dumps(reply, allow_nan=False))

    async def dispatch(self, message) -> dict | None:
        session, kind = self.session, message.type
        if kind == "drawn":
            if message.seq == self.seq:
                self.drawn.set()
            return None
        if kind == "configure":
            return await asyncio.to_thread(session.configure, message.settings)
        if kind == "upload":
            await asyncio.to_thread(session.read_upload, message.name, message.text)
            settings = (session.settings or Settings()).model_copy(
                update={"dataset": "upload"}, deep=True
            )
            return await asyncio.to_thread(session.configure, settings)
        if kind == "download":
            return await self.download(message.what)
        if kind == "set":
            return session.set_hyperparameters(message)
        if kind == "speed":
            session.set_speed(message.speed)
            return None
        if kind == "pause":
            session.pause()
            return None
        return await asyncio.to_thread(getattr(session, kind))  # play, step, reset

    async def download(self, what: str) -> dict:
        if what == "model":
            content = await asyncio.to_thread(self.session.model_file)
            name, mime = "playground-model.npz", "application/octet-stream"
        else:
            content = (await asyncio.to_thread(self.session.history_csv)).encode("utf-8")
            name, mime = "playground-history.csv", "text/csv"
        data = base64.b64encode(content).decode("ascii")
        return {"type": "file", "name": name, "mime": mime, "data": data}
