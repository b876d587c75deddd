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
    }
    """

    def on_mount(self) -> None:
        for node, name in ((self.screen, "title"), (self.screen, "sub_title")):
            self.watch(node, name, self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def _parts(self) -> tuple[str, str]:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return title or "", sub_title or ""

    @property
    def title(self) -> Content:
        return self.app.format_title(*self._parts())

    def render(self) -> Content:
        """Centred when it fits; else from the icon on, using the right margin too; else the
        main title is cut so that the subtitle (whose answers these are) stays whole."""
        width = self.size.width
        room = max(width - ICON_WIDTH - RIGHT_WIDTH, 1)
        title = self.title
        if title.cell_length <= room:
            left = (room - title.cell_length) // 2
            right = room - title.cell_length - left
            return Content.assemble(
                f" {ICON}".ljust(ICON_WIDTH), " " * left, title, " " * (right + RIGHT_WIDTH)
            )
        wide = max(width - ICON_WIDTH - 1, 1)
        if title.cell_length > wide:
            main, sub = self._parts()
            keep_for_main = wide - (self.app.format_title("", sub).cell_length)
            if sub and keep_for_main >= 8:
                main_cut = Content(main).truncate(keep_for_main, ellipsis=True).plain
                title = self.app.format_title(main_cut, sub)
            elif sub:
                title = Content(sub)  # narrow: whose answers these are, before what they answer
            title = title.truncate(wide, ellipsis=True)
        return Content.assemble(f" {ICON}".ljust(ICON_WIDTH), title).pad_right(
            max(width - ICON_WIDTH - title.cell_length, 0)
        )

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            await self.run_action("app.command_palette")
