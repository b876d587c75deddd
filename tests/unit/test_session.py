"""The session's save policy and what it announces, without any front-end."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.core.session import Change, open_session

VISION = ("shared-vision", "common-vision")


def _heard(session) -> list[Change]:
    heard: list[Change] = []
    session.listen(heard.append)
    return heard


def test_without_a_front_end_every_change_is_saved_at_once(tmp_path: Path) -> None:
    session = open_session(tmp_path / "a.toml")
    heard = _heard(session)
    assert session.state.status == "new"
    assert session.set_answer(*VISION, "yes")
    assert [(c.kind, c.where, c.state.status) for c in heard] == [("answer", VISION, "saved")]
    assert answers_file.load(tmp_path / "a.toml").answer(*VISION) == "yes"
    session.finish()


def test_with_save_later_a_change_is_announced_first_and_saved_after(tmp_path: Path) -> None:
    later: list[Callable[[], object]] = []
    session = open_session(tmp_path / "a.toml")
    session.save_later = later.append
    heard = _heard(session)
    session.set_answer(*VISION, "partially")
    assert [(c.kind, c.state.status) for c in heard] == [("answer", "pending")]
    assert session.state.unsaved and not (tmp_path / "a.toml").exists()
    later.pop()()  # the front-end runs the save once the change is drawn
    assert [(c.kind, c.where, c.state.status) for c in heard][1:] == [("saved", VISION, "saved")]
    assert answers_file.load(tmp_path / "a.toml").answer(*VISION) == "partially"
    session.finish()


def test_the_score_follows_the_answers(tmp_path: Path, instrument: Instrument) -> None:
    session = open_session(tmp_path / "a.toml")
    assert session.score.answered == 0
    session.set_answer(*VISION, "yes")
    assert session.score.answered == 1 and session.score.roles[0].points == 1
    session.finish()


def test_a_failed_save_is_kept_and_finish_rescues_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    folder = tmp_path / "team"
    folder.mkdir()
    session = open_session(folder / "a.toml")
    heard = _heard(session)
    real_mkstemp = tempfile.mkstemp

    def full(*args, **kwargs):  # the team folder's disk is full; the home folder's is not
        if Path(kwargs.get("dir", "")) == folder:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert not session.set_answer(*VISION, "no")
    assert heard[-1].state.status == "failed" and heard[-1].state.error
    assert session.unsaved_at == VISION
    ending = session.finish()
    assert not ending.saved and ending.recovery is not None
    assert ending.recovery.parent == tmp_path / "home"
    assert answers_file.load(ending.recovery).answer(*VISION) == "no"
    assert session.finish() is ending  # once


def test_a_conflict_is_a_state_and_reload_clears_it(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    session = open_session(path)
    session.set_answer(*VISION, "yes")
    path.write_text(path.read_text().replace('"yes"', '"no"'))  # changed behind its back
    heard = _heard(session)
    assert not session.set_flag(*VISION, True)
    assert heard[-1].state.status == "conflict" and session.unsaved_at == VISION
    session.reload()
    assert heard[-1].kind == "reloaded" and session.state.status == "opened"
    assert session.assessment.answer(*VISION) == "no" and session.score.answered == 1
    session.finish()


# -- what the session accepts, it can read back (serve round two, item 8) ----------------------


def test_a_text_over_the_limit_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    from nextgen_tui.core.errors import TooMuch
    from nextgen_tui.core.session import TEXT_LIMIT

    path = tmp_path / "a.toml"
    session = open_session(path)
    session.set_note(*VISION, "fits")
    on_disk = path.read_bytes()
    heard = _heard(session)
    for change in (
        lambda: session.set_note(*VISION, "x" * (TEXT_LIMIT + 1)),
        lambda: session.set_details(state="x" * (TEXT_LIMIT + 1), respondent="r"),
        lambda: session.set_typed(*VISION, {"text": "x" * (TEXT_LIMIT + 1)}),
    ):
        with pytest.raises(TooMuch, match="10,000 characters"):
            change()
    assert heard == [] and path.read_bytes() == on_disk
    assert session.assessment.entry(*VISION).note == "fits"
    session.set_note(*VISION, "y" * TEXT_LIMIT)  # the limit itself is kept
    session.finish()


def test_a_change_that_would_make_the_file_too_large_to_read_back_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nextgen_tui.core import session as session_module
    from nextgen_tui.core.assessment import Action
    from nextgen_tui.core.errors import TooMuch
    from nextgen_tui.core.session import FILE_LIMIT, TEXT_LIMIT

    assert FILE_LIMIT * 2 <= session_module.MAX_FILE_BYTES  # what is written, is read
    monkeypatch.setattr(session_module, "FILE_LIMIT", 500_000)  # (quicker to reach)
    path = tmp_path / "a.toml"
    session = open_session(path)
    wide = "\U0001f600" * TEXT_LIMIT  # four bytes a character: 40 kB a text
    refused = None
    for n in range(20):  # each action adds two texts of 40 kB
        try:
            session.set_action(*VISION, None, Action(text=wide, owner=wide))
        except TooMuch as error:
            refused = (n, str(error))
            break
    assert refused is not None, "nothing was refused"
    assert "nothing was changed" in refused[1]
    kept = len(session.assessment.entry(*VISION).actions)
    assert kept == refused[0]
    assert path.stat().st_size <= 500_000
    assert session.finish().saved
    again = open_session(path)  # it reads back, and holds every action accepted
    assert len(again.assessment.entry(*VISION).actions) == kept
    again.finish()
