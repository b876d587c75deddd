"""`nextgen-tui serve --web`: the questionnaire in a browser, through textual-serve.

textual-serve starts one questionnaire process for each browser tab and relays its terminal to
the page. Here it is guarded, because any web page the person has open could otherwise reach a
server on their machine or network:

- a secret token (printed in the address at start, or read from `--token-file`) is needed before
  anything runs: the address carries it once, the page then keeps it in a cookie that only
  this site's pages send (HttpOnly, SameSite=Strict);
- the Host header must name this server (no DNS rebinding) and the websocket's Origin must be
  this server's own address (no other site's page can open it);
- at most `--max-sessions` processes at once; window sizes are clamped to 500×200; messages
  are small and well-formed or ignored; the log is one line a record;
- at most `MAX_CONNECTIONS` connections at once (`PER_ADDRESS` from one address), the open-file
  limit raised to what the system allows, and a connection that has not sent a whole request
  within `FIRST_REQUEST_SECONDS` closed: idle connections cannot take the server's descriptors.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import shlex
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from ..core.errors import LoadError
from .child import child_environment, questionnaire_command
from .gate import oldest_of_busiest
from .input_guard import InputGuard
from .log import Log
from .ssh import clamp_size, more_descriptors

#: Connections at once, all addresses together and from one (a team behind one address, each
#: browser with its page, scripts and websocket, fits).
MAX_CONNECTIONS, PER_ADDRESS = 512, 256
#: A new connection sends a whole request's head within this, or is closed.
FIRST_REQUEST_SECONDS = 10
#: A connection idle between requests is closed after this.
KEEPALIVE_SECONDS = 15
COOKIE = "nextgen_tui_token"
MAX_MESSAGE = 64 * 1024
TOKEN_BYTES = 24


def read_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(
            path, f"cannot read the token: {getattr(error, 'strerror', error)}"
        ) from None
    if len(token) < 16:
        raise LoadError(path, "the token is shorter than 16 characters")
    return token


class _PersonApp(AppService):
    """textual-serve's process, with an environment made here instead of the server's own."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = {
            key: value
            for key, value in super()._build_environment(width, height).items()
            if key.startswith("TEXTUAL") or key in ("COLUMNS", "ROWS", "TERM_PROGRAM")
        }
        return {**child_environment(None), **environment}


class GuardedServer(Server):
    def __init__(
        self,
        file: Path,
        instrument: Path | None,
        *,
        host: str,
        port: int,
        token: str,
        max_sessions: int,
        public_url: str | None,
        log: Log,
        token_file: Path | None = None,
    ) -> None:
        command = shlex.join(questionnaire_command(str(file.absolute()), instrument, plain=False))
        super().__init__(
            command,
            host=host,
            port=port,
            title="nextgen-tui: State Strategy Self-Assessment",
            public_url=public_url,
        )
        self.token = token
        self.token_file = token_file
        self.max_sessions = max_sessions
        self.open: dict[_Counted, str] = {}  # each connection, by its address; oldest first
        self.log = log
        self.live = 0
        address = urlsplit(self.public_url)
        self.origin = f"{address.scheme}://{address.netloc}"
        self.hosts = {address.netloc.lower(), f"{host}:{port}".lower()}

    # -- textual-serve's hooks --------------------------------------------------------------------

    def initialize_logging(self) -> None:
        wanted = ("",)  # every record of these loggers, one line each, rate-limited
        for name in ("textual-serve", "aiohttp.server", "aiohttp.web", "aiohttp.websocket"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.WARNING)
            logger.propagate = False
            logger.handlers[:] = [self.log.handler(wanted, prefix=None)]

    async def on_startup(self, app: web.Application) -> None:
        asyncio.get_running_loop().set_exception_handler(self.log.loop_exception)

    def _listening(self) -> None:
        """Said once the socket is bound: whoever reads the log may connect from then on."""
        where = (
            f"{self.public_url}/?token=… (the token is in {self.token_file}; keep it secret)"
            if self.token_file is not None
            else f"{self.public_url}/?token={self.token} (open this address; keep it secret)"
        )
        self.log(
            f"listening on {where}; at most {self.max_sessions} sessions",
            kind="listening",
        )

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT or SIGTERM: textual-serve's own, with the connections counted
        and idle ones closed (see the module's notes)."""
        self.debug = debug
        self.initialize_logging()
        more_descriptors()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        runner = web.AppRunner(
            await self._make_app(), handle_signals=False, keepalive_timeout=KEEPALIVE_SECONDS
        )
        await runner.setup()
        handler = runner.server
        assert handler is not None
        try:
            server = await loop.create_server(
                lambda: _Counted(self, handler()), self.host, self.port, backlog=128
            )
        except OSError:
            await runner.cleanup()
            raise
        self._listening()
        try:
            await stop.wait()
        finally:
            server.close()
            await runner.cleanup()

    def admit(self, connection: _Counted, address: str) -> bool:
        """Count a new connection in, or say why not (and it is closed). When all are taken,
        the oldest that has not sent a request yet, of the address holding the most, makes
        room: a flood from many addresses cannot keep a newcomer out."""
        from_there = sum(1 for where in self.open.values() if where == address)
        if from_there >= PER_ADDRESS:
            self.log(
                f"refused a connection from {address}: {from_there} open from there",
                kind="refused connection",
            )
            return False
        if len(self.open) >= MAX_CONNECTIONS:
            waiting = {c: where for c, where in self.open.items() if c.timer is not None}
            if not waiting:
                self.log(
                    f"refused a connection from {address}: {len(self.open)} open",
                    kind="refused connection",
                )
                return False
            oldest = oldest_of_busiest(waiting)
            self.log(
                f"closed a connection from {waiting[oldest]}: {MAX_CONNECTIONS} open, and it "
                "had sent nothing yet",
                kind="evicted",
            )
            oldest.close()
        self.open[connection] = address
        return True

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    # -- the guard --------------------------------------------------------------------------------

    def _has_token(self, request: web.Request) -> bool:
        given = request.cookies.get(COOKIE, "")
        return hmac.compare_digest(given.encode(), self.token.encode())

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        peer = request.remote or "?"
        if request.host.lower() not in self.hosts:
            self.log(
                f"refused a request from {peer} for host {request.host[:60]!r}", kind="refused host"
            )
            raise web.HTTPMisdirectedRequest(text="This server does not answer for that host.\n")
        if request.path.startswith("/static/"):
            return await handler(request)  # textual-serve's own scripts and fonts, public
        if request.path == "/" and "token" in request.query:
            given = request.query.get("token", "")
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                self.log(f"refused a wrong token from {peer}", kind="refused token")
                raise web.HTTPForbidden(text="Wrong or old address: ask for the current one.\n")
            response = web.HTTPFound("/")  # the token leaves the address bar and the history
            response.set_cookie(
                COOKIE,
                self.token,
                httponly=True,
                samesite="Strict",
                path="/",
                secure=self.public_url.startswith("https"),
            )
            raise response
        if not self._has_token(request):
            self.log(f"refused {request.path[:40]!r} from {peer}: no token", kind="refused token")
            raise web.HTTPForbidden(text="Open the address the server printed (with its token).\n")
        if request.path == "/ws" and request.headers.get("Origin") != self.origin:
            origin = request.headers.get("Origin", "none")[:80]
            self.log(
                f"refused a websocket from {peer} with origin {origin!r}", kind="refused origin"
            )
            raise web.HTTPForbidden(text="Wrong origin.\n")
        return await handler(request)

    # -- one person's tab -------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.live >= self.max_sessions:
            self.log(
                f"refused a session from {request.remote}: {self.max_sessions} already open",
                kind="refused session",
            )
            raise web.HTTPServiceUnavailable(text="Too many sessions; try again later.\n")
        width, height = clamp_size(
            _number(request.query.get("width")), _number(request.query.get("height")), (80, 24)
        )
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        service: AppService | None = None
        self.live += 1
        try:
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            service = _PersonApp(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
            self.log(f"session from {request.remote} ({width}×{height})", kind="session")
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one line, never a traceback with locals
            self.log(
                f"session from {request.remote} failed: {type(error).__name__}: {error}",
                kind="session failed",
            )
        finally:
            self.live -= 1
            if service is not None:
                await service.stop()
            self.log(f"closed session from {request.remote}", kind="closed session")
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
        """The page's messages: keys, resizes (clamped), pings, focus. Anything else, or
        anything malformed, is ignored; keys pass the input guard."""
        guard = InputGuard(
            on_notice=lambda what: self.log(f"input of a session: {what}", kind=f"input {what}")
        )
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                keys = guard.feed(data.encode("utf-8", "replace"))
                if keys:
                    await app_service.send_bytes(keys)
            elif kind == "resize" and isinstance(data, dict):
                width, height = clamp_size(
                    _number(data.get("width")), _number(data.get("height")), (80, 24)
                )
                await app_service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", str(data)[:64]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


class _Counted(asyncio.Protocol):
    """One connection: aiohttp's own handler, counted by the server, and closed when it has not
    sent a request's whole head within `FIRST_REQUEST_SECONDS`."""

    def __init__(self, server: GuardedServer, inner: Any) -> None:
        self.server = server
        self.inner = inner
        self.transport: asyncio.Transport | None = None
        self.admitted = False
        self.timer: asyncio.TimerHandle | None = None
        self.head = b""  # the last bytes seen while the first request's head is coming

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername") or ("?", 0)
        if not self.server.admit(self, str(peer[0])):
            transport.abort()
            return
        self.admitted = True
        self.timer = asyncio.get_running_loop().call_later(FIRST_REQUEST_SECONDS, self._idle)
        self.inner.connection_made(transport)

    def _idle(self) -> None:
        self.timer = None
        self.close()

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.server.open.pop(self, None)
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        if self.timer is not None:
            head = self.head + data
            self.head = head[-3:]
            if b"\r\n\r\n" in head:
                self.timer.cancel()
                self.timer = None
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return bool(self.inner.eof_received())

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.server.open.pop(self, None)
        if self.admitted:
            self.inner.connection_lost(exc)


def _number(value: object) -> int:
    try:
        return int(str(value)[:8])
    except ValueError:
        return 0


def run(
    host: str,
    port: int,
    file: Path,
    instrument: Path | None,
    *,
    max_sessions: int,
    token_file: Path | None,
    public_url: str | None,
) -> int:
    token = read_token(token_file) if token_file else secrets.token_urlsafe(TOKEN_BYTES)
    log = Log()
    log.take_over_logging()
    server = GuardedServer(
        file,
        instrument,
        host=host,
        port=port,
        token=token,
        max_sessions=max_sessions,
        public_url=public_url,
        log=log,
        token_file=token_file,
    )
    try:
        server.serve()
    except OSError as error:
        raise LoadError(f"{host}:{port}", f"cannot listen: {error.strerror}") from None
    return 0
