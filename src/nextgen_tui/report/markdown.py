"""The reports in Markdown: every text from a file made literal (no markup of its own)."""

from __future__ import annotations

from itertools import groupby

from ..core.scoring import TargetGap
from ..core.textsafe import printable
from ..core.wording import (
    action_line,
    answer_text,
    answered_text,
    gap_words,
    level_range,
    marked,
    percent,
    percent_range,
    signed,
    sparkline,
    target_text,
    when,
)
from .model import (
    ComparisonReport,
    PlanReport,
    Review,
    ScoreRow,
    SideBySide,
    SideRow,
    TrendReport,
    agreement_lines,
    file_line,
    order_line,
    plan_summary,
    reviewed,
    score_columns,
    score_rows,
    side_title,
    statement_label,
    statements_title,
    target_rows,
)


def md(text: str) -> str:
    """Text from a file made literal in Markdown: markup characters escaped, lines joined."""
    text = printable(text, multiline=True)
    for char in "\\`*_[]<>|~#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "<br>")


def review_markdown(review: Review) -> str:
    instrument, assessment = review.instrument, review.assessment
    details = assessment.details
    out = [
        f"# {md(reviewed(review))}: review",
        "",
        f"- **File:** {md(str(review.loaded.path))}",
        f"- **State:** {md(details.state) or '—'}",
        f"- **Respondent:** {md(details.respondent) or '—'}",
        f"- **Created:** {when(details.created)} · **Updated:** {when(details.updated)}",
        f"- **Instrument:** {md(assessment.instrument)} "
        f"version {md(assessment.instrument_version or '—')}",
    ]
    out += [f"- **Warning:** {md(warning)}" for warning in review.warnings]
    out += _scores_markdown(review) if review.scored else _completion_markdown(review)
    out += _targets_markdown(review.targets)
    out += ["", "## Answers"]
    sections = [(md(role.title), review.lines_of(role)) for role in instrument.roles]
    if review.unknown:
        sections.append(
            ("Statements unknown to this instrument (kept in the file)", review.unknown)
        )
    for title, lines in sections:
        out += [
            "",
            f"### {title}",
            "",
            "| # | Answer | Statement | Note |",
            "| ---: | --- | --- | --- |",
        ]
        for line in lines:
            text = md(line.text) if line.number else f"`{line.role_id}.{line.statement_id}`"
            answer = md(line.shown + marked(line.entry))
            if line.given:  # a question of another type: its answer under it
                text += "<br>" + "<br>".join(f"**{md(given)}**" for given in line.given)
            note = md(line.entry.note) if line.entry else ""
            for said in line.record.lines():
                note += ("<br>" if note else "") + "*" + md(said) + "*"
            for action in line.entry.actions if line.entry else []:
                note += ("<br>" if note else "") + "▪ " + md(action_line(action))
            out.append(f"| {line.number or '?'} | {answer} | {text} | {note} |")
    if not review.scored:
        return "\n".join(out).rstrip() + "\n"
    out += ["", "## Gaps", ""]
    found = review.gaps
    if not found:
        out.append("None: every statement is answered at the top of the scale.")
    for role, role_gaps in groupby(found, key=lambda gap: gap.role):
        out += [f"**{md(role.title)}**", ""]
        for gap in role_gaps:
            number = gap.number
            answer = md(answer_text(instrument, gap.answer) + marked(gap.entry))
            item = f"- {number}. {answer}: {md(gap.statement.text)}"
            if gap.entry is not None and gap.entry.note:
                item += f" — *Note:* {md(gap.entry.note)}"
            out.append(item)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _scores_markdown(review: Review) -> list[str]:
    instrument = review.instrument
    out = [
        "",
        "## Scores",
        "",
        "| Role | Score | Level | Answered |",
        "| --- | ---: | --- | ---: |",
    ]
    for group in instrument.groups:
        out.append(f"| **{md(group.title)}** | | | |")
        for role in instrument.roles_in(group):
            result = review.score.for_role(role.id)
            out.append(
                f"| {md(role.label)} | {percent_range(result.percent, result.high_percent)} "
                f"| {level_range(result.level, result.levels)} | {answered_text(result)} |"
            )
    total = review.score
    out.append(
        f"| **Overall** | **{percent_range(total.percent, total.high_percent)}** "
        f"| **{level_range(total.level, total.levels)}** | {answered_text(total)} |"
    )
    return out


def _completion_markdown(review: Review) -> list[str]:
    name = review.instrument.section_name
    out = [
        "",
        f"## Filled in, by {name}",
        "",
        f"| {name.capitalize()} | Answered | Left |",
        "| --- | ---: | --- |",
    ]
    for done in review.completion:
        label = md(done.role.label) if done.role else "**Overall**"
        out.append(f"| {label} | {done.answered}/{done.total} | {done.words} |")
    return out


def comparison_markdown(report: ComparisonReport) -> str:
    instrument = report.instrument
    names = [md(name) for name in report.names]
    kind = "cycles" if report.cycles else "files"
    out = [f"# {md(instrument.title)}: comparison of {len(report.files)} {kind}", ""]
    out += [f"- {md(file_line(n, f))}" for n, f in zip(report.names, report.files, strict=True)]
    out += [f"- **Warning:** {md(w)}" for w in report.warnings]
    out += ["", md(order_line(report)), ""]
    columns, measure = score_columns(report)
    columns = [md(column) for column in columns]
    out += [f"## Scores by {md(report.by or '')}" if report.groups else "## Scores by role", ""]
    out += ["| Role | " + " | ".join(columns) + f" | {measure} |"]
    out += ["| --- | " + " | ".join("---:" for _ in columns) + " | ---: |"]
    by_role = {row.role.id if row.role else None: row for row in score_rows(report)}

    def row(label: str, score: ScoreRow) -> str:
        return f"| {label} | " + " | ".join(md(c) for c in score.cells) + f" | {score.delta_text} |"

    for group in instrument.groups:
        out.append(f"| **{md(group.title)}** | " + " | ".join("" for _ in columns) + " | |")
        for role in instrument.roles_in(group):
            out.append(row(md(role.label), by_role[role.id]))
    out.append(row("**Overall**", by_role[None]))
    targets = target_rows(report)
    if targets:
        out += ["", "## Targets", "", "| Role | " + " | ".join(names) + " |"]
        out += ["| --- | " + " | ".join("---" for _ in names) + " |"]
        out += [
            f"| {md(label)} | " + " | ".join(md(c) for c in cells) + " |"
            for label, cells in targets
        ]
    out += ["", f"## {md(statements_title(report))}", ""]
    notes = " | Notes" if report.notes else ""
    out += ["| | # | Statement | " + " | ".join(names) + f"{notes} |"]
    out += [
        "| --- | --- | --- | "
        + " | ".join("---" for _ in names)
        + (" | ---" if notes else "")
        + " |"
    ]
    for item in report.rows:
        text = md(item.statement.text) if item.statement else "(unknown to this instrument)"
        label = statement_label(instrument, item.role_id, item.statement, item.statement_id)
        answers = " | ".join(md(answer_text(instrument, a)) for a in item.answers)
        said = ""
        if report.notes:
            said = " | " + "<br>".join(
                f"**{md(name)}:** {md(note)}"
                for name, note in zip(report.names, item.notes, strict=True)
                if note
            )
        out.append(f"| {'≠' if item.differs else ''} | {md(label)} | {text} | {answers}{said} |")
    if not report.rows:
        out.append(
            "| | | None. | " + " | ".join("" for _ in names) + (" | " if notes else "") + " |"
        )
    out += ["", "## Agreement", ""]
    out += [f"- {md(line)}" for line in agreement_lines(report)]
    return "\n".join(out) + "\n"


def _targets_markdown(targets: list[TargetGap]) -> list[str]:
    if not targets:
        return []
    out = ["", "## Targets", "", "| Role | Now | Target | Gap |", "| --- | ---: | --- | ---: |"]
    for gap in targets:
        label = md(gap.role.label) if gap.role else "**Overall**"
        wanted = md(target_text(gap.target))
        out.append(f"| {label} | {percent(gap.current)} | {wanted} | {gap_words(gap)} |")
    return out


def plan_markdown(report: PlanReport) -> str:
    instrument = report.instrument
    details = report.loaded.assessment.details
    out = [
        f"# {md(instrument.title)}: plan",
        "",
        f"- **File:** {md(str(report.loaded.path))}",
        f"- **State:** {md(details.state) or '—'}",
        f"- **Respondent:** {md(details.respondent) or '—'}",
        f"- {md(plan_summary(report))}",
    ]
    out += _targets_markdown(report.targets)
    out += ["", "## Actions", ""]
    if not report.items:
        out.append("None yet.")
    else:
        out += [
            "| # | Statement | Action | Owner | Due | Status | Priority |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for item in report.items:
            action = item.action
            due = action.due.isoformat() if action.due else "—"
            if action.overdue(report.today):
                due = f"**{due} overdue**"
            status = action.status + (" (to check)" if action.to_check else "")
            out.append(
                f"| {instrument.label_of(item.role, item.statement)} | {md(item.statement.text)} "
                f"| {md(action.text)} | {md(action.owner) or '—'} | {due} | {status} "
                f"| {action.priority or ''} |"
            )
    return "\n".join(out) + "\n"


def trend_markdown(report: TrendReport) -> str:
    instrument = report.instrument
    names = [md(f.name) for f in report.files]
    out = [f"# {md(instrument.title)}: trend over {len(report.files)} cycles", ""]
    out += [f"- {md(file_line(f.name, f))}" for f in report.files]
    out += ["", "## Scores by cycle", ""]
    out += ["| Role | " + " | ".join(names) + " | Trend | Change |"]
    out += ["| --- | " + " | ".join("---:" for _ in names) + " | --- | ---: |"]
    for row in report.rows:
        label = md(row.role.label) if row.role else "**Overall**"
        cells = " | ".join(percent(value) for value in row.percents)
        out.append(f"| {label} | {cells} | {sparkline(row.percents)} | {signed(row.change)} |")
    out += ["", "## Statements that moved", ""]
    if not report.moves:
        out.append("None: every answer stayed the same.")
    else:
        out += ["| # | Cycles | Move | Statement | Note |", "| --- | --- | --- | --- | --- |"]
        for move in report.moves:
            change = (
                f"{answer_text(instrument, move.before)} → {answer_text(instrument, move.after)}"
            )
            change = f"**{md(change)} (down)**" if move.down else md(change)
            out.append(
                f"| {instrument.label_of(move.role, move.statement)} "
                f"| {md(move.since)} → {md(move.until)} | {change} | {md(move.statement.text)} "
                f"| {md(move.note)} |"
            )
    regressions = report.regressions
    out += [
        "",
        f"**Regressions:** {len(regressions)}"
        + (
            " (" + ", ".join(instrument.label_of(m.role, m.statement) for m in regressions) + ")"
            if regressions
            else ""
        ),
    ]
    return "\n".join(out) + "\n"


def side_markdown(report: SideBySide) -> str:
    """Numbers in one table; then a table per heading: a row a question, a column per file."""
    names = [md(name) for name in report.names]
    out = [f"# {md(side_title(report))}", ""]
    out += [f"- {md(file_line(n, f))}" for n, f in zip(report.names, report.files, strict=True)]
    out += [f"- **Warning:** {md(warning)}" for warning in report.warnings]

    def table(rows: list[SideRow]) -> list[str]:
        lines = [
            "| Question | " + " | ".join(names) + " |",
            "| --- |" + " --- |" * len(names),
        ]
        for row in rows:
            cells = ["<br>".join(md(line) for line in cell) or "—" for cell in row.cells]
            question = f"{row.label} {md(row.question.text)}"
            lines.append(f"| {question} | " + " | ".join(cells) + " |")
        return lines

    if report.numbers:
        out += ["", "## Numbers", "", *table(report.numbers)]
    for role, rows in report.sections():
        out += ["", f"## {md(role.title)}", "", *table(rows)]
    if not report.rows:
        out += ["", "None: every question is answered alike in every file."]
    return "\n".join(out).rstrip() + "\n"
