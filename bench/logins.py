"""A whole team logging in at once to `serve --ssh`: sessions forked from the warm process
against sessions started from nothing (`--no-warm`), measured in the same run.

    .venv/bin/python bench/logins.py                 # 10, 25 and 50 people
    .venv/bin/python bench/logins.py --people 50     # one size

Each person connects with asyncssh at the same moment, asks for a terminal (80×24,
xterm-256color) and a shell, and waits for the first screen; then all answer 20 statements and
quit, and every file is checked. Measured per session: the time from connecting to the first
screen, the CPU its process used to get there (user + system, from /proc), and its memory then:
PSS (its share of pages, shared ones divided among those who share them) and USS (pages only it
has). Prints a Markdown table; writes bench/logins.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.served import Server  # noqa: E402

from nextgen_tui.core import answers_file  # noqa: E402
from nextgen_tui.core.instrument import load_instrument  # noqa: E402

CLOCK = os.sysconf("SC_CLK_TCK")
FIRST_SCREEN = "About this assessment"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK  # utime, stime


def memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, USS) in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":"):
            values[parts[0][:-1]] = int(parts[1])
    return values["Pss"], values["Private_Clean"] + values["Private_Dirty"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Meeting:
    """Everyone waits at their first screen until all are in; then they answer."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.arrived = 0
        self.all_in = asyncio.Event()

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.count:
            self.all_in.set()


async def one_person(server: Server, name: str, started: float, meeting: Meeting) -> dict:
    async with server.connect(name) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        seen = ""
        while FIRST_SCREEN not in seen:
            seen += await asyncio.wait_for(process.stdout.read(65536), timeout=120)
        first = time.monotonic() - started
        pid = int(re.findall(rf"{name}\.toml \(pid (\d+),", server.log_text())[-1])
        cpu = cpu_seconds(pid)
        pss, uss = memory_kb(pid)
        meeting.arrive()
        await meeting.all_in.wait()
        process.stdin.write("\x1b")  # skip the details form
        await asyncio.sleep(0.3)
        for index in range(20):
            process.stdin.write("ypn"[index % 3])
            await asyncio.sleep(0.02)
        process.stdin.write("q")
        await asyncio.wait_for(process.wait(), timeout=120)
        return {"first": first, "cpu": cpu, "pss": pss, "uss": uss}


async def login_all(server: Server, names: list[str]) -> list[dict]:
    meeting = Meeting(len(names))
    started = time.monotonic()
    return list(await asyncio.gather(*(one_person(server, n, started, meeting) for n in names)))


def measure(people: int, warm: bool, instrument) -> dict:
    names = [f"p{n:03d}" for n in range(people)]
    with tempfile.TemporaryDirectory() as folder:
        extra = () if warm else ("--no-warm",)
        server = Server(Path(folder), *extra, "--max-sessions", str(people), people=names)
        try:
            server_cpu = cpu_seconds(server.process.pid)
            client_cpu = time.process_time()
            results = asyncio.run(login_all(server, names))
            server_cpu = cpu_seconds(server.process.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
            for name in names:  # every file exact
                document = answers_file.load(server.data / f"{name}.toml", instrument)
                given = [document.answer(r.id, s.id) for r, s in instrument.statements()]
                expected = [("yes", "partially", "no")[i % 3] for i in range(20)]
                assert given == expected, f"{name}: {given}"
        finally:
            server.stop()
    firsts = [r["first"] for r in results]
    return {
        "people": people,
        "warm": warm,
        "first_median": statistics.median(firsts),
        "first_p95": percentile(firsts, 0.95),
        "cpu_median": statistics.median(r["cpu"] for r in results),
        "pss_median_mb": statistics.median(r["pss"] for r in results) / 1024,
        "uss_median_mb": statistics.median(r["uss"] for r in results) / 1024,
        # the whole round (logins, answers, quitting): the SSH server's own CPU, and this
        # script's (the clients), which share the machine's cores with the sessions
        "server_cpu": server_cpu,
        "clients_cpu": client_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="*", default=[10, 25, 50])
    args = parser.parse_args()
    instrument = load_instrument()
    rows = []
    for people in args.people:
        for warm in (True, False):
            print(f"{people} people, {'warm' if warm else 'from nothing'} …", flush=True)
            rows.append(measure(people, warm, instrument))
    print()
    print(
        "| people | sessions | first screen median / p95 | CPU a start | PSS | USS "
        "| server CPU | clients CPU |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['people']} | {'forked (warm)' if row['warm'] else 'from nothing'} "
            f"| {row['first_median']:.2f} / {row['first_p95']:.2f} s "
            f"| {row['cpu_median']:.2f} s | {row['pss_median_mb']:.1f} MB "
            f"| {row['uss_median_mb']:.1f} MB | {row['server_cpu']:.1f} s "
            f"| {row['clients_cpu']:.1f} s |"
        )
    out = ROOT / "bench" / "logins.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
