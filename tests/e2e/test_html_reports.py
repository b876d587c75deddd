"""The HTML reports in a real browser (headless Chromium): they load with no request to any
other host, print to PDF with every role, person and action in the text, and look as the
README's screenshots show (written under docs/ when NEXTGEN_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Action
from nextgen_tui.core.instrument import Instrument
from tests.team import member_files

from .cdp import Browser, find_chromium

pytestmark = pytest.mark.skipif(
    find_chromium() is None or shutil.which("pdftotext") is None,
    reason="needs chromium and pdftotext (.ci/run installs them)",
)
DOCS = Path(__file__).resolve().parents[2] / "docs"


async def _render(page: Path, shot: str | None = None) -> tuple[list[str], str, int]:
    """Load ``page``; the URLs it asked for, its text as printed to PDF, and its page count."""
    browser = Browser()
    try:
        await browser.start()
        await browser.call("Network.enable")
        await browser.call("Page.enable")
        await browser.call("Page.navigate", url=page.as_uri())
        deadline = time.monotonic() + 20
        while await browser.evaluate("document.readyState") != "complete":
            assert time.monotonic() < deadline, "the page did not load"
            await asyncio.sleep(0.05)
        requested = [
            event["params"]["request"]["url"]
            for event in browser.events
            if event["method"] == "Network.requestWillBeSent"
        ]
        resources = await browser.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
        )
        printed = await browser.call("Page.printToPDF", printBackground=True)
        pdf = page.with_suffix(".pdf")
        pdf.write_bytes(base64.b64decode(printed["data"]))
        if shot is not None and os.environ.get("NEXTGEN_UPDATE_SCREENSHOTS") == "1":
            await browser.call(
                "Emulation.setDeviceMetricsOverride",
                width=1100,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            await browser.screenshot(DOCS / shot)
    finally:
        await browser.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )
    return [*requested, *resources], text, pages


async def test_the_review_prints_every_role_and_action_and_asks_no_host(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the report names its file as given: ana.toml
    path = Path(member_files(instrument, Path())[0].name)
    ana = answers_file.load(path, instrument)
    ana.set_target("shared-vision", "Leading")
    ana.set_actions(
        "shared-vision",
        "multi-agency-team",
        [Action(text="Bring economic development to the table", owner="Ben", due="2027-03-31")],
    )
    answers_file.save(path, ana, instrument, now=ana.details.created)
    page = tmp_path / "review.html"
    assert main(["review", str(path), "-o", str(page)]) == 0
    requested, text, pages = await _render(page)
    assert requested == [page.as_uri()]  # the file itself, and nothing else
    flat = " ".join(text.split())
    for role in instrument.roles:
        assert " ".join(role.title.split()) in flat
    assert "Bring economic development to the table" in flat and "Ana Ruiz" in flat
    assert "maturity levels" in flat and "Next Gen Sector Partnerships" in flat
    assert 2 <= pages <= 12


async def test_the_compare_heatmap_prints_every_person(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the report names the files as given: ana.toml …
    paths = [path.name for path in member_files(instrument, Path())]
    page = tmp_path / "compare.html"
    assert main(["compare", *paths, "-o", str(page)]) == 0
    requested, text, pages = await _render(page, "compare-heatmap.png")
    assert requested == [page.as_uri()]
    flat = " ".join(text.split())
    for name in ("Ana Ruiz", "Ben Ode", "Cy Park", "Di Lee"):
        assert name in flat
    assert pages >= 1
    html = page.read_text()
    assert html.count("answer heat-") == 4 * 20  # every person's every answer, shaded
    # with --notes, each statement with everyone's answer and note under it
    assert main(["compare", *paths, "--notes", "-o", str(page)]) == 0
    requested, text, pages = await _render(page, None)
    assert "Only workforce is at the table" in " ".join(text.split())


async def test_the_plan_and_the_trend_print_every_action_and_cycle(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    monkeypatch.chdir(tmp_path)
    ana = answers_file.load(member_files(instrument, Path())[0], instrument)
    texts = ["Bring economic development in", "Map the federal funds", "Train the regions"]
    for index, text in enumerate(texts):
        role, statement = list(instrument.statements())[index * 5]
        ana.set_actions(role.id, statement.id, [Action(text=text, owner="Ben")])
    cycles = []
    for year in (2025, 2026, 2027):
        when = datetime(year, 10, 1, tzinfo=UTC)
        ana.details.created = when
        ana.set_answer("shared-vision", "common-vision", "partially" if year == 2026 else "yes")
        answers_file.save(Path(f"{year}.toml"), ana, instrument, now=when)
        cycles.append(f"{year}.toml")
    plan = tmp_path / "plan.html"
    assert main(["plan", cycles[-1], "-o", str(plan)]) == 0
    requested, text, _pages = await _render(plan)
    assert requested == [plan.as_uri()]
    assert all(action in " ".join(text.split()) for action in texts)
    trend = tmp_path / "trend.html"
    assert main(["trend", *cycles, "-o", str(trend)]) == 0
    requested, text, _pages = await _render(trend)
    assert requested == [trend.as_uri()]
    flat = " ".join(text.split())
    assert all(year in flat for year in ("2025", "2026", "2027"))
    assert "Regressions: 1 statement went down (1.1)." in flat
