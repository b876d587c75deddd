"""`nextgen-tui serve --web` in headless Chromium: the page loads, the questionnaire draws in it,
and keys typed into the page answer statements in the file."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nextgen_tui import assessment as answers_file
from nextgen_tui.framework import Framework

from .cdp import RECORD_TERMINAL, Browser, find_chromium
from .sshd import free_port

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="chromium is not installed (.ci/run installs it)"
)


async def wait_for(browser: Browser, expression: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not await browser.evaluate(expression):
        if time.monotonic() > deadline:
            seen = await browser.evaluate("window.__terminal.slice(-600)")
            raise AssertionError(f"not true after {timeout}s: {expression}\n{seen!r}")
        await asyncio.sleep(0.2)


async def test_the_questionnaire_in_a_browser(tmp_path: Path, framework: Framework) -> None:
    answers = tmp_path / "answers.toml"
    answers_file.save(answers, answers_file.Assessment.new(framework), framework)
    port = free_port()
    server = subprocess.Popen(
        [COMMAND, "serve", "--web", "--port", str(port), str(answers)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    browser = Browser()
    try:
        await browser.start()
        await browser.call("Page.enable")
        await browser.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_TERMINAL)
        deadline = time.monotonic() + 20
        while True:  # until the server listens
            try:
                await browser.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                await wait_for(browser, "document.querySelector('.textual-terminal') !== null", 5)
                break
            except (AssertionError, RuntimeError):
                assert time.monotonic() < deadline, "the web server did not answer"
                await asyncio.sleep(0.5)
        # the page's own sign that the terminal got the app's output, and the app's words in it
        await wait_for(browser, "document.body.classList.contains('-first-byte')")
        await wait_for(browser, "window.__terminal.includes('Role 1 of 7')")
        await wait_for(browser, "window.__terminal.includes('State-level actions')")
        await browser.screenshot(tmp_path / "page.png")
        await browser.call(
            "Runtime.evaluate",
            expression="document.querySelector('.xterm-helper-textarea').focus()",
        )
        await browser.press("y")
        await browser.press("n")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            document = answers_file.load(answers, framework)
            if document.answer("shared-vision", "multi-agency-team") == "no":
                break
            await asyncio.sleep(0.2)
        assert document.answer("shared-vision", "common-vision") == "yes"
        assert document.answer("shared-vision", "multi-agency-team") == "no"
        await wait_for(browser, "window.__terminal.includes('2/20 answered')")
    finally:
        await browser.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
