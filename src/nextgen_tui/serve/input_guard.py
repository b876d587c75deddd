"""What a served person sends, on its way to their questionnaire: only what it can take.

A served questionnaire reads its keys from a terminal, and a person can send any bytes at all.
Three kinds would hurt it, so they never reach it:

- bytes that are not UTF-8 (a stray ``\\xff``, a Latin-1 terminal's "é") are replaced by U+FFFD;
  Textual's input thread, or the plain questionnaire's output, would stop on them;
- an escape sequence with a number no key or mouse can have (``ESC[1114112u``: past the last
  Unicode character) is dropped; Textual would fail turning it into a key;
- a bracketed paste past `PASTE_LIMIT` characters keeps its first `PASTE_LIMIT` and its end:
  an unfinished paste would otherwise grow in the questionnaire's memory without end.

One guard a session: sequences and characters split between two reads are put together.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

#: The most characters of one paste that reach the questionnaire (ten times the longest text
#: it keeps, so the person is told the paste is too long, not handed a cut one silently).
PASTE_LIMIT = 100_000
#: The largest number a sequence may carry: the last Unicode character.
_LARGEST = 0x10FFFF
_PASTE_START, _PASTE_END = "\x1b[200~", "\x1b[201~"
#: A control sequence (CSI): ESC [, parameters, intermediates, a final character.
_CSI = re.compile(r"\x1b\[([0-9;:<=>?]*)[ -/]*[@-~]")
#: The start of one, not finished yet (held until the next read completes it).
_CSI_START = re.compile(r"\x1b\[[0-9;:<=>?]*[ -/]*")
_NUMBER = re.compile(r"\d+")
#: The longest unfinished sequence held back; a longer one is passed on as it is.
_HELD_MOST = 64


class InputGuard:
    def __init__(
        self, paste_limit: int = PASTE_LIMIT, on_notice: Callable[[str], object] | None = None
    ) -> None:
        """``on_notice``: told each kind of thing done to this session's input, the first time
        (the server logs it)."""
        self.on_notice = on_notice
        self.paste_limit = paste_limit
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._held = ""  # an unfinished sequence from the last read
        self._escape_sent = False  # the last read ended with a lone ESC, passed on
        self._pasting = False
        self._pasted = 0
        #: What was done to this session's input, once each (for the server's log).
        self.noticed: list[str] = []

    def feed(self, data: bytes) -> bytes:
        """``data`` as it may reach the questionnaire."""
        text = self._decode(data)
        if "\ufffd" in text:
            self._notice("bytes that are not UTF-8 replaced")
        # a lone ESC at the end of the last read went out at once (it may be the Esc key); if
        # this read goes on with a sequence, it is read whole here, and its ESC not sent twice
        resent = self._escape_sent and not self._held
        text = ("\x1b" if resent else "") + self._held + text
        self._held, self._escape_sent = "", False
        out: list[str] = []
        position = 0
        while (escape := text.find("\x1b", position)) >= 0:
            self._take(text[position:escape], out)
            found = _CSI.match(text, escape)
            if found is not None:
                self._sequence(found.group(0), found.group(1), out)
                position = found.end()
                continue
            rest = text[escape:]
            if rest == "\x1b":
                self._escape_sent = True
            elif _CSI_START.fullmatch(rest) and len(rest) < _HELD_MOST:
                self._held = rest  # finished by the next read
                position = len(text)
                break
            self._take("\x1b", out)
            position = escape + 1
        self._take(text[position:], out)
        sent = "".join(out)
        if resent and sent.startswith("\x1b"):
            sent = sent[1:]
        return sent.encode("utf-8")

    def _sequence(self, sequence: str, parameters: str, out: list[str]) -> None:
        if sequence == _PASTE_START:
            self._pasting, self._pasted = True, 0
            out.append(sequence)
        elif sequence == _PASTE_END:
            self._pasting = False
            out.append(sequence)
        elif any(int(n) > _LARGEST for n in _NUMBER.findall(parameters)):
            self._notice("an escape sequence with an impossible number dropped")
        else:
            self._take(sequence, out)

    def _take(self, text: str, out: list[str]) -> None:
        if not text:
            return
        if self._pasting:
            room = max(self.paste_limit - self._pasted, 0)
            self._pasted += len(text)
            if len(text) > room:
                self._notice(f"a paste cut at {self.paste_limit:,} characters")
                text = text[:room]
        out.append(text)

    def _notice(self, what: str) -> None:
        if what not in self.noticed:
            self.noticed.append(what)
            if self.on_notice is not None:
                self.on_notice(what)
