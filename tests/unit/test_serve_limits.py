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


def test_a_library_line_is_held_back_by_what_happened_not_by_its_connection() -> None:
    out = io.StringIO()
    log = Log(out, burst=3, per=3.0, clock=lambda: 0.0)
    logger = logging.getLogger("test.asyncssh.kinds")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.handlers[:] = [log.handler(("denied", "failed"))]
    for n in range(2_000):  # each from another connection, channel and address
        logger.info("[conn=%d, chan=%d] PTY request denied: PTY not permitted", n, n % 7)
        logger.info("MAC verification failed from 10.0.%d.%d port %d", n // 250, n % 250, n)
    assert len(out.getvalue().splitlines()) == 6


def test_every_kind_together_is_bounded_too() -> None:
    out = io.StringIO()
    now = [0.0]
    log = Log(out, overall_burst=10, overall_per_second=1.0, clock=lambda: now[0])
    for n in range(1_000):
        word = "".join(chr(ord("a") + int(digit)) for digit in str(n))
        log(f"{word} happened")  # a thousand kinds, each within its own allowance
    assert len(out.getvalue().splitlines()) == 10
    now[0] = 1.0
    log("something else")
    last = out.getvalue().splitlines()[-1]
    assert last.endswith("something else (990 lines of all kinds not logged before this)")


def test_a_connection_is_nobody_until_its_key_is_proved() -> None:
    """asyncssh asks whether a key is acceptable before the client proves it holds it: a
    client offering ana's public key alone is not ana (in the log or anywhere else)."""
    import asyncssh

    from nextgen_tui.serve.people import parse_line
    from nextgen_tui.serve.ssh import Connection

    key = asyncssh.generate_private_key("ssh-ed25519")
    ana = parse_line(f'name="Ana Ruiz" {key.export_public_key().decode()}', 1, "keys")
    said: list[str] = []

    class Service:
        gate: Gate[Connection] = Gate()
        connections: set[Connection] = set()

        def match(self, offered: object, address: str) -> object:
            return ana

        def log(self, message: str, *, kind: str | None = None) -> None:
            said.append(message)

    connection = Connection(Service())  # type: ignore[arg-type]
    assert connection.validate_public_key("anyone", key.convert_to_public())
    assert connection.person is None
    connection.connection_lost(None)  # the signature never came
    assert not any("Ana Ruiz" in line for line in said)


async def test_the_server_offers_public_keys_and_nothing_else(monkeypatch) -> None:
    """GSS-API (Kerberos), passwords, keyboard-interactive and host-based logins are off in
    the server's options, whatever the machine has installed (with python-gssapi present,
    asyncssh would offer GSS-API by default)."""
    import asyncio
    from pathlib import Path

    import asyncssh
    import pytest

    from nextgen_tui.serve import ssh

    given: dict[str, object] = {}

    async def create_server(*args: object, **options: object) -> None:
        given.update(options)
        raise OSError(98, "stop here")

    monkeypatch.setattr(asyncssh, "create_server", create_server)
    service = ssh.Service(ssh.Settings(Path("."), Path("keys")), [], Log(io.StringIO()))
    key = asyncssh.generate_private_key("ssh-ed25519")
    with pytest.raises(Exception, match="cannot listen"):
        await ssh.serve(service, "127.0.0.1", 0, key, asyncio.Event())
    assert given["gss_host"] is None
    assert given["password_auth"] is False and given["kbdint_auth"] is False
    assert given["host_based_auth"] is False
