"""So many at once, then so many a second, for each key: the rate limit of the log's lines
(by kind) and of new connections (by address)."""

from __future__ import annotations


class Allowance:
    def __init__(self, burst: int, per_second: float, *, most_keys: int) -> None:
        """``most_keys``: past that many keys the memory of them starts again (bounded, whatever
        a flood sends)."""
        self.burst = float(burst)
        self.per_second = per_second
        self.most_keys = most_keys
        self._left: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)

    def take(self, key: str, now: float) -> bool:
        """One for ``key`` at ``now``; False when its allowance is spent."""
        tokens, when = self._left.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.per_second)
        if tokens < 1:
            self._left[key] = (tokens, now)
            return False
        self._left[key] = (tokens - 1, now)
        if len(self._left) > self.most_keys:
            self._left.clear()
        return True
