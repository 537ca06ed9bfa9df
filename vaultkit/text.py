"""Name normalisation and the "near" test shared by keys, roles and person names; and how note
text is written where it could act instead of show: on a terminal (`visible`), in Markdown."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache


def literal(value: object) -> str:
    """A value as YAML or TOML writes it, for messages: 'text', true, null, 2026-01-02, [a, b]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {literal(item)}" for key, item in value.items()) + "}"
    return repr(value)


def visible(text: str, keep: str = "") -> str:
    """`text` as it may be printed anywhere: what a terminal would obey is written out instead,
    as Python writes it (`\\x1b`, `\\n`, `\\u202e`; a byte that is not UTF-8 as `\\xff`).

    For one value (a name, a path, a message): a newline or a tab inside a value is shown too,
    since the output's own lines and columns are the only structure it may have. The characters
    in `keep` are left to the caller: the tabs of a line of a note, which are the owner's, or the
    line ends a format escapes its own way (GitHub's `%0A`).
    """
    if text.isprintable():  # nearly always: one pass in C (what is shown below is never printable)
        return text
    return text.translate(_unseen(keep))


@cache  # made on first need: start-up counts for a pre-commit hook
def _unseen(keep: str) -> dict[int, str]:
    """What a terminal obeys instead of showing, and how to show it: the C0 controls, DEL and the
    C1 controls (`ESC ] 0;` retitles it, `ESC [2J` clears it, `ESC c` resets it), and the
    bidirectional embeddings, overrides and isolates, which reorder the rest of a line ("Trojan
    Source"). Then the lone surrogates, which no output can encode: Python reads a file name's
    bytes that are not UTF-8 as U+DC80-U+DCFF, shown as the byte."""
    table = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
    table.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
    table.update({code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
    table.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})
    table.update({code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)})
    for char in keep:
        table.pop(ord(char), None)
    return table


def fits_wikilink(text: str, target: bool = False) -> bool:
    """Whether `text` can stand as written in a wikilink that Obsidian and vaultkit read back as
    the same link: as the text it shows (`[[target|text]]`), or as its `target`, a file's path
    or name. What ends, splits or hides a link does not fit: a bracket, the bar, a backtick (code),
    `%%` and `<!--` (comments), a control character; in a target, `#` and `^` too (a heading, a
    block), and blanks around it. What does not fit is written as text, never forced into a link."""
    if visible(text) != text or "%%" in text or "<!--" in text:
        return False
    if target and (text.strip() != text or "#" in text or "^" in text):
        return False
    return not any(char in text for char in "[]|`")


# What Markdown or Obsidian gives a meaning to inside a line (emphasis, code, links, tables, tags,
# ~~strike~~, ==highlight==, $math$, %%comments%%, ^block ids), escaped with a backslash.
_SIGNIFICANT = set("\\`*_[]|#~=$%^")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(value: object) -> str:
    """Note text as literal Markdown: no emphasis, link, tag, comment, math or HTML."""
    out = []
    for char in str(value):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _SIGNIFICANT:
            out.append("\\" + char)
        elif char in "\r\n":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def note_name(target: str) -> str:
    """The name a link's target gives a note: `People/Ana Nunez.md` → `Ana Nunez`."""
    name = target.rsplit("/", 1)[-1]
    return name[:-3] if name[-3:].lower() == ".md" else name


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_name(text: str) -> str:
    """Case-insensitive comparison form of a note name or alias (NFC, casefold)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).casefold()


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_accents(text: str) -> str:
    """Case- and accent-insensitive form: `Ana Núñez` and `ana nunez` are one."""
    if text.isascii():
        return text.lower()
    return nfc(strip_accents(text).casefold())


_KEY_NOISE = str.maketrans("", "", "-_ \t")


def normalize_key(key: str) -> str:
    """Loose key matching: case, `-`, `_` and spaces ignored (`Last Contact` = `lastContact`)."""
    return key.casefold().translate(_KEY_NOISE)


def normalize_word(word: str) -> str:
    """Like `normalize_key`, accents ignored too: the form edit distances are measured on."""
    return normalize_key(strip_accents(word))


def is_near(word: str, known: str) -> bool:
    """True when `word` is a likely misspelling of `known` (both already normalised).

    Not equal (a plural counts as equal), and within 1 edit of a known word of 5-7 characters
    or 2 edits of one of 8 or more; words under 5 characters are never near anything.
    """
    if len(word) < 5 or len(known) < 5 or word in (known, known + "s"):
        return False
    limit = 1 if len(known) <= 7 else 2
    if abs(len(word) - len(known)) > limit:
        return False
    from rapidfuzz.distance import DamerauLevenshtein  # only when needed: start-up counts for hooks

    return bool(DamerauLevenshtein.distance(word, known, score_cutoff=limit) <= limit)


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known word (normalised) that `word` is near, the closest first; None if none."""
    from rapidfuzz.distance import DamerauLevenshtein

    best: tuple[int, str] | None = None
    for candidate in known:
        if is_near(word, candidate):
            distance = DamerauLevenshtein.distance(word, candidate)
            if best is None or distance < best[0]:
                best = (distance, candidate)
    return best[1] if best else None


def some_of(items: list[str], word: str = "or", most: int = 3) -> str:
    """`A`, `A or B`, `A, B or C`, then `A, B, C and 2 more`: a list a message can hold whole."""
    if len(items) > most:
        return f"{', '.join(items[:most])} and {len(items) - most} more"
    return f"{', '.join(items[:-1])} {word} {items[-1]}" if len(items) > 1 else "".join(items)
