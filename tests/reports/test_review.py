"""`nextgen-tui review` in every format, asserted on content."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nextgen_tui.cli import main

from .conftest import HOSTILE


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_text_review_of_a_full_file(files: dict[str, Path], capsys) -> None:
    out = run(["review", str(files["full"])], capsys)
    assert "\x1b" not in out  # piped: plain text
    assert "State: Colorado · Respondent: Workforce team" in out
    assert "Updated: 2026-05-01 12:00 UTC" in out
    lines = out.splitlines()
    assert any(
        line.startswith("  Shared Vision & Strategy")
        and "70%" in line
        and "Established" in line
        and "5/5" in line
        for line in lines
    )
    assert any(
        line.startswith("  Policy Alignment") and "25%" in line and "Developing" in line
        for line in lines
    )
    assert any(
        line.startswith("Overall") and "85%" in line and "Leading" in line and "20/20" in line
        for line in lines
    )
    assert "✗ No ⚑ flagged" in out
    assert "✎ Commerce only" in out
    gaps = out.split("Gaps:", 1)[1]
    assert "½ Partially" in gaps and "✗ No" in gaps and "Unanswered" not in gaps


def test_text_review_of_a_partial_file_lists_unanswered_gaps(files, capsys) -> None:
    out = run(["review", str(files["partial"])], capsys)
    assert "Overall" in out and "7/20" in out
    gaps = out.split("Gaps:", 1)[1]
    assert gaps.count("· Unanswered") == 13
    assert "Training & Technical Assistance" in gaps


def test_markdown_review(files, capsys) -> None:
    out = run(["review", str(files["full"]), "--format", "markdown"], capsys)
    assert out.startswith("# State Strategy Framework & Self Assessment — review\n")
    assert "| Shared Vision & Strategy | 70% | Established | 5/5 |" in out
    assert "| **Overall** | 85% | Leading | 20/20 |" in out
    assert "### Policy Alignment" in out
    assert "| 3 | ½ Partially | The vision and strategy are visibly championed" in out
    assert "| 4 | ✗ No **⚑ flagged** |" in out
    gaps = out.split("## Gaps", 1)[1]
    assert "| # | Answer | Statement |" in gaps and "| 2 | ✗ No | The state is making" in gaps


def test_csv_review_has_a_row_per_statement(files, capsys) -> None:
    out = run(["review", str(files["partial"]), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 20
    assert list(rows[0]) == [
        "state",
        "respondent",
        "role",
        "role_title",
        "number",
        "statement_id",
        "statement",
        "member",
        "member_answer",
        "member_note",
        "answer",
        "points",
        "flagged",
        "to_confirm",
        "note",
        "one_voice",
        "rationale",
        "agreed",
        "in_place",
        "not_in_place",
        "target",
        "actions",
    ]
    assert rows[1]["member"] == "Partial" and rows[1]["member_answer"] == "partially"
    assert rows[1]["role"] == "shared-vision" and rows[1]["statement_id"] == "multi-agency-team"
    assert rows[1]["answer"] == "partially" and rows[1]["points"] == "0.5"
    assert rows[1]["statement"].startswith("This vision and strategy were created")
    assert rows[19]["answer"] == "" and rows[19]["points"] == ""


def test_json_review_is_the_document_with_scores(files, capsys) -> None:
    data = json.loads(run(["review", str(files["full"]), "--format", "json"], capsys))
    assert data["framework"]["id"] == "nextgen-state-strategy"
    assert data["document"]["metadata"]["respondent"] == "Workforce team"
    assert (
        data["document"]["answers"]["shared-vision"]["senior-champions"]["note"] == "Commerce only"
    )
    assert round(data["score"]["percent"]) == 85 and data["score"]["level"] == "Leading"
    roles = {role["id"]: role for role in data["score"]["roles"]}
    assert roles["policy-alignment"]["percent"] == 25.0
    assert len(data["statements"]) == 20
    assert data["statements"][3] | {"text": ""} == {
        "role": "shared-vision",
        "id": "sector-emphasis",
        "known": True,
        "text": "",
        "answer": "no",
        "value": None,  # (a question of another type's answer)
        "shown": [],
        "points": 0.0,
        "flagged": True,
        "to_confirm": False,
        "note": "",
        "actions": [],
    }


def test_output_file(files, tmp_path: Path, capsys) -> None:
    target = tmp_path / "report.md"
    assert main(["review", str(files["full"]), "--format", "markdown", "-o", str(target)]) == 0
    assert target.read_text().startswith("# State Strategy")
    assert main(["review", str(files["full"]), "-o", str(tmp_path / "report.txt")]) == 0
    assert "Overall" in (tmp_path / "report.txt").read_text()
    before = files["full"].read_bytes()
    assert main(["review", str(files["full"]), "-o", str(files["full"])]) == 2
    assert "is one of the input files" in capsys.readouterr().err
    assert files["full"].read_bytes() == before


def test_other_instrument_and_unknown_statements_are_shown_with_a_warning(
    files,
    capsys,
) -> None:
    path = files["partial"]
    text = path.read_text().replace('framework_version = "2020.1"', 'framework_version = "2031"')
    text += '\n[answers.shared-vision.retired]\nanswer = "yes"\nnote = "old"\n'
    path.write_text(text)
    out = run(["review", str(path)], capsys)
    assert "Warning: answers instrument version 2031, but version 2020.1 is loaded" in out
    assert "Statements unknown to this instrument" in out and "shared-vision.retired" in out
    rows = list(csv.DictReader(io.StringIO(run(["review", str(path), "--format", "csv"], capsys))))
    assert rows[-1]["statement_id"] == "retired" and rows[-1]["note"] == "old"


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_markup_and_escape_codes_come_out_inert(files, capsys, fmt: str) -> None:
    out = run(["review", str(files["hostile"]), "--format", fmt], capsys)
    for byte in ("\x1b", "\x07", "\r", "\x9b"):
        assert byte not in out, (fmt, repr(byte))
    if fmt == "json":
        data = json.loads(out)
        # the data itself is kept (a lone carriage return is a line break in a note)
        assert data["statements"][0]["note"] == HOSTILE.replace("\r", "\n")
        assert data["document"]["metadata"]["respondent"] == HOSTILE.replace("\r", "\n")
    elif fmt == "markdown":
        assert r"\[bold\]x\[/bold\] \[@click=app.quit\]quit\[/\]" in out
    else:
        assert "[bold]x[/bold] [@click=app.quit]quit[/] [link=http://e.vil]l[/link]" in out


def test_forced_colour_still_passes_no_escape_from_the_file(files: dict[str, Path]) -> None:
    code = (
        "import sys; from nextgen_tui import cli; from nextgen_tui.report import as_text, review;"
        "fw, (l,) = cli._load_all([__import__('pathlib').Path(sys.argv[1])], None);"
        "c = as_text.make_console(force_terminal=True);"
        "[c.print(r) for r in as_text.renderables(review.document(review.build_review(fw, l)))]"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(files["hostile"])],
        capture_output=True,
        text=True,
        check=True,
        env={"TERM": "xterm-256color", "PATH": "/usr/bin"},
    ).stdout
    assert "\x1b[" in out  # Rich's own colours...
    assert "\x1b[31mred" not in out and "\x07" not in out and "\x9b" not in out  # ...not the file's


#: What a report does without (each costs every start): the UI; what only writing a file
#: needs; pydantic's plugin discovery (plugins are off: a loader that finds none stands in);
#: what argparse would import to find the terminal's width; a "did you mean" for mistakes.
NOT_FOR_A_REPORT = ("importlib.metadata", "tomli_w", "tempfile", "shutil", "difflib")


def test_review_does_not_import_textual_nor_what_it_does_not_need(files: dict[str, Path]) -> None:
    code = (
        "import sys; from nextgen_tui.cli import main; main(['review', sys.argv[1]]);"
        f"bad = [m for m in sys.modules if m.startswith('textual') or m in {NOT_FOR_A_REPORT}];"
        "print('LOADED', bad, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(files["full"])], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stderr
    assert "Overall" in result.stdout


def test_pydantic_plugins_off_its_own_loader_finds_none_as_ours_does(monkeypatch) -> None:
    """The stand-in for pydantic's plugin loader (cli._no_plugins) finds what pydantic's own
    finds with plugins off: none."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic.plugin._loader")
    assert spec is not None and spec.loader is not None
    theirs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(theirs)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # (as it was after the test: set, then taken away for _no_plugins to stand in)
    monkeypatch.setitem(sys.modules, "pydantic.plugin._loader", theirs)
    monkeypatch.delitem(sys.modules, "pydantic.plugin._loader")
    from nextgen_tui.cli import _no_plugins

    _no_plugins()
    ours = sys.modules["pydantic.plugin._loader"]
    assert tuple(theirs.get_plugins()) == tuple(ours.get_plugins()) == ()
    # and pydantic calls it so: the name it imports from the loader is there
    from pydantic.plugin import _schema_validator

    assert "from ._loader import get_plugins" in Path(_schema_validator.__file__).read_text()


def test_no_color_gives_plain_text_on_a_terminal(files: dict[str, Path], monkeypatch) -> None:
    from nextgen_tui.report import as_text, review

    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    console = as_text.make_console(buffer, force_terminal=True)
    document = review.document(review.build_review(*_loaded(files["full"])))
    for renderable in as_text.renderables(document):
        console.print(renderable)
    assert "\x1b" not in buffer.getvalue() and "Overall" in buffer.getvalue()


def _loaded(path: Path):
    from nextgen_tui.cli import _load_all

    instrument, (loaded,) = _load_all([path], None)
    return instrument, loaded


def test_rows_wrap_the_last_column_under_itself_and_cut_a_middle_one() -> None:
    from rich.text import Text

    from nextgen_tui.report.as_text import Rows, render_text

    long = "one two three four five six seven eight nine ten"
    wrapped = Rows([[Text("7"), Text("Yes"), Text(long)]], right=[0], least={0: 2}, flex=2)
    assert render_text([wrapped], width=30).splitlines() == [
        " 7  Yes  one two three four",
        "         five six seven eight",
        "         nine ten",
    ]
    header = [Text(""), Text("Text"), Text("b")]
    cut = Rows([[Text("≠"), Text(long), Text("No")]], header=header, flex=1)
    assert render_text([cut], width=30).splitlines() == [
        "   Text                     b",
        "≠  one two three four fiv…  No",
    ]


@pytest.mark.parametrize(
    ("name", "argv", "starts"),
    [
        ("report.md", [], "# State Strategy Framework & Self Assessment — review"),
        ("report.MARKDOWN", [], "# State Strategy Framework & Self Assessment — review"),
        ("report.csv", [], "state,respondent,role,role_title,number,statement_id,statement,"),
        ("report.json", [], "{"),
        ("report.txt", [], "State Strategy Framework & Self Assessment"),
        ("report.md", ["--format", "csv"], "state,respondent,"),  # said outright: that wins
    ],
)
def test_the_output_extension_chooses_the_format(
    files: dict[str, Path], capsys, tmp_path: Path, name: str, argv: list[str], starts: str
) -> None:
    target = tmp_path / name
    assert main(["review", str(files["full"]), "-o", str(target), *argv]) == 0
    assert target.read_text().startswith(starts), target.read_text()[:200]


def test_gaps_carry_flags_and_the_answers_their_notes(files: dict[str, Path], capsys) -> None:
    """In every format: a flag shows on its gap, a note under its answer."""
    for fmt in ("text", "markdown"):
        out = run(["review", str(files["full"]), "--format", fmt], capsys)
        answers, gaps = out.split("Gaps", 1)
        assert "⚑ flagged" in gaps, fmt
        assert "Commerce only" in answers, fmt


def test_csv_rows_say_whose_and_which_role(files: dict[str, Path], capsys) -> None:
    out = run(["review", str(files["full"]), "--format", "csv"], capsys)
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["state"] == "Colorado" and row["respondent"] == "Workforce team"
    assert row["role_title"] == "Shared Vision & Strategy for Promoting Economic Vitality"
    assert row["number"] == "1"


@pytest.mark.parametrize("columns", ["50", "120"])
def test_help_is_as_wide_as_the_terminal_says(
    columns: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's help takes the terminal's width as shutil would (COLUMNS first), without
    importing shutil (cli._Help)."""
    from nextgen_tui.cli import main

    monkeypatch.setenv("COLUMNS", columns)
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    # (a list of choices, or one option of the usage with its value, is one word to argparse:
    # it does not wrap)
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in out if "{" not in line and not line.strip().startswith("[--")]
    assert max(len(line) for line in lines) <= int(columns) - 2
    assert max(len(line) for line in lines) > int(columns) - 20  # it fills the width it has


@pytest.mark.parametrize(
    "note",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1+1", "  =1+1", "\n=1+1"],
)
def test_no_csv_cell_starts_a_formula(instrument, tmp_path: Path, capsys, note: str) -> None:
    from tests.reports.conftest import ANA, write

    path = write(instrument, tmp_path / "a.toml", ANA, respondent="Ana", notes={1: note})
    rows = list(csv.DictReader(io.StringIO(run(["review", str(path), "--format", "csv"], capsys))))
    cell = next(row["note"] for row in rows if row["note"])
    assert cell.startswith("'"), repr(cell)
    assert cell[1:].strip() == note.strip()


def test_a_report_follows_the_umask_and_an_answers_file_stays_private(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """A report is for a shared drive: readable as the umask has new files made. An answers
    file written the same way stays the owner's alone."""
    import os
    import stat

    from nextgen_tui.core import answers_file

    before = os.umask(0o022)
    try:
        report = tmp_path / "report.md"
        assert main(["review", str(files["full"]), "-o", str(report)]) == 0
        answers = tmp_path / "copy.toml"
        answers_file.save(answers, answers_file.load(files["full"]))
    finally:
        os.umask(before)
    assert stat.S_IMODE(report.stat().st_mode) == 0o644
    assert stat.S_IMODE(answers.stat().st_mode) == 0o600


def test_a_note_of_several_lines_keeps_them_under_its_first(
    instrument, tmp_path: Path, capsys
) -> None:
    from .conftest import write

    ana = write(instrument, tmp_path / "a.toml", ["yes"], respondent="Ana", notes={0: "one\ntwo"})
    ben = write(instrument, tmp_path / "b.toml", ["no"], respondent="Ben")
    for argv in (["review", str(ana)], ["compare", "--notes", "--differences", str(ana), str(ben)]):
        lines = run(argv, capsys).splitlines()
        first = next(line for line in lines if "✎" in line)
        second = lines[lines.index(first) + 1]
        text = first.index("one")
        assert second[:text].strip() == "" and second[text:] == "two", (first, second)


def _summary(text: str) -> str:
    """The summary a report opens with: from its heading to the blank line after it."""
    return " ".join(text.split("\nSummary\n", 1)[1].split("\n\n", 1)[0].split())


def test_every_report_opens_with_its_summary(
    files: dict[str, Path], tmp_path: Path, capsys
) -> None:
    from nextgen_tui.core import answers_file

    review = _summary(run(["review", str(files["full"])], capsys))
    assert review.startswith("Score 85% Leading, 20 of 20 answered Roles Leading: ")
    assert "Established: Shared Vision & Strategy; Developing: Policy Alignment" in review
    assert "Biggest gaps 1.4 ✗ No, 3.2 ✗ No, 1.3 ½ Partially" in review  # the lowest first
    # the next cycle: carried answers, one moved up since
    following = tmp_path / "next.toml"
    assert main(["new", "--from", str(files["full"]), str(following)]) == 0
    capsys.readouterr()
    carried = answers_file.load(following)
    carried.set_answer("shared-vision", "sector-emphasis", "yes")  # was No
    answers_file.save(following, carried)
    moved = _summary(run(["review", str(following)], capsys))
    assert "Since last cycle 1 answer up, 0 down; 19 carried, not confirmed yet" in moved
    trend = _summary(run(["compare", str(files["cycle-2025"]), str(files["cycle-2026"])], capsys))
    assert trend.startswith("Scores 2025 ") and "(change +" in trend
    assert "Changed " in trend and "Most change " in trend


def test_a_team_review_summary_says_how_many_disputes_are_settled(tmp_path: Path, capsys) -> None:
    from datetime import UTC, datetime

    from nextgen_tui.core import answers_file
    from nextgen_tui.core.instrument import load_instrument
    from tests.team import team_file

    path = team_file(load_instrument(), tmp_path)
    team = answers_file.load(path)
    when = datetime(2026, 12, 1, tzinfo=UTC)
    team.agree("shared-vision", "multi-agency-team", "partially", "Two agencies signed", when)
    answers_file.save(path, team)
    said = _summary(run(["review", str(path)], capsys))
    assert "Disputes 1 settled, 2 still open" in said
