"""From a score to a plan: the actions a team plans on its statements, in one list.

An action (:class:`~nextgen_tui.core.assessment.Action`) sits on a statement; this module lines them
all up for the plan screen, ``nextgen-tui plan`` and the exports, and turns a statement's "For
example" bullets that are not yet in place into draft actions, in the source's words. No Textual.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from .assessment import Action, Assessment, Entry
from .instrument import Instrument, Role, Statement


def draft_actions(statement: Statement, entry: Entry | None) -> list[Action]:
    """An action for each of the statement's example bullets not ticked as in place (and not
    already an action's text): "Partially" broken down into what is left to do."""
    in_place = set(entry.in_place) if entry else set()
    planned = {action.text for action in entry.actions} if entry else set()
    return [
        Action(text=bullet)
        for number, bullet in enumerate(statement.examples, start=1)
        if number not in in_place and bullet.strip() not in planned
    ]


class PlanItem(NamedTuple):
    role: Role
    statement: Statement
    entry: Entry
    action: Action
    #: Its place among the statement's actions (from 0), to change it.
    position: int


Order = Literal["role", "due", "owner", "status"]
ORDERS: tuple[Order, ...] = ("role", "due", "owner", "status")
_STATUS_ORDER = {"in-progress": 0, "open": 1, "done": 2, "dropped": 3}
_PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2, None: 3}


def plan_items(
    instrument: Instrument,
    assessment: Assessment,
    *,
    owner: str | None = None,
    open_only: bool = False,
    order: Order = "role",
) -> list[PlanItem]:
    """Every action, in instrument order (or by due date, owner or status: ties keep it), only
    one owner's (any case) or only those still to do when asked."""
    items = []
    for role, statement in instrument.statements():
        entry = assessment.entry(role.id, statement.id)
        if entry is None:
            continue
        for index, action in enumerate(entry.actions):
            if open_only and not action.is_open:
                continue
            if owner is not None and action.owner.strip().casefold() != owner.strip().casefold():
                continue
            items.append(PlanItem(role, statement, entry, action, index))
    if order == "due":
        items.sort(key=lambda item: (item.action.due is None, item.action.due or date.max))
    elif order == "owner":
        items.sort(key=lambda item: (not item.action.owner, item.action.owner.casefold()))
    elif order == "status":
        items.sort(
            key=lambda item: (
                _STATUS_ORDER[item.action.status],
                _PRIORITY_ORDER[item.action.priority],
            )
        )
    return items


def read_target(instrument: Instrument, typed: str) -> str | float | None:
    """A target as typed: a level's name (any case, or its first letters), ``75`` or ``75%``;
    empty: none. ValueError, in words, for anything else."""
    text = typed.strip().rstrip("%").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        names = [level.name for level in instrument.levels]
        found = [name for name in names if name.lower().startswith(text.lower())]
        if len(found) == 1:
            return found[0]
        raise ValueError(
            f"{typed.strip()!r} is not a level or a percentage: type one of "
            f"{', '.join(names)}, or a number from 0 to 100"
        ) from None
    if not 0 <= value <= 100:
        raise ValueError("a percentage is from 0 to 100")
    return int(value) if value.is_integer() else value
