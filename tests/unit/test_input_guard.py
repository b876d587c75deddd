"""What a served person sends reaches their questionnaire only in a form it can take (serve
round two, items 4 and 9): the guard, on bytes split every way a link may split them."""

from __future__ import annotations

import pytest

from nextgen_tui.serve.input_guard import InputGuard


def through(guard: InputGuard, *reads: bytes) -> bytes:
    return b"".join(guard.feed(read) for read in reads)


def every_split(data: bytes) -> list[tuple[bytes, bytes]]:
    return [(data[:n], data[n:]) for n in range(len(data) + 1)]


@pytest.mark.parametrize(
    "data",
    [
        b"plain keys",
        "caf\u00e9 \u65e5\u672c".encode(),
        b"\x1b",  # Esc
        b"\x1b\x1b",
        b"\x1bOA\x1b[A\x1b[1;5C",  # arrows, ctrl+right
        b"\x1b[<0;10;5M",  # a mouse click
        b"\x1b[97;5u",  # a key in the kitty protocol
        b"\x1b[200~a pasted line\x1b[201~x",
    ],
)
def test_what_a_terminal_sends_passes_unchanged_however_it_is_split(data: bytes) -> None:
    assert through(InputGuard(), data) == data
    for first, second in every_split(data):
        assert through(InputGuard(), first, second) == data, (first, second)


def test_bytes_that_are_not_utf8_are_replaced() -> None:
    guard = InputGuard()
    assert through(guard, b"Jos\xe9 \xff!") == "Jos\ufffd \ufffd!".encode()
    assert guard.noticed == ["bytes that are not UTF-8 replaced"]
    split = InputGuard()  # a character split between reads is put together, not replaced
    assert through(split, "é".encode()[:1], "é".encode()[1:]) == "é".encode()
    assert split.noticed == []


@pytest.mark.parametrize(
    "sequence", [b"\x1b[1114112u", b"\x1b[999999999999999999u", b"\x1b[<5;9999999999;1M"]
)
def test_a_sequence_with_an_impossible_number_is_dropped(sequence: bytes) -> None:
    guard = InputGuard()
    assert through(guard, b"a" + sequence + b"b") == b"ab"
    assert guard.noticed == ["an escape sequence with an impossible number dropped"]
    for first, second in every_split(sequence):
        # (split just after its ESC, the ESC has gone out as a key press: never the rest)
        assert through(InputGuard(), b"a" + first, second + b"b") in (b"ab", b"a\x1bb")


def test_a_paste_past_the_limit_keeps_its_start_and_its_end() -> None:
    guard = InputGuard(paste_limit=10)
    sent = through(guard, b"\x1b[200~", b"0123456789" * 1000, b"more", b"\x1b[201~y")
    assert sent == b"\x1b[200~0123456789\x1b[201~y"
    assert guard.noticed == ["a paste cut at 10 characters"]
    assert through(guard, b"\x1b[200~short\x1b[201~") == b"\x1b[200~short\x1b[201~"


def test_an_unfinished_paste_grows_nothing() -> None:
    guard = InputGuard(paste_limit=1_000)
    assert len(guard.feed(b"\x1b[200~")) == 6
    total = sum(len(guard.feed(b"x" * 65_536)) for _ in range(100))  # 6.5 MB, never ended
    assert total == 1_000


def test_paste_markers_split_between_reads_still_count() -> None:
    guard = InputGuard(paste_limit=3)
    sent = through(guard, b"\x1b", b"[200~", b"abcdef", b"\x1b[2", b"01~")
    assert sent == b"\x1b[200~abc\x1b[201~"
