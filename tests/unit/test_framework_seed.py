"""framework.toml holds the whole seed instrument: every statement, its text, order and role."""

from __future__ import annotations

import re

import pytest

from nextgen_tui.core.instrument import Instrument
from tests.conftest import DATA

SEED = (DATA / "seed_self_assessment.txt").read_text(encoding="utf-8")

# The noise the seed README names, plus a line-break hyphen ("information- sharing").
NOISE_FIXES = [
    (r"\bPolicy Alignmen\b", "Policy Alignment"),
    (r"information- sharing", "information-sharing"),
    (r"•", " "),
]
NOISE_TOKENS = [
    "Yes No Partially",
    "103 110 rardany",
    "r en ormanagement",
    "For example:",
    "T 1",
    "---",
    "--",
]


def normalise(text: str) -> str:
    for pattern, replacement in NOISE_FIXES:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


SEED_TEXT = normalise(SEED)
INSTRUMENT_PAGE, _, ASSESSMENT_PAGES = SEED_TEXT.partition("State Strategy Self-Assessment")


def role_sections(instrument: Instrument) -> list[tuple[int, int]]:
    """Start and end of each role's section in the assessment pages, found by its title."""
    starts = [ASSESSMENT_PAGES.index(role.title) for role in instrument.roles]
    assert starts == sorted(starts), "roles are not in the seed's order"
    ends = [*starts[1:], len(ASSESSMENT_PAGES)]
    return list(zip(starts, ends, strict=True))


def test_counts(instrument: Instrument) -> None:
    assert len(instrument.roles) == 7
    assert [len(role.statements) for role in instrument.roles] == [5, 3, 2, 3, 2, 2, 3]
    assert instrument.statement_count == 20
    assert [g.title for g in instrument.groups] == ["State-level actions", "State-regional actions"]
    assert [len(instrument.roles_in(g)) for g in instrument.groups] == [5, 2]


def test_every_statement_in_order_under_its_role(instrument: Instrument) -> None:
    for role, (start, end) in zip(instrument.roles, role_sections(instrument), strict=True):
        section = ASSESSMENT_PAGES[start:end]
        position = 0
        for statement in role.statements:
            found = section.find(statement.text, position)
            assert found >= 0, f"{role.id}.{statement.id} not in the seed under {role.title!r}"
            position = found + len(statement.text)
            for example in statement.examples:
                at = section.find(example, position)
                assert at >= 0, f"example of {statement.id} not after it in the seed: {example!r}"


def test_nothing_of_the_seed_is_left_out(instrument: Instrument) -> None:
    """Take away every statement, example and heading: only noise may remain."""
    for role, (start, end) in zip(instrument.roles, role_sections(instrument), strict=True):
        rest = ASSESSMENT_PAGES[start:end].replace(role.title, " ", 1)
        for statement in role.statements:
            for text in [statement.text, *statement.examples]:
                assert text in rest
                rest = rest.replace(text, " ", 1)
        for token in NOISE_TOKENS:
            rest = rest.replace(token, " ")
        assert rest.strip() == "", f"seed text of {role.id} not in framework.toml: {rest.strip()!r}"


def test_instrument_page(instrument: Instrument) -> None:
    for role in instrument.roles:
        for line in [role.purpose, *role.looks_like]:
            if line:
                assert normalise(line) in INSTRUMENT_PAGE, line
    for group in instrument.groups:
        assert normalise(group.goal) in INSTRUMENT_PAGE
    assert "2020" in instrument.copyright and "Next Gen Sector Partnerships" in instrument.copyright


@pytest.mark.parametrize("field", ["id"])
def test_statement_ids_are_unique(instrument: Instrument, field: str) -> None:
    ids = [getattr(s, field) for _, s in instrument.statements()]
    assert len(ids) == len(set(ids))


def test_scale_and_levels(instrument: Instrument) -> None:
    assert [(o.value, o.points, o.key) for o in instrument.scale] == [
        ("yes", 1.0, "y"),
        ("partially", 0.5, "p"),
        ("no", 0.0, "n"),
    ]
    assert [level.min for level in instrument.levels] == [0, 25, 50, 75]
