"""A report written to a file: the questionnaire's export (beside the answers file, under a
fixed name) and the command line's ``-o`` write through here, so both write the same bytes the
same safe way."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from ..core.assessment import Assessment
from ..core.instrument import Instrument
from ..core.storage import atomic_write
from . import formats, plan, review
from .named_assessment import NamedAssessment


def write(target: Path, rendered: str | bytes) -> None:
    """Write a rendered report atomically (a reader never sees half of it), readable as the umask
    has new files made (answers files stay private); raises
    :class:`~nextgen_tui.core.errors.SaveError`."""
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    atomic_write(target, data, private=False)  # a report follows the umask: it is to be shared


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
    chosen = formats.FORMATS[name]
    if report == "plan":
        target = path.with_name(f"{path.stem}-plan{chosen.suffix}")
        document = plan.document(plan.build_plan(instrument, loaded))
    else:
        target = path.with_name(f"{path.stem}-report{chosen.suffix}")
        document = review.document(review.build_review(instrument, loaded))
    write(target, chosen.render(document))
    return target
