"""The questionnaire: walk each role's statements, answer with one key, see maturity change.

The screen holds the cursor and whether examples show, and binds them to its widgets; the session
holds the answers. A key changes the session; the session announces the change (the app
publishes it as ``session_changed``) and each widget redraws itself from it. The screen also owns
its flows: the details form, the note editor, save-as, a conflict on disk, exports and help.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from ...core import order
from ...core.errors import NeedsExtra, SaveError
from ...core.instrument import Instrument, Role, Statement
from ...core.session import Change, Session
from ...core.textsafe import printable
from ..widgets.answer_bar import AnswerBar
from ..widgets.key_bar import KeyBar
from ..widgets.maturity_sidebar import MaturitySidebar
from ..widgets.role_header import RoleHeader
from ..widgets.session_follower import FollowsSession
from ..widgets.statement_list import StatementList
from ..widgets.statement_view import StatementView
from ..widgets.status_line import StatusLine
from ..widgets.title_bar import TitleBar
from . import questionnaire_dialogs
from .size_classes import SteadySize

if TYPE_CHECKING:
    from ...core.combine import TeamFile


class QuestionnaireScreen(SteadySize, Screen[None], FollowsSession):
    """The main screen. Made for one instrument by :meth:`for_instrument`, which adds its answer
    keys and role keys to these."""

    BINDINGS = [
        # on the key bar in this order, as the width allows (help and quit always)
        Binding("u", "clear", "Clear answer", show=False),
        Binding("enter", "edit_answer", "Answer", tooltip="Answer or edit this question"),
        # (only a team file has it: first, then, since its disputes are what is left to do)
        Binding(
            "c",
            "consensus",
            "Consensus",
            tooltip="A team file's disputes, widest first, to agree on",
        ),
        Binding(
            "right_square_bracket",
            "next_open",
            "Next open",
            tooltip="Next statement unanswered or to confirm, anywhere",
            key_display="]",
        ),
        Binding("r", "results", "Results", tooltip="Scores, levels and gaps by role"),
        Binding("e", "edit_note", "Note", tooltip="Edit the note of this statement"),
        Binding("f", "toggle_flag", "Flag", tooltip="Flag or unflag for follow-up"),
        Binding("x", "toggle_examples", "Show or hide examples", show=False),
        Binding("a", "add_action", "Plan an action on this statement", show=False),
        Binding("t", "target", "Set this role's target", show=False),
        Binding("i", "in_place", "Tick the examples in place", show=False),
        Binding("A", "plan", "The action plan: every action", show=False),
        Binding(
            "pagedown",
            "scroll_statement(1)",
            "Scroll the statement down",
            key_display="pgdn",
            show=False,
        ),
        Binding(
            "pageup",
            "scroll_statement(-1)",
            "Scroll the statement up",
            key_display="pgup",
            show=False,
        ),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
        Binding("down,j", "move(1)", "Next statement", show=False),
        Binding("up,k", "move(-1)", "Previous statement", show=False),
        Binding("right,tab", "change_role(1)", "Next role", show=False, priority=True),
        Binding("left,shift+tab", "change_role(-1)", "Previous role", show=False, priority=True),
        Binding("m", "edit_details", "Edit state and team", show=False),
        Binding("C", "confirm_role", "Confirm this role's carried answers", show=False),
        Binding("ctrl+s", "save_as", "Save as…", show=False),
        # with text selected by the mouse, ctrl+c copies it; without, it quits as ever
        Binding("ctrl+c", "screen.copy_text", "Copy the selected text (none: quit)", show=False),
    ]

    class Request(Message):
        """Run one of the questionnaire's actions from another screen or the palette (the app
        does, on the questionnaire screen): ``moves`` shows the questionnaire first."""

        def __init__(self, run: Callable[[QuestionnaireScreen], object], *, moves: bool) -> None:
            super().__init__()
            self.run = run
            self.moves = moves

    cursor: var[tuple[int, int]] = var((0, 0), init=False)
    role_index: var[int] = var(0, init=False)
    examples_shown: var[bool] = var(True, init=False)

    @classmethod
    def for_instrument(cls, instrument: Instrument) -> type[QuestionnaireScreen]:
        """The screen with this instrument's keys: an answer key per option of its scale (first
        on the key bar), and 1–9 for its roles."""
        answer_keys = [
            Binding(
                option.key,
                f"answer('{option.value}')",
                option.label,
                tooltip=f"Answer {option.label} and move to the next statement",
            )
            for option in instrument.scale
        ]
        role_keys = [
            Binding(str(number), f"jump({number - 1})", f"Role {number}", show=False)
            for number in range(1, min(len(instrument.roles), 9) + 1)
        ]
        bindings = [*answer_keys, *cls.BINDINGS, *role_keys]
        return type(cls.__name__, (cls,), {"BINDINGS": bindings}, inherit_bindings=False)

    def __init__(self, session: Session, team: TeamFile | None = None) -> None:
        """``team``: this person leads the team's meeting and may build that file from every
        answers file beside it, then open it."""
        super().__init__()
        self.session = session
        self.team = team
        self.instrument = session.instrument

    @property
    def key_bindings(self) -> list[Binding]:
        """Every key of this screen, in the key bar's order."""
        return [binding for binding in self.BINDINGS if isinstance(binding, Binding)]

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        Q = QuestionnaireScreen
        session = self.session
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield RoleHeader(session, id="role-header").data_bind(role_index=Q.role_index)
                yield StatementList(session, id="statement-list").data_bind(Q.cursor)
                yield StatementView(session, id="statement-view").data_bind(
                    Q.cursor, Q.examples_shown
                )
                yield AnswerBar(session, id="answer-bar").data_bind(Q.cursor)
            yield MaturitySidebar(session, id="sidebar").data_bind(role_index=Q.role_index)
        yield StatusLine(session, id="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.cursor = order.first_open_or_start(self.instrument, self.session.assessment)
        self._show_titles()
        if self.session.is_new and not self.session.read_only:
            self.action_edit_details(first_time=True)
        disputed = self.session.score.disputed
        if disputed and not self.session.read_only:
            self.notify(
                f"{disputed} statement{'s' if disputed > 1 else ''} the members answered "
                "differently. Press c for the consensus view: widest first, everyone's answer "
                "and note side by side.",
                title="Disputes to settle",
                timeout=10,
                markup=False,
            )

    def watch_cursor(self, cursor: tuple[int, int]) -> None:
        self.role_index = cursor[0]

    def _show_titles(self) -> None:
        details = self.session.assessment.details
        self.title = self.instrument.title
        parts = (details.state, details.respondent)
        self.sub_title = printable(" · ".join(part for part in parts if part))

    # -- reading the cursor ---------------------------------------------------------------------

    @property
    def role(self) -> Role:
        return self.instrument.roles[self.cursor[0]]

    @property
    def statement(self) -> Statement:
        return self.role.statements[self.cursor[1]]

    # -- what the session says ------------------------------------------------------------------

    def session_changed(self, change: Change) -> None:
        if change.kind in ("details", "reloaded", "saved"):
            self._show_titles()
        state = change.state
        if state.status == "conflict":
            where = self.session.unsaved_at
            if where is not None:
                self.cursor = order.position_of(self.instrument, *where)  # the answer not taken
            self.call_later(self.action_resolve_conflict)
        elif state.status == "failed" and change.kind == "saved":
            then = (
                "they are saved with your next change once the file can be written"
                if self.session.served
                else "press ctrl+s to save them to another file"
            )
            self.notify(
                f"Could not save: {state.error}. Your answers are kept in memory; {then}.",
                title="Not saved",
                severity="error",
                timeout=8,
                markup=False,
            )

    # -- changing -------------------------------------------------------------------------------

    #: What changes the file: not offered (nor shown on the key bar) when it is read-only.
    EDITING_ACTIONS = frozenset(
        {
            "answer",
            "edit_answer",
            "clear",
            "toggle_flag",
            "edit_note",
            "edit_details",
            "save_as",
            "add_action",
            "target",
            "in_place",
            "confirm_role",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "build_team":
            return self.team is not None
        if action == "edit_answer":  # a scaled statement is answered by its keys
            return not self.statement.is_scale and not self.session.read_only
        if action == "consensus":  # (read-only, it shows how the team agreed)
            return self.session.assessment.is_team
        if action == "target" and not self.instrument.has_scores:
            return False  # nothing is scored: there is no level to aim at
        if action == "save_as" and self.session.served:
            return False  # a served person writes only their own file
        return not (self.session.read_only and action in self.EDITING_ACTIONS)

    def writable(self) -> bool:
        if self.session.read_only:
            self.notify("This file is open read-only.", severity="warning", timeout=3, markup=False)
            return False
        return True

    def action_answer(self, value: str) -> None:
        if not self.writable():
            return
        if not self.statement.is_scale:
            self.notify("This question is answered with Enter.", timeout=3, markup=False)
            return
        self._answered(lambda: self.session.set_answer(self.role.id, self.statement.id, value))

    def action_edit_answer(self) -> None:
        """Open the editor of this question's type; what it keeps answers the question."""
        from .answer_editors import (
            ChoiceEditor,
            DateEditor,
            GroupEditor,
            NumberEditor,
            ShortTextEditor,
        )
        from .note_editor import NoteEditor

        if not self.writable() or self.statement.is_scale:
            return
        role, statement, at = self.role, self.statement, self.cursor
        entry = self.session.assessment.entry(role.id, statement.id)

        def keep(typed: dict[str, object] | None) -> None:
            if typed is None or self.cursor != at:
                return
            before = entry.typed if entry is not None else {}
            if {k: v for k, v in typed.items() if v not in (None, "", [])} == before:
                return  # nothing changed: no save, no step on
            self._answered(lambda: self.session.set_typed(role.id, statement.id, typed))

        kind = statement.type
        if kind == "long-text":
            text = entry.text if entry else ""
            if not text and entry is not None and entry.members:  # a team composes from all
                text = "\n\n".join(
                    f"{member.name}: {member.text}" for member in entry.members if member.text
                )

            def kept(text: str | None) -> None:
                keep(None if text is None else ({"text": text} if text else {}))

            self.app.push_screen(NoteEditor(role, statement, text, title="Answer"), kept)
        elif kind == "short-text":
            self.app.push_screen(
                ShortTextEditor(role, statement, entry.text if entry else ""), keep
            )
        elif kind in ("choice", "choices"):
            self.app.push_screen(ChoiceEditor(role, statement, entry), keep)
        elif kind == "number":
            self.app.push_screen(NumberEditor(role, statement, entry), keep)
        elif kind == "date":
            self.app.push_screen(DateEditor(role, statement, entry), keep)
        elif kind == "group":
            self.app.push_screen(GroupEditor(role, statement, entry), keep)

    def _answered(self, change: Callable[[], object]) -> None:
        """Make the change that answers the question at the cursor, then move on (and say so
        when it was the last one open)."""
        answered_at = self.cursor
        # only this statement's openness changes: all is answered now if it was open, and no
        # other is (looked for from here on, so the first one found is usually the next)
        was_open = order.is_open(self.instrument, self.session.assessment, answered_at)
        if not self.attempt(change):
            return
        if (
            was_open
            and order.next_open(self.instrument, self.session.assessment, answered_at) is None
        ):
            report = (  # a served person runs no command: what they can do here
                "ctrl+p, “Export report”, writes the report beside your file."
                if self.session.served
                else f"`nextgen-tui review {printable(self.session.label)}` prints a report."
            )
            self.notify(
                f"Every statement is answered. Press r for the results; {report}",
                title="All answered",
                timeout=8,
                markup=False,
            )
        following = order.step(self.instrument, self.cursor, 1)
        if following is not None:  # (after the very last statement it stays there)
            self.cursor = following

    def action_clear(self) -> None:
        if not self.writable():
            return
        if self.statement.is_scale:
            self.attempt(lambda: self.session.set_answer(self.role.id, self.statement.id, None))
        else:
            self.attempt(lambda: self.session.set_typed(self.role.id, self.statement.id, {}))

    def action_confirm_role(self) -> None:
        """After a look: the role's answers carried from the last cycle stand as they are."""
        if not self.writable():
            return
        role = self.role
        waiting = self.session.assessment.carried_in(role.id)
        if not waiting:
            self.notify(
                "Nothing to confirm here: no answer of this role is carried from the last cycle.",
                timeout=4,
                markup=False,
            )
            return
        if self.attempt(lambda: self.session.confirm(role.id)):
            self.notify(
                f"Confirmed {waiting} carried answer{'s' if waiting != 1 else ''} of "
                f"{printable(role.title)} as they are.",
                timeout=4,
                markup=False,
            )

    def action_toggle_flag(self) -> None:
        if self.writable():
            entry = self.session.assessment.entry(self.role.id, self.statement.id)
            flagged = not (entry is not None and entry.flagged)
            self.attempt(lambda: self.session.set_flag(self.role.id, self.statement.id, flagged))

    def action_edit_note(self) -> None:
        questionnaire_dialogs.edit_note(self)

    def action_edit_details(self, first_time: bool = False) -> None:
        questionnaire_dialogs.edit_details(self, first_time)

    def action_save_as(self) -> None:
        questionnaire_dialogs.save_as(self)

    def action_resolve_conflict(self) -> None:
        questionnaire_dialogs.resolve_conflict(self)

    def action_export(self, name: str, report: Literal["review", "plan"] = "review") -> None:
        """Write the review report (or the plan) beside the answers file (see
        :func:`~nextgen_tui.report.export.export_beside`)."""
        from ...report.export import export_beside
        from ...report.formats import FORMATS

        session = self.session
        if session.served and FORMATS[name].starts_a_program:
            return  # (not offered: a served person's export starts no other program)
        try:
            target = export_beside(
                session.instrument, session.path, session.assessment, name, report
            )
        except (SaveError, NeedsExtra) as error:
            self.notify(
                printable(str(error)),
                title="Not exported",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        shown = session.shown(target)
        self.notify(f"Wrote {printable(shown)}", title="Exported", timeout=5, markup=False)

    def action_help(self) -> None:
        from .help import HelpScreen, describe_bindings

        keys = describe_bindings(
            [
                b
                for b in self.key_bindings
                if self.check_action(b.action.split("(")[0], ()) is not False
            ]
        )
        self.app.push_screen(HelpScreen(keys, self.instrument))

    def action_toggle_examples(self) -> None:
        self.examples_shown = not self.examples_shown

    def action_scroll_statement(self, pages: int) -> None:
        """A statement with its examples and note may be taller than its room on a small
        terminal: page through it from the keyboard."""
        view = self.query_one(StatementView)
        if pages > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)

    def action_add_action(self) -> None:
        questionnaire_dialogs.add_action(self)

    def action_in_place(self) -> None:
        questionnaire_dialogs.in_place(self)

    def action_target(self, overall: bool = False) -> None:
        questionnaire_dialogs.target(self, overall)

    def action_plan(self) -> None:
        from .plan_screen import PlanScreen

        self.app.push_screen(PlanScreen(self.session))

    def action_build_team(self) -> None:
        """Build the team file from everyone's answers files as they are now (keeping what the
        team agreed before), then end this app to open it in place of this file."""
        from ...core.combine import build_team_file

        if self.team is None:
            return
        try:
            built = build_team_file(self.instrument, self.team)
        except SaveError as error:
            self.notify(
                printable(str(error)), title="Not built", severity="error", timeout=8, markup=False
            )
            return
        if built is None:
            self.notify(
                "Nobody has answered yet: there is nothing to build the team file from.",
                severity="warning",
                timeout=6,
                markup=False,
            )
            return
        self.app.exit(self.team.path)

    def action_consensus(self) -> None:
        from .consensus import ConsensusScreen

        self.app.clear_notifications()  # (the one that offered this view covered part of it)
        self.app.push_screen(ConsensusScreen.for_session(self.session)(self.session))

    def action_results(self) -> None:
        from .results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.session))

    # -- moving ---------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        position = order.step(self.instrument, self.cursor, step)
        if position is not None:
            self.cursor = position

    def action_change_role(self, step: int) -> None:
        self.action_jump((self.cursor[0] + step) % len(self.instrument.roles))

    def action_jump(self, role_index: int) -> None:
        if 0 <= role_index < len(self.instrument.roles) and role_index != self.cursor[0]:
            self.cursor = order.first_open_in_role(
                self.instrument, self.session.assessment, role_index
            )

    def action_go_to(self, role_index: int, statement_index: int) -> None:
        """Show this statement (the plan screen's "go to")."""
        if 0 <= role_index < len(self.instrument.roles):
            role = self.instrument.roles[role_index]
            if 0 <= statement_index < len(role.statements):
                self.cursor = (role_index, statement_index)

    def action_next_open(self) -> None:
        position = order.next_open(self.instrument, self.session.assessment, self.cursor)
        if position is None:
            self.notify("Every statement is answered.", timeout=3, markup=False)
        else:
            self.cursor = position

    # -- mouse ----------------------------------------------------------------------------------

    @on(MaturitySidebar.RoleSelected)
    def _role_clicked(self, message: MaturitySidebar.RoleSelected) -> None:
        self.action_jump(message.role_index)

    @on(StatementList.Selected)
    def _statement_clicked(self, message: StatementList.Selected) -> None:
        self.cursor = (self.cursor[0], message.statement_index)

    @on(AnswerBar.Chosen)
    def _answer_clicked(self, message: AnswerBar.Chosen) -> None:
        if message.value == "typed":
            self.action_edit_answer()
        else:
            self.action_answer(message.value)

    @on(StatementView.ExamplesClicked)
    def _examples_clicked(self) -> None:
        self.action_toggle_examples()
