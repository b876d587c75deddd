"""One line at the bottom: which file, and when it was last saved, or why it was not."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from ..textsafe import printable


class StatusLine(Static):
    def __init__(self) -> None:
        super().__init__(id="status-line")

    def show(
        self,
        path: str,
        *,
        read_only: bool,
        read_only_reason: str | None,
        saved: datetime | None,
        error: str | None,
        is_new: bool,
        now: datetime,
        opened: bool = False,
        served: bool = False,
    ) -> None:
        """``opened``: nothing saved since the file was opened (its time is the last save's,
        by whoever made it); ``served``: there is no save-as to offer."""
        self.set_class(error is not None, "-error")
        where = printable(path)
        if error is not None:
            content = Content.assemble(
                ("NOT SAVED ", "bold"),
                f"to {where}: {printable(error)}. Answers are kept; "
                + ("they are saved at your next change." if served else "ctrl+s saves elsewhere."),
            )
        elif read_only:
            why = f"({read_only_reason}) " if read_only_reason else ""
            content = Content.assemble(("Read-only ", "bold"), why, where)
        elif is_new:
            content = Content.assemble(
                ("New file ", "bold"), f"{where} · saved at the first answer"
            )
        elif saved is not None:
            local = saved.astimezone()
            same_day = local.date() == now.astimezone().date()
            when = local.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M")
            if opened:
                content = Content.assemble(("Opened ", "bold"), f"{where} · last saved {when}")
            else:
                content = Content.assemble(("Saved ", "bold"), f"{when} · {where}")
        else:
            content = Content(where)
        self.update(content, layout=False)  # one line, always
