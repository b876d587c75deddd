"""Hostile or broken files: every input gives a valid document or the one-line error — never a
traceback, a hang or huge memory use — and text from files is shown inert everywhere."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.errors import LoadError
from nextgen_tui.core.instrument import Instrument, load_instrument
from nextgen_tui.core.storage import MAX_FILE_BYTES
from nextgen_tui.tui.screens.results import ResultsScreen
from tests.conftest import ROOT
from tests.ui.conftest import click_note, make_app, write_answers

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
REAL_INSTRUMENT: dict[str, Any] = tomllib.loads((ROOT / "framework.toml").read_text())

scalars = (
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["yes", "no", "partially", "maybe", "shared-vision", "common-vision"])
)
toml_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
answer_like = st.fixed_dictionaries(
    {},
    optional={
        "framework": toml_values,
        "framework_version": toml_values,
        "metadata": st.dictionaries(
            st.sampled_from(["state", "respondent", "created", "updated", "x"]), toml_values
        ),
        "answers": st.dictionaries(
            st.sampled_from(["shared-vision", "Bad Id", "[b]", "x"]),
            st.dictionaries(
                st.sampled_from(["common-vision", "coaching", "??"]),
                st.dictionaries(
                    st.sampled_from(["answer", "note", "flagged", "to_confirm", "x"]), toml_values
                ),
            ),
        ),
    },
)


def assert_located_lines(error: LoadError, path: Path) -> None:
    """One line a problem, each naming the file, at most ten and a count."""
    lines = str(error).split("\n")
    assert 1 <= len(lines) <= 11
    assert all(line.startswith(str(path)) for line in lines), lines


def check_answers(path: Path, instrument: Instrument) -> None:
    try:
        document = answers_file.load(path, instrument)
    except LoadError as error:
        assert_located_lines(error, path)
        return
    assert isinstance(document, Assessment)
    # what loads, saves, and what is saved reads back as the same answers
    again = answers_file.parse(
        answers_file.parse_toml(answers_file.dumps(document, instrument), path, what="answers"),
        path,
        instrument,
    )
    assert again.model_dump() == document.model_dump()


def test_a_team_file_and_a_profile_read_back_the_same(
    tmp_path: Path, instrument: Instrument
) -> None:
    """The round trip of check_answers, on files that load for sure (the fuzzing above reaches
    it only when a random document happens to be valid)."""
    from nextgen_tui.core.instrument import load_instrument as load
    from tests.profiles import NORTH, write_profile
    from tests.team import team_file

    check_answers(team_file(instrument, tmp_path), instrument)
    profile = load(Path(__file__).parents[2] / "instruments" / "benchmark-profile.toml")
    check_answers(write_profile(profile, tmp_path / "p.toml", NORTH), profile)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_answers(tmp_path: Path, instrument: Instrument, data: bytes) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(data)
    check_answers(path, instrument)


@FUZZ
@given(document=answer_like)
def test_random_toml_documents_as_answers(
    tmp_path: Path, instrument: Instrument, document: dict[str, Any]
) -> None:
    path = tmp_path / "a.toml"
    path.write_text(tomli_w.dumps(document))
    check_answers(path, instrument)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_instrument(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f.toml"
    path.write_bytes(data)
    with pytest.raises(LoadError) as caught:
        load_instrument(path)
    assert_located_lines(caught.value, path)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


@FUZZ
@given(data=st.data())
def test_mutated_instruments(tmp_path: Path, data: st.DataObject) -> None:
    """The real instrument with parts replaced by random values or removed."""
    document = copy.deepcopy(REAL_INSTRUMENT)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        where = data.draw(st.sampled_from(paths))
        parent = document
        for key in where[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            parent[where[-1]] = data.draw(toml_values)
        elif isinstance(parent, dict):
            del parent[where[-1]]
    path = tmp_path / "f.toml"
    path.write_text(tomli_w.dumps(document))
    try:
        instrument = load_instrument(path)
    except LoadError as error:
        assert_located_lines(error, path)
    else:
        assert instrument.statement_count > 0


def test_a_50_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(b'framework = "x"\nnote = "')
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(LoadError, match="is refused"):
        answers_file.load(path)
    with pytest.raises(LoadError, match="is refused"):
        load_instrument(path)


def test_a_very_long_line_loads(tmp_path: Path, instrument: Instrument) -> None:
    path = tmp_path / "long.toml"
    note = "x" * (MAX_FILE_BYTES // 2)
    path.write_text(
        'framework = "nextgen-state-strategy"\nframework_version = "2020.1"\n'
        f'[answers.shared-vision.common-vision]\nanswer = "yes"\nnote = "{note}"\n'
    )
    assert answers_file.load(path, instrument).entry("shared-vision", "common-vision").note == note


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("framework = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(LoadError):
        answers_file.load(path)


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text('framework = "a"\nframework = "b"\n')
    with pytest.raises(LoadError, match="line 2"):
        answers_file.load(path)


def test_ids_with_markup_are_refused(tmp_path: Path, instrument: Instrument) -> None:
    path = tmp_path / "ids.toml"
    path.write_text(
        'framework = "nextgen-state-strategy"\nframework_version = "1"\n'
        '[answers."[b]x"."[@click=app.quit]"]\nanswer = "yes"\n'
    )
    with pytest.raises(LoadError, match="answers"):
        answers_file.load(path, instrument)


def big_instrument(roles: int, per_role: int) -> dict[str, Any]:
    document = {key: REAL_INSTRUMENT[key] for key in ("id", "title", "version", "scale", "levels")}
    document["groups"] = [{"id": "all", "title": "All"}]
    document["roles"] = [
        {
            "id": f"role-{r}",
            "group": "all",
            "title": f"Role {r}",
            "statements": [{"id": f"s-{r}-{s}", "text": f"Statement {s}"} for s in range(per_role)],
        }
        for r in range(roles)
    ]
    return document


def test_thousands_of_roles_are_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(tomli_w.dumps(big_instrument(2000, 2)))
    with pytest.raises(LoadError, match=r"roles: .*at most 200"):
        load_instrument(path)
    path.write_text(tomli_w.dumps(big_instrument(100, 60)))
    with pytest.raises(LoadError, match="6000 statements in all; at most 5000"):
        load_instrument(path)


async def test_a_large_instrument_is_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.toml"
    path.write_text(tomli_w.dumps(big_instrument(50, 20)))
    monkeypatch.chdir(tmp_path)
    from nextgen_tui.core.session import open_session
    from nextgen_tui.tui.app import NextGenApp

    session = open_session(Path("answers.toml"), instrument_path=path)
    app = NextGenApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "y", "n", "right_square_bracket")
        assert app.questionnaire.cursor == (0, 3)
    assert answers_file.load(Path("answers.toml")).answer("role-0", "s-0-1") == "no"


HOSTILE = "[@click=app.quit]click[/] [b]bold[/b] [link=https://e.vil]x[/link] \x1b[2J\x1b]0;pwn\x07"


async def test_hostile_note_and_names_in_questionnaire_and_results(instrument: Instrument) -> None:
    write_answers(
        instrument,
        Path("answers.toml"),
        {("shared-vision", "common-vision"): "no"},
        notes={("shared-vision", "common-vision"): HOSTILE},
        state=HOSTILE,
        respondent=HOSTILE,
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("up")
        shown = await click_note(pilot, app)  # nothing happens
        assert "[@click=app.quit]click[/] [b]bold[/b] [link=https://e.vil]x[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert app.is_running
        await pilot.press("r")
        assert isinstance(app.screen, ResultsScreen)
        gaps = app.screen.query_one("#results-gaps", Static)
        assert "[@click=app.quit]click[/]" in str(gaps.render())
        await pilot.click(gaps)
        assert app.is_running and isinstance(app.screen, ResultsScreen)


def test_hostile_note_snapshot(snap_compare, instrument: Instrument) -> None:
    write_answers(
        instrument,
        Path("answers.toml"),
        {("shared-vision", "common-vision"): "no"},
        notes={("shared-vision", "common-vision"): HOSTILE},
        state="[red]Ohio\x1b[5m",
    )
    assert snap_compare(make_app(), press=["up"], terminal_size=(80, 24))
