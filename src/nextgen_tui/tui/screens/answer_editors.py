"""Answer a question of another type than the scale: the editor for each type.

In every editor, as in the note editor, Esc (or Ctrl+S) keeps what it holds and closes it: one
meaning everywhere, said in each editor's last line. A long text is edited like a note
(:class:`~.note_editor.NoteEditor`);
here are the others. Each one returns the answer's keys (see
:meth:`nextgen_tui.core.assessment.Assessment.set_typed`), or None when cancelled: nothing changes.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from ...core.assessment import Entry
from ...core.instrument import Role, Statement
from ...core.textsafe import printable
from ...core.typed_answers import parse_date, parse_field, parse_full_date, parse_number
from ...core.wording import item_text, item_value_text, number_text
from .form import FormScreen

Typed = dict[str, Any]


def _title(what: str, role: Role) -> Content:
    return Content.assemble((what, "bold"), " · ", printable(role.label))


def _heading(role: Role, statement: Statement) -> ComposeResult:
    """An editor's first lines: what it answers, in which section, and the question."""
    yield Static(_title("Answer", role), classes="dialog-title")
    yield Static(Content(printable(statement.text)), classes="dialog-text")


def _hint(*parts: str) -> Static:
    """``key, words, key, words…``: the keys bold."""
    pieces: list[str | tuple[str, str]] = []
    for index, part in enumerate(parts):
        pieces.append((part, "bold") if index % 2 == 0 else part)
    return Static(Content.assemble(*pieces), classes="dialog-hint")


class ShortTextEditor(FormScreen[Typed | None]):
    """One line of text: Enter or Esc keeps it."""

    BINDINGS = [Binding("escape,ctrl+s", "keep", "Keep", priority=True)]
    FIELDS = ("answer-text",)

    def __init__(self, role: Role, statement: Statement, text: str) -> None:
        super().__init__()
        self.role, self.statement, self.text = role, statement, text

    def compose(self) -> ComposeResult:
        with Vertical(id="answer-dialog", classes="dialog"):
            yield from _heading(self.role, self.statement)
            yield Input(self.text, id="answer-text", max_length=500)
            yield _hint("Enter", " or ", "Esc", " keeps it")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def submit(self) -> None:
        text = printable(self.query_one(Input).value).strip()
        self.dismiss({"text": text} if text else {})


class ChoiceEditor(ModalScreen[Typed | None]):
    """One choice, or several: number keys or Space pick; "Other" has a line to say what.
    Enter or Esc keeps."""

    BINDINGS = [
        Binding("enter,escape,ctrl+s", "keep", "Keep", priority=True),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, role: Role, statement: Statement, entry: Entry | None) -> None:
        super().__init__()
        self.role, self.statement = role, statement
        self.several = statement.type == "choices"
        self.picked = set(entry.picked) if entry is not None else set()
        self.other = entry.other if entry is not None else ""

    @property
    def values(self) -> list[str]:
        return [o.value for o in self.statement.options] + (
            ["other"] if self.statement.other else []
        )

    def compose(self) -> ComposeResult:
        statement = self.statement
        labels = [o.label for o in statement.options] + (["Other"] if statement.other else [])
        how = "Pick any" if self.several else "Pick one"
        with VerticalScroll(id="choice-dialog", classes="dialog"):
            yield from _heading(self.role, statement)
            yield SelectionList[str](
                *(
                    (Content(f"{number} {printable(label)}"), value, value in self.picked)
                    for number, (label, value) in enumerate(
                        zip(labels, self.values, strict=True), start=1
                    )
                ),
                id="choice-list",
            )
            if statement.other:
                yield Label("Other:")
                yield Input(self.other, id="choice-other", max_length=200, select_on_focus=False)
            yield _hint(
                "1–9",
                f" or Space: {how.lower()} · ",
                "Enter",
                " or ",
                "Esc",
                " keeps",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(SelectionList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":  # in the Other line, digits are text
            return not isinstance(self.focused, Input)
        return True

    def action_pick(self, number: int) -> None:
        if number <= len(self.values):
            self._toggle(self.values[number - 1])

    def _toggle(self, value: str) -> None:
        listing = self.query_one(SelectionList)
        if value in listing.selected:
            listing.deselect(value)
        else:
            listing.select(value)
        self._picked(value)

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        self._picked(event.selection.value)

    def _picked(self, value: str) -> None:
        """One choice: picking one lets go of the one before. Other: its line to type in."""
        listing = self.query_one(SelectionList)
        if value not in listing.selected:
            return
        if not self.several:
            for other in list(listing.selected):
                if other != value:
                    listing.deselect(other)
        if value == "other":
            self.set_focus(self.query_one("#choice-other", Input))

    def on_key(self, event: events.Key) -> None:
        """Text typed while the list has the focus (after a Tab, say) goes to the Other line,
        never nowhere: digits and Space still pick in the list."""
        character = event.character
        if (
            self.statement.other
            and not isinstance(self.focused, Input)
            and character is not None
            and character.isprintable()
            and not character.isdigit()
            and character != " "
        ):
            other = self.query_one("#choice-other", Input)
            self.set_focus(other)
            other.insert_text_at_cursor(character)
            event.stop()
            event.prevent_default()

    @on(Input.Changed, "#choice-other")
    def _other_typed(self, event: Input.Changed) -> None:
        listing = self.query_one(SelectionList)
        if event.value.strip() and "other" not in listing.selected:
            if not self.several:
                listing.deselect_all()
            listing.select("other")

    def action_keep(self) -> None:
        # after what the focused field still has to take in (see FormScreen)
        focused = self.focused or self
        focused.call_later(self.call_later, self._keep_now)

    def _keep_now(self) -> None:
        selected = set(self.query_one(SelectionList).selected)
        picked = [value for value in self.values if value in selected]
        other = ""
        if "other" in picked:
            other = printable(self.query_one("#choice-other", Input).value).strip()
        if not picked:
            self.dismiss({})
        elif self.several:
            self.dismiss({"choices": picked, "other": other})
        else:
            self.dismiss({"choice": picked[0], "other": other})


class NumberEditor(FormScreen[Typed | None]):
    """A number, its unit (unless the question fixes it) and the date it is true of."""

    BINDINGS = [Binding("escape,ctrl+s", "keep", "Keep", priority=True)]

    def __init__(self, role: Role, statement: Statement, entry: Entry | None) -> None:
        super().__init__()
        self.role, self.statement, self.entry = role, statement, entry
        asks_unit = not statement.unit and not statement.bare
        self.FIELDS = (
            ("number-value",)
            + (("number-unit",) if asks_unit else ())
            + (() if statement.bare else ("number-as-of",))
        )

    def compose(self) -> ComposeResult:
        entry, statement = self.entry, self.statement
        value = number_text(entry.number) if entry and entry.number is not None else ""
        with Vertical(id="number-dialog", classes="dialog"):
            yield from _heading(self.role, statement)
            yield Label(f"Number ({statement.unit})" if statement.unit else "Number")
            yield Input(value, id="number-value", placeholder="e.g. 340", max_length=40)
            if "number-unit" in self.FIELDS:
                yield Label("Unit")
                unit = entry.unit if entry else ""
                yield Input(unit, id="number-unit", placeholder="e.g. people", max_length=40)
            if "number-as-of" in self.FIELDS:
                yield Label("As of (YYYY-MM-DD)")
                as_of = entry.as_of.isoformat() if entry and entry.as_of else ""
                yield Input(as_of, id="number-as-of", placeholder="e.g. 2026-06-30", max_length=10)
            yield Static(id="number-error", classes="dialog-error")
            yield _hint("Enter", " next, then keeps · ", "Esc", " keeps")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#number-value", Input))

    def submit(self) -> None:
        def text(field: str) -> str:
            found = self.query(f"#{field}").results(Input)
            return next((printable(one.value).strip() for one in found), "")

        try:
            typed: Typed = {}
            if text("number-value"):
                typed["number"] = parse_number(text("number-value"))
                typed["unit"] = text("number-unit")
                if text("number-as-of"):
                    typed["as_of"] = parse_full_date(text("number-as-of"))
        except ValueError as error:
            self.refuse(str(error))
            return
        self.dismiss(typed)


class DateEditor(FormScreen[Typed | None]):
    BINDINGS = [Binding("escape,ctrl+s", "keep", "Keep", priority=True)]
    FIELDS = ("date-value",)

    def __init__(self, role: Role, statement: Statement, entry: Entry | None) -> None:
        super().__init__()
        self.role, self.statement, self.entry = role, statement, entry

    def compose(self) -> ComposeResult:
        on = str(self.entry.on) if self.entry and self.entry.on else ""
        with Vertical(id="date-dialog", classes="dialog"):
            yield from _heading(self.role, self.statement)
            yield Label("Date (YYYY-MM-DD, or YYYY-MM or YYYY when that is all that is known)")
            yield Input(on, id="date-value", placeholder="e.g. 2026-06-30", max_length=10)
            yield Static(id="date-error", classes="dialog-error")
            yield _hint("Enter", " or ", "Esc", " keeps it")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def submit(self) -> None:
        text = self.query_one(Input).value.strip()
        try:
            typed: Typed = {"date": parse_date(text)} if text else {}
        except ValueError as error:
            self.refuse(str(error))
            return
        self.dismiss(typed)


class ItemEditor(FormScreen[dict[str, Any] | None]):
    """One item of a repeatable group: a line for each of its fields (a longer text gets a
    small text area; a choice, the numbers of its options). Enter moves on and keeps the item
    at the last field; Esc or Ctrl+S keeps it from anywhere."""

    BINDINGS = [
        Binding("escape,ctrl+s", "keep", "Keep", priority=True),
    ]

    def __init__(
        self, role: Role, statement: Statement, item: dict[str, Any] | None, number: int
    ) -> None:
        super().__init__()
        self.role, self.statement, self.item, self.number = role, statement, item or {}, number
        self.FIELDS = tuple(f"item-{field.id}" for field in statement.fields)

    def _label(self, field: Statement) -> str:
        label = printable(field.text)
        if field.type == "date":
            return f"{label} (YYYY-MM-DD, YYYY-MM or YYYY)"
        if field.type == "number" and field.unit:
            return f"{label} ({printable(field.unit)})"
        if field.type in ("choice", "choices"):
            numbered = ", ".join(
                f"{n} {printable(o.label)}" for n, o in enumerate(field.options, start=1)
            )
            return f"{label}: {numbered}" + (
                " (numbers, commas between)" if field.type == "choices" else ""
            )
        return label

    def _shown(self, field: Statement) -> str:
        value = self.item.get(field.id)
        if value is None:
            return ""
        if field.type in ("choice", "choices"):
            picked = value if isinstance(value, list) else [value]
            values = [o.value for o in field.options]
            return ", ".join(str(values.index(v) + 1) for v in picked if v in values)
        if field.type == "number":
            return number_text(value)
        return item_value_text(field, value)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="item-dialog", classes="dialog"):
            yield Static(
                _title(f"Item {self.number}", self.role).append(
                    Content(f" · {printable(self.statement.text)}")
                ),
                classes="dialog-title",
            )
            for field in self.statement.fields:
                yield Label(self._label(field))
                if field.type == "long-text":
                    yield TextArea(
                        self._shown(field),
                        id=f"item-{field.id}",
                        soft_wrap=True,
                        classes="item-long",
                    )
                else:
                    yield Input(self._shown(field), id=f"item-{field.id}", max_length=500)
            yield Static(id="item-error", classes="dialog-error")
            yield _hint("Enter", " next · ", "Esc", " or ", "Ctrl+S", " keeps the item")

    def on_mount(self) -> None:
        first: Widget = self.query_one(f"#item-{self.statement.fields[0].id}")
        self.set_focus(first)

    def submit(self) -> None:
        item: dict[str, Any] = {}
        try:
            for field in self.statement.fields:
                widget = self.query_one(f"#item-{field.id}")
                raw = widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]
                text = printable(str(raw), multiline=field.type == "long-text").strip()
                if not text:
                    continue
                item[field.id] = parse_field(field, text)
        except ValueError as error:
            message = f"{printable(field.text)}: {error}"  # (the field it is about)
            self.refuse(message)
            return
        self.dismiss(item if item else None)


class GroupEditor(ModalScreen[Typed | None]):
    """A repeatable group's items: add, change, remove and reorder them. Esc or Ctrl+S keeps
    the list (as the note editor does)."""

    BINDINGS = [
        Binding("a", "add", "Add an item"),
        Binding("enter", "change", "Change the item", priority=True),
        Binding("d,delete", "remove", "Remove the item"),
        Binding("shift+up,K", "move(-1)", "Move the item up"),
        Binding("shift+down,J", "move(1)", "Move the item down"),
        Binding("u,ctrl+z", "undo", "Put back the item removed last"),
        Binding("escape,ctrl+s", "keep", "Keep", priority=True),
    ]

    def __init__(self, role: Role, statement: Statement, entry: Entry | None) -> None:
        super().__init__()
        self.role, self.statement = role, statement
        self.items: list[dict[str, Any]] = [dict(item) for item in (entry.items if entry else [])]
        #: The items removed, latest last, each with its place: u puts the last one back.
        self.removed: list[tuple[int, dict[str, Any]]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="group-dialog", classes="dialog"):
            yield from _heading(self.role, self.statement)
            yield OptionList(id="group-items")
            yield _hint(
                "a",
                " adds · ",
                "Enter",
                " changes · ",
                "d",
                " removes (",
                "u",
                " puts back) · ",
                "shift+↑↓",
                " moves · ",
                "Esc",
                " keeps",
            )

    def on_mount(self) -> None:
        self._show(0)
        self.set_focus(self.query_one(OptionList))

    def _show(self, highlight: int | None) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        if not self.items:
            listing.add_option(
                Option(Content.styled("No items yet: a adds one.", "dim"), disabled=True)
            )
            return
        listing.add_options(
            Option(Content(f"{n}. {item_text(self.statement, item)}"))
            for n, item in enumerate(self.items, start=1)
        )
        if highlight is not None:
            listing.highlighted = max(0, min(highlight, len(self.items) - 1))

    @property
    def _current(self) -> int | None:
        highlighted = self.query_one(OptionList).highlighted
        return highlighted if self.items and highlighted is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("change", "remove", "move"):
            return self._current is not None
        return True

    def action_add(self) -> None:
        def keep(item: dict[str, Any] | None) -> None:
            if item:
                self.items.append(item)
                self._show(len(self.items) - 1)

        self.app.push_screen(ItemEditor(self.role, self.statement, None, len(self.items) + 1), keep)

    def action_change(self) -> None:
        index = self._current
        if index is None:
            return

        def keep(item: dict[str, Any] | None) -> None:
            if item:
                self.items[index] = item
                self._show(index)

        self.app.push_screen(
            ItemEditor(self.role, self.statement, self.items[index], index + 1), keep
        )

    def action_remove(self) -> None:
        index = self._current
        if index is not None:
            self.removed.append((index, self.items.pop(index)))
            self._show(index)
            self.notify(f"Item {index + 1} removed: u puts it back.", timeout=4, markup=False)

    def action_undo(self) -> None:
        if self.removed:
            index, item = self.removed.pop()
            self.items.insert(index, item)
            self._show(index)

    def action_move(self, by: int) -> None:
        index = self._current
        if index is None or not 0 <= index + by < len(self.items):
            return
        self.items[index], self.items[index + by] = self.items[index + by], self.items[index]
        self._show(index + by)

    def action_keep(self) -> None:
        self.dismiss({"items": self.items} if self.items else {})
