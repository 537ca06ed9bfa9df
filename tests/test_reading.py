"""Reading one note (01-vault.md §2): frontmatter typed as Obsidian types it, every link form
with the editor's line and column, headings, log entries and tasks."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pytest
from conftest import VaultBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.note import CALLOUT, FRONTMATTER, MARKDOWN, NO_QUOTE, PLAIN_QUOTE, WIKI, ParsedNote, read_note


def parse(text: str, path: str = "Note.md") -> ParsedNote:
    data = textwrap.dedent(text).lstrip("\n").encode("utf-8")
    return read_note(path, data, 5 * 1024 * 1024, 64 * 1024)


def value(note: ParsedNote, key: str) -> Any:
    return next(f.value for f in note.fields if f.key == key)


def links(note: ParsedNote) -> list[tuple[str, str, str | None, int, int, int, str]]:
    """(target, subpath, display, line, column, end column, kind) of every link."""
    return [(k.target, k.subpath, k.display, k.line, k.column, k.end_column, k.kind) for k in note.links]


# -- frontmatter: typed the way Obsidian types properties -------------------------------------


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("0755", "0755"),
        ("1:30", "1:30"),
        ("14", 14),
        ("-3", -3),
        ("1.5", 1.5),
        ('"14"', "14"),
        ("2026-09-01", date(2026, 9, 1)),
        ("2026-09-01T10:30", datetime(2026, 9, 1, 10, 30)),
        ("2026-09-01T10:30:15", datetime(2026, 9, 1, 10, 30, 15)),
        ("2026-09-01 23:02", datetime(2026, 9, 1, 23, 2)),
        ("2026-13-45", "2026-13-45"),
        ("2026-02-30", "2026-02-30"),
        ("'2026-09-01'", "2026-09-01"),
        ("", None),
        ("~", None),
        ("null", None),
        ("+1 555 0100", "+1 555 0100"),
        ("[a, yes, 2026-01-02]", ["a", "yes", date(2026, 1, 2)]),
    ],
)
def test_a_value_is_typed_as_obsidian_types_it(written: str, typed: object) -> None:
    note = parse(f"---\nkey: {written}\n---\n")
    assert note.problems == ()
    assert value(note, "key") == typed
    assert type(value(note, "key")) is type(typed)


def test_an_impossible_date_stays_text_reported_on_a_person_the_rest_still_read(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md",
        """
        ---
        company: Northwind
        last_contact: 2026-13-45
        met: 2025-02-30
        level: senior
        ---
        """,
    )
    diagnostics = vault.check(select=["VK004"])
    assert [(d.code, d.line, d.column, d.end_line, d.end_column, d.message) for d in diagnostics] == [
        ("VK004", 3, 1, 3, 13, "last_contact: '2026-13-45' is not a date (YYYY-MM-DD); ignored"),
        ("VK004", 4, 1, 4, 4, "met: '2025-02-30' is not a date (YYYY-MM-DD); ignored"),
    ]
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["company"], ana["level"], ana["last_interaction"]) == ("Northwind", "senior", None)


def test_a_date_text_in_a_field_that_is_not_a_date_field_is_fine(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nfavourite day: 2026-13-45\n---\n")
    assert vault.codes(select=["VK0"]) == []


def test_a_quoted_link_and_an_unquoted_link_in_frontmatter_are_links_where_they_stand() -> None:
    note = parse(
        """
        ---
        company: "[[Northwind]]"
        manager: [[Ana Núñez]]
        attendees: ["[[Bo]]", "[[Cy|Cyrus]]"]
        team:
          - "[[Di]]"
          - [[Ed]]
        'see also': 'met via [[Fay]]'
        ---
        """
    )
    assert note.problems == ()
    assert value(note, "company") == "[[Northwind]]"
    assert value(note, "manager") == "[[Ana Núñez]]"
    assert value(note, "attendees") == ["[[Bo]]", "[[Cy|Cyrus]]"]
    assert value(note, "team") == ["[[Di]]", "[[Ed]]"]
    assert links(note) == [
        ("Northwind", "", None, 2, 11, 24, FRONTMATTER),
        ("Ana Núñez", "", None, 3, 10, 23, FRONTMATTER),
        ("Bo", "", None, 4, 14, 20, FRONTMATTER),
        ("Cy", "", "Cyrus", 4, 24, 36, FRONTMATTER),
        ("Di", "", None, 6, 6, 12, FRONTMATTER),
        ("Ed", "", None, 7, 5, 11, FRONTMATTER),
        ("Fay", "", None, 8, 22, 29, FRONTMATTER),
    ]


@pytest.mark.parametrize("key", ["last_contact", "Last Contact", "last-contact", "lastContact", "LAST_CONTACT"])
def test_keys_match_loosely(vault: VaultBuilder, key: str) -> None:
    vault.write("People/Ana.md", f"---\n{key}: 2026-09-01\n---\n")
    [ana] = vault.run("people", "--format", "json").json()
    assert ana["last_interaction"] == "2026-09-01"
    assert ana["last_source"] == {"path": "People/Ana.md", "line": 2}


def test_the_config_adds_aliases_so_an_existing_vault_keeps_its_keys(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[fields]\nlast_contact = ["Last Spoken"]\nroles = "Kind"\n')
    vault.write("People/Ana.md", "---\nlast-spoken: 2026-09-01\nkind: mentor\n---\n")
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["last_interaction"], ana["roles"], ana["cadence"]) == ("2026-09-01", ["mentor"], "6w")
    assert vault.codes(select=["VK0"]) == []


def test_the_first_alias_in_table_order_wins_when_several_hold_values(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md", "---\nrelationships: mentor\nrelationship: cousin\norg: Acme\ncompany: Northwind\n---\n"
    )
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["roles"], ana["company"]) == (["cousin"], "Northwind")


def test_empty_values_mean_not_set(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md",
        "---\nCompany:\naliases: [null]\nrole: []\nlast_contact: ''\nlevel: ~\ncadence:\n---\n",
    )
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["company"], ana["aliases"], ana["roles"], ana["level"], ana["cadence"]) == (None, [], [], None, None)
    assert vault.codes(select=["VK0"]) == []


def test_a_list_of_empty_texts_is_not_set_and_the_next_key_is_read(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md",
        "---\nrole: ['']\nrelationship: mentor\nname: ['', null]\nfull name: Ana Núñez\nmet: ['']\n"
        "last_contact: [' ']\nlast_interaction: 2026-05-01\nlevel: ['']\nstatus: [null, '']\n---\n",
    )
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["roles"], ana["name"], ana["last_interaction"], ana["level"], ana["status"]) == (
        ["mentor"], "Ana Núñez", "2026-05-01", "senior", "active"  # a mentor is senior, when no level says
    )  # fmt: skip
    assert vault.codes(select=["VK0"]) == []  # `met: ['']` is not set either: no VK004


# -- BOM and CRLF: the editor's line numbers ---------------------------------------------------


def test_a_bom_is_dropped_and_lines_keep_their_numbers(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", raw="\ufeff---\nname: Ana\nlevel: seniour\n---\n## Log\n- 2026-09-01 call\n".encode())
    assert [(d.code, d.line, d.column) for d in vault.check(select=["VK0"])] == [("VK004", 3, 1)]
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["name"], ana["last_source"]) == ("Ana", {"path": "People/Ana.md", "line": 6})


def test_crlf_line_endings_read_like_lf(vault: VaultBuilder) -> None:
    text = "---\r\nname: Ana\r\nlevel: seniour\r\n---\r\n\r\n## Log\r\n\r\n- 2026-09-01 call [[Bo]]\r\n"
    vault.write("People/Ana.md", raw=text.encode())
    assert [(d.code, d.line, d.column, d.end_column) for d in vault.check(select=["VK0"])] == [("VK004", 3, 1, 6)]
    [ana] = vault.run("people", "--format", "json").json()
    assert (ana["level"], ana["last_interaction"], ana["last_source"]["line"]) == (None, "2026-09-01", 8)
    note = parse(text)
    assert links(note) == [("Bo", "", None, 8, 19, 25, WIKI)]
    assert note.headings[0].text == "Log"


def test_a_file_with_a_bom_crlf_and_frontmatter_in_one() -> None:
    note = read_note("N.md", b"\xef\xbb\xbf---\r\ntype: person\r\n---\r\n[[Ana]]\r\n", 10_000, 10_000)
    assert (note.problems, value(note, "type"), links(note)) == ((), "person", [("Ana", "", None, 4, 1, 8, WIKI)])


# -- frontmatter only on line 1 -----------------------------------------------------------------


def test_frontmatter_exists_only_when_line_1_is_exactly_three_dashes() -> None:
    assert read_note("N.md", b"\n---\nname: Ana\n---\n", 10_000, 10_000).fields == ()
    assert parse("--- \nname: Ana\n---\n").fields == ()
    assert value(parse("---\nname: Ana\n...\n"), "name") == "Ana"


# -- links in the body: every form, with the editor's line and column ----------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("see [[Ana]] today", ("Ana", "", None, 5, 12, WIKI)),
        ("see [[Ana|my mentor]]", ("Ana", "", "my mentor", 5, 22, WIKI)),
        ("see [[Ana#Career]]", ("Ana", "#Career", None, 5, 19, WIKI)),
        ("see [[Ana#^a1b2c3]]", ("Ana", "#^a1b2c3", None, 5, 20, WIKI)),
        ("see [[Ana#Log|her log]]", ("Ana", "#Log", "her log", 5, 24, WIKI)),
        ("see [[People/Ana]]", ("People/Ana", "", None, 5, 19, WIKI)),
        ("see [[Ana.md]]", ("Ana.md", "", None, 5, 15, WIKI)),
        ("| [[Ana\\|Ana N]] | x |", ("Ana", "", "Ana N", 3, 17, WIKI)),
        ("see [her](Ana.md)", ("Ana.md", "", "her", 5, 18, MARKDOWN)),
        ("see [her](Ana%20N%C3%BA%C3%B1ez.md)", ("Ana Núñez.md", "", "her", 5, 36, MARKDOWN)),
        ("see [her](<Ana Núñez.md>)", ("Ana Núñez.md", "", "her", 5, 26, MARKDOWN)),
        ("see [her](./Ana.md#Log)", ("./Ana.md", "#Log", "her", 5, 24, MARKDOWN)),
        ('see [her](../People/Ana.md "title")', ("../People/Ana.md", "", "her", 5, 36, MARKDOWN)),
        ("🚀 [[Zoë]] ok", ("Zoë", "", None, 3, 10, WIKI)),
        ("שלום [[דוד]]", ("דוד", "", None, 6, 13, WIKI)),
    ],
)
def test_every_link_form_at_its_column(line: str, expected: tuple[object, ...]) -> None:
    note = parse(f"---\na: 1\n---\n# Title\n\n{line}\n")
    assert links(note) == [(*expected[:3], 6, *expected[3:])]
    assert not note.links[0].embed


def test_links_on_later_lines_and_several_on_one_line() -> None:
    note = parse("first\n\nA [[Bo]] and [[Cy]], then [Di](Di.md).\n")
    assert [(k.target, k.line, k.column) for k in note.links] == [("Bo", 3, 3), ("Cy", 3, 14), ("Di.md", 3, 27)]


@pytest.mark.parametrize(
    "body",
    [
        "![[Ana]]",
        "![Ana](Ana.md)",
    ],
)
def test_an_embed_is_a_link_marked_as_embed(body: str) -> None:
    note = parse(body)
    assert [k.embed for k in note.links] == [True]


@pytest.mark.parametrize(
    "body",
    [
        "`[[Ana]]`",
        "a ``code [[Ana]] `` b",
        "```\n[[Ana]]\n```",
        "~~~~md\n[[Ana]]\n~~~~",
        "- item\n\n  ```\n  [[Ana]]\n  ```",
        "para\n\n    [[Ana]]",
        "<!-- [[Ana]] -->",
        "<!--\n[[Ana]]\n-->",
        "%% [[Ana]] %%",
        "%%\n- 2026-09-01 [[Ana]] #gave\n%%",
        "[web](https://example.com/Ana.md)",
        "[[]]",
        "[[#Heading of this note]]",
        "[[ ]]",
        "[not a note](Ana.pdf)",
    ],
)
def test_nothing_in_code_or_comments_is_a_link(body: str) -> None:
    assert parse(body).links == ()


def test_text_after_a_comment_or_code_span_on_the_same_line_is_read() -> None:
    note = parse("`x` [[Ana]] <!-- [[No]] --> [[Bo]] %% [[No]] %% [[Cy]]\n")
    assert [(k.target, k.column) for k in note.links] == [("Ana", 5), ("Bo", 29), ("Cy", 49)]


def test_code_comments_hide_tasks_and_dates_too() -> None:
    note = parse("```\n- [ ] task\n- 2026-09-01 log\n```\n<!--\n- [ ] hidden\n-->\n- [ ] real\n")
    assert [(i.line, i.status) for i in note.items] == [(8, " ")]


def test_a_quote_and_a_callout_are_told_apart() -> None:
    note = parse("> plain [[Ana]]\n\n> [!note] Call\n> with [[Bo]]\n\n[[Cy]]\n")
    assert [(k.target, k.quote) for k in note.links] == [("Ana", PLAIN_QUOTE), ("Bo", CALLOUT), ("Cy", NO_QUOTE)]


def test_a_line_without_a_marker_lazily_continues_the_quotes_paragraph() -> None:
    note = parse(
        "> someone said\nthat [[Ana]] is great\n\n"  # still the quote (CommonMark's lazy continuation)
        "> [!note] Met\nand [[Bo]] too, #tag\n\n"  # still the callout
        "> said\n- [[Cy]] in a list\n"  # a list item starts a block of its own
        "> said\n# [[Di]]\n"  # so does a heading
        ">\n[[Ed]]\n"  # a quote with no paragraph open: nothing to continue
        "> said\n```\n[[Fay]]\n```\nthen [[Gus]]\n"  # a fence ends it, and what follows is outside
    )
    assert [(k.target, k.quote) for k in note.links] == [
        ("Ana", PLAIN_QUOTE), ("Bo", CALLOUT), ("Cy", NO_QUOTE), ("Di", NO_QUOTE), ("Ed", NO_QUOTE), ("Gus", NO_QUOTE),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("> Quote of the day: be bold.\n---\nLunch with [[Ana]]\n", False),  # a thematic break ends it
        ("> quote\n> ```\n> code\n> ```\nMet [[Ana]]\n", False),  # after code: nothing to continue
        ("> | a | b |\n> | --- | --- |\n> | x | y |\nLunch with [[Ana]]\n", False),  # after a table
        ("> Be bold.\n> #quote\nMet [[Ana]]\n", True),  # a tag is no heading: the paragraph goes on
        ("> said\n#gave lunch [[Ana]]\n", True),  # nor is a line that starts with a tag
        ("> said\n* * *\n[[Ana]]\n", False),
    ],
)
def test_what_a_lazy_line_may_continue(text: str, quoted: bool) -> None:
    (link,) = parse(text).links
    assert (link.target, link.quote != NO_QUOTE) == ("Ana", quoted)


def test_code_in_a_callout_holds_no_link() -> None:
    note = parse("> [!note] Call\n> ```\n> [[Ana]]\n> ```\n> with [[Bo]]\n")
    assert [(k.target, k.quote) for k in note.links] == [("Bo", CALLOUT)]


# -- headings ----------------------------------------------------------------------------------


def test_atx_and_setext_headings_with_their_levels_and_lines() -> None:
    note = parse(
        """
        ---
        a: 1
        ---
        Ana Núñez
        =========
        ## Log ##
        #notaheading
        ####### seven is not a heading

        Interactions (2026)
        ---
          ### 📅 Contact log
        ```
        # inside code
        ```
        """
    )
    assert [(h.level, h.text, h.line) for h in note.headings] == [
        (1, "Ana Núñez", 4),
        (2, "Log", 6),
        (2, "Interactions (2026)", 10),
        (3, "📅 Contact log", 12),
    ]


# -- log entries, tasks and due dates ------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["## Log", "### 📅 Contact log", "## Interactions (2026)", "## Meetings", "## logs"]
)
def test_dated_items_in_a_log_section_are_interactions(vault: VaultBuilder, heading: str) -> None:
    vault.write(
        "People/Ana.md",
        f"""
        # Ana

        - 2026-01-01 not in a log section
        {heading}
        - 2026-03-14 coffee
        - **2026-04-01** call
        - [[2026-05-02]] lunch
        - [[Daily/2026-06-03|2026-06-03]] video
          - 2026-07-04 nested, still counts
        - 2026-07-05: hike #gave
        - Mar 8 not a date entry
        ## Notes
        - 2026-08-01 not in a log section
        """,
    )
    [ana] = vault.open().people
    assert [(i.date.isoformat(), i.line, i.source, sorted(i.tags)) for i in ana.interactions] == [
        ("2026-03-14", 5, "log", []),
        ("2026-04-01", 6, "log", []),
        ("2026-05-02", 7, "log", []),
        ("2026-06-03", 8, "log", []),
        ("2026-07-04", 9, "log", []),
        ("2026-07-05", 10, "log", ["gave"]),
    ]


def test_a_heading_that_only_starts_like_log_is_not_a_log_section(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "## Logistics\n- 2026-03-14 shipped boxes\n## Catalog\n- 2026-03-15 x\n")
    [ana] = vault.open().people
    assert ana.interactions == ()


def test_a_log_section_ends_at_the_next_heading_of_the_same_or_higher_level(vault: VaultBuilder) -> None:
    vault.write(
        "People/Ana.md",
        "## Log\n### 2026\n- 2026-03-14 a\n## About\n- 2026-04-01 b\n# Top\n- 2026-05-01 c\n",
    )
    [ana] = vault.open().people
    assert [i.date for i in ana.interactions] == [date(2026, 3, 14)]


def test_tasks_with_their_status_and_due_dates() -> None:
    note = parse(
        """
        - [ ] call [[Ana]] 📅 2026-10-01
        - [x] send the deck due:: 2026-09-01
        - [-] cancelled 📅2026-09-02
        * [ ] star list [due:: 2026-11-30]
        1. [ ] numbered 📅 2026-13-01
        - [ ]
        - not a task 📅 2026-12-01
          - [X] nested done
        """
    )
    assert [(i.line, i.status, i.due) for i in note.items] == [
        (1, " ", date(2026, 10, 1)),
        (2, "x", date(2026, 9, 1)),
        (3, "-", date(2026, 9, 2)),
        (4, " ", date(2026, 11, 30)),
        (5, " ", None),
        (6, " ", None),
        (8, "X", None),
    ]
    assert [(k.target, k.task) for k in note.links] == [("Ana", 0)]


def test_a_link_under_a_task_belongs_to_that_task() -> None:
    note = parse("- [ ] plan\n  - ask [[Ana]]\n    continued [[Bo]]\n- free [[Cy]]\n")
    assert [(k.target, k.task, k.in_open_task(note.items)) for k in note.links] == [
        ("Ana", 0, True),
        ("Bo", 0, True),
        ("Cy", -1, False),
    ]


def test_tags_of_a_list_item_apply_to_its_links() -> None:
    note = parse("- 2026-09-01 lunch with [[Ana]]\n  helped with her CV #gave\n- [[Bo]] #Asked/help\n")
    assert [(k.target, k.tags) for k in note.links] == [("Ana", ("gave",)), ("Bo", ("asked/help",))]


def test_line_separators_inside_a_yaml_string_do_not_shift_line_numbers(vault: VaultBuilder) -> None:
    """YAML also breaks lines at U+2028 and U+0085 (text pasted from the web); editors do not."""
    vault.write(
        "People/Ana.md",
        '---\nbio: "Ana\u2028Núñez\x85from Madrid"\ncompany: Acme\nCompany: Northwind\nmanager: "[[Bo]]"\n'
        "last_contact: 2026-09-01\n---\n",
    )
    vault.write("Daily/2026-09-10.md", "[[Ana]]\n")
    assert [(d.code, d.line, d.column, d.end_column) for d in vault.check(select=["VK003"])] == [("VK003", 4, 1, 8)]
    note = vault.open().model.notes["People/Ana.md"]
    assert [(k.target, k.line, k.column) for k in note.links] == [("Bo", 5, 11)]
    fixed = vault.run("check", "--fix", "--select", "VK104")
    assert fixed.code == 0, fixed.out + fixed.err
    assert (vault.root / "People/Ana.md").read_bytes().decode() == (
        '---\nbio: "Ana\u2028Núñez\x85from Madrid"\ncompany: Acme\nCompany: Northwind\nmanager: "[[Bo]]"\n'
        "last_contact: 2026-09-10\n---\n"
    )


# -- flat frontmatter, read without libyaml, must read as libyaml reads it ------------------------

_KEYS = ["name", "level", "job title", "Last Contact", "first_contact", "Prénom", "a-b", "x", "é", "k2", "name "]
_WORDS = ["peer", "2026-09-01", "2026-9-1", "2026-02-30", "14d", "Inés Müller", "1.5", "+1 555", "true", "null",
          "a, b", "C#", "it's", "R&D", "x:y", "x: y", "x:", "a #b", "[[Ana]]", "~", "-5", ".5", "😀", "_u",
          "10:30"]  # fmt: skip


def _scalar(word: str, quote: str) -> str:
    return f"{quote}{word}{quote}"


_VALUES = [
    *(_scalar(word, quote) for word in _WORDS for quote in ("", '"', "'")),
    *("[" + ", ".join(items) + "]" for items in ([], ["peer"], ["a", "2026-09-01"], ["Inés", "x:y"], ["a b", "[[A]]"])),
    "", " ", "[ ]", "[a,,b]", "[a, [b]]", "[a", "'x", '"a\\"b"', "'it''s'", '"[[A]] and [[B]]"', "[a,]", "[a]]",
]  # fmt: skip
_DASHES = [" peer", "  Inés", ' "[[Ana]]"', " ", "", " - x", " a: b", " 'q'", " [[X]]", " a #b", " 2026-09-01"]
_OTHERS = ["# a comment", "  nested: 1", "key: |", "\tkey: x", "key: &a x", "key: *a", "", "---", "key: x # c"]


def _differences(texts: Iterable[str]) -> list[tuple[str, Any, Any]]:
    """Each text whose frontmatter reads otherwise with libyaml alone."""
    from vaultkit import frontmatter

    found = []
    flat = frontmatter._flat
    for text in texts:
        fast = frontmatter.parse_frontmatter(text, 2, 10**6)
        frontmatter._flat = lambda text, first_line: None
        try:
            slow = frontmatter.parse_frontmatter(text, 2, 10**6)
        finally:
            frontmatter._flat = flat
        if fast != slow:
            found.append((text, fast, slow))
    return found


def test_every_flat_line_reads_as_libyaml_reads_it() -> None:
    lines = [f"{key}:{space}{value}{tail}" for key in _KEYS for space in ("", " ", "  ") for value in _VALUES
             for tail in ("", "  ")]  # fmt: skip
    assert _differences(lines) == []


def test_a_key_longer_than_libyaml_takes_is_not_read_flat() -> None:
    assert _differences([f"{'k' * length}: v" for length in (1023, 1024, 1025, 1100)]) == []


def test_every_short_block_list_reads_as_libyaml_reads_it() -> None:
    texts = [f"{key}:\n{indent}-{first}\n{indent2}-{second}" for key in _KEYS[:4] for indent in ("", "  ")
             for indent2 in ("", "  ", "   ") for first in _DASHES for second in _DASHES]  # fmt: skip
    assert _differences(texts) == []


_LINES = st.one_of(
    st.builds(lambda key, value: f"{key}: {value}", st.sampled_from(_KEYS), st.sampled_from(_VALUES)),
    st.builds(lambda indent, dash: f"{indent}-{dash}", st.sampled_from(["", "  ", "    "]), st.sampled_from(_DASHES)),
    st.sampled_from(_OTHERS),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=6))
def test_flat_frontmatter_reads_as_libyaml_reads_it(lines: list[str]) -> None:
    assert _differences(["\n".join(lines)]) == []


def test_flat_frontmatter_is_read_without_libyaml_for_the_usual_notes() -> None:
    """Not a fallback for every note: the person notes of a real vault take the quick way."""
    from vaultkit import frontmatter

    usual = (
        'relationships: [manager, mentor]\nlevel: senior\ncompany: "[[Globex]]"\nfirst met: 2015-11-30\n'
        'tags:\n  - person/work\n  - "[[Ana Núñez]]"'
    )
    read = frontmatter._flat(usual, 2)
    assert read is not None
    entries, links = read
    assert [entry[:2] for entry in entries] == [
        ("relationships", ["manager", "mentor"]), ("level", "senior"), ("company", "[[Globex]]"),
        ("first met", date(2015, 11, 30)), ("tags", ["person/work", "[[Ana Núñez]]"]),
    ]  # fmt: skip
    assert [(link.text, link.line, link.column) for link in links] == [("Globex", 4, 11), ("Ana Núñez", 8, 6)]


_BROKEN = st.lists(
    st.one_of(
        _LINES,
        st.sampled_from(
            [
                "bad: [",
                'q: "open',
                "q: 'open",
                'x: "a\\" b',
                "  - person",
                "type: person",
                "tags: [meeting]",
                "date: 2026-09-01",
                "vaultkit-ignore: [VK002]",
                "\ttype: x",
                '"type": person',
                "type:person",
            ]
        ),
        st.text(max_size=20),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=500, deadline=None)
@given(_BROKEN)
def test_what_broken_frontmatter_still_says_is_read_key_by_key(lines: list[str]) -> None:
    """Never raises; every key it finds is one it salvages, read from that key's own lines."""
    from vaultkit.frontmatter import SALVAGED, salvaged

    text = "\n".join(lines)
    found = salvaged(text, 2)
    assert len({f.norm for f in found}) == len(found)
    for f in found:
        assert f.norm in SALVAGED
        assert text.split("\n")[f.line - 2].startswith(f.key)  # a top-level key, where it says
