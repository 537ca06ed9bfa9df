"""VK101-VK108: the people rules, one story per edge."""

from __future__ import annotations

import pytest
from conftest import VaultBuilder

TODAY = "2026-09-24"
# A mentor (6w) last seen on 2026-08-01: due 2026-09-12, overdue from 2026-09-13.
ANA = """
    ---
    role: mentor
    ---
    ## Log
    - 2026-08-01 coffee
    """


def found(vault: VaultBuilder, *select: str, today: str = TODAY) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of every diagnostic of the selected rules."""
    return [(d.code, d.path, d.line, d.column) for d in vault.check(today, list(select) or None)]


def messages(vault: VaultBuilder, code: str, today: str = TODAY) -> list[tuple[str, str, str]]:
    """(path, severity, message) of every diagnostic of one rule."""
    return [(d.path, d.severity, d.message) for d in vault.check(today, [code])]


# -- VK101 neglected-contact ----------------------------------------------------------------------


@pytest.mark.parametrize(("today", "fires"), [("2026-09-11", False), ("2026-09-12", False), ("2026-09-13", True)])
def test_vk101_the_day_before_on_and_after_the_due_date(vault: VaultBuilder, today: str, fires: bool) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    assert found(vault, "VK101", today=today) == ([("VK101", "People/Ana Núñez.md", 1, 1)] if fires else [])


def test_vk101_message_when_the_last_contact_is_a_daily_note(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", "---\ncadence: 6w\n---\n")
    vault.write("Daily/2026-08-21.md", "# Friday\n\n- lunch with [[Ana Núñez]]\n")
    assert vault.run("check", "--select", "VK101", today="2026-11-26").out == (
        "People/Ana Núñez.md:1:1: VK101/neglected-contact [warning] no contact for 97 days "
        "(cadence 6w; last: Daily/2026-08-21.md)\n"
        "Found 1 problem (1 warning) in 1 note.\n"
    )


def test_vk101_message_with_a_cadence_from_the_role(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", "---\nroles: [mentor, friend]\n---\n")
    vault.write("Daily/2026-08-21.md", "- lunch with [[Ana Núñez]]\n")
    assert messages(vault, "VK101", today="2026-11-26") == [
        ("People/Ana Núñez.md", "warning", "no contact for 97 days (cadence 6w; last: Daily/2026-08-21.md)")
    ]


def test_vk101_message_when_the_last_contact_is_a_log_entry(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", ANA)
    assert messages(vault, "VK101") == [
        ("People/Ana Núñez.md", "warning", "no contact for 54 days (cadence 6w; last: 2026-08-01 in the log, line 5)")
    ]


def test_vk101_message_when_the_last_contact_is_the_field(vault: VaultBuilder) -> None:
    vault.write("People/Chris.md", "---\nprm-cadence: 14\nprm-last-contacted: 2026-09-01\n---\n")
    assert messages(vault, "VK101") == [
        ("People/Chris.md", "warning", "no contact for 23 days (cadence 14d; last: 2026-09-01, last_contact)")
    ]


def test_vk101_message_when_only_met_is_known(vault: VaultBuilder) -> None:
    vault.write("People/Tobi.md", "---\nlevel: junior\nmet: 2026-07-01\n---\n")
    assert messages(vault, "VK101") == [
        ("People/Tobi.md", "warning", "no contact recorded since you met on 2026-07-01 (85 days ago; cadence 2m)")
    ]
    assert found(vault, "VK101", today="2026-09-01") == []


def test_vk101_months_are_calendar_months(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\ncadence: 1m\nlast_contact: 2026-01-31\n---\n")
    assert found(vault, "VK101", today="2026-02-28") == []
    assert found(vault, "VK101", today="2026-03-01") == [("VK101", "People/Ana.md", 1, 1)]


@pytest.mark.parametrize(
    "extra",
    ["status: paused", "status: left", "status: archived", "Status: Archived", "snooze_until: 2026-09-25",
     "snooze: 2026-10-15", "cadence: never"],
)  # fmt: skip
def test_vk101_silent_for_a_person_not_to_chase(vault: VaultBuilder, extra: str) -> None:
    vault.write("People/Ana.md", f"---\nrole: mentor\n{extra}\n---\n## Log\n- 2026-08-01 coffee\n")
    assert found(vault, "VK101", "VK102") == []


@pytest.mark.parametrize(("snooze", "fires"), [("2026-09-25", False), ("2026-09-24", True), ("2026-09-23", True)])
def test_vk101_the_snooze_ends_on_its_date(vault: VaultBuilder, snooze: str, fires: bool) -> None:
    vault.write("People/Ana.md", f"---\nrole: mentor\nsnooze_until: {snooze}\n---\n## Log\n- 2026-08-01 coffee\n")
    assert bool(found(vault, "VK101")) is fires


def test_vk101_nobody_is_chased_without_a_cadence(vault: VaultBuilder) -> None:
    vault.write("People/Leo.md", "---\nrelationship: cousin\nlast_contact: 2020-01-01\n---\n")
    assert found(vault, "VK101") == []


def test_vk101_the_config_default_cadence_applies_to_everyone_else(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[cadence]\ndefault = "1y"\n')
    vault.write("People/Leo.md", "---\nrelationship: cousin\nlast_contact: 2025-09-23\n---\n")
    assert messages(vault, "VK101") == [
        ("People/Leo.md", "warning", "no contact for 366 days (cadence 1y; last: 2025-09-23, last_contact)")
    ]


@pytest.mark.parametrize(
    ("line", "counts"),
    [
        ("- [x] called [[Ana]]", True),
        ("- lunch with [[Ani]]", True),  # an alias
        ("> [!note] Coffee\n> with [[Ana]]", True),  # a callout
        ("- [ ] call [[Ana]]", False),  # a plan, not a contact
        ("- [-] lunch with [[Ana]]", False),  # cancelled
        ("> lunch with [[Ana]]", False),  # a plain quote
        ("- `[[Ana]]`", False),
        ("```\n[[Ana]]\n```", False),
        ("%% ask [[Ana]] %%", False),
        ("<!-- [[Ana]] -->", False),
        ("![[Ana]]", False),
    ],
)
def test_vk101_what_counts_as_contact_in_a_daily_note(vault: VaultBuilder, line: str, counts: bool) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\naliases: [Ani]\n---\n## Log\n- 2026-08-01 coffee\n")
    vault.write("Daily/2026-09-20.md", line + "\n")
    assert found(vault, "VK101") == ([] if counts else [("VK101", "People/Ana.md", 1, 1)])


@pytest.mark.parametrize("path", ["Templates/2026-09-20.md", "_templates/2026-09-20.md", ".trash/2026-09-20.md"])
def test_vk101_a_mention_in_a_template_or_in_the_trash_is_no_contact(vault: VaultBuilder, path: str) -> None:
    vault.write("People/Ana.md", ANA)
    vault.write(path, "- lunch with [[Ana]]\n")
    assert found(vault, "VK101") == [("VK101", "People/Ana.md", 1, 1)]


@pytest.mark.parametrize("path", ["Templates/Person.md", ".trash/People/Ana.md", "People/.trash/Ana.md"])
def test_vk101_a_person_in_a_template_or_in_the_trash_is_nobody(vault: VaultBuilder, path: str) -> None:
    vault.write(path, ANA)
    assert found(vault, "VK0", "VK1", "VK4") == []


def test_vk101_a_meeting_counts_on_its_date_and_a_clipping_does_not(vault: VaultBuilder) -> None:
    vault.write("People/Olivia.md", "---\nlevel: senior\n---\n## Log\n- 2026-05-13 skip-level\n")
    vault.write("Clippings/Board.md", "---\ndate: 2026-08-14\n---\nsee [[Olivia]]\n")
    vault.write("Meetings/Promo prep.md", '---\ndate: 2026-10-01\nattendees: ["[[Olivia]]"]\n---\n')
    assert found(vault, "VK101") == [("VK101", "People/Olivia.md", 1, 1)]
    vault.write("Meetings/Sync.md", '---\ndate: 2026-08-20 14:00\nattendees: ["[[Olivia]]"]\n---\n')
    assert found(vault, "VK101") == []


@pytest.mark.parametrize(("today", "severity"), [("2026-10-24", "warning"), ("2026-10-25", "error")])
def test_vk101_escalate_after_makes_it_an_error(vault: VaultBuilder, today: str, severity: str) -> None:
    # 6w = 42 days; twice that after 2026-08-01 is 2026-10-24.
    vault.write("vaultkit.toml", "[rules.options.VK101]\nescalate-after = 2\n")
    vault.write("People/Ana.md", ANA)
    (d,) = vault.check(today, ["VK101"])
    assert d.severity == severity
    assert d.message.endswith("over 2× the cadence (escalate-after)") == (severity == "error")


def test_vk101_an_escalated_finding_stays_an_error_whatever_the_severity_config(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[rules.severity]\nVK101 = "info"\n[rules.options.VK101]\nescalate-after = 1.25\n')
    vault.write("People/Ana.md", ANA)
    vault.write("People/Ben.md", "---\nrole: mentor\n---\n## Log\n- 2026-08-10 coffee\n")
    assert [(d.path, d.severity) for d in vault.check("2026-09-24", ["VK101"])] == [
        ("People/Ana.md", "error"),  # 54 days > 1.25 × 42
        ("People/Ben.md", "info"),  # 45 days
    ]


def test_vk101_escalation_is_off_by_default(vault: VaultBuilder) -> None:
    vault.write("People/Ana.md", "---\nrole: mentor\nlast_contact: 2020-01-01\n---\n")
    assert [d.severity for d in vault.check(TODAY, ["VK101"])] == ["warning"]


# -- VK102 no-interaction-recorded ------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "---\nrole: peer\ntitle: Head of Infrastructure: EMEA\n---\n",  # VK002: broken YAML
        "---\nrole: peer\n",  # VK002: never closed
        "---\nrole: peer\n---\n\0",  # VK001: a binary file
    ],
)
def test_a_person_whose_note_is_not_understood_is_not_called_neglected(vault: VaultBuilder, note: str) -> None:
    """Paused, snoozed or gone, nobody knows: the VK001/VK002 on the note is the one thing to fix."""
    vault.write("People/Isabel Moreau.md", note)
    assert [code for code, _, _ in vault.codes(select=["VK0", "VK1"])] in (["VK001"], ["VK002"])
    assert [p.status for p in vault.open().people] == ["broken"]


def test_vk102_a_person_never_contacted(vault: VaultBuilder) -> None:
    vault.write("People/Isabel Moreau.md", "---\nrole: peer\n---\n# Isabel\n")
    vault.write("Daily/2026-09-15.md", "- met Isabel at the meetup\n")  # plain text is no mention
    assert messages(vault, "VK102") == [
        ("People/Isabel Moreau.md", "info",
         "no interaction with Isabel Moreau recorded: add a dated entry under ## Log, "
         "or link them from a daily or meeting note")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "extra",
    ["status: paused", "status: left", "status: archived", "snooze_until: 2026-10-15", "last_contact: 2026-09-01"],
)
def test_vk102_silent(vault: VaultBuilder, extra: str) -> None:
    vault.write("People/Isabel.md", f"---\nrole: peer\n{extra}\n---\n")
    assert found(vault, "VK102") == []


def test_vk102_not_when_vk101_fires_counting_from_met(vault: VaultBuilder) -> None:
    vault.write("People/Tobi.md", "---\nlevel: junior\nmet: 2026-07-01\n---\n")
    assert found(vault, "VK1") == [("VK101", "People/Tobi.md", 1, 1)]
    assert found(vault, "VK1", today="2026-08-31") == [("VK102", "People/Tobi.md", 1, 1)]


def test_vk102_a_mention_in_a_daily_note_is_an_interaction(vault: VaultBuilder) -> None:
    vault.write("People/Isabel.md", "---\nrole: peer\n---\n")
    vault.write("Daily/2026-09-01.md", "- intro call with [[Isabel]]\n")
    assert found(vault, "VK102") == []


# -- VK103 one-sided-relationship -------------------------------------------------------------------

MARCUS_LOG = """
    ---
    level: peer
    ---
    ## Log
    - 2026-04-02 reviewed his RFC #gave
    - 2026-07-14 asked about the promo packet #asked
    - 2026-07-30 platform sync
    - 2026-08-12 asked for a launch review #asked
    - 2026-09-03 quick call
    - 2026-09-17 asked for a reference #asked
    """


def test_vk103_asking_without_giving(vault: VaultBuilder) -> None:
    vault.write("People/Marcus Webb.md", MARCUS_LOG)
    assert messages(vault, "VK103") == [
        ("People/Marcus Webb.md", "info",
         "one-sided: #asked in 3 of your last 5 interactions with Marcus Webb and no #gave: what could you offer them?")
    ]  # fmt: skip


def test_vk103_a_gave_in_the_window_passes(vault: VaultBuilder) -> None:
    vault.write("People/Marcus Webb.md", MARCUS_LOG.replace("quick call", "paired on his bug #gave"))
    assert found(vault, "VK103") == []


def test_vk103_tags_from_a_daily_note_count(vault: VaultBuilder) -> None:
    vault.write("People/Marcus Webb.md", MARCUS_LOG.replace("- 2026-09-03 quick call\n", ""))
    vault.write("Daily/2026-09-03.md", "- helped [[Marcus Webb]] with his slides #gave\n")
    assert found(vault, "VK103") == []


def test_vk103_fewer_than_min_tagged(vault: VaultBuilder) -> None:
    vault.write("People/Marcus Webb.md", MARCUS_LOG.replace("for a reference #asked", "for a reference"))
    assert found(vault, "VK103") == []


def test_vk103_min_tagged_option(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK103]\nmin-tagged = 2\n")
    vault.write("People/Marcus Webb.md", MARCUS_LOG.replace("for a reference #asked", "for a reference"))
    assert found(vault, "VK103") == [("VK103", "People/Marcus Webb.md", 1, 1)]


def test_vk103_a_wider_window_reaches_the_old_gave(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", "[rules.options.VK103]\nwindow = 6\n")
    vault.write("People/Marcus Webb.md", MARCUS_LOG)
    assert found(vault, "VK103") == []


def test_vk103_window_option(vault: VaultBuilder) -> None:
    # The last 2 interactions hold only one #asked: fewer than 3 tagged.
    vault.write("vaultkit.toml", "[rules.options.VK103]\nwindow = 2\n")
    vault.write("People/Marcus Webb.md", MARCUS_LOG)
    assert found(vault, "VK103") == []
    vault.write("vaultkit.toml", "[rules.options.VK103]\nwindow = 2\nmin-tagged = 1\n")
    assert [m for _, _, m in messages(vault, "VK103")] == [
        "one-sided: #asked in 1 of your last 2 interactions with Marcus Webb and no #gave: what could you offer them?"
    ]


def test_vk103_configured_tag_names(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[tags]\ngave = "#helped"\nasked = "favour"\n')
    vault.write("People/Marcus Webb.md", MARCUS_LOG.replace("#asked", "#favour"))
    assert [m for _, _, m in messages(vault, "VK103")] == [
        "one-sided: #favour in 3 of your last 5 interactions with Marcus Webb and no #helped: "
        "what could you offer them?"
    ]


# -- VK104 stale-last-contact -----------------------------------------------------------------------

TOM = (
    "---\r\n"
    "name: Tom Becker\r\n"
    "level: peer   # old team\r\n"
    "last_contact: 2026-05-02\r\n"
    "company: Northwind\r\n"
    "---\r\n"
    "## Log\r\n"
    "- 2026-05-02 lunch\r\n"
)


def test_vk104_reported_at_the_key_naming_where_the_later_contact_is(vault: VaultBuilder) -> None:
    vault.write("People/Tom Becker.md", raw=TOM.encode())
    vault.write("Daily/2026-08-11.md", "# Tuesday\n\n- pairing with [[Tom Becker]]\n")
    (d,) = vault.check(TODAY, ["VK104"])
    assert (d.path, d.severity, d.line, d.column, d.end_column) == ("People/Tom Becker.md", "info", 4, 1, 13)
    assert d.message == "last_contact is 2026-05-02 but the latest interaction is 2026-08-11 (Daily/2026-08-11.md:3)"
    assert d.fix is not None and d.fix.description == "set last_contact to 2026-08-11"


@pytest.mark.parametrize("value", ["2026-08-11", "2026-09-01"])
def test_vk104_silent_when_the_field_is_up_to_date(vault: VaultBuilder, value: str) -> None:
    vault.write("People/Tom.md", f"---\nlast_contact: {value}\n---\n## Log\n- 2026-08-11 lunch\n")
    assert found(vault, "VK104") == []


def test_vk104_silent_without_the_field(vault: VaultBuilder) -> None:
    vault.write("People/Tom.md", "---\nlevel: peer\n---\n## Log\n- 2026-08-11 lunch\n")
    assert found(vault, "VK104") == []


def test_vk104_fix_changes_exactly_one_value_keeping_bom_and_crlf(vault: VaultBuilder) -> None:
    note = vault.write("People/Tom Becker.md", raw=b"\xef\xbb\xbf" + TOM.encode())
    vault.write("Daily/2026-08-11.md", "- pairing with [[Tom Becker]]\n")
    run = vault.run("check", "--select", "VK104", "--fix")
    assert (
        note.read_bytes()
        == b"\xef\xbb\xbf" + TOM.replace("last_contact: 2026-05-02", "last_contact: 2026-08-11").encode()
    )
    assert (run.code, run.out) == (0, "All good: no problems found.\nFixed 1 problem.\n")


@pytest.mark.parametrize(
    "value", ["&seen 2026-05-02\nnext_review: *seen", "!!str 2026-05-02", "2026-05-02T09:30:00+02:00"]
)
def test_vk104_no_fix_where_the_value_holds_more_than_a_date(vault: VaultBuilder, value: str) -> None:
    """Replacing the whole span would drop an anchor (and break its alias), a tag or a time zone."""
    note = vault.write("People/Tom.md", f"---\nname: Tom\nlast_contact: {value}\n---\n## Log\n- 2026-08-11 lunch\n")
    (d,) = vault.check(TODAY, ["VK104"])
    assert d.fix is None
    before = note.read_bytes()
    vault.run("check", "--select", "VK104", "--fix")
    assert note.read_bytes() == before


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('last_contact: "2026-05-02"', 'last_contact: "2026-08-11"'),
        ("last_contact: '2026-05-02'", "last_contact: '2026-08-11'"),
        ("Last Contacted:   2026-05-02   # by hand", "Last Contacted:   2026-08-11   # by hand"),
        ("lastContacted: 2026-05-02 09:30", "lastContacted: 2026-08-11"),
    ],
)
def test_vk104_fix_keeps_quotes_and_comments(vault: VaultBuilder, before: str, after: str) -> None:
    note = vault.write("People/Tom.md", f"---\nname: Tom\n{before}\n---\n## Log\n- 2026-08-11 lunch\n")
    vault.run("check", "--select", "VK104", "--fix")
    assert note.read_text(encoding="utf-8") == f"---\nname: Tom\n{after}\n---\n## Log\n- 2026-08-11 lunch\n"


def test_vk104_diff_shows_the_fix_and_writes_nothing(vault: VaultBuilder) -> None:
    note = vault.write("People/Tom.md", "---\nname: Tom\nlast_contact: 2026-05-02\n---\n## Log\n- 2026-08-11 lunch\n")
    before = note.read_bytes()
    run = vault.run("check", "--select", "VK104", "--diff")
    assert note.read_bytes() == before
    assert run.code == 0  # as `check`: VK104 is info, under fail-on
    assert run.out == (
        "--- a/People/Tom.md\n"
        "+++ b/People/Tom.md\n"
        "@@ -1,6 +1,6 @@\n"
        " ---\n"
        " name: Tom\n"
        "-last_contact: 2026-05-02\n"
        "+last_contact: 2026-08-11\n"
        " ---\n"
        " ## Log\n"
        " - 2026-08-11 lunch\n"
    )


def test_diff_applies_as_patch_and_git_apply_read_it(vault: VaultBuilder) -> None:
    """A name with a space ends with a tab (GNU patch reads the name up to it); a note with no
    final newline says so; lines end at LF only, not at a U+2028 inside one."""
    note = vault.write(
        "People/Tom Lee.md", "---\nlast_contact: 2026-05-02\n---\n## Log\n- 2026-08-11 lunch\u2028at noon"
    )
    assert not note.read_bytes().endswith(b"\n")
    run = vault.run("check", "--select", "VK104", "--diff")
    assert run.out == (
        "--- a/People/Tom Lee.md\t\n"
        "+++ b/People/Tom Lee.md\t\n"
        "@@ -1,5 +1,5 @@\n"
        " ---\n"
        "-last_contact: 2026-05-02\n"
        "+last_contact: 2026-08-11\n"
        " ---\n"
        " ## Log\n"
        " - 2026-08-11 lunch\u2028at noon\n"
        "\\ No newline at end of file\n"
    )


def test_vk104_diff_with_nothing_to_fix_exits_0(vault: VaultBuilder) -> None:
    vault.write("People/Tom.md", "---\nname: Tom\nlast_contact: 2026-08-11\n---\n")
    run = vault.run("check", "--diff")
    assert (run.code, run.out) == (0, "")


# -- VK105 duplicate-person -------------------------------------------------------------------------


def test_vk105_on_both_notes_naming_the_other(vault: VaultBuilder) -> None:
    vault.write("People/Sam Lee.md", "---\nemail: sam.lee@example.com\n---\n")
    vault.write("People/Samuel Lee.md", "---\nemail: [Sam.Lee@Example.com, samuel@home.example]\n---\n")
    assert messages(vault, "VK105") == [
        ("People/Sam Lee.md", "error",
         "same person as People/Samuel Lee.md (both have sam.lee@example.com): merge the two notes"),
        ("People/Samuel Lee.md", "error",
         "same person as People/Sam Lee.md (both have Sam.Lee@Example.com): merge the two notes"),
    ]  # fmt: skip


def test_vk105_an_alias_equal_to_another_name_without_accents(vault: VaultBuilder) -> None:
    vault.write("People/Ana Núñez.md", "---\nlevel: senior\n---\n")
    vault.write("Contacts/Ana.md", "---\ntype: contact\naliases: [ana nunez]\n---\n")
    assert found(vault, "VK105") == [("VK105", "Contacts/Ana.md", 1, 1), ("VK105", "People/Ana Núñez.md", 1, 1)]
    assert [m for _, _, m in messages(vault, "VK105")] == [
        "same person as People/Ana Núñez.md (both are called ana nunez): merge the two notes",
        "same person as Contacts/Ana.md (both are called Ana Núñez): merge the two notes",
    ]


def test_vk105_different_people_pass(vault: VaultBuilder) -> None:
    vault.write("People/Sam Lee.md", "---\nemail: sam.lee@example.com\naliases: [Sam]\n---\n")
    vault.write("People/Samuel Lee.md", "---\nemail: samuel.lee@example.com\naliases: [Samuel]\n---\n")
    vault.write("Templates/Sam Lee.md", "---\nemail: sam.lee@example.com\n---\n")
    assert found(vault, "VK105") == []


# -- VK106 overdue-follow-up ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "message"),
    [
        ("- [ ] send [[Olivia Grant]] the launch deck 📅 2026-09-10",
         "follow-up with Olivia Grant was due 2026-09-10 (14 days ago): do it, reschedule or cancel it"),
        ("- [ ] send [[Olivia Grant]] the launch deck [due:: 2026-09-23]",
         "follow-up with Olivia Grant was due 2026-09-23 (1 day ago): do it, reschedule or cancel it"),
        ("- [/] draft the intro for [[Olivia Grant]] and [[Ana]] due:: 2026-09-20",
         "follow-up with Olivia Grant, Ana was due 2026-09-20 (4 days ago): do it, reschedule or cancel it"),
        # Any mark but x, X and - leaves a task open (Tasks' and themes' custom statuses).
        ("- [<] ask [[Olivia Grant]] 📅 2026-09-20",
         "follow-up with Olivia Grant was due 2026-09-20 (4 days ago): do it, reschedule or cancel it"),
        ("- [b] ask [[Olivia Grant]] 📅 2026-09-20",
         "follow-up with Olivia Grant was due 2026-09-20 (4 days ago): do it, reschedule or cancel it"),
    ],
)  # fmt: skip
def test_vk106_an_overdue_task_mentioning_a_person(vault: VaultBuilder, task: str, message: str) -> None:
    vault.write("People/Olivia Grant.md", "---\nlevel: senior\n---\n")
    vault.write("People/Ana.md", "---\nlevel: senior\n---\n")
    vault.write("Daily/2026-09-01.md", f"# Tuesday\n\n{task}\n")
    assert [(d.path, d.severity, d.line, d.column, d.message) for d in vault.check(TODAY, ["VK106"])] == [
        ("Daily/2026-09-01.md", "warning", 3, 1, message)
    ]


@pytest.mark.parametrize(
    "task",
    [
        "- [x] send [[Olivia Grant]] the deck 📅 2026-09-10",
        "- [-] send [[Olivia Grant]] the deck 📅 2026-09-10",
        "- [ ] send [[Olivia Grant]] the deck 📅 2026-09-24",  # due today
        "- [ ] send [[Olivia Grant]] the deck 📅 2026-10-01",
        "- [ ] send [[Olivia Grant]] the deck",
        "- [ ] send the board the deck 📅 2026-09-10",  # nobody mentioned
        "- send [[Olivia Grant]] the deck 📅 2026-09-10",  # not a task
        "- [ ] send `[[Olivia Grant]]` the deck 📅 2026-09-10",
        "- [ ] send ![[Olivia Grant]] 📅 2026-09-10",  # an embed mentions nobody
        "```\n- [ ] send [[Olivia Grant]] the deck 📅 2026-09-10\n```",
        "%% - [ ] send [[Olivia Grant]] the deck 📅 2026-09-10 %%",
    ],
)
def test_vk106_silent(vault: VaultBuilder, task: str) -> None:
    vault.write("People/Olivia Grant.md", "---\nlevel: senior\n---\n")
    vault.write("Daily/2026-09-01.md", task + "\n")
    assert found(vault, "VK106") == []


def test_vk106_in_a_person_note_the_task_needs_no_link(vault: VaultBuilder) -> None:
    vault.write(
        "People/Olivia Grant.md", "---\nlevel: senior\n---\n## Follow-ups\n  - [ ] send the deck 📅 2026-09-10\n"
    )
    assert messages(vault, "VK106") == [
        ("People/Olivia Grant.md", "warning",
         "follow-up with Olivia Grant was due 2026-09-10 (14 days ago): do it, reschedule or cancel it")
    ]  # fmt: skip
    assert found(vault, "VK106") == [("VK106", "People/Olivia Grant.md", 5, 3)]


def test_vk106_a_mention_by_alias_in_any_note(vault: VaultBuilder) -> None:
    vault.write("People/Olivia Grant.md", "---\naliases: [Liv]\n---\n")
    vault.write("Projects/Promo.md", "- [ ] ask [[Liv]] for feedback 📅 2026-09-20\n")
    vault.write("Templates/Task.md", "- [ ] ask [[Liv]] for feedback 📅 2026-09-20\n")
    assert found(vault, "VK106") == [("VK106", "Projects/Promo.md", 1, 1)]


# -- VK107 lost-mentor-or-sponsor -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ("[mentor]", "Ruth Abernathy (mentor) has left: who will be your mentor now?"),
        ("[sponsor, friend]", "Ruth Abernathy (sponsor) has left: who will be your sponsor now?"),
        ("mentor, sponsor", "Ruth Abernathy (mentor and sponsor) has left: who will be your mentor and sponsor now?"),
    ],
)
def test_vk107_a_mentor_or_sponsor_who_left(vault: VaultBuilder, roles: str, message: str) -> None:
    vault.write("People/Ruth Abernathy.md", f"---\nroles: {roles}\nstatus: left\n---\n")
    assert messages(vault, "VK107") == [("People/Ruth Abernathy.md", "info", message)]


@pytest.mark.parametrize(
    "front", ["roles: [mentor]\nstatus: active", "roles: [mentor]\nstatus: paused", "roles: [peer]\nstatus: left",
              "roles: [mentor]\nstatus: archived"]
)  # fmt: skip
def test_vk107_silent(vault: VaultBuilder, front: str) -> None:
    vault.write("People/Ruth.md", f"---\n{front}\n---\n")
    assert found(vault, "VK107") == []


# -- VK108 birthday-soon ----------------------------------------------------------------------------


def test_vk108_is_off_by_default(vault: VaultBuilder) -> None:
    vault.write("People/Wen Zhao.md", "---\nbirthday: 09-28\nroles: [friend]\n---\n")
    assert "VK108" not in [d.code for d in vault.check(TODAY)]
    assert found(vault, "VK1") == [("VK102", "People/Wen Zhao.md", 1, 1)]


def test_vk108_is_on_when_selected_by_its_exact_code(vault: VaultBuilder) -> None:
    vault.write("People/Wen Zhao.md", "---\nbirthday: 09-28\n---\n")
    assert messages(vault, "VK108") == [
        ("People/Wen Zhao.md", "info", "Wen Zhao's birthday is in 4 days (Sep 28): a reason to reach out")
    ]


@pytest.mark.parametrize(
    ("today", "birthday", "when"),
    [
        ("2026-09-28", "09-28", "today (Sep 28)"),
        ("2026-09-27", "1990-09-28", "tomorrow (Sep 28)"),
        ("2026-09-21", "09-28", "in 7 days (Sep 28)"),
        ("2026-12-30", "01-02", "in 3 days (Jan 2)"),
        ("2027-02-25", "02-29", "in 3 days (Feb 28)"),  # a common year: celebrated on 28 February
        ("2028-02-25", "2000-02-29", "in 4 days (Feb 29)"),  # a leap year
    ],
)
def test_vk108_within_the_days(vault: VaultBuilder, today: str, birthday: str, when: str) -> None:
    vault.write("People/Wen Zhao.md", f"---\nbirthday: {birthday}\n---\n")
    assert [m for _, _, m in messages(vault, "VK108", today=today)] == [
        f"Wen Zhao's birthday is {when}: a reason to reach out"
    ]


@pytest.mark.parametrize(
    ("today", "birthday"),
    [("2026-09-20", "09-28"), ("2026-09-29", "09-28"), ("2027-03-01", "02-29"), ("2026-09-24", "09-23")],
)
def test_vk108_outside_the_days(vault: VaultBuilder, today: str, birthday: str) -> None:
    vault.write("People/Wen Zhao.md", f"---\nbirthday: {birthday}\n---\n")
    assert found(vault, "VK108", today=today) == []


def test_vk108_days_option(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[rules]\nselect = ["VK", "VK108"]\n[rules.options.VK108]\ndays = 30\n')
    vault.write("People/Wen Zhao.md", "---\nbday: 10-20\nroles: [friend]\n---\n")
    assert found(vault, "VK108") == [("VK108", "People/Wen Zhao.md", 1, 1)]
    assert [d.code for d in vault.check(TODAY) if d.code.startswith("VK1")] == ["VK102", "VK108"]


def test_vk108_not_for_an_archived_person(vault: VaultBuilder) -> None:
    vault.write("People/Wen Zhao.md", "---\nbirthday: 09-28\nstatus: archived\n---\n")
    assert found(vault, "VK108") == []
