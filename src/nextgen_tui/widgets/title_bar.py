"""The top line: an icon that opens the command palette, and the screen's title and subtitle.

It looks as Textual's Header does (icon left, title centred and cut with … when too long) but is
one widget instead of four, which the first frame of every start draws.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "◆"
ICON_WIDTH, RIGHT_WIDTH = 8, 10  # as Header's: the title is centred between the two


class TitleBar(Widget):
    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node, name in ((self.screen, "title"), (self.screen, "sub_title")):
            self.watch(node, name, self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    @property
    def title(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        room = max(width - ICON_WIDTH - RIGHT_WIDTH, 1)
        title = self.title
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        right = room - title.cell_length - left
        return Content.assemble(
            f" {ICON}".ljust(ICON_WIDTH), " " * left, title, " " * (right + RIGHT_WIDTH)
        )

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            await self.run_action("app.command_palette")
