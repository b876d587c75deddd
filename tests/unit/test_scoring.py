from __future__ import annotations

import pytest

from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.core.scoring import gaps, score, score_role


def answered(instrument: Instrument, answers: dict[str, list[str | None]]) -> Assessment:
    document = Assessment.new(instrument)
    for role_id, values in answers.items():
        role = instrument.role(role_id)
        for statement, value in zip(role.statements, values, strict=False):
            document.set_answer(role_id, statement.id, value)
    return document


def test_empty_assessment(instrument: Instrument) -> None:
    result = score(instrument, Assessment.new(instrument))
    assert result.percent == 0 and result.answered == 0 and result.total == 20
    assert result.level is None
    assert all(r.level is None and r.answered == 0 for r in result.roles)


def test_role_score_counts_unanswered_as_nothing(instrument: Instrument) -> None:
    document = answered(instrument, {"shared-vision": ["yes", "partially", None, "no", None]})
    role = score_role(instrument, document, instrument.role("shared-vision"))
    assert (role.answered, role.total, role.points) == (3, 5, 1.5)
    assert role.percent == pytest.approx(30.0)
    assert role.level is not None and role.level.name == "Developing"


@pytest.mark.parametrize(
    ("values", "percent", "level"),
    [
        (["no", "no", "no"], 0.0, "Emerging"),
        (["yes", "no", "no"], 100 / 3, "Developing"),
        (["yes", "partially", "no"], 50.0, "Established"),
        (["yes", "yes", "partially"], 250 / 3, "Leading"),
        (["yes", "yes", "yes"], 100.0, "Leading"),
    ],
)
def test_levels(instrument: Instrument, values: list[str], percent: float, level: str) -> None:
    document = answered(instrument, {"training-assistance": values})
    role = score(instrument, document).for_role("training-assistance")
    assert role.percent == pytest.approx(percent)
    assert role.level is not None and role.level.name == level


def test_level_bounds_are_inclusive(instrument: Instrument) -> None:
    assert instrument.level_for(24.999).name == "Emerging"
    assert instrument.level_for(25).name == "Developing"
    assert instrument.level_for(75).name == "Leading"


def test_overall_is_the_mean_of_roles(instrument: Instrument) -> None:
    # Shared vision fully yes (100 %), policy alignment one partially of two (25 %), rest nothing.
    document = answered(
        instrument,
        {"shared-vision": ["yes"] * 5, "policy-alignment": ["partially"]},
    )
    result = score(instrument, document)
    assert result.percent == pytest.approx((100 + 25) / 7)
    assert result.answered == 6
    assert result.level is not None and result.level.name == "Emerging"


def test_unknown_statements_do_not_score(instrument: Instrument) -> None:
    document = answered(instrument, {"shared-vision": ["yes"]})
    document.set_answer("shared-vision", "retired", "yes")
    assert score(instrument, document).for_role("shared-vision").points == 1.0


def test_gaps_are_no_partially_and_unanswered_in_order(instrument: Instrument) -> None:
    document = answered(instrument, {"shared-vision": ["yes", "no", "partially", "yes", "yes"]})
    document.set_note("shared-vision", "multi-agency-team", "Only two agencies so far.")
    result = gaps(instrument, document)
    assert [(g.statement.id, g.answer) for g in result[:2]] == [
        ("multi-agency-team", "no"),
        ("senior-champions", "partially"),
    ]
    assert result[0].entry is not None and result[0].entry.note == "Only two agencies so far."
    assert len(result) == 2 + 15  # and every statement of the other six roles, unanswered
    assert all(g.answer is None for g in result[2:])


def test_fit_counts_terminal_cells() -> None:
    from nextgen_tui.core.wording import cells, fit

    assert fit("Shared Vision & Strategy", 10) == "Shared Vi…"
    assert fit("short", 10) == "short"
    assert cells(fit("州の共通ビジョンと戦略", 9)) <= 9  # wide characters take two cells
    assert fit("州の共通ビジョン", 9).endswith("…")
