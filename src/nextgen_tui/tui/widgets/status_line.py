"""One line at the bottom: which file, and when it was last saved, or why it was not."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ...core.session import Change, Session
from ...core.textsafe import printable
from .session_follower import FollowsSession


class StatusLine(Static, FollowsSession):
    def __init__(
        self, session: Session, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self._shown: Content | None = None

    def on_mount(self) -> None:
        self.show()

    def session_changed(self, change: Change) -> None:
        self.show()

    def show(self) -> None:
        session = self.session
        state = session.state
        if state.status == "pending" and self._shown is not None:
            return  # saved right after this frame: the line changes once, when it is
        self.set_class(state.error is not None, "-error")
        where = printable(session.label)
        if state.error is not None:
            content = Content.assemble(
                ("NOT SAVED ", "bold"),
                f"to {where}: {printable(state.error)}. Answers are kept; "
                + (
                    "they are saved at your next change."
                    if session.served
                    else "ctrl+s saves elsewhere."
                ),
            )
        elif session.read_only:
            reason = session.read_only_reason
            why = f"({reason}) " if reason else ""
            content = Content.assemble(("Read-only ", "bold"), why, where)
        elif state.status == "new":
            content = Content.assemble(
                ("New file ", "bold"), f"{where} · saved at the first answer"
            )
        elif state.when is not None:
            local = state.when.astimezone()
            same_day = local.date() == session.clock().astimezone().date()
            when = local.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M")
            if session.saves == 0:
                content = Content.assemble(("Opened ", "bold"), f"{where} · last saved {when}")
            else:
                content = Content.assemble(("Saved ", "bold"), f"{when} · {where}")
        else:
            content = Content(where)
        shown = self._shown
        if shown is not None and shown.plain == content.plain and shown.spans == content.spans:
            return  # the same line: nothing to send to the terminal
        self._shown = content
        self.update(content, layout=False)  # one line, always
