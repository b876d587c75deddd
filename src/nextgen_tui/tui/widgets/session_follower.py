"""For the parts of the UI that show the session: each hears every change the app publishes.

The session announces each change (:class:`~nextgen_tui.core.session.Change`); the app
publishes it as its ``session_changed`` signal. A widget or screen with
:class:`FollowsSession` among its bases subscribes when it is mounted, unsubscribes when it
goes, and redraws itself in :meth:`FollowsSession.session_changed`: nothing else has to
remember to tell it. It comes after
the Textual class among the bases (Textual finds a widget's CSS type names and component classes
through the first base), and Textual calls its ``on_mount`` as it calls each base's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual.dom import DOMNode
from textual.signal import Signal
from textual.widget import Widget

from ...core.errors import TooMuch
from ...core.session import Change


class FollowsSession:
    def session_changed(self, change: Change) -> None:
        """The session changed: redraw what ``change`` alters."""

    def attempt(self, change: Callable[[], object]) -> bool:
        """Make a change the person asked for; one the session refuses (a text or a file too
        large, :class:`~nextgen_tui.core.errors.TooMuch`) is said, and nothing changed."""
        try:
            change()
        except TooMuch as refusal:
            cast(Widget, self).notify(
                str(refusal), title="Not changed", severity="error", timeout=10, markup=False
            )
            return False
        return True

    def _signal(self) -> tuple[DOMNode, Signal[Change] | None]:
        node = cast(DOMNode, self)
        signal = getattr(node.app, "session_changed", None)
        return node, signal if isinstance(signal, Signal) else None

    def on_mount(self) -> None:
        node, signal = self._signal()
        if signal is not None:
            signal.subscribe(node, self.session_changed, immediate=True)

    def on_unmount(self) -> None:
        node, signal = self._signal()
        if signal is not None:
            signal.unsubscribe(node)
