"""Leaving while the answers file cannot be written: the answers go to a recovery file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.errors import SaveError
from nextgen_tui.tui.app import NextGenApp


def test_unsaved_answers_are_rescued_on_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    real_write = answers_file.atomic_write

    def read_only_folder(path: Path, data: bytes, **kwargs: object) -> None:
        if path.parent == tmp_path:
            raise SaveError(path, "permission denied")
        real_write(path, data, **kwargs)

    def answer_and_quit(self: NextGenApp, **_run: object) -> None:
        self.session.set_answer("shared-vision", "common-vision", "yes")

    monkeypatch.setattr("nextgen_tui.core.session.atomic_write", read_only_folder)
    monkeypatch.setattr(NextGenApp, "run", answer_and_quit)
    monkeypatch.setattr("nextgen_tui.cli._is_terminal", lambda stream: True)  # the full-screen app
    code = main([str(tmp_path / "answers.toml")])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot save: permission denied; your answers are in" in err
    (rescued,) = home.glob("nextgen-tui-recovered-*.toml")
    assert answers_file.load(rescued).answer("shared-vision", "common-vision") == "yes"
    assert not (tmp_path / "answers.toml").exists()
