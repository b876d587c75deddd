"""The ``nextgen-tui`` command: the questionnaire by default, and subcommands for the rest.

Imports are deferred so that each subcommand loads only what it needs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import LoadError, SaveError

if TYPE_CHECKING:
    from .session import Session

PROG = "nextgen-tui"
EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _framework_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--framework",
        metavar="PATH",
        type=Path,
        help="framework file to use instead of the built-in one",
    )


# -- the questionnaire ----------------------------------------------------------------------------


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Fill in the Next Gen Sector Partnerships State Strategy Self-Assessment. "
            "Answers are saved to FILE after every change."
        ),
        epilog=(
            "commands: validate [FRAMEWORK] checks a framework file. "
            f"Run '{PROG} COMMAND --help' for a command's options."
        ),
    )
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="answers file (default: ./nextgen-assessment.toml; created on the first answer)",
    )
    _framework_argument(parser)
    parser.add_argument(
        "--read-only", action="store_true", help="open FILE for review without allowing changes"
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def run_questionnaire(args: argparse.Namespace) -> int:
    from .assessment import ANSWERS_FILE_NAME
    from .session import open_session

    path = args.file if args.file is not None else Path(ANSWERS_FILE_NAME)
    session = open_session(path, framework_path=args.framework, read_only=args.read_only)
    from .app import NextGenApp

    app = NextGenApp(session)
    app.run()
    if session.save_error is not None and not session.save():
        return _rescue(session)
    return app.return_code or 0


def _rescue(session: Session) -> int:
    """The last change could not be saved: keep the answers in a recovery file and say where."""
    from datetime import datetime

    from . import assessment as answers_file

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"nextgen-tui-recovered-{stamp}.toml"
    for folder in (Path.home(), Path(tempfile.gettempdir())):
        try:
            answers_file.save(folder / name, session.assessment, session.framework)
        except SaveError:
            continue
        return _fail(
            f"{session.path}: cannot save: {session.save_error}; "
            f"your answers are in {folder / name}"
        )
    return _fail(f"{session.path}: cannot save: {session.save_error}; answers could not be kept")


# -- validate -------------------------------------------------------------------------------------


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} validate",
        description="Check a framework file and print a summary of what it holds.",
    )
    parser.add_argument(
        "framework",
        nargs="?",
        type=Path,
        metavar="FRAMEWORK",
        help="framework file (default: the built-in framework)",
    )
    return parser


def run_validate(args: argparse.Namespace) -> int:
    from .framework import default_framework_path, load_framework
    from .textsafe import printable

    path = args.framework or default_framework_path()
    framework = load_framework(path)
    print(f"{path}: valid framework {framework.id} version {framework.version}")
    print(f"  {printable(framework.title)}")
    print(
        f"  {len(framework.roles)} roles in {len(framework.groups)} groups, "
        f"{framework.statement_count} statements"
    )
    scale = ", ".join(f"{printable(o.label)} [{o.key}] = {o.points:g}" for o in framework.scale)
    print(f"  answers: {scale}")
    levels = ", ".join(f"{printable(level.name)} from {level.min:g}%" for level in framework.levels)
    print(f"  levels: {levels}")
    for group in framework.groups:
        print(f"  {printable(group.title)}")
        for role in framework.roles_in(group):
            count = len(role.statements)
            title = printable(role.title)
            print(f"    {role.id:<26} {count:>2} statement{'s' if count != 1 else ''}  {title}")
    return EXIT_OK


COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[..., int]]] = {
    "validate": (_validate_parser, run_validate),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        make_parser, run = COMMANDS[argv[0]]
        args = make_parser().parse_args(argv[1:])
    else:
        args = _app_parser().parse_args(argv)
        run = run_questionnaire
    try:
        return run(args)
    except (LoadError, SaveError) as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of a pipe went away (``| head``): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
