"""`nextgen-tui serve --web`: the same questionnaire in a browser, through textual-serve.

textual-serve starts one `nextgen-tui FILE` process for each browser tab and relays its
terminal to the page; like `serve --ssh` it listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from .assessment import ANSWERS_FILE_NAME


def command_line(file: Path | None, framework: Path | None) -> str:
    parts = [sys.executable, "-m", "nextgen_tui", str(file or Path(ANSWERS_FILE_NAME))]
    if framework is not None:
        parts += ["--framework", str(framework)]
    return shlex.join(parts)


def run(host: str, port: int, file: Path | None, framework: Path | None) -> int:
    from textual_serve.server import Server

    server = Server(
        command_line(file, framework),
        host=host,
        port=port,
        title="nextgen-tui: State Strategy Self-Assessment",
    )
    server.serve()
    return 0
