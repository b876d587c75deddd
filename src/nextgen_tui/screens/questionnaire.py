"""The questionnaire: walk each role's statements, answer with one key, see maturity change."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen

from .. import walk
from ..framework import Role, Statement
from ..session import Session
from ..textsafe import printable
from ..widgets.answer_bar import AnswerBar
from ..widgets.key_bar import KeyBar
from ..widgets.maturity_sidebar import MaturitySidebar
from ..widgets.role_header import RoleHeader
from ..widgets.statement_list import StatementList
from ..widgets.statement_view import StatementView
from ..widgets.status_line import StatusLine
from ..widgets.title_bar import TitleBar


class QuestionnaireScreen(Screen[None]):
    """The main screen. Its state is the cursor (role, statement) and whether examples show;
    everything else is read from the session, which saves every change at once."""

    BINDINGS = [
        # on the key bar in this order, as the width allows (help and quit always)
        Binding("u", "clear", "Clear answer", show=False),
        Binding(
            "right_square_bracket",
            "next_unanswered",
            "Next open",
            tooltip="Next statement unanswered or to confirm, anywhere",
            key_display="]",
        ),
        Binding("r", "results", "Results", tooltip="Scores, levels and gaps by role"),
        Binding("e", "edit_note", "Note", tooltip="Edit the note of this statement"),
        Binding("f", "toggle_flag", "Flag", tooltip="Flag or unflag for follow-up"),
        Binding("x", "toggle_examples", "Show or hide examples", show=False),
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
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
        Binding("down,j", "move(1)", "Next statement", show=False),
        Binding("up,k", "move(-1)", "Previous statement", show=False),
        Binding("right,tab", "change_role(1)", "Next role", show=False, priority=True),
        Binding("left,shift+tab", "change_role(-1)", "Previous role", show=False, priority=True),
        Binding("m", "app.edit_metadata", "Edit state and team", show=False),
        Binding("ctrl+s", "app.save_as", "Save as…", show=False),
        # with text selected by the mouse, ctrl+c copies it; without, it quits as ever
        Binding("ctrl+c", "screen.copy_text", "Copy the selected text (none: quit)", show=False),
    ]

    cursor: var[tuple[int, int]] = var((0, 0), init=False)
    examples_shown: var[bool] = var(True, init=False)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.framework = session.framework
        self._add_answer_and_role_keys()

    def _add_answer_and_role_keys(self) -> None:
        """The answer keys come from the framework's scale, the role keys from its roles."""
        answer_keys = [
            Binding(
                option.key,
                f"answer('{option.value}')",
                option.label,
                tooltip=f"Answer {option.label} and move to the next statement",
            )
            for option in self.framework.scale
        ]
        role_keys = [
            Binding(str(number), f"jump({number - 1})", f"Role {number}", show=False)
            for number in range(1, min(len(self.framework.roles), 9) + 1)
        ]
        own = [
            binding
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
            and not (self.session.served and binding.action == "app.save_as")
        ]
        self.key_bindings = [*answer_keys, *own, *role_keys]
        self._bindings = BindingsMap(self.key_bindings)

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield RoleHeader()
                yield StatementList(self.framework)
                yield StatementView()
                yield AnswerBar(self.framework)
            yield MaturitySidebar(self.framework)
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.cursor = walk.first_open_or_start(self.framework, self.session.assessment)
        self.show_all()

    # -- reading the cursor ---------------------------------------------------------------------

    @property
    def role(self) -> Role:
        return self.framework.roles[self.cursor[0]]

    @property
    def statement(self) -> Statement:
        return self.role.statements[self.cursor[1]]

    def _next_unanswered(self, after: tuple[int, int] | None) -> tuple[int, int] | None:
        return walk.next_open(self.framework, self.session.assessment, after)

    # -- showing --------------------------------------------------------------------------------

    def show_all(self) -> None:
        """Render every part from the session and the cursor."""
        self.show_statement()
        self.show_progress()
        self.show_status()

    def show_statement(self) -> None:
        role, statement = self.role, self.statement
        entry = self.session.assessment.entry(role.id, statement.id)
        self.query_one(StatementView).show(
            statement, self.cursor[1], len(role.statements), entry, self.examples_shown
        )
        self.query_one(AnswerBar).show(entry.answer if entry else None)

    def show_progress(self) -> None:
        """The parts that change with any answer: the list, the header and the sidebar."""
        role = self.role
        score = self.session.score
        assessment = self.session.assessment
        self.query_one(StatementList).show(
            role.statements,
            [assessment.entry(role.id, statement.id) for statement in role.statements],
            self.cursor[1],
        )
        group = next(group for group in self.framework.groups if group.id == role.group)
        self.query_one(RoleHeader).show(
            role,
            group,
            self.cursor[0],
            len(self.framework.roles),
            score.roles[self.cursor[0]],
            score,
        )
        self.query_one(MaturitySidebar).show(score, self.cursor[0])

    def show_status(self) -> None:
        session = self.session
        self.query_one(StatusLine).show(
            session.label,
            read_only=session.read_only,
            read_only_reason=session.read_only_reason,
            saved=session.last_saved,
            error=session.save_error,
            is_new=session.is_new,
            now=session.clock(),
            opened=session.saves == 0,
            served=session.served,
        )
        metadata = session.assessment.metadata
        self.title = self.framework.title
        parts = (metadata.state, metadata.respondent)
        self.sub_title = printable(" · ".join(part for part in parts if part))

    def watch_cursor(self) -> None:
        self.show_statement()
        self.show_progress()

    def watch_examples_shown(self) -> None:
        self.show_statement()

    # -- changing -------------------------------------------------------------------------------

    #: What changes the file: not offered (nor shown on the key bar) when it is read-only.
    EDITING_ACTIONS = frozenset(
        {"answer", "clear", "toggle_flag", "edit_note", "app.edit_metadata", "app.save_as"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.session.read_only and action in self.EDITING_ACTIONS)

    def _writable(self) -> bool:
        if self.session.read_only:
            self.notify("This file is open read-only.", severity="warning", timeout=3, markup=False)
            return False
        return True

    def after_change(self, saved: bool) -> None:
        self.show_statement()
        self.show_progress()
        self.show_status()
        if not saved and self.session.conflict:
            self.call_later(self.run_action, "app.resolve_conflict")
        elif not saved:
            where = (
                "they are saved with your next change once the file can be written"
                if self.session.served
                else "press ctrl+s to save them to another file"
            )
            self.notify(
                f"Could not save: {self.session.save_error}. Your answers are kept in memory; "
                f"{where}.",
                title="Not saved",
                severity="error",
                timeout=8,
                markup=False,
            )

    def action_answer(self, value: str) -> None:
        if not self._writable():
            return
        answered_at = self.cursor
        role, statement = self.role, self.statement
        # only this statement's openness changes: all is answered now if it was open, and no
        # other is (looked for from here on, so the first one found is usually the next)
        was_open = walk.is_open(self.framework, self.session.assessment, answered_at)
        self.session.set_answer(role.id, statement.id, value, save=False)
        if was_open and self._next_unanswered(answered_at) is None:
            self.notify(
                "Every statement is answered. Press r for the results; "
                f"`nextgen-tui review {printable(self.session.label)}` prints a report.",
                title="All answered",
                timeout=8,
                markup=False,
            )
        self._advance()
        self.show_statement()  # one redraw for the answer and the move together...
        self.show_progress()
        self.call_after_refresh(self._save_answer, answered_at)  # ...and the save right after it

    def _save_answer(self, answered_at: tuple[int, int]) -> None:
        if not self.session.dirty:
            return  # saved already (by a later change, or on the way out)
        saved = self.session.flush()
        if not saved and self.session.conflict:
            self.cursor = answered_at  # stay on the answer the file did not take
        self.after_change(saved)

    def _advance(self) -> None:
        """Move to the next statement without redrawing; the caller redraws once."""
        following = walk.step(self.framework, self.cursor, 1)
        if following is not None:  # (after the very last statement it stays there)
            self.set_reactive(QuestionnaireScreen.cursor, following)

    def action_clear(self) -> None:
        if self._writable():
            saved = self.session.set_answer(self.role.id, self.statement.id, None)
            self.after_change(saved)

    def action_toggle_flag(self) -> None:
        if self._writable():
            entry = self.session.assessment.entry(self.role.id, self.statement.id)
            flagged = not (entry is not None and entry.flagged)
            saved = self.session.set_flag(self.role.id, self.statement.id, flagged)
            self.after_change(saved)

    def action_edit_note(self) -> None:
        if not self._writable():
            return
        from .note_editor import NoteEditor

        role, statement = self.role, self.statement
        entry = self.session.assessment.entry(role.id, statement.id)

        def keep(note: str | None) -> None:
            if note is not None and note != (entry.note if entry else ""):
                self.after_change(self.session.set_note(role.id, statement.id, note))

        self.app.push_screen(NoteEditor(role, statement, entry.note if entry else ""), keep)

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

    def action_results(self) -> None:
        from .results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.session))

    # -- moving ---------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        position = walk.step(self.framework, self.cursor, step)
        if position is not None:
            self.cursor = position

    def action_change_role(self, step: int) -> None:
        self.action_jump((self.cursor[0] + step) % len(self.framework.roles))

    def action_jump(self, role_index: int) -> None:
        if 0 <= role_index < len(self.framework.roles) and role_index != self.cursor[0]:
            self.cursor = walk.first_open_in_role(
                self.framework, self.session.assessment, role_index
            )

    def action_next_unanswered(self) -> None:
        position = self._next_unanswered(self.cursor)
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
        self.action_answer(message.value)

    @on(StatementView.ExamplesClicked)
    def _examples_clicked(self) -> None:
        self.action_toggle_examples()
