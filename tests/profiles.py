"""Two filled Partnership Benchmark Profiles, of two regions: for the tests of every front-end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)

NORTH: dict[tuple[str, str], dict[str, Any]] = {
    ("partnership", "name"): {"text": "NoCo Manufacturing Partnership"},
    ("partnership", "region"): {"text": "Larimer and Weld counties"},
    ("partnership", "state"): {"text": "Colorado"},
    ("partnership", "sector"): {"choice": "manufacturing"},
    ("partnership", "launched"): {"number": 2014},
    ("partnership", "convener"): {"text": "Larimer County Workforce Center"},
    ("partnership", "businesses"): {"number": 120, "as_of": dt.date(2025, 12, 31)},
    ("partnership", "public-partners"): {
        "choices": ["workforce-board", "community-college", "economic-development"]
    },
    ("motivations", "why"): {
        "text": "Plants could not hire machinists.\nSchools did not know what plants needed."
    },
    ("motivations", "triggers"): {"choices": ["worker-shortage", "skills-gap"]},
    ("mechanisms", "how"): {"text": "Business-led working groups: talent, image, supply chain."},
    ("mechanisms", "meets"): {"choice": "quarterly"},
    ("moments", "moments"): {
        "items": [
            {
                "when": dt.date(2016, 5, 1),
                "what": "Launched the careers website",
                "why": "Students and parents saw the jobs.",
            }
        ]
    },
    ("results", "metrics"): {
        "items": [
            {
                "metric": "Youth touched by tours",
                "value": 3400,
                "unit": "students",
                "as_of": dt.date(2025, 6, 30),
                "source": "Partnership annual report",
            },
            {"metric": "Apprentices hired", "value": 85, "unit": "people"},
        ]
    },
    ("results", "beyond-numbers"): {"text": "Competitors now share training."},
    ("ingredients", "ingredients"): {
        "choices": ["business-led", "neutral-convener", "staff"],
    },
    ("ingredients", "most"): {"text": "Business leading from the center."},
    ("future", "plans"): {"text": "A second sector: healthcare."},
    ("future", "next-review"): {"date": dt.date(2027, 5, 1)},
}

SOUTH: dict[tuple[str, str], dict[str, Any]] = {
    ("partnership", "name"): {"text": "Pueblo Healthcare Partnership"},
    ("partnership", "region"): {"text": "Pueblo county"},
    ("partnership", "state"): {"text": "Colorado"},
    ("partnership", "sector"): {"choice": "other", "other": "Behavioral health"},
    ("partnership", "launched"): {"number": 2019},
    ("partnership", "convener"): {"text": "Pueblo Community College"},
    ("partnership", "businesses"): {"number": 14, "as_of": dt.date(2026, 3, 31)},
    ("partnership", "public-partners"): {"choices": ["community-college", "k12"]},
    ("motivations", "why"): {"text": "Hospitals lost nurses to Denver."},
    ("mechanisms", "how"): {"text": "A steering committee of hospital CEOs."},
    ("mechanisms", "meets"): {"choice": "monthly"},
    ("results", "metrics"): {
        "items": [{"metric": "Nurses retained", "value": 40, "unit": "people"}]
    },
    ("ingredients", "ingredients"): {"choices": ["business-led", "funding"], "other": ""},
    ("ingredients", "most"): {"text": "A grant that paid for a coordinator."},
    ("future", "plans"): {"text": "Add rural clinics."},
}


def profile(
    instrument: Instrument, answers: dict[tuple[str, str], dict[str, Any]], **details: str
) -> Assessment:
    document = Assessment.new(instrument)
    for key, value in details.items():
        setattr(document.details, key, value)
    for (role_id, question_id), typed in answers.items():
        document.set_typed(role_id, question_id, typed)
    return document


def write_profile(
    instrument: Instrument,
    path: Path,
    answers: dict[tuple[str, str], dict[str, Any]] = NORTH,
    **details: str,
) -> Path:
    answers_file.save(path, profile(instrument, answers, **details), instrument, now=NOW)
    return path
