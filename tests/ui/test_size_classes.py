"""Screens that know their size classes from the start and take a resize to the size they
already have as no news (screens/steady.py): the questionnaire and every form."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from nextgen_tui.tui.screens.details_form import DetailsForm
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen

from .conftest import make_app


async def test_a_form_has_its_size_classes_before_its_first_layout() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        form = DetailsForm("", "", "", first_time=False)  # (made, not yet shown)
        assert form.has_class("-narrow") and form.has_class("-short")
    app = make_app(Path("wide.toml"))
    async with app.run_test(size=(120, 40)):
        form = DetailsForm("", "", "", first_time=False)
        assert form.has_class("-wide") and form.has_class("-tall")
        assert not form.has_class("-narrow")


@pytest.mark.parametrize("screen_class", [QuestionnaireScreen, DetailsForm])
async def test_a_resize_to_the_same_size_lays_nothing_out(
    screen_class: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()  # a new file: the details form opens over the questionnaire
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = next(s for s in app.screen_stack if isinstance(s, screen_class))
        laid_out: list[object] = []
        real = screen._refresh_layout
        monkeypatch.setattr(
            screen, "_refresh_layout", lambda *a, **k: (laid_out.append(a), real(*a, **k))
        )
        size = app.size
        screen.post_message(events.Resize(size, size))
        await pilot.pause()
        assert laid_out == []
        smaller = size.with_width(size.width - 1)
        screen.post_message(events.Resize(smaller, smaller))
        await pilot.pause()
        assert laid_out  # (a new size is laid out)
