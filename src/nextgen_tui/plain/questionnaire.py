"""The plain, line-by-line questionnaire: for screen readers, braille displays, dumb terminals and
answers piped in. Same content and same file as the full-screen app, through the same session.

No Textual here, and no escape codes: every line is plain text, so it reads aloud as it reads.
"""

from __future__ import annotations

import io
import shutil
import textwrap
from collections.abc import Callable
from functools import partial
from typing import TextIO

from ..core import order
from ..core.assessment import Assessment
from ..core.errors import TooMuch
from ..core.instrument import Level, Role, ScaleOption
from ..core.scoring import RoleScore, Score, completion, completion_overall
from ..core.session import TEXT_LIMIT, Session
from ..core.textsafe import printable
from ..core.wording import (
    ASKS_FOR,
    action_text,
    answer_label,
    level_name,
    level_range,
    percent,
    percent_range,
    record_of,
)

SKIP, BACK, QUIT = "s", "b", "q"
NOTE, FLAG, DETAILS, ACTION, TARGET, IN_PLACE = "e", "f", "m", "a", "t", "i"
#: Confirms the role's answers carried from the last cycle (capital, as in the full-screen app).
CONFIRM = "C"
#: Exit status after Ctrl+C, as a shell reports it.
INTERRUPTED = 130
#: The longest line read: a note is one line, and may hold this many characters.
LINE_LIMIT = TEXT_LIMIT


def _choice_label(option: ScaleOption) -> str:
    """``[y]es`` when the key starts the label, else ``Yes [k]``."""
    label = printable(option.label)
    if label[:1].lower() == option.key:
        return f"[{option.key}]{label[1:].lower()}"
    return f"{label} [{option.key}]"


def _level_words(percent_text: str, level: Level | None) -> str:
    return f"{percent_text}, level {level_name(level)}" if level is not None else "not started"


def _score_words(result: RoleScore | Score) -> str:
    """``60%, level Established``; a team's score with disputes as its range, ``50–80%, level
    Established–Leading, 2 disputed``."""
    if not result.disputed:
        return _level_words(percent(result.percent), result.level)
    return (
        f"{percent_range(result.percent, result.high_percent)}, level "
        f"{level_range(result.level, result.levels)}, {result.disputed} disputed"
    )


def _role_line(result: RoleScore, assessment: Assessment) -> str:
    """A role's score and level; a section only filled in, how much of it is."""
    if not result.total:
        done = completion(assessment, result.role)
        return (
            f"{printable(result.role.title)}: {done.answered} of {done.total} answered, "
            f"{done.words}"
        )
    return (
        f"{printable(result.role.title)}: {_score_words(result)} "
        f"({result.answered} of {result.total} answered)"
    )


class PlainQuestionnaire:
    def __init__(
        self, session: Session, read: Callable[[], str], out: TextIO, *, echo: bool = False
    ) -> None:
        self.session = session
        self.echo = echo  # answers piped in: show each one after its prompt, as typed ones show
        self.instrument = session.instrument
        self.read = read
        self.out = out
        self.positions = order.positions(self.instrument)
        self.keys = {option.key: option for option in self.instrument.scale}
        choices = [_choice_label(option) for option in self.instrument.scale]
        self.prompt = " / ".join([*choices, "[s]kip", "[b]ack", "[q]uit"]) + " > "
        self.width = max(shutil.get_terminal_size((80, 24)).columns, 20)

    def say(self, text: str = "") -> None:
        """One line of text, wrapped at the terminal's width on word boundaries; a line that
        starts with spaces (or "- ") keeps that indent on every line it wraps to."""
        if len(text) <= self.width:
            print(text, file=self.out, flush=True)
            return
        stripped = text.lstrip(" ")
        indent = " " * (len(text) - len(stripped))
        hanging = indent + ("  " if stripped.startswith("- ") else "")
        wrapped = textwrap.fill(
            stripped,
            width=self.width,
            initial_indent=indent,
            subsequent_indent=hanging,
            break_long_words=True,
            break_on_hyphens=False,
        )
        print(wrapped, file=self.out, flush=True)

    def ask_line(self, prompt: str) -> str | None:
        """One line typed after ``prompt`` (None: input ended)."""
        print(prompt, end="", file=self.out, flush=True)
        line = self.read()
        if isinstance(line, TooLong):
            self.say(f"  That line was over {LINE_LIMIT:,} characters; nothing was taken from it.")
            return ""
        if line == "":
            self.say()
            return None
        if self.echo:
            self.say(printable(line.rstrip("\n")))
        return line.rstrip("\n")

    # -- the walk -----------------------------------------------------------------------------

    def run(self) -> int:
        try:
            return self._run()
        except KeyboardInterrupt:
            self.say()
            self.say(self._stopped_line())
            return INTERRUPTED

    def _progress(self) -> tuple[int, int]:
        """How many are answered, of how many: statements, or an unscored instrument's
        questions."""
        if self.instrument.has_scores:
            return self.session.score.answered, self.session.score.total
        done = completion_overall(self.instrument, self.session.assessment)
        return done.answered, done.total

    def _stopped_line(self) -> str:
        if self.session.read_only:
            return "Stopped; nothing was changed."
        answered, total = self._progress()
        return (
            f"Stopped — {answered} of {total} answered, saved to {printable(self.session.label)}."
        )

    def _run(self) -> int:
        session = self.session
        self.say(f"{printable(self.instrument.title)}, plain mode.")
        answered, total = self._progress()
        what = "statements" if self.instrument.only_scale else "questions"
        self.say(
            f"File: {printable(session.label)}; every answer is saved at once. "
            f"{answered} of {total} {what} answered."
        )
        for warning in session.warnings:
            self.say(f"Note: {printable(warning)}")
        if not session.read_only:
            target = " t sets the role's target," if self.instrument.has_scores else ""
            self.say(
                "At any prompt: e writes a note, f flags the statement for follow-up, a plans an "
                f"action, i ticks the examples in place,{target} m sets the details, C confirms "
                "the role's carried answers, s skips, b goes back, q stops."
            )
        if session.is_new and not session.read_only and not self.echo:
            self.details(first_time=True)
        if session.read_only:
            why = session.read_only_reason or "opened read-only"
            self.say(f"This file is {why}: nothing can be changed. The summary follows.")
            self.summary()
            return 0
        index = self._first_open()
        if index is None:
            self.say("Every statement is answered; starting at the first. Press q to stop.")
            index = 0
        role_shown = None
        while index < len(self.positions):
            role_index, statement_index = self.positions[index]
            role = self.instrument.roles[role_index]
            if role_shown != role_index:
                self.show_role(role, role_index)
                role_shown = role_index
            command = self.ask(role, statement_index)
            if command == QUIT:
                if self._first_open() is None:
                    self.say(self._all_answered_line())
                else:
                    self.say(self._stopped_line() + " Run the same command to go on.")
                break
            if command == BACK:
                index = max(index - 1, 0)
                continue
            index += 1
            leaving_role = index == len(self.positions) or self.positions[index][0] != role_index
            if leaving_role:
                self.say(_role_line(self.session.score.roles[role_index], self.session.assessment))
        else:
            if self._first_open() is None:
                self.say()
                self.say(self._all_answered_line())
        self.summary()
        return 0 if self.session.save_error is None else 1

    def _all_answered_line(self) -> str:
        label = printable(self.session.label)
        if self.session.served:  # a served person runs no command
            return f"All answered. Every answer is saved in {label}; the summary follows."
        return (
            f"All answered. Every answer is saved in {label}; "
            f"`nextgen-tui review {label}` prints a report."
        )

    def _first_open(self) -> int | None:
        """The first open statement's place in the walk (None: all settled)."""
        position = order.next_open(self.instrument, self.session.assessment)
        return None if position is None else self.positions.index(position)

    def show_role(self, role: Role, role_index: int) -> None:
        group = self.instrument.group_of(role)
        self.say()
        self.say(
            f"{self.instrument.section_name.capitalize()} {role_index + 1} of "
            f"{len(self.instrument.roles)}: {printable(role.title)} ({printable(group.title)})"
        )
        purpose = role.purpose or "; ".join(role.looks_like)
        if purpose:
            self.say(f"  {printable(purpose)}")

    def ask(self, role: Role, statement_index: int) -> str | None:
        """Ask one statement until it gets an answer or a command; return the command."""
        statement = role.statements[statement_index]
        if not statement.is_scale:
            return self.ask_typed(role, statement_index)
        self.say()
        self.say(f"Statement {statement_index + 1} of {len(role.statements)}:")
        self.say(f"  {printable(statement.text)}")
        if statement.examples:
            self.say("  For example:")
            for example in statement.examples:
                self.say(f"  - {printable(example)}")
        entry = self.session.assessment.entry(role.id, statement.id)
        if entry is not None and entry.answer is not None:
            confirm = "; carried from the last cycle, to confirm" if entry.to_confirm else ""
            self.say(f"  Current answer: {answer_label(self.instrument, entry.answer)}{confirm}.")
        if entry is not None and entry.note:
            self.say(f"  Note: {printable(entry.note)}")
        if entry is not None and (entry.last_answer is not None or entry.last_note):
            last = answer_label(self.instrument, entry.last_answer)
            changed = entry.last_note and entry.last_note != entry.note
            said = f" — {printable(entry.last_note)}" if changed else ""
            self.say(f"  Last cycle: {last}{said}")
        for planned in entry.actions if entry is not None else []:
            self.say(f"  Action: {action_text(planned)}")
        disputed = entry is not None and entry.disputed
        for said in record_of(self.instrument, self.session.assessment, statement, entry).lines():
            self.say(f"  {printable(said)}")
        if disputed:
            self.say(
                "  Disputed: the members answered differently. The answer you give is the "
                "team's, agreed; then you are asked why."
            )
        while True:
            line = self.ask_line(self.prompt)
            if line is None:  # end of input: stop as if q
                return QUIT
            if line.strip() == CONFIRM:
                self.confirm(role)
                continue
            reply = line.strip().lower()
            if reply in (SKIP, BACK, QUIT):
                return reply
            if reply in (NOTE, FLAG, DETAILS, ACTION, TARGET, IN_PLACE):
                self._command(reply, role, statement_index)
                continue
            current = self.session.assessment.entry(role.id, statement.id)
            if reply == "" and current is not None and current.settled:
                return None  # Enter keeps an answer given before
            option = self._option(reply)
            if option is None:
                keys = ", ".join(
                    [*self.keys, SKIP, BACK, QUIT, NOTE, FLAG, DETAILS, ACTION, TARGET, IN_PLACE]
                )
                self.say(f"Please type one of {keys}.")
                continue
            if disputed:
                self.agree(role, statement_index, option.value)
                return None
            self._saved(
                partial(self.session.set_answer, role.id, statement.id, option.value),
                printable(option.label),
            )
            return None

    def agree(self, role: Role, statement_index: int, value: str) -> None:
        """The team's answer to a dispute, and why (one line; Enter leaves the reason as it
        is), as the consensus view records them."""
        statement = role.statements[statement_index]
        entry = self.session.assessment.entry(role.id, statement.id)
        before = entry.rationale if entry is not None else ""
        shown = f" [{printable(before)}]" if before else ""
        line = self.ask_line(f"Why the team agreed{shown} (one line; Enter leaves it) > ")
        rationale = line.strip() if line and line.strip() else before
        label = printable(self.instrument.option(value).label)
        self._saved(
            partial(self.session.agree, role.id, statement.id, value, rationale),
            f"the team's answer, {label}, agreed" + (" with the reason" if rationale else ""),
        )

    # -- questions of other types ------------------------------------------------------------

    def ask_typed(self, role: Role, statement_index: int) -> str | None:
        """A question of another type: its prompts (see :mod:`.plain_types`); a line of just a
        command letter is the command."""
        from .typed_prompts import TypedPrompts

        statement = role.statements[statement_index]
        self.say()
        required = ", required" if statement.is_required else ""
        self.say(
            f"Question {statement_index + 1} of {len(role.statements)} "
            f"({ASKS_FOR[statement.type]}{required}):"
        )
        self.say(f"  {printable(statement.text)}")
        if statement.hint:
            self.say(f"  {printable(statement.hint)}")
        entry = self.session.assessment.entry(role.id, statement.id)
        prompts = TypedPrompts(self, statement)
        prompts.show(entry)
        while True:
            outcome = prompts.ask(entry)
            if outcome is None:
                return QUIT  # end of input
            if isinstance(outcome, str):
                if outcome in (SKIP, BACK, QUIT):
                    return outcome
                if outcome == "":
                    return None  # kept as it is
                self._command(outcome, role, statement_index)
                continue
            self._saved(partial(self.session.set_typed, role.id, statement.id, outcome), "answer")
            return None

    #: What a line of one letter asks for, at any prompt that is not the scale's.
    COMMANDS: tuple[str, ...] = (SKIP, BACK, QUIT, NOTE, FLAG, DETAILS, ACTION, IN_PLACE)

    def _command(self, command: str, role: Role, statement_index: int) -> None:
        """Note, flag, details, action, or (on the scale) the role's target."""
        if command == NOTE:
            self.note(role, statement_index)
        elif command == FLAG:
            self.flag(role, statement_index)
        elif command == DETAILS:
            self.details(first_time=False)
        elif command == ACTION:
            self.action(role, statement_index)
        elif command == TARGET:
            self.target(role)
        elif command == IN_PLACE:
            self.in_place(role, statement_index)

    def confirm(self, role: Role) -> None:
        """After a look: the role's answers carried from the last cycle stand as they are."""
        waiting = self.session.assessment.carried_in(role.id)
        if not waiting:
            self.say("  Nothing to confirm: no answer of this role is carried from the last cycle.")
            return

        def confirm() -> bool:
            self.session.confirm(role.id)
            return not self.session.state.unsaved  # (saved at once: no front-end delays it)

        self._saved(
            confirm,
            f"{waiting} carried answer{'s' if waiting != 1 else ''} of this role confirmed",
        )

    def in_place(self, role: Role, statement_index: int) -> None:
        """Which of the statement's examples the team has in place, by their numbers."""
        statement = role.statements[statement_index]
        if not statement.examples:
            self.say("  This statement has no examples to tick.")
            return
        entry = self.session.assessment.entry(role.id, statement.id)
        ticked = list(entry.in_place) if entry is not None else []
        for number, example in enumerate(statement.examples, start=1):
            mark = "x" if number in ticked else " "
            self.say(f"  [{mark}] {number}. {printable(example)}")
        now = " ".join(str(n) for n in ticked)
        line = self.ask_line(
            f"  In place: their numbers ({'now ' + now + '; ' if now else ''}Enter keeps, "
            "a single - clears) > "
        )
        if line is None or not line.strip():
            return
        try:
            numbers = [] if line.strip() == "-" else sorted({int(n) for n in line.split()})
        except ValueError:
            self.say("  Type the examples' numbers, e.g. 1 3.")
            return
        if any(not 1 <= n <= len(statement.examples) for n in numbers):
            self.say(f"  The numbers go from 1 to {len(statement.examples)}.")
            return
        self._saved(
            partial(self.session.set_in_place, role.id, statement.id, numbers),
            f"{len(numbers)} example{'s' if len(numbers) != 1 else ''} in place",
        )

    def _option(self, reply: str) -> ScaleOption | None:
        """The scale option a reply names: its key, or its label or the start of it ("part",
        "partial"), in any case; None when nothing or more than one fits."""
        if reply in self.keys:
            return self.keys[reply]
        if len(reply) < 2:
            return None
        fitting = [o for o in self.instrument.scale if o.label.lower().startswith(reply)]
        return fitting[0] if len(fitting) == 1 else None

    # -- notes, flags and details, as in the full-screen app --------------------------------------

    def _saved(self, change: Callable[[], bool], what: str) -> None:
        """Make a change and say how it went: saved, refused (too long), or kept in memory."""
        try:
            saved = change()
        except TooMuch as refusal:
            self.say(f"  NOT CHANGED: {printable(str(refusal))}")
            return
        if saved:
            self.say(f"  Saved: {what}.")
        else:
            self.say(
                f"  NOT SAVED to {printable(self.session.label)}: "
                f"{printable(self.session.save_error or '')}. It is kept in memory."
            )

    def note(self, role: Role, statement_index: int) -> None:
        statement = role.statements[statement_index]
        entry = self.session.assessment.entry(role.id, statement.id)
        if entry is not None and entry.note:
            self.say(f"  Note now: {printable(entry.note)}")
        line = self.ask_line("Note (one line; Enter alone keeps it, a single - removes it) > ")
        if line is None or not line.strip():
            return
        note = "" if line.strip() == "-" else line.strip()
        self._saved(lambda: self.session.set_note(role.id, statement.id, note), "note")

    def flag(self, role: Role, statement_index: int) -> None:
        statement = role.statements[statement_index]
        entry = self.session.assessment.entry(role.id, statement.id)
        flagged = not (entry is not None and entry.flagged)
        what = "flagged for follow-up" if flagged else "flag removed"
        self._saved(lambda: self.session.set_flag(role.id, statement.id, flagged), what)

    def action(self, role: Role, statement_index: int) -> None:
        """Plan an action on the statement: what, owner, due date (asked again until it is one,
        or empty)."""
        from pydantic import ValidationError

        from ..core.assessment import Action
        from ..core.typed_answers import parse_full_date

        statement = role.statements[statement_index]
        text = (self.ask_line("  Action: what will be done? > ") or "").strip()
        if not text:
            self.say("  No action planned.")
            return
        owner = (self.ask_line("  Owner > ") or "").strip()
        due = None
        while True:
            typed = (self.ask_line("  Due (YYYY-MM-DD, Enter for none) > ") or "").strip()
            if not typed:
                break
            try:
                due = parse_full_date(typed)
                break
            except ValueError as error:
                self.say(f"  {printable(str(error))}")
        try:
            planned = Action(text=text, owner=owner, due=due)
        except ValidationError as error:
            self.say(f"  {printable(str(error.errors(include_url=False)[0]['msg']))}")
            return
        self._saved(lambda: self.session.set_action(role.id, statement.id, None, planned), "action")

    def target(self, role: Role) -> None:
        """The role's target: a level or a percentage; Enter keeps it, "-" takes it away."""
        from ..core.plan import read_target
        from ..core.wording import target_text

        current = self.session.assessment.targets.get(role.id)
        shown = f" [{target_text(current)}]" if current is not None else ""
        levels = ", ".join(level.name for level in self.instrument.levels)
        while True:
            typed = self.ask_line(f"  Target for this role ({levels}, or a %){shown} > ")
            if typed is None or not typed.strip():
                return
            if typed.strip() == "-":
                self._saved(lambda: self.session.set_target(role.id, None), "no target")
                return
            try:
                chosen = read_target(self.instrument, typed)
            except ValueError as error:
                self.say(f"  {printable(str(error))}")
                continue
            self._saved(partial(self.session.set_target, role.id, chosen), "target")
            return

    def details(self, *, first_time: bool) -> None:
        """The state, the respondent or team, and their agency, saved in the file (Enter keeps
        each)."""
        meta = self.session.assessment.details
        self.say("About this assessment" if first_time else "Edit state and team")
        self.say("  All are optional and saved in the answers file; Enter keeps what is there.")
        state: str | None = ""  # (an instrument that asks for it in a question: not here)
        if self.instrument.state_by is None:
            shown = printable(meta.state)
            state = self.ask_line(f"State [{shown}] > " if shown else "State > ")
        if state is None:
            return
        offered = self.session.respondent_offered
        shown = printable(offered)
        respondent = self.ask_line(
            f"Respondent or team [{shown}] > " if shown else "Respondent or team > "
        )
        if respondent is None:
            return
        shown = printable(meta.agency)
        agency = self.ask_line(f"Agency or system [{shown}] > " if shown else "Agency or system > ")
        new_state = state.strip() or meta.state
        new_respondent = respondent.strip() or offered
        new_agency = (agency or "").strip() or meta.agency
        if (new_state, new_respondent, new_agency) != (meta.state, meta.respondent, meta.agency):
            self._saved(
                lambda: self.session.set_details(
                    state=new_state, respondent=new_respondent, agency=new_agency
                ),
                "details",
            )

    def summary(self) -> None:
        result = self.session.score
        self.say()
        self.say("Summary")
        for group in self.instrument.groups:
            self.say(f"{printable(group.title)}:")
            for role in self.instrument.roles_in(group):
                self.say(f"  {_role_line(result.for_role(role.id), self.session.assessment)}")
        if not self.instrument.has_scores:
            done = completion_overall(self.instrument, self.session.assessment)
            self.say(f"Overall: {done.answered} of {done.total} answered, {done.words}.")
            return
        self.say(f"Overall: {_score_words(result)} ({result.answered} of {result.total} answered).")
        open_count = result.total - result.answered - result.disputed
        if open_count:
            self.say(f"{open_count} statement(s) not answered yet.")


class TooLong(str):
    """What a line over :data:`LINE_LIMIT` characters is read as: its rest was dropped."""


def bounded_lines(stdin: TextIO, limit: int = LINE_LIMIT) -> Callable[[], str]:
    """Read a line at a time, never holding more than ``limit`` characters of one: the rest of
    a longer line is read and dropped a piece at a time, and the line read as :class:`TooLong`
    (a line of a gigabyte without a newline must not take the server's memory)."""

    def read() -> str:
        line = stdin.readline(limit + 1)
        if len(line) <= limit or line.endswith("\n"):
            return line
        while True:
            rest = stdin.readline(limit)
            if rest == "" or rest.endswith("\n"):
                return TooLong()

    return read


def run_plain(session: Session, stdin: TextIO, stdout: TextIO) -> int:
    try:
        piped = not stdin.isatty()
    except (AttributeError, ValueError):
        piped = True
    for stream in (stdin, stdout):  # bytes that are not UTF-8 (a Latin-1 terminal) are replaced
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    return PlainQuestionnaire(session, bounded_lines(stdin), stdout, echo=piped).run()
