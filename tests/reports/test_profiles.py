"""Profiles in every report: review, compare side by side (text and HTML, and the other
formats), merge, a new cycle; text from the files always inert."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.profiles import NORTH, SOUTH, write_profile
from tests.reports.test_html import EVIL, _inert


def _clean(page: str) -> None:
    """A self-contained page: no script, no other host, no control character."""
    assert "<script" not in page.lower() and "\x1b" not in page and "src=" not in page


@pytest.fixture
def two(profile: Instrument, tmp_path: Path) -> tuple[Path, Path]:
    north = write_profile(profile, tmp_path / "north.toml", NORTH, respondent="Ana Ruiz")
    south = write_profile(profile, tmp_path / "south.toml", SOUTH, respondent="Ben Ode")
    return north, south


def out_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_compare_two_profiles_in_text(two: tuple[Path, Path], capsys) -> None:
    out = out_of(["compare", *map(str, two)], capsys)
    assert out.startswith("Partnership Benchmark Profile: 2 profiles side by side\n")
    assert "Score" not in out and "Level" not in out  # a profile is not an evaluation
    # the numbers first, question by question, each profile's value under it: nothing cut or
    # split into pages at 80 columns (issue 27, item 13)
    numbers = out.split("Numbers\n", 1)[1].split("\nThe partnership\n", 1)[0]
    assert "NoCo Manufacturing Partnership" in numbers and "Pueblo" in numbers
    assert "1.7 Businesses engaged" in numbers
    assert "120 businesses (as of 2025-12-31)" in numbers
    assert "14 businesses (as of 2026-03-31)" in numbers
    # ...and the metrics in a list's items (issue 27, item 13), in the table, not only below
    flat_numbers = " ".join(numbers.split())
    assert "Youth touched by tours" in flat_numbers and "Nurses retained" in flat_numbers
    assert "Partnership annual report" in flat_numbers and "…" not in numbers
    # heading by heading, each region's answer under each question
    ingredients = out.split("Major ingredients for success\n", 1)[1].split("\n\n", 1)[0]
    assert "6.1 Which ingredients were there ≠" in ingredients
    assert (
        "Pueblo Healthcare Partnership: Business leading from the center; Sustained funding"
        in " ".join(ingredients.split())  # (wrapped at 80 columns under itself)
    )
    assert "6.3 What was hard, and how it was overcome\n  NoCo Manufacturing Partnership:  —" in out
    sector = out.split("1.4 The industry sector", 1)[1]
    assert sector.split("\n")[2] == "  Pueblo Healthcare Partnership:   Other: Behavioral health"
    # several lines of an answer stay lines
    assert "Plants could not hire machinists.\n" + " " * 35 + "Schools did not know" in out
    # a profile goes by the partnership's name (the answer named_by names), not its respondent
    head = out.splitlines()
    assert head[0] == "Partnership Benchmark Profile: 2 profiles side by side"
    assert head[1].startswith("NoCo Manufacturing Partnership: ")  # (the path may wrap)


def test_compare_two_profiles_in_html(two: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "profiles.html"
    assert main(["compare", *map(str, two), "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    _clean(page)
    assert "<h1>Partnership Benchmark Profile: 2 profiles side by side</h1>" in page
    assert "<h2>Numbers</h2>" in page and "<h2>Plans for the future</h2>" in page
    assert "<th>NoCo Manufacturing Partnership</th><th>Pueblo Healthcare Partnership</th>" in page
    row = page.split("6.1 Which ingredients were there")[1].split("</tr>")[0]
    assert "Business leading from the center; Sustained funding" in row
    assert "Plants could not hire machinists.<br>Schools did not know" in page
    assert "maturity levels" not in page


def test_compare_in_every_other_format(two: tuple[Path, Path], capsys, tmp_path: Path) -> None:
    markdown = out_of(["compare", *map(str, two), "--format", "markdown"], capsys)
    assert "| 1.7 Businesses engaged ≠ | 120 businesses (as of 2025-12-31) |" in markdown
    rows = out_of(["compare", *map(str, two), "--format", "csv"], capsys).splitlines()
    assert rows[0] == "section,number,question_id,question,type,file,answer"
    assert (
        'Measurable results,5.1,metrics,"Its results, one metric each",group,'
        "Pueblo Healthcare Partnership,Nurses retained · 40 · people" in rows
    )
    data = json.loads(out_of(["compare", *map(str, two), "--format", "json"], capsys))
    businesses = next(q for q in data["questions"] if q["id"] == "businesses")
    assert businesses["answers"]["NoCo Manufacturing Partnership"]["value"] == {
        "number": 120,
        "as_of": "2025-12-31",
    }
    assert main(["compare", *map(str, two), "-o", str(tmp_path / "p.docx")]) == 0
    differing = out_of(["compare", *map(str, two), "--differences"], capsys)
    assert "1.3 The state" not in differing and "1.1 The partnership's name" in differing


def test_review_of_a_profile_shows_each_answer_and_no_scores(two, capsys) -> None:
    out = out_of(["review", str(two[1])], capsys)
    assert "Filled in, by section" in out and "Gaps" not in out and "Scores" not in out
    assert "  Ingredients" in out and "2/3  1 left\n" in out
    assert "Overall        ████████████░░░░   15/20  5 left, 1 required" in out
    assert " 1  ● Answered    Its results, one metric each\n" in out
    assert "Nurses retained · 40 · people" in out
    assert "· Unanswered  What set it off" in out
    markdown = out_of(["review", str(two[1]), "--format", "markdown"], capsys)
    assert "| Moments | 0/1 | 1 left, 1 required |" in markdown
    page = Path(two[1]).with_suffix(".html")
    assert main(["review", str(two[1]), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    _clean(html)
    assert "Filled in, by section" in html and "<h2>Gaps</h2>" not in html


def test_merge_keeps_every_authors_text_and_disputes_numbers(
    profile: Instrument, tmp_path: Path, capsys
) -> None:
    ana = write_profile(profile, tmp_path / "ana.toml", NORTH, respondent="Ana Ruiz")
    ben_answers = {
        **NORTH,
        ("motivations", "why"): {"text": "A plant closed and 300 people needed work."},
        ("partnership", "businesses"): {"number": 95, "as_of": dt.date(2026, 1, 31)},
        ("partnership", "launched"): {"number": 2014, "as_of": dt.date(2020, 1, 1)},
        ("results", "metrics"): {"items": [{"metric": "Plants on tours", "value": 12}]},
    }
    ben = write_profile(profile, tmp_path / "ben.toml", ben_answers, respondent="Ben Ode")
    team_path = tmp_path / "team.toml"
    assert main(["merge", str(ana), str(ben), "-o", str(team_path)]) == 0
    team = answers_file.load(team_path, profile)
    why = team.entry("motivations", "why")
    assert why.text == "" and not why.disputed  # free text is not outvoted: composed later
    assert [(m.name, m.text) for m in why.members] == [
        ("Ana Ruiz", NORTH[("motivations", "why")]["text"]),
        ("Ben Ode", "A plant closed and 300 people needed work."),
    ]
    businesses = team.entry("partnership", "businesses")
    assert businesses.disputed and businesses.number is None  # 120 against 95
    launched = team.entry("partnership", "launched")  # the same year, as of another day
    assert launched.number == 2014 and not launched.was_disputed
    assert team.entry("partnership", "name").text == "NoCo Manufacturing Partnership"
    metrics = team.entry("results", "metrics").items  # everyone's items, once each
    assert [m["metric"] for m in metrics] == [
        "Youth touched by tours",
        "Apprentices hired",
        "Plants on tours",
    ]
    # the team answers the dispute: it is settled
    team.set_typed("partnership", "businesses", {"number": 120})
    assert not team.entry("partnership", "businesses").disputed
    out = out_of(["review", str(team_path)], capsys)
    assert "Ana Ruiz" in out


def test_a_new_cycle_carries_profile_answers_to_confirm(
    two: tuple[Path, Path], profile: Instrument, tmp_path: Path
) -> None:
    later = tmp_path / "north-2027.toml"
    assert main(["new", "--from", str(two[0]), str(later)]) == 0
    carried = answers_file.load(later, profile).entry("partnership", "businesses")
    assert carried.number == 120 and carried.to_confirm


def test_hostile_text_in_answers_is_inert(profile: Instrument, tmp_path: Path, capsys) -> None:
    evil = {
        ("partnership", "name"): {"text": EVIL.replace("\n", " ")},
        ("motivations", "why"): {"text": EVIL},
        ("results", "metrics"): {"items": [{"metric": EVIL, "unit": EVIL}]},
        ("partnership", "sector"): {"choice": "other", "other": EVIL},
    }
    one = write_profile(profile, tmp_path / "one.toml", evil, respondent=EVIL)
    two = write_profile(profile, tmp_path / "two.toml", SOUTH, respondent="Ben")
    for argv in (["compare", str(one), str(two)], ["review", str(one)]):
        target = tmp_path / "x.html"
        assert main([*argv, "-o", str(target)]) == 0
        _inert(target.read_text(encoding="utf-8"))
        text = out_of(argv, capsys)
        assert "\x1b" not in text and "\x07" not in text


def test_trend_of_profiles_says_there_are_no_scores(two: tuple[Path, Path], capsys) -> None:
    assert main(["trend", *map(str, two)]) == 2
    assert "has none: compare the cycles side by side" in capsys.readouterr().err


def test_diff_of_two_versions_of_a_profile_says_each_typed_answer(
    two: tuple[Path, Path], profile: Instrument, tmp_path: Path, capsys
) -> None:
    """A profile's text, numbers and items, before and after, in the report's words; in HTML
    a typed text is data, escaped."""
    from nextgen_tui.core import answers_file

    north = answers_file.load(two[0], profile)
    later = north.model_copy(deep=True)
    later.set_typed("partnership", "name", {"text": "Northern <b>Colorado</b> Makers"})
    later.set_typed("partnership", "businesses", {"number": 135, "as_of": dt.date(2026, 6, 30)})
    path = tmp_path / "north-later.toml"
    answers_file.save(path, later, profile)
    assert main(["diff", str(two[0]), str(path), "--format", "json"]) == 1
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert [(c["where"], c["what"], c["before"], c["after"]) for c in changes] == [
        ("1.1", "answer", "NoCo Manufacturing Partnership", "Northern <b>Colorado</b> Makers"),
        (
            "1.7",
            "answer",
            "120 businesses (as of 2025-12-31)",
            "135 businesses (as of 2026-06-30)",
        ),
    ]
    assert main(["diff", str(two[0]), str(path)]) == 1
    assert "1.7 Businesses engaged" in capsys.readouterr().out  # (the question's own words)
    assert main(["diff", str(two[0]), str(path), "--format", "html"]) == 1
    html = capsys.readouterr().out
    assert "Northern &lt;b&gt;Colorado&lt;/b&gt; Makers" in html and "<b>Colorado" not in html
