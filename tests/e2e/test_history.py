"""An answers file's history kept in a real git repository: two cycles edited by different
people, git's own diff, log and merge through the drivers `nextgen-tui git-setup` configures,
and `nextgen-tui history` and `diff` (issue #31)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument
from tests.team import team_file

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
TEAM = ("shared-vision", "multi-agency-team")  # 1.2


def run(*args: str, cwd: Path, author: str = "Ana Ruiz", check: bool = True):
    """A command in the repository, as ``author`` (git's identity from the environment, as
    a person's own configuration would give it)."""
    email = author.split()[0].lower() + "@example.org"
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "TZ": "UTC",
    }
    return subprocess.run(
        list(args), cwd=cwd, env=environment, capture_output=True, text=True, check=check
    )


def edit(
    path: Path,
    instrument: Instrument,
    change: Callable[[Assessment], None],
    author: str,
    message: str,
    when: datetime,
) -> None:
    document = answers_file.load(path, instrument)
    change(document)
    answers_file.save(path, document, instrument, now=when)
    run("git", "add", path.name, cwd=path.parent)
    run("git", "commit", "-q", "-m", message, cwd=path.parent, author=author)


@pytest.fixture
def repository(tmp_path: Path, instrument: Instrument) -> Path:
    """Two cycles of a team's answers in git, edited by three people, shown in words."""
    run("git", "init", "-q", "-b", "main", cwd=tmp_path)
    setup = run(COMMAND, "git-setup", cwd=tmp_path)
    assert "*.toml diff=nextgen-tui merge=nextgen-tui" in setup.stdout
    team = team_file(instrument, tmp_path, name="team-2026.toml")
    run("git", "add", ".gitattributes", "team-2026.toml", cwd=tmp_path)
    run("git", "commit", "-q", "-m", "the team file, built", cwd=tmp_path)
    day = datetime(2026, 3, 2, 10, tzinfo=UTC)
    edit(
        team,
        instrument,
        lambda a: a.agree(*TEAM, "no", "Only workforce at the table", day),
        "Ben Ode",
        "agreed on 1.2",
        day,
    )
    edit(
        team,
        instrument,
        lambda a: a.set_note(*TEAM, "Economic development joins in May"),
        "Cy Park",
        "a note after the meeting",
        day.replace(day=9),
    )
    edit(
        team,
        instrument,
        lambda a: a.set_answer(*TEAM, "partially"),
        "Ana Ruiz",
        "1.2: EDC signed the charter",
        day.replace(month=5),
    )
    run(COMMAND, "new", "--from", "team-2026.toml", "team-2027.toml", cwd=tmp_path)
    run("git", "add", "team-2027.toml", cwd=tmp_path)
    run("git", "commit", "-q", "-m", "the 2027 cycle", cwd=tmp_path, author="Di Lee")
    return tmp_path


def test_git_log_shows_each_change_statement_by_statement(repository: Path) -> None:
    shown = run("git", "log", "-p", "--", "team-2026.toml", cwd=repository).stdout
    # (the TOML's own lines never show; the statement's, in the instrument's words, do)
    assert "[answers." not in shown
    assert "-1.2 This vision and strategy were created by a multi-agency lea…: ✗ No" in shown
    assert "+1.2 This vision and strategy were created by a multi-agency lea…: ½ Partially" in shown
    assert "+1.2 note: “Economic development joins in May”" in shown
    assert "+1.2 agreement: ✗ No (agreed 2026-03-02 10:00 UTC): why “Only workforce" in shown
    assert "+score overall:" in shown
    # each version's text is kept by git (the next log -p asks nextgen-tui for none again)
    kept = run("git", "rev-parse", "--verify", "refs/notes/textconv/nextgen-tui", cwd=repository)
    assert kept.stdout.strip()
    assert run("git", "log", "-p", "--", "team-2026.toml", cwd=repository).stdout == shown
    # git show of one commit, and git diff of the working file, the same way
    assert "+1.2 note:" in run("git", "show", "HEAD~2", cwd=repository).stdout
    (repository / "pyproject.toml").write_text('[project]\nname = "x"\n')  # other TOML: as is
    run("git", "add", "pyproject.toml", cwd=repository)
    assert '+name = "x"' in run("git", "diff", "--cached", cwd=repository).stdout


def test_history_follows_one_statement_through_its_commits(repository: Path) -> None:
    said = run(
        COMMAND,
        "history",
        "team-2026.toml",
        "--statement",
        "1.2",
        "--format",
        "json",
        cwd=repository,
    ).stdout
    commits = json.loads(said)["commits"]
    changed = [(c["author"], c["message"]) for c in commits if c["changes"]]
    assert changed == [
        ("Ana Ruiz", "the team file, built"),
        ("Ben Ode", "agreed on 1.2"),
        ("Cy Park", "a note after the meeting"),
        ("Ana Ruiz", "1.2: EDC signed the charter"),
    ]
    last = commits[-1]["changes"]
    assert [(c["what"], c["before"], c["after"]) for c in last] == [
        ("answer", "✗ No", "½ Partially")
    ]
    text = run(COMMAND, "history", "team-2026.toml", "--statement", "1.2", cwd=repository).stdout
    assert text.index("EDC signed") < text.index("a note after") < text.index("agreed on 1.2")
    assert "answer: ✗ No → ½ Partially" in text


def test_history_of_the_whole_file_and_its_scores(repository: Path) -> None:
    text = run(COMMAND, "history", "team-2026.toml", cwd=repository).stdout
    assert "4 commits" in text and "the first version: 17/20 answered" in text
    assert "Ben Ode" in text and "1.2 agreement" in text
    html = run(COMMAND, "history", "team-2026.toml", "--format", "html", cwd=repository).stdout
    assert "<svg" in html and "Overall" in html  # the scores drawn over the commits
    # the next cycle's file has its own story, from its first commit
    later = run(COMMAND, "history", "team-2027.toml", cwd=repository).stdout
    assert "1 commits" in later or "1 commit" in later


def test_diff_of_two_versions_says_what_changed_and_exits_as_diff_does(
    repository: Path,
) -> None:
    old = run("git", "show", "HEAD~4:team-2026.toml", cwd=repository).stdout  # as built
    (repository / "old.toml").write_text(old)
    differ = run(COMMAND, "diff", "old.toml", "team-2026.toml", cwd=repository, check=False)
    assert differ.returncode == 1, differ.stderr
    assert "1.2 This vision and strategy" in differ.stdout
    assert "agreement" in differ.stdout and "Scores that moved" in differ.stdout
    same = run(COMMAND, "diff", "team-2026.toml", "team-2026.toml", cwd=repository, check=False)
    assert same.returncode == 0 and "No change" in same.stdout
    data = json.loads(
        run(
            COMMAND,
            "diff",
            "old.toml",
            "team-2026.toml",
            "--format",
            "json",
            cwd=repository,
            check=False,
        ).stdout
    )
    assert data["differ"] and {c["what"] for c in data["changes"]} >= {"answer", "note"}
    broken = run(COMMAND, "diff", "old.toml", "missing.toml", cwd=repository, check=False)
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1


def test_a_merge_of_two_peoples_edits_goes_statement_by_statement(
    repository: Path, instrument: Instrument
) -> None:
    team = repository / "team-2027.toml"
    day = datetime(2027, 2, 1, tzinfo=UTC)
    run("git", "checkout", "-q", "-b", "ben", cwd=repository)
    edit(
        team,
        instrument,
        lambda a: a.set_answer("feedback-loop", "partnership-network", "yes"),
        "Ben Ode",
        "Ben: 6.1",
        day,
    )
    run("git", "checkout", "-q", "main", cwd=repository)
    edit(
        team,
        instrument,
        lambda a: a.set_answer("policy-alignment", "shared-policy-agenda", "yes"),
        "Cy Park",
        "Cy: 3.1",
        day,
    )
    merged = run("git", "merge", "-q", "ben", "-m", "both", cwd=repository, check=False)
    assert merged.returncode == 0, merged.stderr
    both = answers_file.load(team, instrument)
    assert both.answer("feedback-loop", "partnership-network") == "yes"
    assert both.answer("policy-alignment", "shared-policy-agenda") == "yes"
    # the same statement answered otherwise on two branches: a conflict, said in words, and
    # the file in the working tree still a whole answers file (ours kept where they differ)
    run("git", "checkout", "-q", "-b", "di", cwd=repository)
    edit(team, instrument, lambda a: a.set_answer(*TEAM, "yes"), "Di Lee", "Di: 1.2 yes", day)
    run("git", "checkout", "-q", "main", cwd=repository)
    edit(team, instrument, lambda a: a.set_answer(*TEAM, "no"), "Ana Ruiz", "Ana: 1.2 no", day)
    clash = run("git", "merge", "di", "-m", "both", cwd=repository, check=False)
    assert clash.returncode != 0
    said = clash.stdout + clash.stderr
    assert "conflict: 1.2 answer: ours ✗ No, theirs ✓ Yes (was ½ Partially); ours kept" in said
    assert answers_file.load(team, instrument).answer(*TEAM) == "no"


def test_history_of_a_file_outside_git_says_so(tmp_path: Path, instrument: Instrument) -> None:
    team = team_file(instrument, tmp_path)
    said = run(COMMAND, "history", str(team), cwd=tmp_path, check=False)
    assert said.returncode == 2
    assert said.stderr.strip().endswith(
        "is not in a git repository (history reads git's log: "
        "put the file in one and commit it; docs/HISTORY.md)"
    )
