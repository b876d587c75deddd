"""Set what a role (or the whole) aims at: a maturity level by name, or a percentage."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..framework import Framework
from ..marks import target_text
from ..textsafe import printable

#: What the dialog gives back: a target, or None to take it away ("no change" is dismissing
#: with nothing: Esc).
Unset = None


def read_target(framework: Framework, typed: str) -> str | float | None:
    """A target as typed: a level's name (any case, or its first letters), ``75`` or ``75%``;
    empty: none. ValueError, in words, for anything else."""
    text = typed.strip().rstrip("%").strip()
    if not text:
        return Unset
    try:
        value = float(text)
    except ValueError:
        names = [level.name for level in framework.levels]
        found = [name for name in names if name.lower().startswith(text.lower())]
        if len(found) == 1:
            return found[0]
        raise ValueError(
            f"{typed.strip()!r} is not a level or a percentage: type one of "
            f"{', '.join(names)}, or a number from 0 to 100"
        ) from None
    if not 0 <= value <= 100:
        raise ValueError("a percentage is from 0 to 100")
    return int(value) if value.is_integer() else value


class TargetDialog(ModalScreen[tuple[str | float | None] | None]):
    """Dismissed with ``(target,)`` (``(None,)`` takes the target away), or None: no change."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, framework: Framework, name: str, current: str | float | None) -> None:
        super().__init__()
        self.framework = framework
        self.name_shown = name
        self.current = current

    def compose(self) -> ComposeResult:
        levels = ", ".join(
            f"{printable(level.name)} ({level.min:g}%)" for level in self.framework.levels
        )
        with Vertical(id="target-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Target", "bold"), " · ", printable(self.name_shown)),
                classes="dialog-title",
            )
            yield Static(
                Content(f"A level ({levels}) or a percentage. Empty: no target. Enter keeps it."),
                classes="dialog-text",
            )
            current = target_text(self.current) if self.current is not None else ""
            yield Input(current, id="target", placeholder="e.g. Established, or 60")
            yield Static(id="target-error")

    @on(Input.Submitted)
    def _keep(self, event: Input.Submitted) -> None:
        try:
            target = read_target(self.framework, event.value)
        except ValueError as error:
            self.query_one("#target-error", Static).update(Content(printable(str(error))))
            return
        self.dismiss((target,))

    def action_cancel(self) -> None:
        self.dismiss(None)
