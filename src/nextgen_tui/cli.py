"""The ``nextgen-tui`` command: the questionnaire by default, and subcommands for the rest.

Imports are deferred so that each subcommand loads only what it needs.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import types
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .core.errors import LoadError, NeedsExtra, SaveError
from .report import formats

if TYPE_CHECKING:
    from .core.instrument import Instrument
    from .core.session import Ending, Session
    from .report.blocks import Document
    from .report.named_assessment import NamedAssessment

PROG = "nextgen-tui"
EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    for line in message.splitlines() or [""]:
        print(f"{PROG}: error: {line}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _instrument_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--instrument",
        metavar="PATH|ID",
        type=_instrument_path,
        help="the instrument to use instead of the self-assessment: an instrument file, or a "
        f"built-in instrument's id ('{PROG} instruments' lists them)",
    )
    # its earlier name, not shown: scripts that say it keep working
    parser.add_argument(
        "--framework", dest="instrument", type=_instrument_path, help=argparse.SUPPRESS
    )


def _instrument_path(text: str) -> Path:
    """``--instrument``'s value: a file, or the id of a built-in instrument (a file of that name
    comes first)."""
    path = Path(text)
    if path.exists() or os.sep in text or text.endswith(".toml"):
        return path
    from .core.instrument import builtin_instrument

    return builtin_instrument(text) or path


# -- the questionnaire ----------------------------------------------------------------------------


class _Help(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal, found as ``shutil.get_terminal_size`` finds it
    but without importing ``shutil`` (and with it zlib, bz2 and lzma: argparse makes a
    formatter for every option it is given, so every start paid for them)."""

    def __init__(self, prog: str) -> None:
        try:
            width = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            width = 0
        if width <= 0:
            try:
                width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                width = 0
        super().__init__(prog, width=(width or 80) - 2)


class _Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=_Help, **kwargs)


def _app_parser() -> argparse.ArgumentParser:
    from .core.answers_file import TEAM_FILE_NAME

    parser = _Parser(
        prog=PROG,
        description=(
            "Fill in the Next Gen Sector Partnerships State Strategy Self-Assessment. "
            "Answers are saved to FILE after every change."
        ),
        epilog=(
            "commands: review FILE, compare FILE FILE..., merge FILE FILE... -o TEAM.toml, "
            "new --from LAST.toml NEW.toml, serve --ssh|--web, validate [INSTRUMENT], instruments. "
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
    _instrument_argument(parser)
    parser.add_argument(
        "--read-only", action="store_true", help="open FILE for review without allowing changes"
    )
    parser.add_argument(
        "--no-screen-diff",
        action="store_true",
        help="send the terminal whole frames, as Textual does, not only the cells that change "
        f"(also {SCREEN_DIFF_VARIABLE}=off): for a terminal the screen comes out garbled on",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line-by-line questions for screen readers and dumb terminals "
        "(automatic when TERM=dumb or input is not a terminal)",
    )
    parser.add_argument(
        "--served",
        action="store_true",
        help="how serve starts a person's session: FILE is the only file written (no save-as, "
        "no screenshots; exports beside FILE under fixed names) and only its name is shown",
    )
    parser.add_argument(
        "--facilitator",
        action="store_true",
        help=f"offer to build {TEAM_FILE_NAME} from every answers file beside FILE (keeping what "
        "the team already agreed) and open it: for the person who leads the team's meeting",
    )
    parser.add_argument(
        "--person",
        default="",
        metavar="NAME",
        help="with --served: who the server knows the person as (offered as the respondent)",
    )
    parser.add_argument(
        "--member",
        action="append",
        default=[],
        metavar="STEM=NAME",
        help="with --facilitator: the person whose answers file is STEM.toml, as serve knows "
        "them (the team file names its members so, not by what they typed)",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def run_questionnaire(args: argparse.Namespace) -> int:
    from .core.answers_file import ANSWERS_FILE_NAME, TEAM_FILE_NAME
    from .core.session import open_session

    path = args.file if args.file is not None else Path(ANSWERS_FILE_NAME)
    if args.served:
        _limit_memory(SERVED_MEMORY_BYTES)
    # A Textual driver named in the environment (textual-serve's web driver) is a screen too.
    screen = _is_terminal(sys.stdin) or bool(os.environ.get("TEXTUAL_DRIVER"))
    plain = args.plain or os.environ.get("TERM") == "dumb" or not screen
    first = True
    while True:
        session = open_session(
            path,
            instrument_path=args.instrument,
            read_only=args.read_only,
            served=args.served,
            person=args.person,
        )
        then: Path | None = None
        try:
            if plain:
                from .plain.questionnaire import run_plain

                if first:  # the plain questionnaire has no first frame: collect from its start
                    _collect_from_now_on()
                code = run_plain(session, sys.stdin, sys.stdout)
            else:
                from .core.combine import TeamFile
                from .tui.app import NextGenApp

                team = path.with_name(TEAM_FILE_NAME) if args.facilitator else None
                people = dict(m.partition("=")[::2] for m in args.member) or None
                app = NextGenApp(
                    session,
                    on_first_frame=_collect_from_now_on if first else None,
                    screen_diff=_screen_diff(args),
                    team=TeamFile(team, people) if team not in (None, path) else None,
                )
                then = app.run(mouse=_mouse())
                code = app.return_code or 0
        finally:
            ending = session.finish()  # what could not be saved goes to a recovery file
        if not ending.saved:
            return _not_saved(session, ending)
        if then is None:
            return code
        path, first = then, False  # the facilitator built the team file: open it


#: The variable that switches the screen diff off (``off``, ``0``, ``no``), as ``--no-screen-diff``.
SCREEN_DIFF_VARIABLE = "NEXTGEN_TUI_SCREEN_DIFF"


def _screen_diff(args: argparse.Namespace) -> bool:
    """Send only the cells that change (the default), unless asked not to."""
    said = os.environ.get(SCREEN_DIFF_VARIABLE, "").strip().lower()
    return not args.no_screen_diff and said not in ("off", "0", "no", "false")


def _mouse() -> bool:
    """The mouse reported to the app, unless it runs in GNU screen: while a program has the
    mouse reported, screen holds a lone Escape until the next key comes (Esc then q reads as
    alt+q, and a dialog closes only on Esc Esc). In screen (``STY`` set; over SSH a ``screen*``
    TERM from outside tmux) the keys work, the mouse does not."""
    if os.environ.get("STY"):
        return False
    return os.environ.get("TMUX") is not None or not os.environ.get("TERM", "").startswith("screen")


#: The most address space a served session may take (a session at 500×200 takes about a fifth
#: of it): the last guard, past every bound on what a person can send, so that no one person can
#: run the server out of memory.
SERVED_MEMORY_BYTES = 1 << 30


def _limit_memory(most: int) -> None:
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        most = min(most, hard)
    resource.setrlimit(resource.RLIMIT_AS, (most, most))


def _collect_from_now_on() -> None:
    """Start-up is over (the first frame is on screen, the plain questionnaire asks its first
    question, a server is about to listen): the garbage collector (off while starting, see main)
    runs again, and what start-up built stays out of its way from now on. A process that runs
    for long must never run without it: a server flooded with refused connections would keep
    every cycle they left. Only the command does this, once: an app run again in one process
    (as in the tests) would freeze each run's leftovers for good."""
    gc.freeze()
    gc.enable()


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


def _not_saved(session: Session, ending: Ending) -> int:
    """The last change could not be saved: say so, and where the answers were kept."""
    if ending.recovery is None:
        return _fail(f"{session.label}: cannot save: {ending.error}; answers could not be kept")
    shown = session.shown(ending.recovery)
    return _fail(f"{session.label}: cannot save: {ending.error}; your answers are in {shown}")


# -- validate -------------------------------------------------------------------------------------


def _validate_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} validate",
        description="Check an instrument file and print a summary of what it holds.",
    )
    parser.add_argument(
        "instrument",
        nargs="?",
        type=_instrument_path,
        metavar="INSTRUMENT",
        help="instrument file or built-in instrument's id (default: the self-assessment)",
    )
    return parser


def run_validate(args: argparse.Namespace) -> int:
    from .core.instrument import default_instrument_path, load_instrument
    from .core.textsafe import printable

    path = args.instrument or default_instrument_path()
    instrument = load_instrument(path)
    print(f"{path}: valid instrument {instrument.id} version {instrument.version}")
    print(f"  {printable(instrument.title)}")
    what = "statements" if instrument.only_scale else "questions"
    print(
        f"  {len(instrument.roles)} {instrument.section_name}s in {len(instrument.groups)} groups, "
        f"{instrument.statement_count} {what}"
    )
    if instrument.scale:
        scale = ", ".join(
            f"{printable(o.label)} [{o.key}] = {o.points:g}" for o in instrument.scale
        )
        print(f"  answers: {scale}")
    if instrument.levels:
        levels = ", ".join(
            f"{printable(level.name)} from {level.min:g}%" for level in instrument.levels
        )
        print(f"  levels: {levels}")
    if not instrument.only_scale:
        kinds = Counter(statement.type for _role, statement in instrument.statements())
        print("  questions: " + ", ".join(f"{count} {kind}" for kind, count in kinds.items()))
    if not instrument.has_scores:
        print("  not scored: each section shows how much of it is filled in")
    for group in instrument.groups:
        print(f"  {printable(group.title)}")
        for role in instrument.roles_in(group):
            count = len(role.statements)
            title = printable(role.title)
            noun = what if count != 1 else what[:-1]
            print(f"    {role.id:<26} {count:>2} {noun}  {title}")
    return EXIT_OK


def _instruments_parser() -> argparse.ArgumentParser:
    return _Parser(
        prog=f"{PROG} instruments",
        description="List the built-in instruments: use one with --instrument ID.",
    )


def run_instruments(args: argparse.Namespace) -> int:
    from .core.instrument import builtin_instruments, load_instrument
    from .core.textsafe import printable

    for path in builtin_instruments():
        instrument = load_instrument(path)
        kind = "scored" if instrument.has_scores else "not scored"
        print(f"{instrument.id:<26} {printable(instrument.title)}")
        print(
            f"{'':<26} version {printable(instrument.version)}, {len(instrument.roles)} "
            f"{instrument.section_name}s, {instrument.statement_count} questions, {kind}"
        )
    return EXIT_OK


# -- review, compare, merge, new ------------------------------------------------------------------


def _format_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=formats.NAMES,
        help="output format (default: from -o's extension, .md .csv .json; else text, "
        "coloured on a terminal)",
    )
    parser.add_argument(
        "-o", "--output", metavar="PATH", type=Path, help="write the report to PATH, not stdout"
    )


def _output_format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    if args.output is not None:
        return formats.format_of(args.output)
    return "text"


def _review_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} review",
        description="Print a summary of an answers file: scores, every answer, the gaps.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="answers file")
    _instrument_argument(parser)
    _format_arguments(parser)
    return parser


def _compare_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} compare",
        description=(
            "Compare answers files side by side: people (team members, agencies), whose "
            "agreement and spread it shows, or one team's cycles (the same state and "
            "respondent, or --cycles), whose change it shows, in date order."
        ),
    )
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="two or more files")
    parser.add_argument(
        "--differences",
        action="store_true",
        help="only the statements that differ (for people: widest disagreement first)",
    )
    parser.add_argument(
        "--notes", action="store_true", help="with each statement, every file's note"
    )
    parser.add_argument(
        "--by",
        choices=formats.BY_FIELDS,
        metavar="FIELD",
        help=f"each role's score per value of this detail ({', '.join(formats.BY_FIELDS)})",
    )
    parser.add_argument(
        "--cycles",
        action="store_true",
        help="the files are one team's cycles: show change, last minus first",
    )
    parser.add_argument(
        "--side-by-side",
        action="store_true",
        help="every question's answers, a column per file, heading by heading (numbers in "
        "one table): how profiles, which have no scores, are always compared",
    )
    _instrument_argument(parser)
    _format_arguments(parser)
    return parser


def _merge_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} merge",
        description=(
            "Merge team members' answers into one team file that keeps every member's answer "
            "and note: where all who answered agree, that is the team's answer; where they "
            "differ, the statement is disputed until the team agrees on one (the consensus "
            "view, key c, in the questionnaire)."
        ),
    )
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="two or more files")
    parser.add_argument(
        "-o", "--output", metavar="TEAM.toml", type=Path, required=True, help="the team file"
    )
    parser.add_argument("--force", action="store_true", help="replace TEAM.toml if it exists")
    _instrument_argument(parser)
    return parser


def _new_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} new",
        description=(
            "Start a new assessment cycle from the last one: answers and notes carried over, "
            "each answer marked to confirm."
        ),
    )
    parser.add_argument(
        "--from", dest="last", type=Path, required=True, metavar="LAST.toml", help="last cycle"
    )
    parser.add_argument("file", type=Path, metavar="NEW.toml", help="the new answers file")
    parser.add_argument("--force", action="store_true", help="replace NEW.toml if it exists")
    _instrument_argument(parser)
    return parser


def _load_all(
    paths: list[Path], instrument_path: Path | None
) -> tuple[Instrument, list[NamedAssessment]]:
    from .core import answers_file
    from .core.instrument import instrument_named, load_instrument
    from .report.named_assessment import NamedAssessment, names_for

    if instrument_path is not None:
        instrument = load_instrument(instrument_path)
        assessments = [answers_file.load(path, instrument) for path in paths]
    else:  # the instrument the first file names (read once)
        first = answers_file.read_file(paths[0]).data
        instrument = load_instrument(instrument_named(first))
        assessments = [answers_file.parse(first, paths[0], instrument)]
        assessments += [answers_file.load(path, instrument) for path in paths[1:]]
    names = names_for(paths, assessments)
    return instrument, [
        NamedAssessment(path=path, assessment=assessment, name=name)
        for path, assessment, name in zip(paths, assessments, names, strict=True)
    ]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _emit(
    args: argparse.Namespace, inputs: list[Path], text: str | bytes | None, renderables
) -> int:
    """Print to the terminal, or write ``-o PATH`` atomically (never over an input file)."""
    from .report.as_text import make_console, render_text
    from .report.export import write

    if isinstance(text, bytes) and args.output is None:
        return _fail("a Word document is written to a file: add -o REPORT.docx")
    if args.output is None:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            from rich.console import Group

            make_console().print(Group(*renderables))  # one print: less work than one each
        return EXIT_OK
    if any(_same_file(args.output, path) for path in inputs):
        return _fail(f"{args.output}: is one of the input files; choose another output path")
    if text is None:
        text = render_text(renderables)
    write(args.output, text)
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _emit_report(args: argparse.Namespace, inputs: list[Path], document: Document) -> int:
    """A report in the format asked for: drawn for the terminal (text), or rendered by its
    format's renderer."""
    name = _output_format(args)
    if name != "text":
        return _emit(args, inputs, formats.FORMATS[name].render(document), None)
    from .report.as_text import renderables

    return _emit(args, inputs, None, renderables(document))


def run_review(args: argparse.Namespace) -> int:
    from .report.review import build_review, document

    instrument, (loaded,) = _load_all([args.file], args.instrument)
    return _emit_report(args, [args.file], document(build_review(instrument, loaded)))


def run_compare(args: argparse.Namespace) -> int:
    from .report import comparison, side_by_side

    if len(args.files) < 2:
        return _fail("compare needs two or more answers files")
    instrument, files = _load_all(args.files, args.instrument)
    if args.side_by_side or not instrument.has_scores:
        if args.by or args.cycles:
            return _fail("--by and --cycles compare scores; this comparison has none")
        side = side_by_side.build_side_by_side(instrument, files, differences_only=args.differences)
        return _emit_report(args, args.files, side_by_side.document(side))
    report = comparison.build_comparison(
        instrument,
        files,
        cycles=True if args.cycles else None,
        differences_only=args.differences,
        notes=args.notes,
        by=args.by,
    )
    return _emit_report(args, args.files, comparison.document(report))


def _refuse_existing(path: Path, force: bool, inputs: list[Path]) -> str | None:
    if any(_same_file(path, source) for source in inputs):
        return f"{path}: is one of the input files; choose another output path"
    if (path.exists() or path.is_symlink()) and not force:
        return f"{path}: already exists; choose another name or add --force to replace it"
    return None


def run_merge(args: argparse.Namespace) -> int:
    from .core import answers_file
    from .core.combine import merge, not_a_member, team_state

    if len(args.files) < 2:
        return _fail("merge needs two or more answers files")
    if problem := _refuse_existing(args.output, args.force, args.files):
        return _fail(problem)
    instrument, files = _load_all(args.files, args.instrument)
    state = team_state([f.assessment for f in files])
    seen: dict[object, NamedAssessment] = {}
    for loaded in files:
        if (why := not_a_member(instrument, loaded.assessment, state)) is not None:
            return _fail(f"{loaded.path}: {why}; merge one file per member")
        same = next((f for f in seen.values() if _same_file(f.path, loaded.path)), None)
        if same is not None:
            return _fail(f"{loaded.path}: given twice; merge each member once")
        claim = loaded.assessment.details.respondent.strip().casefold()
        other = seen.get(claim) if claim else None
        if other is not None:
            return _fail(
                f"{other.path} and {loaded.path} both answer as "
                f"{loaded.assessment.details.respondent.strip()!r}: one person is one member; "
                "merge one of them, or correct the respondent"
            )
        seen[claim or loaded.path] = loaded
    team, disputed = merge(instrument, [f.assessment for f in files], [f.name for f in files])
    answers_file.save(args.output, team, instrument)
    then = (
        f"; {disputed} disputed: open it (nextgen-tui {args.output}) and press c to agree on them"
        if disputed
        else "; the members agree on every statement any of them answered"
    )
    print(f"wrote {args.output}: {len(files)} files merged{then}", file=sys.stderr)
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from .core import answers_file
    from .core.combine import next_cycle

    if problem := _refuse_existing(args.file, args.force, [args.last]):
        return _fail(problem)
    instrument, (last,) = _load_all([args.last], args.instrument)
    assessment = next_cycle(instrument, last.assessment)
    answers_file.save(args.file, assessment, instrument)
    carried = sum(e.to_confirm for entries in assessment.answers.values() for e in entries.values())
    print(
        f"wrote {args.file}: {carried} answer(s) carried from {args.last}, each to confirm "
        f"(in the questionnaire ] goes through them; C confirms a role's after a look)",
        file=sys.stderr,
    )
    return EXIT_OK


def _serve_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} serve",
        description=(
            "Serve the questionnaire: over SSH to people without shell accounts (--ssh), or "
            "in a browser (--web). Both listen on 127.0.0.1 unless told otherwise; "
            "docs/SERVING.md and docs/SECURITY.md say how to run them safely."
        ),
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--ssh", action="store_true", help="an SSH server (public keys only)")
    mode.add_argument("--web", action="store_true", help="a web server (textual-serve)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, help="port (default 2222 for --ssh, 8000 for --web)")
    parser.add_argument(
        "--max-sessions",
        type=_positive,
        default=50,
        metavar="N",
        help="sessions at once (default 50)",
    )
    ssh = parser.add_argument_group("--ssh")
    ssh.add_argument(
        "--data", type=Path, metavar="DIR", help="folder of answers files, one a person"
    )
    ssh.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="FILE",
        help='who may connect; each key\'s name="…" option or comment names the person; '
        "read again when it changes (or on SIGHUP)",
    )
    ssh.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's private host key (default: ~/.local/state/nextgen-tui/"
        "ssh_host_ed25519_key, made on the first start)",
    )
    ssh.add_argument(
        "--idle-minutes",
        type=_positive_number,
        metavar="MINUTES",
        default=30,
        help="close sessions idle this long (default 30)",
    )
    ssh.add_argument(
        "--login-seconds",
        type=_positive_number,
        metavar="SECONDS",
        default=20,
        help="time to log in, and then to open a session, before the connection is closed "
        "(default 20)",
    )
    ssh.add_argument(
        "--no-warm",
        action="store_true",
        help="start each session from nothing rather than fork it from the warm process that "
        "has already loaded the app (slower and heavier; to compare, or where fork misbehaves)",
    )
    ssh.add_argument(
        "--keepalive-seconds",
        type=_positive_number,
        metavar="SECONDS",
        default=15,
        help="ask the client for a sign of life this often; three missed close the link "
        "(default 15)",
    )
    ssh.add_argument(
        "--git",
        action="store_true",
        help="keep --data a git repository: each person's file committed when their session "
        "ends (by them, saying what changed), the team file each time it changes",
    )
    ssh.add_argument(
        "--git-push",
        metavar="REMOTE",
        help="push each commit to REMOTE (a name or URL; implies --git); a failed push is "
        "tried again and logged",
    )
    web = parser.add_argument_group("--web")
    web.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the answers file to serve")
    web.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="read the secret from FILE (default: a new random one, printed at start)",
    )
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the address people open, when a proxy stands in front (default http://HOST:PORT)",
    )
    _instrument_argument(parser)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _positive_number(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def run_serve(args: argparse.Namespace) -> int:
    import importlib.util

    _collect_from_now_on()  # a server runs for days

    needed = "asyncssh" if args.ssh else "textual_serve"
    if importlib.util.find_spec(needed) is None:
        return _fail(
            f"serve needs {needed.replace('_', '-')}: install it with "
            "pip install 'nextgen-tui[serve]' (or -e '.[serve]' in a checkout)"
        )
    if args.instrument is not None:
        from .core.instrument import load_instrument

        load_instrument(args.instrument)  # a broken instrument stops the server, not each session
    if args.ssh:
        if args.data is None or args.authorized_keys is None:
            return _fail("serve --ssh needs --data DIR and --authorized-keys FILE")
        from .serve.ssh import Settings, run

        settings = Settings(
            data=args.data,
            authorized_keys=args.authorized_keys,
            instrument=args.instrument,
            max_sessions=args.max_sessions,
            idle_seconds=args.idle_minutes * 60,
            login_seconds=args.login_seconds,
            session_wait_seconds=args.login_seconds,
            keepalive_seconds=args.keepalive_seconds,
            warm=not args.no_warm,
            git=args.git or args.git_push is not None,
            git_push=args.git_push,
        )
        port = args.port if args.port is not None else 2222
        return run(args.host, port, settings, args.host_key)
    from .core.answers_file import ANSWERS_FILE_NAME
    from .serve.web import run as run_web

    return run_web(
        args.host,
        args.port if args.port is not None else 8000,
        args.file or Path(ANSWERS_FILE_NAME),
        args.instrument,
        max_sessions=args.max_sessions,
        token_file=args.token_file,
        public_url=args.public_url,
    )


def _plan_parser() -> argparse.ArgumentParser:
    from .core.plan import ORDERS

    parser = _Parser(
        prog=f"{PROG} plan",
        description="Print the plan of an answers file: each role against its target, then "
        "every action (what, owner, due date, status, priority), overdue ones marked.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="answers file")
    parser.add_argument("--owner", metavar="NAME", help="only the actions of this owner")
    parser.add_argument("--open", action="store_true", help="only the actions still to do")
    parser.add_argument(
        "--sort", choices=ORDERS, default="role", help="the actions' order (default: role)"
    )
    _instrument_argument(parser)
    _format_arguments(parser)
    return parser


def run_plan(args: argparse.Namespace) -> int:
    from .report.plan import build_plan, document

    instrument, (loaded,) = _load_all([args.file], args.instrument)
    report = build_plan(instrument, loaded, owner=args.owner, open_only=args.open, order=args.sort)
    return _emit_report(args, [args.file], document(report))


def _trend_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} trend",
        description="One team's cycles in date order: each role's score per cycle with a small "
        "chart and the change, the statements that moved and the notes behind them, and the "
        "regressions.",
    )
    parser.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="two or more cycles of one team"
    )
    _instrument_argument(parser)
    _format_arguments(parser)
    return parser


def run_trend(args: argparse.Namespace) -> int:
    from .report.trend import NotOneTeam, build_trend, document

    if len(args.files) < 2:
        return _fail("trend needs two or more cycles of one team")
    instrument, files = _load_all(args.files, args.instrument)
    if not instrument.has_scores:
        return _fail(
            f"trend follows scores, and {instrument.id} has none: compare the cycles side by side"
        )
    try:
        report = build_trend(instrument, files)
    except NotOneTeam as error:
        return _fail(str(error))
    return _emit_report(args, args.files, document(report))


def _diff_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} diff",
        description="What changed between two versions of an answers file, statement by "
        "statement: answers, notes, flags, members' answers, agreements and why, actions, "
        "targets, details; and the scores that moved. Exit status 0: no change; 1: they "
        "differ; 2: trouble (as diff's).",
    )
    parser.add_argument("old", type=Path, metavar="OLD", help="the earlier version")
    parser.add_argument("new", type=Path, metavar="NEW", help="the later version")
    _instrument_argument(parser)
    _format_arguments(parser)
    return parser


def run_diff(args: argparse.Namespace) -> int:
    from .report.difference import build_difference, document
    from .report.named_assessment import NamedAssessment

    instrument, files = _load_all([args.old, args.new], args.instrument)
    old, new = (
        NamedAssessment(f.path, f.assessment, str(f.path)) for f in files
    )  # (each by its path: two versions of one file often share their respondent)
    if new.assessment.instrument != instrument.id:
        return _fail(f"{new.name} answers {new.assessment.instrument}, not {instrument.id}")
    difference = build_difference(instrument, old, new)
    code = _emit_report(args, [args.old, args.new], document(difference))
    return code or int(difference.found.differ)


def _history_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} history",
        description="An answers file's story from git's log: each commit's date, author and "
        "message, the answers it changed and the score then (the file must be in a git "
        "repository: docs/HISTORY.md).",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="an answers file kept in git")
    parser.add_argument(
        "--statement", metavar="N.M", help="follow one statement (1.2, or ROLE-ID.STATEMENT-ID)"
    )
    _instrument_argument(parser)
    _format_arguments(parser)
    return parser


def run_history(args: argparse.Namespace) -> int:
    from .core import answers_file, repository
    from .core.instrument import instrument_named, load_instrument
    from .report.history import build_history, document

    root = repository.top_level(args.file.absolute())
    if root is None:
        return _fail(
            f"{args.file}: is not in a git repository (history reads git's log: put the file "
            "in one and commit it; docs/HISTORY.md)"
        )
    path = args.file.absolute().resolve().relative_to(root.resolve()).as_posix()
    try:
        found = repository.versions(root, path)
        blobs = repository.contents(root, [(v.commit, v.path) for v in found])
    except repository.GitError as error:
        return _fail(f"{args.file}: {error}")
    if not found:
        return _fail(f"{args.file}: has no commits yet (git add it, then git commit)")
    if args.instrument is not None:
        instrument = load_instrument(args.instrument)
    else:  # the instrument the latest version names
        import tomllib

        latest = next((blob for blob in reversed(blobs) if blob is not None), b"")
        try:
            named = instrument_named(tomllib.loads(latest.decode("utf-8", "replace")))
        except tomllib.TOMLDecodeError:
            named = instrument_named(answers_file.read_file(args.file).data)
        instrument = load_instrument(named)
    statement = None
    if args.statement is not None:
        statement = instrument.by_label(args.statement)
        if statement is None:
            return _fail(f"--statement {args.statement}: no such statement in {instrument.id}")
    history = build_history(instrument, args.file, found, blobs, statement)
    return _emit_report(args, [args.file], document(history))


def _git_setup_parser() -> argparse.ArgumentParser:
    from .core.repository import ATTRIBUTES

    return _Parser(
        prog=f"{PROG} git-setup",
        description="Run once in a git repository of answers files: git diff, git log -p and "
        "git show then print an answers file's changes statement by statement, and a merge "
        "of two people's edits to one file goes statement by statement. Adds the line "
        f"'{ATTRIBUTES}' to .gitattributes and the drivers to the repository's .git/config "
        "(docs/HISTORY.md says how to do it by hand).",
    )


def _own_command() -> str:
    """How git is to start this program: the installed command beside this Python, else by
    its module."""
    import shlex

    installed = Path(sys.executable).with_name(PROG)
    if installed.exists():
        return shlex.quote(str(installed))
    return f"{shlex.quote(sys.executable)} -m nextgen_tui"


def run_git_setup(args: argparse.Namespace) -> int:
    from .core import repository
    from .core.storage import atomic_write, read_text

    root = repository.top_level(Path.cwd())
    if root is None:
        return _fail("not in a git repository: run git-setup inside one (git init makes one)")
    attributes = root / ".gitattributes"
    text = read_text(attributes, what=".gitattributes") if attributes.exists() else ""
    if repository.ATTRIBUTES not in text.splitlines():
        ending = "" if not text or text.endswith("\n") else "\n"
        atomic_write(attributes, f"{text}{ending}{repository.ATTRIBUTES}\n".encode())
        print(f"added to {attributes}: {repository.ATTRIBUTES}")
    command = _own_command()
    try:
        repository.configure(root, command)
    except repository.GitError as error:
        return _fail(str(error))
    for key, value in repository.driver_config(command).items():
        print(f"set {key} = {value}")
    print("commit .gitattributes so that everyone's clone shows answers files in words")
    return EXIT_OK


def _git_textconv_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} git-textconv",
        description="(for git) an answers file as lines of facts, one a line; any other file "
        "as it is",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    return parser


def run_git_textconv(args: argparse.Namespace) -> int:
    from .core.changes import lines

    try:
        instrument, (loaded,) = _load_all([args.file], None)
        text = "\n".join(lines(instrument, loaded.assessment)) + "\n"
    except (LoadError, ValueError):  # not an answers file (pyproject.toml), or a broken one
        sys.stdout.buffer.write(args.file.read_bytes())
        return EXIT_OK
    sys.stdout.write(text)
    return EXIT_OK


def _git_merge_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"{PROG} git-merge",
        description="(for git) merge two edits of an answers file statement by statement; "
        "any other file as git merges text",
    )
    for name in ("base", "ours", "theirs"):
        parser.add_argument(name, type=Path)
    parser.add_argument("path", nargs="?", default="", help="the file's name in the repository")
    return parser


def run_git_merge(args: argparse.Namespace) -> int:
    """Writes the merge over OURS (git's %A). Exit 0: merged; 1: conflicts, each said in the
    instrument's words on stderr, the file still a whole answers file (ours kept there)."""
    from .core import answers_file, repository
    from .core.combine import three_way
    from .core.storage import atomic_write

    try:
        instrument, files = _load_all([args.base, args.ours, args.theirs], None)
    except (LoadError, ValueError):  # not answers files: as git merges text
        try:
            labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
            versions = [str(args.ours), str(args.base), str(args.theirs)]
            repository.git(["merge-file", *labels, *versions], Path.cwd())
        except repository.GitError:
            return 1
        return EXIT_OK
    base, ours, theirs = (f.assessment for f in files)
    merged = three_way(instrument, base, ours, theirs)
    atomic_write(args.ours, answers_file.dumps(merged.assessment, instrument).encode("utf-8"))
    for conflict in merged.conflicts:
        print(f"{PROG}: {args.path or args.ours}: conflict: {conflict}", file=sys.stderr)
    return 1 if merged.conflicts else EXIT_OK


COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Callable[..., int]]] = {
    "validate": (_validate_parser, run_validate),
    "instruments": (_instruments_parser, run_instruments),
    "review": (_review_parser, run_review),
    "compare": (_compare_parser, run_compare),
    "merge": (_merge_parser, run_merge),
    "new": (_new_parser, run_new),
    "plan": (_plan_parser, run_plan),
    "trend": (_trend_parser, run_trend),
    "diff": (_diff_parser, run_diff),
    "history": (_history_parser, run_history),
    "git-setup": (_git_setup_parser, run_git_setup),
    "git-textconv": (_git_textconv_parser, run_git_textconv),
    "git-merge": (_git_merge_parser, run_git_merge),
    "serve": (_serve_parser, run_serve),
}


def _no_plugins() -> None:
    """pydantic looks for third-party plugins through package metadata on its first model, which
    costs more than all our models together; this command uses none. Turned off, its plugin
    loader still imports ``importlib.metadata`` (with ``email``, ``zipfile`` and more: about
    10 ms of every start) to find none: a loader that finds none stands in for it."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    name = "pydantic.plugin._loader"
    if (
        os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true")
        and name not in sys.modules
    ):
        loader = types.ModuleType(name, "pydantic's plugin loader, plugins off (nextgen_tui.cli)")
        loader.get_plugins = tuple  # type: ignore[attr-defined]  # () as pydantic's own gives
        sys.modules[name] = loader


def quiet_other_packages() -> None:
    """Other packages' warnings (a deprecation inside asyncssh, say) are for their developers:
    they never reach a person, neither on a command's stderr, nor in a server's log (one
    stamped line an event), nor over the questionnaire's screen. Our own still show, and so
    does whatever ``-W`` or ``PYTHONWARNINGS`` asks for."""
    if not sys.warnoptions:
        warnings.simplefilter("ignore")
        warnings.filterwarnings("default", module=r"nextgen_tui(\.|$)")


def main(argv: Sequence[str] | None = None) -> int:
    quiet_other_packages()
    _no_plugins()
    # Starting up builds many long-lived objects (pydantic's validators, Textual's styles and
    # widgets) and no garbage worth collecting, yet the cyclic collector would walk them all again
    # and again: about a fifth of the start. It is off until the app has drawn its first frame
    # (see _collect_from_now_on) or, for a one-shot command, until it is done.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_command(argv)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run_command(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        make_parser, run = COMMANDS[argv[0]]
        args = make_parser().parse_args(argv[1:])
    else:
        args = _app_parser().parse_args(argv)
        run = run_questionnaire
    try:
        return run(args)
    except (LoadError, SaveError, NeedsExtra) as error:
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
