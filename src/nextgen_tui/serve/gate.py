"""Who may hold a connection to `serve --ssh`, before and after they prove who they are.

Pure bookkeeping, no sockets: the server asks :meth:`Gate.arrive` for each new connection and
closes what it is told to. The limits keep a flood from locking everyone out:

- each address may open `rate_burst` connections at once, then `rate_per_minute` a minute;
- each address may hold `per_address` connections that have not logged in yet;
- all addresses together hold at most `max_waiting`; past that the oldest waiting connection of
  the address holding the most is closed to make room, so a newcomer always gets a chance;
- each person may hold `per_person` logged-in connections (and, in ssh.py, sessions).

The per-address figures leave room for a whole team behind one address (an agency's NAT):
50 people logging in at the same moment (the default --max-sessions) get in.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .allowance import Allowance

Conn = TypeVar("Conn")


def oldest_of_busiest(waiting: Mapping[Conn, str]) -> Conn:
    """Of connections still waiting (each with its address, oldest first), the one to close to
    make room: the oldest of the address holding the most, so a flood from one address makes
    room for everyone else."""
    counts = Counter(waiting.values())
    busiest = max(counts, key=lambda where: counts[where])
    return next(conn for conn, where in waiting.items() if where == busiest)


@dataclass
class Limits:
    max_waiting: int = 256
    per_address: int = 80
    rate_burst: int = 100
    rate_per_minute: int = 600
    per_person: int = 4


@dataclass
class Verdict(Generic[Conn]):
    admitted: bool
    reason: str = ""
    evict: list[Conn] = field(default_factory=list)


class Gate(Generic[Conn]):
    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.waiting: OrderedDict[Conn, str] = OrderedDict()  # oldest first
        self.persons: dict[Conn, str] = {}
        self._rate = Allowance(
            self.limits.rate_burst, self.limits.rate_per_minute / 60, most_keys=100_000
        )

    def _waiting_from(self, address: str) -> list[Conn]:
        return [conn for conn, where in self.waiting.items() if where == address]

    def arrive(self, conn: Conn, address: str, now: float) -> Verdict[Conn]:
        limits = self.limits
        if not self._rate.take(address, now):
            return Verdict(False, "too many connections from this address")
        if len(self._waiting_from(address)) >= limits.per_address:
            return Verdict(False, "too many connections waiting to log in from this address")
        evict: list[Conn] = []
        if len(self.waiting) >= limits.max_waiting:
            oldest = oldest_of_busiest(self.waiting)
            del self.waiting[oldest]
            evict.append(oldest)
        self.waiting[conn] = address
        return Verdict(True, evict=evict)

    def logged_in(self, conn: Conn, person: str) -> Verdict[Conn]:
        """``conn`` proved it is ``person``; refused past the person's limit."""
        self.waiting.pop(conn, None)
        if sum(1 for who in self.persons.values() if who == person) >= self.limits.per_person:
            return Verdict(False, f"{self.limits.per_person} connections of this person are open")
        self.persons[conn] = person
        return Verdict(True)

    def left(self, conn: Conn) -> None:
        self.waiting.pop(conn, None)
        self.persons.pop(conn, None)
