"""The screen's size classes (``-compact``/``-narrow``/``-wide``/``-vast``, ``-short``/``-tall``),
worked out from the
app's size the way Textual does from its breakpoints, but known from the start: Textual gives
a screen its classes only at its first resize, after the first layout."""

from __future__ import annotations

from textual.app import App


def breakpoint_classes(app: App) -> set[str]:
    width, height = app.size
    classes = set()
    for size, breakpoints in (
        (width, app.HORIZONTAL_BREAKPOINTS or []),
        (height, app.VERTICAL_BREAKPOINTS or []),
    ):
        reached = [(least, name) for least, name in breakpoints if size >= least]
        if reached:
            classes.add(max(reached)[1])
    return classes
