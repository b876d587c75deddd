"""The live maturity sidebar: every role's bar, score, level and progress, and the overall score."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..display import bar, level_name, percent
from ..framework import Framework, Level, Role
from ..scoring import RoleScore, Score
from ..textsafe import printable


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis where it is cut."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _gauge(
    title: Content,
    right: str,
    score: float,
    answered: int,
    level: Level | None,
    width: int,
    level_width: int,
) -> Content:
    """Two lines: the title with ``right`` flush right; then bar, score and level."""
    bar_width = max(width - 2 - 1 - 4 - 1 - level_width, 4)
    return Content.assemble(
        title,
        " " * max(width - len(title) - len(right), 1),
        (right, "dim"),
        "\n  ",
        (bar(score, bar_width), "$accent" if answered else "dim"),
        " ",
        (f"{percent(score):>4}", "bold"),
        " ",
        (level_name(level), "italic"),
    )


class RoleGauge(Static):
    """Two lines for one role: number, name and answered/total; then bar, score and level."""

    class Selected(Message):
        def __init__(self, role_index: int) -> None:
            self.role_index = role_index
            super().__init__()

    def __init__(self, role: Role, index: int, level_width: int) -> None:
        super().__init__(classes="role-gauge")
        self.role = role
        self.index = index
        self.level_width = level_width
        self.role_score: RoleScore | None = None
        self.current = False

    def show(self, role_score: RoleScore, current: bool) -> None:
        """Show this role's score; nothing is redrawn when nothing changed."""
        if self.role_score is not None and (role_score.answered, role_score.points, current) == (
            self.role_score.answered,
            self.role_score.points,
            self.current,
        ):
            return
        self.role_score = role_score
        self.current = current
        self.set_class(current, "-current")
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or 30
        result = self.role_score
        if result is None:
            return Content("")
        marker = "▶" if self.current else " "
        count = f"{result.answered}/{result.total}"
        label = _fit(printable(self.role.label), width - len(count) - 4)
        title = Content.assemble(
            (f"{marker}{self.index + 1} {label}", "bold" if self.current else "")
        )
        return _gauge(
            title, count, result.percent, result.answered, result.level, width, self.level_width
        )

    def on_click(self) -> None:
        self.post_message(self.Selected(self.index))


class OverallGauge(Static):
    def __init__(self, level_width: int) -> None:
        super().__init__(id="overall")
        self.level_width = level_width
        self.score: Score | None = None

    def show(self, score: Score) -> None:
        if self.score is not None and (score.answered, score.percent) == (
            self.score.answered,
            self.score.percent,
        ):
            return
        self.score = score
        self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or 30
        result = self.score
        if result is None:
            return Content("")
        progress = f"{result.answered}/{result.total} answered"
        title = Content.assemble(("Overall", "bold"))
        return _gauge(
            title, progress, result.percent, result.answered, result.level, width, self.level_width
        )


class MaturitySidebar(VerticalScroll, can_focus=False):
    """All roles, grouped, each with its gauge; the current role highlighted."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="sidebar")
        self.framework = framework
        self.level_width = max(len(level.name) for level in framework.levels)
        self.gauges: list[RoleGauge] = []

    def compose(self):
        index_of = {role.id: index for index, role in enumerate(self.framework.roles)}
        for group in self.framework.groups:
            yield Static(Content(printable(group.title)), classes="group-title")
            for role in self.framework.roles_in(group):
                gauge = RoleGauge(role, index_of[role.id], self.level_width)
                self.gauges.append(gauge)
                yield gauge
        yield OverallGauge(self.level_width)

    def show(self, score: Score, current_role: int) -> None:
        for gauge in self.gauges:
            gauge.show(score.roles[gauge.index], gauge.index == current_role)
        self.query_one(OverallGauge).show(score)
