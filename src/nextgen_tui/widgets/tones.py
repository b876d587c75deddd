"""The colour of a level's tone on this terminal.

On a terminal of 256 or more colours the theme's own colours carry the tones; on a 16-colour
one (TERM=xterm, the Linux console) those colours all round to the same few, so the tones take
colours that round to four of the terminal's own that stay apart: red, yellow, cyan and green.
"""

from __future__ import annotations

from textual.app import App

_THEME = {"low": "$error", "fair": "$warning", "good": "$primary", "high": "$success"}
_SIXTEEN = {"low": "red", "fair": "yellow", "good": "deepskyblue", "high": "lime"}


def tone_style(app: App, tone: str | None) -> str:
    """A style for ``tone`` (None, no level yet: dim)."""
    if tone is None:
        return "dim"
    sixteen = app.console.color_system in ("standard", "windows")
    return (_SIXTEEN if sixteen else _THEME)[tone]
