"""Who an authorized_keys line lets in, what its options mean, and the file that person's
answers go to."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import asyncssh
import pytest

from nextgen_tui.core.errors import LoadError
from nextgen_tui.serve.people import file_stem, parse_people, read_people


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
        f'name="José Núñez" {public_key()}\n'
        f'name="Анна 1" {public_key()}\n'
        f'name="Мария 1" {public_key()}\n'
    )
    people = read_people(keys)
    assert [p.name for p in people] == [
        "ana",
        "Ben Smith",
        "../../etc/passwd",
        "José Núñez",
        "Анна 1",
        "Мария 1",
    ]
    assert [p.file_name for p in people] == [
        "ana.toml",
        "ben-smith.toml",
        "etc-passwd.toml",
        "josé-núñez.toml",
        "анна-1.toml",
        "мария-1.toml",
    ]
    assert [p.pty for p in people] == [True, False, True, True, True, True]


def test_one_person_may_have_several_keys(tmp_path: Path) -> None:
    people = parse_people(f"{public_key('ana@laptop')}\n{public_key('ana@desk')}\n", tmp_path)
    assert {p.name for p in people} == {"ana"} and len(people) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [("José", "jose"), ("José", "JOSÉ"), ("Ana Lopez", "ana-lopez"), ("ana", "Ana")],
)
def test_two_names_that_would_share_a_file_are_refused(first: str, second: str) -> None:
    text = f'name="{first}" {public_key()}\nname="{second}" {public_key()}\n'
    if file_stem(first).casefold() != file_stem(second).casefold():
        assert len(parse_people(text, "keys")) == 2  # distinct files: both welcome
        return
    with pytest.raises(LoadError, match=r"line 2\).*line 1\).*would share one answers file"):
        parse_people(text, "keys")


def test_accents_and_scripts_keep_people_apart() -> None:
    text = (
        f'name="José" {public_key()}\nname="Jose" {public_key()}\n'
        f'name="Анна 1" {public_key()}\nname="Мария 1" {public_key()}\n'
    )
    assert len({p.file_name for p in parse_people(text, "keys")}) == 4


def test_long_names_are_refused_not_cut() -> None:
    with pytest.raises(LoadError, match=r"line 1: the name .* over 64 characters"):
        parse_people(f'name="{"a" * 65}" {public_key()}\n', "keys")
    assert parse_people(f'name="{"a" * 64}" {public_key()}\n', "keys")[0].stem == "a" * 64


def test_one_key_for_two_people_is_refused() -> None:
    key = public_key()
    with pytest.raises(LoadError, match=r"one key is listed for 'ana' .* and for 'ben'"):
        parse_people(f'name="ana" {key}\nname="ben" {key}\n', "keys")


def test_a_key_that_names_nobody_is_refused(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text(public_key() + "\n")
    with pytest.raises(LoadError, match="line 1: this key names nobody"):
        read_people(keys)


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ('command="/bin/sh"', "'command' cannot be honoured"),
        ('environment="LD_PRELOAD=/tmp/x.so"', "'environment' cannot be honoured"),
        ("cert-authority", "certificates are not supported"),
        ('principals="ana"', "certificates are not supported"),
        ('tunnel="0"', "tunnels are not supported"),
        ("frobnicate", "'frobnicate' is not one this server knows"),
        ('expiry-time="tomorrow"', "is not YYYYMMDD"),
    ],
)
def test_options_that_cannot_be_honoured_refuse_the_file(option: str, says: str) -> None:
    text = f'name="ana" {public_key()}\nname="ben",{option} {public_key()}\n'
    with pytest.raises(LoadError, match=f"line 2: .*{says}"):
        parse_people(text, "keys")


def test_options_that_are_honoured() -> None:
    text = (
        f'name="a",restrict {public_key()}\n'
        f'name="b",restrict,pty {public_key()}\n'
        f'name="c",no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc,'
        f'permitopen="localhost:80" {public_key()}\n'
        f'name="d",from="10.0.0.0/8",expiry-time="20300101" {public_key()}\n'
    )
    a, b, c, d = parse_people(text, "keys")
    assert (a.pty, b.pty, c.pty, d.pty) == (False, True, True, True)
    assert d.expires == datetime(2030, 1, 1)


def test_from_and_expiry_decide_who_gets_in() -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    public = key.export_public_key().decode().strip()
    (near,) = parse_people(f'name="d",from="10.0.0.0/8" {public}\n', "keys")
    now = datetime(2029, 1, 1)
    assert near.admits(key.convert_to_public(), "10.1.2.3", "10.1.2.3", now)
    assert not near.admits(key.convert_to_public(), "192.0.2.1", "192.0.2.1", now)
    (old,) = parse_people(f'name="e",expiry-time="20280101" {public}\n', "keys")
    assert not old.admits(key.convert_to_public(), "10.1.2.3", "10.1.2.3", now)


@pytest.mark.parametrize(
    ("raw", "stem"),
    [
        ("Ana", "ana"),
        ("ana.lopez", "ana.lopez"),
        ("  José Ñ ", "josé-ñ"),
        ("..", ""),
        ("a/b\\c", "a-b-c"),
        ("x\x1b[31my", "x-31my"),
        ("Анна 1", "анна-1"),
    ],
)
def test_file_names_are_safe(raw: str, stem: str) -> None:
    assert file_stem(raw) == stem


def test_a_facilitator_is_marked_on_their_key_and_only_their_process_may_build_the_team() -> None:
    from nextgen_tui.serve.child import questionnaire_command

    lead, member = parse_people(
        f'name="Lead",facilitator {public_key()}\nname="Member" {public_key()}\n', "keys"
    )
    assert lead.facilitator and not member.facilitator
    assert "--facilitator" in questionnaire_command(
        lead.file_name, None, plain=False, facilitator=True
    )
    assert "--facilitator" not in questionnaire_command(member.file_name, None, plain=False)


@pytest.mark.parametrize(
    "line",
    [
        "{key} team@laptop",  # the comment names the team file
        'name="Team" {key}',
        'name="ＴＥＡＭ" {key}',  # full-width letters: the same file on some file systems
        'name="ana-recovered-20261206-101500" {key}',  # a recovery file's name
        'name="nextgen-tui-recovered-x" {key}',
    ],
)
def test_no_person_is_named_for_a_file_the_server_keeps(line: str) -> None:
    text = line.format(key=public_key())
    with pytest.raises(LoadError, match="cannot be a person's") as raised:
        parse_people(text, "keys")
    assert "line 1" in str(raised.value) and "choose another" in str(raised.value)


def test_names_that_only_look_like_those_are_people() -> None:
    names = ["Teams", "Team Lead", "recovered", "Ana Recovered"]
    text = "\n".join(f'name="{name}" {public_key()}' for name in names)
    assert [p.stem for p in parse_people(text, "keys")] == [
        "teams",
        "team-lead",
        "recovered",
        "ana-recovered",
    ]


def test_the_names_serving_md_says_share_a_file_do() -> None:
    import re

    text = (Path(__file__).parents[2] / "docs" / "SERVING.md").read_text(encoding="utf-8")
    paragraph = text.split("**The keys file.**", 1)[1].split("\n\n", 1)[0]
    pairs = re.findall(r'"([^"]+)"(?: in full-width letters)? and "([^"]+)"', paragraph)
    assert len(pairs) == 3
    for first, second in pairs:
        lines = f'name="{first}" {public_key()}\nname="{second}" {public_key()}'
        with pytest.raises(LoadError, match="would share one answers file"):
            parse_people(lines, "keys")
    apart = f'name="José" {public_key()}\nname="jose" {public_key()}'  # two files: josé, jose
    assert len(parse_people(apart, "keys")) == 2
