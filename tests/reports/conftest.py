"""Fixture answers files: a full one, a partial one, two team members who disagree, two cycles."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument

HOSTILE = (
    "[bold]x[/bold] [@click=app.quit]quit[/] [link=http://e.vil]l[/link] "
    "\x1b[31mred\x1b[0m \x07bell\rback \x9b2J"
)


def write(
    instrument: Instrument,
    path: Path,
    values: list[str | None],
    *,
    respondent: str,
    state: str = "Colorado",
    when: datetime = datetime(2026, 5, 1, 12, 0, tzinfo=UTC),
    notes: dict[int, str] | None = None,
    flags: set[int] | None = None,
) -> Path:
    document = Assessment.new(instrument)
    document.details.state = state
    document.details.respondent = respondent
    for index, ((role, statement), value) in enumerate(
        zip(instrument.statements(), values, strict=False)
    ):
        document.set_answer(role.id, statement.id, value)
        if notes and index in notes:
            document.set_note(role.id, statement.id, notes[index])
        if flags and index in flags:
            document.set_flag(role.id, statement.id, True)
    document.details.created = when
    answers_file.save(path, document, instrument, now=when)
    return path


FULL = ["yes", "yes", "partially", "no", "yes"] + ["yes"] * 3 + ["partially", "no"] + ["yes"] * 10
ANA = ["yes", "partially", "no", None, "yes"] + ["yes"] * 3 + [None] * 12
BEN = ["yes", "yes", "no", "no", "yes"] + ["yes", "no", "yes"] + [None] * 12


@pytest.fixture
def files(instrument: Instrument, tmp_path: Path) -> dict[str, Path]:
    return {
        "full": write(
            instrument,
            tmp_path / "full.toml",
            FULL,
            respondent="Workforce team",
            notes={2: "Commerce only"},
            flags={3},
        ),
        "partial": write(instrument, tmp_path / "partial.toml", ANA[:8], respondent="Partial"),
        "ana": write(
            instrument,
            tmp_path / "ana.toml",
            ANA,
            respondent="Ana",
            notes={1: "Two agencies so far"},
        ),
        "ben": write(
            instrument,
            tmp_path / "ben.toml",
            BEN,
            respondent="Ben",
            notes={1: "All agencies signed"},
            flags={7},
        ),
        "cycle-2026": write(
            instrument,
            tmp_path / "2026.toml",
            FULL,
            respondent="State team",
            when=datetime(2026, 10, 1, tzinfo=UTC),
        ),
        "cycle-2025": write(
            instrument,
            tmp_path / "2025.toml",
            ANA,
            respondent="State team",
            when=datetime(2025, 10, 1, tzinfo=UTC),
        ),
        "hostile": write(
            instrument,
            tmp_path / "hostile.toml",
            ["no"],
            respondent=HOSTILE,
            state=HOSTILE,
            notes={0: HOSTILE},
        ),
    }
