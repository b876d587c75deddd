"""The reports as PDF: the HTML page (:mod:`.as_html`), printed by a Chromium found on the
machine, headless, as its own print dialog would (the page's print stylesheet: each table row
and each role kept on one page where it fits).

Chromium is asked to load only the page written for it, in a profile of its own made for the
one print and removed after, with no network, no extensions and a time limit; a served person is
not offered PDF (it starts a process). Without Chromium the command says so in one line.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import NeedsExtra
from .as_html import render as render_html
from .blocks import Document

#: The longest a print may take before it is given up.
TIMEOUT_SECONDS = 60.0
_FLAGS = [
    "--headless=new",
    "--no-sandbox",  # (as root in a container Chromium has no sandbox to start)
    "--disable-gpu",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=127.0.0.1:9",  # the page is self-contained: nothing may be fetched
    "--no-pdf-header-footer",
]


def chromium() -> str | None:
    """The Chromium (or Chrome) on this machine's PATH, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def render(document: Document) -> bytes:
    browser = chromium()
    if browser is None:
        raise NeedsExtra(
            "PDF is printed by Chromium, and none is installed: apt-get install chromium "
            "(or write --format html and print it from a browser)"
        )
    with tempfile.TemporaryDirectory(prefix="nextgen-pdf-") as folder:
        page = Path(folder, "report.html")
        page.write_text(render_html(document), encoding="utf-8")
        printed = Path(folder, "report.pdf")
        try:
            subprocess.run(
                [
                    browser,
                    *_FLAGS,
                    f"--user-data-dir={Path(folder, 'profile')}",
                    f"--print-to-pdf={printed}",
                    page.as_uri(),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise NeedsExtra(f"Chromium did not print the PDF in {TIMEOUT_SECONDS:g} s") from None
        if not printed.is_file() or not printed.read_bytes().startswith(b"%PDF"):
            raise NeedsExtra("Chromium did not print the PDF (run it by hand to see why)")
        return printed.read_bytes()
