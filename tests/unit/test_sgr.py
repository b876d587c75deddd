"""The style codes rewritten for the wire (nextgen_tui.sgr) draw exactly the same screen, as a
terminal emulator (pyte) draws them, however the output is cut into writes."""

from __future__ import annotations

import itertools

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st

from nextgen_tui.sgr import StyleDiff

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
text = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=8)
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
)


def screen_of(data: list[str]) -> tuple[object, ...]:
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.Stream(screen)
    for chunk in data:
        stream.feed(chunk)
    cells = tuple(tuple(tuple(screen.buffer[y][x]) for x in range(COLUMNS)) for y in range(LINES))
    return cells, tuple(screen.cursor.attrs), (screen.cursor.x, screen.cursor.y)


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
    diff = StyleDiff(size=lambda: (COLUMNS, LINES), cells=len)
    rewritten = [diff.feed(chunk) for chunk in chunks] + [diff.feed("")]
    assert screen_of(rewritten) == screen_of([original])


def test_a_line_as_textual_writes_it_is_much_shorter() -> None:
    line = (
        "\x1b[1;38;5;253;48;5;233mRole 1 of 7\x1b[0m\x1b[38;5;253;48;5;233m · \x1b[0m"
        "\x1b[1;38;5;253;48;5;233m1 of 5 answered\x1b[0m\x1b[38;5;253;48;5;233m    \x1b[0m"
    )
    diff = StyleDiff()  # (no size: every line break kept)
    diff.feed("\x1b[0m")  # (until a reset, the style the terminal has is not known)
    rewritten = diff.feed(line)
    assert rewritten == (
        "\x1b[1;38;5;253;48;5;233mRole 1 of 7\x1b[22m · \x1b[1m1 of 5 answered\x1b[22m    \x1b[0m"
    )
    assert screen_of([rewritten]) == screen_of([line])


def test_line_breaks_textual_ends_its_lines_with_go() -> None:
    """Between two lines the stream positions itself, a line break above the last line is a
    move made again at once: it goes, and so does the reset before it."""
    lines = (
        "\x1b[2;1H\x1b[38;5;253;48;5;233mfirst line\x1b[0m\r\n"
        "\x1b[3;1H\x1b[38;5;253;48;5;233msecond\x1b[0m\r\n"
        "\x1b[6;1H\x1b[1mlast\x1b[0m\r\n\x1b[6;1H"  # on the last line: it scrolls, kept
    )
    diff = StyleDiff(size=lambda: (COLUMNS, LINES), cells=len)
    diff.feed("\x1b[0m")
    rewritten = diff.feed(lines)
    assert rewritten == (
        "\x1b[2;1H\x1b[38;5;253;48;5;233mfirst line\x1b[3;1Hsecond"
        "\x1b[6;1H\x1b[0;1mlast\x1b[0m\r\n\x1b[6;1H"
    )
    assert screen_of([rewritten]) == screen_of([lines])
