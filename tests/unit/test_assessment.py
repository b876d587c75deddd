"""The answers file: format, lossless round trip, atomic saves and file modes."""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nextgen_tui.core import answers_file, storage
from nextgen_tui.core.assessment import Assessment, Details, Entry
from nextgen_tui.core.errors import SaveError
from nextgen_tui.core.instrument import Instrument

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_new_file_format(instrument: Instrument, tmp_path: Path) -> None:
    document = Assessment.new(instrument)
    document.details.state = "Colorado"
    document.details.respondent = "Workforce team"
    document.set_answer("policy-alignment", "shared-policy-agenda", "partially")
    document.set_answer("shared-vision", "common-vision", "yes")
    document.set_note("shared-vision", "common-vision", "Adopted in May.\nSee minutes.")
    document.set_flag("feedback-loop", "partnership-network", True)
    path = tmp_path / "a.toml"
    answers_file.save(path, document, instrument, now=NOW)
    text = path.read_text()
    assert text.startswith(
        "# nextgen-tui answers file: State Strategy Framework & Self Assessment\n"
    )
    assert "# framework nextgen-state-strategy, version 2020.1." in text
    data = tomllib.loads(text)
    assert data["framework"] == "nextgen-state-strategy"
    assert data["metadata"] == {
        "state": "Colorado",
        "respondent": "Workforce team",
        "created": NOW,
        "updated": NOW,
    }
    # grouped by role, in instrument order, whatever order they were answered in
    assert list(data["answers"]) == ["shared-vision", "policy-alignment", "feedback-loop"]
    assert data["answers"]["shared-vision"]["common-vision"] == {
        "answer": "yes",
        "note": "Adopted in May.\nSee minutes.",
    }
    assert data["answers"]["feedback-loop"]["partnership-network"] == {"flagged": True}
    assert '[answers.shared-vision.common-vision]\nanswer = "yes"' in text


def test_unanswered_is_absent_never_no(instrument: Instrument) -> None:
    document = Assessment.new(instrument)
    document.set_answer("shared-vision", "common-vision", "no")
    document.set_answer("shared-vision", "common-vision", None)
    assert document.answers == {}
    assert "answers" not in tomllib.loads(answers_file.dumps(document, instrument))


def test_unknown_statements_are_kept_and_reported(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    path.write_text(
        'framework = "nextgen-state-strategy"\nframework_version = "2019"\n'
        '[answers.shared-vision.retired-statement]\nanswer = "yes"\n'
        '[answers.shared-vision.common-vision]\nanswer = "no"\n'
    )
    document = answers_file.load(path, instrument)
    assert document.unknown_statements(instrument) == ["shared-vision.retired-statement"]
    warnings = document.warnings(instrument)
    assert any("version 2019" in w for w in warnings)
    assert any("shared-vision.retired-statement" in w for w in warnings)
    answers_file.save(path, document, instrument, now=NOW)
    again = tomllib.loads(path.read_text())
    assert again["answers"]["shared-vision"]["retired-statement"] == {"answer": "yes"}
    assert list(again["answers"]["shared-vision"]) == ["common-vision", "retired-statement"]


slugs = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
notes = (
    st.text(max_size=300)
    | st.text(alphabet="\"'\\\n\r\t[]{}=#", max_size=50)
    | st.just("x" * 20_000)
)
entries = st.builds(
    Entry,
    answer=st.sampled_from([None, "yes", "no", "partially"]),
    note=notes,
    flagged=st.booleans(),
).filter(lambda e: not e.is_empty)
times = st.none() | st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda t: t.replace(microsecond=0))
documents = st.builds(
    Assessment,
    framework=slugs,  # (the file's keys, as metadata)
    framework_version=notes,
    metadata=st.builds(Details, state=notes, respondent=notes, created=times, updated=times),
    answers=st.dictionaries(
        slugs, st.dictionaries(slugs, entries, min_size=1, max_size=4), max_size=5
    ),
)


@settings(max_examples=150, deadline=None)
@given(document=documents)
def test_round_trip_is_lossless(document: Assessment, instrument: Instrument) -> None:
    text = answers_file.dumps(document, instrument)
    loaded = answers_file.parse(tomllib.loads(text), Path("x.toml"))
    assert loaded == document
    assert answers_file.dumps(loaded, instrument) == text


def test_load_save_load(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    document = Assessment.new(instrument)
    document.set_note(
        "shared-vision", "common-vision", 'Quotes " and \'\'\' and """ and \\ and ünïcødé ✓'
    )
    answers_file.save(path, document, instrument, now=NOW)
    first = answers_file.load(path, instrument)
    answers_file.save(path, first, instrument, now=NOW)
    assert answers_file.load(path, instrument) == first == document


def test_new_file_is_private(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    answers_file.save(path, Assessment.new(instrument), instrument)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_existing_file_keeps_its_mode(instrument: Instrument, tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("# placeholder\n")
    path.chmod(0o644)
    answers_file.save(path, Assessment.new(instrument), instrument)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert "framework" in path.read_text()


def test_failure_in_the_middle_of_a_save_leaves_the_old_file(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.toml"
    document = Assessment.new(instrument)
    document.set_answer("shared-vision", "common-vision", "yes")
    answers_file.save(path, document, instrument, now=NOW)
    old = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", broken_fsync)
    document.set_answer("shared-vision", "common-vision", "no")
    with pytest.raises(SaveError, match="no space left"):
        answers_file.save(path, document, instrument, now=NOW)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]  # no temporary file left


def test_failed_replace_leaves_the_old_file(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.toml"
    path.write_text("old content\n")

    def broken_replace(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(storage.os, "replace", broken_replace)
    with pytest.raises(SaveError, match="permission denied"):
        answers_file.save(path, Assessment.new(instrument), instrument)
    assert path.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_save_through_a_symbolic_link(instrument: Instrument, tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text("")
    target.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    answers_file.save(link, Assessment.new(instrument), instrument)
    assert link.is_symlink()
    assert "framework" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_directory_in_the_way(instrument: Instrument, tmp_path: Path) -> None:
    (tmp_path / "a.toml").mkdir()
    with pytest.raises(SaveError, match="directory"):
        answers_file.save(tmp_path / "a.toml", Assessment.new(instrument), instrument)


def test_read_only_folder(
    instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SaveError, match=f"cannot write in {tmp_path}: permission denied"):
        answers_file.save(tmp_path / "a.toml", Assessment.new(instrument), instrument)
    assert not os.listdir(tmp_path)
