"""A national program's worth of files: `compare --by state` of 100 and 1,000 answers files
(wall time and peak memory), each file a partnership team's answers in one of 20 states.

    .venv/bin/python bench/many.py
"""

from __future__ import annotations

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nextgen_tui.core import answers_file  # noqa: E402
from nextgen_tui.core.instrument import load_instrument  # noqa: E402

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
STATES = [f"State {n:02d}" for n in range(20)]


def make_files(folder: Path, count: int) -> list[Path]:
    instrument = load_instrument()
    chance = random.Random(count)
    paths = []
    for index in range(count):
        document = answers_file.Assessment.new(instrument)
        document.details.state = STATES[index % len(STATES)]
        document.details.respondent = f"Team {index:04d}"
        for role, statement in instrument.statements():
            value = chance.choice(["yes", "partially", "no", None])
            if value is not None:
                document.set_answer(role.id, statement.id, value)
        path = folder / f"team-{index:04d}.toml"
        answers_file.save(path, document, instrument)
        paths.append(path)
    return paths


def run(paths: list[Path]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one `compare --by state`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [COMMAND, "compare", "--by", "state", "--format", "csv", *map(str, paths)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    print("| files | compare --by state: wall (median of 3) | peak memory |")
    print("|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        every = make_files(Path(folder), 1000)
        for count in (100, 1000):
            runs = [run(every[:count]) for _ in range(3)]
            wall = statistics.median(r[0] for r in runs)
            print(f"| {count} | {wall:.2f} s | {max(r[1] for r in runs):.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
