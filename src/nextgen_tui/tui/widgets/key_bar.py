"""The bottom line of keys, as Textual's Footer shows them, drawn by one widget.

Footer builds a widget per key and composes them again whenever the bindings change; this draws
the same line (keys, their descriptions, the command palette's key on the right) as one line of
text, so starting and switching screens cost less. A click on a key presses it.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from ...core.wording import cells

DIM = Style(dim=True)

Item = tuple[str, str, str, bool, str]  # key, shown key, description, enabled, tip


class KeyBar(Widget):
    """Its look (the key, its description, the key under the mouse pointer, the line before the
    palette's key) is the stylesheet's, by these component classes."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--divider",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # per key shown: start, end, key, enabled, what the mouse pointer over it says
        self.spans: list[tuple[int, int, str, bool, str]] = []
        self.hover: int | None = None

    #: Said last when some keys had no room (? lists them all).
    MORE = " more: ? "

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    @property
    def _shown_screen(self) -> Screen:
        """Whose keys work now: this bar's screen, or a dialog open over it (whose keys are the
        only ones that do anything then)."""
        top = self.app.screen
        return top if top is not self.screen and top.is_modal else self.screen

    def _items(self) -> tuple[list[Item], Item | None]:
        """(key, shown key, description, enabled, tip) per action shown, and the palette's."""
        active = self._shown_screen.active_bindings
        items: list[Item] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                key_display = self.app.get_key_display(binding)
                tip = tooltip or binding.tooltip or binding.description
                items.append((binding.key, key_display, binding.description, enabled, tip))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            tip = tooltip or binding.tooltip or "Open the command palette"
            palette = (binding.key, self.app.get_key_display(binding), "palette", enabled, tip)
        return items, palette

    def render(self) -> Content:
        items, palette = self._items()
        width = self.size.width
        parts: list[tuple[str, Style] | str] = []
        spans: list[tuple[int, int, str, bool, str]] = []
        position = 0
        key_style = self.get_visual_style("key-bar--key", partial=True)
        description_style = self.get_visual_style("key-bar--description", partial=True)
        hover_style = self.get_visual_style("key-bar--hover", partial=True)

        def add(
            key: str, key_text: str, description_text: str, enabled: bool, tip: str, at: int
        ) -> int:
            extra = Style()
            if len(spans) == self.hover:
                extra += hover_style
            if not enabled:
                extra += DIM
            parts.append((key_text, key_style + extra))
            parts.append((description_text, description_style + extra))
            end = at + cells(key_text) + cells(description_text)
            spans.append((at, end, key, enabled, tip))
            return end

        palette_texts = None if palette is None else (palette[1], f" {palette[2]} ")
        right = 0 if palette_texts is None else 1 + sum(map(cells, palette_texts))
        fitting = self._fitting(items, width - right)
        if len(fitting) < len(items) and palette is not None:
            palette_texts = (f" {palette[1]} ", "")  # short of room: the palette's key alone
            right = 1 + cells(palette_texts[0])
            fitting = self._fitting(items, width - right)
        for key, shown, description, enabled, tip in fitting:
            position = add(key, f" {shown} ", f"{description} ", enabled, tip, position)
        if len(fitting) < len(items) and width - right - position >= cells(self.MORE):
            parts.append((self.MORE, description_style + DIM))
            position += cells(self.MORE)
        if palette is not None and palette_texts is not None:
            gap = max(width - right - position, 0)
            parts += [" " * gap, ("▏", self.get_visual_style("key-bar--divider", partial=True))]
            add(palette[0], *palette_texts, palette[3], palette[4], position + gap + 1)
        self.spans = spans
        return Content.assemble(*parts)

    def _fitting(self, items: list[Item], room: int) -> list[Item]:
        """The keys that fit in ``room`` cells, in their order: help and quit always (the last
        two a screen shows, by this app's habit), then the others from the first, leaving room
        to say "more: ?" when some are left out."""

        def size(item: Item) -> int:
            return cells(f" {item[1]} ") + cells(f"{item[2]} ")

        if sum(map(size, items)) <= room:
            return items
        always = items[-2:]
        left = room - sum(map(size, always)) - cells(self.MORE)
        kept = []
        for item in items[:-2]:
            if size(item) > left:
                break
            kept.append(item)
            left -= size(item)
        return [*kept, *always]

    def _span_at(self, x: int) -> int | None:
        for index, (start, end, *_rest) in enumerate(self.spans):
            if start <= x < end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._span_at(event.x)
        if hover != self.hover:
            self.hover = hover
            self.tooltip = None if hover is None else self.spans[hover][4]
            self.refresh()

    def on_leave(self) -> None:
        if self.hover is not None:
            self.hover = None
            self.tooltip = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._span_at(event.x)
        if index is None:
            return
        _start, _end, key, enabled, _tip = self.spans[index]
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()
