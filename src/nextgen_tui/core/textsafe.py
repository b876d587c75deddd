"""Make text from files safe to show: it is data, never markup or terminal control."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (which include the 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_KEEP_NOTHING = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters: ESC, BEL, CR and the like are dropped.

    With ``multiline`` newlines and tabs stay; otherwise they become spaces, for one-line places.
    """
    if multiline:
        return _CONTROL.sub("", text)
    return _CONTROL_KEEP_NOTHING.sub("", text.replace("\n", " ").replace("\t", " "))
