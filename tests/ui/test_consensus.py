"""The consensus view: a team agrees on its disputes, by keys, and the file keeps the record."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TextArea

from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.consensus import ConsensusScreen
from nextgen_tui.tui.screens.note_editor import NoteEditor
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
from tests.team import team_file

from .conftest import FIXED_NOW, make_app, saved

VISION_TEAM = ("shared-vision", "multi-agency-team")  # 1.2: Yes against No, Di blank


def _text(app, name: str) -> str:
    return str(app.screen.query_one(f"#consensus-{name}", Static).render())


async def test_settling_every_dispute_by_keys_keeps_who_said_what(instrument: Instrument) -> None:
    path = team_file(instrument, Path.cwd())
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ConsensusScreen)
        assert _text(app, "progress").startswith("0 of 3 disputes settled")
        assert _text(app, "statement").startswith("1.2 Shared Vision")  # widest first
        members = _text(app, "members")
        assert "Ana Ruiz" in members and "Workforce" in members and "May" in members
        assert "Di Lee" in members and "· Unanswered" in members
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("Charter signed by two; EDC joins in spring")
        await pilot.press("escape")
        assert "Why: Charter signed by two" in _text(app, "team")  # a reason before choosing
        await pilot.press("p")  # the team's own answer
        assert _text(app, "progress").startswith("1 of 3 disputes settled")
        # it stays on the dispute just settled, its answer and reason in view
        assert _text(app, "statement").startswith("1.2 Shared Vision")
        assert "Team's answer: ½ Partially" in _text(app, "team")
        assert "Why: Charter signed by two" in _text(app, "team")
        await pilot.press("]", "1")  # on to the next, and Ana's answer
        await pilot.press("u")  # ...taken back
        assert _text(app, "progress").startswith("1 of 3 disputes settled")
        await pilot.press("2", "]", "1")  # Ben's, then (on the last) Ana's
        assert _text(app, "progress").startswith("3 of 3 disputes settled")
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.session.score.disputed == 0
    team = saved(path)
    entry = team.entry(*VISION_TEAM)
    assert entry.answer == "partially" and not entry.disputed and not entry.flagged
    assert entry.rationale == "Charter signed by two; EDC joins in spring"
    assert entry.agreed == FIXED_NOW and entry.note == ""
    assert [(m.name, m.answer) for m in entry.members] == [
        ("Ana Ruiz", "yes"),
        ("Ben Ode", "no"),
        ("Cy Park", "partially"),
    ]
    assert "Answers differ" not in path.read_text()
    for role in instrument.roles:
        for statement in role.statements:
            found = team.entry(role.id, statement.id)
            assert found is not None and not found.disputed and not found.flagged


async def test_undo_puts_the_dispute_back_in_the_file(instrument: Instrument) -> None:
    path = team_file(instrument, Path.cwd())
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "y")
        await pilot.pause()
        assert saved(path).answer(*VISION_TEAM) == "yes"
        await pilot.press("u")
        await pilot.pause()
        assert _text(app, "statement").startswith("1.2 ")  # back on it
    again = saved(path).entry(*VISION_TEAM)
    assert again.disputed and again.agreed is None


async def test_a_one_person_file_has_no_consensus_view(instrument: Instrument) -> None:
    from .conftest import PART_ANSWERED, palette_titles, write_answers

    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert "Consensus view" not in palette_titles(app)


async def test_only_the_facilitator_may_build_the_team_file(instrument: Instrument) -> None:
    from nextgen_tui.core.combine import TeamFile
    from tests.team import member_files

    from .conftest import palette_titles

    member_files(instrument, Path.cwd())
    served = make_app("ana.toml", served=True)
    async with served.run_test(size=(100, 30)):
        assert "Build the team file and open it" not in palette_titles(served)
        assert served.screen.check_action("build_team", ()) is False
    lead = make_app("ana.toml", served=True)
    lead.team = TeamFile(Path("team.toml"))
    async with lead.run_test(size=(100, 30)) as pilot:
        assert "Build the team file and open it" in palette_titles(lead)
        await pilot.press("escape")  # (nothing open: harmless)
        await lead.screen.run_action("build_team")
        await pilot.pause()
    assert lead.return_value == Path("team.toml")  # what the command opens next
    assert len(saved("team.toml").members) == 4
    # what a facilitator may write: the team file beside everyone's, nothing else
    written = sorted(p.name for p in Path.cwd().iterdir() if not p.name.startswith("."))
    assert written == ["ana.toml", "ben.toml", "cy.toml", "di.toml", "team.toml"]


async def test_results_of_a_team_file_fit_80_columns(instrument: Instrument) -> None:
    path = team_file(instrument, Path.cwd())
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        scores = str(app.screen.query_one("#results-scores", Static).render()).splitlines()
        vision = next(line for line in scores if "Shared Vision" in line)
        assert "60–80%" in vision and vision.rstrip().endswith("4/5 ≠1")  # one line a role
        overall = next(line for line in scores if "Overall" in line)
        assert overall.rstrip().endswith("17/20 ≠3")
        rows = [line for line in scores if "%" in line and "levels" not in line]
        assert rows and all(len(line) <= 76 for line in rows)  # the screen less its padding


async def test_read_only_shows_how_the_team_agreed_and_changes_nothing(
    instrument: Instrument,
) -> None:
    path = team_file(instrument, Path.cwd())
    before = path.read_bytes()
    app = make_app(path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, ConsensusScreen)
        assert "Ana Ruiz" in _text(app, "members")
        assert "read-only" in _text(app, "team")
        await pilot.press("y", "1", "e", "u")  # nothing of these changes anything
        assert isinstance(app.screen, ConsensusScreen)
        assert _text(app, "progress").startswith("0 of 3 disputes settled")
    assert path.read_bytes() == before


async def test_one_voice_is_marked_where_the_answer_is_shown(instrument: Instrument) -> None:
    from nextgen_tui.core import answers_file

    path = team_file(instrument, Path.cwd())
    team = answers_file.load(path, instrument)
    for entries in team.answers.values():
        for entry in entries.values():  # only Ana answered; the others left it blank
            entry.members = entry.members[:1]
            entry.answer = entry.members[0].answer if entry.members else entry.answer
    answers_file.save(path, team, instrument)
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from nextgen_tui.tui.widgets.statement_view import StatementView

        shown = app.screen.query_one(StatementView).text
    assert "one voice: 1 of 4 members answered" in " ".join(shown.split())
