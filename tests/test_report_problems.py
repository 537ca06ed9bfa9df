"""The Markdown report's Problems section (issue 14): the errors and warnings of the notes, linked
to their notes, so that an Obsidian user sees a broken frontmatter or an ambiguous `[[Alex]]`
without a terminal; what another section already tells is not said again (03-interfaces.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from conftest import VaultBuilder
from markdown_it import MarkdownIt
from markdown_it.token import Token

from vaultkit.diagnostics import Diagnostic
from vaultkit.note import read_note
from vaultkit.report import build_report, render_report
from vaultkit.report.build import PROBLEMS_MAX

TODAY = "2026-09-24"


def markdown(vault: VaultBuilder, problems: Sequence[Diagnostic] | None = None, today: str = TODAY) -> str:
    """The Markdown report, given `problems` as the watcher gives them (None: the owner's check)."""
    opened = vault.open(today)
    return render_report(
        build_report(opened.model, problems=opened.check() if problems is None else problems), "markdown"
    )


def section(note: str) -> list[str]:
    """The lines of the Problems section, its heading first, up to the next section."""
    lines = note.splitlines()
    start = lines.index("## Problems")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    return lines[start : end - 1]  # the blank line before the next heading is the next section's


def listed(note: str) -> list[str]:
    return [line for line in section(note) if line.startswith("- ")]


def ordinary(vault: VaultBuilder) -> None:
    """A broken frontmatter, two Alexes and a daily note that could mean either, a neglected
    person, a promise past due, a person whose note shares its name with a client's, a typo'd key."""
    vault.write("People/Ana Lima.md", "---\nname: [unclosed\n---\n")
    vault.write("People/Alex Chen.md", "---\naliases: [Alex]\nlevel: peer\n---\n")
    vault.write("People/Alex Morgan.md", "---\naliases: [Alex]\nlevel: peer\n---\n")
    vault.write("Daily/2026-09-20.md", "Lunch with [[Alex]].\n")
    vault.write("People/Bo.md", "---\ncadence: 2w\n---\n## Log\n- 2026-01-01 call\n")
    vault.write("People/Cy.md", "---\nlevel: junior\n---\n- [ ] send [[Cy]] the deck 📅 2026-09-01\n")
    vault.write("Clients/Kim Park.md", "A client of the same name.\n")
    vault.write("People/Kim Park.md", "---\nname: Kim Park\nlast_contcat: 2026-09-01\n---\n")
    vault.write("People/nadia.md", "---\nname: Nadia Haddad\nlast_contcat: 2026-09-01\n---\n")


# -- what the section says -----------------------------------------------------------------------


def test_each_problem_links_its_note_with_line_code_and_message_errors_first(vault: VaultBuilder) -> None:
    ordinary(vault)

    note = markdown(vault)

    assert section(note)[:3] == [
        "## Problems",
        "",
        "Errors and warnings in the notes, errors first; what the sections above say is left out.",
    ]
    assert listed(note) == [
        "- ❌ **error** [[Ana Lima]], line 2 — VK002: frontmatter is not valid YAML: the \\[ that opens here "
        "is never closed (did not find expected ',' or '\\]')",
        "- ⚠️ **warning** [[Daily/2026-09-20]], line 1 — VK403: \\[\\[Alex\\]\\] could be \\[\\[Alex Chen\\]\\] or "
        "\\[\\[Alex Morgan\\]\\]: write whom you mean, e.g. \\[\\[Alex Chen\\|Alex\\]\\]; "
        "until then it counts for nobody",
        "- ⚠️ **warning** [[People/Kim Park|Kim Park]], line 3 — VK005: unknown field 'last\\_contcat': did you "
        "mean last\\_contact?",
        "- ⚠️ **warning** [[nadia|Nadia Haddad]], line 3 — VK005: unknown field 'last\\_contcat': did you "
        "mean last\\_contact?",
    ]


def test_what_other_sections_tell_is_not_said_again(vault: VaultBuilder) -> None:
    ordinary(vault)
    opened = vault.open()
    problems = opened.check()

    note = markdown(vault, problems)

    # Bo is neglected, Cy's promise is due, and the vault has no plan nor mentor: the check says
    # so as warnings, and so do Reach out next and Health, once.
    codes = {d.code for d in problems if d.severity == "warning"}
    assert {"VK101", "VK106", "VK201", "VK301"} <= codes
    assert not any(code in "\n".join(section(note)) for code in ("VK101", "VK106", "VK201", "VK301"))
    assert "| 1 | [[Bo]] | no level | 2026-01-01 | 266 | 2w | 19.0 | log, line 5 |" in note
    assert '- [[Cy]] — "send Cy the deck" — due 2026-09-01, 23 days ago — [[People/Cy|People/Cy]], line 4' in note
    assert "([[Plans/2026-Q3|VK201]])" in note


def test_the_other_sections_are_the_same_bytes_with_or_without_problems(vault: VaultBuilder) -> None:
    ordinary(vault)
    opened = vault.open()
    without = render_report(build_report(opened.model), "markdown")

    note = markdown(vault)

    assert "## Problems" not in without
    assert vault.run("report", "--format", "markdown").out == note  # the command lists them, as the dashboard
    start = note.index("## Problems")
    assert note[:start] + note[note.index("## Trend") :] == without
    assert without.index("## Trend") == start  # Problems comes where Trend was: after Health


def test_no_problems_says_so_in_one_line(vault: VaultBuilder) -> None:
    vault.write("People/Bo.md", "---\ncadence: 2w\nlevel: peer\n---\n## Log\n- 2026-01-01 call\n")

    note = markdown(vault)

    assert "VK101" in {d.code for d in vault.check()}  # told in Reach out next, not here
    assert section(note) == ["## Problems", "", "No problems in the notes."]


def test_an_info_is_no_problem(vault: VaultBuilder) -> None:
    vault.write("People/Bo.md", "---\nlevel: peer\n---\n")  # VK102: no interaction recorded, an info
    problems = vault.check()

    assert [(d.code, d.severity) for d in problems if d.path == "People/Bo.md"] == [("VK102", "info")]
    assert section(markdown(vault, problems)) == ["## Problems", "", "No problems in the notes."]


def test_a_one_sided_relationship_is_a_problem_only_when_health_does_not_list_it(vault: VaultBuilder) -> None:
    log = "".join(f"- 2026-0{m}-01 asked for help #asked\n" for m in (5, 6, 8))
    vault.write("People/Dee.md", f"---\nlevel: peer\ncadence: 1y\n---\n## Log\n{log}")
    vault.write("vaultkit.toml", '[rules]\nseverity = { VK103 = "warning" }\n')
    assert [d.code for d in vault.check() if d.path == "People/Dee.md"] == ["VK103"]

    assert not any("VK103" in line for line in listed(markdown(vault)))

    vault.write("vaultkit.toml", '[rules]\nignore = ["VK103"]\nseverity = { VK103 = "warning" }\n')
    chosen = vault.open().check(select=["VK103"])  # a caller's own choice, which Health does not follow
    note = markdown(vault, chosen)
    assert "- One-sided: not checked (VK103 is off)" in note
    assert [line for line in listed(note) if "VK103" in line] == [
        "- ⚠️ **warning** [[Dee]], line 1 — VK103: one-sided: \\#asked in 3 of your last 3 "
        "interactions with Dee and no \\#gave: what could you offer them?",
    ]


def test_a_birthday_made_a_warning_is_told_once_under_birthdays(vault: VaultBuilder) -> None:
    vault.write("People/Eli.md", "---\nlevel: peer\nbirthday: 09-28\n---\n")
    vault.write("vaultkit.toml", '[rules]\nselect = ["VK", "VK108"]\nseverity = { VK108 = "warning" }\n')
    problems = vault.check()
    assert "VK108" in {d.code for d in problems if d.severity == "warning"}

    note = markdown(vault, problems)

    assert "- [[Eli]] — Mon 28 Sep (in 4 days)" in note
    assert not any("VK108" in line for line in section(note))


def test_a_sync_conflict_copy_is_linked_by_its_path_not_by_the_person(vault: VaultBuilder) -> None:
    vault.write("People/Ana Lima.md", "---\nlevel: peer\n---\n")
    vault.write("People/Ana Lima (conflicted copy 2026-09-02).md", "---\nlevel: peer\nlast_contcat: 2026-09-01\n---\n")

    assert listed(markdown(vault)) == [
        "- ❌ **error** [[People/Ana Lima (conflicted copy 2026-09-02)]], line 1 — VK105: same person as "
        "People/Ana Lima.md (a sync-conflict copy): merge the two notes",
        "- ❌ **error** [[Ana Lima]], line 1 — VK105: same person as People/Ana Lima (conflicted copy "
        "2026-09-02).md (a sync-conflict copy): merge the two notes",
        "- ⚠️ **warning** [[People/Ana Lima (conflicted copy 2026-09-02)]], line 3 — VK005: unknown field "
        "'last\\_contcat': did you mean last\\_contact?",
    ]


# -- at most 50, then counts per code ------------------------------------------------------------


def test_fifty_are_listed_then_the_rest_counted_per_code(vault: VaultBuilder) -> None:
    vault.write("People/Alex Chen.md", "---\naliases: [Alex]\n---\n")
    vault.write("People/Alex Morgan.md", "---\naliases: [Alex]\n---\n")
    for n in range(30):  # 30 errors
        vault.write(f"People/Broken {n:02}.md", "---\nname: [unclosed\n---\n")
    for n in range(40):  # 40 warnings in Daily/, before People/ by path
        vault.write(f"Daily/{date(2026, 6, 1) + timedelta(days=n)}.md", "Coffee with [[Alex]].\n")
    for n in range(6):  # 6 warnings in People/
        vault.write(f"People/Typo {n}.md", "---\nlast_contcat: 2026-09-01\n---\n")
    problems = vault.check()

    items = listed(markdown(vault, problems))

    assert len([d for d in problems if d.code in ("VK002", "VK403", "VK005")]) == 76
    assert len(items) == PROBLEMS_MAX + 1
    assert all("**error**" in line and "VK002" in line for line in items[:30])
    assert all("**warning**" in line and "VK403" in line for line in items[30:50])
    assert items[0].startswith("- ❌ **error** [[Broken 00]], line 2 — VK002: ")
    assert items[29].startswith("- ❌ **error** [[Broken 29]], line 2 — VK002: ")
    assert items[30].startswith("- ⚠️ **warning** [[Daily/2026-06-01]], line 1 — VK403: ")
    assert items[-1] == "- and 26 more: VK403 ×20, VK005 ×6"
    assert "The first 50 are listed; `vaultkit check` lists them all." in section(markdown(vault, problems))[2]


def test_the_report_holds_the_problems_as_figures(vault: VaultBuilder) -> None:
    ordinary(vault)
    opened = vault.open()

    report = build_report(opened.model, problems=opened.check())

    assert build_report(opened.model).problems is None
    assert [(p.path, p.note.link, p.line, p.code, p.severity) for p in report.problems or ()] == [
        ("People/Ana Lima.md", "Ana Lima", 2, "VK002", "error"),
        ("Daily/2026-09-20.md", "Daily/2026-09-20", 1, "VK403", "warning"),
        ("People/Kim Park.md", "People/Kim Park", 3, "VK005", "warning"),
        ("People/nadia.md", "nadia", 3, "VK005", "warning"),
    ]
    assert report.problems_more == ()


# -- what a message or a path may hold -----------------------------------------------------------

HOSTILE = "[[Alex]] | *bold* _it_ `code` <script>alert(1)</script> &amp; ==hi==\n# not a heading %%x%% #tag"
SHOWN = HOSTILE.replace("\n", "\\n")  # a newline inside a message is no structure: shown as `\n`


def hostile(path: str, line: int = 7, severity: str = "warning") -> Diagnostic:
    return Diagnostic("VK401", "unresolved-person-link", severity, path, line, 1, line, 2, HOSTILE, None)


def test_a_hostile_message_is_literal_text(vault: VaultBuilder) -> None:
    vault.write("People/Bo.md", "---\nlevel: peer\n---\n")

    [item] = listed(markdown(vault, [hostile("People/Bo.md")]))

    assert item == (
        "- ⚠️ **warning** [[Bo]], line 7 — VK401: \\[\\[Alex\\]\\] \\| \\*bold\\* \\_it\\_ \\`code\\` "
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; \\=\\=hi\\=\\=\\\\n\\# not a heading \\%\\%x\\%\\% \\#tag"
    )
    assert len(re.findall(r"(?<!\\)\[\[", item)) == 1  # the note's link; the message's is text


def test_a_path_no_wikilink_can_hold_is_named_as_text(vault: VaultBuilder) -> None:
    vault.write("People/Bo.md", "---\nlevel: peer\n---\n")

    items = listed(markdown(vault, [hostile("Inbox/what #1 [draft].md", 3), hostile("Inbox/a|b.md", 4)]))

    assert [item.split(" — ")[0] for item in items] == [
        "- ⚠️ **warning** Inbox/a\\|b, line 4",
        "- ⚠️ **warning** Inbox/what \\#1 \\[draft\\], line 3",
    ]


# -- as a Markdown parser reads it ---------------------------------------------------------------


def inline(tokens: list[Token]) -> list[list[Token]]:
    """The children of each list item's paragraph."""
    return [t.children or [] for t in tokens if t.type == "inline"]


def test_the_section_parses_as_one_list_of_plain_items(vault: VaultBuilder) -> None:
    ordinary(vault)
    problems = [*vault.check(), hostile("People/Bo.md", severity="error")]

    lines = section(markdown(vault, problems))
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = parser.parse("\n".join(lines[3:]) + "\n")

    assert [t.type for t in tokens if t.type.endswith("_open") and t.level == 0] == ["bullet_list_open"]
    assert sum(1 for t in tokens if t.type == "list_item_open") == 5
    items = inline(tokens)
    assert not [t for t in tokens if t.type in ("html_block", "heading_open", "table_open")]
    for children in items:
        kinds = [t.type for t in children]
        assert kinds.count("strong_open") == 1 and kinds.index("strong_open") == 1  # the severity, only
        assert not {"html_inline", "link_open", "code_inline", "em_open", "image"} & set(kinds)
    words = ["".join(t.content for t in children) for children in items]
    assert words[1] == f"❌ error [[Bo]], line 7 — VK401: {SHOWN}"
    assert (
        words[2] == "⚠️ warning [[Daily/2026-09-20]], line 1 — VK403: [[Alex]] could be [[Alex Chen]] or "
        "[[Alex Morgan]]: write whom you mean, e.g. [[Alex Chen|Alex]]; until then it counts for nobody"
    )
    rendered = parser.render("\n".join(lines) + "\n")
    assert "<script" not in rendered and "<strong>error</strong>" in rendered
    # As vaultkit (and Obsidian) read wikilinks: each problem's note, none of its message's.
    links = read_note("Dashboard.md", "\n".join(lines).encode(), 1 << 20, 1 << 16).links
    assert [link.target for link in links] == ["Ana Lima", "Bo", "Daily/2026-09-20", "People/Kim Park", "nadia"]


def test_the_whole_note_renders_without_html_from_a_message(vault: VaultBuilder) -> None:
    vault.write("People/Bo.md", "---\nlevel: peer\n---\n")
    note = markdown(vault, [hostile("People/Bo.md")])

    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(note)

    assert "<script" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "<h2>Problems</h2>" in rendered and "<h1>not a heading" not in rendered
