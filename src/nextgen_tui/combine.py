"""New answers files from others: a team file merged from members' files, and the next cycle."""

from __future__ import annotations

from typing import NamedTuple

from .assessment import Assessment, Details, Entry
from .framework import Framework
from .marks import answer_label
from .scoring import compare


def _joined(values: list[str]) -> str:
    distinct = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    return " / ".join(distinct)


class Merged(NamedTuple):
    assessment: Assessment
    #: Statements on which the members' answers differ (left unanswered and flagged).
    differing: int


def merge(framework: Framework, assessments: list[Assessment], names: list[str]) -> Merged:
    """One team assessment: where every input gives the same answer, that answer; where they
    differ, no answer, a follow-up flag and a note saying who answered what. Every input's
    note is kept, headed by its author's name; a flag on any input stays."""
    team = Assessment.new(framework)
    team.details = Details(
        state=_joined([d.details.state for d in assessments]),
        respondent="Team: " + ", ".join(names),
    )
    differing = 0
    for row in compare(framework, assessments).statements:
        entries = [d.entry(row.role_id, row.statement_id) for d in assessments]
        lines = []
        if row.differs:
            differing += 1
            said = "; ".join(
                f"{name}: {answer_label(framework, answer)}"
                for name, answer in zip(names, row.answers, strict=True)
            )
            lines.append(f"Answers differ: {said}")
        for name, entry in zip(names, entries, strict=True):
            if entry is not None and entry.note:
                lines.append(f"{name}: {entry.note}")
        flagged = row.differs or any(entry is not None and entry.flagged for entry in entries)
        entry = Entry(
            answer=None if row.differs else row.answers[0],
            note="\n".join(lines),
            flagged=flagged,
        )
        if not entry.is_empty:
            team.answers.setdefault(row.role_id, {})[row.statement_id] = entry
    return Merged(team, differing)


def next_cycle(framework: Framework, last: Assessment) -> Assessment:
    """A new cycle pre-filled from the last: answers and notes carried, each answer marked
    "to confirm", follow-up flags kept, dates cleared so the first save stamps them anew."""
    assessment = Assessment.new(framework)
    assessment.details = Details(state=last.details.state, respondent=last.details.respondent)
    for role_id, entries in last.answers.items():
        for statement_id, entry in entries.items():
            carried = entry.model_copy(update={"to_confirm": entry.answer is not None})
            assessment.answers.setdefault(role_id, {})[statement_id] = carried
    return assessment
