"""The results: every role's score and level as bars, then the gaps grouped by role, with notes.

It draws the review report's figures (:class:`nextgen_tui.report.review.Review`), as the
reports do; its colours are the stylesheet's, by component classes.
"""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static

from ...core.instrument import Level
from ...core.scoring import RoleScore, Score, completion, last_cycle_score, target_gaps
from ...core.session import Session
from ...core.textsafe import printable
from ...core.wording import (
    NOTE_SYMBOL,
    answer_text,
    answered_text,
    bar,
    gap_words,
    level_range,
    level_tone,
    marked,
    percent,
    percent_range,
    target_text,
)
from ...report.named_assessment import NamedAssessment
from ...report.review import Review, build_review
from ..widgets.key_bar import KeyBar
from ..widgets.maturity_sidebar import TONE_CLASSES, short_level
from ..widgets.title_bar import TitleBar
from .hanging_indent import hanging
from .questionnaire import QuestionnaireScreen


class ResultsScreen(Screen[None]):
    COMPONENT_CLASSES = {"results--heading", "results--group", *TONE_CLASSES.values()}
    BINDINGS = [
        Binding("escape,r", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        loaded = NamedAssessment(session.path, session.assessment, session.path.stem)
        self.review: Review = build_review(session.instrument, loaded)

    def action_help(self) -> None:
        """The questionnaire's help: every key."""
        self.post_message(QuestionnaireScreen.Request(QuestionnaireScreen.action_help, moves=False))

    def _style(self, component: str) -> Style:
        return self.get_visual_style(component, partial=True)

    def _tone(self, level: Level | None, answered: int) -> Style:
        tone = level_tone(self.session.instrument, level) if answered else None
        return self._style(TONE_CLASSES[tone])

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="results"):
            if self.session.instrument.has_scores:
                yield Static(self._scores(), id="results-scores")
                yield Static(self._gaps(), id="results-gaps")
            else:
                yield Static(self._completion(), id="results-scores")
        yield KeyBar()

    def _completion(self) -> Content:
        """An instrument only filled in (no scores): how much of each section is, and the
        required questions still to answer."""
        instrument, assessment = self.session.instrument, self.session.assessment
        heading, group_style = self._style("results--heading"), self._style("results--group")
        name = instrument.section_name
        label_width = max(len(role.label) for role in instrument.roles)
        parts: list[str | tuple[str, str | Style] | Content] = [
            (f"Filled in, by {name}", heading),
            "\n",
        ]
        for group in instrument.groups:
            parts += ["\n", (printable(group.title), group_style), "\n"]
            for role in instrument.roles_in(group):
                done = completion(assessment, role)
                parts += [
                    f"  {printable(role.label):<{label_width}}  ",
                    (bar(done.percent, 16), self._style(TONE_CLASSES[None])),
                    (f" {percent(done.percent):>4}", "bold"),
                    (f"  {done.answered}/{done.total} · {done.words}", "dim"),
                    "\n",
                ]
        left = [
            (role, statement)
            for role, statement in instrument.statements()
            if statement.is_required
            and not ((e := assessment.entry(role.id, statement.id)) and e.settled)
        ]
        parts += ["\n", ("Required, still to answer", heading), "\n"]
        if not left:
            parts += ["\n", "None: every required question is answered.", "\n"]
        for role, role_left in groupby(left, key=lambda pair: pair[0]):
            parts += ["\n", (printable(role.title), group_style), "\n"]
            for _role, statement in role_left:
                parts += [f"  {role.number(statement):>2} {printable(statement.text)}", "\n"]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.title = "Results"
        self.sub_title = printable(self.session.label)

    def _scores(self) -> Content:
        instrument = self.session.instrument
        result = self.review.score
        heading, group_style = self._style("results--heading"), self._style("results--group")
        label_width = max(len(role.label) for role in instrument.roles)
        bar_width = 16 if self.app.size.width < 100 else 30
        if result.disputed and self._narrow:
            bar_width = 12  # (room for the ranges)
        last = last_cycle_score(instrument, self.session.assessment)
        every: list[Score | RoleScore] = [result, *result.roles]
        ranges = [r for r in every if r.disputed]
        level_width = max(
            [len(level.name) for level in instrument.levels]
            + [len(self._level_text(r)) for r in ranges]
        )
        score_width = max([4, *(len(percent_range(r.percent, r.high_percent)) for r in ranges)])
        parts: list[str | tuple[str, str | Style] | Content] = [("Scores by role", heading), "\n"]
        for group in instrument.groups:
            parts += ["\n", (printable(group.title), group_style), "\n"]
            for role in instrument.roles_in(group):
                role_score = result.for_role(role.id)
                parts += [
                    f"  {printable(role.label):<{label_width}}  ",
                    *self._row(role_score, bar_width, score_width, level_width),
                    *self._since(role_score, last.for_role(role.id) if last else None),
                    "\n",
                ]
        parts += [
            "\n",
            (f"  {'Overall':<{label_width}}  ", "bold"),
            *self._row(result, bar_width, score_width, level_width),
            *self._since(result, last),
            "\n",
            *self._targets(label_width),
            "\n",
            (
                "The levels are this tool's reading of the scores, not part of Next Gen's "
                "self-assessment; ? shows how scores are counted.",
                "dim",
            ),
        ]
        return Content.assemble(*parts)

    def _since(
        self, now: Score | RoleScore, then: Score | RoleScore | None
    ) -> list[tuple[str, str]]:
        """The change since last cycle (a file started from it), in points."""
        if then is None:
            return []
        change = round(now.percent - then.percent)
        return [(f"  {change:+d} since last cycle" if change else "  = last cycle", "dim")]

    def _targets(self, label_width: int) -> list[str | tuple[str, str | Style]]:
        """Where each role stands against its target, those below it first."""
        instrument = self.session.instrument
        found = target_gaps(instrument, self.session.assessment, self.review.score)
        if not found:
            return []
        heading = self._style("results--heading")
        parts: list[str | tuple[str, str | Style]] = [
            "\n",
            ("Targets", heading),
            ("  roles below theirs first; t sets the role's", "dim"),
            "\n",
        ]
        for gap in found:
            label = printable(gap.role.label) if gap.role else "Overall"
            parts += [
                f"  {label:<{label_width}}  {percent_range(gap.current, gap.current):>4} → "
                f"{target_text(gap.target):<11}  ",
                (gap_words(gap), "" if gap.met else "bold"),
                "\n",
            ]
        return parts

    def _row(
        self, result: Score | RoleScore, bar_width: int, score_width: int, level_width: int
    ) -> list[tuple[str, str | Style]]:
        """Bar, score, level, how many answered (and disputed): a range where there are
        disputes."""
        high = result.high_percent if result.disputed else None
        level = result.level or (result.levels[0] if result.levels else None)
        return [
            (
                bar(result.percent, bar_width, high),
                self._tone(level, result.answered or result.disputed),
            ),
            (f" {percent_range(result.percent, result.high_percent):>{score_width}}", "bold"),
            (f"  {self._level_text(result):<{level_width}}", ""),
            (f"  {self._answered_text(result)}", "dim"),
        ]

    @property
    def _narrow(self) -> bool:
        return self.app.size.width < 100

    def _level_text(self, result: Score | RoleScore) -> str:
        """The level, or the range of levels; short of room, the lower one and "+"."""
        return short_level(result) if self._narrow else level_range(result.level, result.levels)

    def _answered_text(self, result: Score | RoleScore) -> str:
        if self._narrow and result.disputed:
            return f"{result.answered}/{result.total} ≠{result.disputed}"
        return answered_text(result)

    def _gaps(self) -> Content:
        instrument = self.session.instrument
        heading, group_style = self._style("results--heading"), self._style("results--group")
        # the room a line has: the screen less the padding and the scrollbar
        width = max((self.size.width or self.app.size.width) - 6, 20)
        found = self.review.gaps
        if not found:
            return Content.assemble(("Gaps", heading), "\n\nNone: every statement is Yes.")
        parts: list[str | tuple[str, str | Style] | Content] = [
            ("Gaps", heading),
            ("  statements answered below Yes, and those not yet answered", "dim"),
            "\n",
        ]
        for role, role_gaps in groupby(found, key=lambda gap: gap.role):
            parts += ["\n", (printable(role.title), group_style), "\n"]
            for gap in role_gaps:
                parts += [
                    f"  {gap.number:>2} ",
                    (answer_text(instrument, gap.answer) + marked(gap.entry), "bold"),
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
        for gaps in self.query("#results-gaps").results(Static):
            gaps.update(self._gaps())
