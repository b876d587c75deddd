"""SVG snapshots of the key screens. After a deliberate change: pytest --snapshot-update."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextgen_tui.core.instrument import Instrument

from .conftest import FIXED_NOW, PART_ANSWERED, make_app, write_answers


@pytest.fixture(autouse=True)
def part_answered(instrument: Instrument) -> Path:
    path = Path("answers.toml")
    write_answers(
        instrument,
        path,
        PART_ANSWERED,
        notes={("shared-vision", "senior-champions"): "Only Commerce so far."},
        flags={("shared-vision", "senior-champions")},
    )
    return path


def test_main_80x24(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_main_120x40(snap_compare) -> None:
    assert snap_compare(make_app(), press=["up"], terminal_size=(120, 40))


def test_main_with_examples_80x24(snap_compare) -> None:
    assert snap_compare(make_app(), press=["4", "down"], terminal_size=(80, 24))


def test_results_80x24(snap_compare) -> None:
    assert snap_compare(make_app(), press=["r"], terminal_size=(80, 24))


def test_results_120x40(snap_compare) -> None:
    assert snap_compare(make_app(), press=["r"], terminal_size=(120, 40))


def test_help_80x24(snap_compare) -> None:
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=(80, 24))


def test_main_no_color_80x24(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_main_60x20(snap_compare) -> None:
    """No room for the sidebar: its news folds into the role's header line."""
    assert snap_compare(make_app(), terminal_size=(60, 20))


def test_main_40x15(snap_compare) -> None:
    """The least usable size: the statement and its three answers, stacked."""
    assert snap_compare(make_app(), terminal_size=(40, 15))


def test_first_run_form_40x15(snap_compare) -> None:
    Path("answers.toml").unlink()
    assert snap_compare(make_app(), terminal_size=(40, 15))


def test_too_small_30x10(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(30, 10))


def test_consensus_four_members_80x24(snap_compare, instrument: Instrument) -> None:
    from tests.team import team_file

    team_file(instrument, Path.cwd())
    app = make_app("team.toml")

    async def open_it(pilot) -> None:
        await pilot.press("c")
        app.clear_notifications()  # the "disputes to settle" note from opening the file

    assert snap_compare(app, run_before=open_it, terminal_size=(80, 24))


def test_last_cycle_beside_the_statement_80x24(snap_compare, instrument: Instrument) -> None:
    """A file started from the last cycle shows, while answering, what was answered then."""
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.combine import next_cycle

    last = answers_file.load(Path("answers.toml"), instrument)
    following = next_cycle(instrument, last)
    answers_file.save(Path("next.toml"), following, instrument, now=FIXED_NOW)
    assert snap_compare(make_app("next.toml"), press=["down", "down"], terminal_size=(80, 24))


def test_action_plan_80x24(snap_compare, instrument: Instrument) -> None:
    from datetime import date

    from nextgen_tui.core import answers_file
    from nextgen_tui.core.assessment import Action
    from nextgen_tui.tui.screens.plan_screen import PlanScreen

    team = answers_file.load(Path("answers.toml"), instrument)
    team.set_actions(
        "shared-vision",
        "common-vision",
        [
            Action(text="Bring education in", owner="Ana", due="2026-01-31", priority="high"),
            Action(text="Write the charter", owner="Ben", due="2027-06-30", status="in-progress"),
        ],
    )
    team.set_actions("strategic-funding", "resource-mapping", [Action(text="Map the funds")])
    answers_file.save(Path("answers.toml"), team, instrument, now=FIXED_NOW)
    app = make_app()

    async def open_plan(pilot) -> None:
        await app.push_screen(PlanScreen(app.session, today=date(2026, 11, 23)))

    assert snap_compare(app, run_before=open_plan, terminal_size=(80, 24))


# -- the Partnership Benchmark Profile: questions of other types -----------------------------


def _profile_app():
    from tests.conftest import PROFILE, load_instrument
    from tests.profiles import write_profile

    write_profile(load_instrument(PROFILE), Path("profile.toml"), respondent="Ana Ruiz")
    return make_app("profile.toml", instrument_path=PROFILE)


def test_profile_text_question_80x24(snap_compare) -> None:
    """A long text answered: its lines in the view; each section's completion in the sidebar."""
    assert snap_compare(_profile_app(), press=["2"], terminal_size=(80, 24))


def test_profile_group_editor_80x24(snap_compare) -> None:
    """A repeatable group's items, with the keys that add, change, move and remove them."""
    assert snap_compare(_profile_app(), press=["5", "enter"], terminal_size=(80, 24))


def test_profile_item_editor_80x24(snap_compare) -> None:
    """One item's fields, every one of them on screen at 80×24."""
    press = ["5", "enter", "enter"]
    assert snap_compare(_profile_app(), press=press, terminal_size=(80, 24))


def test_profile_120x40(snap_compare) -> None:
    """The partnership's details: a choice with Other, numbers with their units."""
    assert snap_compare(_profile_app(), press=["1", "down"], terminal_size=(120, 40))
