"""What a fresh machine installs is what the code needs and what the suite ran with: every
package the code imports is declared in pyproject.toml, and the locks hold every declared
package at one exact version with its hashes."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "nextgen_tui"
#: Imported packages that a declared one pins at an exact version of its own (pydantic brings
#: the pydantic-core it was built with): declared through it.
PINNED_BY = {"pydantic-core": "pydantic"}


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _imported() -> dict[str, set[str]]:
    """Each top-level module the package imports (statements and the warm process's names),
    with the files that import it."""
    from nextgen_tui.warm_process import WARM_MODULES

    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    for name in WARM_MODULES:
        found.setdefault(name.split(".")[0], set()).add("warm_process.py (WARM_MODULES)")
    return found


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + extras["serve"] + extras["docx"] + extras["xlsx"]
    return {_name(requirement) for requirement in wanted}


def test_every_imported_package_is_declared() -> None:
    distributions = packages_distributions()
    declared = _declared()
    missing = {}
    for module, files in sorted(_imported().items()):
        if module in sys.stdlib_module_names or module == "nextgen_tui":
            continue
        owners = {_name(d) for d in distributions.get(module, [module])}
        owners |= {PINNED_BY[owner] for owner in owners if owner in PINNED_BY}
        if not owners & declared:
            missing[module] = sorted(files)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_check_finds_an_undeclared_import() -> None:
    """(The check above can fail: rich and aiohttp were imported and not declared.)"""
    distributions = packages_distributions()
    assert {_name(d) for d in distributions["rich"]} == {"rich"}
    assert "rich" in _imported() and "aiohttp" in _imported()
    assert {"rich", "aiohttp"} <= _declared()


def _locked(name: str) -> dict[str, str]:
    """A lock's packages and their versions (requirements/NAME.txt)."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", text, re.MULTILINE))
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1])
    for entry in entries:
        if entry.strip() and not entry.startswith("#"):
            assert "--hash=sha256:" in entry, f"{name}.txt: no hash for {entry.splitlines()[0]}"
    return {_name(package): version for package, version in pins.items()}


def test_the_locks_pin_every_declared_package_alike() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    run, test = _locked("run"), _locked("test")
    for requirement in project["dependencies"] + project["optional-dependencies"]["serve"]:
        assert _name(requirement) in run, f"{requirement} is not in requirements/run.txt"
    for requirement in project["optional-dependencies"]["test"]:
        name = _name(requirement)
        if name != "nextgen-tui":
            assert name in test, f"{requirement} is not in requirements/test.txt"
    shared = run.keys() & test.keys()
    assert {name: run[name] for name in shared} == {name: test[name] for name in shared}
    assert "nextgen-tui" not in run and "nextgen-tui" not in test


def _warnings_shown(environment: dict[str, str]) -> str:
    code = (
        "import warnings; from nextgen_tui.cli import quiet_other_packages;"
        "quiet_other_packages();"
        "warnings.warn_explicit('theirs', UserWarning, 'x.py', 1, module='asyncssh.dsa');"
        "warnings.warn_explicit('ours', UserWarning, 'y.py', 1, module='nextgen_tui.core.session')"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **environment},
    ).stderr


def test_other_packages_warnings_never_reach_a_person() -> None:
    """(cryptography 51's DSA deprecation, a UserWarning raised in asyncssh's modules, printed
    ten lines before the first line of `serve --ssh`'s log.)"""
    shown = _warnings_shown({})
    assert "theirs" not in shown
    assert "UserWarning: ours" in shown


def test_a_developer_can_still_ask_for_every_warning() -> None:
    shown = _warnings_shown({"PYTHONWARNINGS": "default"})
    assert "UserWarning: theirs" in shown and "ours" in shown
