"""The order statements are visited in, tested once here, and the same in both front-ends."""

from __future__ import annotations

from nextgen_tui.core import order
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Framework


def with_answers(framework: Framework, *positions: order.Position) -> Assessment:
    document = Assessment.new(framework)
    for role_index, statement_index in positions:
        role = framework.roles[role_index]
        document.set_answer(role.id, role.statements[statement_index].id, "yes")
    return document


def test_positions_go_role_by_role(framework: Framework) -> None:
    positions = order.positions(framework)
    assert len(positions) == 20 and positions[:6] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (0, 4),
        (1, 0),
    ]
    assert order.step(framework, (0, 4), 1) == (1, 0)  # across roles
    assert order.step(framework, (1, 0), -1) == (0, 4)
    assert order.step(framework, (0, 0), -1) is None and order.step(framework, (6, 2), 1) is None


def test_open_statements_and_wrapping(framework: Framework) -> None:
    document = with_answers(framework, (0, 0), (0, 1), (6, 2))
    assert order.first_open_or_start(framework, document) == (0, 2)
    assert order.next_open(framework, document, (6, 1)) == (0, 2)  # wraps around
    assert order.first_open_in_role(framework, document, 0) == (0, 2)
    role = framework.roles[0]
    document.set_answer(role.id, role.statements[2].id, "no")
    document.answers[role.id][role.statements[2].id] = document.answers[role.id][
        role.statements[2].id
    ].model_copy(update={"to_confirm": True})  # carried from the last cycle: still open
    assert order.next_open(framework, document) == (0, 2)
    everything = with_answers(framework, *order.positions(framework))
    assert order.next_open(framework, everything) is None
    assert order.first_open_or_start(framework, everything) == (0, 0)
    assert order.first_open_in_role(framework, everything, 3) == (3, 0)


def test_steps_of_any_length_agree_with_the_order(framework: Framework) -> None:
    positions = order.positions(framework)
    for at, position in enumerate(positions):
        for by in (-25, -6, -5, -1, 0, 1, 3, 5, 6, 25):
            expected = positions[at + by] if 0 <= at + by < len(positions) else None
            assert order.step(framework, position, by) == expected, (position, by)
