"""`vaultkit log`: one entry in the note's own order and style, `last_contact` moved on in place,
and not one other byte of years of hand-written notes touched."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import VaultBuilder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.config import Config, load_config
from vaultkit.engine.facts import log_entries
from vaultkit.log import Unplaceable, plan_log
from vaultkit.note import read_note
from vaultkit.writer import apply_edits


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return load_config(tmp_path_factory.mktemp("empty"))


def logged(config: Config, text: str, day: str, message: str, tag: str | None = None) -> str:
    change = plan_log(config, "People/Ana.md", text, date.fromisoformat(day), message, tag)
    return apply_edits(text.encode("utf-8"), change.edits).decode("utf-8")


# -- stories: one note each, the entry where the owner would have typed it -------------------------


def test_newest_last_gets_the_entry_at_the_end_and_last_contact_moves_on(config: Config) -> None:
    note = (
        "---\nlast_contact: 2026-03-01 # by hand\nrole: mentor\n---\n"
        "## Log\n- 2026-02-01 — tea\n- 2026-03-01 — lunch\n\n## Notes\nlikes tea\n"
    )
    assert logged(config, note, "2026-03-20", "coffee") == (
        "---\nlast_contact: 2026-03-20 # by hand\nrole: mentor\n---\n"
        "## Log\n- 2026-02-01 — tea\n- 2026-03-01 — lunch\n- 2026-03-20 — coffee\n\n## Notes\nlikes tea\n"
    )


def test_newest_first_gets_the_entry_on_top_in_its_date_style(config: Config) -> None:
    note = "## Interactions\n- **2026-03-10**: tea\n  - she moved teams\n- **2026-03-01**: lunch #asked\n"
    assert logged(config, note, "2026-03-20", "reviewed her doc", "gave") == (
        "## Interactions\n- **2026-03-20**: reviewed her doc #gave\n- **2026-03-10**: tea\n  - she moved teams\n"
        "- **2026-03-01**: lunch #asked\n"
    )


def test_a_past_date_goes_between_the_entries_it_falls_between(config: Config) -> None:
    note = "## Log\n- [[2026-03-10]] c\n- [[2026-03-05]] b\n- [[2026-03-01]] a\n"
    assert logged(config, note, "2026-03-07", "x") == (
        "## Log\n- [[2026-03-10]] c\n- [[2026-03-07]] x\n- [[2026-03-05]] b\n- [[2026-03-01]] a\n"
    )
    ascending = "## Log\n- 2026-03-01 a\n  more about a\n- 2026-03-10 c\n"
    assert logged(config, ascending, "2026-03-07", "x") == (
        "## Log\n- 2026-03-01 a\n  more about a\n- 2026-03-07 x\n- 2026-03-10 c\n"
    )


def test_a_later_last_contact_is_left_alone_and_said(config: Config) -> None:
    note = "---\nlastContacted: '2026-04-01'\n---\n## Log\n- 2026-04-01 call\n"
    change = plan_log(config, "People/Ana.md", note, date(2026, 3, 7), "lunch")
    assert change.last_contact is not None
    assert (change.last_contact.after, change.last_contact.why) == (None, "later")
    assert logged(config, note, "2026-03-07", "lunch") == (
        "---\nlastContacted: '2026-04-01'\n---\n## Log\n- 2026-03-07 lunch\n- 2026-04-01 call\n"
    )


@pytest.mark.parametrize(
    ("written", "after"),
    [
        ("last_contact: 2026-01-05", "last_contact: 2026-03-20"),
        ('prm-last-contacted: "2026-01-05"', 'prm-last-contacted: "2026-03-20"'),
        ("Last Contacted: '2026-01-05'", "Last Contacted: '2026-03-20'"),
        ("last_chat: 2026-01-05T10:30", "last_chat: 2026-03-20"),  # the time was the old contact's
        ("last_contact: &d 2026-01-05", "last_contact: &d 2026-03-20"),
        ("last_contact:", "last_contact: 2026-03-20"),
        ("last_contact: ''", "last_contact: '2026-03-20'"),
        ("last_contact: null", "last_contact: 2026-03-20"),
    ],
)
def test_last_contact_keeps_its_key_and_quoting(config: Config, written: str, after: str) -> None:
    note = f"---\ncompany: Acme\n{written}\n---\n## Log\n- 2026-01-05 call\n"
    assert logged(config, note, "2026-03-20", "x").split("\n")[2] == after


def test_a_dataview_last_contact_below_the_entry_moves_down_and_is_updated(config: Config) -> None:
    note = "## Log\n- 2026-01-05 call\n\n## About\nlast_contact:: 2026-01-05\n"
    change = plan_log(config, "People/Ana.md", note, date(2026, 3, 20), "x")
    assert logged(config, note, "2026-03-20", "x").endswith("\n## About\nlast_contact:: 2026-03-20\n")
    assert change.last_contact is not None and change.last_contact.line == 6


def test_no_log_section_makes_one_with_the_configured_heading_at_the_sections_level(config: Config) -> None:
    note = "---\nrole: peer\n---\n# Ana\n\n### Work\nAcme"  # no final newline: none after either
    assert logged(config, note, "2026-03-20", "met at the meetup") == (
        "---\nrole: peer\n---\n# Ana\n\n### Work\nAcme\n\n### Log\n- 2026-03-20 met at the meetup"
    )
    assert logged(config, "", "2026-03-20", "hi") == "## Log\n- 2026-03-20 hi\n"


def test_an_empty_log_section_gets_the_entry_below_what_it_holds(config: Config) -> None:
    note = "## 📅 Contact log\nWe meet monthly.\n\n## Notes\n"
    assert logged(config, note, "2026-03-20", "x") == (
        "## 📅 Contact log\nWe meet monthly.\n- 2026-03-20 x\n\n## Notes\n"
    )


def test_crlf_bom_and_loose_lists_are_kept(config: Config) -> None:
    note = "\ufeff## Log\r\n\r\n* 2026-03-01 · a\r\n\r\n* 2026-03-05 · b\r\n"
    assert logged(config, note, "2026-03-20", "c") == (
        "\ufeff## Log\r\n\r\n* 2026-03-01 · a\r\n\r\n* 2026-03-05 · b\r\n\r\n* 2026-03-20 · c\r\n"
    )


def test_dated_headings_get_a_dated_heading(config: Config) -> None:
    note = "## Log\n\n### 2026-03-10 — dinner\nShe is going for Staff.\n\n### 2026-03-01 — lunch\nfine\n\n## Notes\n"
    assert logged(config, note, "2026-03-20", "call") == (
        "## Log\n\n### 2026-03-20 — call\n\n### 2026-03-10 — dinner\nShe is going for Staff.\n\n"
        "### 2026-03-01 — lunch\nfine\n\n## Notes\n"
    )


def test_daily_links_in_a_folder_and_done_tasks_and_callouts(config: Config) -> None:
    note = "## Log\n> [!note]\n> - [x] [[Daily/2026-03-01|2026-03-01]] a\n"
    assert logged(config, note, "2026-03-20", "b") == (
        "## Log\n> [!note]\n> - [x] [[Daily/2026-03-01|2026-03-01]] a\n> - [x] [[Daily/2026-03-20|2026-03-20]] b\n"
    )


@pytest.mark.parametrize(
    ("note", "message", "why"),
    [
        ("---\nname: [unclosed\n---\n## Log\n", "x", "fix that first"),
        ("## Log\n- 2026-03-01 a\n", "hide <!-- the rest", None),
        ("## Log\n- 2026-03-01 a\n", "two\nlines", None),
    ],
)
def test_what_cannot_be_written_cleanly_is_refused(config: Config, note: str, message: str, why: str | None) -> None:
    with pytest.raises(Exception) as raised:
        plan_log(config, "People/Ana.md", note, date(2026, 3, 20), message)
    if why is not None:
        assert isinstance(raised.value, Unplaceable) and why in str(raised.value)


# -- property: arbitrary notes, exactly the intended lines -------------------------------------------

LAST_KEYS = ("last_contact", "lastContacted", "Last Contacted", "prm-last-contacted", "last_interaction")
MARKERS = ("-", "*", "+", "1.", "- [x]", "> -")
DECORATIONS = ("{}", "**{}**", "[[{}]]", "__{}__", "[[Daily/{}]]", "[[Journal/{}|{}]]")
SEPARATORS = (" ", " — ", ": ", " - ", " – ", " | ", " · ")
HEADINGS = ("## Log", "## Interactions", "### 📅 Log", "## Contact log", "# Meetings", "Interactions\n------------")
LETTERS = "abcdefghijklmnopqrstuvwxyzéñüçÅ"
words = st.tuples(st.sampled_from(LETTERS), st.text(alphabet=LETTERS + " ,.'()?!", max_size=24)).map(
    lambda parts: (parts[0] + parts[1]).rstrip()
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30))


class Messy(NamedTuple):
    text: str
    eol: str
    bom: bool
    log: bool  # whether the note has a log section
    falling: bool  # newest first
    style: tuple[str, str, str]  # marker (or a dated heading's `###`), decoration, separator
    last: tuple[str, date | None] | None  # last_contact's key and date, if kept
    dates: list[date]


@st.composite
def messy_notes(draw: Any) -> Messy:
    """A person note as years of hand-editing leave it: keys in any order, comments, every quoting,
    last_contact under any alias, CRLF or LF, a BOM or not, a final newline or not, and a log of
    dated items or dated headings, newest first or last, tight or loose, in one of its date styles."""
    eol = draw(st.sampled_from(("\n", "\r\n")))
    bom = draw(st.booleans())
    lines: list[str] = []
    last: tuple[str, date | None] | None = None
    inline = False
    if draw(st.booleans()):
        fm = [
            "relationship: mentor",
            'company: "[[Acme]]"',
            "# a comment the owner keeps",
            "aliases: [Ana, 'Ani']",
            "tags:\n  - person\n  - mentor".replace("\n", eol),
            "title: >-\n  Director,\n  Platform".replace("\n", eol),
        ]
        fm = draw(st.permutations(fm))[: draw(st.integers(0, len(fm)))]
        if draw(st.booleans()):
            key = draw(st.sampled_from(LAST_KEYS))
            value = draw(days)
            shape = draw(st.sampled_from(("{}", '"{}"', "'{}'", "{} 09:15", "", "{}   # kept by hand")))
            fm.insert(draw(st.integers(0, len(fm))), f"{key}: {shape.format(value.isoformat())}".rstrip())
            last = (key, value if shape else None)
        lines += ["---", *fm, "---"]
    if last is None and draw(st.booleans()):
        inline, last = True, ("last_contact", draw(days))
    if draw(st.booleans()):
        lines += ["# Ana Núñez", ""]
    if draw(st.booleans()):
        lines += [f"Met at {draw(words)}.", ""]
    if inline and draw(st.booleans()):
        lines += [f"last_contact:: {last[1]}", ""]  # type: ignore[index]
        inline = False
    dates = sorted(draw(st.lists(days, max_size=7)))
    falling = draw(st.booleans())
    if falling:
        dates.reverse()
    log_heading = draw(st.sampled_from(HEADINGS))
    dated_headings = draw(st.booleans()) and "\n" not in log_heading
    marker = "#" * (log_heading.index(" ") + 1) if dated_headings else draw(st.sampled_from(MARKERS))
    decoration, separator = draw(st.sampled_from(DECORATIONS)), draw(st.sampled_from(SEPARATORS))
    has_log = bool(dates) or draw(st.booleans())
    if has_log:
        lines += log_heading.split("\n")
        loose = draw(st.booleans())
        for day in dates:
            if loose:
                lines.append("")
            tag = draw(st.sampled_from(("", " #gave", " #asked")))
            shown = decoration.replace("{}", day.isoformat())
            lines.append(f"{marker} {shown}{separator}{draw(words)}{tag}")
            more = ("", "She is going for Staff.") if dated_headings else ("", "  - a nested remark", "  more on it")
            extra = draw(st.sampled_from(more))
            if extra:
                lines.append(("> " if marker.startswith(">") else "") + extra)
    lines += draw(
        st.sampled_from(
            (
                [],
                ["", "## Notes", "Likes tea. [[Bob Ode]] introduced us."],
                ["", "## Follow-ups", "- [ ] send her the talk 📅 2026-09-01"],
                ["", "<!-- vaultkit-disable-next-line VK402 -->", "See [[Ani]]."],
                ["", "```", "- 2026-01-01 not an entry: code", "```"],
            )
        )
    )
    if inline:
        lines += ["", f"last_contact:: {last[1]}"]  # type: ignore[index]
    text = eol.join(lines)
    if draw(st.booleans()) and text:
        text += eol
    return Messy(
        ("\ufeff" if bom else "") + text, eol, bom, has_log, falling, (marker, decoration, separator), last, dates
    )


def _insertion(old: list[str], new: list[str], line: int) -> int:
    """Where `new` is `old` with a block of lines inserted (compared without their CR) that holds
    the 1-based `line` (where a duplicate line was inserted is otherwise ambiguous); -1 if none."""
    n = len(new) - len(old)
    plain_old, plain_new = [p.removesuffix("\r") for p in old], [p.removesuffix("\r") for p in new]
    for k in range(len(old) + 1):
        if n >= 1 and plain_new[:k] == plain_old[:k] and plain_new[k + n :] == plain_old[k:] and k < line <= k + n:
            return k
    return -1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=messy_notes(),
    day=st.dates(min_value=date(2023, 6, 1), max_value=date(2026, 8, 1)),
    said=words,
    tag=st.sampled_from((None, "gave", "asked")),
)
def test_log_changes_exactly_the_intended_lines(
    config: Config, note: Messy, day: date, said: str, tag: str | None
) -> None:
    change = plan_log(config, "People/Ana.md", note.text, day, said, tag)
    message = said + (f" #{tag}" if tag else "")
    after = apply_edits(note.text.encode("utf-8"), change.edits).decode("utf-8")
    assert after.startswith("\ufeff") == note.bom
    old, new = note.text.removeprefix("\ufeff").split("\n"), after.removeprefix("\ufeff").split("\n")

    # What the old lines should read now: last_contact's date moved on, when it was earlier.
    expected = list(old)
    if note.last is not None and (note.last[1] is None or note.last[1] < day):
        at = next(i for i, line in enumerate(old) if line.startswith(f"{note.last[0]}:"))
        if note.last[1] is None:
            expected[at] = old[at].removesuffix("\r") + " " + day.isoformat() + ("\r" if old[at].endswith("\r") else "")
        else:
            expected[at] = re.sub(r"\d{4}-\d{2}-\d{2}( 09:15)?", day.isoformat(), old[at], count=1)
        assert expected[at] != old[at]

    # Every line as it was (its CR too), a block inserted: nothing else.
    k = _insertion(expected, new, change.entry_line)
    assert k >= 0, (expected, new)
    n = len(new) - len(old)
    for i, line in enumerate(expected):
        moved = new[i if i < k else i + n]
        appended_after = i == len(expected) - 1 and k == len(expected)  # the last line had no newline
        assert moved == line or (appended_after and moved == line + note.eol.removesuffix("\n"))
    block = new[k : k + n]
    if not note.text.removeprefix("\ufeff"):
        pass  # an empty note has no line ends of its own: LF
    elif k + n < len(new) or new[-1] == "":  # each inserted line ends as the note's lines end
        assert all(line.endswith("\r") == (note.eol == "\r\n") for line in block)
    else:
        assert all(line.endswith("\r") == (note.eol == "\r\n") for line in block[:-1])
    if note.text.removeprefix("\ufeff"):
        assert after.endswith("\n") == note.text.endswith("\n")

    marker, decoration, separator = note.style
    entry = [line.removesuffix("\r") for line in block if day.isoformat() in line]
    assert len(entry) == 1 and entry[0] == block[change.entry_line - 1 - k].removesuffix("\r")
    if note.dates:
        numbered = re.fullmatch(r"\d+\. ", entry[0][: entry[0].index(" ") + 1])
        assert entry[0].startswith(marker + " ") or (marker == "1." and numbered)
        assert entry[0].endswith(f"{decoration.replace('{}', day.isoformat())}{separator}{message}")
        assert n <= 2
    else:
        assert entry[0] == f"- {day.isoformat()} {message}"
    if not note.log:
        assert "## Log" in [line.removesuffix("\r") for line in block]

    # Read back: the entries are the old ones and the new, still in the log's order.
    parsed = read_note("People/Ana.md", after.removeprefix("\ufeff").encode("utf-8"), 10**7, 10**6)
    found = [e.date for e in log_entries(parsed, config.headings["log"])]
    assert sorted(found) == sorted([*note.dates, day])
    if len(set(note.dates)) > 1:
        assert found == sorted(found, reverse=note.falling)


# -- the command -----------------------------------------------------------------------------------


def test_log_command_writes_and_says_what_changed(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana Núñez.md",
        """\
        ---
        relationship: mentor
        lastContacted: "2026-09-01"
        ---
        ## Log
        - 2026-09-01 — coffee
        """,
    )
    result = vault.run("log", "ana nunez", "lunch: the Staff packet", "--asked", today="2026-11-20")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "Logged Ana Núñez in People/Ana Núñez.md:\n"
        "  line 7: + - 2026-11-20 — lunch: the Staff packet #asked\n"
        '  line 3: lastContacted: "2026-09-01" -> "2026-11-20"\n'
    )
    assert vault.read("People/Ana Núñez.md").endswith(
        '"2026-11-20"\n---\n## Log\n- 2026-09-01 — coffee\n- 2026-11-20 — lunch: the Staff packet #asked\n'
    )
    assert vault.codes("2026-11-20", ["VK0", "VK104"]) == []


def test_log_by_alias_creates_the_section(vault: VaultBuilder) -> None:
    vault.write("People/Alex Morgan.md", "---\naliases: [Alex]\n---\n")
    vault.write("People/Alex Chen.md", "---\nrole: peer\n---\n")
    result = vault.run("log", "ALEX", "first call", "--date", "2026-11-01", today="2026-11-20")
    assert (
        result.out
        == "Logged Alex Morgan in People/Alex Morgan.md:\n  line 5: + ## Log\n  line 6: + - 2026-11-01 first call\n"
    )
    assert vault.read("People/Alex Morgan.md") == "---\naliases: [Alex]\n---\n\n## Log\n- 2026-11-01 first call\n"


def test_ambiguous_and_unknown_names_are_refused_with_candidates(vault: VaultBuilder) -> None:
    vault.write("People/Alex Morgan.md", "---\naliases: [Alex]\n---\n")
    vault.write("Friends/Alex Rivera.md", "---\ntype: person\naliases: [alex]\n---\n")
    vault.write("People/Ana Núñez.md", "")
    before = {p: p.read_bytes() for p in vault.root.rglob("*.md")}
    result = vault.run("log", "Alex", "x")
    assert result.code == 1
    assert result.err == (
        "vaultkit: 'Alex' could be Alex Morgan (People/Alex Morgan.md) or Alex Rivera (Friends/Alex Rivera.md): "
        "give the full name; nothing written\n"
    )
    result = vault.run("log", "Anna Nunes", "x")
    assert (result.code, result.err) == (
        1,
        "vaultkit: nobody in the vault is called 'Anna Nunes'; did you mean Ana Núñez (People/Ana Núñez.md)? "
        "Nothing written\n",
    )
    result = vault.run("log", "ana", "x")  # a first name alone is offered, never guessed
    assert result.code == 1 and "did you mean Ana Núñez (People/Ana Núñez.md)?" in result.err
    assert {p: p.read_bytes() for p in vault.root.rglob("*.md")} == before


@pytest.mark.parametrize(
    ("args", "err"),
    [
        (("--date", "2026-12-01"), "vaultkit: error: --date 2026-12-01 is after today (2026-11-20): "),
        (("--date", "01/12/2026"), "vaultkit: error: --date '01/12/2026' is not a date (YYYY-MM-DD)"),
        (("--gave", "--asked"), "vaultkit: error: --gave and --asked: one or the other"),
    ],
)
def test_bad_arguments_write_nothing(vault: VaultBuilder, args: tuple[str, ...], err: str) -> None:
    vault.write("People/Ana.md", "## Log\n")
    result = vault.run("log", "Ana", "x", *args, today="2026-11-20")
    assert result.code == 2 and result.err.startswith(err)
    assert vault.read("People/Ana.md") == "## Log\n"


def test_a_note_that_is_not_read_is_not_written(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", raw=b"## Log\n- 2026-01-01 caf\xe9\n")
    result = vault.run("log", "Ana", "x", today="2026-11-20")
    assert result.code == 1 and "nothing written" in result.err
    assert (vault.root / "People/Ana.md").read_bytes() == b"## Log\n- 2026-01-01 caf\xe9\n"


def test_a_note_changed_after_the_vault_was_read_is_not_written(
    vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.log

    vault.write("People/Ana.md", "## Log\n- 2026-01-01 a\n")
    real = vaultkit.log.plan_log

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        change = real(*args, **kwargs)
        (vault.root / "People/Ana.md").write_text("## Log\n- 2026-01-01 a\n- 2026-01-02 typed meanwhile\n")
        return change

    monkeypatch.setattr(vaultkit.log, "plan_log", meanwhile)
    result = vault.run("log", "Ana", "x", today="2026-11-20")
    assert result.code == 1 and "changed since it was read" in result.err
    assert vault.read("People/Ana.md") == "## Log\n- 2026-01-01 a\n- 2026-01-02 typed meanwhile\n"


def test_the_edits_are_those_an_editor_applies_to_unsaved_text(vault: VaultBuilder) -> None:
    from vaultkit.log import log_edits

    vault.write("People/Ana.md", "## Log\n- 2026-01-01 a\n")
    model = vault.open("2026-11-20")
    ana = model.person_at["People/Ana.md"]
    unsaved = "## Log\n- 2026-01-01 a\n- 2026-02-01 typed, not saved\n"
    edits = log_edits(model.model, ana, unsaved, date(2026, 11, 20), "call", "gave")
    assert apply_edits(unsaved.encode(), edits).decode() == unsaved + "- 2026-11-20 call #gave\n"
    assert vault.read("People/Ana.md") == "## Log\n- 2026-01-01 a\n"


def test_days_are_counted_after_logging(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrelationship: mentor\n---\n## Log\n- 2026-01-01 a\n")
    assert [d.code for d in vault.check("2026-11-20", ["VK101"])] == ["VK101"]
    assert vault.run("log", "Ana", "coffee", today="2026-11-20").code == 0
    assert vault.check("2026-11-20", ["VK101"]) == []
    assert vault.check((date(2026, 11, 20) + timedelta(days=43)).isoformat(), ["VK101"]) != []


def test_a_link_out_of_the_vault_is_not_followed(vault: VaultBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("## Log\n")
    (vault.root / "People").mkdir()
    (vault.root / "People" / "Ana.md").symlink_to(outside)
    result = vault.run("log", "Ana", "x", today="2026-11-20")
    assert result.code != 0
    assert outside.read_text() == "## Log\n"
