"""Positions in a note's text, as vaultkit counts them and as an editor does.

vaultkit's lines end at `\\n` alone and its columns are 1-based code points, counted past a BOM
(see writer.apply_edits). The Language Server Protocol's lines end at `\\n`, `\\r\\n` or `\\r`,
its lines and characters are 0-based, and a character is counted in the encoding the client and
server agreed on: UTF-16 code units unless both said otherwise. A note with a lone `\\r`, a BOM the
editor kept, or an emoji is where the two differ; everything goes through an offset in code points.
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_BREAK = re.compile(r"\r\n|\r|\n")


class Text:
    """One version of a note's text, with its lines counted both ways."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.skip = 1 if text.startswith("\ufeff") else 0  # vaultkit counts past a BOM
        self._ours = [self.skip]  # where each of vaultkit's lines starts, in code points
        self._ours.extend(m.end() for m in re.finditer("\n", text))
        self._theirs = [0]  # where each of the editor's lines starts
        self._theirs.extend(m.end() for m in _BREAK.finditer(text))

    # -- vaultkit's (line, column) -------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        """The code-point offset of vaultkit's 1-based (line, column), kept inside the text."""
        if line < 1:
            return self.skip
        if line > len(self._ours):
            return len(self.text)
        start = self._ours[line - 1]
        end = self._ours[line] - 1 if line < len(self._ours) else len(self.text)
        return min(start + max(column, 1) - 1, max(end, start))

    def ours(self, offset: int) -> tuple[int, int]:
        """vaultkit's 1-based (line, column) of a code-point offset."""
        offset = max(self.skip, min(offset, len(self.text)))
        index = bisect.bisect_right(self._ours, offset) - 1
        return index + 1, offset - self._ours[index] + 1

    # -- the editor's (line, character) -----------------------------------------------------------

    def position(self, offset: int) -> tuple[int, int]:
        """The editor's 0-based (line, character) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._theirs, offset) - 1
        start = self._theirs[index]
        if offset > start and self.text[offset - 1 : offset + 1] == "\r\n":
            offset -= 1  # between `\r` and `\n` is the end of the line, as the editor sees it
        return index, self._units(self.text[start:offset])

    def from_position(self, line: int, character: int) -> int:
        """The code-point offset of the editor's 0-based (line, character): past the end of its
        line is the line's end, past the last line the text's end (as the protocol says)."""
        if line < 0:
            return 0
        if line >= len(self._theirs):
            return len(self.text)
        start = self._theirs[line]
        end = self._theirs[line + 1] if line + 1 < len(self._theirs) else len(self.text)
        content = self.text[start:end].rstrip("\r\n") if line + 1 < len(self._theirs) else self.text[start:end]
        if self.encoding == UTF32:
            return start + min(character, len(content))
        units = 0
        for index, char in enumerate(content):
            if units >= character:
                return start + index
            units += self._char_units(char)
        return start + len(content)

    def our_line(self, line: int) -> str:
        """vaultkit's 1-based line, without its `\n` (a `\r` before it is part of it, as vaultkit
        counts columns)."""
        return self.text[self.offset(line, 1) : self.offset(line + 1, 1)].removesuffix("\n")

    def line_text(self, line: int) -> str:
        """The editor's 0-based line, without its end."""
        if not 0 <= line < len(self._theirs):
            return ""
        start = self._theirs[line]
        end = self._theirs[line + 1] if line + 1 < len(self._theirs) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def span(self, line: int, column: int, end_line: int, end_column: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """vaultkit's 1-based span as the editor's 0-based start and end."""
        start = self.offset(line, column)
        end = max(self.offset(end_line, end_column), start)
        return self.position(start), self.position(end)

    def _units(self, chars: str) -> int:
        if self.encoding == UTF32 or chars.isascii():
            return len(chars)
        if self.encoding == UTF8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars) + sum(1 for char in chars if ord(char) > 0xFFFF)

    def _char_units(self, char: str) -> int:
        if self.encoding == UTF8:
            return len(char.encode("utf-8", "surrogatepass"))
        return 2 if ord(char) > 0xFFFF else 1
