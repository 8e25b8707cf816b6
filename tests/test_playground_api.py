"""The playground's HTTP routes and WebSocket protocol, through FastAPI's test client."""

import json
import time

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from reglab.playground.app import BUSY_CLOSE_CODE, IDLE_CLOSE_CODE, create_app
from reglab.playground.protocol import LIMITS

FAST = {"speed": 0, "epochs": 100_000, "n_samples": 100}


@pytest.fixture
def app():
    return create_app()


def receive(ws, kind, ack=True):
    """Messages until one of type ``kind``; every state on the way is acknowledged."""
    while True:
        message = ws.receive_json()
        if message["type"] == "state" and ack:
            ws.send_json({"type": "drawn", "seq": message["seq"]})
        if message["type"] == kind:
            return message


def trained(ws, run=None):
    """The first state after at least one epoch (of configuration ``run``, when given: a
    state of the run before, taken before a configure, may still arrive after its reply, and
    the page ignores it)."""
    while True:
        state = receive(ws, "state")
        if state["epoch"] > 0 and run in (None, state["run"]):
            return state


def configure(ws, **settings):
    ws.send_json({"type": "configure", "settings": {**FAST, **settings}})
    return receive(ws, "configured")


def test_the_page_and_its_assets_are_served_and_nothing_else(app):
    client = TestClient(app)
    page = client.get("/")
    assert page.status_code == 200 and "reglab playground" in page.text
    assert 'src="assets/playground.js"' in page.text and "http" not in page.text.lower()
    assert client.get("/assets/draw.js").status_code == 200
    for name in ("../app.py", "..%2Fapp.py", "index.html", "%2Fetc%2Fpasswd", "app.py"):
        assert client.get(f"/assets/{name}").status_code == 404
    assert client.get("/static/draw.js").status_code == 404


def test_hello_states_the_limits(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        hello = ws.receive_json()
    assert hello["type"] == "hello" and hello["limits"] == LIMITS
    assert hello["defaults"]["hidden"] == [8, 8]


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("not json", "message must be JSON, got 'not json'"),
        ("[1, 2]", "message must be a JSON object"),
        ('{"kind": "play"}', "message must have a 'type'"),
        ('{"type": "fly"}', "type must be one of 'configure', 'play'"),
        ('{"type": "play", "now": true}', "unknown key 'now'"),
        (
            '{"type": "configure", "settings": {"hidden": [8, 8, 8, 8, 8, 8, 8, 8, 8]}}',
            "settings.hidden must be at most 8 items long, got 9 items",
        ),
        (
            '{"type": "configure", "settings": {"hidden": [300]}}',
            "settings.hidden.0 must be <= 256, got 300",
        ),
        ('{"type": "set", "model": 0, "lam": -1}', "lam must be >= 0.0, got -1"),
        ('{"type": "set", "model": 9, "lam": 1}', "model must be < 4, got 9"),
        ('{"type": "set", "model": 0, "lam": NaN}', "lam: input should be a finite number"),
        ('{"type": "configure", "settings": {"colour": 1}}', "unknown key 'colour'"),
        ('{"type": "download", "what": "/etc/passwd"}', "what: input should be 'model' or"),
        ('{"type": "speed", "speed": -5}', "speed must be >= 0, got -5"),
        ('{"type": "play"}', "the session must be configured first"),
    ],
)
def test_bad_messages_are_answered_and_the_session_goes_on(app, message, error):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        ws.send_text(message)
        reply = receive(ws, "error")
        assert error in reply["message"]
        assert configure(ws)["settings"]["hidden"] == [8, 8]  # still serving


def test_a_binary_frame_is_answered_and_the_session_goes_on(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        ws.send_bytes(b'{"type": "play"}')
        reply = receive(ws, "error")
        assert reply["message"] == "message must be a text frame of JSON, got a binary frame"
        assert configure(ws)["settings"]["hidden"] == [8, 8]  # still serving


def test_a_message_over_the_size_limit_is_refused(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        text = "x" * (2 * LIMITS["max_upload_bytes"] + 1)
        ws.send_text(json.dumps({"type": "upload", "name": "big.csv", "text": text}))
        assert "message must be at most" in receive(ws, "error")["message"]
        ws.send_text(json.dumps({"type": "upload", "name": "big.csv", "text": text[:1_100_000]}))
        assert "big.csv must be at most 1048576 bytes" in receive(ws, "error")["message"]


def test_training_streams_states_with_curves_after_each_acknowledgement(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        configure(ws, epochs=200)
        first = receive(ws, "state")
        assert first["status"] == "ready" and first["epoch"] == 0
        ws.send_json({"type": "play"})
        epochs, last = [], None
        while last is None or last["status"] != "finished":
            last = receive(ws, "state")
            epochs += last["curves"]["epochs"]
        assert epochs == list(range(1, 201))  # no epoch missing from the curves
        model = last["models"][0]
        assert model["dev_loss"] < 0.5 and len(model["surface"]) > 1000
        assert model["verdict"]["kind"]


def test_no_state_is_sent_before_the_previous_one_is_drawn(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        configure(ws)
        state = receive(ws, "state", ack=False)
        ws.send_json({"type": "play"})
        time.sleep(0.5)  # training produces many states meanwhile; none may be sent
        ws.send_json({"type": "configure", "settings": {"colour": 1}})
        assert ws.receive_json()["type"] == "error"  # the next message is the reply, no state
        ws.send_json({"type": "drawn", "seq": state["seq"]})
        newest = receive(ws, "state")
        assert newest["seq"] == state["seq"] + 1 and newest["epoch"] > 10
        assert newest["curves"]["epochs"][0] == 1  # the points of the dropped states came too


def test_one_training_per_connection(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        configure(ws)
        for _ in range(3):
            ws.send_json({"type": "play"})
        trained(ws)
        (session,) = app.state.sessions
        assert session.trainings == 1
        run = configure(ws)["run"]  # a new configuration stops the run before the next one
        ws.send_json({"type": "play"})
        trained(ws, run)
        assert session.trainings == 2


def test_a_closed_connection_stops_its_training(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        configure(ws)
        ws.send_json({"type": "play"})
        trained(ws)
        (session,) = app.state.sessions
        assert session.training
    deadline = time.monotonic() + 30
    while session.training:
        assert time.monotonic() < deadline, "training went on after the page closed"
        time.sleep(0.01)
    assert not app.state.sessions


def test_live_changes_and_downloads(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        configure(ws, epochs=30, models=[{}, {}])
        ws.send_json({"type": "set", "model": 1, "regularization": "L2", "lam": 2.5})
        assert receive(ws, "updated")["label"].startswith("L2 λ=2.5")
        ws.send_json({"type": "play"})
        while receive(ws, "state")["status"] != "finished":
            pass
        ws.send_json({"type": "download", "what": "history"})
        history = receive(ws, "file")
        assert history["name"] == "playground-history.csv"
        ws.send_json({"type": "download", "what": "model"})
        assert receive(ws, "file")["name"] == "playground-model.npz"


def test_upload_then_train(app):
    rows = "\n".join(f"{i % 7},{(i * 3) % 11},{int(i % 7 > 3)}" for i in range(60))
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        ws.send_json({"type": "upload", "name": "mine.csv", "text": "a,b,label\n" + rows})
        reply = receive(ws, "configured")
        assert reply["settings"]["dataset"] == "upload" and reply["data"]["name"] == "mine"
        ws.send_json({"type": "upload", "name": "bad.csv", "text": "a,b,label\n1,x,0\n2,3,1\n"})
        assert "column 'b' of bad.csv must be numeric" in receive(ws, "error")["message"]


def test_idle_sessions_are_closed():
    app = create_app(idle_timeout=0.2)
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        assert receive(ws, "error")["message"] == "closed after being idle"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == IDLE_CLOSE_CODE


def test_sessions_beyond_the_cap_are_turned_away():
    app = create_app(max_sessions=1)
    client = TestClient(app)
    with client.websocket_connect("/ws") as first:
        receive(first, "hello")
        with client.websocket_connect("/ws") as second:
            assert "1 pages at once" in second.receive_json()["message"]
            with pytest.raises(WebSocketDisconnect) as closed:
                second.receive_json()
    assert closed.value.code == BUSY_CLOSE_CODE


def test_play_after_the_last_epoch_starts_a_new_run(app):
    with TestClient(app).websocket_connect("/ws") as ws:
        receive(ws, "hello")
        first_run = configure(ws, epochs=5)["run"]
        ws.send_json({"type": "play"})
        while receive(ws, "state")["status"] != "finished":
            pass
        ws.send_json({"type": "play"})
        assert receive(ws, "reset")["run"] == first_run + 1
        state = trained(ws)
        assert state["run"] == first_run + 1 and state["curves"]["epochs"][0] == 1
