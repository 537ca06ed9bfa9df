"""What a new user found trying the writing commands (`init`, `new`, `log`, `import`): a broken
vCard named by the file's line, nothing an import drops without saying so, a name's inner spaces
made one, command summaries that read whole, and `new --alias`."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import click
import pytest
from conftest import VaultBuilder

from vaultkit.cli import cli, main

TODAY = "2026-11-20"


def card(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD"]) + "\r\n"


# -- 1. a broken card: the file's line of its bad line, in one line -----------------------------------


def test_a_broken_card_is_named_by_the_files_line_of_the_line_that_does_not_read(
    vault: VaultBuilder, tmp_path: Path
) -> None:
    folded = "NOTE:" + "a long note, folded as vCard folds them " * 3
    cards = [card(f"FN:Person {n}", "EMAIL:p@example.org", "ORG:Initech", "TITLE:Engineer") for n in range(1, 4)]
    cards.append(card("FN:Half A Card", folded[:70], " " + folded[70:], "EMAIL", "TITLE:x"))  # from line 22
    source = tmp_path / "contacts.vcf"
    source.write_text("".join(cards), encoding="utf-8")
    assert source.read_text(encoding="utf-8").splitlines()[26] == "EMAIL"  # the file's line 27

    result = vault.run("import", str(source), "--dry-run", today=TODAY)
    assert result.code == 0
    skipped = [line for line in result.out.splitlines() if line.startswith("skipped")]
    assert skipped == [
        'skipped: card 4 (line 22): cannot be read: line 27 is not a vCard property, NAME:value ("EMAIL")'
    ]


# -- 2. what an import leaves out of a note is said, and a vCard's NOTE is kept -----------------------

LINKEDIN = (
    'Notes:\r\n"When exporting your connection data, you may notice ..."\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Future,Guy,https://www.linkedin.com/in/fg,,Globex,CTO,05 Oct 2027\r\n"
    "Past,Gal,https://www.linkedin.com/in/pg,,Globex,,05 Oct 2026\r\n"
)


def test_a_connection_date_after_today_is_said_to_be_left_out(vault: VaultBuilder, tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(LINKEDIN, encoding="utf-8")
    dry = vault.run("import", str(source), "--dry-run", today=TODAY)
    assert dry.out.splitlines()[:2] == [
        "would create People/Future Guy.md (Globex, CTO); left out: met 2027-10-05 (after today)",
        "would create People/Past Gal.md (Globex; met 2026-10-05)",
    ]
    result = vault.run("import", str(source), today=TODAY)
    assert result.out.splitlines()[:2] == [
        "created People/Future Guy.md; left out: met 2027-10-05 (after today)",
        "created People/Past Gal.md",
    ]
    assert "met:\n" in vault.read("People/Future Guy.md")


def test_a_vcard_note_goes_under_notes_before_the_log_and_log_still_finds_the_log(
    vault: VaultBuilder, tmp_path: Path
) -> None:
    source = tmp_path / "contacts.vcf"
    source.write_text(
        card("FN:Nora Quist", "NOTE:Met at KubeCon 2025.\\nLikes tea\\, not coffee.", "BDAY:2030-01-01"),
        encoding="utf-8",
    )
    dry = vault.run("import", str(source), "--dry-run", today=TODAY)
    assert dry.out.splitlines()[0] == (
        "would create People/Nora Quist.md (notes); left out: birthday 2030-01-01 (after today)"
    )
    assert vault.run("import", str(source), today=TODAY).code == 0
    assert vault.read("People/Nora Quist.md").endswith(
        "# Nora Quist\n\n## Notes\nMet at KubeCon 2025.\nLikes tea, not coffee.\n\n## Log\n"
    )
    assert vault.run("log", "nora quist", "coffee", today=TODAY).code == 0
    assert vault.read("People/Nora Quist.md").endswith("\n## Log\n- 2026-11-20 coffee\n")
    assert [c for c in vault.codes(TODAY) if c[1] == "People/Nora Quist.md"] == []


@pytest.mark.parametrize(
    "note",
    [
        "ask [[Ada]] about her\\nthe intro",  # a link
        "- [ ] send the deck",  # a task
        "- 2024-05-01 met at the meetup",  # a dated item: an entry, were it in the log
        "# Not a heading",  # a heading
        "%% unclosed comment",  # would hide the log below it
        "```",  # would make the rest of the note code
        "status:: paused",  # a Dataview field
    ],
)
def test_a_note_that_would_read_as_more_than_text_is_left_out_and_said(
    vault: VaultBuilder, tmp_path: Path, note: str
) -> None:
    source = tmp_path / "contacts.vcf"
    source.write_text(card("FN:Lena Holm", f"NOTE:{note}"), encoding="utf-8")
    result = vault.run("import", str(source), today=TODAY)
    assert result.out.splitlines()[0] == (
        "created People/Lena Holm.md; left out: notes (they would read as more than text: a link, a task, a "
        "heading, a field)"
    )
    assert vault.read("People/Lena Holm.md").endswith("# Lena Holm\n\n## Log\n")


def test_a_template_with_its_own_notes_heading_gets_the_text_there_crlf_kept(
    vault: VaultBuilder, tmp_path: Path
) -> None:
    vault.write("Templates/Person.md", raw=b"---\r\ncompany:\r\n---\r\n# {{title}}\r\n## Notes\r\n\r\n## Log\r\n")
    source = tmp_path / "contacts.vcf"
    source.write_text(card("FN:Ivo Sand", "ORG:Initech", "NOTE:two kids\\, likes sailing"), encoding="utf-8")
    assert vault.run("import", str(source), today=TODAY).code == 0
    assert (vault.root / "People/Ivo Sand.md").read_bytes() == (
        b"---\r\ncompany: Initech\r\n---\r\n# Ivo Sand\r\n## Notes\r\ntwo kids, likes sailing\r\n\r\n## Log\r\n"
    )


def test_a_contact_already_in_the_vault_lists_its_note_as_what_merging_would_add(
    vault: VaultBuilder, tmp_path: Path
) -> None:
    vault.write("People/Ada Lovelace.md", "---\nrelationship: mentor\n---\n")
    source = tmp_path / "contacts.vcf"
    source.write_text(card("FN:Ada Lovelace", "NOTE:prefers email to calls"), encoding="utf-8")
    result = vault.run("import", str(source), "--dry-run", today=TODAY)
    assert result.out.splitlines()[0] == (
        "not written: card 1 (line 1), Ada Lovelace, is People/Ada Lovelace.md (same name): merging would add "
        'notes "prefers email to calls"'
    )


# -- 3. a name's runs of spaces are one ---------------------------------------------------------------


def test_runs_of_spaces_inside_a_name_are_made_one_and_log_matches_it_so(vault: VaultBuilder) -> None:
    result = vault.run("new", "  Gil  Moreno ", today=TODAY)
    assert (result.code, result.err) == (0, "")
    assert result.out == "Created People/Gil Moreno.md (from the built-in template).\n"
    assert [p.name for p in (vault.root / "People").iterdir()] == ["Gil Moreno.md"]
    assert "\n# Gil Moreno\n" in vault.read("People/Gil Moreno.md")
    assert vault.run("new", "gil   moreno", today=TODAY).code == 1
    logged = vault.run("log", " GIL   moreno ", "coffee", today=TODAY)
    assert logged.out.startswith("Logged Gil Moreno in People/Gil Moreno.md:\n")


# -- 4. command summaries that read whole -------------------------------------------------------------


def help_of(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*args, "--help"]) == 0
    return out.getvalue()


def test_every_command_has_a_summary_that_the_help_shows_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    commands = cli.commands
    assert all(isinstance(command, click.Command) and command.short_help for command in commands.values())
    listed = help_of().split("Commands:\n", 1)[1].split("\n\n", 1)[0] + "\n"
    assert "..." not in listed
    for name, command in commands.items():  # each on one line at 80 columns, as it was written
        assert f"  {name:<6}  {command.short_help}\n" in listed


def test_the_language_servers_help_says_both_ways_to_install_it() -> None:
    said = " ".join(help_of("lsp").split())
    assert "pip install 'vaultkit[lsp]' (from a checkout: pip install '.[lsp]')" in said


# -- 5. new --alias -----------------------------------------------------------------------------------


def test_new_alias_is_written_as_the_aliases_list_and_found_by_log(vault: VaultBuilder) -> None:
    result = vault.run("new", "Alexandra Chen", "--alias", "Alex", "--alias", "Sasha  C", "--alias", "alex")
    assert (result.code, result.err) == (0, "")
    assert vault.read("People/Alexandra Chen.md").startswith(
        "---\nrelationship:\nlevel:\ncompany:\ntitle:\ncadence:\nmet:\ntags: [person]\naliases:\n  - Alex\n"
        "  - Sasha C\n---\n"
    )
    people = vault.run("people", "--format", "json").json()
    assert [(p["name"], p["aliases"]) for p in people] == [("Alexandra Chen", ["Alex", "Sasha C"])]
    assert vault.run("log", "sasha c", "call").out.startswith("Logged Alexandra Chen in ")


def test_new_alias_goes_under_the_templates_own_alias_key(vault: VaultBuilder) -> None:
    vault.write("Templates/Person.md", "---\nalias: # what friends call them\ntype: person\n---\n")
    assert vault.run("new", "Dev Rao", "--alias", "DR").code == 0
    assert vault.read("People/Dev Rao.md") == "---\nalias: # what friends call them\n  - DR\ntype: person\n---\n"


@pytest.mark.parametrize(("alias", "why"), [
    ("Ana Núñez", "'Ana Núñez' is already a person: People/Ana Núñez.md"),
    ("ANITA", "'ANITA' is already a person: People/Ana Núñez.md"),
])  # fmt: skip
def test_an_alias_that_is_someone_elses_name_or_alias_is_refused(vault: VaultBuilder, alias: str, why: str) -> None:
    vault.write("People/Ana Núñez.md", "---\naliases: [Anita]\n---\n")
    result = vault.run("new", "Dev Rao", "--alias", "Dee", "--alias", alias)
    assert result.code == 1
    assert result.err == f"vaultkit: {why}; nothing written\n"
    assert not (vault.root / "People/Dev Rao.md").exists()


def test_an_empty_alias_is_a_usage_error(vault: VaultBuilder) -> None:
    result = vault.run("new", "Dev Rao", "--alias", " ")
    assert (result.code, result.err) == (2, "vaultkit: error: --alias: no value given\n")
