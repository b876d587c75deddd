"""xterm, a terminal that measures emoji sequences its own way (👩‍💻 four cells where Rich counts
two): a team file whose people write emoji, Chinese and combining accents looks the same with
the screen diff on and off, pixel by pixel (but for a glyph's edge reaching into the next
cell: _apart) (issue #30).

xterm runs under Xvfb, keys come by xdotool, the screen is taken by xwd. The two pictures of
each step are kept with the test's files (and, with NEXTGEN_UPDATE_SCREENSHOTS=1, as
docs/xterm-diff-on.png and docs/xterm-diff-off.png for docs/PERFORMANCE.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nextgen_tui.core.instrument import Instrument
from tests.team import team_file
from tests.ui.test_fidelity import PEOPLE

TOOLS = ("Xvfb", "xterm", "xwd", "xdotool", "xwdtopnm", "pnmtopng")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="xterm, Xvfb, xwd, xdotool or netpbm is not installed (.ci/run installs them)",
)
COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
UPDATE = os.environ.get("NEXTGEN_UPDATE_SCREENSHOTS") == "1"
DOCS = Path(__file__).parents[2] / "docs"


@pytest.fixture
def display() -> Iterator[str]:
    """An X server of the test's own (the display number it chose is read once it is ready)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "820x560x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as given:
        number = given.readline().strip()
    assert number, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _picture(display: str) -> bytes:
    """The whole screen, as a PNM image (what each pixel is; nothing of when it was taken)."""
    dump = subprocess.run(
        ["xwd", "-root", "-silent", "-display", display], capture_output=True, check=True
    ).stdout
    return subprocess.run(["xwdtopnm"], input=dump, capture_output=True, check=True).stdout


def _colours(picture: bytes) -> int:
    """How many colours a picture has (every 7th pixel looked at): a blank terminal has two."""
    body = picture[picture.index(b"\n255\n") + 5 :]
    return len({body[at : at + 3] for at in range(0, len(body) - 2, 21)})


def _settled(display: str, before: bytes, timeout: float = 30.0) -> bytes:
    """The screen once it has changed from ``before``, shows the app (its colours: not a blank
    terminal still waiting for the app to start) and then holds still over three looks."""
    deadline = time.monotonic() + timeout
    seen: list[bytes] = []
    while time.monotonic() < deadline:
        time.sleep(0.25)  # (a poll's pace; what is waited for is the condition below)
        now = _picture(display)
        seen = [*seen[-2:], now]
        if len(seen) == 3 and len(set(seen)) == 1 and now != before and _colours(now) > 4:
            return now
    raise AssertionError("the screen did not settle")


def _session(display: str, folder: Path, screen_diff: str) -> list[bytes]:
    """The team file read-only in xterm at 80×24: the first screen, 1.2 (its members' answers
    and names), the consensus view. Returns a picture of each."""
    blank = _picture(display)
    environment = {
        **os.environ,
        "DISPLAY": display,
        "NEXTGEN_TUI_SCREEN_DIFF": screen_diff,
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }
    look = ["-geometry", "80x24+0+0", "-fa", "DejaVu Sans Mono", "-fs", "10", "-bg", "black"]
    xterm = subprocess.Popen(
        ["xterm", *look, "-fg", "white", "-e", COMMAND, "--read-only", "team.toml"],
        cwd=folder,
        env=environment,
    )
    try:
        pictures = [_settled(display, blank)]
        subprocess.run(["xdotool", "mousemove", "400", "200"], env=environment, check=True)
        for key in ("Down", "c"):
            subprocess.run(["xdotool", "key", key], env=environment, check=True)
            pictures.append(_settled(display, pictures[-1]))
        subprocess.run(["xdotool", "key", "Escape"], env=environment, check=True)
        _settled(display, pictures[-1])  # (Esc and q at once would read as alt+q)
        subprocess.run(["xdotool", "key", "q"], env=environment, check=True)
        assert xterm.wait(timeout=30) == 0
    finally:
        if xterm.poll() is None:
            xterm.kill()
            xterm.wait()
    return pictures


def _apart(one: bytes, other: bytes) -> int:
    """How many pixels two PNM pictures of one size differ at, beside another that differs
    on the same row. A glyph reaching a pixel into the next cell (a block, an italic letter)
    blends with what was drawn there before, so a screen drawn cell by cell (the diff) and one
    drawn line by line can differ in a lone column of pixels at a cell's edge: nothing a
    reader sees. Another character or colour differs in pixels side by side."""
    assert len(one) == len(other)
    start = one.index(b"\n255\n") + 5
    width = int(one.split(b"\n")[1].split()[0])
    differing = {(at - start) // 3 for at in range(start, len(one)) if one[at] != other[at]}
    return sum(
        1
        for pixel in differing
        if (pixel + 1 in differing and (pixel + 1) % width)
        or (pixel - 1 in differing and pixel % width)
    )


def _png(pnm: bytes, path: Path) -> None:
    path.write_bytes(subprocess.run(["pnmtopng"], input=pnm, capture_output=True).stdout)


def test_xterm_shows_the_same_with_the_screen_diff_on_and_off(
    display: str, tmp_path: Path, instrument: Instrument
) -> None:
    team_file(instrument, tmp_path, members=PEOPLE)
    on = _session(display, tmp_path, "on")
    off = _session(display, tmp_path, "off")
    for step, (ours, stock) in enumerate(zip(on, off, strict=True)):
        _png(ours, tmp_path / f"diff-on-{step}.png")
        _png(stock, tmp_path / f"diff-off-{step}.png")
    assert len(set(on)) == 3  # each key changed the screen
    for step, (ours, stock) in enumerate(zip(on, off, strict=True)):
        assert not _apart(ours, stock), f"step {step}: the pictures differ ({tmp_path})"
    if UPDATE:
        _png(on[2], DOCS / "xterm-diff-on.png")
        _png(off[2], DOCS / "xterm-diff-off.png")
