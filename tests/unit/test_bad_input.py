"""Broken instrument and answers files: one clear line naming file and place, exit 2, no change."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from nextgen_tui.cli import main
from tests.conftest import ROOT

GOOD_INSTRUMENT = (ROOT / "framework.toml").read_text(encoding="utf-8")

GOOD_ANSWERS = """\
framework = "nextgen-state-strategy"
framework_version = "2020.1"

[answers.shared-vision.common-vision]
answer = "yes"
"""


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


# (name, file content as bytes, what the message must contain)
INSTRUMENT_CASES = [
    ("malformed TOML", b'id = "x"\ntitle = \n', ["line 2, column", "invalid TOML"]),
    ("empty file", b"", ["empty"]),
    ("non-UTF-8 bytes", GOOD_INSTRUMENT.encode() + b"\n# caf\xe9\n", ["not valid UTF-8", "line"]),
    (
        "wrong type",
        GOOD_INSTRUMENT.replace('version = "2020.1"', "version = 2020").encode(),
        ["version", "must be text in quotes (found 2020)"],
    ),
    (
        "missing field",
        GOOD_INSTRUMENT.replace('id = "peer-learning"\n', "").encode(),
        ["roles[6].statements[2].id", "missing"],
    ),
    (
        "duplicate statement id",
        GOOD_INSTRUMENT.replace('id = "coaching"', 'id = "peer-learning"').encode(),
        ["roles", "peer-learning", "more than once"],
    ),
    (
        "duplicate role id",
        GOOD_INSTRUMENT.replace('id = "feedback-loop"', 'id = "shared-vision"').encode(),
        ["roles", "shared-vision", "more than once"],
    ),
    (
        "levels out of order",
        GOOD_INSTRUMENT.replace("min = 50", "min = 10").encode(),
        ["levels", "ascend"],
    ),
    (
        "scale value out of range",
        GOOD_INSTRUMENT.replace("points = 0.5", "points = 5").encode(),
        ["scale[1].points", "less than or equal to 1"],
    ),
    (
        "empty statement text",
        GOOD_INSTRUMENT.replace(
            'text = "Regional teams have regular opportunities for peer-to-peer learning and '
            'exchange to help strengthen and grow their partnerships."',
            'text = "   "',
        ).encode(),
        ["roles[6].statements[2].text", "must not be empty"],
    ),
    (
        "unknown group",
        GOOD_INSTRUMENT.replace('group = "state-regional"', 'group = "regional"', 1).encode(),
        ["roles[5].group", "unknown group 'regional'"],
    ),
    (
        "misspelt field",
        GOOD_INSTRUMENT.replace("looks_like = [", "look_like = [", 1).encode(),
        ["roles[0].look_like", "unknown field"],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), INSTRUMENT_CASES, ids=[c[0] for c in INSTRUMENT_CASES]
)
def test_broken_instrument(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    expected: list[str],
) -> None:
    path = tmp_path / "framework.toml"
    path.write_bytes(content)
    before = snapshot(tmp_path)
    code, err = run_cli(["validate", str(path)], capsys)
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(f"nextgen-tui: error: {path}: ")
    for fragment in expected:
        assert fragment in err, (name, err)
    assert "Traceback" not in err
    assert snapshot(tmp_path) == before


ANSWER_CASES = [
    ("malformed TOML", b"framework = \n", ["line 1, column", "invalid TOML"]),
    ("empty file", b"", ["empty"]),
    ("non-UTF-8 bytes", b'framework = "\xff"\n', ["not valid UTF-8"]),
    (
        "unknown answer value",
        GOOD_ANSWERS.replace('"yes"', '"maybe"').encode(),
        [
            "answers.shared-vision.common-vision.answer",
            "unknown answer 'maybe'",
            "yes, partially, no",
        ],
    ),
    (
        "wrong type",
        (GOOD_ANSWERS + 'flagged = "very"\n').encode(),
        ["answers.shared-vision.common-vision.flagged", "must be true or false"],
    ),
    (
        "missing field",
        GOOD_ANSWERS.replace('framework = "nextgen-state-strategy"\n', "").encode(),
        ["framework", "missing"],
    ),
    (
        "unknown field",
        (GOOD_ANSWERS + 'colour = "red"\n').encode(),
        ["answers.shared-vision.common-vision.colour", "unknown field"],
    ),
    (
        "duplicate key",
        (GOOD_ANSWERS + 'answer = "no"\n').encode(),
        ["invalid TOML", "line 6"],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), ANSWER_CASES, ids=[c[0] for c in ANSWER_CASES]
)
def test_broken_answers_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    expected: list[str],
) -> None:
    path = tmp_path / "answers.toml"
    path.write_bytes(content)
    before = snapshot(tmp_path)
    code, err = run_cli([str(path)], capsys)
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(f"nextgen-tui: error: {path}: ")
    for fragment in expected:
        assert fragment in err, (name, err)
    assert snapshot(tmp_path) == before


def test_directory_instead_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["validate", str(tmp_path)], capsys)
    assert code == 2 and "is a directory" in err
    code, err = run_cli([str(tmp_path)], capsys)
    assert code == 2 and "is a directory" in err
    assert list(tmp_path.iterdir()) == []


def test_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["validate", str(tmp_path / "nope.toml")], capsys)
    assert code == 2 and "no such instrument file" in err
    code, err = run_cli(
        ["--instrument", str(tmp_path / "nope.toml"), str(tmp_path / "a.toml")], capsys
    )
    assert code == 2 and "no such instrument file" in err
    code, err = run_cli(["--read-only", str(tmp_path / "a.toml")], capsys)
    assert code == 2 and "no such answers file" in err
    code, err = run_cli([str(tmp_path / "no-folder" / "a.toml")], capsys)
    assert code == 2 and "does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(GOOD_ANSWERS)

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    # Tests run as root in CI, where chmod 000 does not stop a read: fail the open itself.
    monkeypatch.setattr(Path, "open", denied)
    code, err = run_cli([str(path)], capsys)
    assert code == 2 and "permission denied" in err


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.toml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, err = run_cli([str(path)], capsys)
    assert code == 2 and "is refused" in err


def test_valid_instrument_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "framework.toml")]) == 0
    out = capsys.readouterr().out
    assert "valid instrument nextgen-state-strategy version 2020.1" in out
    assert "7 roles in 2 groups, 20 statements" in out
    assert "Partially [p] = 0.5" in out
    assert re.search(
        r"feedback-loop +2 statements  State/Regional Feedback Loop & Shared Learning", out
    )


# -- files written by hand ---------------------------------------------------------------------


def test_answer_words_in_any_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.instrument import load_instrument

    path = tmp_path / "answers.toml"
    path.write_text(
        GOOD_ANSWERS.replace('"yes"', '"Yes"')
        + '\n[answers.shared-vision.multi-agency-team]\nanswer = " PARTIALLY "\n'
    )
    document = answers_file.load(path, load_instrument(None))
    assert document.answer("shared-vision", "common-vision") == "yes"
    assert document.answer("shared-vision", "multi-agency-team") == "partially"


@pytest.mark.parametrize("value", ['"off"', '"no"', '"true"', "0", "1"])
def test_flags_are_only_true_or_false(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(GOOD_ANSWERS + f"flagged = {value}\n")
    code, err = run_cli(["review", str(path)], capsys)
    assert code == 2 and "flagged: must be true or false (without quotes)" in err


def test_every_problem_is_listed_in_words_for_a_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.toml"
    path.write_text(
        "framework_version = 3\n"
        "[metadata]\nstate = 7\ncolour = 'red'\n"
        '[answers.shared-vision.common-vision]\nanswer = "Not Sure"\nflagged = "off"\n'
    )
    code, err = run_cli(["review", str(path)], capsys)
    lines = err.splitlines()
    assert code == 2 and len(lines) == 6, err
    assert all(line.startswith(f"nextgen-tui: error: {path}: ") for line in lines)
    for fragment in [
        "framework: this required field is missing; add it",
        "framework_version: must be text in quotes (found 3)",
        "metadata.state: must be text in quotes (found 7)",
        "metadata.colour: unknown field; remove it or check its spelling",
        "answers.shared-vision.common-vision.answer: must be an id: lower-case letters",
        "answers.shared-vision.common-vision.flagged: must be true or false",
    ]:
        assert fragment in err, fragment
    assert "pattern" not in err and "^[" not in err and "validation error" not in err


def test_more_than_ten_problems_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.toml"
    tables = "".join(f'[answers.shared-vision.s{n}]\nflagged = "x"\n' for n in range(14))
    path.write_text('framework = "nextgen-state-strategy"\n' + tables)
    code, err = run_cli(["review", str(path)], capsys)
    lines = err.splitlines()
    assert code == 2 and len(lines) == 11 and lines[-1].endswith(": and 4 more problems")


def test_a_missing_instrument_version_is_taken_from_the_instrument(tmp_path: Path) -> None:
    from nextgen_tui.core.session import open_session

    path = tmp_path / "answers.toml"
    path.write_text(GOOD_ANSWERS.replace('framework_version = "2020.1"\n', ""))
    session = open_session(path)
    try:
        assert any("framework_version is missing: taken as 2020.1" in w for w in session.warnings)
        assert session.set_answer("shared-vision", "multi-agency-team", "no")
    finally:
        session.close()
    assert 'framework_version = "2020.1"' in path.read_text()


def test_a_mistyped_statement_id_gets_a_suggestion(tmp_path: Path) -> None:
    from nextgen_tui.core.session import open_session

    path = tmp_path / "answers.toml"
    path.write_text(GOOD_ANSWERS.replace("common-vision", "comon-vison"))
    session = open_session(path, read_only=True)
    assert any(
        "shared-vision.comon-vison (did you mean shared-vision.common-vision?)" in w
        for w in session.warnings
    ), session.warnings


def test_typed_comments_are_kept_aside_at_the_first_save(tmp_path: Path) -> None:
    from nextgen_tui.core.session import open_session

    path = tmp_path / "answers.toml"
    original = (
        "# Ana's answers, reviewed with Ben\n"
        + GOOD_ANSWERS.replace('answer = "yes"', 'answer = "yes"  # we argued about this')
        + '# agreed on 11/20\nnote = """a # in a note is text"""\n'
    )
    path.write_text(original)
    session = open_session(path)
    try:
        said = " ".join(session.warnings)
        assert "has 3 comments typed into it" in said and "answers.toml~" in said
        assert session.set_answer("shared-vision", "multi-agency-team", "no")
        assert session.set_answer("shared-vision", "senior-champions", "no")
    finally:
        session.close()
    assert (tmp_path / "answers.toml~").read_text() == original  # the original, once
    assert "we argued" not in path.read_text()
    reopened = open_session(path)
    reopened.close()
    assert not any("comment" in warning for warning in reopened.warnings)


@pytest.mark.parametrize("key", ["s", "b", "q", "e"])
def test_a_scale_key_the_questionnaire_uses_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    """An instrument whose "Partially" is typed with a key the questionnaire keeps for itself
    (s skips in plain mode, q quits…) is refused by validate and by loading, in one line."""
    from nextgen_tui.core.errors import LoadError
    from nextgen_tui.core.instrument import load_instrument

    path = tmp_path / "framework.toml"
    path.write_text(GOOD_INSTRUMENT.replace('key = "p"', f'key = "{key}"', 1))
    code, err = run_cli(["validate", str(path)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert f"answer key '{key}' is one the questionnaire uses itself" in err
    with pytest.raises(LoadError, match="choose another letter"):
        load_instrument(path)


def test_every_key_the_front_ends_use_is_reserved() -> None:
    """The one list the loader checks holds every letter both questionnaires take for
    themselves, so a new key cannot silently shadow an answer."""
    from nextgen_tui.core.instrument import RESERVED_KEYS
    from nextgen_tui.plain import questionnaire as plain
    from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen

    letters = {
        key.strip()
        for binding in QuestionnaireScreen.BINDINGS
        for key in binding.key.split(",")
        if len(key.strip()) == 1 and key.strip().isalpha()
    }
    commands = {plain.SKIP, plain.BACK, plain.QUIT, plain.NOTE, plain.FLAG, plain.DETAILS}
    assert letters | commands <= RESERVED_KEYS
