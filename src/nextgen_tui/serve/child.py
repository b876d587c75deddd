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


def questionnaire_arguments(
    file_name: str,
    instrument: Path | None,
    *,
    plain: bool,
    facilitator: bool = False,
    people: dict[str, str] | None = None,
    person: str = "",
) -> list[str]:
    """The ``nextgen-tui`` arguments of a served session (what the warm process runs). A
    facilitator's is told who each file belongs to (``people``: stem → name), so the team file
    names members by who the server knows them as."""
    arguments = ["--served", file_name]
    if person:
        arguments.append(f"--person={person}")
    if facilitator:
        arguments.append("--facilitator")
        for stem, name in sorted((people or {}).items()):
            arguments.append(f"--member={stem}={name}")
    if instrument is not None:
        arguments += ["--instrument", str(instrument.absolute())]
    if plain:
        arguments.append("--plain")
    return arguments


def questionnaire_command(
    file_name: str, instrument: Path | None, *, plain: bool, facilitator: bool = False
) -> list[str]:
    """The same as a command started from nothing."""
    arguments = questionnaire_arguments(file_name, instrument, plain=plain, facilitator=facilitator)
    return [sys.executable, "-m", "nextgen_tui", *arguments]


def child_environment(term: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key in _PASSED_ON}
    if term is not None:
        env["TERM"] = term
    return env
