"""A quick self-check: the time to the first question, plain mode against a prompt library.

    .venv/bin/pip install -e '.[bench]'   # questionary, the baseline
    .venv/bin/python bench/plain.py

Each in a real pseudo-terminal, from starting the process to the first question on screen:
a minimal questionary script asking the first statement with Yes / Partially / No (what a
person might write instead), `nextgen-tui --plain` and the full questionnaire on a file with
its details given.
Taken in turns, 15 of each; prints medians and the ratios. Beside them, the floor of anything
that validates its input with pydantic: a script that defines one pydantic model with one
constrained field and validates one value (plugins off, as nextgen-tui runs it), then prints
the question.
"""

from __future__ import annotations

import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
ROUNDS = 15

BASELINE = """
import questionary
questionary.select(
    "Our state has a common vision and strategy for sector partnerships.",
    choices=["Yes", "Partially", "No"],
).ask()
"""

#: The floor: one pydantic model, one value validated, the question printed.
ONE_MODEL = """
import os
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
from pydantic import BaseModel, Field
class Answer(BaseModel):
    points: float = Field(ge=0, le=1)
Answer(points=1)
print("Our state has a common vision and strategy for sector partnerships.")
"""


def time_to(command: list[str], text: bytes, folder: str) -> float:
    master, slave = os.openpty()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm-256color"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, cwd=folder, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""
    try:
        while text not in seen:
            ready, _, _ = select.select([master], [], [], 10)
            if not ready:
                raise TimeoutError(command)
            seen += os.read(master, 65536)
        return time.perf_counter() - started
    finally:
        process.kill()
        process.wait()
        os.close(master)


def main() -> None:
    try:
        import questionary  # noqa: F401
    except ImportError:
        sys.exit("install the baseline first: .venv/bin/pip install -e '.[bench]'")
    runs: dict[str, list[float]] = {
        "questionary": [],
        "one pydantic model (the floor)": [],
        "plain": [],
        "questionnaire": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        # a file with its details given, as a self-check's second visit: the first question
        # is the first statement (a new file asks for the state and team first)
        answers = Path(folder, "answers.toml")
        answers.write_text(
            'framework = "nextgen-state-strategy"\nframework_version = "2020.1"\n\n'
            '[metadata]\nstate = "Colorado"\nrespondent = "Me"\n',
            encoding="utf-8",
        )
        for _round in range(ROUNDS):
            runs["questionary"].append(
                time_to([sys.executable, "-c", BASELINE], b"common vision", folder)
            )
            runs["one pydantic model (the floor)"].append(
                time_to([sys.executable, "-c", ONE_MODEL], b"common vision", folder)
            )
            runs["plain"].append(
                time_to([COMMAND, "--plain", str(answers)], b"Statement 1 of 5", folder)
            )
            runs["questionnaire"].append(time_to([COMMAND, str(answers)], b"Role 1 of 7", folder))
    base = statistics.median(runs["questionary"])
    print("| to the first question | median | ratio to questionary |")
    print("|---|---:|---:|")
    for name, values in runs.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.0f} ms | {median / base:.2f}× |")


if __name__ == "__main__":
    main()
