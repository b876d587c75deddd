"""The command palette's commands for the questionnaire (ctrl+p), as a provider of their own.

Each command runs one of the questionnaire's actions by name, through the app's router
(``app.questionnaire(ACTION)``), from whatever screen the palette was opened on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..core.session import Session
from ..core.textsafe import printable
from ..report.formats import FORMATS


class Command(NamedTuple):
    title: str
    help: str
    action: str  # the questionnaire's


def offered(session: Session, *, team_file: Path | None = None) -> Iterator[Command]:
    """The commands offered for this session (none that would change a read-only file, no
    save-as for a served person; building the team file for its facilitator only)."""
    framework = session.framework
    section = framework.section_name
    for index, role in enumerate(framework.roles):
        yield Command(
            f"Jump to {section} {index + 1}: {printable(role.title)}",
            f"Show this {section}'s first unanswered question",
            f"jump({index})",
        )
    yield Command(
        "Next unanswered statement",
        "Go to the next statement with no answer (])",
        "next_unanswered",
    )
    if team_file is not None:
        yield Command(
            "Build the team file and open it",
            f"Everyone's answers as they are now, into {team_file.name}; agreements kept",
            "build_team",
        )
    if session.assessment.is_team and not session.read_only:
        yield Command(
            "Consensus view",
            "A team file's disputes, widest first, each member's answer and note (c)",
            "consensus",
        )
    if framework.has_scores:
        yield Command("Results", "Scores, levels and gaps by role (r)", "results")
    else:
        yield Command("Results", f"How much of each {section} is filled in (r)", "results")
    yield Command("Action plan", "Every action across roles, to sort and update (A)", "plan")
    if not session.read_only:
        yield Command(
            "Plan an action", "On the statement shown: what, owner, due (a)", "add_action"
        )
    if not session.read_only:
        yield Command(
            "Edit state and team",
            "The state and respondent saved in the file (m)",
            "edit_details",
        )
        if not session.served:
            yield Command("Save as…", "Save the answers to another file (ctrl+s)", "save_as")
    yield Command("Show or hide examples", "The “For example” bullets (x)", "toggle_examples")
    for name, fmt in FORMATS.items():
        yield Command(
            f"Export report as {fmt.label}",
            f"Write the review report next to the answers file ({fmt.label})",
            f"export('{name}')",
        )
    for name, fmt in FORMATS.items():
        yield Command(
            f"Export the plan as {fmt.label}",
            f"Targets and every action, next to the answers file ({fmt.label})",
            f"export('{name}', 'plan')",
        )
    yield Command("Help", "Every key (?)", "help")


class QuestionnaireCommands(Provider):
    def _offered(self) -> Iterator[Command]:
        app = self.app
        return offered(app.session, team_file=app.team_file)  # type: ignore[attr-defined]

    def _run(self, action: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.app.run_action(f"questionnaire({action!r})")

        return run

    async def discover(self) -> Hits:
        for title, help_text, action in self._offered():
            yield DiscoveryHit(title, self._run(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._offered():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), self._run(action), help=help_text)
