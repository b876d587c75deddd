"""The plan of one answers file: where each role stands against its target, and every action."""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from datetime import date
from typing import Any, NamedTuple

from ..core.instrument import Instrument
from ..core.plan import Order, PlanItem, plan_items
from ..core.scoring import (
    TargetGap,
    score,
    target_gaps,
)
from ..core.textsafe import printable
from ..core.wording import action_line, fit
from .blocks import Bar, Cell, Document, Heading, Records, Run, Table, Typed, cell, paragraph
from .named_assessment import NamedAssessment
from .review import (
    about,
    actions_line,
    header,
    summary,
    targets_data,
    targets_line,
    targets_table,
)


class PlanReport(NamedTuple):
    """The plan of one answers file: where each role stands against its target, and every
    action (or one owner's, or those still to do), in the order asked for."""

    instrument: Instrument
    loaded: NamedAssessment
    targets: list[TargetGap]
    items: list[PlanItem]
    today: date
    owner: str | None = None
    open_only: bool = False

    @property
    def open(self) -> int:
        return sum(item.action.is_open for item in self.items)

    @property
    def overdue(self) -> int:
        return sum(item.action.overdue(self.today) for item in self.items)


def build_plan(
    instrument: Instrument,
    loaded: NamedAssessment,
    *,
    owner: str | None = None,
    open_only: bool = False,
    order: Order = "role",
    today: date | None = None,
) -> PlanReport:
    assessment = loaded.assessment
    return PlanReport(
        instrument=instrument,
        loaded=loaded,
        targets=target_gaps(instrument, assessment, score(instrument, assessment)),
        items=plan_items(instrument, assessment, owner=owner, open_only=open_only, order=order),
        today=today or date.today(),
        owner=owner,
        open_only=open_only,
    )


def plan_summary(report: PlanReport) -> str:
    count = len(report.items)
    which = f"{printable(report.owner)}'s " if report.owner else ""
    return (
        f"{count} {which}action{'s' if count != 1 else ''}"
        f"{' still to do' if report.open_only else ''}: {report.open} open, "
        f"{report.overdue} overdue."
    )


# -- the document ---------------------------------------------------------------------------------


def document(report: PlanReport) -> Document:
    """The plan as a document: the targets, then every action, its statement under its first."""
    instrument = report.instrument
    details = report.loaded.assessment.details
    blocks = header(
        f"{printable(instrument.title)} — plan",
        [
            f"File: {printable(str(report.loaded.path))}",
            f"State: {printable(details.state) or '—'} · Respondent: "
            f"{printable(details.respondent) or '—'}",
            plan_summary(report),
        ],
        [],
    )
    said = [("Targets", targets_line(report.targets))] if report.targets else []
    if report.items:
        actions = [item.action for item in report.items]
        said.append(("Actions", actions_line(actions, report.today)))
        late = [item for item in report.items if item.action.overdue(report.today)]
        if late:
            said.append(("Overdue", "; ".join(_late(report, item) for item in late)))
    blocks += summary(said)
    if report.targets:
        blocks += [Heading("Targets: roles below theirs first"), targets_table(report.targets)]
    blocks.append(Heading("Actions"))
    if not report.items:
        blocks.append(
            paragraph("None yet: press a on a statement in the questionnaire to plan one.")
        )
    else:
        rows: list[tuple[Cell | Bar, ...]] = []
        previous = None
        for item in report.items:
            action = item.action
            overdue = action.overdue(report.today)
            due = action.due.isoformat() if action.due else "—"
            body = [Run(printable(action.text, multiline=True))]
            if item.statement is not previous:  # the statement once, under its first action
                body.append(Run(f"\n{fit(printable(item.statement.text), 60)}", "muted"))
            previous = item.statement
            rows.append(
                (
                    cell(instrument.label_of(item.role, item.statement)),
                    cell(action.status + (" (check)" if action.to_check else "")),
                    cell(due + (" overdue" if overdue else ""), "alert" if overdue else None),
                    cell(printable(action.owner) or "—"),
                    cell(action.priority or ""),
                    tuple(body),
                )
            )
        blocks.append(
            Table(
                rows,
                header=("#", "Status", "Due", "Owner", "Priority", "Action"),
                least={5: 20},
                wide=5,
                labels=3,
            )
        )
    return Document(
        title=f"{instrument.title}: plan",
        blocks=blocks,
        records=[_records(report), _targets(report)],
        data=_data(report),
        footer=about(instrument),
    )


def _late(report: PlanReport, item: PlanItem) -> str:
    """``3.2 Old one (open, Ana, due 2020-01-01)``: the action in the words every report
    uses."""
    label = report.instrument.label_of(item.role, item.statement)
    return f"{label} {action_line(item.action)}"


# -- as data --------------------------------------------------------------------------------------


def _records(report: PlanReport) -> Records:
    """One row an action, ready for a spreadsheet."""
    rows = [
        (
            item.role.id,
            item.role.title,
            report.instrument.label_of(item.role, item.statement),
            item.statement.text,
            item.entry.answer or "",
            Typed(item.action.text),
            Typed(item.action.owner),
            item.action.due or "",
            item.action.status,
            item.action.priority or "",
            "yes" if item.action.overdue(report.today) else "",
            "yes" if item.action.to_check else "",
        )
        for item in report.items
    ]
    header = (
        "role",
        "role_title",
        "number",
        "statement",
        "answer",
        "action",
        "owner",
        "due",
        "status",
        "priority",
        "overdue",
        "to_check",
    )
    return Records(header, rows, name="Actions")


def _targets(report: PlanReport) -> Records:
    """Each target and where its role stands (a workbook's second sheet)."""
    rows = [
        (
            gap.role.id if gap.role else "overall",
            gap.role.title if gap.role else "Overall",
            Typed(str(gap.target)),
            round(gap.current, 1),
            round(gap.wanted, 1),
            round(gap.gap, 1),
            "yes" if gap.met else "",
        )
        for gap in report.targets
    ]
    header = ("role", "role_title", "target", "now", "wanted", "gap", "met")
    return Records(header, rows, name="Targets", workbook_only=True)


def _data(report: PlanReport) -> dict[str, Any]:
    instrument = report.instrument
    return {
        "file": str(report.loaded.path),
        "today": report.today.isoformat(),
        "targets": targets_data(report.targets),
        "actions": [
            {
                "role": item.role.id,
                "statement": item.statement.id,
                "number": instrument.label_of(item.role, item.statement),
                "answer": item.entry.answer,
                **item.action.model_dump(mode="json"),
                "overdue": item.action.overdue(report.today),
            }
            for item in report.items
        ],
    }
