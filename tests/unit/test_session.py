"""The session's save policy and what it announces, without any front-end."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from nextgen_tui import assessment as answers_file
from nextgen_tui.framework import Framework
from nextgen_tui.session import Change, open_session

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


def test_the_score_follows_the_answers(tmp_path: Path, framework: Framework) -> None:
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
