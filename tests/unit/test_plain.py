"""The plain, line-by-line mode: scripted answers in, the file and the printed summary checked."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from nextgen_tui import assessment as answers_file
from nextgen_tui.cli import main
from nextgen_tui.framework import Framework
from tests.conftest import saved_answers


def run_plain(
    argv: list[str], typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))  # not a terminal: plain by itself
    code = main(argv)
    return code, capsys.readouterr().out


def test_answers_piped_in_all_twenty(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    keys = "ypnypnyyppynynnypypn"
    path = tmp_path / "a.toml"
    code, out = run_plain([str(path)], "\n".join(keys) + "\n", monkeypatch, capsys)
    assert code == 0
    expected = [{"y": "yes", "p": "partially", "n": "no"}[k] for k in keys]
    assert saved_answers(path, framework) == expected
    assert "\x1b" not in out
    assert "Role 1 of 7: Shared Vision & Strategy for Promoting Economic Vitality" in out
    assert "[y]es / [p]artially / [n]o / [s]kip / [b]ack / [q]uit > y" in out
    assert "  For example:\n  - Agreeing as individual agencies" in out
    # each role's score when it is done, then the summary
    assert (
        "Shared Vision & Strategy for Promoting Economic Vitality: 60%, level Established "
        "(5 of 5 answered)" in out
    )
    summary = out.split("\nSummary\n", 1)[1]
    assert "  Policy Alignment: 50%, level Established (2 of 2 answered)" in summary
    assert "Overall: " in summary and "(20 of 20 answered)." in summary
    assert "not answered yet" not in summary


def test_resume_skip_back_and_end_of_input(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    document = answers_file.Assessment.new(framework)
    for statement in framework.roles[0].statements[:2]:
        document.set_answer("shared-vision", statement.id, "yes")
    answers_file.save(path, document, framework)
    code, out = run_plain([str(path)], "maybe\ns\nb\np\n", monkeypatch, capsys)
    assert code == 0
    assert "2 of 20 statements answered." in out
    assert out.index("Statement 3 of 5:") < out.index("Please type one of y, p, n, s, b, q.")
    # skipped 3, went back to 3, answered it Partially, then input ended at 4
    assert out.count("Statement 3 of 5:") == 2
    saved = answers_file.load(path, framework)
    assert saved.answer("shared-vision", "senior-champions") == "partially"
    assert saved.answer("shared-vision", "sector-emphasis") is None
    assert "17 statement(s) not answered yet." in out


def test_quit_and_read_only(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    code, out = run_plain([str(path), "--plain"], "y\nq\ny\n", monkeypatch, capsys)
    assert code == 0 and "Stopped. Every answer given is saved" in out
    assert answers_file.load(path, framework).answer("shared-vision", "multi-agency-team") is None
    code, out = run_plain([str(path), "--read-only"], "y\n", monkeypatch, capsys)
    assert code == 0 and "nothing can be changed" in out and "Summary" in out


def test_hostile_text_is_printed_inert(
    tmp_path: Path, framework: Framework, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    document = answers_file.Assessment.new(framework)
    document.set_answer("shared-vision", "common-vision", "no")
    document.set_note("shared-vision", "common-vision", "[b]x[/b] \x1b[2J\x07 bell")
    answers_file.save(path, document, framework)
    code, out = run_plain([str(path)], "b\nq\n", monkeypatch, capsys)
    assert code == 0
    assert "Note: [b]x[/b] [2J bell" in out
    assert "\x1b" not in out and "\x07" not in out


def test_term_dumb_uses_plain_mode_in_a_real_process(tmp_path: Path, framework: Framework) -> None:
    command = str(Path(sys.executable).with_name("nextgen-tui"))
    result = subprocess.run(
        [command, "a.toml"],
        input="y\ny\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"TERM": "dumb", "PATH": "/usr/bin:/bin"},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "plain mode" in result.stdout and "Summary" in result.stdout
    assert "\x1b" not in result.stdout
    document = answers_file.load(tmp_path / "a.toml", framework)
    assert document.answer("shared-vision", "multi-agency-team") == "yes"
