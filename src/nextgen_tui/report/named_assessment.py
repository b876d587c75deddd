"""An answers file as a report shows it: its assessment, its path and the name it goes by."""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from pathlib import Path
from typing import NamedTuple

from ..core.assessment import Assessment
from ..core.textsafe import printable
from ..core.wording import (
    carried_words,
    when,
)


class NamedAssessment(NamedTuple):
    """An answers file as read, with the name it goes by in reports."""

    path: Path
    assessment: Assessment
    name: str


def names_for(paths: list[Path], assessments: list[Assessment]) -> list[str]:
    """Each file's respondent where those are distinct and given, else its file name."""
    respondents = [printable(d.details.respondent).strip() for d in assessments]
    if all(respondents) and len(set(respondents)) == len(respondents):
        return respondents
    stems = [path.stem for path in paths]
    if len(set(stems)) == len(stems):
        return stems
    return [str(path) for path in paths]


def file_line(name: str, loaded: NamedAssessment) -> str:
    """Who a compared file is: its name, path, state, agency and when it was updated."""
    assessment = loaded.assessment
    details = assessment.details
    agency = f" · {printable(details.agency)}" if details.agency else ""
    team = ""
    if assessment.is_team:
        disputed = sum(
            e.disputed for entries in assessment.answers.values() for e in entries.values()
        )
        team = f" · team of {len(assessment.members)}" + (
            f", {disputed} disputed" if disputed else ""
        )
    carried = f" · {carried_words(assessment.carried)}" if assessment.carried else ""
    return (
        f"{name}: {printable(str(loaded.path))} · {printable(details.state) or '—'}{agency}"
        f"{team} · updated {when(details.updated)}{carried}"
    )
