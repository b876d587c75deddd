"""The order statements are visited in, tested once here, and the same in both front-ends."""

from __future__ import annotations

from nextgen_tui.core import order
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument


def with_answers(instrument: Instrument, *positions: order.Position) -> Assessment:
    document = Assessment.new(instrument)
    for role_index, statement_index in positions:
        role = instrument.roles[role_index]
        document.set_answer(role.id, role.statements[statement_index].id, "yes")
    return document


def test_positions_go_role_by_role(instrument: Instrument) -> None:
    positions = order.positions(instrument)
    assert len(positions) == 20 and positions[:6] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (0, 4),
        (1, 0),
    ]
    assert order.step(instrument, (0, 4), 1) == (1, 0)  # across roles
    assert order.step(instrument, (1, 0), -1) == (0, 4)
    assert order.step(instrument, (0, 0), -1) is None and order.step(instrument, (6, 2), 1) is None


def test_open_statements_and_wrapping(instrument: Instrument) -> None:
    document = with_answers(instrument, (0, 0), (0, 1), (6, 2))
    assert order.first_open_or_start(instrument, document) == (0, 2)
    assert order.next_open(instrument, document, (6, 1)) == (0, 2)  # wraps around
    assert order.first_open_in_role(instrument, document, 0) == (0, 2)
    role = instrument.roles[0]
    document.set_answer(role.id, role.statements[2].id, "no")
    document.answers[role.id][role.statements[2].id] = document.answers[role.id][
        role.statements[2].id
    ].model_copy(update={"to_confirm": True})  # carried from the last cycle: still open
    assert order.next_open(instrument, document) == (0, 2)
    everything = with_answers(instrument, *order.positions(instrument))
    assert order.next_open(instrument, everything) is None
    assert order.first_open_or_start(instrument, everything) == (0, 0)
    assert order.first_open_in_role(instrument, everything, 3) == (3, 0)


def test_steps_of_any_length_agree_with_the_order(instrument: Instrument) -> None:
    positions = order.positions(instrument)
    for at, position in enumerate(positions):
        for by in (-25, -6, -5, -1, 0, 1, 3, 5, 6, 25):
            expected = positions[at + by] if 0 <= at + by < len(positions) else None
            assert order.step(instrument, position, by) == expected, (position, by)
