"""What changed between two versions of an answers file, in the instrument's words
(nextgen_tui.core.changes), and two people's edits put together (core.combine.three_way)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Action, Assessment
from nextgen_tui.core.changes import compare, lines
from nextgen_tui.core.combine import three_way
from nextgen_tui.core.instrument import Instrument
from tests.team import team_file

VISION = ("shared-vision", "common-vision")  # 1.1
TEAM = ("shared-vision", "multi-agency-team")  # 1.2, disputed in the team file
POLICY = ("policy-alignment", "shared-policy-agenda")  # 3.1


def _team(instrument: Instrument, folder: Path) -> Assessment:
    return answers_file.load(team_file(instrument, folder), instrument)


def test_each_kind_of_change_is_said_in_the_instruments_words(
    instrument: Instrument, tmp_path: Path
) -> None:
    old = _team(instrument, tmp_path)
    new = old.model_copy(deep=True)
    new.agree(
        *TEAM, "partially", "Two agencies <b>signed</b>\x1b[31m", datetime(2026, 12, 1, tzinfo=UTC)
    )
    new.set_note(*VISION, "A new note")
    new.set_flag(*VISION, True)
    new.set_answer(*POLICY, "yes")
    new.set_actions(*VISION, [Action(text="Map the funds", owner="Ben", due=date(2027, 3, 1))])
    new.set_target("overall", 70)
    new.details.agency = "Workforce"
    found = compare(instrument, old, new)
    said = [change.line for change in found.changes]
    assert said == [
        "agency: — → “Workforce”",
        "target for overall: — → 70%",
        "1.1 note: — → “A new note”",
        "1.1 flag: not flagged → flagged for follow-up",
        "1.1 action added: — → Map the funds (open, Ben, due 2027-03-01)",
        "1.2 answer: · Unanswered → ½ Partially",
        "1.2 agreement: — → ½ Partially (agreed 2026-12-01 00:00 UTC): why “Two agencies "
        "<b>signed</b>[31m”",  # (text from a file: data, its escape code gone)
        "3.1 answer: ✗ No → ✓ Yes",
    ]
    assert [c.direction for c in found.changes if c.what == "answer"] == ["up", "up"]
    assert [move.name for move in found.scores][-1] == "Overall"
    assert "2 answers" in found.summary() and "3.1 ✗ No → ✓ Yes" in found.summary()
    assert not compare(instrument, old, old).differ


def test_an_action_done_and_one_fallen_overdue_between_the_versions(
    instrument: Instrument,
) -> None:
    old = Assessment.new(instrument)
    old.details.updated = datetime(2026, 3, 1, tzinfo=UTC)
    actions = [
        Action(text="Map the funds", due=date(2026, 4, 1)),
        Action(text="Hire a lead", due=date(2026, 5, 1)),
    ]
    old.set_actions(*VISION, actions)
    new = old.model_copy(deep=True)
    new.details.updated = datetime(2026, 6, 1, tzinfo=UTC)
    new.set_actions(*VISION, [actions[0], actions[1].model_copy(update={"status": "done"})])
    whats = [change.what for change in compare(instrument, old, new).changes]
    assert whats == ["action overdue", "action done"]


def test_the_lines_git_shows_of_a_file_change_only_where_it_changed(
    instrument: Instrument, tmp_path: Path
) -> None:
    old = _team(instrument, tmp_path)
    new = old.model_copy(deep=True)
    new.set_answer(*POLICY, "yes")
    new.touch()  # (a save's time is never a change)
    before, after = lines(instrument, old), lines(instrument, new)
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    assert len(removed) == 3 and len(added) == 3  # the answer, its role's score, the overall
    assert removed[0].startswith("3.1 The state has developed") and removed[0].endswith("✗ No")
    assert added[0].endswith("✓ Yes")


def test_two_edits_of_one_file_merge_statement_by_statement(
    instrument: Instrument, tmp_path: Path
) -> None:
    base = _team(instrument, tmp_path)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.set_note(*VISION, "Ours")  # the same statement, another field: both kept
    theirs.set_flag(*VISION, True)
    theirs.set_answer(*POLICY, "yes")  # only theirs
    ours.set_target("overall", 60)
    merged = three_way(instrument, base, ours, theirs)
    assert merged.conflicts == []
    entry = merged.assessment.entry(*VISION)
    assert entry is not None and entry.note == "Ours" and entry.flagged
    assert merged.assessment.answer(*POLICY) == "yes"
    assert merged.assessment.targets == {"overall": 60}


def test_both_changing_one_answer_otherwise_is_a_conflict_said_in_words(
    instrument: Instrument, tmp_path: Path
) -> None:
    base = _team(instrument, tmp_path)
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.set_answer(*POLICY, "partially")
    theirs.set_answer(*POLICY, "yes")
    merged = three_way(instrument, base, ours, theirs)
    assert merged.conflicts == ["3.1 answer: ours ½ Partially, theirs ✓ Yes (was ✗ No); ours kept"]
    assert merged.assessment.answer(*POLICY) == "partially"
    # what is written is a whole answers file: it reads back
    text = answers_file.dumps(merged.assessment, instrument)
    (tmp_path / "merged.toml").write_text(text)
    assert answers_file.load(tmp_path / "merged.toml", instrument).answer(*POLICY) == "partially"
