"""Each question type's editor in the questionnaire, asserted on the saved file: the
Partnership Benchmark Profile has every type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, SelectionList, TextArea

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.answer_editors import (
    ChoiceEditor,
    DateEditor,
    GroupEditor,
    ItemEditor,
    NumberEditor,
    ShortTextEditor,
)
from nextgen_tui.tui.screens.note_editor import NoteEditor
from nextgen_tui.tui.widgets.statement_view import StatementView
from tests.conftest import PROFILE

from .conftest import make_app


def entry(instrument: Instrument, role_id: str, question_id: str):
    return answers_file.load(Path("answers.toml"), instrument).entry(role_id, question_id)


async def open_at(pilot, instrument: Instrument, role_id: str, question_id: str) -> None:
    """Skip the first-time details form and put the cursor on this question."""
    await pilot.press("escape")
    role = instrument.role(role_id)
    index = next(i for i, q in enumerate(role.statements) if q.id == question_id)
    pilot.app.questionnaire.action_go_to(instrument.roles.index(role), index)
    await pilot.pause()


async def test_short_text_is_typed_in_place_and_enter_keeps_it(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "name")
        await pilot.press("enter")
        assert isinstance(app.screen, ShortTextEditor)
        await pilot.press(*"NoCo Manufacturing", "enter")
        assert app.questionnaire.cursor == (0, 1)  # answered: on to the next question
        await pilot.press("up", "enter")
        assert app.screen.query_one(Input).value == "NoCo Manufacturing"
        await pilot.press("escape")  # cancels: nothing changes
    assert entry(profile, "partnership", "name").text == "NoCo Manufacturing"


async def test_long_text_has_the_notes_keys(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "motivations", "why")
        await pilot.press("enter")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("Plants could not hire.\n\nAnd said so.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.questionnaire.cursor == (1, 1)  # answered: on to the next one
        await pilot.press("up")
        view = app.questionnaire.query_one(StatementView)
        shown = " ".join(line.plain for line in view.lines)
        assert "Plants could not hire." in shown
    assert entry(profile, "motivations", "why").text == "Plants could not hire.\n\nAnd said so."


async def test_one_choice_by_number_key_and_other(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "sector")
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceEditor)
        await pilot.press("2", "1")  # one choice: the second replaces the first
        assert app.screen.query_one(SelectionList).selected == ["manufacturing"]
        await pilot.press("enter")
    assert entry(profile, "partnership", "sector").choice == "manufacturing"

    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "sector")
        await pilot.press("enter", "9")  # Other: its line takes the keys, digits too
        assert app.screen.focused is app.screen.query_one("#choice-other", Input)
        await pilot.press(*"Bioscience 2", "enter")
    answer = entry(profile, "partnership", "sector")
    assert (answer.choice, answer.other) == ("other", "Bioscience 2")


async def test_several_choices_by_number_keys_and_space(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "public-partners")
        await pilot.press("enter", "1", "3", "4", "3")  # 3 twice: picked, then let go
        await pilot.press("down", "space")  # space picks the highlighted one (the second)
        await pilot.press("enter")
    answer = entry(profile, "partnership", "public-partners")
    assert answer.choices == ["workforce-board", "community-college", "economic-development"]


async def test_number_with_its_unit_and_as_of_date(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "businesses")  # unit fixed: businesses
        await pilot.press("enter")
        assert isinstance(app.screen, NumberEditor)
        assert not app.screen.query("#number-unit")
        await pilot.press(*"forty", "enter", *"2026-06-30", "enter")
        assert isinstance(app.screen, NumberEditor)  # not a number: said, and kept open
        assert "not a number" in str(app.screen.query_one("#number-error").render())
        await pilot.press("shift+tab", "ctrl+u", *"1,200", "enter", "enter")
        await pilot.pause()
    answer = entry(profile, "partnership", "businesses")
    assert (answer.number, answer.unit, answer.as_of) == (1200, "", dt.date(2026, 6, 30))

    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "launched")  # a year: only the number
        await pilot.press("enter")
        assert isinstance(app.screen, NumberEditor)
        assert not app.screen.query("#number-unit") and not app.screen.query("#number-as-of")
        await pilot.press(*"2014", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NumberEditor)
    answer = entry(profile, "partnership", "launched")
    assert (answer.number, answer.unit, answer.as_of) == (2014, "", None)


async def test_date_refuses_what_is_not_one(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "future", "next-review")
        await pilot.press("enter", *"next May", "enter")
        assert isinstance(app.screen, DateEditor)
        await pilot.press("ctrl+u", *"2027-05-01", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, DateEditor)
    assert entry(profile, "future", "next-review").on == dt.date(2027, 5, 1)


async def test_group_items_are_added_changed_reordered_and_removed(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, profile, "results", "metrics")
        await pilot.press("enter")
        assert isinstance(app.screen, GroupEditor)
        for metric, value in (("Hires", "340"), ("Wage gain", "12.5")):
            await pilot.press("a")
            assert isinstance(app.screen, ItemEditor)
            await pilot.press(*metric, "enter", *value, "enter", *"people", "enter")
            await pilot.press(*"2025-12-31", "enter", *"Annual report", "enter")
            assert isinstance(app.screen, GroupEditor)
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 2 and listing.highlighted == 1
        await pilot.press("shift+up")  # Wage gain first
        assert listing.highlighted == 0
        await pilot.press("enter", "tab", "ctrl+u", *"13", "ctrl+s")  # change its number
        await pilot.press("a", *"Dropped", "ctrl+s", "d")  # added, then removed
        assert listing.option_count == 2
        await pilot.press("escape")  # keeps the list
        await pilot.pause()
    items = entry(profile, "results", "metrics").items
    assert [item["metric"] for item in items] == ["Wage gain", "Hires"]
    assert items[0] == {
        "metric": "Wage gain",
        "value": 13,
        "unit": "people",
        "as_of": dt.date(2025, 12, 31),
        "source": "Annual report",
    }


async def test_scale_keys_and_clear_on_a_question(profile: Instrument) -> None:
    """A question of another type is not answered by a letter; u clears it."""
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "state")
        await pilot.press("enter", *"Colorado", "enter", "up")
        assert entry(profile, "partnership", "state").text == "Colorado"
        await pilot.press("u")
        await pilot.pause()
    assert entry(profile, "partnership", "state") is None


async def test_every_key_of_the_questionnaire_on_an_unscored_instrument(
    profile: Instrument,
) -> None:
    """Results, help, targets, examples, the plan…: no key breaks on an instrument with no
    scale and no levels; those about scores say there are none."""
    from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
    from tests.profiles import write_profile

    write_profile(profile, Path("answers.toml"))
    app = make_app(instrument_path=PROFILE)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("r", "escape", "question_mark", "escape", "t", "escape", "x", "i", "f"):
            await pilot.press(key)
        await pilot.press("A", "escape", "y", "e", "escape", "m", "escape")
        assert isinstance(app.screen, QuestionnaireScreen)
        await pilot.press("right", "left", "]", "pagedown", "pageup")
    assert entry(profile, "ingredients", "hard").flagged  # where it opened: the first open one


async def test_text_from_the_file_is_shown_as_text(profile: Instrument) -> None:
    """Markup and escape codes in any answer (a text, an item, Other) are data, not styles."""
    from tests.profiles import write_profile

    evil = "[bold]x[/bold] [@click=app.quit]q[/] \x1b[31mred\x07"
    write_profile(
        profile,
        Path("answers.toml"),
        {
            ("partnership", "name"): {"text": evil},
            ("partnership", "sector"): {"choice": "other", "other": evil},
            ("results", "metrics"): {"items": [{"metric": evil, "value": 1}]},
        },
    )
    app = make_app(instrument_path=PROFILE)
    async with app.run_test(size=(100, 30)) as pilot:
        for at in ((0, 0), (0, 3), (4, 0)):
            app.questionnaire.action_go_to(*at)
            await pilot.pause()
            view = app.questionnaire.query_one(StatementView)
            shown = "\n".join(line.plain for line in view.lines)
            assert "[bold]x[/bold] [@click=app.quit]q[/]" in shown
            assert "\x1b" not in shown and "\x07" not in shown


async def test_a_served_person_answers_only_into_their_own_file(profile: Instrument) -> None:
    app = make_app(instrument_path=PROFILE, served=True)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "results", "metrics")
        await pilot.press("enter", "a", *"Hires", "ctrl+s", "escape")
        await pilot.press("ctrl+s")  # save-as is not offered to a served person
        await pilot.pause()
    assert entry(profile, "results", "metrics").items == [{"metric": "Hires"}]
    assert sorted(p.name for p in Path().iterdir()) == ["answers.toml"]


async def test_esc_keeps_in_every_editor_and_every_editor_says_so(profile: Instrument) -> None:
    """One meaning for Esc (issue 27, item 10): as in the note editor, it keeps what the
    editor holds."""
    from textual.widgets import Static

    cases = [
        ("partnership", "name", ShortTextEditor, ["N", "o", "C", "o"]),
        ("partnership", "sector", ChoiceEditor, ["2"]),
        ("partnership", "businesses", NumberEditor, ["4", "0"]),
        ("future", "next-review", DateEditor, [*"2027-05-01"]),
        ("motivations", "why", NoteEditor, [*"Jobs"]),
    ]
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "name")
        for role_id, question_id, editor, keys in cases:
            pilot.app.questionnaire.action_go_to(
                [r.id for r in profile.roles].index(role_id),
                [q.id for q in profile.role(role_id).statements].index(question_id),
            )
            await pilot.pause()
            await pilot.press("enter")
            assert isinstance(app.screen, editor), question_id
            hint = str(app.screen.query_one(".dialog-hint", Static).render())
            assert "Esc" in hint and "keeps" in hint and "cancel" not in hint, hint
            await pilot.press(*keys, "escape")
            await pilot.pause()
            assert not isinstance(app.screen, editor), question_id
    assert entry(profile, "partnership", "name").text == "NoCo"
    assert entry(profile, "partnership", "sector").choice is not None
    assert entry(profile, "partnership", "businesses").number == 40
    assert entry(profile, "future", "next-review").on == dt.date(2027, 5, 1)
    assert entry(profile, "motivations", "why").text == "Jobs"


async def test_enter_moves_through_every_item_field_and_a_removed_item_comes_back(
    profile: Instrument,
) -> None:
    """Issue 27, item 12: Enter in a multi-line field moves on (nothing typed next lands in the
    list), and deleting an item can be undone."""
    app = make_app(instrument_path=PROFILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, profile, "moments", "moments")
        await pilot.press("enter", "a")
        assert isinstance(app.screen, ItemEditor)
        await pilot.press(*"2021-03-01", "enter", *"Charter signed", "enter")
        assert isinstance(app.screen, ItemEditor)  # on to "Why it mattered", not closed
        await pilot.press(*"Three agencies at one table", "enter")
        assert isinstance(app.screen, GroupEditor)
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 1
        await pilot.press("d")
        assert "No items yet" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("u")  # put back
        assert listing.option_count == 1 and "Charter signed" in str(
            listing.get_option_at_index(0).prompt
        )
        await pilot.press("escape")
        await pilot.pause()
    (item,) = entry(profile, "moments", "moments").items
    assert item["why"] == "Three agencies at one table" and item["what"] == "Charter signed"


async def test_text_typed_after_other_and_tab_is_not_lost(profile: Instrument) -> None:
    """Issue 27, item 13: 9 picks Other (its line takes the focus); a Tab back to the list
    and the text typed next still lands in the Other line."""
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await open_at(pilot, profile, "partnership", "sector")
        await pilot.press("enter", "9", "tab", *"Bioscience", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceEditor)
    answered = entry(profile, "partnership", "sector")
    assert answered.choice == "other" and answered.other == "Bioscience"


async def test_a_profile_asks_for_the_state_once(profile: Instrument) -> None:
    """Issue 27, item 13: the profile's own question asks for the state; the details form does
    not, and that answer is the file's state."""
    app = make_app(instrument_path=PROFILE)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not app.screen.query("#state")  # the first-time form: respondent and agency only
        await pilot.press(*"Team North", "enter", "enter")
        await pilot.pause()
        await open_at_without_details(pilot, profile, "partnership", "state")
        await pilot.press("enter", *"Colorado", "enter")
        await pilot.pause()
    document = answers_file.load(Path("answers.toml"), profile)
    assert document.details.state == "Colorado" and document.details.respondent == "Team North"


async def open_at_without_details(
    pilot, instrument: Instrument, role_id: str, question: str
) -> None:
    role = instrument.role(role_id)
    index = next(i for i, q in enumerate(role.statements) if q.id == question)
    pilot.app.questionnaire.action_go_to(instrument.roles.index(role), index)
    await pilot.pause()


async def test_a_date_may_be_only_a_year_or_a_month(profile: Instrument) -> None:
    """Issue 27, item 13: a turning point known only as "2021-03", a review known only by its
    year, are kept as that, and read back."""
    app = make_app(instrument_path=PROFILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, profile, "moments", "moments")
        await pilot.press("enter", "a", *"2021-03", "enter", *"Charter signed", "enter")
        await pilot.press("enter")  # (why it mattered, left empty: the item is kept)
        assert isinstance(app.screen, GroupEditor)
        await pilot.press("escape")
        await pilot.pause()
        await open_at_without_details(pilot, profile, "future", "next-review")
        await pilot.press("enter", *"2027", "enter")
        await pilot.pause()
    (item,) = entry(profile, "moments", "moments").items
    assert item["when"] == "2021-03"
    assert entry(profile, "future", "next-review").on == "2027"
    text = Path("answers.toml").read_text()
    assert 'when = "2021-03"' in text and 'date = "2027"' in text
