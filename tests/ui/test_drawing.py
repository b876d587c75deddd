"""The widgets drawn line by line and the key bar: what they show, what they redraw, clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.results import ResultsScreen
from nextgen_tui.tui.widgets.key_bar import KeyBar
from nextgen_tui.tui.widgets.maturity_sidebar import MaturitySidebar
from nextgen_tui.tui.widgets.role_header import RoleHeader
from nextgen_tui.tui.widgets.statement_view import StatementView

from .conftest import PART_ANSWERED, make_app, saved, write_answers


@pytest.fixture(autouse=True)
def part_answered(instrument: Instrument) -> Path:
    path = Path("answers.toml")
    write_answers(instrument, path, PART_ANSWERED)
    return path


def key_bar_text(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_an_answer_redraws_only_the_sidebar_lines_that_changed() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.screen.query_one(MaturitySidebar)
        before = list(body.lines)
        asked: list[Region] = []
        real_refresh = body.refresh

        def refresh(*regions: Region, **kwargs: bool):
            asked.extend(regions)
            assert not kwargs.get("layout")
            return real_refresh(*regions, **kwargs)

        body.refresh = refresh  # type: ignore[method-assign]
        await pilot.press("y")  # role 1: 3 → 4 of 5 answered; the overall figure too
        changed = [y for y, (a, b) in enumerate(zip(before, body.lines, strict=True)) if a != b]
        assert [region.y for region in asked] == changed
        assert changed == [1, 2, len(before) - 2, len(before) - 1]


async def test_a_taller_or_wider_screen_redraws_the_role_header_and_sidebar() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        header = app.screen.query_one(RoleHeader)
        sidebar = app.screen.query_one(MaturitySidebar)
        assert len(header.text.splitlines()) == 3  # short: title and purpose cut to one line
        assert "" not in sidebar.text.splitlines()  # short: no blank line between roles
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert len(header.text.splitlines()) > 3  # tall: the purpose wraps in full
        assert header.text.splitlines()[0].endswith("· State-level actions")  # wide: the group
        assert "" in sidebar.text.splitlines()  # tall: roles spaced out
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert len(header.text.splitlines()) == 3
        assert "" not in sidebar.text.splitlines()


async def test_clicking_the_examples_line_shows_and_hides_them() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("4")  # Strategic use of funding: every statement has examples
        view = app.screen.query_one(StatementView)
        toggle = view.toggle_line
        assert toggle is not None and "▼ For example" in view.text
        await pilot.click(view, offset=(2, toggle + 1))  # below the border
        assert "▶ For example" in view.text and "•" not in view.text
        await pilot.click(view, offset=(2, toggle + 1))  # below the border
        assert "▼ For example" in view.text and "•" in view.text


async def test_the_key_bar_shows_the_screens_keys_and_a_click_presses_one() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        shown = key_bar_text(app)
        # the most useful keys the width allows, help and quit always, and where the rest are
        assert shown.startswith(" y Yes  p Partially  n No  ] Next open  r Results  ? Help")
        assert "q Quit  more: ?" in shown and " e Note" not in shown
        assert shown.endswith("▏ ^p ") and len(shown) == 80
        bar = app.screen.query_one(KeyBar)
        start = next(start for start, _end, key, *_ in bar.spans if key == "r")
        await pilot.click(bar, offset=(start + 1, 0))
        assert isinstance(app.screen, ResultsScreen)
        assert key_bar_text(app).startswith(" esc Back  q Quit  ? Help")


async def test_the_key_bar_leaves_out_what_does_not_fit() -> None:
    app = make_app()
    async with app.run_test(size=(50, 24)):
        shown = key_bar_text(app)
        assert len(shown) == 50 and shown.endswith("▏ ^p ")
        assert " r Results" not in shown  # no room: ? lists every key, and says so
        assert "? Help  q Quit  more: ?" in shown


async def test_the_key_bar_at_full_width_read_only_and_under_a_dialog() -> None:
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        assert key_bar_text(app).startswith(
            " y Yes  p Partially  n No  ] Next open  r Results  e Note  f Flag  ? Help  q Quit "
        )
        assert key_bar_text(app).endswith("▏^p palette ") and "more" not in key_bar_text(app)
        await pilot.press("e")  # the note editor: only its keys do anything now
        await pilot.pause()
        bar = app.screen_stack[0].query_one(KeyBar)
        assert str(bar.render()).startswith(" esc Keep note") and "y Yes" not in str(bar.render())
    read_only = make_app(read_only=True)
    async with read_only.run_test(size=(80, 24)):
        shown = key_bar_text(read_only)
        assert " y Yes" not in shown and " e Note" not in shown and "more" not in shown
        assert shown.startswith(" ] Next open  r Results  ? Help  q Quit")


async def test_the_title_bar_follows_the_title_and_its_icon_opens_the_palette() -> None:
    from textual.command import CommandPalette

    from nextgen_tui.tui.widgets.title_bar import TitleBar

    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        bar = app.screen.query_one(TitleBar)
        assert "Self Assessment — Colorado · Workforce team" in str(bar.render())
        app.screen.sub_title = "Ohio"
        await pilot.pause()
        assert str(bar.render()).rstrip().endswith("Self Assessment — Ohio")
        await pilot.click(bar, offset=(1, 0))
        assert isinstance(app.screen, CommandPalette)


async def test_the_statement_can_be_selected_with_the_mouse_and_copied_with_ctrl_c() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.screen.query_one(StatementView)
        await pilot.mouse_down(body, offset=(0, 2))  # (its first row is the border)
        await pilot.hover(body, offset=(19, 3))
        await pilot.mouse_up(body, offset=(19, 3))  # the end is the last character selected
        await pilot.pause()
        selected = "The vision and strategy include an explicit\nemphasis on building"
        assert app.screen.get_selected_text() == selected
        await pilot.press("ctrl+c")  # with a selection: copy, not quit
        assert app.clipboard == selected and app.is_running
        await pilot.click(body, offset=(0, 0))  # the selection goes
        await pilot.press("ctrl+c")
        assert not app.is_running


async def test_the_key_bar_says_what_a_key_does_under_the_mouse() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        start = next(start for start, _end, key, *_ in bar.spans if key == "right_square_bracket")
        await pilot.hover(bar, offset=(start + 1, 0))
        assert bar.tooltip == "Next statement unanswered or to confirm, anywhere"
        await pilot.hover(app.screen.query_one(MaturitySidebar), offset=(2, 2))
        assert bar.tooltip is None


async def test_another_theme_redraws_the_line_widgets_in_its_colours() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        body = app.screen.query_one(MaturitySidebar)

        def bar_colour() -> object:
            strip = app.screen._compositor.render_strips()[body.region.y + 2]
            return next(seg.style.color for seg in strip if "█" in seg.text)

        before = bar_colour()
        app.theme = "nord"  # its accent, which the bars use, differs from the default's
        await pilot.pause()
        await pilot.pause()
        assert bar_colour() != before


async def test_page_keys_scroll_a_statement_taller_than_its_room() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")  # Strategic use of funding: its examples do not fit at 80×24
        view = app.screen.query_one(StatementView)
        assert view.max_scroll_y > 0 and view.scroll_y == 0
        await pilot.press("pagedown")
        assert view.scroll_y > 0
        await pilot.press("pageup")
        assert view.scroll_y == 0


@pytest.mark.parametrize("width", [80, 60, 40])
async def test_the_title_keeps_the_state_and_team_whole(width: int) -> None:
    from nextgen_tui.tui.widgets.title_bar import TitleBar

    app = make_app()
    async with app.run_test(size=(width, 24)):
        shown = str(app.screen.query_one(TitleBar).render())
        assert "Colorado · Workforce team" in shown and len(shown) == width


async def test_small_terminals_fold_the_sidebar_stack_the_answers_and_say_when_too_small(
    instrument: Instrument,
) -> None:
    from textual.geometry import Size

    from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
    from nextgen_tui.tui.screens.too_small import TooSmallScreen
    from nextgen_tui.tui.widgets.answer_bar import AnswerBar
    from nextgen_tui.tui.widgets.role_header import RoleHeader

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        assert not app.screen.query_one(MaturitySidebar).display
        header = " ".join(app.screen.query_one(RoleHeader).text.split())
        assert "3 of 5 answered · 30% Developing · all 27% Developing, 7/20" in header
        await pilot.press("y")  # the folded news follows the answers
        header = " ".join(app.screen.query_one(RoleHeader).text.split())
        assert "50% Established" in header and "8/20" in header
        await pilot.resize_terminal(40, 15)
        await pilot.pause()
        bar = app.screen.query_one(AnswerBar)
        assert bar.stacked and bar.size.height == 3
        await pilot.click(bar, offset=(3, 2))  # the third line: No
        assert saved("answers.toml").answer("shared-vision", "cross-system-commitment") == "no"
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 40×14 (it is 30×10)" in str(app.screen.query_one("#too-small").render())
        await pilot.press("y")  # nothing is answered behind the message
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.screen.query_one(MaturitySidebar).display
        assert not app.screen.query_one(AnswerBar).stacked
    assert app.size == Size(120, 40)


@pytest.mark.parametrize(
    ("term", "developing", "leading"),
    [
        ("xterm", "yellow", "lime"),
        ("linux", "yellow", "lime"),
        ("xterm-256color", "warning", "success"),
    ],
)
async def test_levels_keep_apart_in_sixteen_colours(
    monkeypatch: pytest.MonkeyPatch, term: str, developing: str, leading: str
) -> None:
    """In 16 colours the theme's colours all round to bright red; the levels take colours of
    their own there (and their names are written beside them everywhere)."""
    monkeypatch.setenv("TERM", term)
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    from textual.color import Color

    app = make_app()
    async with app.run_test(size=(100, 24)):
        colours = {
            line.plain.split()[-1]: line.spans[0].style.foreground  # type: ignore[union-attr]
            for line in app.screen.query_one(MaturitySidebar).lines
            if line.plain.rstrip().endswith(("Developing", "Leading"))
        }
        theme = app.theme_variables

        def expected(name: str) -> Color:  # a terminal colour, or one of the theme's
            return Color.parse(theme.get(name, name))

    assert colours == {"Developing": expected(developing), "Leading": expected(leading)}


async def test_the_answers_stay_on_one_line_while_they_fit() -> None:
    from nextgen_tui.tui.widgets.answer_bar import AnswerBar

    app = make_app()
    async with app.run_test(size=(80, 24)):
        bar = app.screen.query_one(AnswerBar)
        assert bar.size.width == bar.one_line_width  # exactly as wide as it needs at 80
        assert not bar.stacked and bar.size.height == 1


async def test_a_very_wide_terminal_keeps_the_text_to_a_reading_width() -> None:
    from nextgen_tui.tui.widgets.statement_view import StatementView

    app = make_app()
    async with app.run_test(size=(250, 50)):
        view = app.screen.query_one(StatementView)
        assert view.size.width <= 104
        longest = max(len(line) for line in view.text.splitlines())
        assert 60 < longest <= 104
        assert app.screen.query_one(MaturitySidebar).display
