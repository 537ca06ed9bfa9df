"""VK001-VK006 (reading notes) and VK401-VK403 (links about people): one story per edge."""

from __future__ import annotations

import pytest
from conftest import VaultBuilder

TODAY = "2026-09-24"

ANA = """
    ---
    role: mentor
    level: senior
    ---
    # Ana Núñez
    """


def found(vault: VaultBuilder, *select: str, today: str = TODAY) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of every diagnostic of the selected rules."""
    return [(d.code, d.path, d.line, d.column) for d in vault.check(today, list(select) or None)]


def one(vault: VaultBuilder, code: str, today: str = TODAY) -> tuple[str, str, int, int, str, str]:
    """The one diagnostic `code` finds: (path, severity, line, column, message, code)."""
    diagnostics = vault.check(today, [code])
    assert len(diagnostics) == 1, diagnostics
    d = diagnostics[0]
    return (d.path, d.severity, d.line, d.column, d.message, d.code)


# -- VK001 unreadable-note ------------------------------------------------------------------------


def test_vk001_a_latin1_person_note_is_an_error_naming_the_byte(vault: VaultBuilder) -> None:
    vault.write("People/François Dubois.md", raw="---\nname: Fran\xe7ois\n---\n".encode("latin-1"))
    assert one(vault, "VK001") == (
        "People/François Dubois.md", "error", 1, 1,
        "note is not UTF-8 (byte 0xE7 on line 2): re-save it as UTF-8", "VK001",
    )  # fmt: skip


def test_vk001_the_same_note_in_utf8_with_a_bom_and_crlf_is_fine(vault: VaultBuilder) -> None:
    vault.write("People/François Dubois.md", raw="\ufeff---\r\nname: François\r\n---\r\n".encode())
    assert found(vault, "VK0") == []


def test_vk001_nul_bytes_in_a_web_clipping_are_only_a_warning(vault: VaultBuilder) -> None:
    vault.write("Clippings/Board of directors.md", raw=b"# Clip\n\nsome\x00binary\n")
    assert one(vault, "VK001") == (
        "Clippings/Board of directors.md", "warning", 1, 1,
        "note contains NUL bytes (line 3): is it a binary file?", "VK001",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "severity"),
    [
        ("People/Ana.md", "error"),
        ("Daily/2026-09-01.md", "error"),
        ("Plans/2026-Q3.md", "error"),
        ("Meetings/Staff sync.md", "error"),  # a meeting by its folder
        ("Clippings/Article.md", "warning"),
        ("Projects/Ingest v2.md", "warning"),
    ],
)
def test_vk001_severity_follows_what_the_path_says_the_note_is(vault: VaultBuilder, path: str, severity: str) -> None:
    vault.write(path, raw=b"caf\xe9\n")
    assert [(d.path, d.severity) for d in vault.check(TODAY, ["VK001"])] == [(path, severity)]


def test_vk001_a_note_over_max_note_bytes_is_not_read(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[vault]\nmax-note-bytes = 64\n")
    vault.write("People/Ana.md", "---\nrole: mentor\n---\n" + "x" * 64 + "\n")
    vault.write("People/Ben.md", "---\nrole: peer\n---\n")
    assert one(vault, "VK001") == (
        "People/Ana.md", "error", 1, 1, "note is larger than 64 bytes (max-note-bytes); not read", "VK001",
    )  # fmt: skip


@pytest.mark.parametrize("folder", ["Templates", "_templates", ".trash", ".obsidian", "node_modules"])
def test_vk001_never_in_template_folders_or_hidden_folders(vault: VaultBuilder, folder: str) -> None:
    vault.write(f"{folder}/Person.md", raw=b"caf\xe9\n")
    assert found(vault, "VK0") == []


def test_vk001_not_in_the_templates_folder_that_obsidian_names(vault: VaultBuilder) -> None:
    vault.write(".obsidian/templates.json", '{"folder": "Meta/Blueprints"}')
    vault.write("Meta/Blueprints/Person.md", raw=b"caf\xe9\n")
    vault.write("Meta/Other.md", raw=b"caf\xe9\n")
    assert found(vault, "VK0") == [("VK001", "Meta/Other.md", 1, 1)]


# -- VK002 invalid-frontmatter --------------------------------------------------------------------


def test_vk002_yaml_that_does_not_parse_is_reported_at_the_problem(vault: VaultBuilder) -> None:
    vault.write(
        "People/Kevin Osei.md",
        """
        ---
        name: Kevin Osei
        level: senior
        title: Head of Infrastructure: EMEA
        email: kevin.osei@northwind.example
        ---
        """,
    )
    (path, severity, line, column, message, _code) = one(vault, "VK002")
    assert (path, severity, line, column) == ("People/Kevin Osei.md", "error", 4, 8)
    assert message == (
        "frontmatter is not valid YAML: a value holding ': ' must be quoted: title: \"Head of Infrastructure: EMEA\""
    )


@pytest.mark.parametrize(
    ("yaml", "line", "column", "message"),
    [
        ("name: @ana", 2, 7, "a value starting with @ must be quoted: name: \"@ana\""),
        ("title: `CTO`", 2, 8, "a value starting with ` must be quoted: title: \"`CTO`\""),
        ("name: *star", 2, 7, "* starts a YAML alias: quote the value: name: \"*star\""),
        ('quote: "Be bold": she said', 2, 8, "a value holding ': ' must be quoted: quote: '\"Be bold\": she said'"),
        ("name: Ana\nmentor\nrole: peer", 3, 1,
         "this line is not 'key: value' (put ': ' after the key, or indent it under a key)"),
        ("roles:\n\t- mentor", 3, 1, "a tab where YAML wants spaces: indent with spaces"),
        ("company:\n  name: Acme: EMEA", 3, 9, "a value holding ': ' must be quoted: name: \"Acme: EMEA\""),
        ("title:   Head: EMEA # mine", 2, 10, "a value holding ': ' must be quoted: title: \"Head: EMEA\" # mine"),
        ("@ana: b", 2, 1, "a key starting with @ must be quoted: \"@ana\": b"),
        ("name: Ana\n  role: mentor", 3, 3, "this line is indented under a key that already has a value: unindent it"),
        ("note: a\u2028b\nc: d\nfoo", 2, 8, "YAML reads U+2028 here as a line break: remove it, or quote the value"),
        ("roles: [mentor, peer", 2, 8, "the [ that opens here is never closed (did not find expected ',' or ']')"),
    ],
)  # fmt: skip
def test_vk002_says_what_to_write_for_the_usual_mistakes(
    vault: VaultBuilder, yaml: str, line: int, column: int, message: str
) -> None:
    vault.write("People/Ana.md", f"---\n{yaml}\n---\n")
    (_, _, at_line, at_column, said, _) = one(vault, "VK002")
    assert (at_line, at_column, said) == (line, column, f"frontmatter is not valid YAML: {message}")


def test_vk002_quoting_the_value_passes(vault: VaultBuilder) -> None:
    vault.write(
        "People/Kevin Osei.md",
        """
        ---
        name: Kevin Osei
        title: "Head of Infrastructure: EMEA"
        ---
        """,
    )
    assert found(vault, "VK0") == []


def test_vk002_an_unclosed_frontmatter_is_reported_on_line_1(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\n\n# Ana\n")
    assert one(vault, "VK002") == (
        "People/Ana.md", "error", 1, 1, "frontmatter opened on line 1 is never closed with ---", "VK002",
    )  # fmt: skip


def test_vk002_a_list_is_not_a_mapping(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\n- mentor\n- senior\n---\n")
    (path, severity, _line, _column, message, _code) = one(vault, "VK002")
    assert (path, severity, message) == (
        "People/Ana.md",
        "error",
        "frontmatter is a list, not a mapping of keys to values",
    )


def test_vk002_an_unfilled_placeholder_outside_templates_is_invalid(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nname: Ana\nmet: {{date}}\n---\n")
    assert one(vault, "VK002") == (
        "People/Ana.md", "error", 3, 6, "unfilled template placeholder {{date}}: fill it in or remove it", "VK002",
    )  # fmt: skip


def test_vk002_a_templater_placeholder_is_invalid_too(vault: VaultBuilder) -> None:
    vault.write("Daily/2026-09-01.md", '---\ncreated: <% tp.date.now("YYYY-MM-DD") %>\n---\n')
    assert found(vault, "VK002") == [("VK002", "Daily/2026-09-01.md", 2, 10)]


def test_vk002_placeholders_are_expected_in_a_template_folder(vault: VaultBuilder) -> None:
    vault.write("Templates/Person.md", "---\nname: {{title}}\nmet: {{date}}\n---\n")
    vault.write("Meta/_templates/Daily.md", "---\ncreated: <% tp.date.now() %>\n---\n")
    assert found(vault, "VK0") == []


def test_vk002_in_a_web_clipping_is_a_warning(vault: VaultBuilder) -> None:
    vault.write("Clippings/Article.md", "---\ntitle: Why: a story\n---\n")
    assert [(d.code, d.severity) for d in vault.check(TODAY, ["VK002"])] == [("VK002", "warning")]


def test_vk002_outside_the_people_folder_a_type_still_readable_makes_it_an_error(vault: VaultBuilder) -> None:
    vault.write("Contacts/Irene.md", "---\ntype: contact\nemail: [a@b.c\nnote: x\n---\n")
    vault.write("Contacts/Irene2.md", "---\ntitle: a: b\ntags:\n  - person\n---\n")
    vault.write("Contacts/Irene3.md", "---\ntype: contact\nname: {{title}}\n---\n")
    vault.write("Meetings/../Notes/Sync.md", "---\ntags: [meeting]\ndate: 2026-09-01\nbad: a: b\n---\n")
    vault.write("Clippings/Article.md", "---\ntitle: Why: a story\ntype: article\n---\n")
    assert [(d.path, d.severity) for d in vault.check(TODAY, ["VK002"])] == [
        ("Clippings/Article.md", "warning"),
        ("Contacts/Irene.md", "error"),  # 02-rules.md: "by ... whatever frontmatter could be read"
        ("Contacts/Irene2.md", "error"),
        ("Contacts/Irene3.md", "error"),
        ("Notes/Sync.md", "error"),  # a meeting with a date: a dated note
    ]
    assert {person.path for person in vault.open().people} == {
        "Contacts/Irene.md", "Contacts/Irene2.md", "Contacts/Irene3.md"
    }  # fmt: skip


def test_vk002_what_broken_yaml_still_says_is_never_a_persons_field(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[fields]\nlast_contact = ["date"]\nroles = ["tags"]\n')
    vault.write("People/Bob.md", "---\ndate: 2026-09-20\ntags: [mentor]\nrole: [mentor\n---\n")
    (bob,) = vault.open().people
    assert (bob.fields.last_contact, bob.fields.roles, bob.last_interaction) == (None, (), None)


def test_vk002_a_key_inside_a_quoted_value_is_not_read_from_broken_yaml(vault: VaultBuilder) -> None:
    vault.write("Notes/E.md", '---\nsummary: "met at\ntype: person\nconference"\nbad: [\n---\n')
    vault.write("Notes/F.md", "---\nsummary: 'it''s\ntype: person\nover'\nbad: [\n---\n")
    assert [(d.path, d.severity) for d in vault.check(TODAY, ["VK002"])] == [
        ("Notes/E.md", "warning"), ("Notes/F.md", "warning")
    ]  # fmt: skip


def test_vk001_the_frontmatter_of_a_note_not_read_still_says_what_it_is(vault: VaultBuilder) -> None:
    vault.write("Contacts/Irene.md", raw=b"---\ntype: contact\n---\nmet at the caf\xe9\n")
    vault.write("Contacts/Irene2.md", raw=b"---\ntype: contact\n---\n\0\0")
    vault.write("Clippings/Article.md", raw=b"---\ntype: article\n---\ncaf\xe9\n")
    assert [(d.path, d.severity) for d in vault.check(TODAY, ["VK001"])] == [
        ("Clippings/Article.md", "warning"),
        ("Contacts/Irene.md", "error"),
        ("Contacts/Irene2.md", "error"),
    ]


def test_vk002_a_vaultkit_ignore_still_readable_is_obeyed(vault: VaultBuilder) -> None:
    vault.write("Clippings/Article.md", "---\nvaultkit-ignore: [VK002]\ntitle: Why: a story\n---\n")
    assert found(vault, "VK0") == []


def test_vk002_an_unclosed_bracket_is_reported_where_it_opens(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nname: Ana\nrole: [mentor\nlevel: senior\n---\n")
    (_, _, line, column, message, _) = one(vault, "VK002")
    assert (line, column) == (3, 7)
    assert message.startswith("frontmatter is not valid YAML: ")


def test_vk002_frontmatter_over_the_size_cap(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[vault]\nmax-frontmatter-bytes = 32\n")
    vault.write("People/Ana.md", "---\nname: Ana\nnote: " + "x" * 40 + "\n---\n")
    (path, severity, line, column, message, _code) = one(vault, "VK002")
    assert (path, severity, message) == (
        "People/Ana.md",
        "error",
        "frontmatter is larger than 32 bytes (max-frontmatter-bytes); not read",
    )
    assert (line, column) == (1, 1)


def test_vk002_a_billion_laughs_is_refused_quickly(vault: VaultBuilder) -> None:
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        laughs.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    vault.write("People/Ana.md", "---\n" + "\n".join(laughs) + "\n---\n")
    assert [d.code for d in vault.check(TODAY, ["VK0"])] == ["VK002"]


def test_vk002_nesting_over_100_levels_is_refused(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nx: " + "[" * 150 + "]" * 150 + "\n---\n")
    assert [d.code for d in vault.check(TODAY, ["VK0"])] == ["VK002"]


def test_vk002_an_empty_frontmatter_is_fine(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\n---\n# Ana\n")
    assert found(vault, "VK0") == []


# -- VK003 duplicate-key --------------------------------------------------------------------------


def test_vk003_a_key_given_twice_after_loose_matching_is_reported_at_the_second(vault: VaultBuilder) -> None:
    vault.write(
        "People/Bianca Rossi.md",
        """
        ---
        name: Bianca Rossi
        Company: Northwind
        level: peer
        company: Contoso
        ---
        """,
    )
    assert one(vault, "VK003") == (
        "People/Bianca Rossi.md", "error", 5, 1,
        "duplicate key 'company' (also on line 3); the first one is used", "VK003",
    )  # fmt: skip
    (bianca,) = vault.open().people
    assert bianca.fields.company == "Northwind"


@pytest.mark.parametrize("second", ["last-contact", "Last Contact", "lastContact", "LAST_CONTACT"])
def test_vk003_loose_key_forms_are_one_key(vault: VaultBuilder, second: str) -> None:
    vault.write("People/Ana.md", f"---\nlast_contact: 2026-09-01\n{second}: 2026-09-02\n---\n")
    assert found(vault, "VK003") == [("VK003", "People/Ana.md", 3, 1)]


def test_vk003_two_aliases_of_one_field_are_not_a_duplicate_key(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\nrelationship: friend\n---\n")
    assert found(vault, "VK0") == []


def test_vk003_a_type_read_from_the_frontmatter_makes_it_an_error(vault: VaultBuilder) -> None:
    vault.write("Contacts/Irene.md", "---\ntype: contact\nCompany: Northwind\ncompany: Contoso\n---\n")
    assert [(d.code, d.severity, d.line) for d in vault.check(TODAY, ["VK003"])] == [("VK003", "error", 4)]


def test_vk003_in_a_plain_note_is_a_warning(vault: VaultBuilder) -> None:
    vault.write("Projects/Ingest.md", "---\nstatus: done\nStatus: open\n---\n")
    assert [(d.code, d.severity, d.line) for d in vault.check(TODAY, ["VK003"])] == [("VK003", "warning", 3)]


# -- VK004 invalid-value ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("cadence: fortnightly", "cadence: 'fortnightly' is not a cadence (14d, 6w, 3m, 1y, monthly, never); ignored"),
        ("last_contact: 2026-13-45", "last_contact: '2026-13-45' is not a date (YYYY-MM-DD); ignored"),
        ("met: 01/02/2026", "met: '01/02/2026' is not a date (YYYY-MM-DD); ignored"),
        ("snooze_until: next week", "snooze_until: 'next week' is not a date (YYYY-MM-DD); ignored"),
        ("level: seniour", "level: 'seniour' is not a level (senior, peer, junior); ignored"),
        ("status: gone", "status: 'gone' is not a status (active, paused, left, archived); ignored"),
        ("relationship: mentr", "relationship: 'mentr' is not a known role (did you mean mentor?); ignored"),
        ("birthday: 02-30", "birthday: '02-30' is not a birthday (YYYY-MM-DD or MM-DD); ignored"),
        ("last_contact: 2026-09-01T25:00", "last_contact: '2026-09-01T25:00' is not a date (YYYY-MM-DD); ignored"),
        ("last_contact: 2026-09-01 10:61", "last_contact: '2026-09-01 10:61' is not a date (YYYY-MM-DD); ignored"),
        ("cadence: true", "cadence: true is not a cadence (14d, 6w, 3m, 1y, monthly, never); ignored"),
        ("cadence: 2026-01-02", "cadence: 2026-01-02 is not a cadence (14d, 6w, 3m, 1y, monthly, never); ignored"),
    ],
)
def test_vk004_a_known_field_with_a_wrong_value(vault: VaultBuilder, line: str, message: str) -> None:
    vault.write("People/Ana.md", f"---\nname: Ana\n{line}\n---\n")
    assert one(vault, "VK004") == ("People/Ana.md", "warning", 3, 1, message, "VK004")


@pytest.mark.parametrize(
    "line",
    [
        "cadence: 2w", "cadence: biweekly", "cadence: 14", "cadence: never", "level: Senior", "level: PEER",
        "status: Left", "role: mentors", "role: cousin", "roles: [co-author, mentee]", "met: 2024-06-14 23:02",
        "last_contact: 2026-09-01T10:30", "birthday: 02-29", "birthday: 1990-11-02", "company:", "aliases: [null]",
    ],
)  # fmt: skip
def test_vk004_valid_values_pass(vault: VaultBuilder, line: str) -> None:
    vault.write("People/Ana.md", f"---\nname: Ana\n{line}\n---\n")
    assert found(vault, "VK0") == []


def test_vk004_the_value_is_ignored_and_the_rest_is_read(vault: VaultBuilder) -> None:
    vault.write("People/Farah.md", "---\nrelationship: mentr\nlevel: senior\n---\n")
    (farah,) = vault.open().people
    assert (farah.roles, farah.level) == ((), "senior")


def test_vk004_a_plan_quarter_that_is_not_a_quarter(vault: VaultBuilder) -> None:
    vault.write("Notes/Plan.md", "---\ntype: plan\nquarter: Q4 2026\n---\n")
    assert one(vault, "VK004") == (
        "Notes/Plan.md", "warning", 3, 1,
        "quarter: 'Q4 2026' is not a quarter (YYYY-Qn, e.g. 2026-Q4); ignored", "VK004",
    )  # fmt: skip


def test_vk004_only_in_people_and_plans(vault: VaultBuilder) -> None:
    vault.write("Projects/Ingest.md", "---\ncadence: fortnightly\nlevel: seniour\nquarter: soon\n---\n")
    vault.write("Templates/Person.md", "---\ncadence: fortnightly\n---\n")
    vault.write(".trash/Old.md", "---\ntype: person\ncadence: fortnightly\n---\n")
    assert found(vault, "VK0") == []


# -- VK005 unknown-field ------------------------------------------------------------------------------


def test_vk005_a_key_near_a_known_field(vault: VaultBuilder) -> None:
    vault.write("People/Grace.md", "---\nname: Grace\nlast_contcat: 2026-09-01\n---\n")
    assert one(vault, "VK005") == (
        "People/Grace.md", "warning", 3, 1, "unknown field 'last_contcat': did you mean last_contact?", "VK005",
    )  # fmt: skip


def test_vk005_a_key_near_an_alias_names_the_field(vault: VaultBuilder) -> None:
    vault.write("People/Grace.md", "---\nname: Grace\nsnoze: 2026-10-01\n---\n")
    assert [d.message for d in vault.check(TODAY, ["VK005"])] == ["unknown field 'snoze': did you mean snooze_until?"]


def test_vk005_other_unknown_keys_are_fine(vault: VaultBuilder) -> None:
    vault.write(
        "People/Grace.md",
        "---\nname: Grace\nphone: +1 555 0100\nfavourite tea: oolong\ncssclasses: [wide]\n"
        "email2: grace@home.example\ncompany_2: Fabrikam\n---\n",  # a second one, on purpose
    )
    assert found(vault, "VK0") == []


def test_vk005_only_in_person_notes(vault: VaultBuilder) -> None:
    vault.write("Projects/Ingest.md", "---\nlast_contcat: 2026-09-01\n---\n")
    vault.write("Templates/Person.md", "---\nlast_contcat: 2026-09-01\n---\n")
    assert found(vault, "VK005") == []


# -- VK006 future-date --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "fires"), [("2026-09-23", False), ("2026-09-24", False), ("2026-09-25", True)])
def test_vk006_last_contact_after_today(vault: VaultBuilder, value: str, fires: bool) -> None:
    vault.write("People/Ana.md", f"---\nname: Ana\nlast_contact: {value}\n---\n")
    expected = [("VK006", "People/Ana.md", 3, 1)] if fires else []
    assert found(vault, "VK006") == expected


def test_vk006_message_names_the_key_and_today(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nname: Ana\nfirst met: 2027-09-01\n---\n")
    assert one(vault, "VK006") == (
        "People/Ana.md", "warning", 3, 1, "first met is 2027-09-01, after today (2026-09-24); not counted", "VK006",
    )  # fmt: skip


def test_vk006_a_future_log_entry_is_reported_at_its_date_and_not_counted(vault: VaultBuilder) -> None:
    vault.write(
        "People/Diego.md",
        """
        ---
        role: peer
        ---
        ## Log
        - 2026-06-01 coffee
        - 2026-10-02 lunch at Tavola (booked)
        """,
    )
    assert one(vault, "VK006") == (
        "People/Diego.md", "warning", 6, 3,
        "log entry dated 2026-10-02, after today (2026-09-24); not counted", "VK006",
    )  # fmt: skip
    (diego,) = vault.open().people
    assert diego.last_interaction is not None and str(diego.last_interaction.date) == "2026-06-01"


@pytest.mark.parametrize(
    "entry", ["- **2026-10-02** lunch", "  - [[2026-10-02]] lunch", "- [[Daily/2026-10-02|2026-10-02]]"]
)
def test_vk006_spans_the_date_itself_in_bold_or_linked_entries(vault: VaultBuilder, entry: str) -> None:
    vault.write("People/Diego.md", f"---\nrole: peer\n---\n## Log\n{entry}\n")
    (d,) = vault.check(TODAY, ["VK006"])
    assert entry[d.column - 1 : d.end_column - 1] == "2026-10-02"


def test_vk006_a_future_dated_entry_outside_a_log_section_is_not_an_entry(vault: VaultBuilder) -> None:
    vault.write("People/Diego.md", "---\nrole: peer\n---\n## Ideas\n- 2026-10-02 lunch?\n")
    assert found(vault, "VK006") == []


def test_vk006_a_future_daily_note_is_simply_not_counted(vault: VaultBuilder) -> None:
    vault.write("People/Diego.md", "---\nrole: peer\n---\n")
    vault.write("Daily/2026-10-01.md", "- lunch with [[Diego]]\n")
    assert found(vault, "VK006") == []
    (diego,) = vault.open().people
    assert diego.last_interaction is None


# -- VK401 unresolved-person-link -------------------------------------------------------------------


def test_vk401_a_link_equal_to_a_person_after_folding_accents(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write("Daily/2026-08-27.md", "# Thursday\n\n- lunch with [[Ana Nunez]]\n")
    assert one(vault, "VK401") == (
        "Daily/2026-08-27.md", "warning", 3, 14, "[[Ana Nunez]] links to no note: did you mean [[Ana Núñez]]?", "VK401",
    )  # fmt: skip
    (ana,) = vault.open().people
    assert ana.interactions == ()  # not a mention


def test_vk401_a_near_miss_of_a_name(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write("Daily/2026-08-27.md", "- lunch with [[Ana Nunes]]\n")
    assert found(vault, "VK401") == [("VK401", "Daily/2026-08-27.md", 1, 14)]


def test_vk401_whatever_way_the_link_is_written(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write(
        "Daily/2026-08-27.md",
        "[[Ana Nunez.md]] [Ana](Ana%20Nunez.md) [[People/Ana Nunez#Notes]] ![[Ana Nunez]]\n",
    )
    assert [(d.column, d.message) for d in vault.check(select=["VK401"])] == [
        (1, "[[Ana Nunez.md]] links to no note: did you mean [[Ana Núñez]]?"),
        (18, "[Ana](Ana%20Nunez.md) links to no note: did you mean [[Ana Núñez]]?"),
        (40, "[[People/Ana Nunez#Notes]] links to no note: did you mean [[Ana Núñez]]?"),
        (67, "![[Ana Nunez]] links to no note: did you mean ![[Ana Núñez]]?"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "- lunch with [[Ana Núñez]]",
        "- lunch with [[ana núñez]]",  # case does not matter: a real link
        "- lunch with `[[Ana Nunez]]`",  # inline code
        "```\n[[Ana Nunez]]\n```",  # fenced code
        "<!-- [[Ana Nunez]] -->",
        "%% [[Ana Nunez]] %%",
        "- lunch with [[Anna Smith]]",  # not near anyone
        "- lunch with [[Ana]]",  # under 5 characters: never near
    ],
)
def test_vk401_does_not_fire(vault: VaultBuilder, body: str) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write("Daily/2026-08-27.md", body + "\n")
    assert found(vault, "VK401") == []


def test_vk401_an_alias_that_folds_to_the_link_is_a_mention(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", "---\naliases: [Ana Nunez]\nrole: mentor\n---\n")
    vault.write("Daily/2026-08-27.md", "- lunch with [[Ana Nunez]]\n")
    assert found(vault, "VK401") == []
    (ana,) = vault.open().people
    assert [str(i.date) for i in ana.interactions] == ["2026-08-27"]


def test_vk401_not_in_other_notes_nor_templates_nor_trash(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write("Projects/Ingest.md", "[[Ana Nunez]]\n")
    vault.write("Templates/Daily.md", "[[Ana Nunez]]\n")
    vault.write(".trash/2026-08-27.md", "[[Ana Nunez]]\n")
    assert found(vault, "VK401") == []


def test_vk401_a_link_to_an_existing_note_is_fine(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write("Clippings/Ana Nunez.md", "an article\n")
    vault.write("Daily/2026-08-27.md", "- read [[Ana Nunez]]\n")
    assert found(vault, "VK401") == []


# -- VK402 alias-link ---------------------------------------------------------------------------------

HANA = "---\naliases: [Hana]\nlevel: peer\n---\n"


def test_vk402_a_mention_by_alias_with_its_fix(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2025-11-07.md", "# Friday\n\n- coffee with [[Hana]] #gave\n")
    (d,) = vault.check(TODAY, ["VK402"])
    assert (d.path, d.severity, d.line, d.column, d.end_column) == ("Daily/2025-11-07.md", "info", 3, 15, 23)
    assert d.message == "[[Hana]] names Hana Ito by alias; Obsidian will not follow it: write [[Hana Ito|Hana]]"
    assert d.fix is not None and [e.text for e in d.fix.edits] == ["[[Hana Ito|Hana]]"]
    (hana,) = vault.open().people
    assert [str(i.date) for i in hana.interactions] == ["2025-11-07"]  # still a mention


def test_vk402_fix_rewrites_the_link_and_keeps_the_rest(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    note = vault.write(
        "Daily/2025-11-07.md", raw=b"\xef\xbb\xbf# Friday\r\n\r\n- coffee with [[Hana]] and [[Hana#Log|her log]]\r\n"
    )
    run = vault.run("check", "--select", "VK402", "--fix")
    assert note.read_bytes() == (
        b"\xef\xbb\xbf# Friday\r\n\r\n- coffee with [[Hana Ito|Hana]] and [[Hana Ito#Log|her log]]\r\n"
    )
    assert run.code == 0
    assert run.out == "All good: no problems found.\nFixed 2 problems.\n"


@pytest.mark.parametrize(
    ("person", "fields", "link", "write"),
    [
        ("hana-ito", "name: Hana Ito", "[[Hana Ito]]", "[[hana-ito|Hana Ito]]"),  # a name that is not the file's
        ("Hana Ito", "aliases: [Hana]", "[[Hana#Log]]", "[[Hana Ito#Log|Hana]]"),  # the heading the fix keeps
        ("Hana Ito", "aliases: [Hana]", "[[Hana.md]]", "[[Hana Ito|Hana]]"),  # shown without its .md
    ],
)
def test_vk402_the_message(vault: VaultBuilder, person: str, fields: str, link: str, write: str) -> None:
    vault.write(f"People/{person}.md", f"---\n{fields}\n---\n")
    vault.write("Daily/2026-09-15.md", f"- {link}\n")
    (d,) = vault.check(TODAY, ["VK402"])
    assert d.message == f"{link} names Hana Ito by alias; Obsidian will not follow it: write {write}"


def test_vk402_the_full_link_passes(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2025-11-07.md", "- coffee with [[Hana Ito|Hana]], [[hana ito]], [[People/Hana Ito]]\n")
    assert found(vault, "VK4") == []


@pytest.mark.parametrize("body", ["- `[[Hana]]`", "```\n[[Hana]]\n```", "%% [[Hana]] %%"])
def test_vk402_not_inside_code_or_comments(vault: VaultBuilder, body: str) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2025-11-07.md", body + "\n")
    assert found(vault, "VK402") == []


def test_vk402_a_link_to_another_note_named_like_the_alias_is_not_a_mention(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Projects/Hana.md", "the Hana project\n")
    vault.write("Daily/2025-11-07.md", "- worked on [[Hana]]\n")
    assert found(vault, "VK4") == []


def test_vk402_in_plans_but_not_in_other_notes(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Plans/2026-Q3.md", "## Peers\n- [[Hana]]\n")
    vault.write("Projects/Ingest.md", "- [[Hana]]\n")
    vault.write("Templates/Plan.md", "- [[Hana]]\n")
    assert found(vault, "VK402") == [("VK402", "Plans/2026-Q3.md", 2, 3)]


def test_vk402_in_a_table_the_fix_escapes_its_bar(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    note = vault.write(
        "Daily/2025-11-07.md", "| who | what |\n| --- | --- |\n| [[Hana]] | coffee |\n| [[Hana\\|H]] | tea |\n"
    )
    messages = [d.message for d in vault.check(TODAY, ["VK402"])]
    assert messages[0] == "[[Hana]] names Hana Ito by alias; Obsidian will not follow it: write [[Hana Ito\\|Hana]]"
    vault.run("check", "--select", "VK402", "--fix")
    assert note.read_text(encoding="utf-8").splitlines()[2:] == [
        "| [[Hana Ito\\|Hana]] | coffee |",
        "| [[Hana Ito\\|H]] | tea |",
    ]
    assert vault.check(TODAY, ["VK4"]) == []


def test_vk402_a_markdown_link_is_quoted_as_written_and_left_to_the_owner(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    before = "- coffee with [her](Hana.md#^talk 'Hana, ex-Kestrel')\n"
    note = vault.write("Daily/2025-11-07.md", before)
    (d,) = vault.check(TODAY, ["VK402"])
    assert d.message == (
        "[her](Hana.md#^talk) names Hana Ito by alias; Obsidian will not follow it: write [her](Hana%20Ito.md#^talk)"
    )
    assert d.fix is None  # a fix of the whole span would drop the title
    vault.run("check", "--select", "VK402", "--fix")
    assert note.read_text(encoding="utf-8") == before


def test_vk402_in_a_table_without_outer_bars_the_fix_escapes_its_bar(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    text = "who | what\n--- | ---\n[[Hana]] | coffee\n\n- [[Hana]] after\n  a | b\n  --- | ---\n  [[Hana]] | c\n"
    note = vault.write("Daily/2025-11-07.md", text)
    vault.run("check", "--select", "VK402", "--fix")
    lines = note.read_text(encoding="utf-8").splitlines()
    assert lines[2:5] == ["[[Hana Ito\\|Hana]] | coffee", "", "- [[Hana Ito|Hana]] after"]
    assert lines[-1] == "  [[Hana Ito\\|Hana]] | c"  # a table in a list item


def test_an_embed_by_alias_is_no_mention_but_a_link_to_no_note(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2025-11-07.md", "![[Hana]]\n")
    assert one(vault, "VK401")[4] == "![[Hana]] links to no note: did you mean ![[Hana Ito]]?"
    assert found(vault, "VK402") == []


# -- VK403 ambiguous-link -----------------------------------------------------------------------------


def test_vk403_a_name_shared_by_a_person_and_a_client(vault: VaultBuilder) -> None:
    vault.write("People/Alex Kim.md", "---\nlevel: peer\n---\n")
    vault.write("Clients/Alex Kim.md", "---\ntype: client\n---\n")
    vault.write("Daily/2026-03-31.md", "- call with [[Alex Kim]]\n")
    assert one(vault, "VK403") == (
        "Daily/2026-03-31.md", "warning", 1, 13,
        "[[Alex Kim]] matches 2 notes (Clients/Alex Kim.md, People/Alex Kim.md); Obsidian opens People/Alex Kim.md: "
        "write its path, e.g. [[People/Alex Kim]]",
        "VK403",
    )  # fmt: skip


def test_vk403_a_path_link_passes(vault: VaultBuilder) -> None:
    vault.write("People/Alex Kim.md", "---\nlevel: peer\n---\n")
    vault.write("Clients/Alex Kim.md", "")
    vault.write("Daily/2026-03-31.md", "- [[People/Alex Kim|Alex Kim]] and [[Clients/Alex Kim]]\n")
    assert found(vault, "VK403") == []


def test_vk403_only_when_a_person_is_among_the_candidates(vault: VaultBuilder) -> None:
    vault.write("Projects/Roadmap.md", "")
    vault.write("Archive/Roadmap.md", "")
    vault.write("Daily/2026-03-31.md", "- updated [[Roadmap]]\n")
    assert found(vault, "VK403") == []


def test_vk403_not_inside_code_and_not_in_other_notes(vault: VaultBuilder) -> None:
    vault.write("People/Alex Kim.md", "")
    vault.write("Clients/Alex Kim.md", "")
    vault.write("Daily/2026-03-31.md", "- `[[Alex Kim]]`\n")
    vault.write("Projects/Ingest.md", "- [[Alex Kim]]\n")
    vault.write("Templates/Daily.md", "- [[Alex Kim]]\n")
    assert found(vault, "VK403") == []


def test_vk403_in_a_plan_and_in_a_meeting_attendee(vault: VaultBuilder) -> None:
    vault.write("People/Alex Kim.md", "")
    vault.write("Clients/Alex Kim.md", "")
    vault.write("Plans/2026-Q3.md", "## Peers\n- [[Alex Kim]]\n")
    vault.write("Meetings/Sync.md", '---\ndate: 2026-09-01\nattendees: ["[[Alex Kim]]"]\n---\n')
    assert found(vault, "VK403") == [("VK403", "Meetings/Sync.md", 3, 14), ("VK403", "Plans/2026-Q3.md", 2, 3)]


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ('attendees: ["[[Hana]]", "[[Marcus]]"]', 'attendees: ["[[Hana Ito|Hana]]", "[[Marcus]]"]'),
        ("attendees: ['[[Hana]]']", "attendees: ['[[Hana Ito|Hana]]']"),
        ('organizer: "[[Hana]]"', 'organizer: "[[Hana Ito|Hana]]"'),
        ('attendees:\n  - "[[Hana]]"', 'attendees:\n  - "[[Hana Ito|Hana]]"'),
    ],
)
def test_vk402_fix_in_a_meeting_notes_frontmatter(vault: VaultBuilder, line: str, fixed: str) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("People/Marcus.md", "---\nlevel: peer\n---\n")
    note = vault.write("Meetings/Sync.md", f"---\ndate: 2026-09-01\n{line}\n---\n# Sync\n")
    assert [d.code for d in vault.check(TODAY, ["VK402"])] == ["VK402"]
    vault.run("check", "--select", "VK402", "--fix")
    assert note.read_text(encoding="utf-8") == f"---\ndate: 2026-09-01\n{fixed}\n---\n# Sync\n"
    assert vault.check(TODAY, ["VK402"]) == []


@pytest.mark.parametrize("path", ["People/Ravi.md", "Meetings/Sync.md"])
def test_vk401_in_person_and_meeting_notes(vault: VaultBuilder, path: str) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    vault.write(path, "---\ndate: 2026-09-01\n---\n- introduced me to [[Ana Nunez]]\n")
    assert found(vault, "VK401") == [("VK401", path, 4, 20)]


def test_vk401_a_link_to_an_attachment_is_fine(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    (vault.root / "Attachments").mkdir()
    (vault.root / "Attachments" / "Ana Nunez.pdf").write_bytes(b"%PDF")
    vault.write("Daily/2026-08-27.md", "- her CV: [[Ana Nunez.pdf]]\n")
    assert found(vault, "VK4") == []
