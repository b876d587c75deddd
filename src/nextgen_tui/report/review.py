"""The review of one answers file: its scores (or how much is filled in), targets, every
answer with its note, record and actions, and its gaps; built once as a :class:`Document`.
"""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

import math
from collections.abc import Mapping
from datetime import date
from itertools import groupby
from typing import Any, NamedTuple, cast

from ..core.assessment import Action, Assessment, Entry
from ..core.instrument import Instrument, Role, Statement
from ..core.scoring import (
    Completion,
    Gap,
    RoleScore,
    Score,
    TargetGap,
    completion,
    completion_overall,
    score,
    target_gaps,
    target_percent,
)
from ..core.scoring import gaps as find_gaps
from ..core.textsafe import printable
from ..core.wording import (
    ANSWERED_SYMBOL,
    NOTE_SYMBOL,
    UNANSWERED_SYMBOL,
    Record,
    action_line,
    answer_text,
    answer_tone,
    gap_words,
    level_range,
    marked,
    percent,
    percent_range,
    record_of,
    score_text,
    target_text,
    typed_lines,
    when,
)
from .blocks import (
    Bar,
    Block,
    Cell,
    Document,
    Heading,
    RadarChart,
    Records,
    Run,
    Style,
    Table,
    Typed,
    cell,
    paragraph,
)
from .named_assessment import NamedAssessment


class StatementLine(NamedTuple):
    role_id: str
    statement_id: str
    number: int | None  # its place in the role; None when unknown to the instrument
    text: str
    entry: Entry | None
    #: The answer in a word or two: ``✓ Yes`` on the scale; ``● Answered`` for another type,
    #: whose answer is in ``given``.
    shown: str = ""
    #: A question of another type: its answer's lines (a text's lines, a group's items).
    given: tuple[str, ...] = ()
    #: How a team reached it, and the examples in place.
    record: Record = Record()

    @property
    def answer(self) -> str | None:
        return self.entry.answer if self.entry else None


#: How a question of another type than the scale is marked in a review's answer column.
TYPED_ANSWERED = f"{ANSWERED_SYMBOL} Answered"


TYPED_UNANSWERED = f"{UNANSWERED_SYMBOL} Unanswered"


def statement_line(
    instrument: Instrument,
    role: Role,
    statement: Statement,
    entry: Entry | None,
    assessment: Assessment,
) -> StatementLine:
    record = record_of(instrument, assessment, statement, entry)
    if statement.is_scale:
        shown = answer_text(instrument, entry.answer if entry else None)
        return StatementLine(
            role.id, statement.id, role.number(statement), statement.text, entry, shown, (), record
        )
    given = tuple(typed_lines(statement, entry))
    shown = TYPED_ANSWERED if given else TYPED_UNANSWERED
    return StatementLine(
        role.id, statement.id, role.number(statement), statement.text, entry, shown, given, record
    )


class Review(NamedTuple):
    instrument: Instrument
    loaded: NamedAssessment
    score: Score
    lines: list[StatementLine]
    warnings: list[str]

    @property
    def assessment(self) -> Assessment:
        return self.loaded.assessment

    def lines_of(self, role: Role) -> list[StatementLine]:
        return [line for line in self.lines if line.role_id == role.id and line.number]

    @property
    def unknown(self) -> list[StatementLine]:
        return [line for line in self.lines if line.number is None]

    @property
    def gaps(self) -> list[Gap]:
        return find_gaps(self.instrument, self.assessment)

    @property
    def scored(self) -> bool:
        """Some section is scored: the review shows scores, levels and gaps; else only how
        much of each section is filled in."""
        return self.instrument.has_scores

    @property
    def completion(self) -> list[Completion]:
        """Each section's completion, then the whole's."""
        instrument, assessment = self.instrument, self.assessment
        return [
            *(completion(assessment, role) for role in instrument.roles),
            completion_overall(instrument, assessment),
        ]

    @property
    def targets(self) -> list[TargetGap]:
        """Every target set, the roles below theirs first."""
        return target_gaps(self.instrument, self.assessment, self.score)


def reviewed(review: Review) -> str:
    """What a review is of: the instrument's title and, when the instrument names its files by
    an answer (a profile's partnership), that answer: ``Partnership Benchmark Profile · NoCo
    Manufacturing``."""
    instrument = review.instrument
    named = named_as(instrument, review.assessment)
    return f"{instrument.title} · {named}" if named else instrument.title


def named_as(instrument: Instrument, assessment: Assessment) -> str:
    """The answer an instrument names its files by (``named_by``), on one line; "" when it
    names them by none, or this file has not given it."""
    if instrument.named_by is None:
        return ""
    entry = assessment.entry(*instrument.named_by.split(".", 1))
    return " ".join(printable(entry.text).split()) if entry is not None else ""


def build_review(instrument: Instrument, loaded: NamedAssessment) -> Review:
    assessment = loaded.assessment
    lines = [
        statement_line(
            instrument, role, statement, assessment.entry(role.id, statement.id), assessment
        )
        for role, statement in instrument.statements()
    ]
    for key in assessment.unknown_statements(instrument):
        role_id, statement_id = key.split(".", 1)
        entry = assessment.entry(role_id, statement_id)
        shown = answer_text(instrument, entry.answer if entry else None)
        lines.append(StatementLine(role_id, statement_id, None, "", entry, shown))
    return Review(
        instrument=instrument,
        loaded=loaded,
        score=score(instrument, assessment),
        lines=lines,
        warnings=assessment.warnings(instrument),
    )


# -- the document ---------------------------------------------------------------------------------


def header(title: str, lines: list[str], warnings: list[str]) -> list[Block]:
    """A report's head: its title, what it is of, a line each, then each warning."""
    return [
        Heading(title, 1),
        *(paragraph(line) for line in lines),
        *(paragraph(f"Warning: {printable(warning)}", "warning") for warning in warnings),
    ]


def summary(rows: list[tuple[str, str]]) -> list[Block]:
    """What a busy reader needs first, a line each: its name, then what it says."""
    if not rows:
        return []
    table = Table([(cell(name, "strong"), cell(said)) for name, said in rows], wide=1)
    return [Heading("Summary"), table]


def _levels_line(instrument: Instrument, result: Score) -> str:
    """Each role by its level, the highest level first: ``Leading: Joint Communications,
    Strategic Use of Funding; Developing: Policy Alignment``."""
    by_level: dict[str, list[str]] = {}
    for role in result.roles:
        named = level_range(role.level, role.levels) if role.answered else "not answered yet"
        by_level.setdefault(named, []).append(printable(role.role.label))
    ranked = [level.name for level in reversed(instrument.levels)]

    def rank(named: str) -> int:  # a range by its high end; not answered last
        high = named.split("–")[-1]
        return ranked.index(high) if high in ranked else len(ranked)

    order = sorted(by_level, key=rank)
    return "; ".join(f"{name}: {', '.join(by_level[name])}" for name in order)


def _summary(review: Review) -> list[Block]:
    instrument, assessment, result = review.instrument, review.assessment, review.score
    rows: list[tuple[str, str]] = []
    if review.scored:
        rows.append(
            (
                "Score",
                f"{score_text(result)}, {result.answered} of {result.total} answered"
                + (f", {result.disputed} disputed" if result.disputed else ""),
            )
        )
        rows.append(("Roles", _levels_line(instrument, result)))
        gaps = sorted(
            review.gaps,
            key=lambda gap: (
                instrument.option(gap.answer).points
                if gap.answer in instrument.answer_values
                else math.inf  # (the lowest answers first; the unanswered after them)
            ),
        )
        if gaps:
            shown = ", ".join(
                f"{instrument.label_of(gap.role, gap.statement)} "
                f"{answer_text(instrument, gap.answer)}"
                for gap in gaps[:5]
            )
            more = f" and {len(gaps) - 5} more" if len(gaps) > 5 else ""
            rows.append(("Biggest gaps", f"{shown}{more}"))
    else:
        done = review.completion[-1]
        rows.append(("Filled in", f"{done.answered} of {done.total}: {done.words}"))
    entries = [e for entries in assessment.answers.values() for e in entries.values()]
    if assessment.is_team:
        settled = sum(e.was_disputed and not e.disputed for e in entries)
        open_ = sum(e.disputed for e in entries)
        if settled or open_:
            rows.append(("Disputes", f"{settled} settled, {open_} still open"))
    if review.targets:
        rows.append(("Targets", targets_line(review.targets)))
    actions = [action for entry in entries for action in entry.actions]
    if actions:
        rows.append(("Actions", actions_line(actions, date.today())))
    moved = _since_last_cycle(review)
    if moved:
        rows.append(("Since last cycle", moved))
    return summary(rows)


def targets_line(targets: list[TargetGap]) -> str:
    """``1 of 2 met; Policy Alignment 25 below Established``."""
    below = [gap for gap in targets if not gap.met]
    said = f"{len(targets) - len(below)} of {len(targets)} met"
    if below:
        said += "; " + ", ".join(
            f"{printable(gap.role.label) if gap.role else 'Overall'} {gap_words(gap)} "
            f"{target_text(gap.target)}"
            for gap in below
        )
    return said


def actions_line(actions: list[Action], today: date) -> str:
    """``2 open, 1 overdue, 3 in all``."""
    open_actions = sum(action.is_open for action in actions)
    overdue = sum(action.overdue(today) for action in actions)
    return f"{open_actions} open, {overdue} overdue, {len(actions)} in all"


def _since_last_cycle(review: Review) -> str:
    """How the answers moved from the last cycle's (those a new cycle carried), and how many
    carried ones nobody confirmed yet ("" when this file has no last cycle)."""
    instrument = review.instrument
    up = down = 0
    last = 0
    for entries in review.assessment.answers.values():
        for entry in entries.values():
            if entry.last_answer is None:
                continue
            last += 1
            if entry.to_confirm or entry.answer is None or entry.answer == entry.last_answer:
                continue
            values = instrument.answer_values
            if entry.answer in values and entry.last_answer in values:
                now = instrument.option(entry.answer).points
                then = instrument.option(entry.last_answer).points
                up += now > then
                down += now < then
    if not last:
        return ""
    carried = review.assessment.carried
    said = f"{up} answer{'s' if up != 1 else ''} up, {down} down"
    return said + (f"; {carried} carried, not confirmed yet" if carried else "")


def about(instrument: Instrument) -> list[str]:
    """What a document says in its foot: the instrument, its source, what the levels are."""
    said = [f"{instrument.title}, version {instrument.version}."]
    if instrument.source:
        said.append(f"Source: {instrument.source}.")
    if instrument.copyright:
        said.append(instrument.copyright)
    if instrument.has_scores:
        bands = ", ".join(f"{level.name} from {level.min:g}%" for level in instrument.levels)
        said.append(
            f"The maturity levels are this tool's reading of the scores ({bands}), not part of "
            "the self-assessment, which asks only for its answers."
        )
    said.append("Made with nextgen-tui.")
    return [printable(line) for line in said]


def note(text: str, said_by: str = "") -> list[Run]:
    """A note under what it is about: ``✎ text`` (``✎ Ana: text``), its further lines under its
    first."""
    lead = f"{NOTE_SYMBOL} {printable(said_by)}: " if said_by else f"{NOTE_SYMBOL} "
    lines = printable(text, multiline=True).split("\n")
    return [Run(f"\n{lead}", "strong"), Run(("\n" + " " * len(lead)).join(lines), "note")]


def tone(instrument: Instrument, answer: str | None) -> Style:
    """An answer's style: its tone on the scale (unanswered: muted)."""
    return cast(Style, answer_tone(instrument, answer) or "unanswered")


def targets_table(targets: list[TargetGap]) -> Table:
    rows: list[tuple[Cell | Bar, ...]] = [
        (
            cell(printable(gap.role.label) if gap.role else "Overall"),
            cell(percent(gap.current)),
            cell(target_text(gap.target)),
            cell(gap_words(gap), None if gap.met else "strong"),
        )
        for gap in targets
    ]
    return Table(rows, header=("Role", "Now", "Target", "Gap"), numeric=frozenset({1, 3}))


def _scores_table(
    instrument: Instrument, result: Score, targets: Mapping[str, str | float]
) -> Table:
    """One row per role, grouped: bar, score, level, how many answered (and disputed)."""
    header: tuple[str, ...] = ("Role", "", "Score", "Level", "Answered")
    disputes = result.disputed > 0  # a team file with disputes: a column for them, "≠"
    if disputes:
        header = (*header, "≠")
    width = 8 if disputes else 16  # (room for the ranges and the column at 80 columns)

    bands = tuple(level.min for level in instrument.levels)

    def cells(item: Score | RoleScore) -> tuple[Cell | Bar, ...]:
        role = item.role.id if isinstance(item, RoleScore) else "overall"
        target = targets.get(role)
        row: tuple[Cell | Bar, ...] = (
            Bar(
                item.percent,
                width,
                counted=bool(item.answered or item.disputed),
                high=item.high_percent if item.high_percent > item.percent else None,
                target=target_percent(instrument, target) if target is not None else None,
                bands=bands,
            ),
            cell(percent_range(item.percent, item.high_percent)),
            cell(level_range(item.level, item.levels)),
            cell(f"{item.answered}/{item.total}"),
        )
        return (*row, cell(str(item.disputed or ""))) if disputes else row

    rows: list[tuple[Cell | Bar, ...]] = []
    for group in instrument.groups:
        rows.append((cell(printable(group.title), "strong"),))
        for role in instrument.roles_in(group):
            rows.append((cell("  " + printable(role.label)), *cells(result.for_role(role.id))))
    rows.append((cell("Overall", "strong"), *cells(result)))
    return Table(rows, header=header, numeric=frozenset({2, 4, 5}), labels=0)


def _completion_table(review: Review) -> Table:
    """An instrument only filled in: each section's bar, how much of it and what is left."""
    instrument = review.instrument
    header = (instrument.section_name.capitalize(), "", "Filled", "Left")
    *sections, overall = review.completion
    by_role = {done.role.id: done for done in sections if done.role is not None}

    def cells(done: Completion) -> tuple[Cell | Bar, ...]:
        return (
            Bar(done.percent, 16, counted=bool(done.answered)),
            cell(f"{done.answered}/{done.total}"),
            cell(done.words),
        )

    rows: list[tuple[Cell | Bar, ...]] = []
    for group in instrument.groups:
        rows.append((cell(printable(group.title), "strong"),))
        for role in instrument.roles_in(group):
            rows.append((cell("  " + printable(role.label)), *cells(by_role[role.id])))
    rows.append((cell("Overall", "strong"), *cells(overall)))
    return Table(rows, header=header, numeric=frozenset({2}), labels=0)


def _statements_table(review: Review, lines: list[StatementLine], answer_width: int) -> Table:
    instrument = review.instrument
    rows: list[tuple[Cell | Bar, ...]] = []
    for line in lines:
        style: Style = tone(instrument, line.answer) if not line.given else "full"
        label = (
            Run(line.shown, style if line.entry else "unanswered"),
            Run(marked(line.entry), "strong"),
        )
        body = [Run(printable(line.text) if line.number else f"{line.role_id}.{line.statement_id}")]
        for given in line.given:  # a question of another type: its answer under it
            body.append(Run(f"\n  {given}", "strong"))
        if line.entry and line.entry.note:
            body += note(line.entry.note)
        for said in line.record.lines():  # how the team reached it; what is in place
            body.append(Run(f"\n{printable(said, multiline=True)}", "muted"))
        for action in line.entry.actions if line.entry else []:
            body.append(Run(f"\n▪ {action_line(action)}"))
        rows.append((cell(str(line.number or "?")), label, tuple(body)))
    return Table(
        rows,
        header=("#", "Answer", "Statement"),
        numeric=frozenset({0}),
        least={0: 2, 1: answer_width},
        wide=2,
        header_in_terminal=False,
    )


def _gaps(review: Review) -> list[Block]:
    instrument = review.instrument
    found = review.gaps
    blocks: list[Block] = [Heading("Gaps: answered below the top of the scale, or unanswered")]
    if not found:
        blocks.append(paragraph("None."))
    label_width = max(len(answer_text(instrument, option.value)) for option in instrument.scale)
    label_width = max(label_width, len(answer_text(instrument, None)))
    for role, role_gaps in groupby(found, key=lambda gap: gap.role):
        blocks.append(Heading(printable(role.title), 3))
        rows: list[tuple[Cell | Bar, ...]] = [
            (
                cell(f"{gap.number}"),
                (
                    Run(answer_text(instrument, gap.answer), tone(instrument, gap.answer)),
                    Run(marked(gap.entry), "strong"),
                ),
                cell(printable(gap.statement.text)),
            )
            for gap in role_gaps
        ]
        blocks.append(
            Table(
                rows,
                header=("#", "Answer", "Statement"),
                numeric=frozenset({0}),
                least={0: 2, 1: label_width},
                wide=2,
                wrap=False,
                header_in_terminal=False,
            )
        )
    return blocks


def _radar(review: Review) -> RadarChart:
    result = review.score
    targets = review.assessment.targets
    wanted = tuple(
        target_percent(review.instrument, targets[role.role.id])
        if role.role.id in targets
        else None
        for role in result.roles
    )
    return RadarChart(
        labels=tuple(printable(role.role.label) for role in result.roles),
        low=tuple(role.percent for role in result.roles),
        high=tuple(role.high_percent for role in result.roles) if result.disputed else None,
        targets=wanted if any(w is not None for w in wanted) else None,
    )


def document(review: Review) -> Document:
    """The review as a document: what every format shows."""
    instrument, assessment = review.instrument, review.assessment
    details = assessment.details
    blocks = header(
        f"{printable(reviewed(review))} — review",
        [
            f"File: {printable(str(review.loaded.path))}",
            f"State: {printable(details.state) or '—'}"
            f" · Respondent: {printable(details.respondent) or '—'}",
            f"Created: {when(details.created)} · Updated: {when(details.updated)}",
            f"Answers instrument {printable(assessment.instrument)} "
            f"version {printable(assessment.instrument_version or '—')}",
        ],
        review.warnings,
    )
    blocks += _summary(review)
    if not review.scored:
        blocks += [
            Heading(f"Filled in, by {instrument.section_name}"),
            _completion_table(review),
        ]
    else:
        blocks += [
            Heading("Scores"),
            _scores_table(instrument, review.score, assessment.targets),
            _radar(review),
        ]
    if review.targets:
        blocks += [Heading("Targets: roles below theirs first"), targets_table(review.targets)]
    if review.score.disputed:
        blocks.append(
            paragraph(
                f"≠ {review.score.disputed} disputed: the members answered differently and the "
                "team has not agreed yet; each counts from the lowest answer given to the highest."
            )
        )
    blocks.append(Heading("Answers"))
    width = max(len(ln.shown + marked(ln.entry)) for ln in review.lines)
    for role in instrument.roles:
        blocks += [
            Heading(printable(role.title), 3),
            _statements_table(review, review.lines_of(role), width),
        ]
    if review.unknown:
        blocks += [
            Heading("Statements unknown to this instrument (kept in the file)", 3),
            _statements_table(review, review.unknown, width),
        ]
    if review.scored:
        blocks += _gaps(review)
    return Document(
        title=f"{reviewed(review)}: review",
        blocks=blocks,
        records=[_records(review)],
        data=_data(review),
        footer=about(instrument),
    )


# -- as data --------------------------------------------------------------------------------------


def _points(instrument: Instrument, answer: str | None) -> str:
    """An answer's points on the scale, as a spreadsheet shows them ("" when none)."""
    if answer is None or answer not in instrument.answer_values:
        return ""
    return f"{instrument.option(answer).points:g}"


def _records(review: Review) -> Records:
    """One row a member and statement (in one person's file, its respondent is the member): the
    shape pivot tables and survey tools read. Each row also holds the file's answer (a team's:
    the agreed one), its reason, the examples in place, the role's target and the actions."""
    instrument, assessment = review.instrument, review.assessment
    details = assessment.details
    titles = {role.id: role.title for role in instrument.roles}
    members = [member.name for member in assessment.members]
    rows = []
    for line in review.lines:
        entry = line.entry
        statement = instrument.statement(line.role_id, line.statement_id)
        target = assessment.targets.get(line.role_id)
        said = (
            Typed(line.answer or " / ".join(line.given)),
            _points(instrument, line.answer),
            "yes" if entry and entry.flagged else "",
            "yes" if entry and entry.to_confirm else "",
            Typed(entry.note) if entry else "",
            line.record.one_voice,
            Typed(line.record.rationale),
            line.record.agreed,
            Typed("; ".join(line.record.in_place)),
            Typed("; ".join(line.record.lacking)),
            target_text(target) if target is not None else "",
            Typed("; ".join(action_line(a) for a in (entry.actions if entry else []))),
        )
        where = (
            Typed(details.state),
            Typed(details.respondent),
            line.role_id,
            titles.get(line.role_id, ""),
            line.number or "",
            line.statement_id,
            line.text,
        )
        if not members:  # one person's file: its respondent answered
            own = (Typed(details.respondent), said[0], said[4])
            rows.append((*where, *own, *said))
            continue
        by_name = {member.name: member for member in (entry.members if entry else [])}
        for name in members:
            voice = by_name.get(name)
            given = ""
            if voice is not None and voice.answer is not None:
                given = voice.answer
            elif voice is not None and statement is not None:
                given = " / ".join(typed_lines(statement, voice))
            note_of = voice.note if voice is not None else ""
            rows.append((*where, Typed(name), Typed(given), Typed(note_of), *said))
    header = (
        "state",
        "respondent",
        "role",
        "role_title",
        "number",
        "statement_id",
        "statement",
        "member",
        "member_answer",
        "member_note",
        "answer",
        "points",
        "flagged",
        "to_confirm",
        "note",
        "one_voice",
        "rationale",
        "agreed",
        "in_place",
        "not_in_place",
        "target",
        "actions",
    )
    return Records(header, rows, name="Answers")


def _range(result: Score | RoleScore) -> dict[str, Any]:
    """A score's range: its low and high ends (the same without disputes), the number of
    disputes, and the levels at the two ends when they differ."""
    levels = result.levels
    return {
        "disputed": result.disputed,
        "range": {"low": round(result.percent, 2), "high": round(result.high_percent, 2)},
        "levels": [level.name for level in levels] if levels else None,
    }


def score_data(result: Score) -> dict[str, Any]:
    """A score as data. With disputes, ``percent`` is the low end of the range and ``level`` is
    given only when the whole range lies in one level."""
    return {
        "percent": round(result.percent, 2),
        "level": result.level.name if result.level else None,
        "answered": result.answered,
        "total": result.total,
        **_range(result),
        "roles": [
            {
                "id": role.role.id,
                "title": role.role.title,
                "group": role.role.group,
                "points": role.points,
                "percent": round(role.percent, 2),
                "level": role.level.name if role.level else None,
                "answered": role.answered,
                "total": role.total,
                **_range(role),
            }
            for role in result.roles
        ],
    }


def targets_data(targets: list[TargetGap]) -> list[dict[str, Any]]:
    return [
        {
            "role": gap.role.id if gap.role else "overall",
            "target": gap.target,
            "current": round(gap.current, 2),
            "wanted": round(gap.wanted, 2),
            "gap": round(gap.gap, 2),
            "met": gap.met,
        }
        for gap in targets
    ]


def _data(review: Review) -> dict[str, Any]:
    assessment = review.assessment
    instrument = review.instrument
    return {
        "file": str(review.loaded.path),
        "framework": {
            "id": instrument.id,
            "version": instrument.version,
            "title": instrument.title,
        },
        "document": assessment.model_dump(mode="json", by_alias=True),
        "warnings": review.warnings,
        "score": score_data(review.score),
        "targets": targets_data(review.targets),
        "statements": [
            {
                "role": line.role_id,
                "id": line.statement_id,
                "known": line.number is not None,
                "text": line.text,
                "answer": line.answer,
                # a question of another type: its answer as the file holds it, and as text
                "value": line.entry.typed if line.entry and line.given else None,
                "shown": list(line.given),
                "points": float(p) if (p := _points(instrument, line.answer)) else None,
                "flagged": bool(line.entry and line.entry.flagged),
                "to_confirm": bool(line.entry and line.entry.to_confirm),
                "note": line.entry.note if line.entry else "",
                "actions": [a.model_dump(mode="json") for a in line.entry.actions]
                if line.entry
                else [],
            }
            for line in review.lines
        ],
    }
