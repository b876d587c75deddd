"""The marks shared by the questionnaire and the reports: bars, percentages, symbols, tones.

No Textual and no Rich here: each caller styles these strings its own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .instrument import Instrument, Level, Statement
from .textsafe import printable

if TYPE_CHECKING:
    from datetime import date

    from .assessment import Action, Answered, Assessment, Entry

UNANSWERED_SYMBOL = "·"
UNANSWERED_LABEL = "Unanswered"
FLAG_SYMBOL = "⚑"
NOTE_SYMBOL = "✎"
TO_CONFIRM_SYMBOL = "?"
DISPUTED_SYMBOL = "≠"
#: A question of another type than the scale, answered.
ANSWERED_SYMBOL = "●"
NO_LEVEL = "—"

_FULL = "█"
_EMPTY = "░"
_RANGE = "▒"


def bar(percent: float, width: int, high: float | None = None) -> str:
    """A bar of ``width`` cells, filled to ``percent`` (rounded to the nearest cell); for a
    range, shaded on from there to ``high``."""
    width = max(width, 1)

    def cells_to(value: float) -> int:
        return round(width * max(0.0, min(value, 100.0)) / 100.0)

    filled = cells_to(percent)
    shaded = max(cells_to(high) - filled, 0) if high is not None else 0
    return _FULL * filled + _RANGE * shaded + _EMPTY * (width - filled - shaded)


def percent(value: float) -> str:
    """``37%``: whole percent, rounded half up, so 12.5 shows as 13 and 100 stays 100."""
    return f"{int(value + 0.5)}%"


def level_name(level: Level | None) -> str:
    return level.name if level is not None else NO_LEVEL


_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(percents: list[float]) -> str:
    """One cell a value (0–100 %): ``▂▄▇``, a small chart of a trend."""
    top = len(_SPARKS) - 1
    return "".join(_SPARKS[round(max(0.0, min(p, 100.0)) / 100.0 * top)] for p in percents)


def target_text(target: str | float) -> str:
    """``Established`` or ``75%``."""
    return target if isinstance(target, str) else percent(float(target))


def percent_range(low: float, high: float) -> str:
    """``37%``, or ``30–50%`` for a score that is a range (a team file with disputes)."""
    if percent(low) == percent(high):
        return percent(low)
    return f"{percent(low)[:-1]}–{percent(high)}"


def level_range(level: Level | None, levels: tuple[Level, Level] | None) -> str:
    """The level; for a range across levels, both ends (``Developing–Established``)."""
    if level is None and levels is not None:
        return f"{levels[0].name}–{levels[1].name}"
    return level_name(level)


def answer_symbol(instrument: Instrument, value: str | None) -> str:
    return instrument.option(value).symbol if value is not None else UNANSWERED_SYMBOL


def answer_label(instrument: Instrument, value: str | None) -> str:
    return instrument.option(value).label if value is not None else UNANSWERED_LABEL


def answer_text(instrument: Instrument, value: str | None) -> str:
    """``✓ Yes``: symbol and label; an answer the instrument does not know, as written."""
    if value is not None and value not in instrument.answer_values:
        return printable(value)
    return f"{answer_symbol(instrument, value)} {answer_label(instrument, value)}"


def answer_tone(instrument: Instrument, value: str | None) -> str | None:
    """An answer's tone by its points: ``full``, ``partial``, ``none`` (None: no answer, or one
    the instrument does not know). A meaning, not a colour: each front-end picks the colour."""
    if value is None or value not in instrument.answer_values:
        return None
    points = instrument.option(value).points
    return "full" if points >= 1 else "partial" if points > 0 else "none"


def one_voice(assessment: Assessment, entry: Entry | None) -> str:
    """``1 of 3 members answered`` when a team's answer is one member's while the others left
    it blank: not an agreement, and said wherever the answer is shown; else ""."""
    if entry is None or not entry.members or not entry.has_answer or len(assessment.members) < 2:
        return ""
    voices = sum(member.has_answer for member in entry.members)
    return f"1 of {len(assessment.members)} members answered" if voices == 1 else ""


def entry_marks(entry: Entry | None, *, note: bool = True) -> list[tuple[str, str]]:
    """What is marked on a statement, as (symbol, words), always in this order: to confirm (from
    last cycle), flagged for follow-up, disputed (the members of a team answered it
    differently), has a note (left out with ``note=False``)."""
    if entry is None:
        return []
    marks = [
        (TO_CONFIRM_SYMBOL, "to confirm", entry.to_confirm),
        (FLAG_SYMBOL, "flagged", entry.flagged),
        (DISPUTED_SYMBOL, "disputed", entry.disputed),
        (NOTE_SYMBOL, "note", note and bool(entry.note)),
    ]
    return [(symbol, words) for symbol, words, present in marks if present]


def action_text(
    action: Action,
    *,
    today: date | None = None,
    check: bool = False,
    priority: bool = False,
    multiline: bool = False,
) -> str:
    """``Map the funds (open, Ben, due 2027-03-31)``: an action in one line, its text from a
    file made safe. With ``today``, a due date before it says ``OVERDUE``; ``check``, an action
    carried over from the last cycle says "to check"; ``priority``, its priority is named;
    ``multiline``, line breaks in its text are kept."""
    facts = [action.status + (", to check" if check and action.to_check else "")]
    if action.owner:
        facts.append(printable(action.owner))
    if action.due:
        late = " OVERDUE" if today is not None and action.overdue(today) else ""
        facts.append(f"due {action.due.isoformat()}{late}")
    if priority and action.priority:
        facts.append(f"{action.priority} priority")
    return f"{printable(action.text, multiline=multiline)} ({', '.join(facts)})"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (wide characters count two), with an ellipsis
    where it is cut."""
    from rich.cells import cell_len, set_cell_size

    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


#: A level's tone, from the lowest level to the highest: a meaning, not a colour (the front-end
#: picks the colour; the level's name is always written beside it).
TONES = ("low", "fair", "good", "high")


def level_tone(instrument: Instrument, level: Level | None) -> str | None:
    """The tone of ``level`` by its place among the instrument's levels (None: no level)."""
    if level is None:
        return None
    levels = instrument.levels
    # by identity first (scores hold the instrument's own Level objects): comparing pydantic
    # models field by field, as list.index would, costs more than the rest of a sidebar's line
    place = next((i for i, known in enumerate(levels) if known is level), None)
    if place is None:
        if level not in levels:
            return None
        place = levels.index(level)
    last = max(len(levels) - 1, 1)
    return TONES[round(place * (len(TONES) - 1) / last)]


# -- answers of every type ----------------------------------------------------------------------

#: What each question type asks for, in a person's words.
ASKS_FOR = {
    "scale": "an answer on the scale",
    "short-text": "a short answer",
    "long-text": "a longer answer",
    "choice": "one choice",
    "choices": "one or more choices",
    "number": "a number",
    "date": "a date",
    "group": "a list of items",
}


def number_text(value: float) -> str:
    """``340``, ``12.5``: a number as it was written (no thousands separator: years stay
    years)."""
    return str(value)


def item_value_text(field: Statement, value: object) -> str:
    """One field's value in a group's item, as text."""
    if isinstance(value, list):
        return ", ".join(field.option_label(str(one)) for one in value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return number_text(value) + (f" {field.unit}" if field.unit else "")
    if field.type == "choice" and isinstance(value, str):
        return field.option_label(value)
    return str(value)


def item_text(statement: Statement, item: Mapping[str, object]) -> str:
    """One item of a repeatable group in one line: its fields' values, in the group's order."""
    values = [
        printable(item_value_text(field, item[field.id]))
        for field in statement.fields
        if item.get(field.id) not in (None, "", [])
    ]
    return " · ".join(values) or "(empty)"


def _picked(statement: Statement, answered: Answered) -> str:
    words = []
    for value in answered.picked:
        if value == "other":
            words.append(f"Other: {answered.other}" if answered.other else "Other")
        else:
            words.append(statement.option_label(value))
    return "; ".join(words)


def typed_lines(statement: Statement, answered: Answered | None) -> list[str]:
    """An answer of another type than the scale, as lines of printable text (empty: no
    answer). Long text keeps its lines; a group gives a line an item."""
    if answered is None or not answered.has_answer:
        return []
    kind = statement.type
    if kind in ("short-text", "long-text"):
        return printable(answered.text, multiline=True).split("\n")
    if kind in ("choice", "choices"):
        return [printable(_picked(statement, answered))]
    if kind == "number" and answered.number is not None:
        unit = statement.unit or answered.unit
        text = number_text(answered.number) + (f" {unit}" if unit else "")
        if answered.as_of is not None:
            text += f" (as of {answered.as_of.isoformat()})"
        return [printable(text)]
    if kind == "date" and answered.on is not None:
        return [str(answered.on)]  # (YYYY-MM-DD, or the YYYY-MM or YYYY that is known)
    if kind == "group":
        return [item_text(statement, item) for item in answered.items]
    return []


def typed_text(statement: Statement, answered: Answered | None) -> str:
    """The answer in one line (text's lines joined; a group's items counted)."""
    if statement.type == "group":
        count = len(answered.items) if answered is not None else 0
        return f"{count} item{'s' if count != 1 else ''}" if count else ""
    return " / ".join(line for line in typed_lines(statement, answered) if line)


def any_answer_text(instrument: Instrument, statement: Statement, answered: Answered | None) -> str:
    """Any question's answer in one line: ``✓ Yes`` on the scale, the value otherwise
    (``Unanswered`` when there is none)."""
    if statement.is_scale:
        return answer_text(instrument, answered.answer if answered is not None else None)
    return typed_text(statement, answered) or UNANSWERED_LABEL


class Record(NamedTuple):
    """How a team reached a statement's answer, and what it has in place: in words, the same in
    every format (each shows every part it has)."""

    #: Each member's answer and note: ``Ana Ruiz: ✓ Yes (Charter signed)``; a member who left
    #: it blank ``Cho Park: — blank``.
    members: tuple[str, ...] = ()
    #: ``1 of 3 members answered``: the team's answer is one voice, the others abstained.
    one_voice: str = ""
    #: Why the team agreed, and when (``agreed 2026-12-06``).
    rationale: str = ""
    agreed: str = ""
    #: The statement's examples the team has in place, and those it lacks (once any is ticked).
    in_place: tuple[str, ...] = ()
    lacking: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """Every part, a line each, as text and Word show them under the statement."""
        out = []
        if self.members:
            out.append("Members: " + "; ".join(self.members))
        if self.one_voice:
            out.append(f"One voice: {self.one_voice}")
        if self.rationale or self.agreed:
            when = f" {self.agreed}" if self.agreed else ""
            out.append(f"Agreed{when}: {self.rationale}" if self.rationale else f"Agreed{when}")
        if self.in_place:
            out.append("In place: " + "; ".join(self.in_place))
        if self.lacking:
            out.append("Not yet in place: " + "; ".join(self.lacking))
        return out


def record_of(
    instrument: Instrument, assessment: Assessment, statement: Statement | None, entry: Entry | None
) -> Record:
    """The :class:`Record` of one statement of ``assessment`` (empty for one person's file
    where nothing was ticked)."""
    if entry is None:
        return Record()
    members: list[str] = []
    if assessment.is_team and entry.members:  # (a later cycle's carried answer has none)
        said = {member.name: member for member in entry.members}
        for member in assessment.members:
            answered = said.get(member.name)
            if statement is not None:
                answer = any_answer_text(instrument, statement, answered)
            else:
                answer = answer_text(instrument, answered.answer if answered else None)
            given = answered is not None and answered.has_answer
            words = answer if given else "— blank"
            note = f" ({answered.note})" if answered is not None and answered.note else ""
            members.append(f"{member.name}: {words}{note}")
    examples = statement.examples if statement is not None else []
    ticked = set(entry.in_place)
    named = [" ".join(text.split()).rstrip(".") for text in examples]
    in_place = tuple(text for n, text in enumerate(named, 1) if n in ticked)
    lacking = tuple(text for n, text in enumerate(named, 1) if n not in ticked) if ticked else ()
    return Record(
        members=tuple(members),
        one_voice=one_voice(assessment, entry),
        rationale=entry.rationale,
        agreed=entry.agreed.astimezone().date().isoformat() if entry.agreed else "",
        in_place=in_place,
        lacking=lacking,
    )


def carried_words(count: int) -> str:
    """``14 answers carried from the last cycle, not confirmed yet``: one wording everywhere."""
    answers = "answer" if count == 1 else "answers"
    return (
        f"{count} {answers} carried from the last cycle, not confirmed yet "
        "(they count as the last cycle gave them)"
    )


class Counted(Protocol):
    """A score as the wording reads it: a role's or the whole assessment's
    (:class:`~nextgen_tui.core.scoring.RoleScore`, :class:`~nextgen_tui.core.scoring.Score`)."""

    @property
    def answered(self) -> int: ...
    @property
    def total(self) -> int: ...
    @property
    def disputed(self) -> int: ...
    @property
    def percent(self) -> float: ...
    @property
    def high_percent(self) -> float: ...
    @property
    def level(self) -> Level | None: ...
    @property
    def levels(self) -> tuple[Level, Level] | None: ...


class Shortfall(Protocol):
    """How far a role is from its target (:class:`~nextgen_tui.core.scoring.TargetGap`)."""

    @property
    def met(self) -> bool: ...
    @property
    def gap(self) -> float: ...


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip() if moment else "—"


def signed(points: float) -> str:
    value = round(points)
    return f"{value:+d}" if value else "0"


def answered_text(result: Counted) -> str:
    """``18/20``, and how many are disputed: ``18/20 · 2 disputed``."""
    text = f"{result.answered}/{result.total}"
    return text + (f" · {result.disputed} disputed" if result.disputed else "")


def score_text(result: Counted) -> str:
    """``30% Developing``; a range with disputes: ``30–50% Developing–Established``."""
    return (
        f"{percent_range(result.percent, result.high_percent)} "
        f"{level_range(result.level, result.levels)}"
    )


def action_line(action: Action) -> str:
    """An action in a report's one line: ``Map the funds (open, to check, Ben, due
    2027-03-31, high priority)``."""
    return action_text(action, check=True, priority=True)


def marked(entry: Entry | None) -> str:
    """`` ? to confirm ⚑ flagged``: the marks a report writes after an answer, in words."""
    return "".join(f" {symbol} {words}" for symbol, words in entry_marks(entry, note=False))


def gap_words(gap: Shortfall) -> str:
    """``met``, or how far below its target a role is: ``25 below``."""
    return "met" if gap.met else f"{round(gap.gap)} below"
