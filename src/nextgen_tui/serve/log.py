"""The servers' log: one line a record on stderr, stamped, printable, and rate-limited.

A flood (thousands of refused connections a second) must not fill the disk: each kind of line
may print `burst` times, then once per `per / burst` seconds; what was held back is counted and
said on the next line of that kind that prints. A kind is what happened, never who or where:
numbers, addresses and asyncssh's ``[conn=N, chan=M]`` are left out of it, so a flood from many
connections is one kind. And all kinds together print at most `overall_burst` lines at once,
then `overall_per_second` a second: 86,700 lines (about 9 MB) a day at the very most, whatever
anyone sends (docs/SECURITY.md).
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from ..core.textsafe import printable
from .allowance import Allowance

#: What names a connection, an address, a number: not part of a line's kind.
_IDS = re.compile(r"\[[^\]]*\]|\b0x[0-9a-f]+|[0-9a-f:]*\d[0-9a-f.:]*", re.IGNORECASE)


def kind_of(message: str, words: int = 2) -> str:
    """A line's kind: its first ``words`` words, with numbers, addresses and bracketed ids
    left out."""
    return " ".join(_IDS.sub("#", message).split()[:words])


class Log:
    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        burst: int = 20,
        per: float = 10.0,
        overall_burst: int = 300,
        overall_per_second: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self._allowance = Allowance(burst, burst / per, most_keys=10_000)
        self._overall = Allowance(overall_burst, overall_per_second, most_keys=1)
        self._held: dict[str, int] = {}
        self._held_overall = 0

    def __call__(self, message: str, *, kind: str | None = None) -> bool:
        """Print ``message`` (its kind is :func:`kind_of` it unless given); False when it was
        held back."""
        kind = kind or kind_of(message)
        now = self.clock()
        if not self._allowance.take(kind, now):
            self._held[kind] = self._held.get(kind, 0) + 1
            if len(self._held) > 10_000:  # kinds are few; never let the count itself grow
                self._held.clear()
            return False
        if not self._overall.take("", now):
            self._held_overall += 1
            return False
        held = self._held.pop(kind, 0)
        if held:
            message += f" ({held} more like this not logged)"
        if self._held_overall:
            message += f" ({self._held_overall} lines of all kinds not logged before this)"
            self._held_overall = 0
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = printable(" ".join(message.split()))  # one line, whatever the message held
        print(f"{stamp} {line}", file=self.stream or sys.stderr, flush=True)
        return True

    # -- what libraries say ---------------------------------------------------------------------

    def loop_exception(self, loop: object, context: dict[str, object]) -> None:
        """asyncio's exception handler: one line, no traceback (a failed accept under a flood
        would otherwise print one per connection)."""
        error = context.get("exception")
        what = f"{type(error).__name__}: {error}" if error is not None else ""
        self(f"error in the event loop: {context.get('message', '')} {what}", kind="loop error")

    def take_over_logging(self) -> None:
        """What any library logs at WARNING or above that no handler of ours takes (asyncio's
        child watcher at shutdown, say) comes out as a line of this log, named by its logger,
        never as Python's bare last-resort line on stderr."""
        root = logging.getLogger()
        root.setLevel(logging.WARNING)
        root.handlers[:] = [self.handler(("",), prefix=None)]

    def handler(
        self, wanted: tuple[str, ...], unwanted: tuple[str, ...] = (), prefix: str | None = "ssh"
    ) -> logging.Handler:
        """A logging handler that passes on the records whose message holds one of ``wanted``
        and none of ``unwanted`` (asyncssh says what it refused at INFO level), each line
        beginning with ``prefix`` (None: the record's logger's name)."""
        log = self

        class _Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                try:
                    message = record.getMessage()
                except (TypeError, ValueError):
                    return
                if any(u in message for u in unwanted):
                    return
                if record.levelno >= logging.WARNING or any(w in message for w in wanted):
                    said = prefix or record.name
                    log(f"{said}: {message}", kind=f"{said} {kind_of(message, 6)}")

        return _Handler(level=logging.INFO)
