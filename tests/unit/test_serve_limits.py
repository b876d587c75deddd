"""The serve limits as pure logic: the connection gate, the rate-limited log, window sizes."""

from __future__ import annotations

import io
import logging
import re

from nextgen_tui.serve.gate import Gate, Limits
from nextgen_tui.serve.log import Log
from nextgen_tui.serve.ssh import clamp_size


def test_a_flood_from_one_address_is_capped_and_others_still_get_in() -> None:
    gate: Gate[int] = Gate(Limits(max_waiting=10, per_address=4, rate_burst=100))
    admitted = [n for n in range(100) if gate.arrive(n, "10.0.0.66", 0.0).admitted]
    assert admitted == [0, 1, 2, 3]  # the rest refused at once
    assert gate.arrive(1000, "10.0.0.1", 0.0).admitted  # a person elsewhere is not locked out


def test_a_flood_from_many_addresses_makes_room_for_a_newcomer() -> None:
    gate: Gate[str] = Gate(Limits(max_waiting=10, per_address=4, rate_burst=100))
    for n in range(40):
        gate.arrive(f"flood-{n}", f"10.0.1.{n % 10}", 0.0)
    verdict = gate.arrive("person", "10.0.0.1", 0.0)
    assert verdict.admitted and len(verdict.evict) == 1
    assert verdict.evict[0].startswith("flood-")
    assert len(gate.waiting) == 10


def test_the_rate_per_address_refills() -> None:
    gate: Gate[int] = Gate(Limits(rate_burst=3, rate_per_minute=60, per_address=100))
    assert [gate.arrive(n, "a", 0.0).admitted for n in range(4)] == [True, True, True, False]
    assert not gate.arrive(5, "a", 0.5).admitted
    assert gate.arrive(6, "a", 1.6).admitted  # one a second comes back


def test_logged_in_connections_per_person() -> None:
    gate: Gate[int] = Gate(Limits(per_person=2))
    for n in range(3):
        gate.arrive(n, "a", 0.0)
    assert gate.logged_in(0, "ana").admitted and gate.logged_in(1, "ana").admitted
    assert not gate.logged_in(2, "ana").admitted
    gate.left(0)
    assert gate.logged_in(2, "ana").admitted
    assert gate.waiting == {}


def test_the_log_is_one_line_a_record_and_rate_limited() -> None:
    out = io.StringIO()
    now = [0.0]
    log = Log(out, burst=3, per=3.0, clock=lambda: now[0])
    for n in range(1000):
        log(f"refused connection {n}\nwith\x1b[31m a second line")
    log("something else")
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert all("\x1b" not in line for line in lines)
    assert lines[0].endswith("refused connection 0 with[31m a second line")
    now[0] = 10.0
    log("refused connection again")
    assert out.getvalue().splitlines()[-1].endswith("(997 more like this not logged)")


def test_what_any_library_logs_is_a_stamped_line_of_the_log() -> None:
    """(asyncio's child watcher said "Loop … that handles pid N is closed" on stderr, bare,
    as `serve --web` stopped.)"""
    out = io.StringIO()
    root = logging.getLogger()
    kept = root.handlers[:], root.level
    try:
        Log(out).take_over_logging()
        logging.getLogger("asyncio").warning("Loop %r that handles pid %r is closed", "L", 7)
        logging.getLogger("some.library").info("chatter")
    finally:
        root.handlers[:] = kept[0]
        root.setLevel(kept[1])
    (line,) = out.getvalue().splitlines()
    stamp = r"\d{4}-\d\d-\d\dT[\d:]+Z "
    assert re.fullmatch(stamp + "asyncio: Loop 'L' that handles pid 7 is closed", line), line


def test_window_sizes_are_clamped() -> None:
    assert clamp_size(10_000, 10_000, (80, 24)) == (500, 200)
    assert clamp_size(0, 0, (100, 30)) == (100, 30)
    assert clamp_size(70_000, 5, (80, 24)) == (500, 5)
