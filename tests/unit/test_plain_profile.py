"""Plain mode fills in the Partnership Benchmark Profile from piped input: a prompt for each
question type."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument

#: Every question of the profile in order, answered as a person would type them.
WHOLE_PROFILE = [
    # the partnership
    "NoCo Manufacturing Partnership",
    "Larimer and Weld counties",
    "Colorado",
    "9",  # sector: Other…
    "Bioscience",  # …what
    "2014",  # launched: a year, only the number (no unit, no as of, issue 27 item 13)
    "Larimer County Workforce Center",
    "not a number",  # asked again
    "120",  # businesses (the unit is fixed)
    "2025-12-31",
    "1 2 4",  # public partners
    # motivations
    "Plants could not hire machinists.",
    "Schools did not know what plants needed.",
    "",  # a blank line ends a long text
    "1, 4",
    # mechanisms
    "Business-led working groups.",
    "",
    "2",  # quarterly
    # moments: one item, field by field, then Enter on the first field ends the list
    "2016-05-01",
    "Launched the careers website",
    "Students saw the jobs.",
    "",
    # results: two metrics, the second without a source
    "Youth touched by tours",
    "3400",
    "students",
    "2025-06-30",
    "Annual report",
    "Apprentices hired",
    "85",
    "people",
    "",
    "",
    "",
    "Competitors now share training.",
    "",
    # ingredients
    "1 2 5",
    "Business leading from the center.",
    "",
    "Keeping small firms at the table.",
    "",
    # plans
    "A second sector: healthcare.",
    "",
    "next May",  # asked again
    "2027-05-01",
]


def test_a_whole_profile_from_piped_input(
    tmp_path: Path, profile: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "noco.toml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(WHOLE_PROFILE) + "\n"))
    code = main(["--instrument", "benchmark-profile", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    document = answers_file.load(path, profile)

    def entry(role_id: str, question_id: str) -> answers_file.Entry:
        found = document.entry(role_id, question_id)
        assert found is not None, f"{role_id}.{question_id} not answered"
        return found

    assert entry("partnership", "name").text == "NoCo Manufacturing Partnership"
    assert (entry("partnership", "sector").choice, entry("partnership", "sector").other) == (
        "other",
        "Bioscience",
    )
    launched = entry("partnership", "launched")
    assert (launched.number, launched.unit, launched.as_of) == (2014, "", None)
    businesses = entry("partnership", "businesses")
    assert (businesses.number, businesses.as_of) == (120, dt.date(2025, 12, 31))
    assert entry("partnership", "public-partners").choices == [
        "workforce-board",
        "community-college",
        "economic-development",
    ]
    assert entry("motivations", "why").text == (
        "Plants could not hire machinists.\nSchools did not know what plants needed."
    )
    assert entry("motivations", "triggers").choices == ["worker-shortage", "skills-gap"]
    assert entry("mechanisms", "meets").choice == "quarterly"
    assert entry("moments", "moments").items == [
        {
            "when": dt.date(2016, 5, 1),
            "what": "Launched the careers website",
            "why": "Students saw the jobs.",
        }
    ]
    metrics = entry("results", "metrics").items
    assert [m["metric"] for m in metrics] == ["Youth touched by tours", "Apprentices hired"]
    assert metrics[1] == {"metric": "Apprentices hired", "value": 85, "unit": "people"}
    assert entry("ingredients", "ingredients").choices == [
        "business-led",
        "neutral-convener",
        "data",
    ]
    assert entry("future", "next-review").on == dt.date(2027, 5, 1)
    # every question answered; the prompts said what each one wanted
    every = [(r.id, q.id) for r, q in profile.statements()]
    assert all(document.entry(*key) is not None for key in every)
    words = " ".join(out.split())  # (lines wrap at the width)
    assert "Section 1 of 7: The partnership (The partnership)" in out
    assert "Question 4 of 8 (one choice, required):" in out
    assert "  9 Other (say what)" in out
    assert "'not a number' is not a number" in words
    assert "'next May' is not a date" in words
    assert "Item 2: Apprentices hired · 85 · people" in out
    assert "Overall: 20 of 20 answered, done." in out
    assert "\x1b" not in out


def test_enter_keeps_and_a_dash_clears(
    tmp_path: Path, profile: Instrument, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from tests.profiles import write_profile

    path = write_profile(profile, tmp_path / "noco.toml")
    document = answers_file.load(path, profile)
    document.set_typed("partnership", "name", {})  # the walk starts at the first open one
    answers_file.save(path, document, profile)
    # the name; Enter keeps the region; - clears the state; then stop
    monkeypatch.setattr(sys, "stdin", io.StringIO("Renamed\n\n-\nq\n"))
    assert main(["--instrument", "benchmark-profile", str(path)]) == 0
    after = answers_file.load(path, profile)
    assert after.entry("partnership", "name").text == "Renamed"
    assert after.entry("partnership", "region").text == "Larimer and Weld counties"
    assert after.entry("partnership", "state") is None
    out = capsys.readouterr().out
    assert "Answer (Enter keeps it, - clears it) > " in out
