"""``reglab playground`` on the command line: the extra, the address, the warnings."""

import sys

import pytest

import reglab.playground.server as server_module
from reglab.cli.main import main
from reglab.playground.server import bind


class _Server:
    """Stands in for uvicorn: records what it was asked to serve, serves nothing."""

    def __init__(self, app):
        self.app = app

    def run(self, sockets):
        self.sockets = sockets
        sockets[0].close()


def test_without_the_extra_it_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["playground", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'reglab[playground]'" in err and "missing: uvicorn" in err


def test_it_serves_on_loopback_and_warns_about_other_addresses(monkeypatch, capsys):
    monkeypatch.setattr(server_module, "uvicorn_server", _Server)
    assert main(["playground", "--no-browser", "--port", "0"]) == 0
    err = capsys.readouterr().err
    assert "reglab playground at http://127.0.0.1:" in err and "warning" not in err
    assert main(["playground", "--no-browser", "--port", "0", "--host", "127.0.0.2"]) == 0
    err = capsys.readouterr().err
    assert "warning: serving on 127.0.0.2, reachable from other machines" in err


def test_a_taken_port_is_a_one_line_error(capsys):
    taken = bind("127.0.0.1", 0)
    try:
        port = taken.getsockname()[1]
        assert main(["playground", "--no-browser", "--port", str(port)]) == 2
    finally:
        taken.close()
    assert f"--port {port} cannot be bound" in capsys.readouterr().err


@pytest.mark.parametrize("port", [-1, 70000])
def test_the_port_is_checked(port, capsys):
    assert main(["playground", "--no-browser", "--port", str(port)]) == 2
    assert f"--port must be in [0, 65535], got {port}" in capsys.readouterr().err
