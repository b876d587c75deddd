"""A team's whole round: members' files merged into a team file that keeps every voice,
disputes scored as a range, agreed on, and carried into the next cycle."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file, order
from nextgen_tui.core.combine import merge, next_cycle
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.core.scoring import score

from .conftest import write

#: Seventeen statements all three agree on; statement 18 (index 17) Cy leaves blank; the
#: last two are disputed: Yes against No (index 18), Yes against Partially (index 19).
AGREED = ["yes", "partially", "no", "yes", "yes"] + ["yes"] * 5 + ["partially"] * 5 + ["no", "yes"]
ANA = [*AGREED, "yes", "yes", "yes"]
BEN = [*AGREED, "yes", "no", "partially"]
CY = [*AGREED, None, "yes", "yes"]


@pytest.fixture
def members(instrument: Instrument, tmp_path: Path) -> list[Path]:
    paths = []
    for name, values, agency in (
        ("Ana", ANA, "Workforce"),
        ("Ben", BEN, "Economic development"),
        ("Cy", CY, "Education"),
    ):
        path = write(instrument, tmp_path / f"{name.lower()}.toml", values, respondent=name)
        document = answers_file.load(path, instrument)
        document.details.agency = agency
        document.set_note("training", document_statement(instrument, 19), f"{name}'s reason")
        answers_file.save(path, document, instrument)
        paths.append(path)
    return paths


def document_statement(instrument: Instrument, index: int) -> str:
    return list(instrument.statements())[index][1].id


def _positions(instrument: Instrument, *indexes: int) -> list[tuple[str, str]]:
    every = [(role.id, statement.id) for role, statement in instrument.statements()]
    return [every[index] for index in indexes]


def test_three_members_two_disputes_one_abstention(
    instrument: Instrument, members: list[Path]
) -> None:
    loaded = [answers_file.load(path, instrument) for path in members]
    team, disputed = merge(instrument, loaded, ["Ana", "Ben", "Cy"])
    assert disputed == 2
    abstained, yes_no, yes_partially = _positions(instrument, 17, 18, 19)
    assert team.answer(*abstained) == "yes"  # Cy's blank is no disagreement
    assert [m.name for m in team.entry(*abstained).members] == ["Ana", "Ben"]
    for where in (yes_no, yes_partially):
        entry = team.entry(*where)
        assert entry.answer is None and entry.disputed and not entry.flagged and not entry.note
    assert [(m.name, m.answer) for m in team.entry(*yes_no).members] == [
        ("Ana", "yes"),
        ("Ben", "no"),
        ("Cy", "yes"),
    ]
    assert [(m.name, m.agency) for m in team.members] == [
        ("Ana", "Workforce"),
        ("Ben", "Economic development"),
        ("Cy", "Education"),
    ]

    result = score(instrument, team)
    assert result.disputed == 2 and result.answered == 18
    training = result.for_role(yes_no[0])
    assert training.disputed == 2
    # the role's first statement is agreed (Yes, Cy abstaining); the disputes count 0..1 and
    # 0.5..1
    counted_as_nothing = 100.0 * (training.points - 0.0 - 0.5) / training.total
    assert training.percent > counted_as_nothing  # a dispute is not worth 0...
    assert training.percent < training.high_percent  # ...but a range
    assert (training.points, training.high_points) == (1.5, 3.0)
    # the whole: the overall range brackets every answer the team could agree on
    assert result.percent < result.high_percent
    # the order a meeting takes them: Yes against No first
    assert order.disputes(instrument, team) == [
        order.position_of(instrument, *yes_no),
        order.position_of(instrument, *yes_partially),
    ]


def test_agreeing_keeps_the_record_and_the_next_cycle_carries_only_the_agreement(
    instrument: Instrument, members: list[Path], tmp_path: Path
) -> None:
    loaded = [answers_file.load(path, instrument) for path in members]
    team, _ = merge(instrument, loaded, ["Ana", "Ben", "Cy"])
    _abstained, yes_no, _ = _positions(instrument, 17, 18, 19)
    when = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    team.agree(*yes_no, "partially", "Two of three regions only", when)
    entry = team.entry(*yes_no)
    assert entry.answer == "partially" and not entry.disputed and entry.was_disputed
    assert entry.rationale == "Two of three regions only" and entry.agreed == when
    assert [m.answer for m in entry.members] == ["yes", "no", "yes"]  # who said what, kept
    path = tmp_path / "team.toml"
    answers_file.save(path, team, instrument)
    text = path.read_text()
    assert 'rationale = "Two of three regions only"' in text and "Answers differ" not in text
    assert answers_file.load(path, instrument) == team  # the record reads back whole

    following = next_cycle(instrument, team)
    carried = following.entry(*yes_no)
    assert carried.answer == "partially" and carried.to_confirm
    assert carried.note == "Agreed last cycle: Two of three regions only"
    assert not carried.members and not carried.flagged
    assert following.members == team.members  # the team's next cycle is the team's, not a person's
    assert following.entry(*_positions(instrument, 19)[0]) is None  # still disputed: nothing


def test_merge_says_how_many_are_disputed_and_review_json_has_the_range(
    members: list[Path], tmp_path: Path, capsys
) -> None:
    import json

    team = tmp_path / "team.toml"
    assert main(["merge", *map(str, members), "-o", str(team)]) == 0
    assert "3 files merged; 2 disputed" in capsys.readouterr().err
    assert main(["review", str(team), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["score"]
    assert data["disputed"] == 2 and data["range"]["low"] < data["range"]["high"]
    training = next(role for role in data["roles"] if role["disputed"])
    assert training["disputed"] == 2 and training["range"] == {"low": 50.0, "high": 100.0}


# -- comparing for a meeting ------------------------------------------------------------------


@pytest.fixture
def four(instrument: Instrument, tmp_path: Path) -> list[str]:
    from tests.team import member_files

    return [str(path) for path in member_files(instrument, tmp_path)]


def _out(argv: list[str], capsys) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_the_meeting_agenda_in_text_at_80_columns(four: list[str], capsys) -> None:
    out = _out(["compare", *four, "--differences", "--notes"], capsys)
    assert all(len(line) <= 80 for line in out.splitlines())
    agenda = out.split("Statements answered differently, widest first (≠)")[1]
    agenda = agenda.split("Agreement")[0]
    numbers = [line.split()[1] for line in agenda.splitlines() if line.startswith("≠")]
    assert numbers == ["1.2", "4.3", "2.3"]  # Yes–No twice, then Yes–Partially
    flat = " ".join(agenda.split())
    assert "✎ Ana Ruiz: Two agencies signed the charter in May" in flat
    assert "✎ Ben Ode: Only workforce is at the table" in flat
    assert "Change" not in out and "Spread" in out


def test_the_meeting_agenda_in_markdown_csv_and_json(four: list[str], capsys) -> None:
    import csv
    import io
    import json

    args = ["compare", *four, "--differences", "--notes", "--format"]
    md = _out([*args, "markdown"], capsys)
    assert "## Statements answered differently, widest first (≠)" in md
    assert "|  | # | Statement |" in md
    row = next(line for line in md.splitlines() if line.startswith("| **≠** | 1.2 |"))
    assert "Ana Ruiz ✓ Yes · Ben Ode ✗ No · Cy Park ½ Partially · Di Lee · Unanswered" in row
    assert "**✎ Ana Ruiz:** *Two agencies signed the charter in May*<br>**✎ Ben Ode:**" in row

    rows = list(csv.DictReader(io.StringIO(_out([*args, "csv"], capsys))))
    assert [r["spread"] for r in rows] == ["1", "1", "0.5"]
    assert rows[0]["statement_id"] == "multi-agency-team"
    assert rows[0]["note: Ben Ode"] == "Only workforce is at the table"
    assert rows[0]["Di Lee"] == ""  # she left it blank

    data = json.loads(_out([*args, "json"], capsys))
    assert [s["id"] for s in data["statements"]] == [r["statement_id"] for r in rows]
    assert data["statements"][0]["notes"]["Ana Ruiz"] == "Two agencies signed the charter in May"
    assert data["statements"][0]["spread"] == 1.0


def test_compare_by_agency(four: list[str], instrument: Instrument, capsys) -> None:
    import csv
    import io
    import json

    out = _out(["compare", *four, "--by", "agency"], capsys)
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "Scores by agency" in out
    headers = [line for line in out.splitlines() if line.startswith("Role")]
    for agency in ("Workforce", "Economic development", "Education", "Governor's", "Spread"):
        assert any(agency in header for header in headers)  # (on a second page if need be)
    md = _out(["compare", *four, "--by", "agency", "--format", "markdown"], capsys)
    assert "## Scores by agency" in md
    assert (
        "| Role | Workforce | Economic development | Education | Governor's office | Spread |" in md
    )
    data = json.loads(_out(["compare", *four, "--by", "agency", "--format", "json"], capsys))
    groups = {group["name"]: group for group in data["groups"]}
    assert groups["Economic development"]["files"] == ["Ben Ode"]
    # Ana says Yes on 1.2, Ben No: their Shared Vision scores differ by a fifth
    vision = "shared-vision"
    assert (
        groups["Workforce"]["roles"][vision] - groups["Economic development"]["roles"][vision] == 20
    )
    rows = list(
        csv.DictReader(
            io.StringIO(_out(["compare", *four, "--by", "agency", "--format", "csv"], capsys))
        )
    )
    assert len(rows) == instrument.statement_count  # the statements, file by file


def test_compare_cycles_when_asked(four: list[str], capsys) -> None:
    out = _out(["compare", *four[:2], "--cycles"], capsys)
    assert "Cycles of one team" in out and "Change" in out


def test_building_the_team_file_again_keeps_what_was_agreed(
    instrument: Instrument, tmp_path: Path
) -> None:
    from nextgen_tui.core.combine import team_from_folder
    from tests.team import member_files

    member_files(instrument, tmp_path)
    (tmp_path / "ana-recovered-20261125-100000.toml").write_text("not even TOML [")
    built = team_from_folder(instrument, tmp_path, "team.toml")
    assert built.merged.disputed == 3 and built.kept == 0
    assert any(line.startswith("ana-recovered-") for line in built.skipped)
    team = built.merged.assessment
    where = ("shared-vision", "multi-agency-team")
    team.agree(*where, "no", "Not yet", datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    answers_file.save(tmp_path / "team.toml", team, instrument)
    again = team_from_folder(instrument, tmp_path, "team.toml")
    assert again.kept == 1 and again.merged.assessment.entry(*where).rationale == "Not yet"
    # a member changes their answer: the earlier agreement no longer stands for it
    ben = answers_file.load(tmp_path / "ben.toml", instrument)
    ben.set_answer(*where, "partially")
    answers_file.save(tmp_path / "ben.toml", ben, instrument)
    changed = team_from_folder(instrument, tmp_path, "team.toml")
    assert changed.kept == 0 and changed.merged.assessment.entry(*where).disputed


def test_building_again_keeps_the_teams_targets_and_actions(
    instrument: Instrument, tmp_path: Path
) -> None:
    from nextgen_tui.core.assessment import Action
    from nextgen_tui.core.combine import team_from_folder
    from tests.team import member_files

    member_files(instrument, tmp_path)
    team = team_from_folder(instrument, tmp_path, "team.toml").merged.assessment
    team.set_target("overall", "Established")
    team.set_actions("policy-alignment", "shared-policy-agenda", [Action(text="Draft it")])
    answers_file.save(tmp_path / "team.toml", team, instrument)
    again = team_from_folder(instrument, tmp_path, "team.toml").merged.assessment
    assert again.targets == {"overall": "Established"}
    entry = again.entry("policy-alignment", "shared-policy-agenda")
    assert [a.text for a in entry.actions] == ["Draft it"] and entry.answer == "no"


def test_on_a_server_members_are_who_their_keys_say_not_what_they_typed(
    instrument: Instrument, tmp_path: Path
) -> None:
    from nextgen_tui.core.combine import team_from_folder
    from tests.team import member_files

    member_files(instrument, tmp_path)
    ben = answers_file.load(tmp_path / "ben.toml", instrument)
    ben.details.respondent = "Cy Park"  # speaking for someone else
    answers_file.save(tmp_path / "ben.toml", ben, instrument)
    people = {"ana": "Ana Ruiz", "ben": "Ben Ode", "cy": "Cy Park"}  # di has no key any more
    team = team_from_folder(instrument, tmp_path, "team.toml", people).merged.assessment
    assert [(m.name, m.respondent) for m in team.members] == [
        ("Ana Ruiz", ""),
        ("Ben Ode", "Cy Park"),
        ("Cy Park", ""),
        ("di", "Di Lee"),
    ]
    entry = team.entry("shared-vision", "multi-agency-team")
    assert [m.name for m in entry.members][:2] == ["Ana Ruiz", "Ben Ode"]
    assert team.details.respondent == "Team: Ana Ruiz, Ben Ode, Cy Park, di"
    answers_file.save(tmp_path / "team.toml", team, instrument)  # the detail is kept in the file
    again = answers_file.load(tmp_path / "team.toml", instrument)
    assert again.members[1].respondent == "Cy Park"


# -- the meeting's record in every report (issue 27, items 1, 2, 5) ---------------------------


REASON = "Charter signed by two agencies only"


@pytest.fixture
def settled_team(instrument: Instrument, tmp_path: Path) -> Path:
    """Three members (Ben and Cy left statement 2 blank: Ana's is the one voice), merged; the
    Yes/No dispute settled with a reason; two of policy alignment 1's three examples ticked in
    place."""
    for name, values in (
        ("Ana", ANA),
        ("Ben", [BEN[0], None, *BEN[2:]]),
        ("Cy", [CY[0], None, *CY[2:]]),
    ):
        write(instrument, tmp_path / f"{name.lower()}.toml", values, respondent=name)
    team = tmp_path / "team.toml"
    names = [str(tmp_path / f"{n}.toml") for n in ("ana", "ben", "cy")]
    assert main(["merge", *names, "-o", str(team)]) == 0
    document = answers_file.load(team, instrument)
    (role, statement), (first_role, first) = _positions(instrument, 18, 9)
    document.agree(role, statement, "no", REASON, datetime(2026, 12, 6, 15, tzinfo=UTC))
    document.set_in_place(first_role, first, [1, 3])
    answers_file.save(team, document, instrument)
    return team


def _examples(instrument: Instrument) -> list[str]:
    return list(instrument.statements())[9][1].examples


@pytest.mark.parametrize("kind", ["text", "markdown", "csv", "html", "docx"])
def test_every_report_shows_how_the_team_reached_its_answers(
    instrument: Instrument, settled_team: Path, tmp_path: Path, capsys, monkeypatch, kind: str
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # (each line whole, to be read as words)
    if kind in ("html", "docx"):
        out = tmp_path / f"review.{kind}"
        assert main(["review", str(settled_team), "-o", str(out)]) == 0
        if kind == "html":
            import html

            shown = html.unescape(out.read_text())
        else:
            from .test_html import _docx_text

            shown = _docx_text(out)
    else:
        args = [] if kind == "text" else ["--format", kind]
        assert main(["review", str(settled_team), *args]) == 0
        shown = capsys.readouterr().out
    flat = " ".join(shown.split())
    assert REASON in flat and "2026-12-06" in flat  # the reason, and when
    if kind == "csv":  # a row a member and statement, each voice in its own
        rows = list(csv.DictReader(io.StringIO(shown)))
        said = {(r["statement_id"], r["member"]): r["member_answer"] for r in rows}
        assert {"yes", "no"} <= set(said.values()) and ("", "Ben") not in said
        assert any(r["rationale"] == REASON and r["member"] == "Ben" for r in rows)
        assert any(r["member_answer"] == "" for r in rows if r["member"] == "Ben")  # blank
    else:
        assert "Ana: ✓ Yes" in flat and "Ben: ✗ No" in flat and "Cy: ✓ Yes" in flat  # voices
        assert "Ben: — blank" in flat  # an abstention, said
    assert "1 of 3 members answered" in flat  # one voice is not agreement
    examples = _examples(instrument)
    named = [" ".join(example.split()).rstrip(".") for example in examples]
    if kind == "csv":  # a column each
        row = next(r for r in csv.DictReader(io.StringIO(shown)) if r["in_place"])
        assert row["in_place"] == f"{named[0]}; {named[2]}"
        assert row["not_in_place"] == named[1]
    else:
        assert f"In place: {named[0]}; {named[2]}" in flat
        assert f"Not yet in place: {named[1]}" in flat


# -- a member is one person's own answers, once (issue 27, item 4) ----------------------------


def test_merge_refuses_what_is_not_one_member(
    instrument: Instrument, members: list[Path], tmp_path: Path, capsys
) -> None:
    ana, ben, cy = (str(path) for path in members)
    team = str(tmp_path / "team.toml")
    assert main(["merge", ana, ben, cy, "-o", team]) == 0
    capsys.readouterr()
    cases = {
        "a team file": [ana, ben, team],
        "given twice": [ana, ana],
        "another state": [ana, str(write(instrument, tmp_path / "x.toml", ANA, respondent="Xi"))],
        "both answer as 'Ana'": [
            ana,
            str(write(instrument, tmp_path / "a2.toml", BEN, respondent="Ana")),
        ],
    }
    texas = answers_file.load(tmp_path / "x.toml", instrument)
    texas.details.state = "Texas"
    answers_file.save(tmp_path / "x.toml", texas, instrument)
    for said, files in cases.items():
        assert main(["merge", *files, "-o", str(tmp_path / "out.toml"), "--force"]) == 2, said
        error = capsys.readouterr().err
        assert said in error and error.count("\n") == 1, error
    assert not (tmp_path / "out.toml").exists()


def test_the_folder_build_takes_only_members_and_tells_two_alike_apart(
    instrument: Instrument, members: list[Path], tmp_path: Path, capsys
) -> None:
    from nextgen_tui.core.combine import team_from_folder

    ana, ben, cy = (str(path) for path in members)
    assert main(["merge", ana, ben, cy, "-o", str(tmp_path / "team.toml")]) == 0
    assert (
        main(["new", str(tmp_path / "team-2027.toml"), "--from", str(tmp_path / "team.toml")]) == 0
    )
    texas = write(instrument, tmp_path / "tex.toml", ANA, respondent="Tex")
    document = answers_file.load(texas, instrument)
    document.details.state = "Texas"
    answers_file.save(texas, document, instrument)
    write(instrument, tmp_path / "ana-laptop.toml", BEN, respondent="Ana")  # Ana, twice
    built = team_from_folder(instrument, tmp_path, "team.toml")
    names = [m.name for m in built.merged.assessment.members]
    assert names == ["Ana (ana-laptop)", "Ana (ana)", "Ben", "Cy"]
    skipped = "\n".join(built.skipped)
    assert "team-2027.toml: a team file" in skipped
    assert "tex.toml: answers for another state (Texas" in skipped
    assert built.merged.disputed == 2


# -- answers carried into a new cycle are said until confirmed (issue 27, item 8) --------------


@pytest.mark.parametrize("command", ["review", "trend", "compare"])
@pytest.mark.parametrize("kind", ["text", "markdown", "html", "docx"])
def test_every_report_says_how_many_carried_answers_nobody_confirmed(
    instrument: Instrument, tmp_path: Path, capsys, monkeypatch, command: str, kind: str
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    last = write(instrument, tmp_path / "2026.toml", ANA, respondent="Team")
    following = tmp_path / "2027.toml"
    assert main(["new", "--from", str(last), str(following)]) == 0
    document = answers_file.load(following, instrument)
    role = instrument.roles[0]
    assert document.confirm(role.id) == 5  # the first role was looked at
    answers_file.save(following, document, instrument)
    files = [str(following)] if command == "review" else [str(last), str(following)]
    args = [command, *files] + (["--cycles"] if command == "compare" else [])
    if kind in ("html", "docx"):
        out = tmp_path / f"report.{kind}"
        assert main([*args, "-o", str(out)]) == 0
        if kind == "html":
            import html

            shown = html.unescape(out.read_text())
        else:
            from .test_html import _docx_text

            shown = _docx_text(out)
    else:
        assert main([*args, *([] if kind == "text" else ["--format", kind])]) == 0
        shown = capsys.readouterr().out
    flat = " ".join(shown.split())
    assert "15 answers carried from the last cycle, not confirmed yet" in flat
