"""The block model: every format renders every kind of block, and text in a block is text in
every format (escaped for its medium), whatever it holds."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from itertools import pairwise

import pytest

from nextgen_tui.report import as_text, formats
from nextgen_tui.report.blocks import (
    Bar,
    Document,
    DotChart,
    Heading,
    LineChart,
    RadarChart,
    Records,
    Run,
    Table,
    Typed,
    cell,
    paragraph,
)

HOSTILE = "<script>x</script> [bold]b[/bold] *em* | pipe # =1+1"


def every_block() -> Document:
    return Document(
        title=f"Title {HOSTILE}",
        blocks=[
            Heading(f"Report {HOSTILE}", 1),
            paragraph("File: a.toml"),
            paragraph(f"Warning: {HOSTILE}", "warning"),
            Heading("Scores"),
            Table(
                [
                    (cell("Group", "strong"),),
                    (
                        cell("  Role one"),
                        Bar(70.0, 10, high=80.0, target=60.0, bands=(0, 50)),
                        cell("70%"),
                    ),
                    (cell("Overall", "strong"), Bar(0.0, 10, counted=False), cell("0%")),
                ],
                header=("Role", "", "Score"),
                numeric=frozenset({2}),
                labels=0,
            ),
            RadarChart(
                labels=("One", "Two", "Three"), low=(10.0, 50.0, 90.0), targets=(None, 60.0, None)
            ),
            Heading("Answers"),
            Heading("Role one", 3),
            Table(
                [
                    (
                        cell("1"),
                        (Run("✓ Yes", "full"), Run(" ⚑ flagged", "strong")),
                        (Run("Statement"), Run("\n✎ ", "strong"), Run(HOSTILE, "note")),
                    )
                ],
                header=("#", "Answer", "Statement"),
                numeric=frozenset({0}),
                wide=2,
                header_in_terminal=False,
            ),
            Heading("Side by side"),
            Table(
                [(cell("1.1 Question"), cell("one\ntwo"), cell("—", "unanswered"))],
                header=("Question", "Ana", "Ben"),
                per_file_from=1,
                stacked_in_terminal=True,
            ),
            LineChart(names=("2025", "2026"), lines=(("1", (10.0, 60.0)), ("all", (20.0, 40.0)))),
            DotChart(
                rows=("Role one", "Overall"),
                series=("Agency A", "Agency B"),
                values=((10.0, 20.0), (30.0, 40.0)),
            ),
            paragraph("Regressions: none.", "alert", apart=True),
        ],
        records=[Records(("name", "note"), [(Typed("=1+1"), "-5"), ("plain", Typed(HOSTILE))])],
        data={"said": HOSTILE + "\x9b"},
        footer=["Made with nextgen-tui."],
    )


def test_the_terminal_draws_every_block_and_leaves_the_charts_to_documents() -> None:
    text = as_text.render_text(as_text.renderables(every_block()), width=80)
    lines = text.splitlines()
    assert lines[0] == f"Report {HOSTILE}"  # markup in a block is text
    assert "Scores" in lines and "Answers" in lines
    assert lines[lines.index("Scores") - 1] == ""  # a section is set off by a blank line
    assert any("███████░░░" in line and line.endswith("70%") for line in lines)
    assert not any(
        line.startswith("#") for line in lines
    )  # that header is the terminal's to leave out
    assert "1.1 Question" in lines and any(
        line.startswith("  Ana:") and "one" in line for line in lines
    )
    assert lines[-2:] == ["", "Regressions: none."]
    assert "<svg" not in text and "2025" not in text  # the charts are the documents'


@pytest.mark.parametrize("name", list(formats.FORMATS))
def test_every_format_renders_every_block(name: str) -> None:
    from nextgen_tui.report.as_pdf import chromium

    if name == "pdf" and chromium() is None:
        pytest.skip("PDF is printed by Chromium (.ci/run installs it)")
    rendered = formats.FORMATS[name].render(every_block())
    if name == "markdown":
        assert isinstance(rendered, str)
        assert r"\<script\>x\</script\> \[bold\]b\[/bold\] \*em\* \| pipe \# =1+1" in rendered
        assert "| Role | Score |" in rendered  # the bar's column is the terminal's
        assert "| # | Answer | Statement |" in rendered
        assert "| 1 | ✓ Yes **⚑ flagged** | Statement<br>**✎** *" in rendered
        assert "| 1.1 Question | one<br>two | — |" in rendered
    elif name == "html":
        assert isinstance(rendered, str)
        assert "<script>" not in rendered and "&lt;script&gt;x&lt;/script&gt;" in rendered
        assert '<tr class="group"><th colspan="3">' in rendered
        assert rendered.count('<svg class="bar"') == 2 and "<polyline" in rendered  # bars, lines
        assert ">1 One</tspan>" in rendered and ">3 Three</tspan>" in rendered  # axes named
        assert 'answer heat-unanswered"' in rendered  # a file's answer, shaded
        dots = rendered[rendered.index("a dot each") - 3000 : rendered.index("a dot each")]
        assert ">Agency B</text>" in dots and ">Role one</text>" in dots  # the groups, named
    elif name == "csv":
        assert isinstance(rendered, str)
        rows = list(csv.reader(io.StringIO(rendered)))
        assert rows[1] == ["'=1+1", "-5"]  # typed text is guarded; our own figures are not
    elif name == "json":
        assert isinstance(rendered, str)
        assert json.loads(rendered)["said"].startswith(HOSTILE) and "\x9b" not in rendered
    elif name == "xlsx":
        import openpyxl

        assert isinstance(rendered, bytes)
        sheet = openpyxl.load_workbook(io.BytesIO(rendered))["Rows"]
        assert [c.value for c in sheet[1]] == ["name", "note"]
        typed = sheet["A2"]
        assert typed.value == "=1+1" and typed.data_type == "s"  # text, never a formula
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:B3"
    elif name == "pdf":
        assert isinstance(rendered, bytes) and rendered.startswith(b"%PDF")
    elif name == "docx":
        assert isinstance(rendered, bytes)
        xml = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml").decode()
        assert "&lt;script&gt;x&lt;/script&gt;" in xml and "Made with nextgen-tui." in xml


def test_each_format_is_named_once_and_found_by_its_extension(tmp_path) -> None:
    assert formats.NAMES == ("text", "markdown", "csv", "json", "html", "docx", "xlsx", "pdf")
    for name, chosen in formats.FORMATS.items():
        assert chosen.name == name
        assert formats.format_of(tmp_path / f"r{chosen.suffix.upper()}") == name
    assert formats.format_of(tmp_path / "r.txt") == "text"


def test_the_trend_lines_are_named_at_their_ends_without_one_label_over_another() -> None:
    """Seven roles and the overall, all ending on the same score: each line's name at its end,
    none over another, all inside the drawing; the lines in colours and markers of their own."""
    import re

    from nextgen_tui.report import as_html

    names = [f"Role number {n}" for n in range(1, 8)] + ["Overall"]
    chart = LineChart(
        names=("2025", "2026"),
        lines=tuple((name, (10.0 * index, 50.0)) for index, name in enumerate(names)),
    )
    page = as_html.render(Document(title="t", blocks=[chart]))
    svg = page[page.index("<svg") : page.index("</svg>")]
    height = float(re.search(r'viewBox="0 0 \d+ ([\d.]+)"', svg).group(1))
    labels = {
        name: float(y)
        for y, name in re.findall(
            r'<text x="440.0" y="([\d.]+)" font-size="11"[^>]*>([^<]+)</text>', svg
        )
    }
    assert sorted(labels) == sorted(names)
    ys = sorted(labels.values())
    assert all(b - a >= 12 for a, b in pairwise(ys)), ys  # 11 px text
    assert ys[0] >= 11 and ys[-1] <= height
    assert len(set(re.findall(r'<polyline [^>]*stroke="(#[0-9A-Fa-f]{6})"', svg))) == 8


def test_a_workbook_without_openpyxl_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from nextgen_tui.core.errors import NeedsExtra

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as when it is not installed
    with pytest.raises(NeedsExtra, match=r"pip install 'nextgen-tui\[xlsx\]'"):
        formats.FORMATS["xlsx"].render(every_block())
