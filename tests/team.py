"""A state team of four for the tests: each member's answers file, and their team file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.combine import merge
from nextgen_tui.core.instrument import Instrument

#: What all four answered, statement by statement (instrument order)...
BASE = [
    *("yes", "partially", "no", "yes", "yes"),  # Shared Vision
    *("yes", "partially", "yes"),  # Joint Communications
    *("no", "yes"),  # Policy Alignment
    *("yes", "partially", "yes"),  # Strategic Use of Funding
    *("no", "yes"),  # Performance Management
    *("yes", "partially"),  # Feedback Loop
    *("yes", "yes", "no"),  # Training & Assistance
]
#: A member: their name, agency, and where they answered otherwise than BASE.
Member = tuple[str, str, dict[int, tuple[str | None, str]]]
#: ...and where each differs: statement index -> (answer, note). Statement 1.2 is disputed
#: Yes against No (widest), 2.3 Yes against Partially, 4.3 Yes against No (one member);
#: Di leaves 1.2 blank.
MEMBERS: list[Member] = [
    (
        "Ana Ruiz",
        "Workforce",
        {1: ("yes", "Two agencies signed the charter in May"), 7: ("yes", "")},
    ),
    (
        "Ben Ode",
        "Economic development",
        {1: ("no", "Only workforce is at the table"), 7: ("partially", "Drafts only")},
    ),
    ("Cy Park", "Education", {1: ("partially", ""), 12: ("no", "No shared data agreement yet")}),
    ("Di Lee", "Governor's office", {1: (None, ""), 12: ("yes", "")}),
]
WHEN = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def member_files(
    instrument: Instrument, folder: Path, members: list[Member] = MEMBERS
) -> list[Path]:
    paths = []
    statements = list(instrument.statements())
    for name, agency, changes in members:
        member = Assessment.new(instrument)
        member.details.state = "Colorado"
        member.details.respondent = name
        member.details.agency = agency
        for index, (role, statement) in enumerate(statements):
            answer, note = changes.get(index, (BASE[index], ""))
            member.set_answer(role.id, statement.id, answer)
            if note:
                member.set_note(role.id, statement.id, note)
        member.details.created = WHEN
        path = folder / f"{name.split()[0].lower()}.toml"
        answers_file.save(path, member, instrument, now=WHEN)
        paths.append(path)
    return paths


def team_file(
    instrument: Instrument,
    folder: Path,
    name: str = "team.toml",
    members: list[Member] = MEMBERS,
) -> Path:
    """Each member's file (``members``: by default the four above) and their team file."""
    files = [
        answers_file.load(path, instrument) for path in member_files(instrument, folder, members)
    ]
    team, _disputed = merge(instrument, files, [m.details.respondent for m in files])
    team.details.created = WHEN
    path = folder / name
    answers_file.save(path, team, instrument, now=WHEN)
    return path
