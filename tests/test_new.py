"""`vaultkit new NAME`: a person note from the vault's own template, or vaultkit's, with the
options set in its frontmatter by minimal edits; refused, with nothing written, for a name that is
taken or is not a plain file name."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.create.template import Settings, Unfillable, fill, moment
from vaultkit.errors import RefusedError

BUILT_IN = """\
---
relationship: mentor
level: senior
company: Northwind
title:
cadence:
met: 2026-09-01
tags: [person]
---
# Ana Núñez

## Log
"""


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` with its bytes (links as their targets), hidden ones and the index aside."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".vaultkit"]
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            found[rel] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return found


def test_new_writes_the_built_in_template_with_the_options(vault: VaultBuilder) -> None:
    result = vault.run(
        "new", "Ana Núñez", "--role", "mentor", "--level", "Senior", "--company", "Northwind", "--met", "2026-09-01"
    )
    assert result.code == 0, result.err
    assert result.out == "Created People/Ana Núñez.md (from the built-in template).\n"
    assert result.err == ""
    assert vault.read("People/Ana Núñez.md") == BUILT_IN
    people = vault.run("people", "--format", "json").json()
    assert [(p["name"], p["roles"], p["level"], p["company"]) for p in people] == [
        ("Ana Núñez", ["mentor"], "senior", "Northwind")
    ]
    assert [d for d in vault.check() if d.code.startswith("VK0")] == []


@pytest.mark.parametrize("given", ["Ana Núñez", "ana nunez", "ANA NUNEZ", "Ana  Nunez", "Anita"])
def test_a_name_or_alias_that_is_already_a_person_is_refused(vault: VaultBuilder, given: str) -> None:
    vault.write("People/Ana Núñez.md", "---\naliases: [Anita]\n---\n")
    before = tree(vault.root)
    result = vault.run("new", given)
    assert result.code == 1
    assert result.out == ""
    shown = " ".join(given.split())  # a name's runs of spaces are one, as it is matched
    assert result.err.startswith(f"vaultkit: '{shown}' is already a person: People/Ana Núñez.md")
    assert tree(vault.root) == before


def test_an_alias_given_by_the_template_is_no_reason_but_a_person_elsewhere_is(vault: VaultBuilder) -> None:
    vault.write("Work/Dev Rao.md", "---\ntype: person\n---\n")  # a person outside the people folder
    assert vault.run("new", "dev rao").code == 1
    vault.write("Projects/Atlas.md", "# Atlas\n")  # not a person, but [[Atlas]] would mean two notes
    result = vault.run("new", "atlas")
    assert result.code == 1
    assert "Projects/Atlas.md has that name already: [[atlas]] would mean two notes" in result.err
    assert not (vault.root / "People").exists()


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../x", "it is a path"),
        ("/etc/x", "it is a path"),
        ("a/../../x", "it is a path"),
        ("..\\x", "it is a path"),
        ("a\nb", "not printable (U+000A"),
        ("a\tb", "not printable (U+0009"),
        ("a\rb", "not printable (U+000D"),
        ("a\x1b[2Jb", "not printable (U+001B"),
        ("a\u200bb", "not printable (U+200B, zero width space)"),
        ("Ana\u202egpj.md", "not printable (U+202E"),
        (".hidden", "starts with a dot"),
        ("..", "starts with a dot"),
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("a[b", "it holds ["),
        ("a]]b", "it holds ]"),
        ("a|b", "it holds |"),
        ("a#b", "it holds #"),
        ("a^b", "it holds ^"),
        ("a:b", "it holds :"),
        ('a"b', 'it holds "'),
        ("a?b", "it holds ?"),
        ("a`b", "it holds `"),
        ("a %% b", "start a comment"),
        ("Ana.", "ends with a dot"),
        ("Ana.md", "without .md"),
        ("CON", "device name"),
        ("x" * 101, "too long"),
        ("é" * 101, "too long"),
    ],
)
def test_a_name_that_is_not_a_plain_file_name_is_refused_and_nothing_is_written(
    vault: VaultBuilder, name: str, why: str
) -> None:
    outside = tree(vault.root.parent)
    result = vault.run("new", "--", name)
    assert result.code == 1, result.err
    assert result.out == ""
    assert "is not a plain file name: " in result.err and why in result.err
    assert result.err.count("\n") == 1  # one line, whatever the name holds
    assert tree(vault.root.parent) == outside
    assert not Path("/etc/x.md").exists()


def test_the_vault_template_is_filled_in_place_keeping_comments_crlf_bom_and_key_order(vault: VaultBuilder) -> None:
    vault.write(".obsidian/templates.json", '{"folder": "Meta/Templates", "dateFormat": "DD MMM YYYY"}')
    template = (
        "\ufeff---\r\n"
        "relationships:   # what they are to me\r\n"
        "Organization: 'TBD'\r\n"
        "frequency: 3m # the usual\r\n"
        'created: "{{date:YYYY-MM-DD}}"\r\n'
        "tags:\r\n"
        "  - person\r\n"
        "---\r\n"
        "# {{title}}\r\n"
        "Added {{date}}\r\n"
        "## Log\r\n"
    )
    vault.write("Meta/Templates/Person.md", raw=template.encode("utf-8"))
    result = vault.run("new", "Bo Li", "--role", "mentor", "--company", "[[Acme Corp]]", "--level", "peer")
    assert result.code == 0, result.err
    assert result.out == "Created People/Bo Li.md (from Meta/Templates/Person.md).\n"
    assert (vault.root / "People/Bo Li.md").read_bytes().decode("utf-8") == (
        "\ufeff---\r\n"
        "relationships: mentor   # what they are to me\r\n"
        'Organization: "[[Acme Corp]]"\r\n'
        "frequency: 3m # the usual\r\n"
        'created: "2026-09-24"\r\n'
        "tags:\r\n"
        "  - person\r\n"
        "level: peer\r\n"
        "---\r\n"
        "# Bo Li\r\n"
        "Added 24 Sep 2026\r\n"
        "## Log\r\n"
    )
    # The template itself is not a note: no placeholder diagnostic, no person "Person".
    assert [d.code for d in vault.check() if d.code.startswith("VK0")] == []
    assert [p["name"] for p in vault.run("people", "--format", "json").json()] == ["Bo Li"]


def test_an_option_replaces_the_template_default_and_keeps_its_comment(vault: VaultBuilder) -> None:
    vault.write(
        "Templates/Person.md",
        """
        ---
        # who they are
        level: peer  # the usual
        cadence: "3m"
        aliases:
          - "{{title}}"
        relationship:
          - friend
        ---
        """,
    )
    result = vault.run("new", "Cy Po", "--level", "junior", "--cadence", "6w", "--role", "mentee")
    assert result.code == 0, result.err
    assert vault.read("People/Cy Po.md") == (
        "---\n# who they are\nlevel: junior  # the usual\ncadence: 6w\naliases:\n"
        '  - "Cy Po"\nrelationship: mentee\n---\n'
    )


def test_a_config_that_renames_keys_is_followed(vault: VaultBuilder) -> None:
    vault.write(
        "vaultkit.toml", '[vault]\npeople = ["contacts"]\n[fields]\ncompany = ["Employer"]\ncadence = ["Ping"]\n'
    )
    vault.write("Contacts/Old.md", "---\nEmployer: Initech\n---\n")  # `contacts` is this folder
    vault.write("Templates/Contact.md", "---\nPing:\n---\nnotes\n")
    result = vault.run("new", "Dee", "--company", "Acme", "--cadence", "2w")
    assert result.code == 0, result.err
    assert result.out == "Created Contacts/Dee.md (from Templates/Contact.md).\n"
    assert vault.read("Contacts/Dee.md") == "---\nPing: 2w\nEmployer: Acme\n---\nnotes\n"


def test_role_fills_a_role_key_only_when_it_reads_as_a_relationship(vault: VaultBuilder) -> None:
    vault.write("Templates/Person.md", "---\nrole:\n---\n")
    assert vault.run("new", "Eve", "--role", "sponsor").code == 0
    assert vault.read("People/Eve.md") == "---\nrole: sponsor\n---\n"
    # `role: cousin` alone would read as a job title: the relationship gets a key of its own.
    assert vault.run("new", "Fay", "--role", "cousin").code == 0
    assert vault.read("People/Fay.md") == "---\nrole:\nrelationship: cousin\n---\n"
    people = {p["name"]: p["roles"] for p in vault.run("people", "--format", "json").json()}
    assert people == {"Eve": ["sponsor"], "Fay": ["cousin"]}


def test_a_template_without_frontmatter_gets_one(vault: VaultBuilder) -> None:
    vault.write("_templates/person template.md", raw=b"\xef\xbb\xbf# {{title}}\n\nNotes.")
    assert vault.run("new", "Gus", "--level", "senior").code == 0
    assert (vault.root / "People/Gus.md").read_bytes() == b"\xef\xbb\xbf---\nlevel: senior\n---\n# Gus\n\nNotes."


def test_values_are_quoted_only_when_yaml_would_read_them_otherwise(vault: VaultBuilder) -> None:
    cases = {
        "Hal": "Acme, Inc.",
        "Ida": "Acme: Labs",
        "Jo": "#1 Corp",
        "Kai": "yes",
        "Lu": "2026-01-02",
        "Mo": "O'Neil",
    }
    for name, company in cases.items():
        assert vault.run("new", name, "--company", company).code == 0
    lines = {name: vault.read(f"People/{name}.md").splitlines()[3] for name in cases}
    assert lines == {
        "Hal": "company: Acme, Inc.",
        "Ida": 'company: "Acme: Labs"',
        "Jo": 'company: "#1 Corp"',
        "Kai": "company: yes",  # Obsidian reads `yes` as text
        "Lu": 'company: "2026-01-02"',
        "Mo": "company: O'Neil",
    }
    read = {p["name"]: p["company"] for p in vault.run("people", "--format", "json").json()}
    assert read == cases


def test_templater_code_other_than_title_and_dates_falls_back_to_the_built_in_template(vault: VaultBuilder) -> None:
    vault.write(
        ".obsidian/plugins/templater-obsidian/data.json", '{"templates_folder": "Extras/tpl"}'
    )  # a folder not named like one: Templater's setting makes it one
    vault.write("Extras/tpl/Person.md", '---\ncompany: <% tp.system.prompt("Company") %>\n---\n')
    result = vault.run("new", "Nia", "--company", "Acme")
    assert result.code == 0
    assert result.err == (
        "vaultkit: Extras/tpl/Person.md: it runs Templater code vaultkit cannot run "
        '(<% tp.system.prompt("Company") %>): the built-in person template is used\n'
    )
    assert vault.read("People/Nia.md").startswith("---\nrelationship:\nlevel:\ncompany: Acme\n")
    vault.write(
        "Extras/tpl/Person.md",
        '---\nname: "<% tp.file.title %>"\nadded: <% tp.date.now("YYYY-MM-DD") %>\n---\n'
        '<% tp.date.now("dddd, MMMM Do", 1) %>\n',
    )
    result = vault.run("new", "Oz")
    assert (result.code, result.err) == (0, "")
    assert vault.read("People/Oz.md") == '---\nname: "Oz"\nadded: 2026-09-24\n---\nFriday, September 25th\n'


def test_a_template_that_would_not_read_back_falls_back_with_why(vault: VaultBuilder) -> None:
    vault.write("Templates/Person.md", "---\nname: '{{title}}'\n---\n")  # a quote in the name breaks it
    result = vault.run("new", "Pat O'Hara")
    assert result.code == 0
    assert "Templates/Person.md: once filled it is not a sound note" in result.err
    assert "the built-in person template is used" in result.err
    assert vault.read("People/Pat O'Hara.md").startswith("---\nrelationship:\n")
    vault.write("Templates/Person.md", "---\nname: Someone Else\n---\n")
    result = vault.run("new", "Quin")
    assert "Templates/Person.md: the note would be called 'Someone Else', not 'Quin'" in result.err
    vault.write("Templates/Person.md", "---\ncreated: {{date:gggg-[W]ww}}\n---\n")
    result = vault.run("new", "Ray")
    assert "its date format 'gggg-[W]ww' uses 'gggg', which vaultkit does not fill" in result.err


def test_a_template_folder_that_leads_out_of_the_vault_is_not_read(vault: VaultBuilder, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "Person.md").write_text("---\nsecret: from outside\n---\n")
    (vault.root / "Templates").symlink_to(elsewhere, target_is_directory=True)
    vault.write(".obsidian/templates.json", '{"folder": "Templates"}')
    result = vault.run("new", "Sam")
    assert result.code == 0
    assert result.err == (
        "vaultkit: Templates/Person.md: its folder leads out of the vault (a symbolic link): "
        "the built-in person template is used\n"
    )
    assert "secret" not in vault.read("People/Sam.md")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["Person.md"]


def test_the_people_folder_is_made_when_missing_and_spelled_as_on_disk(vault: VaultBuilder) -> None:
    assert vault.run("new", "Tia").code == 0
    assert (vault.root / "People/Tia.md").is_file()
    vault.write("vaultkit.toml", '[vault]\npeople = ["work/people"]\n')
    vault.write("Work/People/Old.md", "")
    assert vault.run("new", "Uma").code == 0
    assert (vault.root / "Work/People/Uma.md").is_file()
    assert not (vault.root / "work").exists() or os.path.samefile(vault.root / "work", vault.root / "Work")


def test_a_people_folder_that_is_a_link_or_a_file_is_refused(vault: VaultBuilder, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (vault.root / "People").symlink_to(elsewhere, target_is_directory=True)
    result = vault.run("new", "Vic")
    assert result.code == 1
    assert result.err == "vaultkit: People: a symbolic link, which vaultkit does not follow; nothing written there\n"
    assert list(elsewhere.iterdir()) == []
    (vault.root / "People").unlink()
    vault.write("People", "a file")
    result = vault.run("new", "Vic")
    assert (result.code, result.err) == (1, "vaultkit: People: a file, not a folder; nothing written there\n")


def test_a_link_in_the_notes_place_is_never_followed(vault: VaultBuilder, tmp_path: Path) -> None:
    target = tmp_path / "victim.md"
    (vault.root / "People").mkdir()
    (vault.root / "People/Wes.md").symlink_to(target)  # dangling: the walk skips links, so no person Wes
    result = vault.run("new", "Wes")
    assert (result.code, result.err) == (1, "vaultkit: People/Wes.md: refusing to write through a symbolic link\n")
    assert not target.exists()


def test_a_name_that_would_read_as_a_sync_conflict_copy_is_refused(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "")
    result = vault.run("new", "Ana 2")
    assert result.code == 1
    assert "People/Ana 2.md would read as a sync-conflict copy of People/Ana.md" in result.err
    result = vault.run("new", "Ana (conflicted copy 2026-11-02)")
    assert result.code == 1


def test_a_note_where_vaultkit_would_not_read_it_is_refused(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[vault]\nexclude = ["People/Private*"]\n')
    result = vault.run("new", "Private Pam")
    assert result.code == 1
    assert "vaultkit would not read a note there" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--met", "2026-10-01"], "--met: 2026-10-01 is after today (2026-09-24)"),
        (["--met", "01/02/2026"], "--met: '01/02/2026' is not a date (expected YYYY-MM-DD)"),
        (["--cadence", "fortnightly-ish"], "cadence: 'fortnightly-ish' is not a cadence"),
        (["--company", "{{x}}"], "holds a template placeholder"),
        (["--role", " "], "--role: no value given"),
    ],
)
def test_an_option_that_cannot_be_written_is_exit_2(vault: VaultBuilder, args: list[str], message: str) -> None:
    result = vault.run("new", "Xia", *args)
    assert result.code == 2
    assert message in result.err
    assert not (vault.root / "People").exists()


def test_an_existing_vault_keeps_every_other_note_byte_for_byte(sample_copy: Path, cli: object) -> None:
    before = tree(sample_copy)
    run = cli("--vault", str(sample_copy), "--today", "2026-09-24", "new", "Zoe Adler", "--role", "peer")  # type: ignore[operator]
    assert run.code == 0, run.err
    after = tree(sample_copy)
    added = set(after) - set(before)
    assert len(added) == 1 and next(iter(added)).endswith("/Zoe Adler.md")
    assert {k: v for k, v in after.items() if k in before} == before


# -- filling templates ----------------------------------------------------------------------------

NOW = datetime(2026, 3, 5, 14, 7, 9)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("YYYY-MM-DD", "2026-03-05"),
        ("DD/MM/YY", "05/03/26"),
        ("dddd, MMMM Do YYYY", "Thursday, March 5th 2026"),
        ("ddd D MMM", "Thu 5 Mar"),
        ("[Week] W, GGGG-[W]WW", "Week 10, 2026-W10"),
        ("YYYY-[Q]Q", "2026-Q1"),
        ("HH:mm:ss", "14:07:09"),
        ("h:mm A", "2:07 PM"),
        ("hh a", "02 pm"),
        ("YYYY-MM-DDTHH:mm", "2026-03-05T14:07"),
        ("DDDD", "064"),
        ("[YYYY is] YYYY", "YYYY is 2026"),
        ("[today] dddd", "today Thursday"),
        ("E d", "4 4"),
    ],
)
def test_moment_formats(pattern: str, expected: str) -> None:
    assert moment(pattern, NOW) == expected


def test_ordinal_days() -> None:
    days = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd"}
    days.update({23: "23rd", 31: "31st"})
    assert {day: moment("Do", datetime(2026, 1, day)) for day in days} == days


@pytest.mark.parametrize("pattern", ["gggg", "ww", "ZZ", "LT", "x SSS", "N"])
def test_moment_tokens_not_filled_are_refused_rather_than_written_raw(pattern: str) -> None:
    if pattern == "x SSS":
        with pytest.raises(Unfillable, match="'SSS'"):
            moment(pattern, NOW)
        return
    with pytest.raises(Unfillable):
        moment(pattern, NOW)


def test_fill_as_obsidian_and_templater_would() -> None:
    text = (
        "{{title}} {{ Title }} {{date}} {{time}} {{date:YYYY}} {{time:HH}} {{title:x}} {{other}}\n"
        "<% tp.file.title %> <%tp.date.now()%> <% tp.date.now('DD.MM') %> <% tp.date.now(`YYYY`, -1) %>\n"
        '<% tp.date.tomorrow() %> <% tp.date.yesterday("D") %> <% tp.file.creation_date() %>\n'
    )
    assert fill(text, "Ana", NOW, Settings("D MMM", "h:mm a")) == (
        "Ana Ana 5 Mar 2:07 pm 2026 14 {{title:x}} {{other}}\n"
        "Ana 2026-03-05 05.03 2026\n"
        "2026-03-06 4 2026-03-05 14:07\n"
    )


@pytest.mark.parametrize(
    "code",
    [
        '<% tp.system.prompt("x") %>',
        "<%* tR += 'x' %>",
        "<%- tp.file.title -%>",
        '<% tp.date.today("YYYY", 3) %>',
        "<% tp.file.title.toUpperCase() %>",
        '<% tp.date.now("YYYY" + x) %>',
    ],
)
def test_other_templater_code_is_unfillable(code: str) -> None:
    with pytest.raises(Unfillable, match="Templater code vaultkit cannot run"):
        fill(f"---\nx: {code}\n---\n", "Ana", NOW)


def test_the_api_makes_a_note_without_writing_it(vault: VaultBuilder) -> None:
    from vaultkit.create import PersonTemplate, Taken, create_person, person_note

    model = vault.open().model
    note = person_note(model, "Ana", {"email": ["a@x.org", "ana@y.org"], "met": date(2026, 1, 2)}, NOW, PersonTemplate(
        "---\nemail:\n---\n"
    , "T/Person.md"))  # fmt: skip
    assert note.data == b"---\nemail:\n  - a@x.org\n  - ana@y.org\nmet: 2026-01-02\n---\n"
    assert not (vault.root / "People").exists()
    taken = Taken.of(model)
    create_person(model, "Ana", {}, NOW, taken=taken)
    with pytest.raises(RefusedError, match=re.escape("'ANA' is already a person: People/Ana.md")):
        create_person(model, "ANA", {}, NOW, taken=taken)  # a batch sees its own notes
    with pytest.raises(
        RefusedError, match=re.escape("People/Ana 2.md would read as a sync-conflict copy of People/Ana.md")
    ):
        create_person(model, "Ana 2", {}, NOW, taken=taken)
    create_person(model, "Anabel", {}, NOW, taken=taken)  # a longer name is no copy
    assert sorted(p.name for p in (vault.root / "People").iterdir()) == ["Ana.md", "Anabel.md"]


def test_a_name_typed_on_macos_is_written_composed(vault: VaultBuilder) -> None:
    assert vault.run("new", "Ana Nu\u0301n\u0303ez").code == 0  # NFD, as macOS hands it over
    assert [p.name for p in (vault.root / "People").iterdir()] == ["Ana Núñez.md"]
    assert vault.run("new", "Ana Núñez").code == 1


# -- property: only the lines of the fields set change ----------------------------------------------

FIELD_KEYS = {
    "roles": ["relationship", "relationships", "roles"],
    "level": ["level", "seniority"],
    "company": ["company", "organization", "org", "Company"],
    "cadence": ["cadence", "frequency", "keep in touch"],
    "met": ["met", "first met", "since"],
}
GIVEN = {"roles": "mentor", "level": "junior", "company": "Acme: Labs", "cadence": "6w", "met": date(2026, 1, 2)}
OLD_VALUES = {"roles": "friend", "level": "peer", "company": "Initech", "cadence": "3m", "met": "2020-05-06"}
OTHER_LINES = ["type: person", "# a comment of the owner's", "tags: [person, work]", 'note: "a: b"',
               "list:\n  - one\n  - 'two'", "email: 'x@example.org'  # work", "nested:\n  a: 1  # deep"]  # fmt: skip


def _template_strategy() -> Any:
    from hypothesis import strategies as st

    def entry(field: str) -> Any:
        value = st.sampled_from(["", OLD_VALUES[field], f"'{OLD_VALUES[field]}'", f'"{OLD_VALUES[field]}"'])
        comment = st.sampled_from(["", "  # what", " #x"])
        return st.tuples(st.sampled_from(FIELD_KEYS[field]), value, comment).map(
            lambda t: f"{t[0]}:{' ' + t[1] if t[1] else ''}{t[2]}"
        )

    keyed = st.fixed_dictionaries({}, optional={field: entry(field) for field in FIELD_KEYS})
    others = st.lists(st.sampled_from(range(len(OTHER_LINES))), unique=True)
    return st.tuples(
        keyed,
        others,
        st.randoms(use_true_random=False),
        st.sampled_from(["\n", "\r\n"]),
        st.booleans(),  # a BOM
        st.sampled_from(["", "# {{title}}", "## Log\n- 2026-01-01 met", "no final newline"]),
        st.sets(st.sampled_from(list(GIVEN)), min_size=1),
    )


@pytest.fixture(scope="module")
def empty_vault(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import vaultkit

    root = tmp_path_factory.mktemp("property")
    (root / "vaultkit.toml").write_text("")
    return vaultkit.open_vault(root, today=date(2026, 9, 24)).model


def test_new_changes_only_the_lines_of_the_fields_it_sets(empty_vault: Any) -> None:
    import difflib

    from hypothesis import given, settings

    from vaultkit.create import PersonTemplate, person_note
    from vaultkit.people import field_table, read_person_fields

    @settings(max_examples=300, deadline=None)
    @given(_template_strategy())
    def check(case: Any) -> None:
        keyed, others, rng, newline, bom, body, chosen = case
        units = [OTHER_LINES[i] for i in others] + list(keyed.values())
        rng.shuffle(units)
        front = [line for unit in units for line in unit.split("\n")]
        ending = "" if body == "no final newline" else newline
        text = newline.join(["---", *front, "---", *body.split("\n")]) + ending
        template = ("\ufeff" if bom else "") + text
        fields = {name: GIVEN[name] for name in chosen}
        note = person_note(empty_vault, "Ana", fields, NOW, PersonTemplate(template, "Templates/Person.md"))
        assert note.template.path == "Templates/Person.md", note.template.why_not
        out = note.data.decode("utf-8")
        assert out.startswith("\ufeff") == bom
        old, new = fill(template, "Ana", NOW).splitlines(keepends=True), out.splitlines(keepends=True)
        touchable = {i + 1 for i, line in enumerate(front) if line in keyed.values() and _field_of(line) in chosen}
        close = len(front) + 1
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            assert tag in ("replace", "insert"), (tag, old[i1:i2])
            assert set(range(i1, i2)) <= touchable or (tag == "insert" and i1 == close), (tag, old[i1:i2])
        for i in touchable:  # a comment after the value stays
            if "#" in old[i]:
                comment = old[i][old[i].index(" #") :]
                assert any(line.endswith(comment) for line in new), comment
        assert all(line.endswith(newline) for line in new[:-1])
        from vaultkit.note import read_note

        read = read_note("People/Ana.md", note.data, 1 << 20, 1 << 16)
        person = read_person_fields(read.fields, "Ana", empty_vault.config, field_table(empty_vault.config))
        assert person.name == "Ana"
        for name, value in fields.items():
            got = {"roles": person.roles and person.roles[0], "level": person.level, "company": person.company,
                   "cadence": person.cadence and person.cadence.text, "met": person.met}[name]  # fmt: skip
            assert got == value, (name, out)

    check()


def _field_of(line: str) -> str:
    key = line.split(":", 1)[0]
    return next(field for field, keys in FIELD_KEYS.items() if key in keys)


def test_a_config_without_people_folders_is_refused(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[vault]\npeople = []\n")
    result = vault.run("new", "Ana")
    assert (result.code, result.err) == (
        1,
        "vaultkit: the config names no people folder ([vault] people); nothing written\n",
    )
