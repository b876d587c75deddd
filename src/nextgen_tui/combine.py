"""New answers files from others: a team file merged from members' files, and the next cycle."""

from __future__ import annotations

from typing import NamedTuple

from .assessment import Assessment, Details, Entry, Member, MemberAnswer
from .framework import Framework
from .scoring import compare


def _joined(values: list[str]) -> str:
    distinct = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    return " / ".join(distinct)


class Merged(NamedTuple):
    assessment: Assessment
    #: Statements the members answered differently: the team's answer is left to agree on.
    disputed: int


def merge(framework: Framework, assessments: list[Assessment], names: list[str]) -> Merged:
    """One team file that keeps every voice: per statement, each member's answer and note (by
    their name) and the team's answer, which is theirs where every member who answered gave the
    same one. A member who left a statement blank abstains; where the answers differ the team's
    answer is left open (a dispute, settled in the consensus view). A flag on any member's file
    stays."""
    team = Assessment.new(framework)
    team.details = Details(
        state=_joined([a.details.state for a in assessments]),
        respondent="Team: " + ", ".join(names),
    )
    team.members = [
        Member(name=name, agency=assessment.details.agency)
        for name, assessment in zip(names, assessments, strict=True)
    ]
    disputed = 0
    for row in compare(framework, assessments).statements:
        entries = [a.entry(row.role_id, row.statement_id) for a in assessments]
        members = [
            MemberAnswer(name=name, answer=entry.answer, note=entry.note)
            for name, entry in zip(names, entries, strict=True)
            if entry is not None and (entry.answer is not None or entry.note)
        ]
        given = {member.answer for member in members if member.answer is not None}
        disputed += len(given) > 1
        entry = Entry(
            answer=next(iter(given)) if len(given) == 1 else None,
            flagged=any(entry is not None and entry.flagged for entry in entries),
            members=members,
        )
        if not entry.is_empty:
            team.answers.setdefault(row.role_id, {})[row.statement_id] = entry
    return Merged(team, disputed)


def next_cycle(framework: Framework, last: Assessment) -> Assessment:
    """A new cycle pre-filled from the last: each answer carried and marked "to confirm"; notes
    carried, and from a team file the reasons the team agreed (as notes); follow-up flags kept;
    the members' own answers and notes stay in last cycle's file; dates cleared so the first
    save stamps them anew."""
    assessment = Assessment.new(framework)
    details = last.details
    assessment.details = Details(
        state=details.state, respondent=details.respondent, agency=details.agency
    )
    for role_id, entries in last.answers.items():
        for statement_id, entry in entries.items():
            agreed = f"Agreed last cycle: {entry.rationale}" if entry.rationale else ""
            carried = Entry(
                answer=entry.answer,
                note="\n".join(part for part in (entry.note, agreed) if part),
                flagged=entry.flagged,
                to_confirm=entry.answer is not None,
            )
            if not carried.is_empty:
                assessment.answers.setdefault(role_id, {})[statement_id] = carried
    return assessment
