"""The consensus view: a team file's disputes, one at a time, for the team to agree on.

Disputes come widest first (Yes against No before Yes against Partially), each with every
member's answer and note beside their name and agency, above the fold at 80×24. One key takes a
member's answer (1–9) or sets the team's (the scale's keys); ``e`` writes why; ``u`` takes back
the last agreement. Agreeing keeps the record: the members' answers stay in the file, with the
team's answer, the reason and when.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static

from ...core import order
from ...core.assessment import Entry
from ...core.instrument import Role, Statement
from ...core.session import Change, Session
from ...core.textsafe import printable
from ...core.wording import answer_text, answer_tone, cells, fit
from ..widgets.key_bar import KeyBar
from ..widgets.session_follower import FollowsSession
from ..widgets.statement_list import ANSWER_CLASSES
from ..widgets.title_bar import TitleBar
from .hanging_indent import hanging


class ConsensusScreen(Screen[None], FollowsSession):
    COMPONENT_CLASSES = {
        "consensus--progress",
        "consensus--place",
        "consensus--header",
        "consensus--agreed",
        "consensus--open",
        *ANSWER_CLASSES.values(),
    }

    BINDINGS = [
        Binding("right_square_bracket,down,j", "step(1)", "Next dispute", key_display="]"),
        Binding("left_square_bracket,up,k", "step(-1)", "Previous dispute", show=False),
        Binding("e", "rationale", "Why", tooltip="Write why the team agreed"),
        Binding("u", "undo", "Undo", tooltip="Take back the last agreement"),
        Binding("escape,c", "app.pop_screen", "Back", tooltip="Back to the questionnaire"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    #: Which dispute is shown (an index into :attr:`order`).
    index: var[int] = var(0, init=False)

    @classmethod
    def for_session(cls, session: Session) -> type[ConsensusScreen]:
        """The screen with this instrument's answer keys (set the team's answer) and a key per
        member (take their answer), first on the key bar."""
        instrument = session.instrument
        # on the key bar the first of each kind stands for them all ("1–4 Member's")
        scale = instrument.scale
        answer_keys = [
            Binding(
                option.key,
                f"agree('{option.value}')",
                "Team's" if index == 0 else f"Set the team's answer: {option.label}",
                key_display="/".join(o.key for o in scale) if index == 0 else None,
                tooltip=f"Set the team's answer: {option.label}",
                show=index == 0,
            )
            for index, option in enumerate(scale)
        ]
        count = min(len(session.assessment.members), 9)
        member_keys = [
            Binding(
                str(number),
                f"take({number - 1})",
                "Member's" if number == 1 else f"Take member {number}'s answer",
                key_display=f"1–{count}" if number == 1 and count > 1 else None,
                tooltip="Take this member's answer as the team's",
                show=number == 1,
            )
            for number in range(1, count + 1)
        ]
        bindings = [*member_keys, *answer_keys, *cls.BINDINGS]
        return type(cls.__name__, (cls,), {"BINDINGS": bindings}, inherit_bindings=False)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.instrument = session.instrument
        #: The disputes in a meeting's order, fixed while the view is open.
        self.order = order.disputes(self.instrument, session.assessment)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="consensus"):
            yield Static(id="consensus-progress")
            yield Static(id="consensus-statement")
            yield Static(id="consensus-members")
            yield Static(id="consensus-team")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Consensus"
        self.sub_title = printable(self.session.assessment.details.respondent)
        self._show()

    def session_changed(self, change: Change) -> None:
        if change.kind != "saved":
            self._show()

    def watch_index(self) -> None:
        self.query_one("#consensus", VerticalScroll).scroll_home(animate=False)
        self._show()

    # -- what is shown ----------------------------------------------------------------------------

    @property
    def current(self) -> tuple[Role, Statement, Entry | None] | None:
        if not self.order:
            return None
        role_index, statement_index = self.order[self.index]
        role = self.instrument.roles[role_index]
        statement = role.statements[statement_index]
        return role, statement, self.session.assessment.entry(role.id, statement.id)

    @property
    def settled(self) -> int:
        """How many of the disputes are agreed on."""
        assessment = self.session.assessment
        count = 0
        for role_index, statement_index in self.order:
            role = self.instrument.roles[role_index]
            entry = assessment.entry(role.id, role.statements[statement_index].id)
            count += entry is not None and entry.answer is not None
        return count

    def _style(self, component: str) -> Style:
        return self.get_visual_style(component, partial=True)

    def _show(self) -> None:
        progress = self.query_one("#consensus-progress", Static)
        current = self.current
        if current is None:
            progress.update(Content("This file has no disputes: its members agree."))
            for name in ("statement", "members", "team"):
                self.query_one(f"#consensus-{name}", Static).update("")
            return
        role, statement, entry = current
        width = max((self.size.width or self.app.size.width) - 2, 20)
        settled = self.settled
        progress.update(
            Content.assemble(
                (f"{settled} of {len(self.order)} disputes settled", "bold"),
                (f" · dispute {self.index + 1} of {len(self.order)}, widest first", "dim"),
            ).stylize(self._style("consensus--progress"))
        )
        place = self.instrument.label_of(role, statement)
        self.query_one("#consensus-statement", Static).update(
            Content.assemble(
                (f"{place} {printable(role.label)}", self._style("consensus--place")),
                "\n",
                Content(printable(statement.text)),
            )
        )
        self.query_one("#consensus-members", Static).update(self._members(entry, width))
        self.query_one("#consensus-team", Static).update(self._team(entry))

    def _members(self, entry: Entry | None, width: int) -> Content:
        """A line per member: number, name, agency, answer, and their note beside it."""
        assessment = self.session.assessment
        names = [member.name for member in assessment.members]
        said = {member.name: member for member in (entry.members if entry else [])}
        name_width = min(max([6, *(cells(printable(name)) for name in names)]), 18)
        agencies = [printable(assessment.agency_of(name)) for name in names]
        agency_width = min(max([6, *(cells(agency) for agency in agencies)]), 16)
        answer_width = max(
            cells(answer_text(self.instrument, o.value)) for o in self.instrument.scale
        )
        answer_width = max(answer_width, cells(answer_text(self.instrument, None)))
        lead = 4 + name_width + 2 + agency_width + 2 + answer_width + 2
        header = self._style("consensus--header")
        parts: list[str | tuple[str, str | Style] | Content] = [
            (
                f"    {'Member':<{name_width}}  {'Agency':<{agency_width}}  "
                f"{'Answer':<{answer_width}}  Note",
                header,
            ),
            "\n",
        ]
        for number, (name, agency) in enumerate(zip(names, agencies, strict=True), start=1):
            member = said.get(name)
            answer = member.answer if member else None
            tone = self._style(ANSWER_CLASSES[answer_tone(self.instrument, answer)])
            note = printable(member.note, multiline=True) if member and member.note else ""
            parts += [
                (f"{number:>2}  " if number <= 9 else "    ", "bold"),
                f"{fit(printable(name), name_width):<{name_width}}  ",
                (f"{fit(agency, agency_width):<{agency_width}}  ", "dim"),
                (f"{answer_text(self.instrument, answer):<{answer_width}}  ", tone),
                hanging(Content(note), " " * lead, width, first=""),
                "\n",
            ]
        return Content.assemble(*parts).rstrip()

    def _team(self, entry: Entry | None) -> Content:
        if entry is not None and entry.answer is not None:
            agreed = self._style("consensus--agreed")
            when = entry.agreed.astimezone().strftime("%Y-%m-%d %H:%M") if entry.agreed else ""
            return Content.assemble(
                ("Team's answer: ", "bold"),
                (answer_text(self.instrument, entry.answer), agreed),
                (f"  agreed {when}" if when else "", "dim"),
                "\n",
                ("Why: ", "bold"),
                printable(entry.rationale, multiline=True) if entry.rationale else ("—", "dim"),
            )
        count = min(len(self.session.assessment.members), 9)
        keys = "/".join(option.key for option in self.instrument.scale)
        hint = (
            "  (read-only: how the team agreed, changing nothing)"
            if self.session.read_only
            else f"  1–{count} takes a member's, {keys} sets the team's; e: why"
        )
        why = entry.rationale if entry is not None else ""
        return Content.assemble(
            ("Team's answer: ", "bold"),
            ("not agreed yet", self._style("consensus--open")),
            (hint, "dim"),
            *(("\n", ("Why: ", "bold"), printable(why, multiline=True)) if why else ()),
        )

    # -- agreeing ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session.read_only and action in ("agree", "take", "rationale", "undo"):
            return False
        if action in ("agree", "take", "rationale", "step"):
            return self.current is not None
        if action == "undo":
            return self.session.can_undo_agreement
        return True

    def action_help(self) -> None:
        from .help import HelpScreen, describe_bindings

        bindings = [binding for binding in self.BINDINGS if isinstance(binding, Binding)]
        self.app.push_screen(HelpScreen(describe_bindings(bindings), self.instrument))

    def action_take(self, member_index: int) -> None:
        current = self.current
        members = self.session.assessment.members
        if current is None or member_index >= len(members):
            return
        _role, _statement, entry = current
        name = members[member_index].name
        member = next((m for m in (entry.members if entry else []) if m.name == name), None)
        if member is None or member.answer is None:
            self.notify(
                f"{printable(name)} left this statement blank.",
                severity="warning",
                timeout=3,
                markup=False,
            )
            return
        self.action_agree(member.answer)

    def action_agree(self, value: str) -> None:
        current = self.current
        if current is None:
            return
        role, statement, entry = current
        rationale = entry.rationale if entry else ""
        if self.attempt(lambda: self.session.agree(role.id, statement.id, value, rationale)):
            self._agreed(value)

    def _agreed(self, value: str) -> None:
        """Stay on the dispute just settled (its answer and its reason in view, e to write
        why) until the facilitator moves on; say what comes next."""
        assessment = self.session.assessment
        still_open = 0
        for role_index, statement_index in self.order:
            role = self.instrument.roles[role_index]
            entry = assessment.entry(role.id, role.statements[statement_index].id)
            still_open += entry is not None and entry.disputed
        answer = answer_text(self.instrument, value)
        if still_open:
            message = f"Agreed: {answer}. e writes why; ] goes on ({still_open} still open)."
        else:
            message = (
                f"Agreed: {answer}. All {len(self.order)} disputes are settled. "
                "e writes why; Esc goes back to the questionnaire."
            )
        self.notify(message, title="Agreed", timeout=6, markup=False)

    def action_rationale(self) -> None:
        from .note_editor import NoteEditor

        current = self.current
        if current is None:
            return
        role, statement, entry = current
        before = entry.rationale if entry else ""

        def keep(text: str | None) -> None:
            if text is not None and text != before:
                self.attempt(lambda: self.session.set_rationale(role.id, statement.id, text))

        self.app.push_screen(NoteEditor(role, statement, before, title="Why the team agreed"), keep)

    def action_undo(self) -> None:
        where = self.session.undo_agreement()
        if where is None:
            return
        position = order.position_of(self.instrument, *where)
        if position in self.order:
            self.index = self.order.index(position)
        self.notify("Took back the last agreement.", timeout=3, markup=False)

    def action_step(self, step: int) -> None:
        if self.order:
            self.index = (self.index + step) % len(self.order)
