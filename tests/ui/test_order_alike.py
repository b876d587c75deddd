"""The full-screen and plain questionnaires visit statements in the same order: the one walk
(nextgen_tui/core/order.py, tested in tests/unit/test_order.py) serves both."""

from __future__ import annotations

import io
import re
from pathlib import Path

from nextgen_tui.core.instrument import Instrument
from tests.unit.test_order import with_answers


async def test_the_full_screen_and_plain_questionnaires_walk_alike(
    instrument: Instrument, tmp_path: Path
) -> None:
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.session import open_session
    from nextgen_tui.plain.questionnaire import PlainQuestionnaire
    from nextgen_tui.tui.app import NextGenApp

    answered = [(0, 0), (0, 1), (0, 3), (2, 0)]

    def fresh(name: str) -> Path:
        path = tmp_path / name
        answers_file.save(path, with_answers(instrument, *answered), instrument)
        return path

    keys = 9
    session = open_session(fresh("plain.toml"))
    out = io.StringIO()
    replies = iter(["y\n"] * keys)
    PlainQuestionnaire(session, lambda: next(replies, ""), out, echo=True).run()
    session.close()
    plain_visits = []
    role = 0
    for line in out.getvalue().splitlines():
        if found := re.match(r"Role (\d+) of", line):
            role = int(found.group(1)) - 1
        elif found := re.match(r"Statement (\d+) of", line):
            plain_visits.append((role, int(found.group(1)) - 1))

    session = open_session(fresh("full.toml"))
    app = NextGenApp(session)
    full_visits = []
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(keys):
            full_visits.append(app.screen.cursor)
            await pilot.press("y")
    assert full_visits == plain_visits[:keys]
    assert full_visits[0] == (0, 2) and full_visits[1] == (0, 3)  # from the first open one on
