"""The documents an office sends on, looked at as printed pages: every report as PDF (printed
from its HTML by Chromium) and as Word (converted to PDF by LibreOffice, as a reader's Word or
LibreOffice lays it out): how many pages, and no word broken across two lines.

With NEXTGEN_UPDATE_SCREENSHOTS=1 the README's pictures are made from these pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Action
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.report.as_pdf import chromium
from tests.reports.conftest import write
from tests.team import member_files, team_file

pytestmark = pytest.mark.skipif(
    chromium() is None or shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs chromium, LibreOffice and poppler (.ci/run installs them)",
)
DOCS = Path(__file__).resolve().parents[2] / "docs"
UPDATE = os.environ.get("NEXTGEN_UPDATE_SCREENSHOTS") == "1"


def word_as_pdf(document: Path) -> Path:
    """The Word file as LibreOffice prints it (a profile of its own: tests run side by side)."""
    profile = document.parent / f".lo-{document.stem}"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(document.parent / "word"),
            str(document),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return document.parent / "word" / f"{document.stem}.pdf"


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def words_of(pdf: Path) -> set[str]:
    """Every word the pages show, as pdftotext reads them (a word broken across two lines reads
    as two pieces, neither of them the word)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return set(re.findall(r"[A-Za-z]+", _unhyphenated(text.stdout)))


def whole_words(texts: list[str]) -> set[str]:
    return {word for text in texts for word in re.findall(r"[A-Za-z]{4,}", _unhyphenated(text))}


def _unhyphenated(text: str) -> str:
    """Hyphenated words as one (pdftotext keeps some hyphens of a page's text and drops
    others): a word broken by a line end still reads as two pieces."""
    return re.sub(r"(?<=[A-Za-z])[-\u00ad\u2010](?=[A-Za-z])", "", text)


def both(argv: list[str], folder: Path, name: str) -> tuple[Path, Path]:
    """The report as PDF from its HTML, and its Word file as LibreOffice prints it."""
    printed, word = folder / f"{name}.pdf", folder / f"{name}.docx"
    assert main([*argv, "-o", str(printed)]) == 0
    assert main([*argv, "-o", str(word)]) == 0
    return printed, word_as_pdf(word)


def picture(pdf: Path, name: str, page: int = 1) -> None:
    """A page of ``pdf`` as the README's PNG (only when asked to make them)."""
    if UPDATE:
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(DOCS / name),
            ],
            check=True,
        )


def test_a_persons_review_fits_four_pages_with_every_word_whole(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = member_files(instrument, tmp_path)[0]
    ana = answers_file.load(path, instrument)
    ana.set_target("shared-vision", "Leading")
    ana.set_actions(
        "shared-vision",
        "multi-agency-team",
        [
            Action(
                text="Bring economic development to the table", owner="Ben", due=date(2027, 3, 31)
            )
        ],
    )
    answers_file.save(path, ana, instrument, now=ana.details.created)
    printed, word = both(["review", path.name], tmp_path, "review")
    statements = whole_words([statement.text for _role, statement in instrument.statements()])
    for pdf in (printed, word):
        assert pages(pdf) <= 4, pdf.name
        shown = words_of(pdf)
        assert not statements - shown, (pdf.name, sorted(statements - shown)[:10])
        assert "Summary" in shown and "Bring" in shown
    picture(printed, "summary-page")
    picture(word, "word-page")


def test_a_plan_of_four_actions_is_one_page(instrument: Instrument, tmp_path: Path) -> None:
    path = write(instrument, tmp_path / "plan.toml", ["yes", "partially", "no"], respondent="Team")
    plan = answers_file.load(path, instrument)
    plan.set_target("shared-vision", "Leading")
    for index, (role, statement) in enumerate(list(instrument.statements())[:4]):
        action = Action(
            text=f"Step {index + 1}: convene the agencies on {statement.id}",
            owner="Ana Ruiz",
            due=date(2027, 3, index + 1),
            priority="high",
        )
        plan.set_actions(role.id, statement.id, [action])
    answers_file.save(path, plan, instrument)
    for pdf in both(["plan", str(path)], tmp_path, "plan"):
        assert pages(pdf) == 1, pdf.name
        assert {"Step", "convene", "agencies"} <= words_of(pdf)


def test_a_team_review_compare_by_agency_and_a_trend_print_whole(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    team = team_file(instrument, tmp_path)
    people = sorted(p.name for p in tmp_path.glob("*.toml") if p.name != team.name)
    cycles = [
        write(
            instrument,
            tmp_path / f"{year}.toml",
            answers,
            respondent="State team",
            when=datetime(year, 10, 1, tzinfo=UTC),
        )
        for year, answers in (
            (year, [("no", "partially", "yes", None)[(index * year) % 4] for index in range(20)])
            for year in (2024, 2025, 2026)
        )
    ]
    roles = whole_words([role.title for role in instrument.roles])
    for argv, name in (
        (["review", team.name], "team"),
        (["compare", "--by", "agency", *people], "by-agency"),
        (["trend", *(c.name for c in cycles)], "trend"),
    ):
        for pdf in both(argv, tmp_path, name):
            assert pages(pdf) <= 8, pdf.name
            shown = words_of(pdf)
            labels = whole_words([role.label for role in instrument.roles])
            assert not (labels if name != "team" else roles) - shown, pdf.name
    picture(tmp_path / "trend.pdf", "trend-chart")
