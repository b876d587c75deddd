"""A facilitator served by `serve --ssh` builds the team file from everyone's answers and
settles a dispute on the shared screen; nobody else can build it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.team import member_files
from tests.tmux import wait_until

from .served import Server, read_until


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(
        tmp_path_factory.mktemp("serve"), people=["ana", "ben", "lead"], facilitators=("lead",)
    )
    yield running
    running.stop()


async def test_the_facilitator_builds_the_team_file_and_settles_a_dispute(
    server: Server, instrument: Instrument
) -> None:
    server.data.mkdir(exist_ok=True)
    member_files(instrument, server.data)  # everyone has answered on their own link
    ben = answers_file.load(server.data / "ben.toml", instrument)
    ben.details.respondent = "Ana Ruiz"  # ben types someone else's name as his own
    answers_file.save(server.data / "ben.toml", ben, instrument)
    team = server.data / "team.toml"
    async with server.connect("lead") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "e.g. Colorado")  # the details, asked for the lead's new file
        process.stdin.write("\x1b")  # skipped
        process.stdin.write("\x10")  # ctrl+p: the command palette
        await read_until(process, "Search for commands")
        process.stdin.write("build the team")
        await read_until(process, "file and open it")  # (the letters typed are highlighted)
        process.stdin.write("\r")
        await read_until(process, "team.toml · last saved")  # the team file, opened in its place
        assert team.exists()
        process.stdin.write("c")
        await read_until(process, "0 of 3 disputes settled")
        process.stdin.write("2")  # the second member's answer (Ben: No), on the widest dispute

        def settled() -> bool:
            entry = answers_file.load(team, instrument).entry("shared-vision", "multi-agency-team")
            return entry is not None and entry.answer == "no"

        assert wait_until(settled)
        process.stdin.write("q")  # (the consensus view has q too)
        await asyncio.wait_for(process.wait_closed(), 20)
    built = answers_file.load(team, instrument)
    # members are who the server knows them as (ana and ben by their keys; cy and di, who
    # have no key here, by their files); what each typed is kept only as a detail
    assert [(m.name, m.respondent) for m in built.members] == [
        ("ana", "Ana Ruiz"),
        ("ben", "Ana Ruiz"),
        ("cy", "Cy Park"),
        ("di", "Di Lee"),
    ]


async def test_no_one_else_is_offered_the_team_file(server: Server) -> None:
    async with server.connect("ben") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        screen = await read_until(process, "Next open", or_="About this assessment")
        if "About this assessment" in screen:  # run on its own, ben's file is new: its details
            process.stdin.write("\x1b")
            await read_until(process, "Next open")  # the questionnaire, its key bar at the foot
        process.stdin.write("\x10")
        await read_until(process, "Search for commands")
        process.stdin.write("build the team")
        screen = await read_until(process, "No matches")
        assert "Build the team file" not in screen
        process.stdin.write("\x1b")  # the palette closes...
        await read_until(process, "Next open")  # ...and the key bar is back
        process.stdin.write("q")
        await asyncio.wait_for(process.wait_closed(), 20)
