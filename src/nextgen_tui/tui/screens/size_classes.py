"""Screens that know their size classes from the start and take a resize to the size they
already have as no news."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size

from ..breakpoints import breakpoint_classes


class SteadySize:
    """Textual gives a screen its size classes (``-narrow``, ``-short`` …) at its first resize:
    after its first layout, and then styles the whole screen again. This screen has them from
    the start, so its first layout is the right one and nothing is styled twice.

    A terminal also says its size up to three times as an app starts, the same size each time
    (Textual keeps the last as news even when it is not); each would lay out and draw the whole
    screen again. A size the screen already has changes nothing: Textual's own handling is
    skipped (``prevent_default``). (The first resize always goes through: it is the screen's
    first size.)

    Put before Textual's ``Screen`` among the bases: Textual calls this handler first."""

    #: The size of the last resize the screen took.
    resized_to: Size | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        app = self.app  # type: ignore[attr-defined]
        self.add_class(*breakpoint_classes(app))  # type: ignore[attr-defined]

    async def _on_resize(self, event: events.Resize) -> None:
        if event.size == self.resized_to:
            event.prevent_default()
        self.resized_to = event.size
