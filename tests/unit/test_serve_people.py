"""Who an authorized_keys line lets in, and the file name that person's answers go to."""

from __future__ import annotations

from pathlib import Path

import asyncssh
import pytest

from nextgen_tui.errors import LoadError
from nextgen_tui.serve_ssh import person_name, read_people


def public_key(comment: str = "") -> str:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=comment or None)
    return key.export_public_key().decode().strip()


def test_names_come_from_the_name_option_or_the_comment(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(
        "# the team\n\n"
        f"{public_key('ana@laptop')}\n"
        f'name="Ben Smith",no-pty {public_key("work key")}\n'
        f'name="../../etc/passwd" {public_key()}\n'
    )
    people = read_people(keys)
    assert [p.name for p in people] == ["ana", "ben-smith", "etc-passwd"]


def test_a_key_that_names_nobody_is_refused(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(public_key() + "\n")
    with pytest.raises(LoadError, match="line 1: this key names nobody"):
        read_people(keys)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Ana", "ana"),
        ("ana.lopez", "ana.lopez"),
        ("  José Ñ ", "jose-n"),
        ("..", ""),
        ("a/b\\c", "a-b-c"),
    ],
)
def test_person_names_are_safe_file_names(raw: str, name: str) -> None:
    assert person_name(raw) == name
