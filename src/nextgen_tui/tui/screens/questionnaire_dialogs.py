"""The questionnaire's dialogs: each opens a form over the questionnaire and puts what it keeps
into the session (a note, the details, an action, the examples in place, a target), or settles
what happened to the file (saved elsewhere, changed on disk). The questionnaire screen binds a key
to each; they read its cursor and write only through its session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.assessment import Action
from ...core.errors import LoadError
from ...core.textsafe import printable

if TYPE_CHECKING:
    from .questionnaire import QuestionnaireScreen


def edit_note(screen: QuestionnaireScreen) -> None:
    if not screen.writable():
        return
    from .note_editor import NoteEditor

    role, statement = screen.role, screen.statement
    entry = screen.session.assessment.entry(role.id, statement.id)

    def keep(note: str | None) -> None:
        if note is not None and note != (entry.note if entry else ""):
            screen.attempt(lambda: screen.session.set_note(role.id, statement.id, note))

    screen.app.push_screen(NoteEditor(role, statement, entry.note if entry else ""), keep)


def edit_details(screen: QuestionnaireScreen, first_time: bool = False) -> None:
    from .details_form import DetailsForm, Entered

    if not screen.writable():
        return
    details = screen.session.assessment.details

    def keep(entered: Entered | None) -> None:
        before = Entered(details.state, details.respondent, details.agency)
        if entered is not None and entered != before:
            screen.attempt(
                lambda: screen.session.set_details(
                    state=entered.state, respondent=entered.respondent, agency=entered.agency
                )
            )

    form = DetailsForm(
        details.state,
        screen.session.respondent_offered,
        details.agency,
        first_time=first_time,
        asks_state=screen.instrument.state_by is None,
    )
    screen.app.push_screen(form, keep)


def save_as(screen: QuestionnaireScreen) -> None:
    from .save_as import SaveAsScreen

    if not screen.writable():
        return
    if screen.session.served:
        screen.notify(
            "Here your answers are saved only to your own file.",
            severity="warning",
            timeout=4,
            markup=False,
        )
        return

    def done(saved: bool | None) -> None:
        if saved:
            screen.notify(f"Saved to {printable(screen.session.label)}.", timeout=4, markup=False)

    screen.app.push_screen(SaveAsScreen(screen.session), done)


def resolve_conflict(screen: QuestionnaireScreen) -> None:
    """The file changed on disk behind our back: reload it, or save ours elsewhere."""
    from .conflict import ConflictScreen

    def chosen(choice: str | None) -> None:
        if choice == "reload":
            try:
                screen.session.reload()
            except LoadError as error:
                screen.notify(
                    printable(str(error)), title="Cannot reload", severity="error", markup=False
                )
                return
            screen.notify("Reloaded the file as it is on disk.", timeout=5, markup=False)
        elif choice == "save-as":
            save_as(screen)

    if not isinstance(screen.app.screen, ConflictScreen):
        conflict = ConflictScreen(screen.session.label, save_as=not screen.session.served)
        screen.app.push_screen(conflict, chosen)


def add_action(screen: QuestionnaireScreen) -> None:
    from .action_editor import ActionEditor

    if not screen.writable():
        return
    role, statement = screen.role, screen.statement

    def keep(action: Action | None) -> None:
        if action is not None:
            screen.attempt(lambda: screen.session.set_action(role.id, statement.id, None, action))

    screen.app.push_screen(ActionEditor(role, statement), keep)


def in_place(screen: QuestionnaireScreen) -> None:
    """Tick the statement's example bullets that are in place; the rest may become draft
    actions (see :func:`nextgen_tui.core.plan.draft_actions`)."""
    from ...core.plan import draft_actions
    from .in_place_dialog import InPlaceDialog, Ticked

    if not screen.writable():
        return
    role, statement = screen.role, screen.statement
    if not statement.examples:
        screen.notify("This statement has no examples to tick.", timeout=3, markup=False)
        return
    entry = screen.session.assessment.entry(role.id, statement.id)

    def keep(ticked: Ticked | None) -> None:
        if ticked is None:
            return
        if not screen.attempt(
            lambda: screen.session.set_in_place(role.id, statement.id, ticked.in_place)
        ):
            return
        if ticked.drafts:
            drafts = draft_actions(
                statement, screen.session.assessment.entry(role.id, statement.id)
            )
            add = screen.session.set_action
            if not screen.attempt(lambda: [add(role.id, statement.id, None, d) for d in drafts]):
                return
            screen.notify(
                f"{len(drafts)} draft action{'s' if len(drafts) != 1 else ''} added: "
                "A lists them, to give each an owner and a date.",
                timeout=5,
                markup=False,
            )

    dialog = InPlaceDialog(role, statement, entry.in_place if entry else [])
    screen.app.push_screen(dialog, keep)


def target(screen: QuestionnaireScreen, overall: bool = False) -> None:
    from .target_dialog import TargetDialog

    if not screen.writable():
        return
    key = "overall" if overall else screen.role.id
    name = "Overall" if overall else screen.role.title

    def keep(chosen: tuple[str | float | None] | None) -> None:
        if chosen is not None and chosen[0] != screen.session.assessment.targets.get(key):
            screen.attempt(lambda: screen.session.set_target(key, chosen[0]))

    current = screen.session.assessment.targets.get(key)
    screen.app.push_screen(TargetDialog(screen.instrument, name, current), keep)
