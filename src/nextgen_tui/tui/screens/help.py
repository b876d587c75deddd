"""Every key of the questionnaire, read from the bindings themselves so it cannot drift."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Static

from ...core.instrument import Instrument
from ...core.textsafe import printable
from ...core.wording import (
    ANSWERED_SYMBOL,
    DISPUTED_SYMBOL,
    FLAG_SYMBOL,
    NOTE_SYMBOL,
    TO_CONFIRM_SYMBOL,
    UNANSWERED_SYMBOL,
)
from .hanging_indent import hanging

# Extra lines for what bindings do not say: keys inside dialogs and the mouse.
OTHER_KEYS = [
    ("ctrl+p", "Command palette: every action by name"),
    ("ctrl+l", "Redraw the screen (a garbled terminal)"),
    ("esc / ctrl+s", "In the note editor: keep the note"),
    ("mouse", "Click a role in the sidebar, a statement or an answer"),
]


class HelpScreen(ModalScreen[None]):
    COMPONENT_CLASSES = {"help--key"}
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def __init__(self, keys: list[tuple[str, str]], instrument: Instrument) -> None:
        super().__init__()
        self.keys = keys
        self.instrument = instrument

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            # the dialog is at most 72 wide, less its border, padding and scrollbar
            width = min(72, self.app.size.width) - 7
            key_style = self.get_visual_style("help--key", partial=True)
            yield Static(_table([*self.keys, *OTHER_KEYS], width, key_style), id="help-keys")
            yield Static(Content("What the marks mean"), classes="dialog-title")
            yield Static(_table(legend(self.instrument), width, key_style), id="help-legend")
            if self.instrument.has_scores:
                yield Static(Content("How scores are counted"), classes="dialog-title")
                yield Static(Content(scoring_words(self.instrument)), id="help-scoring")
            if not self.instrument.only_scale:
                yield Static(Content("Questions of other kinds"), classes="dialog-title")
                yield Static(Content(TYPED_WORDS), id="help-types")
            yield Static(Content("Esc, ? or q closes this"), classes="dialog-hint")


def _table(rows: list[tuple[str, str]], width: int, key_style: Style) -> Content:
    """Two columns; a description too long for its line wraps under itself, not under the key."""
    key_width = max(len(key) for key, _ in rows)
    indent = " " * (key_width + 4)
    parts: list[str | tuple[str, Style] | Content] = []
    for key, description in rows:
        parts += [
            (f"  {key:<{key_width}}  ", key_style),
            hanging(Content(printable(description)), indent, width, first=""),
            "\n",
        ]
    return Content.assemble(*parts).rstrip()


#: How the editors of the other question types work, for the help screen.
TYPED_WORDS = (
    "Enter opens the question's editor. A line: type it, Enter keeps it. A longer text: as "
    "the note editor, Esc or Ctrl+S keeps it. Choices: 1–9 or Space pick (one choice lets go "
    "of the last), Other takes a line, Enter keeps. A number: the number, its unit and the date "
    "it is true of. A list of items: a adds, Enter changes, d removes, shift+↑↓ moves, Esc "
    "keeps the list. u clears an answer. Esc in a line or a choice leaves it as it was."
)


def legend(instrument: Instrument) -> list[tuple[str, str]]:
    """Each mark the questionnaire draws, with its meaning (the answers from the instrument)."""
    rows = [(printable(o.symbol), f"Answered {printable(o.label)}") for o in instrument.scale]
    if not instrument.only_scale:
        rows.append((ANSWERED_SYMBOL, "A question of another kind, answered"))
    return [
        *rows,
        (UNANSWERED_SYMBOL, "Not answered yet"),
        (TO_CONFIRM_SYMBOL, "Carried from the last cycle: answer again to confirm"),
        (FLAG_SYMBOL, "Flagged for follow-up"),
        (NOTE_SYMBOL, "Has a note"),
        (DISPUTED_SYMBOL, "A team file: the members answered differently, not agreed yet"),
        ("▸", "The statement you are on"),
    ]


def scoring_words(instrument: Instrument) -> str:
    """How a score and a level come about, in words, from the instrument's own numbers."""
    points = ", ".join(f"{printable(o.label)} {o.points:g}" for o in instrument.scale)
    bands = ", ".join(f"{printable(level.name)} from {level.min:g}%" for level in instrument.levels)
    return (
        f"Each answer counts {points}; a statement not answered counts 0. A role's score is "
        "its points over its number of statements; the overall score is the mean of the roles' "
        "scores, each role weighing the same. In a team file a disputed statement counts from "
        "its members' lowest answer to their highest, so the score is a range until the team "
        f"agrees.\n\nLevels: {bands}. The levels are this tool's "
        "reading of the scores, not part of Next Gen's self-assessment, which asks only Yes, "
        "Partially or No."
    )


def describe_bindings(bindings: list[Binding]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys shown as a person types them."""
    names = {
        "right_square_bracket": "]",
        "question_mark": "?",
        "down": "↓",
        "up": "↑",
        "right": "→",
        "left": "←",
        "pagedown": "pgdn",
        "pageup": "pgup",
    }
    merged: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        keys, _ = merged.setdefault(binding.action, ([], binding.tooltip or binding.description))
        keys.extend(names.get(key.strip(), key.strip()) for key in binding.key.split(","))
    rows = [(" / ".join(keys), description) for keys, description in merged.values()]
    roles = [row for row in rows if row[1].startswith("Role ")]
    others = [row for row in rows if not row[1].startswith("Role ")]
    if roles:
        others.append((f"1–{len(roles)}", "Jump to a role"))
    return others
