"""The command palette's commands for the questionnaire (ctrl+p), as a provider of their own.

Each command is one of the questionnaire's actions, called on the questionnaire screen itself
(a :class:`~nextgen_tui.tui.screens.questionnaire.QuestionnaireScreen.Request` to the app), from
whatever screen the palette was opened on; a command that moves the cursor goes back to the
questionnaire first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..core.session import Session
from ..core.textsafe import printable
from ..report.formats import FORMATS
from .screens.questionnaire import QuestionnaireScreen

if TYPE_CHECKING:
    from ..core.combine import TeamFile
    from .app import NextGenApp


class Command(NamedTuple):
    title: str
    help: str
    #: What it does, on the questionnaire screen.
    run: Callable[[QuestionnaireScreen], object]
    #: It moves the questionnaire's cursor: the questionnaire is shown first.
    moves: bool = False


def offered(session: Session, *, team: TeamFile | None = None) -> Iterator[Command]:
    """The commands offered for this session (none that would change a read-only file, no
    save-as for a served person; building the team file for its facilitator only)."""
    instrument = session.instrument
    section = instrument.section_name
    Q = QuestionnaireScreen
    for index, role in enumerate(instrument.roles):
        yield Command(
            f"Jump to {section} {index + 1}: {printable(role.title)}",
            f"Show this {section}'s first unanswered question",
            partial(Q.action_jump, role_index=index),
            moves=True,
        )
    yield Command(
        "Next open statement",
        "Go to the next statement unanswered or to confirm, anywhere (])",
        Q.action_next_open,
        moves=True,
    )
    if team is not None:
        yield Command(
            "Build the team file and open it",
            f"Everyone's answers as they are now, into {team.path.name}; agreements kept",
            Q.action_build_team,
        )
    if session.assessment.is_team and not session.read_only:
        yield Command(
            "Consensus view",
            "A team file's disputes, widest first, each member's answer and note (c)",
            Q.action_consensus,
        )
    if instrument.has_scores:
        yield Command("Results", "Scores, levels and gaps by role (r)", Q.action_results)
    else:
        yield Command("Results", f"How much of each {section} is filled in (r)", Q.action_results)
    yield Command("Action plan", "Every action across roles, to sort and update (A)", Q.action_plan)
    if not session.read_only:
        yield Command(
            "Plan an action", "On the statement shown: what, owner, due (a)", Q.action_add_action
        )
        yield Command(
            "Edit state and team",
            "The state and respondent saved in the file (m)",
            Q.action_edit_details,
        )
        if not session.served:
            yield Command("Save as…", "Save the answers to another file (ctrl+s)", Q.action_save_as)
    yield Command(
        "Show or hide examples",
        "The “For example” bullets (x)",
        Q.action_toggle_examples,
        moves=True,
    )
    # a served person's exports start no other program (PDF is printed by Chromium)
    exports = {
        name: fmt for name, fmt in FORMATS.items() if not (session.served and fmt.starts_a_program)
    }
    for name, fmt in exports.items():
        yield Command(
            f"Export report as {fmt.label}",
            f"Write the review report next to the answers file ({fmt.label})",
            partial(Q.action_export, name=name),
        )
    for name, fmt in exports.items():
        yield Command(
            f"Export the plan as {fmt.label}",
            f"Targets and every action, next to the answers file ({fmt.label})",
            partial(Q.action_export, name=name, report="plan"),
        )
    yield Command("Help", "Every key (?)", Q.action_help)


class QuestionnaireCommands(Provider):
    def _offered(self) -> Iterator[Command]:
        app = cast("NextGenApp", self.app)
        return offered(app.session, team=app.team)

    def _run(self, command: Command) -> Callable[[], None]:
        def run() -> None:
            self.app.post_message(QuestionnaireScreen.Request(command.run, moves=command.moves))

        return run

    async def discover(self) -> Hits:
        for command in self._offered():
            yield DiscoveryHit(command.title, self._run(command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._offered():
            if (score := matcher.match(command.title)) > 0:
                highlighted = matcher.highlight(command.title)
                yield Hit(score, highlighted, self._run(command), help=command.help)
