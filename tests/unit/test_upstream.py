"""Each place the code reaches inside another package (docs/DEPENDENCIES.md lists them): a test
each that fails by name when the upstream changes, instead of the feature going quietly off.

pyproject.toml bounds these packages below their next minor release; `.ci/run --latest` runs
these tests (and the rest) against the newest versions the ranges allow."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


# -- Textual ------------------------------------------------------------------------------------


def test_textual_stylesheet_parse_cache_and_variables_as_shared_rules_uses_them() -> None:
    """shared_stylesheet.SharedRules stands in for ``Stylesheet._parse_cache`` (read with
    ``[]``, written with ``[]=``, cleared) and keys it with ``Stylesheet._variables``."""
    from textual.cache import LRUCache
    from textual.css.stylesheet import Stylesheet

    from nextgen_tui.tui.shared_stylesheet import SharedRules

    stylesheet = Stylesheet(variables={"primary": "red"})
    assert isinstance(stylesheet._parse_cache, LRUCache), "Stylesheet._parse_cache moved"
    assert stylesheet._variables == {"primary": "red"}, "Stylesheet._variables moved"
    source = inspect.getsource(Stylesheet._parse_rules)
    assert "self._parse_cache[cache_key]" in source, "Stylesheet._parse_rules reads it otherwise"
    assert "self._parse_cache.clear()" in inspect.getsource(Stylesheet.set_variables)

    shared = SharedRules(stylesheet)
    stylesheet._parse_cache = shared  # type: ignore[assignment]
    SharedRules._rules.clear()
    first = stylesheet._parse_rules("Static { color: $primary; }", ("test", ""))
    assert len(SharedRules._rules) == 1, "Textual no longer parses through _parse_cache"
    again = Stylesheet(variables={"primary": "red"})
    again._parse_cache = SharedRules(again)  # type: ignore[assignment]
    assert again._parse_rules("Static { color: $primary; }", ("test", "")) is first


def test_textual_app_installs_the_shared_rules(tmp_path: Path) -> None:
    from nextgen_tui.core.session import open_session
    from nextgen_tui.tui.app import NextGenApp
    from nextgen_tui.tui.shared_stylesheet import SharedRules

    session = open_session(tmp_path / "answers.toml")
    try:
        app = NextGenApp(session)
        assert isinstance(app.stylesheet._parse_cache, SharedRules), "App.stylesheet moved"
    finally:
        session.finish()


def test_textual_screen_on_resize_is_what_steady_size_overrides() -> None:
    """screens/steady.py: SteadySize's ``_on_resize`` runs before Textual's ``Screen._on_resize``
    and prevents it (``prevent_default``) for a size the screen already has."""
    from textual.screen import Screen

    handler = Screen.__dict__.get("_on_resize")
    assert handler is not None, "Screen._on_resize is gone: screens/steady.py overrides nothing"
    assert inspect.iscoroutinefunction(handler)
    assert _parameters(handler) == ["self", "event"]


def test_textual_linux_driver_module_name_switches_the_screen_diff_on() -> None:
    """app.get_driver_class wraps the driver whose module is ``textual.drivers.linux_driver``:
    a rename would send whole frames again, silently."""
    from textual.drivers.linux_driver import LinuxDriver

    from nextgen_tui.tui.app import NextGenApp
    from nextgen_tui.tui.terminal_driver import sending_only_changes

    assert LinuxDriver.__module__ == "textual.drivers.linux_driver"
    assert "textual.drivers.linux_driver" in inspect.getsource(NextGenApp.get_driver_class)
    wrapped = sending_only_changes(LinuxDriver)
    assert issubclass(wrapped, LinuxDriver)
    assert "write" in LinuxDriver.__dict__, "LinuxDriver.write moved: nothing would be diffed"
    assert "_app" in inspect.getsource(LinuxDriver.__mro__[1].__init__), "Driver._app moved"


def test_textual_picks_the_linux_driver_on_a_terminal() -> None:
    """The driver Textual chooses on a Linux terminal (no TEXTUAL_DRIVER) is the one the screen
    diff wraps."""
    code = (
        "import os; os.environ.pop('TEXTUAL_DRIVER', None);"
        "from textual.app import App; print(App().get_driver_class().__module__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    assert out == "textual.drivers.linux_driver"


# -- textual-serve --------------------------------------------------------------------------------


def test_textual_serve_reaches() -> None:
    """serve/web.py: ``AppService._build_environment`` (replaced by our own environment),
    ``Server._make_app`` (the guard added to it), ``Server.handle_websocket`` (ours, routed at
    ``/ws``) and ``_process_messages`` (ours, over AppService's public methods)."""
    pytest.importorskip("textual_serve")
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    assert _parameters(AppService._build_environment) == ["self", "width", "height"]
    assert "TEXTUAL_DRIVER" in inspect.getsource(AppService._build_environment)
    assert inspect.iscoroutinefunction(Server._make_app)
    routes = inspect.getsource(Server._make_app)
    assert '"/ws", self.handle_websocket' in routes, "/ws is no longer Server.handle_websocket"
    assert _parameters(Server.handle_websocket) == ["self", "request"]
    assert _parameters(Server._process_messages)[:3] == ["self", "websocket", "app_service"]
    for name, parameters in {
        "send_bytes": ["self", "data"],
        "set_terminal_size": ["self", "width", "height"],
        "blur": ["self"],
        "focus": ["self"],
        "start": ["self", "width", "height"],
        "stop": ["self"],
    }.items():
        assert _parameters(getattr(AppService, name)) == parameters, f"AppService.{name} changed"
    assert _parameters(AppService.__init__)[:2] == ["self", "command"]
    assert {"write_bytes", "write_str", "close", "download_manager"} <= set(
        _parameters(AppService.__init__)
    )


# -- asyncssh -------------------------------------------------------------------------------------


def test_asyncssh_kex_get_default_kex_algs() -> None:
    """serve/ssh.py leaves ``curve25519-sha256`` out of asyncssh's default key exchanges
    (Dropbear's guessed first packet): the list and that name must both be there."""
    pytest.importorskip("asyncssh")
    from asyncssh.kex import get_default_kex_algs

    algorithms = get_default_kex_algs()
    assert all(isinstance(alg, bytes) for alg in algorithms)
    assert b"curve25519-sha256" in algorithms
    assert b"curve25519-sha256@libssh.org" in algorithms


def test_asyncssh_packet_handlers() -> None:
    """serve/ssh.py meters channel and global requests by wrapping one entry of a connection's
    or channel's ``_packet_handlers`` (a copy, set on the instance): asyncssh must still
    dispatch through ``self._packet_handlers`` with those message numbers."""
    pytest.importorskip("asyncssh")
    from asyncssh.channel import SSHServerChannel
    from asyncssh.connection import SSHServerConnection
    from asyncssh.constants import MSG_CHANNEL_REQUEST, MSG_GLOBAL_REQUEST
    from asyncssh.packet import SSHPacketHandler

    assert "self._packet_handlers[pkttype](self" in inspect.getsource(
        SSHPacketHandler.process_packet
    )
    assert MSG_CHANNEL_REQUEST in SSHServerChannel._packet_handlers
    assert MSG_GLOBAL_REQUEST in SSHServerConnection._packet_handlers
    assert issubclass(SSHServerChannel, SSHPacketHandler)
    assert issubclass(SSHServerConnection, SSHPacketHandler)


def test_textual_serve_serve_and_aiohttp_runner() -> None:
    """serve/web.py's ``GuardedServer.serve`` replaces textual-serve's (to count connections):
    it uses the server's ``host``, ``port``, ``initialize_logging`` and ``_make_app``, and
    aiohttp's ``AppRunner.server``, a factory of one connection's protocol."""
    pytest.importorskip("textual_serve")
    from aiohttp import web
    from textual_serve.server import Server

    server = Server("true", host="127.0.0.1", port=1)
    assert (server.host, server.port) == ("127.0.0.1", 1)
    assert "web.run_app" in inspect.getsource(Server.serve)  # (what ours stands in for)
    assert callable(server.initialize_logging)
    assert isinstance(web.AppRunner.server, property)


# -- pydantic -------------------------------------------------------------------------------------


def test_pydantic_plugin_loader_stand_in() -> None:
    """cli._no_plugins puts a module with ``get_plugins`` in ``pydantic.plugin._loader``'s place:
    pydantic must still import that function from there, and models must still validate."""
    code = (
        "import sys; from nextgen_tui.cli import _no_plugins; _no_plugins();"
        "import pydantic.plugin._schema_validator as v, inspect;"
        "assert 'from ._loader import get_plugins' in inspect.getsource(v), 'moved';"
        "from pydantic import BaseModel\n"
        "class M(BaseModel):\n    x: int\n"
        "assert M(x='1').x == 1;"
        "assert sys.modules['pydantic.plugin._loader'].__doc__.endswith('(nextgen_tui.cli)');"
        "assert 'importlib.metadata' not in sys.modules; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
    from pydantic.plugin import _loader

    assert _parameters(_loader.get_plugins) == []


def test_the_screen_diff_can_be_switched_off(tmp_path: Path, monkeypatch) -> None:
    """--no-screen-diff, or NEXTGEN_TUI_SCREEN_DIFF=off: the terminal's driver as Textual has
    it, whole frames (for a terminal the screen comes out garbled on)."""
    from nextgen_tui import cli

    code = (
        "import os, sys; os.environ.pop('TEXTUAL_DRIVER', None); sys.path.insert(0, 'src');"
        "from nextgen_tui.core.session import open_session;"
        "from nextgen_tui.tui.app import NextGenApp;"
        "s = open_session(__import__('pathlib').Path(sys.argv[1]));"
        "print(NextGenApp(s).get_driver_class().__name__,"
        " NextGenApp(s, screen_diff=False).get_driver_class().__name__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "a.toml")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split()
    assert out == ["ScreenDiffDriver", "LinuxDriver"]
    parse = cli._app_parser().parse_args
    monkeypatch.delenv(cli.SCREEN_DIFF_VARIABLE, raising=False)
    assert cli._screen_diff(parse(["a.toml"])) is True
    assert cli._screen_diff(parse(["--no-screen-diff", "a.toml"])) is False
    monkeypatch.setenv(cli.SCREEN_DIFF_VARIABLE, "off")
    assert cli._screen_diff(parse(["a.toml"])) is False
