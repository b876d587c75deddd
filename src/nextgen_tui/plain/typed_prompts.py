"""Plain mode's prompts for the question types beyond the scale: a line of text, lines ended by
a blank one, choices by number, a number with its unit and as-of date, a date, a group's items
field by field. Every reply is read as a line; a line of just a command letter is the command.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..core.assessment import Entry
from ..core.instrument import Statement
from ..core.textsafe import printable
from ..core.typed_answers import parse_date, parse_field, parse_full_date, parse_number, parse_picks
from ..core.wording import item_text, typed_lines


class Asking(Protocol):
    """What the prompts need of the plain questionnaire (:class:`.plain.PlainQuestionnaire`)."""

    COMMANDS: tuple[str, ...]

    def say(self, text: str = "") -> None: ...

    def ask_line(self, prompt: str) -> str | None: ...


#: What :meth:`TypedPrompts.ask` gives back: the answer's keys, a command letter ("" keeps the
#: answer as it is), or None when input ended.
Outcome = dict[str, Any] | str | None


class _Ended(Exception):
    """Input ended in the middle of an answer."""


class _Command(Exception):
    def __init__(self, letter: str) -> None:
        self.letter = letter


def _kept_or_cleared(typed: str) -> Outcome:
    """What a reply alone says: Enter keeps the answer as it is (""), a single - clears it
    ({}); None: it is the answer."""
    if typed == "":
        return ""
    return {} if typed == "-" else None


class TypedPrompts:
    def __init__(self, plain: Asking, statement: Statement) -> None:
        self.plain = plain
        self.statement = statement

    def say(self, text: str = "") -> None:
        self.plain.say(text)

    def line(self, prompt: str, *, commands: bool = False) -> str:
        """A line typed after ``prompt``; with ``commands``, a line of just a command letter is
        that command."""
        typed = self.plain.ask_line(prompt)
        if typed is None:
            raise _Ended
        if commands and typed.strip().lower() in self.plain.COMMANDS:
            raise _Command(typed.strip().lower())
        return printable(typed).strip()

    def show(self, entry: Entry | None) -> None:
        """The current answer, and the choices of a choice question."""
        statement = self.statement
        if statement.type in ("choice", "choices"):
            labels = [option.label for option in statement.options]
            if statement.other:
                labels.append("Other (say what)")
            for number, label in enumerate(labels, start=1):
                self.say(f"  {number} {printable(label)}")
        given = typed_lines(statement, entry)
        if given:
            self.say("  Current answer:" if statement.type != "group" else "  Items now:")
            for line in given:
                self.say(f"    {line}")
        elif entry is not None and entry.members:
            for member in entry.members:
                for number, line in enumerate(typed_lines(statement, member)):
                    self.say(f"  {printable(member.name) if number == 0 else ' '}: {line}")

    def ask(self, entry: Entry | None) -> Outcome:
        try:
            return getattr(self, "_" + self.statement.type.replace("-", "_"))(entry)
        except _Ended:
            return None
        except _Command as command:
            return command.letter

    # -- one method a type ----------------------------------------------------------------

    def _short_text(self, entry: Entry | None) -> Outcome:
        keep = " (Enter keeps it, - clears it)" if entry and entry.text else ""
        text = self.line(f"Answer{keep} > ", commands=True)
        kept = _kept_or_cleared(text)
        return kept if kept is not None else {"text": text}

    def _long_text(self, entry: Entry | None) -> Outcome:
        keep = "; Enter on the first keeps it, - clears it" if entry and entry.text else ""
        self.say(f"  Type the answer; a blank line ends it{keep}.")
        first = self.line("> ", commands=True)
        if (kept := _kept_or_cleared(first)) is not None:
            return kept
        lines = [first]
        while (more := self.line("> ")) != "":
            lines.append(more)
        return {"text": "\n".join(lines)}

    def _choice(self, entry: Entry | None) -> Outcome:
        several = self.statement.type == "choices"
        how = "numbers, spaces between" if several else "a number"
        keep = ", Enter keeps it, - clears it" if entry and entry.has_answer else ""
        values = [o.value for o in self.statement.options] + (
            ["other"] if self.statement.other else []
        )
        while True:
            typed = self.line(f"Choose ({how}{keep}) > ", commands=True)
            if (kept := _kept_or_cleared(typed)) is not None:
                return kept
            try:
                picked = parse_picks(values, typed, several=several)
            except ValueError:
                self.say(f"  Please type {how}, from 1 to {len(values)}.")
                continue
            other = ""
            if "other" in picked:
                other = self.line("  Other: what? > ")
            if several:
                return {"choices": picked, "other": other}
            return {"choice": picked[0], "other": other}

    _choices = _choice

    def _number(self, entry: Entry | None) -> Outcome:
        statement = self.statement
        unit = f" ({printable(statement.unit)})" if statement.unit else ""
        keep = ", Enter keeps it, - clears it" if entry and entry.number is not None else ""
        while True:
            typed = self.line(f"Number{unit}{keep} > ", commands=True)
            if (kept := _kept_or_cleared(typed)) is not None:
                return kept
            try:
                value = parse_number(typed)
                break
            except ValueError as error:
                self.say(f"  {error}")
        answer: dict[str, Any] = {"number": value}
        if statement.bare:  # only the number (a year)
            return answer
        if not statement.unit:
            answer["unit"] = self.line("  Unit (Enter for none) > ")
        while typed := self.line("  As of (YYYY-MM-DD, Enter for none) > "):
            try:
                answer["as_of"] = parse_full_date(typed)
                break
            except ValueError as error:
                self.say(f"  {error}")
        return answer

    def _date(self, entry: Entry | None) -> Outcome:
        keep = ", Enter keeps it, - clears it" if entry and entry.on else ""
        while True:
            typed = self.line(f"Date (YYYY-MM-DD, or YYYY-MM or YYYY{keep}) > ", commands=True)
            if (kept := _kept_or_cleared(typed)) is not None:
                return kept
            try:
                return {"date": parse_date(typed)}
            except ValueError as error:
                self.say(f"  {error}")

    def _group(self, entry: Entry | None) -> Outcome:
        items = [dict(item) for item in (entry.items if entry else [])]
        if items:
            typed = self.line(
                "Items: Enter keeps them, + adds more, - starts again > ", commands=True
            )
            if typed == "":
                return ""
            if typed == "-":
                items = []
            elif typed != "+":
                self.say("  Please type Enter, + or -.")
                return self._group(entry)
        self.say(
            "  One item at a time, field by field; Enter on an item's first field ends the list."
        )
        while True:
            item = self._item(len(items) + 1)
            if item is None:
                break
            items.append(item)
            self.say(f"  Item {len(items)}: {item_text(self.statement, item)}")
        return {"items": items} if items else {}

    def _item(self, number: int) -> dict[str, Any] | None:
        item: dict[str, Any] = {}
        for index, field in enumerate(self.statement.fields):
            while True:
                typed = self.line(f"  Item {number}, {printable(field.text)} > ")
                if not typed:
                    if index == 0:
                        return None
                    break
                try:
                    item[field.id] = parse_field(field, typed)
                    break
                except ValueError as error:
                    self.say(f"  {error}")
        return item
