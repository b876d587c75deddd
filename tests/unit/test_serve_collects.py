"""A long-running process collects its garbage (serve round two, item 1): `main` switches the
collector off while starting, and every command that runs for long switches it back on."""

from __future__ import annotations

import gc
import io
import sys
from pathlib import Path

import pytest

from nextgen_tui import cli


@pytest.fixture(autouse=True)
def _collector_as_it_was():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def _seen_by(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> list[bool]:
    """Replace ``module.name`` by a stand-in that notes whether the collector was on."""
    import importlib

    seen: list[bool] = []

    def stand_in(*args: object, **kwargs: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(importlib.import_module(module), name, stand_in)
    return seen


def test_serve_ssh_runs_with_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _seen_by(monkeypatch, "nextgen_tui.serve.ssh", "run")
    keys = tmp_path / "keys"
    keys.write_text("")
    assert (
        cli.main(["serve", "--ssh", "--data", str(tmp_path), "--authorized-keys", str(keys)]) == 0
    )
    assert seen == [True]


def test_serve_web_runs_with_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _seen_by(monkeypatch, "nextgen_tui.serve.web", "run")
    assert cli.main(["serve", "--web"]) == 0
    assert seen == [True]


def test_the_plain_questionnaire_runs_with_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _seen_by(monkeypatch, "nextgen_tui.plain.questionnaire", "run_plain")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli.main(["--plain", str(tmp_path / "a.toml")]) == 0
    assert seen == [True]


def test_a_one_shot_command_starts_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    parser, _ = cli.COMMANDS["instruments"]
    monkeypatch.setitem(
        cli.COMMANDS, "instruments", (parser, lambda args: seen.append(gc.isenabled()) or 0)
    )
    assert cli.main(["instruments"]) == 0
    assert seen == [False]
