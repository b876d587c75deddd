"""A report written to a file: the questionnaire's export (beside the answers file, under a
fixed name) and the command line's ``-o`` write through here, so both write the same bytes the
same safe way."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..core.assessment import Assessment
from ..core.instrument import Instrument
from ..core.storage import atomic_write
from . import formats
from .model import NamedAssessment, build_plan, build_review


def write(target: Path, rendered: str | bytes) -> None:
    """Write a rendered report atomically (a reader never sees half of it); raises
    :class:`~nextgen_tui.core.errors.SaveError`."""
    atomic_write(target, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))


def export_beside(
    instrument: Instrument,
    path: Path,
    assessment: Assessment,
    name: str,
    report: Literal["review", "plan"] = "review",
) -> Path:
    """Write the review (or the plan) of the answers file at ``path`` beside it in the format
    ``name``, as ``review -o`` (``plan -o``) would, under a fixed name: ``STEM-report.EXT``
    (``STEM-plan.EXT``); the path written. Raises ``SaveError``, or ``NeedsExtra`` for a format
    whose library is not installed."""
    loaded = NamedAssessment(path, assessment, path.stem)
    suffix = formats.FORMATS[name].suffix
    if report == "plan":
        target = path.with_name(f"{path.stem}-plan{suffix}")
        rendered = formats.plan_text(build_plan(instrument, loaded), name)
    else:
        target = path.with_name(f"{path.stem}-report{suffix}")
        rendered = formats.review_text(build_review(instrument, loaded), name)
    write(target, rendered)
    return target
