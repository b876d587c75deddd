"""What is sent to the terminal (nextgen_tui.tui.screen_diff: only the cells and the style
codes that change) draws exactly the same screen as Textual's stream would, as a terminal
emulator (pyte) draws them, after every write, however the output is cut into writes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth

from nextgen_tui.tui.screen_diff import ScreenDiff
from tests import reference_terminal
from tests.reference_terminal import TABLES, measuring_by

COLUMNS, LINES = 30, 6

flags = st.lists(st.sampled_from(["1", "2", "3", "4", "5", "7", "9"]), max_size=3, unique=True)
colour = st.one_of(
    st.none(),
    st.integers(0, 255).map(lambda n: ["38", "5", str(n)]),
    st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)).map(
        lambda c: ["38", "2", *map(str, c)]
    ),
    st.integers(30, 37).map(lambda n: [str(n)]),
    st.integers(90, 97).map(lambda n: [str(n)]),
)


def _background(fg: list[str] | None) -> list[str] | None:
    if fg is None:
        return None
    if fg[0] == "38":
        return ["48", *fg[1:]]
    return [str(int(fg[0]) + 10)]


style = st.builds(
    lambda f, fg, bg: ";".join([*f, *(fg or []), *(_background(bg) or [])]), flags, colour, colour
)
text = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=8),
    st.text(st.sampled_from("ab ─│✓●"), min_size=1, max_size=8),  # mostly what was there
    st.text(st.sampled_from("ab界\u0301"), min_size=1, max_size=4),  # wide, combining
)
segment = st.builds(lambda s, t: f"\x1b[{s}m{t}\x1b[0m", style, text)
piece = st.one_of(
    segment,
    segment,
    segment,
    st.builds(lambda y: f"\r\n\x1b[{y};1H", st.integers(1, LINES)),  # as Textual ends a line
    st.builds(lambda y, x: f"\x1b[{y};{x}H", st.integers(1, LINES), st.integers(1, COLUMNS)),
    st.just("\r\n"),  # (on the last line it scrolls, in the style of the moment)
    st.just("\r\n"),
    st.just("\n"),
    st.just("\r"),
    st.builds(lambda n: "x" * n, st.integers(20, 40)),  # a run that wraps at the edge
    st.just("\x1b[K"),  # an erase: drawn in the style of the moment
    st.just("\x1b[2A"),  # a relative move: where the cursor is, not known any more
    st.builds(lambda s, t: f"\x1b[{s}m{t}", style, text),  # a style left set
    st.just("\x1b[0m"),
    st.just("\x1b[m"),
    st.just("\x1b[4:3m"),  # a code it does not read: passed on as it is
    st.just("\x1b[?2026h"),  # output held back, and let go: nothing on the screen
    st.just("\x1b[?2026l"),
    st.just("\x1b[?25h"),  # the cursor shown: where the stream leaves it
    st.just("\x1b[?25l"),  # hidden: where it is does not show
    st.just("\x1b[?1049h"),  # another screen
    st.just("\x1b]0;title\x07"),
    st.just("\x07"),
    st.just("\x1b[2;4r"),  # margins: a move up or down stops at them
    st.just("\t"),
)


def cells(text: str) -> int:
    return max(wcswidth(text), 0)


class Terminal(reference_terminal.Terminal):
    def __init__(self) -> None:
        super().__init__(COLUMNS, LINES)


def screen_of(data: list[str]) -> tuple[object, ...]:
    terminal = Terminal()
    shown: tuple[object, ...] = ()
    for chunk in data:
        shown = terminal.feed(chunk)
    return shown


@settings(max_examples=600, deadline=None)
@given(
    pieces=st.lists(piece, min_size=1, max_size=40),
    cuts=st.lists(st.integers(0, 1000), max_size=5),
)
def test_the_screen_is_drawn_the_same(pieces: list[str], cuts: list[int]) -> None:
    original = "".join(pieces)
    # cut into writes anywhere (inside a code too: the writes Textual makes are whole, but
    # nothing here counts on it; a code cut in two waits for the write that ends it)
    points = sorted({0, len(original), *(c % (len(original) + 1) for c in cuts)})
    chunks = [original[a:b] for a, b in itertools.pairwise(points)]
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    rewritten = [diff.feed(chunk) for chunk in chunks] + [diff.feed("")]
    assert screen_of(rewritten) == screen_of([original])


#: A line of a region as Textual writes it: where it starts, then its runs of text; the
#: regions start at a few places, so that frames draw over each other.
region_line = st.builds(
    lambda y, x, runs: f"\x1b[{y};{x}H" + "".join(runs),
    st.integers(1, LINES),
    st.sampled_from([1, 4, 12]),
    st.lists(segment, min_size=1, max_size=4),
)
frame = st.lists(
    st.one_of(region_line, region_line, region_line, region_line, region_line, piece),
    min_size=1,
    max_size=12,
).map(lambda parts: "\x1b[?2026h" + "".join(parts) + "\x1b[?2026l")


@settings(max_examples=500, deadline=None)
@given(frames=st.lists(frame, min_size=2, max_size=8))
def test_frame_after_frame_the_screen_is_the_same(frames: list[str]) -> None:
    """Cells left out because the terminal shows them already: after each write (a frame, as
    Textual writes them) the screen is the one the whole stream draws."""
    theirs, ours = Terminal(), Terminal()
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    for written in frames:
        assert ours.feed(diff.feed(written)) == theirs.feed(written)


ROLE_LINE = (
    "\x1b[2;2H\x1b[1;38;5;253;48;5;233mRole 1 of 7\x1b[0m\x1b[38;5;253;48;5;233m · \x1b[0m"
    "\x1b[1;38;5;253;48;5;233m{} of 5 done\x1b[0m\x1b[38;5;253;48;5;233m  \x1b[0m"
)


def test_a_line_as_textual_writes_it_is_much_shorter() -> None:
    line = ROLE_LINE.format(1)
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    diff.feed("\x1b[0m")  # (until a reset, the style the stream draws in is not known)
    rewritten = diff.feed(line)
    assert rewritten == (
        "\x1b[2;2H\x1b[0;1;38;5;253;48;5;233mRole 1 of 7\x1b[22m · \x1b[1m1 of 5 done"
        "\x1b[22m  "  # (the style the terminal is left in shows nowhere: left)
    )
    assert screen_of([rewritten]) == screen_of([line])


def test_the_line_again_with_one_digit_changed_sends_that_digit() -> None:
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    before = diff.feed("\x1b[?25l\x1b[0m" + ROLE_LINE.format(1))  # (the cursor hidden)
    assert diff.feed(ROLE_LINE.format(1)) == ""  # nothing changed: nothing sent
    rewritten = diff.feed(ROLE_LINE.format(2))
    # (from where the cursor is: 13 columns back; then, hidden as it is, back to where the
    # stream leaves it: a hidden cursor marks the text caret)
    assert rewritten == "\x1b[13D\x1b[1m2\x1b[12C"
    assert screen_of([before, rewritten]) == screen_of(
        ["\x1b[?25l\x1b[0m" + ROLE_LINE.format(1), ROLE_LINE.format(2)]
    )


def test_after_a_resize_or_a_redraw_everything_is_sent_again() -> None:
    size = [COLUMNS, LINES]
    diff = ScreenDiff(size=lambda: (size[0], size[1]), cells=cells)
    first = diff.feed("\x1b[0m" + ROLE_LINE.format(1))
    size[0] += 1  # (a terminal may clear, keep or reflow what it showed)
    assert diff.feed(ROLE_LINE.format(1)) == first  # (its cursor and style not known either)
    diff.forget()
    assert diff.feed(ROLE_LINE.format(1)) == first


def test_a_combining_character_changes_the_cell_before_it() -> None:
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    ours, theirs = Terminal(), Terminal()
    for written in ("\x1b[0m\x1b[2;4Hxa\u0301b", "\x1b[2;4Hxab"):
        assert ours.feed(diff.feed(written)) == theirs.feed(written)


def test_line_breaks_textual_ends_its_lines_with_go() -> None:
    """Between two lines the stream positions itself, a line break above the last line is a
    move made again at once: it goes, and so does the reset before it."""
    lines = (
        "\x1b[2;1H\x1b[38;5;253;48;5;233mfirst line\x1b[0m\r\n"
        "\x1b[3;1H\x1b[38;5;253;48;5;233msecond\x1b[0m\r\n"
        "\x1b[6;1H\x1b[1mlast\x1b[0m\r\n\x1b[6;1H"  # on the last line: it scrolls, kept
    )
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    diff.feed("\x1b[0m")
    rewritten = diff.feed(lines)
    assert rewritten == (
        "\x1b[2H\x1b[0;38;5;253;48;5;233mfirst line\r\nsecond\x1b[6H\x1b[0;1mlast\x1b[0m\r\n\x1b[6H"
    )
    assert screen_of([rewritten]) == screen_of([lines])


def test_after_margins_are_set_moves_go_by_line_number() -> None:
    """A move down stops at a bottom margin (set by a code this does not read)."""
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    ours, theirs = Terminal(), Terminal()
    for written in ("\x1b[0m\x1b[2;4r", "\x1b[3;4Ha\x1b[6;5Hb"):
        assert ours.feed(diff.feed(written)) == theirs.feed(written)


def test_wide_text_up_to_the_edge_leaves_the_cursor_unknown() -> None:
    """Found by the property test: a combining character after wide ones that reach the edge
    wrapped in the emulator (before attaching itself), so where the cursor was after them is
    not known."""
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    ours, theirs = Terminal(), Terminal()
    written = "\x1b[m0\x1b[0m\r\n\x1b[1;1H" + "x" * 26 + "\x1b[m界界\u0301\x1b[0m\r\n"
    assert ours.feed(diff.feed(written)) == theirs.feed(written)


def test_bold_off_with_italic_kept_resets_and_sets_the_whole_style() -> None:
    """GNU screen drops italic on 22 (bold off) too: a reset and the whole style instead."""
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    diff.feed("\x1b[0m\x1b[1;1H\x1b[1;3mAB\x1b[0m")
    rewritten = diff.feed("\x1b[1;1H\x1b[1;3mA\x1b[0m\x1b[3mB\x1b[0m")
    assert "\x1b[22m" not in rewritten and "\x1b[0;3mB" in rewritten
    diff.feed("\x1b[1;1H\x1b[1;31mAB\x1b[0m")
    # bold off, a colour kept: 22 reads the same everywhere
    assert "\x1b[22mB" in diff.feed("\x1b[1;1H\x1b[1;31mA\x1b[0m\x1b[31mB\x1b[0m")


def test_the_hidden_cursor_is_left_at_the_caret_after_every_write() -> None:
    """Textual parks the hidden cursor at the text caret (an input method opens there)."""
    diff = ScreenDiff(size=lambda: (COLUMNS, LINES), cells=cells)
    diff.feed("\x1b[?25l\x1b[0m\x1b[1;1Habc")
    rewritten = diff.feed("\x1b[1;1Habc\x1b[5;9H")  # nothing changed; the caret moved
    assert rewritten == "\x1b[5;9H"


# -- terminals that measure some text otherwise than the app does (issue #30) -----------------

#: Text whose width terminals disagree on with Rich: an emoji sequence (Rich: 2 cells; a
#: terminal drawing each character on its own, as xterm and this emulator do: 4), a skin tone,
#: an emoji with its presentation selector (2 against 1), a combining accent, a wide character,
#: and East Asian ambiguous ones (one cell, or two on a terminal set up for CJK text).
TRICKY = ["ab", "Zoë", "👩\u200d💻", "👍🏽", "❤\ufe0f", "e\u0301", "界", "·▏░…", "x"]
tricky_segment = st.builds(
    lambda s, t: f"\x1b[{s}m{t}\x1b[0m",
    style,
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=3).map("".join),
)
tricky_line = st.builds(
    lambda y, x, runs: f"\x1b[{y};{x}H" + "".join(runs),
    st.integers(1, LINES),
    st.sampled_from([1, 4, 12, 20]),
    st.lists(st.one_of(tricky_segment, segment), min_size=1, max_size=4),
)
tricky_frame = st.lists(
    st.one_of(tricky_line, tricky_line, region_line, st.just("\x1b[3;5H"), st.just("\x1b[?25l")),
    min_size=1,
    max_size=10,
).map(lambda parts: "\x1b[?2026h" + "".join(parts) + "\x1b[?2026l")


def rich_cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


@pytest.mark.parametrize("table", TABLES)
@settings(max_examples=100, deadline=None)
@given(frames=st.lists(tricky_frame, min_size=2, max_size=6))
def test_a_terminal_that_measures_text_otherwise_still_shows_what_textual_sent(
    table: str, frames: list[str]
) -> None:
    """The app counts widths as Rich does; the terminal by its own table. After text the two
    may disagree on, the diff's stream still draws what Textual's whole frames draw on that
    terminal, cell by cell, its hidden cursor too: the disagreement stays where stock Textual
    has it, and goes no further."""
    measure = TABLES[table]
    with measuring_by(measure):
        theirs, ours = Terminal(), Terminal()
        diff = ScreenDiff(
            size=lambda: (COLUMNS, LINES), cells=rich_cells, ambiguous_wide=measure.ambiguous_wide
        )
        for written in frames:
            assert ours.feed(diff.feed(written)) == theirs.feed(written)


def test_a_cjk_locale_takes_ambiguous_characters_as_possibly_wide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nextgen_tui.tui.terminal_driver import cjk_locale

    for name in ("LC_ALL", "LC_CTYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert cjk_locale()
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # (the first one set decides)
    assert not cjk_locale()


@pytest.mark.parametrize(
    ("environment", "mouse"),
    [
        ({"TERM": "xterm-256color"}, True),
        ({"TERM": "screen.xterm-256color", "STY": "1234.pts-0.host"}, False),  # in GNU screen
        ({"TERM": "xterm-256color", "STY": "1234.pts-0.host"}, False),
        ({"TERM": "screen", "TMUX": "/tmp/tmux-0/default,1,0"}, True),  # tmux says "screen" too
        ({"TERM": "screen-256color"}, False),  # over SSH: screen, or tmux; the keys first
    ],
)
def test_in_gnu_screen_the_mouse_is_not_reported(
    environment: dict[str, str], mouse: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GNU screen holds a lone Escape while the mouse is reported (nextgen_tui.cli._mouse)."""
    from nextgen_tui.cli import _mouse

    for name in ("TERM", "STY", "TMUX"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert _mouse() is mouse
