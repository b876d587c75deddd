"""What changed between two versions of one answers file, in the instrument's words: per
statement the answer before and after, its note, its flag, a member's answer, the team's
agreement and why, the actions (added, done, now overdue), the examples in place; the file's
details, members and targets; and the scores that moved.

``nextgen-tui diff``, ``history`` and git's view of an answers file (``git-setup``) all say
a change this way, and so does a served data folder's commit message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from .assessment import Action, Assessment, Entry
from .instrument import Instrument, Role, Statement
from .scoring import score
from .textsafe import printable
from .wording import action_text, any_answer_text, score_text, signed, target_text, when

NOTHING = "—"


class Change(NamedTuple):
    """One thing that differs: where (``1.2``, or the file's ``details``, ``targets``,
    ``members``), what (``answer``, ``note``…), and its value before and after in words."""

    where: str
    what: str
    before: str
    after: str
    role: Role | None = None
    statement: Statement | None = None
    #: An answer that went ``up`` or ``down`` the scale (None: not an answer, or no points).
    direction: str | None = None

    @property
    def line(self) -> str:
        """``1.2 answer: ✗ No → ½ Partially``; ``target for overall: — → 70%``."""
        where = f"{self.where} " if self.statement is not None else ""
        return f"{where}{self.what}: {self.before} → {self.after}"


class ScoreMove(NamedTuple):
    """A role's score (or the overall one, ``role`` None) that moved."""

    name: str
    role: Role | None
    before: str
    after: str
    points: float

    @property
    def line(self) -> str:
        return f"{self.name}: {self.before} → {self.after} ({signed(self.points)})"


class Changes(NamedTuple):
    changes: list[Change]
    scores: list[ScoreMove]

    @property
    def differ(self) -> bool:
        return bool(self.changes)

    def said(self, most: int, more: str = "") -> list[str]:
        """A line a change, at most ``most``: past that the last line counts the rest
        (followed by ``more``)."""
        said = [change.line for change in self.changes]
        if len(said) > most:
            said[most - 1 :] = [f"… and {len(said) - most + 1} more{more}"]
        return said

    def about(self, where: str) -> list[Change]:
        """The changes to one statement (``1.2``)."""
        return [change for change in self.changes if change.where == where]

    def summary(self, most: int = 3) -> str:
        """``3 answers, 1 note: 1.2 ✗ No → ½ Partially; …``: for a commit's subject."""
        if not self.changes:
            return "no change"
        counted: dict[str, int] = {}
        for change in self.changes:
            kind = change.what.split(" ")[0]  # answer, note, action, target…
            if "'s " in change.what:  # a member's answer or note
                kind = "member's " + change.what.rsplit("'s ", 1)[1]
            counted[kind] = counted.get(kind, 0) + 1
        parts = [f"{count} {_plural(kind, count)}" for kind, count in counted.items()]
        answers = [f"{c.where} {c.before} → {c.after}" for c in self.changes if c.what == "answer"][
            :most
        ]
        return ", ".join(parts) + (f": {'; '.join(answers)}" if answers else "")


def _plural(word: str, count: int) -> str:
    if count == 1 or word.endswith("s"):
        return word
    return word + "s"


def _one_line(text: str, most: int = 200) -> str:
    shown = " ".join(printable(text, multiline=True).split())
    return shown if len(shown) <= most else shown[: most - 1] + "…"


def _quoted(text: str) -> str:
    return f"“{_one_line(text)}”" if text.strip() else NOTHING


def compare(instrument: Instrument, old: Assessment, new: Assessment) -> Changes:
    """Everything that differs from ``old`` to ``new`` (two versions of one file), in the
    instrument's order, and the scores that moved."""
    changes = list(_details(old, new))
    changes += _targets(instrument, old, new)
    window = _overdue_window(old, new)
    for role, statement in instrument.statements():
        before = old.entry(role.id, statement.id)
        after = new.entry(role.id, statement.id)
        if before == after:
            continue
        where = instrument.label_of(role, statement)
        found = _entry(instrument, statement, before, after, window)
        changes += [
            Change(where, what, was, now, role, statement, direction)
            for what, was, now, direction in found
        ]
    return Changes(changes, _scores(instrument, old, new) if changes else [])


def _details(old: Assessment, new: Assessment) -> Iterator[Change]:
    for field in ("state", "respondent", "agency"):
        was, now = getattr(old.details, field), getattr(new.details, field)
        if was != now:
            yield Change("details", field, _quoted(was), _quoted(now))
    names = [member.name for member in old.members]
    later = [member.name for member in new.members]
    for name in later:
        if name not in names:
            yield Change("members", "member added", NOTHING, printable(name))
    for name in names:
        if name not in later:
            yield Change("members", "member removed", printable(name), NOTHING)


def _targets(instrument: Instrument, old: Assessment, new: Assessment) -> Iterator[Change]:
    for key in [*(role.id for role in instrument.roles), "overall"]:
        was, now = old.targets.get(key), new.targets.get(key)
        if was != now:
            name = "overall" if key == "overall" else instrument.role(key).title
            yield Change(
                "targets",
                f"target for {name}",
                target_text(was) if was is not None else NOTHING,
                target_text(now) if now is not None else NOTHING,
            )


def _overdue_window(old: Assessment, new: Assessment) -> tuple[date, date] | None:
    """The days between the two versions (by when each was saved): an open action due in them
    fell overdue in between."""
    if old.details.updated is None or new.details.updated is None:
        return None
    return old.details.updated.date(), new.details.updated.date()


Found = tuple[str, str, str, str | None]


def _entry(
    instrument: Instrument,
    statement: Statement,
    before: Entry | None,
    after: Entry | None,
    window: tuple[date, date] | None,
) -> Iterator[Found]:
    was = before or Entry()
    now = after or Entry()
    answer = (
        any_answer_text(instrument, statement, was),
        any_answer_text(instrument, statement, now),
    )
    if answer[0] != answer[1]:
        yield "answer", *answer, _direction(instrument, was.answer, now.answer)
    if was.to_confirm and not now.to_confirm and now.has_answer:
        yield "carried answer", "to confirm", "confirmed", None
    if was.note != now.note:
        yield "note", _quoted(was.note), _quoted(now.note), None
    if was.flagged != now.flagged:
        yield "flag", _flag(was.flagged), _flag(now.flagged), None
    yield from _members(instrument, statement, was, now)
    if (was.rationale, was.agreed) != (now.rationale, now.agreed):
        yield (
            "agreement",
            _agreement(instrument, statement, was),
            _agreement(instrument, statement, now),
            None,
        )
    yield from _actions(was.actions, now.actions, window)
    if was.in_place != now.in_place:
        yield "examples in place", _numbers(was.in_place), _numbers(now.in_place), None


def _direction(instrument: Instrument, was: str | None, now: str | None) -> str | None:
    known = instrument.answer_values
    if was not in known and now not in known:
        return None
    points = [instrument.option(value).points if value in known else 0.0 for value in (was, now)]
    if points[1] == points[0]:
        return None
    return "up" if points[1] > points[0] else "down"


def _flag(flagged: bool) -> str:
    return "flagged for follow-up" if flagged else "not flagged"


def _numbers(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers)) or NOTHING


def _agreement(instrument: Instrument, statement: Statement, entry: Entry) -> str:
    if not entry.rationale and entry.agreed is None:
        return NOTHING
    said = any_answer_text(instrument, statement, entry)
    why = f": why {_quoted(entry.rationale)}" if entry.rationale else ""
    return f"{said} (agreed {when(entry.agreed)}){why}"


def _members(
    instrument: Instrument, statement: Statement, was: Entry, now: Entry
) -> Iterator[Found]:
    before = {member.name: member for member in was.members}
    after = {member.name: member for member in now.members}
    for name in [*before, *(name for name in after if name not in before)]:
        old, new = before.get(name), after.get(name)
        said = printable(name)
        answers = (
            any_answer_text(instrument, statement, old),
            any_answer_text(instrument, statement, new),
        )
        if answers[0] != answers[1]:
            direction = _direction(
                instrument, old.answer if old else None, new.answer if new else None
            )
            yield f"{said}'s answer", *answers, direction
        notes = old.note if old else "", new.note if new else ""
        if notes[0] != notes[1]:
            yield f"{said}'s note", _quoted(notes[0]), _quoted(notes[1]), None


def _actions(
    was: list[Action], now: list[Action], window: tuple[date, date] | None
) -> Iterator[Found]:
    """Actions by their text: added, removed, changed (done, say); an open one whose due date
    came between the two versions is said to be overdue now."""
    before = {action.text: action for action in was}
    after = {action.text: action for action in now}
    for text, action in after.items():
        old = before.get(text)
        line = action_text(action, priority=True)
        if old is None:
            yield "action added", NOTHING, line, None
        elif old != action:
            what = "action done" if action.status == "done" != old.status else "action changed"
            yield what, action_text(old, priority=True), line, None
        elif (
            window is not None
            and action.is_open
            and action.due is not None
            and window[0] <= action.due < window[1]
        ):
            yield "action overdue", line, f"{line}, overdue since {action.due}", None
    for text, action in before.items():
        if text not in after:
            yield "action removed", action_text(action, priority=True), NOTHING, None


def _scores(instrument: Instrument, old: Assessment, new: Assessment) -> list[ScoreMove]:
    if not instrument.has_scores:
        return []
    was, now = score(instrument, old), score(instrument, new)
    moved = []
    for before, after in zip(was.roles, now.roles, strict=True):
        if (before.percent, before.high_percent) != (after.percent, after.high_percent):
            moved.append(
                ScoreMove(
                    before.role.title,
                    before.role,
                    score_text(before),
                    score_text(after),
                    after.percent - before.percent,
                )
            )
    if (was.percent, was.high_percent) != (now.percent, now.high_percent):
        moved.append(
            ScoreMove("Overall", None, score_text(was), score_text(now), now.percent - was.percent)
        )
    return moved


def said(value: object) -> str:
    """A value of a file in words, for a conflict: a text quoted on one line, an action as a
    report says it, nothing as —."""
    if value in (None, "", [], {}):
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return _quoted(value) if " " in value.strip() else printable(value)
    if isinstance(value, list):
        return "; ".join(
            action_text(item, priority=True)
            if isinstance(item, Action)
            else printable(getattr(item, "name", str(item)))
            for item in value
        )
    if isinstance(value, float | int):
        return target_text(value)
    return printable(str(value))


def conflict(what: str, base: str, ours: str, theirs: str) -> str:
    """``1.2 answer: ours ½ Partially, theirs ✗ No (was ✓ Yes); ours kept``."""
    return f"{what}: ours {ours}, theirs {theirs} (was {base}); ours kept"


def lines(instrument: Instrument, assessment: Assessment) -> list[str]:
    """The file as lines of facts, one a line, in the instrument's order: what git shows of an
    answers file (``nextgen-tui git-setup``), so that a line-by-line diff of two versions says
    what changed statement by statement. Nothing that changes with every save (when it was
    saved) is in it."""
    details = assessment.details
    out = [f"# {printable(instrument.title)} ({instrument.id} {printable(instrument.version)})"]
    for field in ("state", "respondent", "agency"):
        if value := getattr(details, field):
            out.append(f"{field}: {_one_line(value)}")
    out += [
        f"member: {printable(m.name)}" + (f" ({printable(m.agency)})" if m.agency else "")
        for m in assessment.members
    ]
    for change in _targets(instrument, Assessment.new(instrument), assessment):
        out.append(f"{change.what}: {change.after}")
    for role, statement in instrument.statements():
        entry = assessment.entry(role.id, statement.id)
        where = instrument.label_of(role, statement)
        out.append(
            f"{where} {_one_line(statement.text, 60)}: "
            + any_answer_text(instrument, statement, entry)
        )
        if entry is None:
            continue
        if entry.to_confirm:
            out.append(f"{where} carried from the last cycle: to confirm")
        for what, _was, now, _direction in _entry(instrument, statement, None, entry, None):
            if what != "answer":
                out.append(f"{where} {what.removesuffix(' added')}: {now}")
    if instrument.has_scores:
        result = score(instrument, assessment)
        out += [f"score {role.role.title}: {score_text(role)}" for role in result.roles]
        out.append(f"score overall: {score_text(result)}")
    return out
