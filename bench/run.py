"""nextgen-tui's benchmark: every figure is a ratio to a baseline measured in the same run.

    .venv/bin/python bench/run.py [--runs N] [--keys N] [--json PATH]

It prints a table and writes JSON (default bench/results.json) with, as median and spread
(interquartile range) over repeated runs:

1. cold start to the first full frame of nextgen-tui vs a minimal Textual app (Header + Static +
   Footer), both started the same way in a pseudo-terminal; and the minimal app that first
   loads the instrument and the answers file as nextgen-tui does (pydantic validating them):
   the floor of a start that validates with pydantic;
2. keystroke latency: an answer key to the screen updated and the file saved (median and p95);
3. both again with a generated instrument of 1,000 statements in 50 roles, all answered;
4. `nextgen-tui review FILE` vs
   `python -c "import rich.console, tomllib; from pydantic import BaseModel"` (pydantic's own
   import is lazy: `BaseModel` brings in what validating takes);
5. peak memory (RSS) of the questionnaire vs the minimal Textual app.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import tomli_w

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
COMMAND = str(Path(PYTHON).with_name("nextgen-tui"))


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    quartiles = statistics.quantiles(ordered, n=4) if len(ordered) > 1 else [ordered[0]] * 3
    p95 = statistics.quantiles(ordered, n=20)[-1] if len(ordered) > 1 else ordered[0]
    return {
        "median": statistics.median(ordered),
        "q1": quartiles[0],
        "q3": quartiles[2],
        "iqr": quartiles[2] - quartiles[0],
        "p95": p95,
        "n": len(ordered),
    }


# -- starting an app in a pseudo-terminal ---------------------------------------------------------


def start_once(args: list[str], *, columns: int = 80, lines: int = 24) -> tuple[float, int]:
    """Seconds from just before the start to the app's "ready", and its peak RSS in KiB."""
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    ready_read, ready_write = os.pipe()
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLUMNS=str(columns),
        LINES=str(lines),
        BENCH_READY_FD=str(ready_write),
    )
    env.pop("NO_COLOR", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, str(HERE / "apps.py"), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        pass_fds=(ready_write,),
        env=env,
        close_fds=True,
    )
    os.close(slave)
    os.close(ready_write)
    elapsed = None
    deadline = started + 30
    while elapsed is None and time.perf_counter() < deadline:
        readable, _, _ = select.select([master, ready_read], [], [], 0.5)
        if ready_read in readable and os.read(ready_read, 64):
            elapsed = time.perf_counter() - started
        if master in readable:
            with contextlib.suppress(OSError):
                os.read(master, 65536)  # drain what the app draws
    while True:  # let it exit, still draining its output
        readable, _, _ = select.select([master], [], [], 0.05)
        if readable:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        if process.poll() is not None:
            break
    _, _status, usage = os.wait4(process.pid, 0)
    os.close(master)
    os.close(ready_read)
    if elapsed is None:
        raise RuntimeError(f"{args} did not report ready")
    return elapsed, usage.ru_maxrss


def cold_starts(apps: list[list[str]], runs: int) -> list[tuple[list[float], list[int]]]:
    """Start each app ``runs`` times, taking turns (one start of each per round), so a change
    in the machine's speed during the run weighs on every app alike."""
    for args in apps:
        start_once(args)  # warm the file system cache, as a second start of the day would be
    results: list[tuple[list[float], list[int]]] = [([], []) for _ in apps]
    for _ in range(runs):
        for args, (times, memory) in zip(apps, results, strict=True):
            seconds, rss = start_once(args)
            times.append(seconds)
            memory.append(rss)
    return results


# -- keystroke latency ----------------------------------------------------------------------------


class FrameClock:
    """Times when an app puts a frame on the (headless) screen."""

    def __init__(self) -> None:
        self.frames: list[float] = []

    def watch(self, app_class: type) -> type:
        clock = self

        class Watched(app_class):  # type: ignore[misc, valid-type]
            def _display(self, screen, renderable) -> None:
                super()._display(screen, renderable)
                clock.frames.append(time.perf_counter())

        return Watched


async def _press_and_time(pilot, clock: FrameClock, key: str) -> tuple[float, float]:
    """Seconds from the key to the first frame showing its effect, and to the last frame."""
    clock.frames.clear()
    started = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    if not clock.frames:
        raise RuntimeError(f"{key!r} drew nothing")
    return clock.frames[0] - started, clock.frames[-1] - started


async def _nextgen_latencies(
    answers: Path, instrument: Path | None, keys: int
) -> tuple[list[float], list[float], list[float]]:
    from nextgen_tui.core import order
    from nextgen_tui.core.session import open_session
    from nextgen_tui.tui.app import NextGenApp

    clock = FrameClock()
    session = open_session(answers, instrument_path=instrument)
    saves: list[float] = []
    real_save = session.save

    def timed_save(now=None):
        result = real_save(now)
        saves.append(time.perf_counter())
        return result

    session.save = timed_save  # type: ignore[method-assign]
    app = clock.watch(NextGenApp)(session)
    first, settled, saved = [], [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.questionnaire
        last = len(list(session.instrument.statements())) - 1
        for index in range(keys):
            if order.positions(session.instrument).index(screen.cursor) == last:
                await pilot.press("1")  # back to the start; not timed
                await pilot.pause()
            role, statement = screen.role, screen.statement
            key = "ypn"[index % 3]
            saves.clear()
            started = time.perf_counter()
            a, b = await _press_and_time(pilot, clock, key)
            saved.append(saves[0] - started)
            value = {"y": "yes", "p": "partially", "n": "no"}[key]
            if session.save_error or session.assessment.answer(role.id, statement.id) != value:
                raise RuntimeError("the answer was not saved")
            first.append(a)
            settled.append(b)
    session.close()
    return first, settled, saved


async def _minimal_latencies(keys: int) -> tuple[list[float], list[float], list[float]]:
    """The floor: a minimal Textual app whose key updates one line of text."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        BINDINGS = [("y", "count", "Count")]
        count = 0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("0", id="label")
            yield Footer()

        def action_count(self) -> None:
            self.count += 1
            self.query_one("#label", Static).update(f"{self.count} " * (self.count % 7 + 1))

    clock = FrameClock()
    app = clock.watch(Minimal)()
    first, settled = [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(keys):
            a, b = await _press_and_time(pilot, clock, "y")
            first.append(a)
            settled.append(b)
    return first, settled, first  # it saves nothing: "saved" is its frame


def keystrokes(
    answers: Path | None, instrument: Path | None, keys: int
) -> tuple[list[float], list[float], list[float]]:
    if answers is None:
        return asyncio.run(_minimal_latencies(keys))
    return asyncio.run(_nextgen_latencies(answers, instrument, keys))


# -- review ---------------------------------------------------------------------------------------


def wall_times(commands: list[list[str]], runs: int) -> list[list[float]]:
    """Run each command ``runs`` times, taking turns, as :func:`cold_starts` does."""
    for command in commands:
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    results: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, times in zip(commands, results, strict=True):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - started)
    return results


# -- fixtures -------------------------------------------------------------------------------------


def write_large(folder: Path, roles: int = 50, per_role: int = 20) -> tuple[Path, Path]:
    import tomllib

    real = tomllib.loads((ROOT / "framework.toml").read_text())
    document = {key: real[key] for key in ("id", "title", "version", "scale", "levels", "groups")}
    document["version"] = "bench"
    document["roles"] = [
        {
            "id": f"role-{r}",
            "group": real["groups"][r % 2]["id"],
            "title": f"Generated role {r + 1}",
            "short_title": f"Role {r + 1}",
            "purpose": "A generated role for the benchmark.",
            "statements": [
                {
                    "id": f"s{s}",
                    "text": f"Generated statement {s + 1} of role {r + 1}, long enough to wrap "
                    "across the width of a small terminal like a real statement does.",
                    "examples": ["An example.", "Another example."] if s % 3 == 0 else [],
                }
                for s in range(per_role)
            ],
        }
        for r in range(roles)
    ]
    instrument = folder / "large-framework.toml"
    instrument.write_text(tomli_w.dumps(document))
    answers = {
        "framework": document["id"],
        "framework_version": "bench",
        "metadata": {"state": "Bench", "respondent": "Bench"},
        "answers": {
            role["id"]: {
                s["id"]: {"answer": "ypn"[i % 3]} for i, s in enumerate(role["statements"])
            }
            for role in document["roles"]
        },
    }
    for role in answers["answers"].values():
        for entry in role.values():
            entry["answer"] = {"y": "yes", "p": "partially", "n": "no"}[entry["answer"]]
    answers_path = folder / "large-answers.toml"
    answers_path.write_text(tomli_w.dumps(answers))
    return instrument, answers_path


def write_small(folder: Path) -> Path:
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.instrument import load_instrument

    instrument = load_instrument()
    document = answers_file.Assessment.new(instrument)
    document.details.state = "Bench"
    for index, (role, statement) in enumerate(instrument.statements()):
        if index % 2 == 0:
            document.set_answer(role.id, statement.id, "yes")
    path = folder / "answers.toml"
    answers_file.save(path, document, instrument)
    return path


# -- the run --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="starts per app (default 15)")
    parser.add_argument("--keys", type=int, default=200, help="answer keys timed (default 200)")
    parser.add_argument("--json", type=Path, default=HERE / "results.json", help="where to write")
    args = parser.parse_args()

    # An installed package comes compiled; a checkout may not be (PYTHONDONTWRITEBYTECODE).
    import nextgen_tui

    compileall.compile_dir(Path(nextgen_tui.__file__).parent, quiet=1)

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        small = write_small(folder)
        large_instrument, large_answers = write_large(folder)

        print(f"cold starts: {args.runs} each …", file=sys.stderr)
        (minimal_t, minimal_m), (floor_t, _), (small_t, small_m), (large_t, large_m) = cold_starts(
            [
                ["minimal"],
                ["minimal-validating", str(small)],
                ["nextgen", str(small)],
                ["nextgen", str(large_answers), str(large_instrument)],
            ],
            args.runs,
        )
        print(f"keystrokes: {args.keys} each …", file=sys.stderr)
        minimal_k, minimal_ks, _ = keystrokes(None, None, args.keys)
        small_k, small_ks, small_saved = keystrokes(small, None, args.keys)
        large_k, large_ks, large_saved = keystrokes(large_answers, large_instrument, args.keys)
        print("review …", file=sys.stderr)
        bare, review = wall_times(
            [
                [PYTHON, "-c", "import rich.console, tomllib; from pydantic import BaseModel"],
                [COMMAND, "review", str(small)],
            ],
            args.runs,
        )

    results: dict[str, Any] = {
        "python": sys.version.split()[0],
        "runs": args.runs,
        "keys": args.keys,
        "cold_start_s": {
            "minimal_textual": summary(minimal_t),
            "minimal_validating": summary(floor_t),
            "nextgen_20": summary(small_t),
            "nextgen_1000": summary(large_t),
        },
        "keystroke_s": {
            "minimal_textual": summary(minimal_k),
            "nextgen_20": summary(small_k),
            "nextgen_1000": summary(large_k),
        },
        "keystroke_saved_s": {
            "nextgen_20": summary(small_saved),
            "nextgen_1000": summary(large_saved),
        },
        "keystroke_settled_s": {
            "minimal_textual": summary(minimal_ks),
            "nextgen_20": summary(small_ks),
            "nextgen_1000": summary(large_ks),
        },
        "review_s": {"bare_imports": summary(bare), "review": summary(review)},
        "peak_rss_kib": {
            "minimal_textual": summary([float(m) for m in minimal_m]),
            "nextgen_20": summary([float(m) for m in small_m]),
            "nextgen_1000": summary([float(m) for m in large_m]),
        },
    }
    cold = results["cold_start_s"]
    keys = results["keystroke_s"]
    rss = results["peak_rss_kib"]
    results["ratios"] = {
        "cold_start_vs_minimal": cold["nextgen_20"]["median"] / cold["minimal_textual"]["median"],
        "floor_vs_minimal": cold["minimal_validating"]["median"]
        / cold["minimal_textual"]["median"],
        "cold_start_1000_vs_20": cold["nextgen_1000"]["median"] / cold["nextgen_20"]["median"],
        "keystroke_vs_minimal_median": keys["nextgen_20"]["median"]
        / keys["minimal_textual"]["median"],
        "keystroke_1000_vs_20_median": keys["nextgen_1000"]["median"]
        / keys["nextgen_20"]["median"],
        "keystroke_1000_vs_20_p95": keys["nextgen_1000"]["p95"] / keys["nextgen_20"]["p95"],
        "review_vs_bare_imports": results["review_s"]["review"]["median"]
        / results["review_s"]["bare_imports"]["median"],
        "peak_rss_vs_minimal": rss["nextgen_20"]["median"] / rss["minimal_textual"]["median"],
    }
    # The same two ratios taken within each round (the two starts run one after the other):
    # their spread shows how far one run's ratio of medians can be trusted on a noisy machine.
    results["ratios_per_round"] = {
        "cold_start_vs_minimal": summary([b / a for a, b in zip(minimal_t, small_t, strict=True)]),
        "review_vs_bare_imports": summary([b / a for a, b in zip(bare, review, strict=True)]),
    }
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.json}", file=sys.stderr)
    return 0


def table(r: dict[str, Any]) -> str:
    ms = 1000.0
    cold, keys, rev, rss, ratio = (
        r["cold_start_s"],
        r["keystroke_s"],
        r["review_s"],
        r["peak_rss_kib"],
        r["ratios"],
    )
    settled = r["keystroke_settled_s"]

    def mp(entry: dict[str, float]) -> str:
        return f"{entry['median'] * ms:.1f} / {entry['p95'] * ms:.1f} ms"

    def spread(entry: dict[str, float]) -> str:
        """A per-round ratio: its median and the middle half of the rounds."""
        low, high = entry["q1"], entry["q3"]
        return f"{entry['median']:.2f}× ({low:.2f}–{high:.2f})"

    def t(entry: dict[str, float]) -> str:
        return f"{entry['median'] * ms:7.1f} ms ± {entry['iqr'] * ms:5.1f}"

    rows = [
        ("cold start, minimal Textual app", t(cold["minimal_textual"]), ""),
        (
            "cold start, the minimal app validating our files first",
            t(cold["minimal_validating"]),
            f"{ratio['floor_vs_minimal']:.2f}× minimal: the floor with pydantic",
        ),
        (
            "cold start, nextgen-tui (20 statements)",
            t(cold["nextgen_20"]),
            f"{ratio['cold_start_vs_minimal']:.2f}× minimal (budget ≤ 1.3×); "
            f"per round {spread(r['ratios_per_round']['cold_start_vs_minimal'])}",
        ),
        (
            "cold start, nextgen-tui (1,000 statements)",
            t(cold["nextgen_1000"]),
            f"{ratio['cold_start_1000_vs_20']:.2f}× the 20-statement start",
        ),
        (
            "key to frame, minimal Textual app: median / p95",
            mp(keys["minimal_textual"]),
            "the floor: a Textual app redrawing one line",
        ),
        (
            "answer key to frame, 20 statements: median / p95",
            mp(keys["nextgen_20"]),
            f"{ratio['keystroke_vs_minimal_median']:.2f}× minimal (budget ≤ 10 / ≤ 25 ms)",
        ),
        (
            "  … and the file saved: median / p95",
            mp(r["keystroke_saved_s"]["nextgen_20"]),
            "the save runs right after the frame",
        ),
        (
            "  … until the screen settles: median / p95",
            mp(settled["nextgen_20"]),
            f"minimal: {settled['minimal_textual']['median'] * ms:.1f} / "
            f"{settled['minimal_textual']['p95'] * ms:.1f} ms",
        ),
        (
            "answer key to frame, 1,000 statements: median / p95",
            mp(keys["nextgen_1000"]),
            f"{ratio['keystroke_1000_vs_20_median']:.2f}× / "
            f"{ratio['keystroke_1000_vs_20_p95']:.2f}× the 20-statement figures (budget ≤ 2×)",
        ),
        (
            "  … and the file saved: median / p95",
            mp(r["keystroke_saved_s"]["nextgen_1000"]),
            "",
        ),
        (
            "import rich.console, tomllib; from pydantic import BaseModel",
            t(rev["bare_imports"]),
            "",
        ),
        (
            "nextgen-tui review FILE",
            t(rev["review"]),
            f"{ratio['review_vs_bare_imports']:.2f}× the bare imports (budget ≤ 1.5×); "
            f"per round {spread(r['ratios_per_round']['review_vs_bare_imports'])}",
        ),
        ("peak RSS, minimal Textual app", f"{rss['minimal_textual']['median'] / 1024:.1f} MiB", ""),
        (
            "peak RSS, nextgen-tui (20 statements)",
            f"{rss['nextgen_20']['median'] / 1024:.1f} MiB",
            f"{ratio['peak_rss_vs_minimal']:.2f}× minimal (budget ≤ 1.4×)",
        ),
        (
            "peak RSS, nextgen-tui (1,000 statements)",
            f"{rss['nextgen_1000']['median'] / 1024:.1f} MiB",
            "",
        ),
    ]
    width = max(len(row[0]) for row in rows)
    lines = [
        f"| {'measure':<{width}} | {'figure':<22} | ratio |",
        f"|{'-' * (width + 2)}|{'-' * 24}|-------|",
    ]
    lines += [f"| {a:<{width}} | {b:<22} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
