"""The results: every role's score and level as bars, then the gaps grouped by role, with notes."""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..marks import (
    FLAG_SYMBOL,
    NOTE_SYMBOL,
    answer_label,
    answer_symbol,
    bar,
    level_name,
    level_tone,
    percent,
)
from ..scoring import gaps
from ..session import Session
from ..textsafe import printable
from ..widgets.key_bar import KeyBar
from ..widgets.title_bar import TitleBar
from ..widgets.tones import tone_style
from .wrapping import hanging


class ResultsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,r", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="results"):
            yield Static(self._scores(), id="results-scores")
            yield Static(self._gaps(), id="results-gaps")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Results"
        self.sub_title = printable(self.session.label)

    def _scores(self) -> Content:
        framework = self.session.framework
        result = self.session.score
        label_width = max(len(role.label) for role in framework.roles)
        bar_width = 16 if self.app.size.width < 100 else 30
        level_width = max(len(level.name) for level in framework.levels)
        parts: list[str | tuple[str, str] | Content] = [("Scores by role", "bold underline"), "\n"]
        for group in framework.groups:
            parts += ["\n", (printable(group.title), "bold $secondary"), "\n"]
            for role in framework.roles_in(group):
                role_score = result.for_role(role.id)
                parts += [
                    f"  {printable(role.label):<{label_width}}  ",
                    (
                        bar(role_score.percent, bar_width),
                        tone_style(self.app, level_tone(framework, role_score.level))
                        if role_score.answered
                        else "dim",
                    ),
                    (f" {percent(role_score.percent):>4}", "bold"),
                    f"  {level_name(role_score.level):<{level_width}}",
                    (f"  {role_score.answered}/{role_score.total}", "dim"),
                    "\n",
                ]
        parts += [
            "\n",
            (f"  {'Overall':<{label_width}}  ", "bold"),
            (
                bar(result.percent, bar_width),
                tone_style(self.app, level_tone(framework, result.level)),
            ),
            (f" {percent(result.percent):>4}", "bold"),
            (f"  {level_name(result.level):<{level_width}}", "bold"),
            (f"  {result.answered}/{result.total}", "dim"),
            "\n\n",
            (
                "The levels are this tool's reading of the scores, not part of Next Gen's "
                "self-assessment; ? shows how scores are counted.",
                "dim",
            ),
        ]
        return Content.assemble(*parts)

    def _gaps(self) -> Content:
        framework = self.session.framework
        # the room a line has: the screen less the padding and the scrollbar
        width = max((self.size.width or self.app.size.width) - 6, 20)
        found = gaps(framework, self.session.assessment)
        if not found:
            return Content.assemble(("Gaps", "bold underline"), "\n\nNone: every statement is Yes.")
        parts: list[str | tuple[str, str] | Content] = [
            ("Gaps", "bold underline"),
            ("  statements answered below Yes, and those not yet answered", "dim"),
            "\n",
        ]
        for role, role_gaps in groupby(found, key=lambda gap: gap.role):
            parts += ["\n", (printable(role.title), "bold $secondary"), "\n"]
            for gap in role_gaps:
                number = role.statements.index(gap.statement) + 1
                label = answer_label(framework, gap.answer)
                parts += [
                    f"  {number:>2} ",
                    (f"{answer_symbol(framework, gap.answer)} {label}", "bold"),
                    (f" {FLAG_SYMBOL} flagged" if gap.entry and gap.entry.flagged else "", "bold"),
                    "\n",
                    hanging(Content(printable(gap.statement.text)), "     ", width),
                    "\n",
                ]
                if gap.entry and gap.entry.note:
                    note = Content.styled(printable(gap.entry.note, multiline=True), "italic")
                    parts += [
                        (f"     {NOTE_SYMBOL} ", "bold"),
                        hanging(note, "       ", width, first=""),
                        "\n",
                    ]
        return Content.assemble(*parts)

    def on_resize(self) -> None:
        """The gaps wrap under their own start: wrap them again for the new width."""
        self.query_one("#results-gaps", Static).update(self._gaps())
