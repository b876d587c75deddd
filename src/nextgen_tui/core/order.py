"""The order statements are visited in: one rule for every front-end (the full-screen
questionnaire, plain mode, and whatever comes later).

A position is ``(role index, statement index)``. Statements go role by role, in the
instrument's order. A statement is *open* until it is answered and that answer is confirmed
(an answer carried from the last cycle is still open). No Textual here.
"""

from __future__ import annotations

from .assessment import Assessment
from .instrument import Instrument
from .scoring import spread

Position = tuple[int, int]


def positions(instrument: Instrument) -> list[Position]:
    """Every statement, in the order a person goes through them."""
    return [
        (role_index, statement_index)
        for role_index, role in enumerate(instrument.roles)
        for statement_index in range(len(role.statements))
    ]


def position_of(instrument: Instrument, role_id: str, statement_id: str) -> Position:
    """Where the statement with these ids is."""
    role = instrument.role(role_id)
    index = next(i for i, statement in enumerate(role.statements) if statement.id == statement_id)
    return instrument.roles.index(role), index


def is_open(instrument: Instrument, assessment: Assessment, position: Position) -> bool:
    """Not answered yet, or answered last cycle and not yet confirmed."""
    role = instrument.roles[position[0]]
    entry = assessment.entry(role.id, role.statements[position[1]].id)
    return entry is None or not entry.settled


def next_open(
    instrument: Instrument, assessment: Assessment, after: Position | None = None
) -> Position | None:
    """The first open statement after ``after`` (from the start when None), wrapping around;
    None when every statement is settled. A required question comes before one that is not
    (every scaled statement is required unless its instrument says otherwise)."""
    order = positions(instrument)
    start = order.index(after) + 1 if after is not None else 0
    ahead = [p for p in order[start:] + order[:start] if is_open(instrument, assessment, p)]
    roles = instrument.roles
    return next(
        (p for p in ahead if roles[p[0]].statements[p[1]].is_required),
        ahead[0] if ahead else None,
    )


def first_open_or_start(instrument: Instrument, assessment: Assessment) -> Position:
    """Where a session starts: the first open statement, or the very first one."""
    return next_open(instrument, assessment) or (0, 0)


def step(instrument: Instrument, position: Position, by: int) -> Position | None:
    """``by`` statements on (or back), across roles; None past either end. Counted within the
    roles, not by listing every position: each answer key takes a step."""
    roles = instrument.roles
    role_index, index = position[0], position[1] + by
    while index < 0:
        role_index -= 1
        if role_index < 0:
            return None
        index += len(roles[role_index].statements)
    while index >= len(roles[role_index].statements):
        index -= len(roles[role_index].statements)
        role_index += 1
        if role_index >= len(roles):
            return None
    return role_index, index


def first_open_in_role(instrument: Instrument, assessment: Assessment, role_index: int) -> Position:
    """Where jumping to a role lands: its first open statement, or its first."""
    count = len(instrument.roles[role_index].statements)
    return next(
        (
            (role_index, index)
            for index in range(count)
            if is_open(instrument, assessment, (role_index, index))
        ),
        (role_index, 0),
    )


def disputes(instrument: Instrument, assessment: Assessment) -> list[Position]:
    """A team file's disputes on the scale, in the order a meeting takes them: those still
    open first, the widest first (Yes against No before Yes against Partially), then in
    instrument order; then those agreed on. (Another type's dispute is answered in the
    questionnaire.)"""
    found = []
    for position in positions(instrument):
        role = instrument.roles[position[0]]
        statement = role.statements[position[1]]
        if not statement.is_scale:  # (answered in the questionnaire, by its editor)
            continue
        entry = assessment.entry(role.id, statement.id)
        if entry is not None and entry.was_disputed:
            width = spread(instrument, entry.member_answers)
            found.append((entry.answer is not None, -width, position))
    return [position for _settled, _width, position in sorted(found)]
