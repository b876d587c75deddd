"""`compare`, `merge` and `new --from` on fixture files, asserted on content."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument, load_instrument


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


def test_compare_two_team_members(files, capsys) -> None:
    out = run(["compare", files["ana"], files["ben"]], capsys)
    assert "comparison of 2 files" in out and "People, in the order given" in out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Role"))
    assert "Change" not in header  # two colleagues: their spread, not a "change"
    assert header.index("Ana") < header.index("Ben") < header.index("Spread")
    sv = next(line for line in lines if line.startswith("  Shared Vision & Strategy"))
    # Ana left 1.4 blank: it abstains, in her score too (2.5 points over the 4 she answered)
    assert "63% Established" in sv and "60% Established" in sv and sv.rstrip().endswith(" 2")
    jc = next(line for line in lines if line.startswith("  Joint Communications"))
    assert "100% Leading" in jc and "67% Established" in jc and jc.rstrip().endswith(" 33")
    differing = [line for line in lines if line.startswith("≠")]
    assert [line.split()[1] for line in differing] == ["1.2", "2.2"]  # (1.4: Ana abstained)
    flat = " ".join(out.split())
    assert (
        "18 of 20 statements answered alike by everyone who answered them (12 unanswered by "
        "both); 2 answered differently." in flat
    )
    assert (
        "Most disagreement: Joint Communications (1 of 3), Shared Vision & Strategy (1 of 5)."
        in flat
    )


def test_compare_differences_only(files, capsys) -> None:
    out = run(["compare", files["ana"], files["ben"], "--differences"], capsys)
    section = out.split("Statements answered differently, widest first", 1)[1]
    rows = [line for line in section.split("Agreement")[0].splitlines()[2:] if line.strip()]
    assert [row.split()[1] for row in rows] == ["2.2", "1.2"]  # Yes–No before Partially–Yes
    assert all(row.startswith("≠") for row in rows)


def test_compare_two_cycles_orders_by_date(files, capsys) -> None:
    # given newest first: the same team over time is put in date order
    out = run(["compare", files["cycle-2026"], files["cycle-2025"]], capsys)
    assert "Cycles of one team, by date updated" in out
    header = next(line for line in out.splitlines() if line.startswith("Role"))
    assert header.index("2025") < header.index("2026") < header.index("Change")
    overall = next(line for line in out.splitlines() if line.startswith("Overall"))
    assert (
        "21% Emerging" in overall and "85% Leading" in overall and overall.rstrip().endswith("+64")
    )


def test_compare_markdown_csv_json(files, capsys) -> None:
    md = run(["compare", files["ana"], files["ben"], "--format", "markdown"], capsys)
    assert "| Role | Ana | Ben | Spread |" in md
    assert "| Shared Vision & Strategy | 63% Established | 60% Established | 2 |" in md
    assert "| **≠** | 1.2 | This vision and strategy were created" in md
    assert "\n18 of 20 statements answered alike" in md

    rows = list(
        csv.DictReader(
            io.StringIO(
                run(
                    ["compare", files["ana"], files["ben"], "--format", "csv", "--differences"],
                    capsys,
                )
            )
        )
    )
    assert [(r["statement_id"], r["Ana"], r["Ben"], r["spread"]) for r in rows] == [
        ("information-sharing", "yes", "no", "1"),
        ("multi-agency-team", "partially", "yes", "0.5"),
    ]

    data = json.loads(run(["compare", files["ana"], files["ben"], "--format", "json"], capsys))
    assert [f["name"] for f in data["files"]] == ["Ana", "Ben"]
    assert data["kind"] == "people" and data["spread"]["roles"]["shared-vision"] == 2.5
    assert data["agreement"]["same"] == 18 and data["agreement"]["unanswered_by_all"] == 12
    assert data["statements"][1]["answers"] == {"Ana": "partially", "Ben": "yes"}


def test_compare_needs_two_files(files, capsys) -> None:
    assert main(["compare", str(files["ana"])]) == 2
    assert "two or more" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_compare_keeps_hostile_names_inert(files, capsys, fmt: str) -> None:
    out = run(["compare", files["hostile"], files["ana"], "--format", fmt], capsys)
    for byte in ("\x1b", "\x07", "\r", "\x9b"):
        assert byte not in out, (fmt, repr(byte))


def test_merge_keeps_agreement_and_flags_disagreement(
    files,
    tmp_path: Path,
    instrument: Instrument,
    capsys,
) -> None:
    team_path = tmp_path / "team.toml"
    assert main(["merge", str(files["ana"]), str(files["ben"]), "-o", str(team_path)]) == 0
    assert "2 files merged; 2 disputed" in capsys.readouterr().err
    team = answers_file.load(team_path, instrument)
    assert team.details.respondent == "Team: Ana, Ben" and team.details.state == "Colorado"
    assert [member.name for member in team.members] == ["Ana", "Ben"]
    assert team.answer("shared-vision", "common-vision") == "yes"  # agreed
    disputed = team.entry("shared-vision", "multi-agency-team")
    assert disputed.answer is None and disputed.disputed and not disputed.flagged
    assert disputed.note == ""  # who said what is in the members' own entries
    assert [(m.name, m.answer, m.note) for m in disputed.members] == [
        ("Ana", "partially", "Two agencies so far"),
        ("Ben", "yes", "All agencies signed"),
    ]
    half = team.entry("shared-vision", "sector-emphasis")  # Ana left it blank: she abstains
    assert half.answer == "no" and not half.disputed
    assert [(m.name, m.answer) for m in half.members] == [("Ben", "no")]
    assert team.entry("joint-communications", "joint-communications-strategy").flagged  # Ben's flag
    assert team.entry("policy-alignment", "shared-policy-agenda") is None  # nobody answered


async def test_merged_file_walks_through_disagreements_with_the_bracket_key(
    files,
    tmp_path: Path,
    monkeypatch,
) -> None:
    from tests.ui.conftest import make_app

    team_path = tmp_path / "team.toml"
    assert main(["merge", str(files["ana"]), str(files["ben"]), "-o", str(team_path)]) == 0
    # answer the statements nobody answered, so only the disagreements are left open
    document = answers_file.load(team_path)
    for role_id, statement_id in [
        (r.id, s.id)
        for r in load_instrument().roles
        for s in r.statements
        if r.id not in ("shared-vision", "joint-communications")
    ]:
        document.set_answer(role_id, statement_id, "no")
    answers_file.save(team_path, document)
    monkeypatch.chdir(tmp_path)
    app = make_app("team.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.questionnaire
        assert screen.cursor == (0, 1)  # the first dispute
        await pilot.press("right_square_bracket")
        assert screen.cursor == (1, 1)  # (Ana left 1.4 blank, so the team's is Ben's answer)
        await pilot.press("y")
        await pilot.press("right_square_bracket")
        assert screen.cursor == (0, 1)


def test_merge_refuses_to_overwrite(files, tmp_path: Path, capsys) -> None:
    target = tmp_path / "team.toml"
    target.write_text("precious\n")
    assert main(["merge", str(files["ana"]), str(files["ben"]), "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "precious\n"
    assert (
        main(["merge", str(files["ana"]), str(files["ben"]), "-o", str(files["ana"]), "--force"])
        == 2
    )
    assert "is one of the input files" in capsys.readouterr().err
    assert main(["merge", str(files["ana"]), str(files["ben"]), "-o", str(target), "--force"]) == 0
    assert "Team: Ana, Ben" in target.read_text()


def test_new_cycle_carries_answers_to_confirm(
    files,
    tmp_path: Path,
    instrument: Instrument,
    capsys,
) -> None:
    new = tmp_path / "2027.toml"
    assert main(["new", "--from", str(files["full"]), str(new)]) == 0
    assert "20 answer(s) carried" in capsys.readouterr().err
    document = answers_file.load(new, instrument)
    last = answers_file.load(files["full"], instrument)
    assert document.details.respondent == "Workforce team"
    assert document.details.created > last.details.created  # dates start anew
    assert document.details.updated == document.details.created
    for role, statement in instrument.statements():
        entry, before = document.entry(role.id, statement.id), last.entry(role.id, statement.id)
        assert entry.answer == before.answer and entry.note == before.note and entry.to_confirm
    assert "to_confirm = true" in new.read_text()
    assert main(["new", "--from", str(files["full"]), str(new)]) == 2
    assert "already exists" in capsys.readouterr().err


async def test_confirming_a_carried_answer(files, tmp_path: Path, monkeypatch) -> None:
    from tests.ui.conftest import make_app

    assert main(["new", "--from", str(files["full"]), str(tmp_path / "next.toml")]) == 0
    monkeypatch.chdir(tmp_path)
    app = make_app("next.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.questionnaire.cursor == (0, 0)  # everything is to confirm
        from nextgen_tui.tui.widgets.statement_list import StatementList

        first_row = app.screen.query_one(StatementList).text.splitlines()[0]
        assert first_row.endswith("?")
        await pilot.press("p")  # change it
        await pilot.press("y")  # confirm as it was
    document = answers_file.load(tmp_path / "next.toml")
    first, second = (
        document.entry("shared-vision", "common-vision"),
        document.entry("shared-vision", "multi-agency-team"),
    )
    assert (first.answer, first.to_confirm) == ("partially", False)
    assert (second.answer, second.to_confirm) == ("yes", False)
    assert document.entry("shared-vision", "senior-champions").to_confirm


@pytest.mark.parametrize("columns", [80, 40])
def test_compare_of_six_people_keeps_every_value_at_any_width(
    instrument: Instrument, tmp_path: Path, columns: int
) -> None:
    """Piped at 80 (or 40) columns, six people's answers: no column dropped, no value cut;
    people go to further pages, each repeating the statement or role."""
    from .conftest import write

    names = ["Ana Lopez", "Ben Smith", "Cara Nguyen", "Dev Patel", "Eve Jones", "Finn Cole"]
    values = ["yes", "partially", "no", None]
    paths = []
    for index, name in enumerate(names):
        answers = [values[(index + k) % 4] for k in range(20)]
        paths.append(write(instrument, tmp_path / f"p{index}.toml", answers, respondent=name))
    command = str(Path(sys.executable).with_name("nextgen-tui"))
    result = subprocess.run(
        [command, "compare", *map(str, paths)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(columns), "TERM": "dumb"},
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    scores, statements = result.stdout.split("Statements (≠ where they differ)", 1)
    scores = scores.split("Scores by role", 1)[1]  # (the summary before it says the overall)
    for name in names:
        assert name in scores and name in statements, name
    # every person's level on every role and overall: 8 rows × 6 people
    assert sum(line.count("%") for line in scores.splitlines() if "%" in line) == 8 * 6
    # every person's answer to every statement
    shown = sum(statements.count(word) for word in ("✓ Yes", "½ Partially", "✗ No", "· Unanswered"))
    assert shown == 20 * 6
    for level in ("Established", "Developing", "Emerging", "Leading"):
        assert f"% {level[:-1]}" not in scores.replace(f"% {level}", "")  # never cut short
