"""Fewer bytes to the terminal: only the cells that change, and only the codes that change.

Textual writes every line of a region that changed whole, each run of text with its whole
style and a reset after it: ``ESC[1;38;5;253;48;5;233mRole 1 of 7ESC[0mESC[38;5;253;48;5;233m
· ESC[0m…`` for a line of which one digit changed. Over a slow link that is most of what an
answer key sends. :class:`ScreenDiff` keeps what the terminal shows, cell by cell, and rewrites
the stream so that only the cells that differ from it are sent, each run after a cursor
position, with only the style codes that differ from the style the terminal already has
(``ESC[22m`` to drop the bold above).

It is exact by construction: a cell is left out only when the terminal is known to show that
very character in that very style; anything this does not follow (a code it does not read, an
erase, a scroll, a wide or combining character, a change of screen or size) is passed on as it
is, and what it may have touched is no longer known, so it is sent again the next time it is
drawn. Before anything that can depend on them, the cursor and the style are brought to where
the original stream would have them (the cursor at the end of every write too, shown or hidden:
a hidden one marks the text caret; the style the terminal is left in between writes shows
nowhere, so it is left as it is until something is drawn). ``forget`` makes every
cell unknown (a redraw sends the whole screen). No Textual here: it works on text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat

#: An SGR code (``ESC[…m``); any other escape sequence (a lone ESC too: nothing is dropped);
#: or a run of text.
_TOKEN = re.compile(
    r"""
    \x1b\[([0-9;]*)m
    | (\x1b(?: \[[0-9;:?<=>]*[\ -/]*[@-~] | \][^\x07\x1b]*(?:\x07|\x1b\\) | [@-Z\\-_] )? )
    | ([^\x1b]+)
    """,
    re.VERBOSE,
)

#: On/off attributes: the code that sets each, and the one that clears it.
_FLAGS = {"1": "22", "2": "22", "3": "23", "4": "24", "5": "25", "7": "27", "8": "28", "9": "29"}
_OFF = {
    off: [flag for flag, clear in _FLAGS.items() if clear == off] for off in set(_FLAGS.values())
}

Style = tuple[frozenset[str], tuple[str, ...] | None, tuple[str, ...] | None]
PLAIN: Style = (frozenset(), None, None)


@lru_cache(maxsize=4096)  # (a screen has few styles: each code is read once)
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


@lru_cache(maxsize=4096)
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
    if "22" in params and want[0] - {"1", "2"}:
        # bold or dim off with another attribute kept: GNU screen drops italic (and the like)
        # on 22 as well; a reset and the whole style reads the same on every terminal
        return fresh
    return diff if len(diff) <= len(fresh) else fresh


#: An escape sequence not finished at the end of a write (its end comes with the next one).
_UNFINISHED = re.compile(r"\x1b(?:\[[0-9;:?<=>]*[\ -/]*|\][^\x07\x1b]*)?\Z")


#: A cursor position (``ESC[row;colH``).
_CUP = re.compile(r"\x1b\[(\d*)(?:;(\d*))?[Hf]")
#: Modes that change nothing on the screen (not the alternate screen's: those do).
_MODE = re.compile(r"\x1b\[\?([0-9;]*)[hl]")
_SCREENS = {"47", "1047", "1049"}
#: Within text: a line break (a bare line feed is one too: the terminal's line discipline
#: may add the carriage return, or not), another control character, or a run of what is
#: drawn.
_TEXT = re.compile(r"(\r?\n)|([\x00-\x1f\x7f])|([^\x00-\x1f\x7f]+)")
#: Where the stream goes further than this few cells' distance to the next change, a cursor
#: position is shorter than the cells between.
_GAP = 6

Cell = tuple[str, Style]  # a character one cell wide, in its style
Position = tuple[int, int]  # (line, column), 1-based; column past the edge: a wrap is due


def _goto(line: int, column: int) -> str:
    if column == 1:
        return "\x1b[H" if line == 1 else f"\x1b[{line}H"
    return f"\x1b[{line};{column}H"


def _by(count: int, code: str) -> str:
    return f"\x1b[{code}" if count == 1 else f"\x1b[{count}{code}"


class ScreenDiff:
    """Rewrites what is written to one terminal; keeps what it shows, its style, and where
    its cursor is while that is known.

    ``size`` gives the terminal's (columns, lines) and ``cells`` a text's width in cells (as
    the program writing the stream counts it)."""

    def __init__(
        self,
        size: Callable[[], tuple[int, int]],
        cells: Callable[[str], int] = len,
        *,
        ambiguous_wide: bool = False,
    ) -> None:
        self.size = size
        self.cells = cells
        #: The terminal may draw East Asian ambiguous characters (``· ▏ … ½ ○``, box lines) two
        #: cells wide (a terminal set up for Chinese, Japanese or Korean text).
        self.ambiguous_wide = ambiguous_wide
        #: Text went by whose width a terminal may measure otherwise than ``cells`` (emoji
        #: sequences, variation selectors, combining and wide characters): the terminal's
        #: cursor may not be where ``cells`` counts it, so the next move is by its place.
        self._drifted = False
        #: The stream placed its cursor by a position since that text: the next thing sent is
        #: placed so too, even where the cursor is counted to be there already.
        self._place = False
        #: The terminal's style; None: not known (at the start, whatever the shell left; after
        #: a code this does not read), so the next change is a full one.
        self.have: Style | None = None
        #: The style the original stream has set by now (None: one this does not read).
        self.want: Style | None = None
        #: Where the terminal's cursor is, and where the original stream's would be by now;
        #: while the latter is not known the two are the same (everything was passed on).
        self.ours: Position | None = None
        self.theirs: Position | None = None
        self._held = ""  # the start of an escape sequence cut by the end of a write
        self._size: tuple[int, int] = (0, 0)
        #: What the terminal shows, line by line (None: not known).
        self.shown: list[list[Cell | None]] = []
        #: What the original stream has drawn since the last time this sent anything.
        self._drawn: dict[int, dict[int, Cell]] = {}
        #: The line on which the stream drew something this does not follow (passed on as
        #: it is from there until the next cursor position).
        self._raw_line = False
        #: How many cells further along that line the terminal's cursor may be than counted
        #: (text it may draw wider, passed on since the line began).
        self._doubt = 0
        #: A code this does not read went by that may set margins: a line break may scroll
        #: above the last line, and a move up or down stop short, so neither is counted on.
        self._margins = False
        #: Characters seen to be one cell wide (text of only these is drawn at once).
        self._narrow: set[str] = set(map(chr, range(0x20, 0x7F)))

    def forget(self) -> None:
        """What the terminal shows is unknown (every cell, its cursor and its style): whatever
        is drawn next is sent whole."""
        self.have = self.ours = None
        self._unknown()

    def _unknown(self) -> None:
        """Every cell is unknown."""
        columns, lines = self._size
        self.shown = [[None] * (columns + 1) for _ in range(lines + 1)]

    def feed(self, data: str) -> str:
        data, self._held = self._held + data, ""
        if unfinished := _UNFINISHED.search(data):
            data, self._held = data[: unfinished.start()], unfinished.group(0)
        size = self.size()
        if min(size) < 1:  # no size to go by: on as it is, and nothing known
            self._size = (0, 0)
            self.forget()
            self.want = self.theirs = None
            return data
        if size != self._size:  # (a terminal may keep, clear or reflow what it showed)
            self._size = size
            self.forget()
        out: list[str] = []
        tokens = list(_TOKEN.finditer(data))
        for index, match in enumerate(tokens):
            params, other, text = match.groups()
            if params is not None:
                self.want = _apply(self.want, params)
                if self.want is None:  # a code this does not read: on as it is
                    self._pass(out, match.group(0))
                    self.have = None
                continue
            if other is not None:
                self._escape(out, other)
                continue
            following = tokens[index + 1].group(0) if index + 1 < len(tokens) else ""
            for piece in _TEXT.finditer(text):
                line_break, control, drawn = piece.groups()
                if drawn:
                    self._draw(out, drawn)
                elif line_break:
                    last = piece.end() == len(text)
                    self._line_break(out, line_break, last and bool(_CUP.fullmatch(following)))
                elif control == "\r" and self.theirs is not None:
                    self.theirs = (self.theirs[0], 1)
                elif control == "\x07":  # a bell: it moves nothing
                    self._send(out)
                    out.append(control)
                else:
                    self._pass(out, control, moves=True)
        self._send(out)
        # the cursor where the stream leaves it, shown or not: a hidden one still marks the
        # text caret, where input methods open their composition window and magnifiers look
        self._sync(out)
        return "".join(out)

    # -- what the stream does

    def _escape(self, out: list[str], code: str) -> None:
        if cup := _CUP.fullmatch(code):
            columns, lines = self._size
            line, column = int(cup.group(1) or 1), int(cup.group(2) or 1)
            self.theirs = (max(1, min(line, lines)), max(1, min(column, columns)))
            self._raw_line, self._doubt = False, 0
            self._place = self._place or self._drifted
            return
        if (mode := _MODE.fullmatch(code)) and not _SCREENS & set(mode.group(1).split(";")):
            self._send(out)  # (in its place among the rest: output held back, say)
            if mode.group(1) == "25" and code.endswith("h"):  # shown: where it is
                self._sync(out)
            out.append(code)
            return
        if code.startswith("\x1b]"):  # a title, the clipboard: nothing on the screen
            self._send(out)
            out.append(code)
            return
        self._pass(out, code, moves=True, draws=True)

    def _draw(self, out: list[str], text: str) -> None:
        at, want = self.theirs, self.want
        columns = self._size[0]
        if at is None or want is None or self._raw_line:
            self._pass(out, text, draws=True)
            return
        line, column = at
        drawn = self._drawn.setdefault(line, {})
        past = column + len(text)
        if past - 1 <= columns and self._narrow.issuperset(text):  # (most text: at once)
            drawn.update(zip(range(column, past), zip(text, repeat(want)), strict=False))
            self.theirs = (line, past)
            return
        for index, character in enumerate(text):
            if character not in self._narrow:
                if self.cells(character) != 1 or self._uncertain(character):
                    self._pass_from(out, line, column, text[index:])
                    return
                if len(self._narrow) < 4096:
                    self._narrow.add(character)
            if column > columns:  # past the edge
                self._pass_from(out, line, column, text[index:])
                return
            drawn[column] = (character, want)
            column += 1
        self.theirs = (line, column)

    def _uncertain(self, character: str) -> bool:
        """A character terminals may draw wider or narrower than ``cells`` counts it."""
        if unicodedata.category(character) in ("Mn", "Me", "Cf"):  # combining, joiners, VS
            return True
        width = unicodedata.east_asian_width(character)
        return width in ("W", "F") or (width == "A" and self.ambiguous_wide)

    def _pass_from(self, out: list[str], line: int, column: int, text: str) -> None:
        """What this does not follow, from where it begins, on as it is."""
        self.theirs = (line, column)
        self._pass(out, text, draws=True)

    def _line_break(self, out: list[str], line_break: str, then_moves: bool) -> None:
        at = self.theirs
        # above the last line (and no margins): it does not scroll
        if at is not None and at[0] < self._size[1] and not self._margins:
            if line_break == "\r\n":
                self.theirs = (at[0] + 1, 1)
                self._raw_line, self._doubt = False, 0
                return
            if then_moves:  # a move the next code makes anyway
                self.theirs = (at[0] + 1, at[1])
                return
        self._pass(out, line_break, moves=True, draws=True)

    def _pass(self, out: list[str], code: str, moves: bool = False, draws: bool = False) -> None:
        """On as it is: after what was drawn before it, from where the original stream's
        cursor is, in its style."""
        self._send(out)
        self._sync(out)
        if draws and self.want is not None and self.want != self.have:
            out.append(_change(self.have, self.want))
            self.have = self.want
        out.append(code)
        if code.startswith("\x1b[") and code.endswith("r"):
            self._margins = True
        at = self.theirs
        if draws and not moves and at is not None:  # text on one line: from here on
            line, column = at
            row = self.shown[line] if line < len(self.shown) else []
            start = max(column - 1, 1)  # (a combining character changes the cell before)
            row[start:] = [None] * (len(row) - start)
            width = self.cells(code)
            self.theirs = (line, column + width)
            # a terminal may draw each character of an emoji sequence on its own, two cells
            # wider than counted: where its cursor is, and whether it wrapped (over the next
            # line), not certain; the doubt adds up along the line
            if not self._narrow.issuperset(code):
                doubt = 2 * sum(map(self._uncertain, code)) + sum(
                    self.cells(character) != 1 for character in code
                )
                self._doubt += doubt
                self._drifted = self._drifted or doubt > 0
            # up to the edge or past it: it wrapped, or may at the next character, however
            # wide (terminals differ on a combining one there): where it is, not known
            if self.theirs[1] + self._doubt > self._size[0]:
                self._unknown()
                self.theirs = None
            self._raw_line = True
        elif draws:
            self._unknown()
            self.theirs = None
        elif moves:
            self.theirs = None
        self.ours = self.theirs

    # -- what this sends

    def _sync(self, out: list[str]) -> None:
        """The terminal's cursor where the original stream's is."""
        at = self.theirs
        if at is None or (at == self.ours and not self._place):
            return
        line, column = at
        if column > self._size[0]:  # a wrap due: the last cell drawn again leaves it so
            cell = self.shown[line][column - 1]
            if cell is None:  # (it was passed on: the cursor is there already)
                return
            out.append(self._move(line, column - 1))
            out.append(self._styled([cell]))
        else:
            out.append(self._move(line, column))
        self.ours = at

    def _move(self, line: int, column: int) -> str:
        """The shortest code that takes the terminal's cursor there: by its place, or from
        where it is (down by line breaks, or up or down its column; then along the line)."""
        move = _goto(line, column)
        if self._drifted:  # (where the terminal's cursor is, not certain: by its place)
            self._drifted = self._place = False
            return move
        if self.ours is None or self.ours[1] > self._size[0]:  # (at the edge: a wrap due)
            return move
        here, across = self.ours
        if here != line and self._margins:
            return move
        # (a line break above the last line does not scroll, margins aside)
        downs = [("", across)] if line == here else []
        if line > here:
            downs += [(_by(line - here, "B"), across), ("\r\n" * (line - here), 1)]
        elif line < here:
            downs.append((_by(here - line, "A"), across))
        for down, now in downs:
            if column == now:
                along = ""
            elif column == 1:
                along = "\r"
            else:
                along = _by(column - now, "C") if column > now else _by(now - column, "D")
            if len(down + along) < len(move):
                move = down + along
        return move

    def _styled(self, cells: list[Cell]) -> str:
        """Cells drawn one after the other, each style code sent only where the style
        changes."""
        have, run = self.have, []
        for character, style in cells:
            if style != have:
                run.append(_change(have, style))
                have = style
            run.append(character)
        self.have = have
        return "".join(run)

    def _send(self, out: list[str]) -> None:
        """The cells drawn since the last send that differ from what the terminal shows."""
        if not self._drawn:
            return
        for line in sorted(self._drawn):
            drawn = self._drawn[line]
            shown = self.shown[line]
            changed = [column for column in sorted(drawn) if drawn[column] != shown[column]]
            start = 0
            while start < len(changed):
                end = start
                # through a short stretch of known cells: cheaper than a move past them
                while end + 1 < len(changed) and (
                    changed[end + 1] == changed[end] + 1
                    or self._known(line, changed[end] + 1, changed[end + 1])
                ):
                    end += 1
                first, last = changed[start], changed[end]
                if self.ours != (line, first) or self._place:
                    out.append(self._move(line, first))
                cells: list[Cell] = []
                for column in range(first, last + 1):
                    cell = drawn.get(column) or shown[column]
                    assert cell is not None  # (a gap is crossed only where each cell is known)
                    cells.append(cell)
                shown[first : last + 1] = cells
                out.append(self._styled(cells))
                self.ours = (line, last + 1)
                start = end + 1
        self._drawn.clear()

    def _known(self, line: int, first: int, past: int) -> bool:
        """The cells from ``first`` up to ``past`` are few, and each known."""
        if past - first > _GAP:
            return False
        drawn, shown = self._drawn[line], self.shown[line]
        return all(column in drawn or shown[column] is not None for column in range(first, past))
