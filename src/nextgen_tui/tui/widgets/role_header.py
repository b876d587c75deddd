"""The current role: its place among the roles, how much of it is answered, title and purpose.

On a short terminal the title and the purpose keep to one line each; on a wide one the role's
group shows beside its place; below 70 columns (no sidebar) the role's and the overall score
join its place.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive

from ...core.scoring import completion
from ...core.session import Change
from ...core.textsafe import printable
from ...core.wording import answered_text, fit, score_text
from .line_view import LineView


class RoleHeader(LineView):
    COMPONENT_CLASSES = {"role-header--title", "role-header--purpose", "role-header--aside"}

    DEFAULT_CSS = """
    RoleHeader {
        overflow-y: hidden;
    }
    """

    #: The index of the current role; bound to the screen's.
    role_index: reactive[int] = reactive(0, init=False, repaint=False)

    def shows(self, change: Change) -> bool:
        return change.kind in ("answer", "reloaded")

    def watch_role_index(self) -> None:
        self.rebuild()

    def build(self, width: int) -> list[Content]:
        instrument = self.instrument
        role = instrument.roles[self.role_index]
        result = self.session.score
        role_score = result.roles[self.role_index]
        done = completion(self.session.assessment, role)
        answered = role_score.answered if role_score.total else done.answered
        tiny = self.in_breakpoint("-tiny")
        short = tiny or self.in_breakpoint("-short")
        aside = self.style("role-header--aside")
        title_style = self.style("role-header--title")
        purpose_style = self.style("role-header--purpose")
        title = printable(role.title)
        purpose = printable(role.purpose or "; ".join(role.looks_like))
        place = Content.assemble(
            (
                f"{instrument.section_name.capitalize()} {self.role_index + 1} "
                f"of {len(instrument.roles)}",
                "bold",
            ),
            " · ",
            (f"{answered} of {len(role.statements)} answered", "bold"),
        )
        if self.in_breakpoint("-wide"):
            group = instrument.group_of(role)
            place = Content.assemble(place, (f" · {printable(group.title)}", aside))
        if self.in_breakpoint("-compact"):
            # no room for the sidebar: its news for this role and overall, in one line
            place = Content.assemble(
                place,
                f" · {score_text(role_score) if role_score.total else done.words}",
                (f" · all {score_text(result)}, {answered_text(result)}", aside)
                if instrument.has_scores
                else "",
            )
        lines = place.wrap(width)
        if short:  # the title and the purpose keep to one line each
            lines.append(Content.styled(fit(title, width), title_style))
            if purpose and not tiny:
                lines.append(Content.styled(fit(purpose, width), purpose_style))
        else:
            lines += Content.styled(title, title_style).wrap(width)
            if purpose:
                lines += Content.styled(purpose, purpose_style).wrap(width)
        return lines
