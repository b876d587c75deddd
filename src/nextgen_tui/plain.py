"""The plain, line-by-line questionnaire: for screen readers, braille displays, dumb terminals and
answers piped in. Same content and same file as the full-screen app, through the same session.

No Textual here, and no escape codes: every line is plain text, so it reads aloud as it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from .display import answer_label, level_name, percent
from .framework import Level, Role, ScaleOption
from .scoring import RoleScore
from .session import Session
from .textsafe import printable

SKIP, BACK, QUIT = "s", "b", "q"


def _choice_label(option: ScaleOption) -> str:
    """``[y]es`` when the key starts the label, else ``Yes [k]``."""
    label = printable(option.label)
    if label[:1].lower() == option.key:
        return f"[{option.key}]{label[1:].lower()}"
    return f"{label} [{option.key}]"


def _level_words(percent_text: str, level: Level | None) -> str:
    return f"{percent_text}, level {level_name(level)}" if level is not None else "not started"


def _role_line(result: RoleScore) -> str:
    return (
        f"{printable(result.role.title)}: {_level_words(percent(result.percent), result.level)} "
        f"({result.answered} of {result.total} answered)"
    )


class PlainQuestionnaire:
    def __init__(
        self, session: Session, read: Callable[[], str], out: TextIO, *, echo: bool = False
    ) -> None:
        self.session = session
        self.echo = echo  # answers piped in: show each one after its prompt, as typed ones show
        self.framework = session.framework
        self.read = read
        self.out = out
        self.positions = [
            (role_index, statement_index)
            for role_index, role in enumerate(self.framework.roles)
            for statement_index in range(len(role.statements))
        ]
        self.keys = {option.key: option for option in self.framework.scale}
        choices = [_choice_label(option) for option in self.framework.scale]
        self.prompt = " / ".join([*choices, "[s]kip", "[b]ack", "[q]uit"]) + " > "

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    # -- the walk -----------------------------------------------------------------------------

    def run(self) -> int:
        session = self.session
        self.say(f"{printable(self.framework.title)}, plain mode.")
        answered = session.score.answered
        total = session.score.total
        self.say(
            f"File: {printable(session.label)}; every answer is saved at once. "
            f"{answered} of {total} statements answered."
        )
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
            role = self.framework.roles[role_index]
            if role_shown != role_index:
                self.show_role(role, role_index)
                role_shown = role_index
            command = self.ask(role, statement_index)
            if command == QUIT:
                self.say("Stopped. Every answer given is saved; run the same command to go on.")
                break
            if command == BACK:
                index = max(index - 1, 0)
                continue
            index += 1
            leaving_role = index == len(self.positions) or self.positions[index][0] != role_index
            if leaving_role:
                self.say(_role_line(self.session.score.roles[role_index]))
        self.summary()
        return 0 if self.session.save_error is None else 1

    def _first_open(self) -> int | None:
        for index, (role_index, statement_index) in enumerate(self.positions):
            role = self.framework.roles[role_index]
            entry = self.session.assessment.entry(role.id, role.statements[statement_index].id)
            if entry is None or not entry.settled:
                return index
        return None

    def show_role(self, role: Role, role_index: int) -> None:
        group = next(g for g in self.framework.groups if g.id == role.group)
        self.say()
        self.say(
            f"Role {role_index + 1} of {len(self.framework.roles)}: {printable(role.title)} "
            f"({printable(group.title)})"
        )
        purpose = role.purpose or "; ".join(role.looks_like)
        if purpose:
            self.say(f"  {printable(purpose)}")

    def ask(self, role: Role, statement_index: int) -> str | None:
        """Ask one statement until it gets an answer or a command; return the command."""
        statement = role.statements[statement_index]
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
            self.say(f"  Current answer: {answer_label(self.framework, entry.answer)}{confirm}.")
        if entry is not None and entry.note:
            self.say(f"  Note: {printable(entry.note)}")
        while True:
            print(self.prompt, end="", file=self.out, flush=True)
            line = self.read()
            if line == "":  # end of input: stop as if q
                self.say()
                return QUIT
            if self.echo:
                self.say(printable(line.rstrip("\n")))
            reply = line.strip().lower()
            if reply in (SKIP, BACK, QUIT):
                return reply
            option = self.keys.get(reply) or next(
                (o for o in self.framework.scale if o.label.lower() == reply), None
            )
            if option is None:
                keys = ", ".join([*self.keys, SKIP, BACK, QUIT])
                self.say(f"Please type one of {keys}.")
                continue
            if self.session.set_answer(role.id, statement.id, option.value):
                self.say(f"  Saved: {printable(option.label)}.")
            else:
                self.say(
                    f"  NOT SAVED to {printable(self.session.label)}: "
                    f"{printable(self.session.save_error or '')}. The answer is kept in memory."
                )
            return None

    def summary(self) -> None:
        result = self.session.score
        self.say()
        self.say("Summary")
        for group in self.framework.groups:
            self.say(f"{printable(group.title)}:")
            for role in self.framework.roles_in(group):
                self.say(f"  {_role_line(result.for_role(role.id))}")
        self.say(
            f"Overall: {_level_words(percent(result.percent), result.level)} "
            f"({result.answered} of {result.total} answered)."
        )
        open_count = result.total - result.answered
        if open_count:
            self.say(f"{open_count} statement(s) not answered yet.")


def run_plain(session: Session, stdin: TextIO, stdout: TextIO) -> int:
    try:
        piped = not stdin.isatty()
    except (AttributeError, ValueError):
        piped = True
    return PlainQuestionnaire(session, stdin.readline, stdout, echo=piped).run()
