from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument, load_instrument

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


if TYPE_CHECKING:
    from tests.tmux import Terminal


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    """A real terminal (tmux, 80×24) of the test's own, closed afterwards."""
    from tests.tmux import Terminal

    term = Terminal(80, 24)
    yield term
    term.close()


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return load_instrument(ROOT / "framework.toml")


def saved_answers(path: Path, instrument: Instrument) -> list[str | None]:
    """Every answer in the answers file at ``path``, in the instrument's order (None: none)."""
    document = answers_file.load(path, instrument)
    return [document.answer(r.id, s.id) for r, s in instrument.statements()]


#: The Partnership Benchmark Profile, the built-in instrument with every question type.
PROFILE = ROOT / "instruments" / "benchmark-profile.toml"


@pytest.fixture(scope="session")
def profile() -> Instrument:
    return load_instrument(PROFILE)


def yes_no_instrument(identifier: str, roles: list[dict[str, object]]) -> Instrument:
    """A schema-2 instrument for a test: a Yes/No scale, two levels, one group ``g``, and
    ``roles`` (each in group ``g``)."""
    return Instrument.model_validate(
        {
            "schema": 2,
            "id": identifier,
            "title": identifier.replace("-", " ").capitalize(),
            "version": "1",
            "scale": [
                {"value": "yes", "label": "Yes", "symbol": "Y", "key": "y", "points": 1},
                {"value": "no", "label": "No", "symbol": "N", "key": "n", "points": 0},
            ],
            "levels": [{"name": "Low", "min": 0}, {"name": "High", "min": 50}],
            "groups": [{"id": "g", "title": "G"}],
            "roles": roles,
        }
    )
