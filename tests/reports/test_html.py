"""The HTML reports: one self-contained file, every text from a file escaped, no other host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Action
from nextgen_tui.core.instrument import Instrument

#: What a hostile note, name or action could hold: tags that would run or close the SVG, and
#: control characters.
EVIL = '<script>alert(1)</script></svg><img src="http://e.vil/x.png"> \x1b[31mred\x07'


@pytest.fixture
def hostile(instrument: Instrument, tmp_path: Path) -> Path:
    team = answers_file.Assessment.new(instrument)
    team.details.state, team.details.respondent = "Colorado", EVIL
    team.set_answer("shared-vision", "common-vision", "partially")
    team.set_note("shared-vision", "common-vision", EVIL)
    team.set_actions("shared-vision", "common-vision", [Action(text=EVIL, owner=EVIL)])
    team.set_target("shared-vision", "Leading")
    path = tmp_path / "hostile.toml"
    answers_file.save(path, team, instrument)
    return path


def _html(argv: list[str], tmp_path: Path) -> str:
    out = tmp_path / "report.html"
    assert main([*argv, "-o", str(out)]) == 0  # the extension asks for HTML
    return out.read_text(encoding="utf-8")


def _inert(page: str) -> None:
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;" in page  # shown, as text
    assert "\x1b" not in page and "\x07" not in page
    # nothing from another host: no link, source or stylesheet outside the file
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page


def test_review_html_escapes_everything_from_the_file(hostile: Path, tmp_path: Path) -> None:
    page = _html(["review", str(hostile)], tmp_path)
    _inert(page)
    assert page.count("<svg") >= 8  # a bar per role and the radar
    assert "Shared Vision &amp; Strategy" in page
    targets = page.split("<h2>Targets: roles below theirs first</h2>", 1)[1].split("</table>")[0]
    assert ">Leading</td>" in targets


def test_compare_plan_and_trend_html_escape_too(
    hostile: Path, tmp_path: Path, instrument: Instrument
) -> None:
    other = tmp_path / "other.toml"
    later = answers_file.load(hostile, instrument)
    later.set_answer("shared-vision", "common-vision", "no")  # a move, with the note behind it
    answers_file.save(other, later, instrument)
    for argv in (
        ["compare", str(hostile), str(other), "--notes"],
        ["plan", str(hostile)],
        ["trend", str(hostile), str(other)],
    ):
        page = _html(argv, tmp_path)
        _inert(page)
        assert page.startswith("<!doctype html>")


def test_the_report_format_follows_the_extension(hostile: Path, tmp_path: Path, capsys) -> None:
    for extension, start in ((".html", "<!doctype html>"), (".md", "# "), (".json", "{")):
        out = tmp_path / f"report{extension}"
        assert main(["review", str(hostile), "-o", str(out)]) == 0  # no --format: the extension
        assert out.read_text(encoding="utf-8").startswith(start), extension
    assert capsys.readouterr().out == ""  # (written to the file, nothing to the terminal)


def test_format_html_prints_the_page(hostile: Path, capsys) -> None:
    assert main(["review", str(hostile), "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!doctype html>")


# -- Word -------------------------------------------------------------------------------------


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_every_report_as_word_with_hostile_text_as_text(
    hostile: Path, tmp_path: Path, instrument: Instrument
) -> None:
    other = tmp_path / "other.toml"
    later = answers_file.load(hostile, instrument)
    later.set_answer("shared-vision", "common-vision", "no")
    answers_file.save(other, later, instrument)
    for argv in (
        ["review", str(hostile)],
        ["compare", str(hostile), str(other), "--notes"],
        ["plan", str(hostile)],
        ["trend", str(hostile), str(other)],
    ):
        out = tmp_path / f"{argv[0]}.docx"
        assert main([*argv, "-o", str(out)]) == 0
        text = _docx_text(out)
        assert "<script>alert(1)</script></svg>" in text, argv[0]  # a tag is only text in Word
        assert "\x1b" not in text and "\x07" not in text
    review = _docx_text(tmp_path / "review.docx")
    for role in instrument.roles:
        assert role.title in review
    assert "Leading" in review and "maturity levels are this tool's reading" in review


def test_word_needs_its_extra_and_a_file(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import sys

    assert main(["review", str(hostile), "--format", "docx"]) == 2
    assert "add -o REPORT.docx" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "docx", None)  # as when python-docx is not installed
    assert main(["review", str(hostile), "-o", str(tmp_path / "r.docx")]) == 2
    assert "pip install 'nextgen-tui[docx]'" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()
