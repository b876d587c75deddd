"""New answers files from others: a team file merged from members' files, and the next cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import answers_file
from .answers_file import RECOVERY_MARK
from .assessment import Assessment, Details, Entry, Member, MemberAnswer
from .errors import LoadError
from .instrument import Instrument
from .scoring import compare
from .storage import toml_files
from .wording import answer_text


def _joined(values: list[str]) -> str:
    distinct = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    return " / ".join(distinct)


class Merged(NamedTuple):
    assessment: Assessment
    #: Statements the members answered differently: the team's answer is left to agree on.
    disputed: int


def not_a_member(instrument: Instrument, assessment: Assessment, state: str) -> str | None:
    """Why ``assessment`` cannot be one member's answers in a team of ``state`` (None: it can):
    a member is one person's own answers to this instrument, for this state."""
    if assessment.is_team:
        return "a team file (a team's answers, or a later cycle of them), not one person's"
    if assessment.instrument != instrument.id:
        return f"answers to another instrument ({assessment.instrument})"
    own = assessment.details.state.strip()
    if state and own and own.casefold() != state.casefold():
        return f"answers for another state ({own}, not {state})"
    return None


def team_state(assessments: list[Assessment]) -> str:
    """The state most members' files name (none named: "")."""
    states = [a.details.state.strip() for a in assessments if a.details.state.strip()]
    return (
        max(states, key=lambda s: sum(o.casefold() == s.casefold() for o in states))
        if states
        else ""
    )


def member_names(stems: list[str], respondents: list[str]) -> list[str]:
    """Each member's name: their respondent (their file's name when they gave none); two who
    gave the same one are told apart by their files' names, never renamed alike."""
    names = [respondent or stem for respondent, stem in zip(respondents, stems, strict=True)]
    keys = [name.casefold() for name in names]
    return [
        f"{name} ({stem})" if keys.count(key) > 1 else name
        for name, stem, key in zip(names, stems, keys, strict=True)
    ]


def merge(instrument: Instrument, assessments: list[Assessment], names: list[str]) -> Merged:
    """One team file that keeps every voice: per statement, each member's answer and note (by
    their name) and the team's answer, which is theirs where every member who answered gave the
    same one. A member who left a statement blank abstains; where the answers differ the team's
    answer is left open (a dispute, settled in the consensus view). A flag on any member's file
    stays."""
    team = Assessment.new(instrument)
    team.details = Details(
        state=_joined([a.details.state for a in assessments]),
        respondent="Team: " + ", ".join(names),
    )
    team.members = [
        Member(name=name, agency=assessment.details.agency)
        for name, assessment in zip(names, assessments, strict=True)
    ]
    disputed = 0
    for row in compare(instrument, assessments).statements:
        entries = [a.entry(row.role_id, row.statement_id) for a in assessments]
        members = [
            MemberAnswer(name=name, answer=entry.answer, note=entry.note, **entry.typed)
            for name, entry in zip(names, entries, strict=True)
            if entry is not None and (entry.has_answer or entry.note)
        ]
        given = {member.answer for member in members if member.answer is not None}
        entry = Entry(
            answer=next(iter(given)) if len(given) == 1 else None,
            flagged=any(entry is not None and entry.flagged for entry in entries),
            members=members,
            **_team_typed(members),
        )
        disputed += entry.was_disputed
        if not entry.is_empty:
            team.answers.setdefault(row.role_id, {})[row.statement_id] = entry
    return Merged(team, disputed)


def _team_typed(members: list[MemberAnswer]) -> dict[str, Any]:
    """The team's answer to a question of another type than the scale, from its members':
    theirs where all who answered gave the same; a group's items, every distinct one, in the
    order the members gave them. Free text that differs is left for the team to compose from
    everyone's (each kept under their name), and differing choices, numbers or dates are a
    dispute: either way the team's answer is left open."""
    answered = [member for member in members if member.has_answer and member.answer is None]
    if not answered:
        return {}
    if all(member.items for member in answered):
        items: list[dict[str, Any]] = []
        for member in answered:
            items += [item for item in member.items if item not in items]
        return {"items": items}
    if any(member.text for member in answered):
        first = answered[0].typed
        return first if all(member.typed == first for member in answered) else {}
    if len({member.comparable for member in answered}) > 1:
        return {}
    # the same value; a number's as-of date may differ: the latest one says the most
    latest = max(answered, key=lambda member: member.as_of or dt.date.min)
    return latest.typed


def keep_agreements(team: Assessment, previous: Assessment) -> int:
    """A team file built again from its members' files keeps what the team already agreed: a
    statement still disputed takes the earlier agreement (answer, reason, when) where the members
    gave the same answers as when it was made; the team's targets, actions, ticked examples and
    notes are kept as they were. How many agreements were kept."""
    team.targets = dict(previous.targets)
    for role_id, entries in previous.answers.items():
        for statement_id, planned in entries.items():
            if planned.actions or planned.in_place or planned.note:
                current = team.entry(role_id, statement_id) or Entry()
                team.answers.setdefault(role_id, {})[statement_id] = current.model_copy(
                    update={
                        "actions": planned.actions,
                        "in_place": planned.in_place,
                        "note": planned.note,
                    }
                )
    kept = 0
    for role_id, entries in team.answers.items():
        for statement_id, entry in entries.items():
            before = previous.entry(role_id, statement_id)
            if not entry.disputed or before is None or before.answer is None:
                continue
            if before.was_disputed and before.members == entry.members:
                entries[statement_id] = entry.model_copy(
                    update={
                        "answer": before.answer,
                        "rationale": before.rationale,
                        "agreed": before.agreed,
                    }
                )
                kept += 1
    return kept


class FromFolder(NamedTuple):
    merged: Merged
    #: Files left out, each with why.
    skipped: list[str]
    #: Agreements carried over from the team file as it was.
    kept: int


def team_from_folder(
    instrument: Instrument,
    folder: Path,
    team_name: str,
    people: Mapping[str, str] | None = None,
) -> FromFolder:
    """The team file for everyone's answers files in ``folder`` as they are now: every answers
    file there but the team file itself, other team files and recovery files; agreements
    already made in the team file are kept (see :func:`keep_agreements`).

    ``people`` (a file's stem → the person it belongs to) names the members, as on a server,
    where a member is who their key says, never what they typed: the respondent each typed is
    kept only as a detail. Without it, the respondents name them when all are given and
    distinct, else the files' names."""
    members: list[Assessment] = []
    stems: list[str] = []
    skipped: list[str] = []
    previous: Assessment | None = None
    for path in toml_files(folder):
        try:
            loaded = answers_file.load(path, instrument)
        except LoadError as error:
            skipped.append(f"{path.name}: {error.message}")
            continue
        if path.name == team_name:
            previous = loaded
        elif RECOVERY_MARK in path.name:
            skipped.append(f"{path.name}: a recovery file, not one person's answers")
        elif loaded.answers:
            members.append(loaded)
            stems.append(path.stem)
    state = team_state([m for m in members if not_a_member(instrument, m, "") is None])
    accepted: list[tuple[Assessment, str]] = []
    for candidate, stem in zip(members, stems, strict=True):
        if (why := not_a_member(instrument, candidate, state)) is not None:
            skipped.append(f"{stem}.toml: {why}")
        else:
            accepted.append((candidate, stem))
    members, stems = [m for m, _ in accepted], [s for _, s in accepted]
    respondents = [m.details.respondent.strip() for m in members]
    if people is not None:
        merged = merge(instrument, members, [people.get(stem, stem) for stem in stems])
        for member, typed in zip(merged.assessment.members, respondents, strict=True):
            if typed != member.name:
                member.respondent = typed
    else:
        merged = merge(instrument, members, member_names(stems, respondents))
    kept = keep_agreements(merged.assessment, previous) if previous is not None else 0
    return FromFolder(merged, skipped, kept)


class TeamFile(NamedTuple):
    """The team file a facilitator leads the meeting with, beside everyone's answers files."""

    path: Path
    #: A file's stem → the person it belongs to, as a server knows them (None: not served).
    people: Mapping[str, str] | None = None


def build_team_file(instrument: Instrument, team: TeamFile) -> FromFolder | None:
    """Build ``team`` from everyone's answers files as they are now (see
    :func:`team_from_folder`) and save it; None, writing nothing, when nobody has answered yet.
    Raises :class:`~nextgen_tui.core.errors.SaveError` when it cannot be saved."""
    built = team_from_folder(instrument, team.path.parent, team.path.name, team.people)
    if not built.merged.assessment.members:
        return None
    answers_file.save(team.path, built.merged.assessment, instrument)
    return built


def next_cycle(instrument: Instrument, last: Assessment) -> Assessment:
    """A new cycle pre-filled from the last: each answer carried and marked "to confirm", and
    kept as last cycle's answer and note, shown beside it; notes carried, and from a team file
    the reasons the team agreed (as notes); follow-up flags, targets and the bullets in place
    kept; actions still open carried with their status to check (done and dropped ones stay in
    last cycle's file, its record); the members' own answers and notes stay there too; dates
    cleared so the first save stamps them anew."""
    assessment = Assessment.new(instrument)
    details = last.details
    assessment.details = Details(
        state=details.state, respondent=details.respondent, agency=details.agency
    )
    assessment.targets = dict(last.targets)
    assessment.members = [member.model_copy() for member in last.members]  # a team's stays one
    for role_id, entries in last.answers.items():
        for statement_id, entry in entries.items():
            agreed = f"Agreed last cycle: {entry.rationale}" if entry.rationale else ""
            note = "\n".join(part for part in (entry.note, agreed) if part)
            carried = Entry(
                answer=entry.answer,
                **entry.typed,
                note=note,
                flagged=entry.flagged,
                to_confirm=entry.has_answer,
                last_answer=entry.answer,
                last_note=note,
                in_place=entry.in_place,
                actions=[
                    action.model_copy(update={"to_check": True})
                    for action in entry.actions
                    if action.is_open
                ],
            )
            if not carried.is_empty:
                assessment.answers.setdefault(role_id, {})[statement_id] = carried
    return assessment


class ThreeWay(NamedTuple):
    """Two people's edits to one answers file put together (git's merge of it)."""

    assessment: Assessment
    #: Where both changed the same thing otherwise, in words (ours kept there).
    conflicts: list[str]


def _pick(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """The value a three-way merge takes, and whether both sides changed it otherwise."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def three_way(
    instrument: Instrument, base: Assessment, ours: Assessment, theirs: Assessment
) -> ThreeWay:
    """``ours`` with what ``theirs`` changed since ``base`` (the version both started from):
    each statement's answer, note, flag, members' answers, agreement, actions, each detail and
    target on its own. Where both changed one otherwise, ours is kept and the conflict said."""
    from .changes import conflict, said

    merged = ours.model_copy(deep=True)
    conflicts: list[str] = []
    for field in ("state", "respondent", "agency"):
        value, clash = _pick(*(getattr(a.details, field) for a in (base, ours, theirs)))
        setattr(merged.details, field, value)
        if clash:
            conflicts.append(
                conflict(field, *(said(getattr(a.details, field)) for a in (base, ours, theirs)))
            )
    times = [a.details.updated for a in (ours, theirs) if a.details.updated is not None]
    merged.details.updated = max(times) if times else None
    names = {member.name for member in merged.members}
    merged.members += [member for member in theirs.members if member.name not in names]
    for key in dict.fromkeys([*ours.targets, *theirs.targets, *base.targets]):
        value, clash = _pick(*(a.targets.get(key) for a in (base, ours, theirs)))
        if value is None:
            merged.targets.pop(key, None)
        else:
            merged.targets[key] = value
        if clash:
            conflicts.append(
                conflict(
                    f"target for {key}", *(said(a.targets.get(key)) for a in (base, ours, theirs))
                )
            )
    keys = dict.fromkeys(
        (role_id, statement_id)
        for a in (ours, theirs, base)
        for role_id, entries in a.answers.items()
        for statement_id in entries
    )
    for role_id, statement_id in keys:
        entries = [a.entry(role_id, statement_id) for a in (base, ours, theirs)]
        entry, clashes = _merge_entry(*(e or Entry() for e in entries))
        if entry.is_empty:
            merged.answers.get(role_id, {}).pop(statement_id, None)
        else:
            merged.answers.setdefault(role_id, {})[statement_id] = entry
        statement = instrument.statement(role_id, statement_id)
        where = (
            instrument.label_of(instrument.role(role_id), statement)
            if statement is not None
            else f"{role_id}.{statement_id}"
        )
        for field in clashes:
            values = [getattr(e, field) if e is not None else None for e in entries]
            worded = (
                [answer_text(instrument, value) for value in values]
                if field == "answer"
                else [said(value) for value in values]
            )
            conflicts.append(conflict(f"{where} {field}", *worded))
    merged.answers = {role: entries for role, entries in merged.answers.items() if entries}
    return ThreeWay(merged, conflicts)


def _merge_entry(base: Entry, ours: Entry, theirs: Entry) -> tuple[Entry, list[str]]:
    """One statement's entry merged field by field; the fields both sides changed otherwise."""
    if ours == theirs or theirs == base:
        return ours, []
    if ours == base:
        return theirs, []
    update: dict[str, Any] = {}
    clashes = []
    for field in Entry.model_fields:
        value, clash = _pick(*(getattr(e, field) for e in (base, ours, theirs)))
        update[field] = value
        if clash:
            clashes.append(field)
    return ours.model_copy(update=update), clashes
