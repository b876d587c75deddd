"""The questionnaire process a served person gets: its command line and its environment.

Both servers start it the same way: in the data folder, on the person's file by its bare name,
with `--served` (no save-as, no screenshots, only the file's name shown), and with an
environment made here rather than inherited, so no secret of the server's reaches it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PASSED_ON = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH")


def questionnaire_command(
    file_name: str, framework: Path | None, *, plain: bool, facilitator: bool = False
) -> list[str]:
    command = [sys.executable, "-m", "nextgen_tui", "--served", file_name]
    if facilitator:
        command.append("--facilitator")
    if framework is not None:
        command += ["--framework", str(framework.absolute())]
    if plain:
        command.append("--plain")
    return command


def child_environment(term: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key in _PASSED_ON}
    if term is not None:
        env["TERM"] = term
    return env
