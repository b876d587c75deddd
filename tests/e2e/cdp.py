"""Headless Chromium driven over the DevTools protocol (a websocket, through aiohttp)."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1280,800",
]


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page."""

    def __init__(self) -> None:
        self.profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        chromium = find_chromium()
        assert chromium is not None
        self.process = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._ids = itertools.count(1)
        #: Every event the browser sent while a call waited for its answer (Network.*, Page.*).
        self.events: list[dict[str, Any]] = []
        self.session: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None

    async def start(self) -> None:
        assert self.process.stderr is not None
        port = None
        loop = asyncio.get_running_loop()
        while port is None:
            line = await asyncio.wait_for(
                loop.run_in_executor(None, self.process.stderr.readline), 30
            )
            if not line:
                raise RuntimeError("chromium exited before it listened")
            if found := re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line):
                port = int(found.group(1))
        self.session = aiohttp.ClientSession()
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        self.socket = await self.session.ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_msg_size=0
        )

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.socket is not None
        ident = next(self._ids)
        await self.socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads((await self.socket.receive()).data)
            if "method" in message:
                self.events.append(message)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def press(self, key: str) -> None:
        """A key as the page gets it from a person (keydown, char, keyup)."""
        if key == "Escape":
            events = [
                ("rawKeyDown", {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27}),
                ("keyUp", {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27}),
            ]
        else:
            code = ord(key.upper())
            events = [
                ("keyDown", {"key": key, "text": key, "windowsVirtualKeyCode": code}),
                ("keyUp", {"key": key, "windowsVirtualKeyCode": code}),
            ]
        for kind, params in events:
            await self.call("Input.dispatchKeyEvent", type=kind, **params)

    async def screenshot(self, path: Path) -> None:
        import base64

        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.session is not None:
            await self.session.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.profile.cleanup()


# Kept before the page's own scripts: every byte the app sends to the page's terminal, as text.
RECORD_TERMINAL = """
(() => {
  const Original = window.WebSocket;
  const decoder = new TextDecoder();
  window.__terminal = "";
  function Recording(url, protocols) {
    const socket = new Original(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__terminal += decoder.decode(new Uint8Array(event.data), {stream: true});
      }
    });
    return socket;
  }
  Recording.prototype = Original.prototype;
  Object.assign(Recording, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Recording;
})();
"""
