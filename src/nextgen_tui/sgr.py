"""Fewer bytes to the terminal: colour and style codes sent only where they change.

Textual (through Rich) writes every run of text with its whole style and a reset after it:
``ESC[1;38;5;253;48;5;233mRole 1 of 7ESC[0mESC[38;5;253;48;5;233m · ESC[0m…``. Over a slow
link most of what an answer key sends is these codes. :class:`StyleDiff` rewrites the stream so
that before each run of text the terminal is told only what differs from the style it already
has (``ESC[22m`` to drop the bold above), which the terminal draws exactly the same.

It is exact by construction: styles are tracked as the terminal tracks them (what each code
sets or clears), the style a run of text is drawn in is always the one the original stream
would have drawn it in, and before anything else that can depend on the current style (a line
feed, an erase, a code it does not know) and at the end of every write, the terminal is brought
to the very style the original stream would have left it in. No Textual here: it works on text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: An SGR code (``ESC[…m``); any other escape sequence (a lone ESC too: nothing is dropped);
#: or a run of text.
_TOKEN = re.compile(
    r"""
    \x1b\[([0-9;]*)m
    | (\x1b(?: \[[0-9;?<=>]*[\ -/]*[@-~] | \][^\x07\x1b]*(?:\x07|\x1b\\) | [@-Z\\-_] )? )
    | ([^\x1b]+)
    """,
    re.VERBOSE,
)
#: Escape sequences that move the cursor or set a mode: they draw nothing, so the style the
#: terminal holds does not matter to them.
_MOVES = re.compile(r"\x1b\[[0-9;]*[HfABCDEFGd]|\x1b\[\?[0-9;]*[hl]|\x1b[78]")

#: On/off attributes: the code that sets each, and the one that clears it.
_FLAGS = {"1": "22", "2": "22", "3": "23", "4": "24", "5": "25", "7": "27", "8": "28", "9": "29"}
_OFF = {
    off: [flag for flag, clear in _FLAGS.items() if clear == off] for off in set(_FLAGS.values())
}

Style = tuple[frozenset[str], tuple[str, ...] | None, tuple[str, ...] | None]
PLAIN: Style = (frozenset(), None, None)


def _apply(style: Style | None, params: str) -> Style | None:
    """The style after an SGR code with ``params`` (None: a code this does not understand)."""
    parts = params.split(";") if params else ["0"]
    if style is None:  # not known: only a reset makes it known again
        if parts[0] not in ("", "0"):
            return None
        style = PLAIN
    flags, fg, bg = set(style[0]), style[1], style[2]
    index = 0
    while index < len(parts):
        code = parts[index] or "0"
        if code == "0":
            flags, fg, bg = set(), None, None
        elif code in _FLAGS:
            flags.add(code)
        elif code in _OFF:
            flags.difference_update(_OFF[code])
        elif code in ("38", "48"):
            kind = parts[index + 1] if index + 1 < len(parts) else ""
            size = {"5": 2, "2": 4}.get(kind)
            if size is None or index + size >= len(parts):
                return None
            colour = tuple(parts[index : index + size + 1])
            if code == "38":
                fg = colour
            else:
                bg = colour
            index += size
        elif code == "39":
            fg = None
        elif code == "49":
            bg = None
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            fg = (code,)
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            bg = (code,)
        else:
            return None
        index += 1
    return frozenset(flags), fg, bg


def _full(style: Style) -> list[str]:
    flags, fg, bg = style
    return sorted(flags) + list(fg or ()) + list(bg or ())


def _change(have: Style | None, want: Style) -> str:
    """The shortest SGR code that takes the terminal from ``have`` (None: not known) to
    ``want``."""
    if want == PLAIN:
        return "\x1b[0m"
    if have is None:
        return f"\x1b[0;{';'.join(_full(want))}m"
    params: list[str] = []
    gone = have[0] - want[0]
    cleared: set[str] = set()
    for flag in sorted(gone):
        off = _FLAGS[flag]
        if off not in params:
            params.append(off)
            cleared.update(_OFF[off])
    params += sorted(want[0] - (have[0] - cleared))  # (22 clears bold and dim: set again)
    for ours, theirs, default in ((want[1], have[1], "39"), (want[2], have[2], "49")):
        if ours != theirs:
            params += list(ours) if ours is not None else [default]
    diff = f"\x1b[{';'.join(params)}m"
    fresh = f"\x1b[0;{';'.join(_full(want))}m"
    return diff if len(diff) <= len(fresh) else fresh


#: An escape sequence not finished at the end of a write (its end comes with the next one).
_UNFINISHED = re.compile(r"\x1b(?:\[[0-9;?<=>]*[\ -/]*|\][^\x07\x1b]*)?\Z")


#: A cursor position (``ESC[row;colH``).
_CUP = re.compile(r"\x1b\[(\d*)(?:;(\d*))?[Hf]")
#: Within text: a line break (a bare line feed is one too: the terminal's line discipline
#: usually adds the carriage return), another control character, or a run of what is drawn.
_TEXT = re.compile(r"(\r?\n)|([\x00-\x1f\x7f])|([^\x00-\x1f\x7f]+)")


class StyleDiff:
    """Rewrites what is written to one terminal; keeps what that terminal's style is, and
    where its cursor is while that is known.

    ``size`` gives the terminal's (columns, lines) and ``cells`` a text's width in cells: with
    them, a line break between two lines the stream then positions itself (as Textual writes
    every line) is known not to scroll, so it goes without the style reset it would otherwise
    need, or at all when a cursor position follows it."""

    def __init__(
        self,
        size: Callable[[], tuple[int, int]] | None = None,
        cells: Callable[[str], int] = len,
    ) -> None:
        #: The terminal's style; None: not known (at the start, whatever the shell left; after
        #: a code this does not read), so the next change is a full one.
        self.have: Style | None = None
        self._held = ""  # the start of an escape sequence cut by the end of a write
        self.size = size
        self.cells = cells
        self.row: int | None = None  # 1-based, while known
        self.column: int | None = None

    def feed(self, data: str) -> str:
        data, self._held = self._held + data, ""
        if unfinished := _UNFINISHED.search(data):
            data, self._held = data[: unfinished.start()], unfinished.group(0)
        out: list[str] = []
        want: Style | None = self.have
        have = self.have
        size = self.size() if self.size is not None else None
        tokens = list(_TOKEN.finditer(data))
        for index, match in enumerate(tokens):
            params, other, text = match.groups()
            if params is not None:
                want = _apply(want, params)
                if want is None:  # a code this does not read: pass it on, forget the style
                    out.append(match.group(0))
                    have = None
                continue
            if other is not None:
                if cup := _CUP.fullmatch(other):
                    self.row, self.column = int(cup.group(1) or 1), int(cup.group(2) or 1)
                elif _MOVES.fullmatch(other):
                    if not other.startswith("\x1b[?"):  # (a mode moves nothing)
                        self.row = self.column = None
                else:  # it may draw: in its style
                    if want is not None and want != have:
                        out.append(_change(have, want))
                        have = want
                    self.row = self.column = None
                out.append(other)
                continue
            for piece in _TEXT.finditer(text):
                line_break, control, drawn = piece.groups()
                if line_break and self._within(size):
                    self.row = (self.row or 0) + 1
                    self.column = 1 if line_break == "\r\n" else None
                    following = tokens[index + 1].group(0) if index + 1 < len(tokens) else ""
                    if piece.end() == len(text) and _CUP.fullmatch(following):
                        continue  # a move the next code makes anyway
                    out.append(line_break)
                    continue
                if want is not None and want != have:
                    out.append(_change(have, want))
                    have = want
                out.append(piece.group(0))
                self._moved(drawn, control or line_break, size)
        if want is not None and want != have:  # leave the terminal as the stream would have
            out.append(_change(have, want))
            have = want
        self.have = have
        return "".join(out)

    def _within(self, size: tuple[int, int] | None) -> bool:
        """The cursor is known to be above the last line: a line break only moves it."""
        return size is not None and self.row is not None and self.row < size[1]

    def _moved(self, drawn: str | None, control: str | None, size: tuple[int, int] | None) -> None:
        if self.row is None or self.column is None or size is None:
            self.row = self.column = None
        elif drawn:
            self.column += self.cells(drawn)
            if self.column - 1 > size[0]:  # past the edge: it wrapped, somewhere
                self.row = self.column = None
        elif control == "\r":
            self.column = 1
        elif control in ("\n", "\r\n"):
            self.row = min(self.row + 1, size[1])
            self.column = 1 if control == "\r\n" else None  # (a line feed alone: either)
        elif control != "\x07":
            self.row = self.column = None
