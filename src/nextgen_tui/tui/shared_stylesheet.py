"""The stylesheet's rules parsed once per process, for every app in it: what a served session
forked from the warm process finds ready (see :class:`SharedRules`)."""

from __future__ import annotations

from typing import Any, ClassVar


class SharedRules:
    """The stylesheet's rules as parsed, shared by every app of this process (Textual keeps
    them per app): a served session forked from the warm process finds the questionnaire's
    CSS already parsed there, a quarter of its start. Keyed with the CSS variables they were
    parsed with, so a theme of its own never gets another's rules; kept, not cleared, when an
    app's variables change. Stands in for :class:`textual.cache.LRUCache` as
    ``Stylesheet._parse_cache`` (what Textual reads and writes of it: get, set, clear). The
    upstream fix: one parse cache for the process, keyed with the variables."""

    #: (the stylesheet's key, the variables) -> the rules; a few apps' worth at most.
    _rules: ClassVar[dict[tuple[object, ...], Any]] = {}
    MOST = 256

    def __init__(self, stylesheet: Any) -> None:
        self.stylesheet = stylesheet
        self._variables: tuple[dict[str, str], tuple[tuple[str, str], ...]] | None = None

    def _key(self, key: tuple[object, ...]) -> tuple[object, ...]:
        variables = self.stylesheet._variables
        if self._variables is None or self._variables[0] is not variables:
            self._variables = (variables, tuple(sorted(variables.items())))
        return (key, self._variables[1])

    def __getitem__(self, key: tuple[object, ...]) -> Any:
        return SharedRules._rules[self._key(key)]

    def __setitem__(self, key: tuple[object, ...], rules: Any) -> None:
        if len(SharedRules._rules) >= self.MOST:
            SharedRules._rules.pop(next(iter(SharedRules._rules)))
        SharedRules._rules[self._key(key)] = rules

    def clear(self) -> None:
        """(The variables changed: the next lookups use the new ones in their keys.)"""
