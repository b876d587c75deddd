"""The plain, line-by-line mode: scripted answers in, the file and the printed summary checked."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.conftest import saved_answers


def run_plain(
    argv: list[str], typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))  # not a terminal: plain by itself
    code = main(argv)
    return code, capsys.readouterr().out


def test_answers_piped_in_all_twenty(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    keys = "ypnypnyyppynynnypypn"
    path = tmp_path / "a.toml"
    code, out = run_plain([str(path)], "\n".join(keys) + "\n", monkeypatch, capsys)
    assert code == 0
    expected = [{"y": "yes", "p": "partially", "n": "no"}[k] for k in keys]
    assert saved_answers(path, instrument) == expected
    assert "\x1b" not in out
    assert "Role 1 of 7: Shared Vision & Strategy for Promoting Economic Vitality" in out
    assert "[y]es / [p]artially / [n]o / [s]kip / [b]ack / [q]uit > y" in out
    assert "  For example:\n  - Agreeing as individual agencies" in out
    # each role's score when it is done, then the summary
    assert (
        "Shared Vision & Strategy for Promoting Economic Vitality: 60%, level Established "
        "(5 of 5 answered)" in " ".join(out.split())  # wrapped at the width, as words
    )
    summary = out.split("\nSummary\n", 1)[1]
    assert "  Policy Alignment: 50%, level Established (2 of 2 answered)" in summary
    assert "All answered. Every answer is saved in" in out and "nextgen-tui review" in out
    assert "Overall: " in summary and "(20 of 20 answered)." in summary
    assert "not answered yet" not in summary


def test_resume_skip_back_and_end_of_input(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    document = answers_file.Assessment.new(instrument)
    for statement in instrument.roles[0].statements[:2]:
        document.set_answer("shared-vision", statement.id, "yes")
    answers_file.save(path, document, instrument)
    code, out = run_plain([str(path)], "maybe\ns\nb\np\n", monkeypatch, capsys)
    assert code == 0
    assert "2 of 20 statements answered." in out
    assert out.index("Statement 3 of 5:") < out.index(
        "Please type one of y, p, n, s, b, q, e, f, m, a, t, i."
    )
    # skipped 3, went back to 3, answered it Partially, then input ended at 4
    assert out.count("Statement 3 of 5:") == 2
    saved = answers_file.load(path, instrument)
    assert saved.answer("shared-vision", "senior-champions") == "partially"
    assert saved.answer("shared-vision", "sector-emphasis") is None
    assert "17 statement(s) not answered yet." in out


def test_quit_and_read_only(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    code, out = run_plain([str(path), "--plain"], "y\nq\ny\n", monkeypatch, capsys)
    words = " ".join(out.split())
    assert code == 0 and "Stopped — 1 of 20 answered, saved to" in words
    assert "Run the same command to go on." in words
    assert answers_file.load(path, instrument).answer("shared-vision", "multi-agency-team") is None
    code, out = run_plain([str(path), "--read-only"], "y\n", monkeypatch, capsys)
    assert code == 0 and "nothing can be changed" in out and "Summary" in out


def test_hostile_text_is_printed_inert(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    document = answers_file.Assessment.new(instrument)
    document.set_answer("shared-vision", "common-vision", "no")
    document.set_note("shared-vision", "common-vision", "[b]x[/b] \x1b[2J\x07 bell")
    answers_file.save(path, document, instrument)
    code, out = run_plain([str(path)], "b\nq\n", monkeypatch, capsys)
    assert code == 0
    assert "Note: [b]x[/b] [2J bell" in out
    assert "\x1b" not in out and "\x07" not in out


def test_term_dumb_uses_plain_mode_in_a_real_process(
    tmp_path: Path, instrument: Instrument
) -> None:
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
    document = answers_file.load(tmp_path / "a.toml", instrument)
    assert document.answer("shared-vision", "multi-agency-team") == "yes"


def test_notes_flags_and_details_as_in_the_app(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    typed = "e\nOnly Commerce so far\nf\ny\nm\nOhio\nWorkforce team\nWorkforce\nPART\npartial\nq\n"
    code, out = run_plain([str(path)], typed, monkeypatch, capsys)
    assert code == 0
    document = answers_file.load(path, instrument)
    first = document.entry("shared-vision", "common-vision")
    assert first is not None and first.note == "Only Commerce so far" and first.flagged
    assert first.answer == "yes"
    details = document.details
    assert (details.state, details.respondent, details.agency) == (
        "Ohio",
        "Workforce team",
        "Workforce",
    )
    assert document.answer("shared-vision", "multi-agency-team") == "partially"  # "PART"
    assert document.answer("shared-vision", "senior-champions") == "partially"  # "partial"
    assert "Saved: flagged for follow-up." in out and "Edit state and team" in out


def test_enter_keeps_an_answer_given_before(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    document = answers_file.Assessment.new(instrument)
    document.set_answer("shared-vision", "common-vision", "no")
    answers_file.save(path, document, instrument)
    code, out = run_plain([str(path)], "b\n\nq\n", monkeypatch, capsys)
    assert code == 0 and "Please type one of" not in out
    assert out.count("Statement 2 of 5:") == 2  # Enter kept the answer and moved on
    assert answers_file.load(path, instrument).answer("shared-vision", "common-vision") == "no"


def test_lines_wrap_at_the_width_with_their_indent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    code, out = run_plain([str(tmp_path / "a.toml")], "q\n", monkeypatch, capsys)
    assert code == 0
    assert all(len(line) <= 40 for line in out.splitlines() if "> " not in line), out
    statement = out.split("Statement 1 of 5:\n", 1)[1].split("\n")[:3]
    assert all(line.startswith("  ") for line in statement), statement


def test_ctrl_c_says_where_things_stand(
    tmp_path: Path, instrument: Instrument, capsys: pytest.CaptureFixture[str]
) -> None:
    from nextgen_tui.core.session import open_session
    from nextgen_tui.plain.questionnaire import PlainQuestionnaire

    replies = iter(["y\n"])

    def read() -> str:
        try:
            return next(replies)
        except StopIteration:
            raise KeyboardInterrupt from None

    out = io.StringIO()
    session = open_session(tmp_path / "a.toml")
    try:
        code = PlainQuestionnaire(session, read, out, echo=True).run()
    finally:
        session.close()
    assert code == 130
    said = " ".join(out.getvalue().split())
    assert said.endswith(f"Stopped — 1 of 20 answered, saved to {tmp_path / 'a.toml'}.")


def test_plain_mode_plans_an_action_and_sets_a_target(
    tmp_path: Path, instrument: Instrument, monkeypatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    typed = "a\nMap the funds\nBen\n2026-13-40\n2027-03-31\nt\nexcellent\n60\ny\nq\n"
    code, out = run_plain([str(path)], typed, monkeypatch, capsys)
    assert code == 0
    assert "'2026-13-40' is not a date: write it as YYYY-MM-DD" in out
    assert "'excellent' is not a level or a percentage" in out
    assert "Saved: action." in out and "Saved: target." in out
    document = answers_file.load(path, instrument)
    first = document.entry("shared-vision", "common-vision")
    assert first is not None and first.answer == "yes"
    assert [(a.text, a.owner, str(a.due)) for a in first.actions] == [
        ("Map the funds", "Ben", "2027-03-31")
    ]
    assert document.targets == {"shared-vision": 60}


class _Endless(io.StringIO):
    """Standard input that holds one line of ``size`` characters before its newline, made as
    it is read (never held whole), and remembers the most read at once."""

    def __init__(self, size: int, after: str) -> None:
        super().__init__(after)
        self.left = size
        self.most = 0

    def readline(self, limit: int = -1) -> str:  # type: ignore[override]
        if self.left:
            assert limit > 0, "a line read without a limit"
            self.most = max(self.most, limit)
            piece = min(limit, self.left)
            self.left -= piece
            return "x" * piece + ("\n" if not self.left and piece < limit else "")
        return super().readline(limit)


def test_a_line_of_any_length_is_read_in_bounded_pieces_and_refused(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from nextgen_tui.plain.questionnaire import LINE_LIMIT

    path = tmp_path / "a.toml"
    stdin = _Endless(50_000_000, "y\nq\n")  # 50 MB without a newline, then a short answer
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert stdin.most <= LINE_LIMIT + 1
    assert "That line was over 10,000 characters; nothing was taken from it." in out
    assert saved_answers(path, instrument)[0] == "yes"


def test_a_note_over_the_limit_is_not_changed_and_the_walk_goes_on(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "a.toml"
    typed = "y\ne\n" + "é" * 9_999 + "\ne\n" + "z" * 10_001 + "\nq\n"
    code, out = run_plain([str(path)], typed, monkeypatch, capsys)
    assert code == 0
    assert "nothing was taken from it" in out  # (over the line limit: not even read)
    entry = answers_file.load(path, instrument).entry("shared-vision", "multi-agency-team")
    assert entry is not None and entry.note == "é" * 9_999


def test_bytes_that_are_not_utf8_are_replaced_not_a_traceback(
    tmp_path: Path, instrument: Instrument
) -> None:
    command = str(Path(sys.executable).with_name("nextgen-tui"))
    result = subprocess.run(
        [command, "--plain", "a.toml"],
        input=b"y\ne\nJos\xe9 \xff\nq\n",  # a Latin-1 terminal's e-acute, and a stray byte
        capture_output=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr + result.stdout
    entry = answers_file.load(tmp_path / "a.toml", instrument).entry(
        "shared-vision", "multi-agency-team"
    )
    assert entry is not None and entry.note == "Jos\ufffd \ufffd"


def test_a_served_person_is_offered_their_name_and_no_command(
    tmp_path: Path, instrument: Instrument, capsys
) -> None:
    from nextgen_tui.core.session import open_session
    from nextgen_tui.plain.questionnaire import run_plain

    session = open_session(tmp_path / "ana.toml", served=True, person="Ana Ruiz")
    typed = io.StringIO("m\nColorado\n\n\n" + "y\n" * 20)
    assert run_plain(session, typed, sys.stdout) == 0
    session.finish()
    out = capsys.readouterr().out
    assert "Respondent or team [Ana Ruiz] > " in out
    assert "All answered." in out and "nextgen-tui review" not in out
    saved = answers_file.load(tmp_path / "ana.toml", instrument)
    assert saved.details.respondent == "Ana Ruiz" and saved.details.state == "Colorado"


def test_a_team_file_in_plain_mode_shows_and_settles_its_disputes(
    tmp_path: Path, instrument: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Issue 27, item 6: a screen-reader user can run or join the meeting."""
    from tests.team import team_file

    path = team_file(instrument, tmp_path)
    before = answers_file.load(path, instrument)
    disputed = [
        (role.id, s.id)
        for role, s in instrument.statements()
        if (e := before.entry(role.id, s.id)) is not None and e.disputed
    ]
    assert disputed
    # 1.2 is the first dispute on the walk: n agrees on No, then the reason
    typed = "n\nOnly two agencies at the table\nq\n"
    code, out = run_plain([str(path)], typed, monkeypatch, capsys)
    assert code == 0
    flat = " ".join(out.split())
    assert "Members: Ana Ruiz: ✓ Yes" in flat and "Ben Ode: ✗ No" in flat
    assert "Disputed: the members answered differently" in flat
    assert "Why the team agreed" in flat
    after = answers_file.load(path, instrument).entry(*disputed[0])
    assert after.answer == "no" and after.rationale == "Only two agencies at the table"
    assert after.agreed is not None and not after.disputed
    # the summary gives the ranges the questionnaire shows, not "not started"
    summary = out.split("\nSummary\n", 1)[1]
    assert "disputed" in summary and "–" in summary
