"""What changed, at scale: `nextgen-tui diff` of two answers files of 1,000 statements each (an
instrument of 50 roles of 20), and `nextgen-tui history` of a file with 500 commits (the
self-assessment, a few answers and notes changed in each), wall time of the installed command,
the median of 5; `review` of the same file measured alongside, as the floor of a command that
loads it.

    .venv/bin/python bench/history.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.run import write_large  # noqa: E402

from nextgen_tui.core import answers_file  # noqa: E402
from nextgen_tui.core.instrument import load_instrument  # noqa: E402

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
RUNS = 5


def timed(command: list[str], cwd: Path) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, check=command[1] != "diff")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def large_pair(folder: Path) -> tuple[Path, Path, Path]:
    """Two versions of a 1,000-statement file, a tenth of the answers and notes changed."""
    instrument_path, answers = write_large(folder)
    instrument = load_instrument(instrument_path)
    document = answers_file.load(answers, instrument)
    chance = random.Random(1)
    for role, statement in instrument.statements():
        if chance.random() < 0.1:
            document.set_answer(role.id, statement.id, chance.choice(["yes", "partially", "no"]))
            document.set_note(role.id, statement.id, f"Changed: {statement.id}")
    later = folder / "large-later.toml"
    answers_file.save(later, document, instrument)
    return instrument_path, answers, later


def long_history(folder: Path, commits: int = 500) -> Path:
    """A file committed ``commits`` times by four people, a few answers and a note each time
    (fast-import: the commits are made at once, as a repository years old would have them)."""
    instrument = load_instrument()
    repository = folder / "repo"
    repository.mkdir()
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repository, check=True, env=environment)
    document = answers_file.Assessment.new(instrument)
    document.details.state = "Bench"
    statements = list(instrument.statements())
    chance = random.Random(500)
    stream = []
    for number in range(commits):
        for role, statement in chance.sample(statements, 3):
            document.set_answer(role.id, statement.id, chance.choice(["yes", "partially", "no"]))
        role, statement = chance.choice(statements)
        document.set_note(role.id, statement.id, f"Note {number}")
        data = answers_file.dumps(document, instrument).encode()
        author = ["Ana Ruiz", "Ben Ode", "Cy Park", "Di Lee"][number % 4]
        message = f"edit {number}".encode()
        stream += [
            b"commit refs/heads/main\n",
            f"committer {author} <x@example.org> {1_700_000_000 + number * 3600} +0000\n".encode(),
            f"data {len(message)}\n".encode() + message + b"\n",
            f"M 644 inline answers.toml\ndata {len(data)}\n".encode() + data + b"\n",
        ]
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=repository,
        input=b"".join(stream),
        check=True,
        env=environment,
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repository, check=True, env=environment)
    return repository / "answers.toml"


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        instrument, before, after = large_pair(folder)
        large = ["--instrument", str(instrument)]
        diff = timed([COMMAND, "diff", str(before), str(after), *large], folder)
        review = timed([COMMAND, "review", str(after), *large], folder)
        path = long_history(folder)
        history = timed([COMMAND, "history", str(path)], path.parent)
        follow = timed([COMMAND, "history", str(path), "--statement", "1.2"], path.parent)
        html = timed([COMMAND, "history", str(path), "--format", "html"], path.parent)
        floor = timed([COMMAND, "review", str(path)], path.parent)
    results = {
        "diff_1000_statements_s": diff,
        "review_1000_statements_s": review,
        "history_500_commits_s": history,
        "history_500_commits_statement_s": follow,
        "history_500_commits_html_s": html,
        "review_20_statements_s": floor,
    }
    print("| measure | seconds (median of 5) |")
    print("| --- | ---: |")
    for key, value in results.items():
        print(f"| {key} | {value:.2f} |")
    (ROOT / "bench" / "history.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
