"""A state team's whole cycle through the installed command, as a team runs it (issue 27): three
members answer on their own (notes, blanks), `merge`, the meeting in plain mode (each dispute
agreed with its reason, examples ticked in place, a target, an action), every report format,
`new --from`, a role confirmed, `trend`; then every reason, every member's answer, the ticked
examples and the count of carried answers nobody confirmed are found in each document."""

from __future__ import annotations

import csv
import html
import io
import subprocess
from pathlib import Path

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument

from .served import COMMAND

#: Each member's answers, in the instrument's order ("s": left blank), and one note.
ANA = list("yyyyyyyyyypppyyyyyyy")
BEN = list("ynyyyyyyyypppyyynyyy")
CHO = list("ysyyyypyyypppysyyyys")
NOTES = {"Ana Ruiz": (1, "Charter drafted"), "Ben Ode": (1, "Only workforce signed")}


def run(*args: str, typed: str = "", folder: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [COMMAND, *args],
        input=typed,
        capture_output=True,
        text=True,
        cwd=folder,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "LANG": "C.UTF-8"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout[-2000:]
    return result


def member(folder: Path, name: str, answers: list[str]) -> Path:
    path = folder / f"{name.split()[0].lower()}.toml"
    lines = ["m", "Colorado", name, "Workforce"]
    for index, answer in enumerate(answers):
        if name in NOTES and NOTES[name][0] == index:
            lines += ["e", NOTES[name][1]]
        lines.append(answer)
    run("--plain", path.name, typed="\n".join(lines) + "\n", folder=folder)
    return path


def meeting(folder: Path, instrument: Instrument, reasons: dict[int, str]) -> str:
    """The team's plain-mode meeting on team.toml: from the first open statement to the last,
    each dispute agreed (Ben's answer) with its reason, a blank of all left, examples ticked on
    statement 10 (its 1st and 3rd), a target on the first role, an action on the last."""
    team = answers_file.load(folder / "team.toml", instrument)
    every = list(instrument.statements())
    first = next(
        i
        for i, (role, s) in enumerate(every)
        if (e := team.entry(role.id, s.id)) is None or e.disputed or not e.settled
    )
    lines = []
    for index in range(first, len(every)):
        role, statement = every[index]
        entry = team.entry(role.id, statement.id)
        if index == first:
            lines += ["t", "Established"]
        if index == 9:
            lines += ["i", "1 3"]
        if index == len(every) - 1:
            lines += ["a", "Draft the charter with Commerce", "Ben Ode", "2027-03-31"]
        if entry is not None and entry.disputed:
            given = {m.name: m.answer for m in entry.members}
            lines += [given["Ben Ode"][0], reasons[index]]
        elif entry is None or entry.answer is None:
            lines.append("s")
        else:
            lines.append("")
    return run("--plain", "team.toml", typed="\n".join(lines) + "\n", folder=folder).stdout


def documents(folder: Path, *args: str) -> dict[str, str]:
    """The report as text, Markdown, CSV, HTML and Word, as text to search."""
    import docx

    out = {}
    for kind in ("text", "markdown", "csv"):
        out[kind] = run(*args, "--format", kind, folder=folder).stdout
    run(*args, "-o", "report.html", folder=folder)
    out["html"] = html.unescape((folder / "report.html").read_text())
    run(*args, "-o", "report.docx", folder=folder)
    document = docx.Document(str(folder / "report.docx"))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    out["docx"] = "\n".join(parts)
    return out


def test_a_teams_whole_cycle_keeps_every_reason_and_voice(
    tmp_path: Path, instrument: Instrument
) -> None:
    for name, answers in (("Ana Ruiz", ANA), ("Ben Ode", BEN), ("Cho Park", CHO)):
        member(tmp_path, name, answers)
    merged = run("merge", "ana.toml", "ben.toml", "cho.toml", "-o", "team.toml", folder=tmp_path)
    assert "3 files merged; 3 disputed" in merged.stderr
    disputed = [i for i, (a, b) in enumerate(zip(ANA, BEN, strict=True)) if a != b]
    disputed += [i for i, c in enumerate(CHO) if c not in ("s", ANA[i]) and i not in disputed]
    reasons = {index: f"Reason {index}: agreed after the data review" for index in disputed}
    said = meeting(tmp_path, instrument, reasons)
    assert "Disputed: the members answered differently" in said

    team = answers_file.load(tmp_path / "team.toml", instrument)
    every = list(instrument.statements())
    for index, reason in reasons.items():
        entry = team.entry(every[index][0].id, every[index][1].id)
        assert entry.rationale == reason and not entry.disputed, index
    assert team.targets == {every[0][0].id: "Established"}

    examples = [" ".join(e.split()).rstrip(".") for e in every[9][1].examples]
    for kind, shown in documents(tmp_path, "review", "team.toml").items():
        flat = " ".join(shown.split())
        for reason in reasons.values():
            assert reason in flat, (kind, reason)
        assert "Only workforce signed" in flat and "Charter drafted" in flat, kind
        if kind == "csv":  # a row a member and statement: each voice in a row of its own
            rows = list(csv.DictReader(io.StringIO(shown)))
            assert {r["member"] for r in rows} == {"Ana Ruiz", "Ben Ode", "Cho Park"}
            blank = [r for r in rows if r["member"] == "Cho Park" and r["rationale"]]
            assert any(r["member_answer"] == "" for r in blank), kind  # a blank, kept as one
        else:
            for name in ("Ana Ruiz", "Ben Ode", "Cho Park"):
                assert f"{name}: " in flat, (kind, name)
            assert "Cho Park: — blank" in flat, kind  # a blank, said as one
        assert examples[0] in flat and examples[2] in flat and examples[1] in flat, kind
        assert "Draft the charter with Commerce" in flat, kind
        if kind == "csv":
            rows = list(csv.DictReader(io.StringIO(shown)))
            reasoned = {r["statement_id"] for r in rows if r["rationale"]}  # (on each voice's row)
            assert len(reasoned) == len(reasons)

    # the next cycle: carried, one role confirmed, the rest said as not confirmed
    run("new", "--from", "team.toml", "2027.toml", folder=tmp_path)
    lines = ["C", "q"]
    run("--plain", "2027.toml", typed="\n".join(lines) + "\n", folder=tmp_path)
    carried = answers_file.load(tmp_path / "2027.toml", instrument).carried
    assert 0 < carried < 20
    wanted = f"{carried} answers carried from the last cycle, not confirmed yet"
    for args in (("review", "2027.toml"), ("trend", "team.toml", "2027.toml")):
        for kind, shown in documents(tmp_path, *args).items():
            if kind == "csv" and args[0] == "trend":
                continue  # (a table of scores: the count is in the other formats' headings)
            flat = " ".join(shown.split())
            assert wanted in flat or (kind == "csv" and "to_confirm" in flat), (args, kind)
