"""A report's figures for a program, as JSON: no character in it can act on a terminal."""

from __future__ import annotations

import json

from .blocks import Document


def render(document: Document) -> str:
    """C0 controls are escaped by json; DEL and C1 controls here."""
    text = json.dumps(document.data, ensure_ascii=False, indent=2, default=str)
    return (
        "".join(f"\\u{ord(char):04x}" if 0x7F <= ord(char) <= 0x9F else char for char in text)
        + "\n"
    )
