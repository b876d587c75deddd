"""A bounded soak of `serve --ssh` and `serve --web` under several abuses at once, while
colleagues log in, answer and quit (docs/SECURITY.md, "Soak").

    .venv/bin/python bench/soak.py                  # 120 s, 20 colleagues
    .venv/bin/python bench/soak.py --seconds 60 --colleagues 10

In a process of their own, for the whole soak: failed SSH handshakes from five addresses (a key
the server does not know), a window-change flood from one authorised person (who reconnects
whenever closed), a plain session sent one line without end, sessions asking for terminals no
one has, and 1,100 idle connections to the web server. Meanwhile, one at a time, each colleague
logs in over SSH, answers all 20 statements and quits, and one web request is made a second.

Measured: each colleague's time from connecting to their first screen, every file checked
exact; the slowest web request; the SSH server's memory (RSS) before the abuse and after it
(once it has stopped and the server had a moment); the log's lines and bytes. Prints a Markdown
table; writes bench/soak.json. Exits non-zero when a bound is missed: a login of 2 s or more, a
file not exact, the memory 50 MB or more above its start, the log over 2,000 lines.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import resource
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import asyncssh  # noqa: E402
from tests.e2e.served import Server, read_until  # noqa: E402
from tests.e2e.test_serve_web import TOKEN, WebServer  # noqa: E402

from nextgen_tui.core import answers_file  # noqa: E402
from nextgen_tui.core.instrument import load_instrument  # noqa: E402

ABUSERS = ["mallory", "mallet", "trudy"]
LOG_LINES_MOST = 2_000
MEMORY_MOST_KB = 50 * 1024
LOGIN_MOST = 2.0


# -- the abuse, in a process of its own ------------------------------------------------------


async def handshakes(port: int, stop: float, counts: dict[str, int]) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    n = 0
    while time.monotonic() < stop:
        n += 1
        with contextlib.suppress(Exception):
            async with asyncssh.connect(
                "127.0.0.1",
                port,
                username="x",
                client_keys=[stranger],
                known_hosts=None,
                local_addr=(f"127.0.2.{n % 5 + 1}", 0),
                login_timeout=5,
            ):
                pass
        counts["handshakes"] += 1


async def window_flood(server: dict, stop: float, counts: dict[str, int]) -> None:
    key = asyncssh.read_private_key(server["keys"]["mallory"])
    while time.monotonic() < stop:
        try:
            async with asyncssh.connect(
                "127.0.0.1", server["port"], username="x", client_keys=[key], known_hosts=None
            ) as conn:
                process = await conn.create_process(term_type="xterm", term_size=(80, 24))
                step = 0
                while not conn.is_closed() and time.monotonic() < stop:
                    big = step % 2 == 0
                    process.change_terminal_size(500 if big else 41, 200 if big else 15)
                    step += 1
                    counts["window changes"] += 1
                    if step % 200 == 0:
                        await asyncio.sleep(0)
        except Exception:
            await asyncio.sleep(0.5)


async def endless_line(server: dict, stop: float, counts: dict[str, int]) -> None:
    key = asyncssh.read_private_key(server["keys"]["mallet"])
    while time.monotonic() < stop:
        try:
            async with asyncssh.connect(
                "127.0.0.1", server["port"], username="x", client_keys=[key], known_hosts=None
            ) as conn:
                process = await conn.create_process()  # plain: no terminal
                chunk = "x" * 1_000_000
                while time.monotonic() < stop:
                    process.stdin.write(chunk)
                    await asyncio.wait_for(process.stdin.drain(), 30)
                    counts["plain MB"] += 1
        except Exception:
            await asyncio.sleep(0.5)


async def bad_terminals(server: dict, stop: float, counts: dict[str, int]) -> None:
    key = asyncssh.read_private_key(server["keys"]["trudy"])
    while time.monotonic() < stop:
        try:
            async with asyncssh.connect(
                "127.0.0.1", server["port"], username="x", client_keys=[key], known_hosts=None
            ) as conn:
                while time.monotonic() < stop and not conn.is_closed():
                    try:
                        process = await conn.create_process(term_type="x\0y", term_size=(80, 24))
                        process.close()
                    except (asyncssh.ChannelOpenError, asyncssh.ProcessError):
                        await asyncio.sleep(0.01)
                    counts["bad terminals"] += 1
        except Exception:
            await asyncio.sleep(0.5)


def idle_web(port: int) -> list[socket.socket]:
    held = []
    for n in range(1_100):
        quiet = socket.socket()
        quiet.bind((f"127.0.3.{n % 5 + 1}", 0))
        quiet.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            quiet.connect(("127.0.0.1", port))
        held.append(quiet)
    return held


async def keep_web_idle(port: int, stop: float, counts: dict[str, int]) -> None:
    """1,100 idle connections, opened again as the server closes them."""
    while time.monotonic() < stop:
        held = idle_web(port)
        counts["idle web connections"] += len(held)
        await asyncio.sleep(11)  # the server closes them after 10 s
        for quiet in held:
            quiet.close()


def abuse(server: dict, web_port: int, seconds: float, results: multiprocessing.Queue) -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 16384), hard))
    counts = {
        k: 0
        for k in (
            "handshakes",
            "window changes",
            "plain MB",
            "bad terminals",
            "idle web connections",
        )
    }

    async def everything() -> None:
        stop = time.monotonic() + seconds
        await asyncio.gather(
            *(handshakes(server["port"], stop, counts) for _ in range(4)),
            window_flood(server, stop, counts),
            endless_line(server, stop, counts),
            bad_terminals(server, stop, counts),
            keep_web_idle(web_port, stop, counts),
        )

    asyncio.run(everything())
    results.put(counts)


# -- the colleagues ----------------------------------------------------------------------------


async def colleague(server: Server, name: str) -> float:
    started = time.monotonic()
    async with server.connect(name) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 60)
        took = time.monotonic() - started
        process.stdin.write("\x1b")
        await read_until(process, "Next open", 30)
        for index in range(20):
            process.stdin.write("ypn"[index % 3])
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        process.stdin.write("q")
        await asyncio.wait_for(process.wait_closed(), 60)
    return took


async def web_requests(url: str, stop: float) -> list[float]:
    times = []
    async with aiohttp.ClientSession() as client:
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                async with client.get(
                    f"{url}/?token={TOKEN}",
                    allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(30),
                ) as response:
                    assert response.status == 302, response.status
            except Exception:
                times.append(float("inf"))
            else:
                times.append(time.monotonic() - started)
            await asyncio.sleep(1)
    return times


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--colleagues", type=int, default=20)
    args = parser.parse_args()
    instrument = load_instrument(None)
    names = [f"colleague-{n:02d}" for n in range(args.colleagues)]
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "ssh").mkdir()
        Path(folder, "web").mkdir()
        server = Server(Path(folder, "ssh"), people=names + ABUSERS)
        web = WebServer(Path(folder, "web"), instrument)
        try:
            time.sleep(2)  # (the warm process settles)
            memory_before = rss_kb(server.process.pid)
            queue: multiprocessing.Queue = multiprocessing.Queue()
            plain = {"port": server.port, "keys": {k: str(v) for k, v in server.keys.items()}}
            abuser = multiprocessing.Process(
                target=abuse, args=(plain, web.port, args.seconds, queue)
            )
            started = time.monotonic()
            abuser.start()
            time.sleep(3)  # the abuse is under way

            async def everyone() -> tuple[list[float], list[float]]:
                stop = started + args.seconds
                web_times = asyncio.ensure_future(web_requests(web.url, stop))
                logins = []
                gap = max((args.seconds - 10) / len(names), 0.5)
                for name in names:
                    turn = time.monotonic()
                    logins.append(await colleague(server, name))
                    await asyncio.sleep(max(gap - (time.monotonic() - turn), 0))
                return logins, await web_times

            logins, web_times = asyncio.run(everyone())
            counts = queue.get(timeout=args.seconds + 120)
            abuser.join(60)
            abused = time.monotonic() - started
            time.sleep(5)  # the abusers' connections are gone; the server settles
            memory_after = rss_kb(server.process.pid)
            exact = 0
            for name in names:
                document = answers_file.load(server.data / f"{name}.toml", instrument)
                given = [document.answer(r.id, s.id) for r, s in instrument.statements()]
                exact += given == [("yes", "partially", "no")[i % 3] for i in range(20)]
        finally:
            server.stop()
            web.stop()
        log = server.log_text() + web.log_text()
        Path(ROOT, "bench", "soak.log").write_text(log)
    lines = log.count("\n")
    result = {
        "seconds": round(abused, 1),
        "abuse": counts,
        "colleagues": len(names),
        "files exact": exact,
        "login median s": round(statistics.median(logins), 2),
        "login max s": round(max(logins), 2),
        "web request max s": round(max(web_times), 2),
        "web requests": len(web_times),
        "ssh server RSS before MB": round(memory_before / 1024, 1),
        "ssh server RSS after MB": round(memory_after / 1024, 1),
        "log lines": lines,
        "log kB": round(len(log.encode()) / 1024, 1),
        "log lines a day at this rate": round(lines / abused * 86_400),
    }
    Path(ROOT, "bench", "soak.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| measure | value |\n| --- | --- |")
    for key, value in result.items():
        print(f"| {key} | {value} |")
    missed = [
        what
        for what, bad in (
            (f"a login took {max(logins):.2f} s", max(logins) >= LOGIN_MOST),
            (f"{len(names) - exact} files not exact", exact != len(names)),
            ("memory grew 50 MB or more", memory_after - memory_before >= MEMORY_MOST_KB),
            (f"{lines} log lines", lines > LOG_LINES_MOST),
            ("a web request failed", max(web_times) == float("inf")),
        )
        if bad
    ]
    for what in missed:
        print(f"MISSED: {what}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
