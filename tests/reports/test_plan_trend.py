"""From a score to a plan (targets, actions, the tick-list) and from one cycle to the next
(carrying actions, `trend`)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Action, Assessment
from nextgen_tui.core.combine import next_cycle
from nextgen_tui.core.errors import LoadError
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.core.plan import draft_actions, plan_items
from nextgen_tui.core.scoring import score, target_gaps

from .conftest import HOSTILE, write

VISION = ("shared-vision", "common-vision")
FUNDING = ("strategic-funding", "resource-mapping")


def _statement(instrument: Instrument, role_id: str, statement_id: str):
    return next(s for s in instrument.role(role_id).statements if s.id == statement_id)


# -- targets ------------------------------------------------------------------------------------


def test_targets_by_level_or_percent_roles_below_first(instrument: Instrument) -> None:
    team = Assessment.new(instrument)
    for role, statement in instrument.statements():
        team.set_answer(role.id, statement.id, "partially")  # every role 50%
    team.set_target("shared-vision", "Leading")  # 75: 25 below
    team.set_target("joint-communications", 60)  # 10 below
    team.set_target("policy-alignment", "Developing")  # 25: met
    team.set_target("overall", 55)
    gaps = target_gaps(instrument, team, score(instrument, team))
    assert [(g.role.id if g.role else "overall", round(g.gap), g.met) for g in gaps] == [
        ("shared-vision", 25, False),
        ("joint-communications", 10, False),
        ("policy-alignment", 0, True),
        ("overall", 5, False),
    ]


def test_targets_must_name_a_role_and_a_level(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    base = 'framework = "nextgen-state-strategy"\nframework_version = "2020.1"\n'
    path.write_text(base + '[targets]\nshared-vision = "Excellent"\n')
    with pytest.raises(LoadError, match="unknown level 'Excellent'"):
        answers_file.load(path, instrument)
    path.write_text(base + "[targets]\nnowhere = 50\n")
    with pytest.raises(LoadError, match="unknown role 'nowhere'"):
        answers_file.load(path, instrument)
    path.write_text(base + "[targets]\noverall = 150\n")
    with pytest.raises(LoadError):
        answers_file.load(path, instrument)


# -- actions ------------------------------------------------------------------------------------


def test_an_action_needs_text_a_real_date_and_a_known_status() -> None:
    with pytest.raises(ValidationError, match="'2026-13-40' is not a date: write it as YYYY-MM-DD"):
        Action(text="Map the funds", due="2026-13-40")
    with pytest.raises(ValidationError, match="unknown status 'finished'; use one of open"):
        Action(text="Map the funds", status="finished")
    with pytest.raises(ValidationError, match="an action needs its text"):
        Action(text="   ")
    action = Action(text=" Map the funds ", due="2026-03-31", status="In progress")
    assert action.text == "Map the funds" and action.status == "in-progress"
    assert action.overdue(date(2026, 4, 1)) and not action.overdue(date(2026, 3, 31))
    assert not action.model_copy(update={"status": "done"}).overdue(date(2027, 1, 1))


def test_a_bad_date_in_a_file_is_one_clear_line(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text(
        'framework = "nextgen-state-strategy"\nframework_version = "2020.1"\n'
        "[answers.shared-vision.common-vision]\n"
        'actions = [{ text = "Map the funds", due = "2026-13-40" }]\n'
    )
    with pytest.raises(LoadError) as raised:
        answers_file.load(path, instrument)
    assert "answers.shared-vision.common-vision.actions[0].due" in str(raised.value)
    assert "'2026-13-40' is not a date" in str(raised.value)


def test_unticked_examples_become_draft_actions_in_the_sources_words(
    instrument: Instrument,
) -> None:
    statement = _statement(instrument, *FUNDING)
    assert len(statement.examples) >= 2
    team = Assessment.new(instrument)
    team.set_answer(*FUNDING, "partially")
    team.set_in_place(*FUNDING, [1])
    drafts = draft_actions(statement, team.entry(*FUNDING))
    assert [draft.text for draft in drafts] == statement.examples[1:]
    assert all(draft.status == "open" for draft in drafts)
    team.set_actions(*FUNDING, drafts[:1])
    assert [d.text for d in draft_actions(statement, team.entry(*FUNDING))] == statement.examples[
        2:
    ]


def test_open_actions_carry_into_the_next_cycle_to_check(instrument: Instrument) -> None:
    last = Assessment.new(instrument)
    last.set_answer(*VISION, "partially")
    last.set_note(*VISION, "Commerce only")
    last.set_target("shared-vision", "Leading")
    last.set_actions(
        *VISION,
        [
            Action(text="Bring education in", owner="Ana", status="in-progress"),
            Action(text="Draft the charter", status="done"),
            Action(text="A retreat", status="dropped"),
        ],
    )
    following = next_cycle(instrument, last)
    entry = following.entry(*VISION)
    assert [(a.text, a.status, a.to_check) for a in entry.actions] == [
        ("Bring education in", "in-progress", True)
    ]
    assert (entry.last_answer, entry.last_note) == ("partially", "Commerce only")
    assert following.targets == {"shared-vision": "Leading"}


def test_the_file_keeps_targets_actions_and_ticks(instrument: Instrument, tmp_path: Path) -> None:
    team = Assessment.new(instrument)
    team.set_target("overall", 60)
    team.set_in_place(*FUNDING, [2, 1])
    team.set_actions(*VISION, [Action(text="Map the funds", owner="Ben", due="2027-03-31")])
    path = tmp_path / "a.toml"
    answers_file.save(path, team, instrument)
    text = path.read_text()
    assert "[targets]\noverall = 60" in text and "in_place = [\n    1,\n    2,\n]" in text
    assert "due = 2027-03-31" in text
    assert answers_file.load(path, instrument) == team


# -- plan ---------------------------------------------------------------------------------------


@pytest.fixture
def planned(instrument: Instrument, tmp_path: Path) -> Path:
    team = Assessment.new(instrument)
    team.details.state, team.details.respondent = "Colorado", "State team"
    team.set_answer(*VISION, "partially")
    team.set_target("shared-vision", "Leading")
    team.set_actions(
        *VISION,
        [
            Action(text="Bring education in", owner="Ana", due="2020-01-31", priority="high"),
            Action(text=HOSTILE, owner="Ben", due="2099-12-31"),
        ],
    )
    team.set_actions(*FUNDING, [Action(text="Map the funds", owner="ana", status="done")])
    path = tmp_path / "plan.toml"
    answers_file.save(path, team, instrument)
    return path


def _run(argv: list[str], capsys) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_plan_in_every_format(planned: Path, capsys) -> None:
    text = _run(["plan", str(planned)], capsys)
    assert "3 actions: 2 open, 1 overdue." in text and "2020-01-31 overdue" in text
    assert ("Targets" in text and "25 below" in text) or "below" in text
    md = _run(["plan", str(planned), "--format", "markdown"], capsys)
    assert "| 1.1 |" in md and "**2020-01-31 overdue**" in md
    assert "<br>*Our state has a common vision" in md  # under its first action
    rows = list(
        csv.DictReader(io.StringIO(_run(["plan", str(planned), "--format", "csv"], capsys)))
    )
    assert [(r["number"], r["owner"], r["status"], r["overdue"]) for r in rows] == [
        ("1.1", "Ana", "open", "yes"),
        ("1.1", "Ben", "open", ""),
        ("4.1", "ana", "done", ""),
    ]
    data = json.loads(_run(["plan", str(planned), "--format", "json"], capsys))
    assert data["targets"][0]["role"] == "shared-vision" and not data["targets"][0]["met"]
    assert [a["owner"] for a in data["actions"]] == ["Ana", "Ben", "ana"]
    mine = _run(["plan", str(planned), "--owner", "ANA", "--open", "--format", "csv"], capsys)
    assert [r["action"] for r in csv.DictReader(io.StringIO(mine))] == ["Bring education in"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_a_hostile_action_is_inert_in_the_plan(planned: Path, capsys, fmt: str) -> None:
    out = _run(["plan", str(planned), "--format", fmt], capsys)
    for byte in ("\x1b", "\x07", "\r", "\x9b"):
        assert byte not in out, (fmt, repr(byte))


def test_plan_items_sort_by_due_owner_status(planned: Path, instrument: Instrument) -> None:
    team = answers_file.load(planned, instrument)
    by_due = plan_items(instrument, team, order="due")
    assert [i.action.due for i in by_due] == [date(2020, 1, 31), date(2099, 12, 31), None]
    assert [i.action.status for i in plan_items(instrument, team, order="status")][-1] == "done"


# -- trend --------------------------------------------------------------------------------------


@pytest.fixture
def cycles(instrument: Instrument, tmp_path: Path) -> list[Path]:
    """Three cycles of one team: up, up, then one statement back down (with its reason)."""
    answers = [
        ["no"] * 20,
        ["partially"] * 20,
        ["yes"] + ["partially"] * 19,
    ]
    answers[2][1] = "no"  # 1.2 goes down in the last cycle
    paths = []
    for year, values in zip((2024, 2025, 2026), answers, strict=True):
        when = datetime(year, 10, 1, tzinfo=UTC)
        notes = {1: "The charter lapsed"} if year == 2026 else None
        paths.append(
            write(
                instrument,
                tmp_path / f"{year}.toml",
                values,
                respondent="State team",
                when=when,
                notes=notes,
            )
        )
    return paths


def test_trend_over_three_cycles_calls_out_the_regression(cycles: list[Path], capsys) -> None:
    text = _run(["trend", *map(str, reversed(cycles))], capsys)  # given in any order
    header = next(line for line in text.splitlines() if line.startswith("Role"))
    assert header.index("2024") < header.index("2025") < header.index("2026")
    overall = next(line for line in text.splitlines() if line.startswith("Overall"))
    assert "0%" in overall and overall.rstrip().endswith("+50")
    assert "Regressions: 1 statement went down (1.2)." in " ".join(text.split())
    assert "The charter lapsed" in text
    md = _run(["trend", *map(str, cycles), "--format", "markdown"], capsys)
    assert "**Regressions: 1 statement went down (1.2).**" in md
    down = [line for line in md.splitlines() if line.startswith("| 1.2 |") and " → " in line]
    assert any(line.split(" | ")[2].startswith("**") for line in down)  # the move down, marked
    data = json.loads(_run(["trend", *map(str, cycles), "--format", "json"], capsys))
    assert data["regressions"] == 1 and [c["name"] for c in data["cycles"]] == [
        "2024",
        "2025",
        "2026",
    ]
    down = [m for m in data["moves"] if m["down"]]
    assert [(m["statement"], m["before"], m["after"]) for m in down] == [
        ("multi-agency-team", "partially", "no")
    ]
    table = _run(["trend", *map(str, cycles), "--format", "csv"], capsys)
    assert table.splitlines()[0] == "role,2024,2025,2026,change"


def test_trend_refuses_other_teams(
    cycles: list[Path], instrument: Instrument, tmp_path: Path, capsys
):
    other = write(instrument, tmp_path / "other.toml", ["yes"] * 20, respondent="Another team")
    assert main(["trend", str(cycles[0]), str(other)]) == 2
    assert "not one team's cycles" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_review_shows_targets_and_actions(planned: Path, capsys, fmt: str) -> None:
    out = _run(["review", str(planned), "--format", fmt], capsys)
    if fmt == "json":
        data = json.loads(out)
        assert data["targets"][0]["target"] == "Leading" and not data["targets"][0]["met"]
        first = data["statements"][0]
        assert first["actions"][0]["text"] == "Bring education in"
    else:
        assert "Targets" in out and "Leading" in out
        assert "Bring education in (open, Ana, due 2020-01-31, high priority)" in " ".join(
            out.split()
        )
    for byte in ("\x1b", "\x07", "\x9b"):
        assert byte not in out


def test_compare_shows_each_files_targets(planned: Path, tmp_path: Path, capsys) -> None:
    import shutil

    other = tmp_path / "other.toml"
    shutil.copy(planned, other)
    text = _run(["compare", str(planned), str(other), "--cycles"], capsys)
    assert "Targets" in text
    row = next(
        line
        for line in text.splitlines()
        if line.startswith("  Shared Vision") and "Leading" in line
    )
    assert "Leading, 65 below" in row
    md = _run(["compare", str(planned), str(other), "--format", "markdown"], capsys)
    assert "## Targets" in md and "| Shared Vision & Strategy | Leading, 65 below |" in md
    data = json.loads(_run(["compare", str(planned), str(other), "--format", "json"], capsys))
    assert data["files"][0]["targets"][0]["target"] == "Leading"


def test_the_plan_as_a_workbook_has_dates_filters_and_its_targets(
    planned: Path, tmp_path: Path
) -> None:
    import datetime as dt

    import openpyxl

    target = tmp_path / "plan.xlsx"
    assert main(["plan", str(planned), "-o", str(target)]) == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Actions", "Targets"]
    actions = book["Actions"]
    header = [cell.value for cell in actions[1]]
    due = header.index("due")
    dates = [row[due].value for row in actions.iter_rows(min_row=2) if row[due].value]
    assert dates and all(isinstance(value, dt.datetime) for value in dates)  # real dates
    assert actions.freeze_panes == "A2" and actions.auto_filter.ref.startswith("A1:")
    assert [cell.value for cell in book["Targets"][1]][:3] == ["role", "role_title", "target"]
