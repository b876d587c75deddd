"""The live maturity sidebar: every role's bar, score, level and progress, and the overall score.

It is drawn as one widget (not one per role): a screen with fewer widgets lays out and draws
faster, and the sidebar changes with every answer.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style

from ...core.scoring import (
    Completion,
    RoleScore,
    Score,
    completion,
    completion_overall,
    target_percent,
)
from ...core.session import Change, Session
from ...core.textsafe import printable
from ...core.wording import (
    DISPUTED_SYMBOL,
    TONES,
    bar,
    cells,
    fit,
    level_range,
    level_tone,
    percent,
    percent_range,
)
from .line_view import LineView

#: The component class of each level's tone (see :func:`~nextgen_tui.core.wording.level_tone`).
TONE_CLASSES = {tone: f"tone--{tone}" for tone in TONES} | {None: "tone--none"}


def short_level(result: Score | RoleScore) -> str:
    """The level; for a range across levels, the lower one and ``+`` (``Developing+``): the
    score beside it says how far the range goes."""
    if result.level is None and result.levels is not None:
        return f"{result.levels[0].name}+"
    return level_range(result.level, result.levels)


def gauge(
    title: Content,
    right: str,
    result: Score | RoleScore | Completion,
    width: int,
    level_width: int,
    tone: Style,
    target: tuple[float, Style] | None = None,
) -> list[Content]:
    """Two lines: the title with ``right`` flush right; then bar (in its level's ``tone``),
    score and level; with disputes the score is a range, and so may the level be. A target
    (percent, style) is marked on the bar with ``┃``. A section only filled in shows how much
    of it is, and what is left."""
    if isinstance(result, Completion):
        score, high, level = percent(result.percent), None, result.brief
    else:
        score = percent_range(result.percent, result.high_percent)
        high = result.high_percent if result.disputed else None
        level = short_level(result)
    bar_width = max(width - 2 - 1 - max(len(score), 4) - 1 - level_width, 4)
    drawn = Content.styled(bar(result.percent, bar_width, high), tone)
    if target is not None:
        wanted, mark = target
        at = min(round(bar_width * wanted / 100.0), bar_width - 1)
        drawn = Content.assemble(drawn[:at], ("┃", mark), drawn[at + 1 :])
    return [
        Content.assemble(
            title, " " * max(width - cells(title.plain) - len(right), 1), (right, "dim")
        ),
        Content.assemble(
            "  ",
            drawn,
            " ",
            (f"{score:>4}", "bold"),
            " ",
            (fit(level, level_width), "italic"),
        ),
    ]


class MaturitySidebar(LineView):
    """All roles, grouped, each with its bar, score, level and progress; the current role
    marked ▶ and highlighted; the overall score at the bottom. Click a role to go there."""

    COMPONENT_CLASSES = {
        "maturity-sidebar--group",
        "maturity-sidebar--current",
        "maturity-sidebar--rule",
        "maturity-sidebar--target",
        *TONE_CLASSES.values(),
    }

    #: The index of the current role; bound to the screen's.
    role_index: reactive[int] = reactive(0, init=False, repaint=False)

    class RoleSelected(Message):
        """A role of the sidebar was clicked."""

        def __init__(self, control: MaturitySidebar, role_index: int) -> None:
            self._control = control
            self.role_index = role_index
            super().__init__()

        @property
        def control(self) -> MaturitySidebar:
            return self._control

    def __init__(
        self, session: Session, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(session, id=id, classes=classes)
        #: Room for a level's name; an instrument only filled in needs it for "2 required left".
        self.level_width = max((len(level.name) for level in self.instrument.levels), default=12)
        self.line_roles: list[int | None] = []
        #: Each role's two lines by the figures they show (emptied when the styles change).
        self._gauges: dict[tuple[object, ...], list[Content]] = {}

    def notify_style_update(self) -> None:
        self._gauges = {}
        super().notify_style_update()

    def shows(self, change: Change) -> bool:
        return change.kind in ("answer", "reloaded", "plan")

    def watch_role_index(self) -> None:
        self.rebuild()

    def build(self, width: int) -> list[Content]:
        result = self.session.score
        # room for the longest level shown (a range's "Developing+" may need a cell more)
        every: list[Score | RoleScore] = [result, *result.roles]
        level_width = max([self.level_width, *(len(short_level(r)) for r in every)])
        tones = {tone: self.style(component) for tone, component in TONE_CLASSES.items()}

        def tone_of(result: Score | RoleScore) -> Style:
            """Its level's tone (with a range across levels, the lower one's)."""
            level = result.level or (result.levels[0] if result.levels else None)
            counted = result.answered or result.disputed
            return tones[level_tone(self.instrument, level) if counted else None]

        spaced = self.in_breakpoint("-tall")
        targets = self.session.assessment.targets
        mark = self.style("maturity-sidebar--target")

        def target_of(key: str) -> tuple[float, Style] | None:
            wanted = targets.get(key)
            return None if wanted is None else (target_percent(self.instrument, wanted), mark)

        current_style = self.style("maturity-sidebar--current")
        index_of = {role.id: index for index, role in enumerate(self.instrument.roles)}
        built: dict[tuple[object, ...], list[Content]] = {}
        lines: list[Content] = []
        roles: list[int | None] = []
        for group in self.instrument.groups:
            lines.append(
                Content.styled(printable(group.title), self.style("maturity-sidebar--group"))
            )
            roles.append(None)
            for role in self.instrument.roles_in(group):
                index = index_of[role.id]
                role_score = result.roles[index]
                current = index == self.role_index
                shown: RoleScore | Completion
                if role_score.total:
                    shown = role_score
                    count = f"{role_score.answered}/{role_score.total}"
                    if role_score.disputed:
                        count += f" {DISPUTED_SYMBOL}{role_score.disputed}"
                    figures: tuple[object, ...] = (
                        role_score.answered,
                        role_score.points,
                        role_score.high_points,
                        role_score.disputed,
                        targets.get(role.id),
                    )
                else:  # a section only filled in: how much of it is
                    shown = completion(self.session.assessment, role)
                    count = f"{shown.answered}/{shown.total}"
                    figures = (shown.answered, shown.required_answered)
                # a role's two lines change only with its own figures: built again only then
                key = (role.id, *figures, current, width, level_width)
                lines_of_role = self._gauges.get(key)
                if lines_of_role is None:
                    label = fit(printable(role.label), width - len(count) - 4)
                    title = Content.styled(
                        f"{'▶' if current else ' '}{index + 1} {label}", "bold" if current else ""
                    )
                    lines_of_role = gauge(
                        title,
                        count,
                        shown,
                        width,
                        level_width,
                        tone_of(shown) if isinstance(shown, RoleScore) else tones[None],
                        target_of(role.id) if isinstance(shown, RoleScore) else None,
                    )
                    if current:
                        lines_of_role = [line.stylize(current_style) for line in lines_of_role]
                built[key] = lines_of_role
                lines += lines_of_role
                roles += [index, index]
                if spaced:
                    lines.append(Content(""))
                    roles.append(None)
        lines.append(Content.styled("─" * width, self.style("maturity-sidebar--rule")))
        overall: Score | Completion = result
        if not self.instrument.has_scores:  # nothing scored: how much of it all is filled in
            overall = completion_overall(self.instrument, self.session.assessment)
        progress = f"{overall.answered}/{overall.total} answered"
        if isinstance(overall, Score) and overall.disputed:
            progress = f"{overall.answered}/{overall.total} · {overall.disputed} disputed"
        lines += gauge(
            Content.styled("Overall", "bold"),
            progress,
            overall,
            width,
            level_width,
            tone_of(overall) if isinstance(overall, Score) else tones[None],
            target_of("overall") if isinstance(overall, Score) else None,
        )
        self.line_roles = roles
        self._gauges = built  # the lines shown now: all a next build can reuse
        return lines

    def on_click(self, event: events.Click) -> None:
        line = self.line_clicked(event)
        if line is None or not 0 <= line < len(self.line_roles):
            return
        if (role := self.line_roles[line]) is not None:
            self.post_message(self.RoleSelected(self, role))
