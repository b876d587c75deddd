"""Bytes on the wire: what the questionnaire sends to the terminal for its first frame and for
each answer key, in a real pseudo-terminal, at 80×24 and 120×40, in 24-bit, 256 and 16 colours.

    .venv/bin/python bench/wire.py        # the 20 statements answered in turn, in each setting

The app runs as a person runs it (the installed command, its own process), on an answers file
with its details given and no answer yet; the first frame's bytes and each answer key's are
counted until the screen has been quiet for a while (so the status line's "Saved" that follows
an answer counts too).
Prints a Markdown table; writes bench/wire.json.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
QUIET = 0.25  # seconds without output: the screen has settled

COLOURS = {
    "24-bit": {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
    "256": {"TERM": "xterm-256color"},
    "16": {"TERM": "xterm"},
}


def read_until_quiet(master: int, quiet: float = QUIET, limit: float = 20.0) -> bytes:
    out = b""
    last = time.monotonic()
    deadline = last + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], quiet)
        if not ready:
            if out or time.monotonic() - last > quiet * 8:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        last = time.monotonic()
    return out


def session(size: tuple[int, int], colours: dict[str, str], keys: int) -> dict[str, object]:
    columns, lines = size
    with tempfile.TemporaryDirectory() as folder:
        answers_file = Path(folder) / "answers.toml"
        # an existing file (its details given): the questionnaire is the first screen
        answers_file.write_text(
            'framework = "nextgen-state-strategy"\nframework_version = "2020.1"\n\n'
            '[metadata]\nstate = "Colorado"\nrespondent = "Workforce team"\n',
            encoding="utf-8",
        )
        master, slave = os.openpty()
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **colours}
        process = subprocess.Popen(
            [COMMAND, str(answers_file)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        try:
            first = read_until_quiet(master, quiet=0.5)
            answers = []
            for index in range(keys):
                os.write(master, "ypn"[index % 3].encode())
                answers.append(len(read_until_quiet(master)))
            os.write(master, b"q")
            read_until_quiet(master)
        finally:
            process.kill()
            process.wait()
            os.close(master)
    return {"first": len(first), "answers": answers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    from nextgen_tui.core.instrument import load_instrument

    instrument = load_instrument()
    # the answers that move on to the next role redraw most: told apart
    ends, count = set(), 0
    for role in instrument.roles:
        count += len(role.statements)
        ends.add(count - 1)
    keys = instrument.statement_count
    rows = []
    for size in ((80, 24), (120, 40)):
        for name, colours in COLOURS.items():
            print(f"{size[0]}×{size[1]}, {name} colours …", file=sys.stderr, flush=True)
            found = session(size, colours, keys)
            answers = found["answers"]
            assert isinstance(answers, list)
            within = [n for index, n in enumerate(answers) if index not in ends]
            rows.append(
                {
                    "size": f"{size[0]}×{size[1]}",
                    "colours": name,
                    "first_frame": found["first"],
                    "answer_median": statistics.median(answers),
                    "within_role_median": statistics.median(within),
                    "answer_p95": sorted(answers)[round(0.95 * (len(answers) - 1))],
                    "answer_min": min(answers),
                    "answer_max": max(answers),
                }
            )
    print(
        "| size | colours | first frame | an answer: median | p95 | within a role: median "
        "| least – most |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['size']} | {row['colours']} | {row['first_frame'] / 1024:.1f} KB "
            f"| {row['answer_median']:.0f} B | {row['answer_p95']} B "
            f"| {row['within_role_median']:.0f} B "
            f"| {row['answer_min']} – {row['answer_max']} B |"
        )
    out = ROOT / "bench" / "wire.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"\nwritten to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
