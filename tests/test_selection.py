"""Which rules run, how severe, with which options, and what a note or the config switches off."""

from __future__ import annotations

import pytest
from conftest import VaultBuilder

from vaultkit.lint import is_enabled
from vaultkit.rules import RULES

TODAY = "2026-09-24"


def codes(vault: VaultBuilder, *args: str) -> list[str]:
    """`check --format json ARGS` → the codes found, in output order."""
    run = vault.run("check", "--format", "json", *args)
    assert run.err == "", run.err
    return [d["code"] for d in run.json()]


def where(vault: VaultBuilder, *args: str) -> list[tuple[str, str, int]]:
    run = vault.run("check", "--format", "json", *args)
    assert run.err == "", run.err
    return [(d["code"], d["path"], d["line"]) for d in run.json()]


# -- is_enabled: the longest matching prefix decides; an off rule needs its exact code ----------------


@pytest.mark.parametrize(
    ("code", "select", "ignore", "enabled"),
    [
        ("VK101", ["VK"], [], True),
        ("VK101", ["VK1"], [], True),
        ("VK101", ["VK10"], [], True),
        ("VK101", ["VK101"], [], True),
        ("VK101", ["VK2"], [], False),
        ("VK101", ["VK102"], [], False),
        ("VK101", [], [], False),
        ("VK101", ["VK"], ["VK1"], False),
        ("VK101", ["VK"], ["VK10"], False),
        ("VK101", ["VK"], ["VK101"], False),
        ("VK101", ["VK"], ["VK102"], True),
        ("VK101", ["VK"], ["VK2"], True),
        ("VK101", ["VK1"], ["VK"], True),
        ("VK101", ["VK101"], ["VK1"], True),
        ("VK101", ["VK10"], ["VK1"], True),
        ("VK101", ["VK1"], ["VK10"], False),
        ("VK101", ["VK1"], ["VK1"], False),  # a tie: ignore wins
        ("VK101", ["VK101"], ["VK101"], False),
        ("VK101", ["VK2", "VK1"], ["VK"], True),
        ("VK101", ["VK", "VK101"], ["VK1"], True),
        ("VK101", ["VK"], ["VK2", "VK10"], False),
        ("VK305", ["VK3"], ["VK30"], False),
        ("VK305", ["VK3", "VK305"], ["VK30"], True),
        ("VK001", ["VK0"], ["VK00", "VK1"], False),
        ("VK001", ["VK001"], ["VK0"], True),
        # VK108 is off by default: only its exact code turns it on
        ("VK108", ["VK"], [], False),
        ("VK108", ["VK1"], [], False),
        ("VK108", ["VK10"], [], False),
        ("VK108", ["VK108"], [], True),
        ("VK108", ["VK", "VK108"], [], True),
        ("VK108", ["VK108"], ["VK1"], True),
        ("VK108", ["VK108"], ["VK10"], True),
        ("VK108", ["VK108"], ["VK108"], False),
        ("VK108", ["VK", "VK108"], ["VK"], True),
    ],
)
def test_is_enabled(code: str, select: list[str], ignore: list[str], enabled: bool) -> None:
    assert is_enabled(RULES[code], select, ignore) is enabled


# -- [rules] in the config and --select/--ignore on the command line -------------------------------


@pytest.fixture
def busy(vault: VaultBuilder) -> VaultBuilder:
    """A vault with a VK101 (Ana), a VK102 (Ben), a VK402 (a daily note) and the VK2xx/VK3xx of an empty network."""
    vault.write("People/Ana.md", "---\nrole: friend\naliases: [Ani]\n---\n## Log\n- 2026-01-05 coffee\n")
    vault.write("People/Ben.md", "---\nlevel: peer\nmet: 2026-09-01\n---\n")
    vault.write("Daily/2026-01-05.md", "- coffee with [[Ani]]\n")
    vault.write(
        "Plans/2026-Q3.md", "## Senior\n- [[Ana]]\n## Peer\n- [[Ben]]\n## Junior\n- [ ] x\n## New connection\n- [ ] x\n"
    )
    return vault


def test_the_busy_vault(busy: VaultBuilder) -> None:
    assert where(busy) == [
        ("VK402", "Daily/2026-01-05.md", 1),
        ("VK101", "People/Ana.md", 1),
        ("VK102", "People/Ben.md", 1),
        ("VK201", "Plans/2026-Q3.md", 1),
        ("VK202", "Plans/2026-Q3.md", 1),
        ("VK203", "Plans/2026-Q3.md", 1),
        ("VK204", "Plans/2026-Q3.md", 1),
        ("VK205", "Plans/2026-Q3.md", 1),
        ("VK205", "Plans/2026-Q3.md", 1),
        ("VK205", "Plans/2026-Q3.md", 1),
        ("VK305", "Plans/2026-Q3.md", 2),
        ("VK305", "Plans/2026-Q3.md", 4),
        ("VK301", "Plans/2026-Q4.md", 1),
    ]


@pytest.mark.parametrize(
    ("config", "args", "expected"),
    [
        ('select = ["VK1"]', [], ["VK101", "VK102"]),
        ('select = ["vk1", "VK402"]', [], ["VK402", "VK101", "VK102"]),
        ('select = "VK4"', [], ["VK402"]),
        ('select = ["VK1", "VK4"]\nignore = ["VK101"]', [], ["VK402", "VK102"]),
        ('ignore = ["VK2", "VK3"]', [], ["VK402", "VK101", "VK102"]),
        ('select = ["VK2"]', ["--select", "VK1"], ["VK101", "VK102"]),  # the command line wins
        # An --ignore alone applies on top of the config, as in ruff: its ignore stays, and what
        # --ignore names goes however specifically the config selects it.
        ('select = ["VK1", "VK4"]\nignore = ["VK101"]', ["--ignore", "VK102"], ["VK402"]),
        ('select = ["VK4", "VK101"]', ["--ignore", "VK1"], ["VK402"]),
        ('select = ["VK4", "VK101"]', ["--ignore", "VK"], []),
        ("", ["--select", "VK1,VK402", "--ignore", "vk102"], ["VK402", "VK101"]),
        ("", ["--select", "VK1", "--select", "VK402"], ["VK402", "VK101", "VK102"]),
        ('ignore = ["VK"]', ["--select", "VK10"], ["VK101", "VK102"]),  # the longer prefix wins
        ('ignore = ["VK10"]', ["--select", "VK1"], ["VK101", "VK102"]),  # a --select drops the config's ignore
        ('ignore = ["VK101"]', ["--select", "VK101"], ["VK101"]),  # as in ruff: what is asked for runs
        ('ignore = ["VK101"]', ["--select", "VK1", "--ignore", "VK102"], ["VK101"]),
    ],
)
def test_select_and_ignore(busy: VaultBuilder, config: str, args: list[str], expected: list[str]) -> None:
    busy.write("vaultkit.toml", f"[rules]\n{config}\n")
    assert codes(busy, *args) == expected


def test_severity_config(busy: VaultBuilder) -> None:
    busy.write("vaultkit.toml", '[rules]\nselect = ["VK1"]\nseverity = { VK101 = "error", vk102 = "warning" }\n')
    run = busy.run("check", "--format", "json")
    assert [(d["code"], d["severity"]) for d in run.json()] == [("VK101", "error"), ("VK102", "warning")]
    assert run.code == 1


def test_severity_config_overrides_a_rules_own_choice(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", '[rules.severity]\nVK001 = "info"\n')
    vault.write("People/Ana.md", raw=b"caf\xe9\n")
    vault.write("Clippings/Article.md", raw=b"caf\xe9\n")
    run = vault.run("check", "--select", "VK001", "--format", "json")
    assert [(d["path"], d["severity"]) for d in run.json()] == [
        ("Clippings/Article.md", "info"),
        ("People/Ana.md", "info"),
    ]
    assert run.code == 0


def test_options_config(busy: VaultBuilder) -> None:
    busy.write("vaultkit.toml", "[rules.options.VK101]\nescalate-after = 2\n[rules.options.VK204]\nmin_new = 1\n")
    run = busy.run("check", "--select", "VK101,VK204", "--format", "json")
    assert [(d["code"], d["severity"]) for d in run.json()] == [("VK101", "error")]


@pytest.mark.parametrize(
    ("globs", "expected"),
    [
        ('"Daily/**" = ["VK4"]', ["VK101", "VK102"]),
        ('"People/Ana.md" = ["VK101"]', ["VK402", "VK102"]),
        ('"People/" = ["VK1"]', ["VK402"]),
        ('"*.md" = ["VK10"]', ["VK402"]),
        ('"people/*" = "VK102"', ["VK402", "VK101"]),
        ('"Projects/**" = ["VK"]', ["VK402", "VK101", "VK102"]),
    ],
)
def test_per_file_ignores(busy: VaultBuilder, globs: str, expected: list[str]) -> None:
    busy.write("vaultkit.toml", f'[rules]\nselect = ["VK1", "VK4"]\n[rules.per-file-ignores]\n{globs}\n')
    assert codes(busy) == expected


def test_per_file_ignores_on_the_plan_note(busy: VaultBuilder) -> None:
    busy.write("vaultkit.toml", '[rules.per-file-ignores]\n"Plans/**" = ["VK2", "VK305"]\n')
    assert codes(busy) == ["VK402", "VK101", "VK102", "VK301"]


@pytest.mark.parametrize(
    ("config", "args", "status"),
    [
        ("", [], 0),  # warnings and infos only
        ('fail-on = "warning"', [], 1),
        ('fail-on = "info"', ["--select", "VK102"], 1),
        ('fail-on = "warning"', ["--select", "VK102"], 0),
        ("", ["--strict"], 1),
        ("", ["--strict", "--select", "VK102"], 0),
        ('fail-on = "info"', ["--strict", "--select", "VK102"], 1),  # --strict never lowers the bar
        ('fail-on = "info"', ["--exit-zero"], 0),
        ('severity = { VK102 = "error" }', ["--select", "VK102"], 1),
    ],
)
def test_fail_on(busy: VaultBuilder, config: str, args: list[str], status: int) -> None:
    busy.write("vaultkit.toml", f"[rules]\n{config}\n")
    assert busy.run("check", *args).code == status


# -- mistakes in [rules]: one line naming the file, the line and the key, exit 2 -------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[rules]\nselect = ["VK9"]\n',
         "vaultkit.toml:2: [rules.select] unknown rule code 'VK9' (see vaultkit rules)"),
        ('[rules]\nignore = ["VK1", "XX"]\n',
         "vaultkit.toml:2: [rules.ignore] unknown rule code 'XX' (see vaultkit rules)"),
        ('[rules]\nfail-on = "fatal"\n',
         "vaultkit.toml:2: [rules.fail-on] must be one of error, warning, info, not 'fatal'"),
        ('[rules]\n\nselekt = ["VK"]\n',
         "vaultkit.toml:3: [rules.selekt] unknown key "
         "(known: select, ignore, fail-on, severity, options, per-file-ignores)"),
        ('[rules.severity]\nVK101 = "fatal"\n',
         "vaultkit.toml:2: [rules.severity.VK101] must be one of error, warning, info, not 'fatal'"),
        ('[rules.severity]\nVK999 = "info"\n',
         "vaultkit.toml:2: [rules.severity] unknown rule 'VK999'"),
        ("[rules.options.VK101]\nescalate = 2\n",
         "vaultkit.toml:2: [rules.options.VK101] unknown option 'escalate' (options: escalate-after)"),
        ("[rules.options.VK201]\nx = 2\n",
         "vaultkit.toml:2: [rules.options.VK201] unknown option 'x' (options: none)"),
        ('[rules.options.VK101]\nescalate-after = "2"\n',
         "vaultkit.toml:2: [rules.options.VK101] escalate-after must be a number ≥ 0, not '2'"),
        ("[rules.options.VK101]\nescalate-after = -1\n",
         "vaultkit.toml:2: [rules.options.VK101] escalate-after must be a number ≥ 0, not -1"),
        ("[rules.options.VK103]\n# the window\nwindow = 2.5\n",
         "vaultkit.toml:3: [rules.options.VK103] window must be a number ≥ 1, not 2.5"),
        ("[rules.options.VK108]\ndays = true\n",
         "vaultkit.toml:2: [rules.options.VK108] days must be a number of days from 0 to 36525, not true"),
        ("[rules.options.VK103]\nwindow = 0\n",
         "vaultkit.toml:2: [rules.options.VK103] window must be a number ≥ 1, not 0 (to turn VK103 off, ignore it)"),
        ("[rules.options.VK204]\nmin-new = 0\n",
         "vaultkit.toml:2: [rules.options.VK204] min-new must be a number ≥ 1, not 0 (to turn VK204 off, ignore it)"),
        ("[rules]\nseverity = 3\n",
         "vaultkit.toml:2: [rules.severity] must be a table of CODE = severity"),
        ("[rules.options]\nVK101 = 2\n",
         "vaultkit.toml:1: [rules.options] must be a table of CODE = { option = value }"),
        ("# options\n\n[rules.options.VK999]\nx = 1\n",
         "vaultkit.toml:3: [rules.options] unknown rule 'VK999'"),
        ('[rules.per-file-ignores]\n"Daily/**" = ["VK7"]\n',
         "vaultkit.toml:2: [rules.per-file-ignores] unknown rule code 'VK7' (see vaultkit rules)"),
        ('[rules.per-file-ignores]\n"Daily/**" = 4\n',
         "vaultkit.toml:2: [rules.per-file-ignores.Daily/**] must be a list of codes"),
        ("[rules\nselect = 1\n",
         "vaultkit.toml: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 7)"),
        *(
            (f'[vault]\ndaily-format = "{fmt}"\n',
             f"vaultkit.toml:2: [vault.daily-format] '{fmt}' does not give a full date in the file name (after any /): "
             "a moment.js format such as YYYY-MM-DD")
            for fmt in ("QQQ", "[Day] DD", "YYYY/MM/DD")
        ),
        ('[tags]\ngave = ""\n', "vaultkit.toml:2: [tags.gave] '' is not a tag (a word, such as gave)"),
        ('[tags]\nasked = "asked for"\n',
         "vaultkit.toml:2: [tags.asked] 'asked for' is not a tag (a word, such as asked)"),
        ("[rulez]\n",
         "vaultkit.toml:1: [rulez] unknown section "
         "(known: vault, me, cadence, quarters, headings, tags, fields, roles, rules)"),
    ],
)  # fmt: skip
def test_config_mistakes(vault: VaultBuilder, toml: str, message: str) -> None:
    vault.write("vaultkit.toml", toml)
    run = vault.run("check")
    assert (run.code, run.out) == (2, "")
    assert run.err == f"vaultkit: error: {vault.root / message}\n"


def test_a_config_that_is_not_utf8(vault: VaultBuilder) -> None:
    vault.write("vaultkit.toml", raw=b'[me]\ncompany = "Caf\xe9 Ltd"\n')
    run = vault.run("check")
    assert (run.code, run.out) == (2, "")
    assert run.err == f"vaultkit: error: {vault.root / 'vaultkit.toml'}: not valid TOML: not UTF-8 (byte 0xE9)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "VK9"], "--select: unknown rule code 'VK9' (see vaultkit rules)"),
        (["--ignore", "VK1,E501"], "--ignore: unknown rule code 'E501' (see vaultkit rules)"),
    ],
)
def test_command_line_mistakes(vault: VaultBuilder, args: list[str], message: str) -> None:
    run = vault.run("check", *args)
    assert (run.code, run.out, run.err) == (2, "", f"vaultkit: error: {message}\n")


def test_the_options_are_checked_in_pyproject_too(vault: VaultBuilder) -> None:
    vault.write("pyproject.toml", '[project]\nname = "notes"\n\n[tool.vaultkit.rules.options.VK101]\nescalate = 2\n')
    run = vault.run("check")
    assert run.code == 2
    assert run.err == (
        f"vaultkit: error: {vault.root / 'pyproject.toml'}:5: [tool.vaultkit.rules.options.VK101] "
        "unknown option 'escalate' (options: escalate-after)\n"
    )
    vault.write("pyproject.toml", '[tool.vaultkit.vault]\npeoplez = "People"\n')
    assert vault.run("check").err.startswith(
        f"vaultkit: error: {vault.root / 'pyproject.toml'}:2: [tool.vaultkit.vault.peoplez] unknown key"
    )


# -- suppression in a note ----------------------------------------------------------------------------

HANA = "---\naliases: [Hana]\nlevel: peer\n---\n## Log\n- 2026-09-01 coffee\n"


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- vaultkit-disable VK402 -->",
        "%% vaultkit-disable VK402 %%",
        "<!-- vaultkit-disable -->",  # no codes: everything
        "%% vaultkit-disable %%",
        "<!-- vaultkit-disable VK4 -->",  # a prefix
        "<!-- vaultkit-disable vk402, VK101 -->",
        "Some text. <!-- vaultkit-disable VK402 --> More text.",
        "<!--\nvaultkit-disable VK402\n-->",  # inside a comment of several lines
    ],
)
def test_a_directive_switches_codes_off_for_the_whole_note(vault: VaultBuilder, directive: str) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2026-09-01.md", f"- coffee with [[Hana]]\n\n{directive}\n\n- and again [[Hana]]\n")
    assert where(vault, "--select", "VK4") == []


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- vaultkit-disable VK401 -->",
        "<!-- vaultkit-disable VK1 -->",
        "<!-- vaultkit-disable VK40 VK4021 -->",  # VK40 is a prefix of VK402; VK4021 matches nothing
        "```\n<!-- vaultkit-disable VK402 -->\n```",  # in code: an example, not a directive
        "`%% vaultkit-disable VK402 %%`",  # in inline code: an example, not a directive
        "<!-- vaultkit-enable VK402 -->",
    ],
)
def test_a_directive_for_other_codes_leaves_the_rest(vault: VaultBuilder, directive: str) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2026-09-01.md", f"- coffee with [[Hana]]\n\n{directive}\n")
    expected = [] if directive.startswith("<!-- vaultkit-disable VK40 ") else [("VK402", "Daily/2026-09-01.md", 1)]
    assert where(vault, "--select", "VK4") == expected


@pytest.mark.parametrize(
    "directive",
    [
        "<!-- vaultkit-disable-next-line VK402 -->",
        "%% vaultkit-disable-next-line %%",
        "<!-- vaultkit-disable-next-line VK4 -->",
    ],
)
def test_a_next_line_directive_covers_only_the_next_line(vault: VaultBuilder, directive: str) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2026-09-01.md", f"{directive}\n- coffee with [[Hana]]\n- and again [[Hana]]\n")
    assert where(vault, "--select", "VK4") == [("VK402", "Daily/2026-09-01.md", 3)]


def test_a_next_line_directive_for_another_code(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2026-09-01.md", "<!-- vaultkit-disable-next-line VK403 -->\n- coffee with [[Hana]]\n")
    assert where(vault, "--select", "VK4") == [("VK402", "Daily/2026-09-01.md", 2)]


def test_a_directive_at_the_end_of_the_line_it_covers_does_not_cover_it(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA)
    vault.write("Daily/2026-09-01.md", "- coffee with [[Hana]] <!-- vaultkit-disable-next-line -->\n- [[Hana]]\n")
    assert where(vault, "--select", "VK4") == [("VK402", "Daily/2026-09-01.md", 1)]


@pytest.mark.parametrize(
    "key",
    ["vaultkit-ignore: [VK101]", "vaultkit-ignore: VK101", "vaultkit_ignore: [vk1]", "Vaultkit Ignore: VK102, VK101",
     "vaultkit-ignore:\n  - VK10"],
)  # fmt: skip
def test_the_frontmatter_key_switches_codes_off_for_the_note(vault: VaultBuilder, key: str) -> None:
    vault.write("People/Megan.md", f"---\nrole: friend\n{key}\nlast_contact: 2026-01-02\n---\n")
    assert where(vault, "--select", "VK1") == []
    assert vault.run("check", "--select", "VK1", today="2026-01-03").out == "All good: no problems found.\n"


def test_the_frontmatter_key_for_another_code(vault: VaultBuilder) -> None:
    vault.write("People/Owen.md", "---\nlevel: peer\nvaultkit-ignore: [VK102]\n---\n")
    vault.write("People/Megan.md", "---\nrole: friend\nvaultkit-ignore: [VK102]\nlast_contact: 2026-01-02\n---\n")
    assert where(vault, "--select", "VK1") == [("VK101", "People/Megan.md", 1)]


def test_a_person_note_directive_silences_vk101(vault: VaultBuilder) -> None:
    vault.write(
        "People/Megan.md", "---\nrole: friend\nlast_contact: 2026-01-02\n---\n<!-- vaultkit-disable VK101 -->\n"
    )
    vault.write("People/Paul.md", "---\nrole: friend\nlast_contact: 2026-01-02\n---\n")
    assert where(vault, "--select", "VK1") == [("VK101", "People/Paul.md", 1)]


def test_a_directive_in_one_note_does_not_reach_another(vault: VaultBuilder) -> None:
    vault.write("People/Hana Ito.md", HANA + "<!-- vaultkit-disable -->\n")
    vault.write("Daily/2026-09-01.md", "- coffee with [[Hana]]\n")
    assert where(vault, "--select", "VK4") == [("VK402", "Daily/2026-09-01.md", 1)]


def test_the_plan_notes_directives_suppress_network_diagnostics(vault: VaultBuilder) -> None:
    vault.write(
        "Plans/2026-Q3.md", "%% vaultkit-disable VK201 VK204 VK3 %%\n## Senior\n## Peer\n## Junior\n## New connection\n"
    )
    vault.write("People/Ana.md", "---\nrole: sponsor\nlevel: senior\n---\n## Log\n- 2026-09-01 coffee\n")
    vault.write("People/Ben.md", "---\nlevel: peer\n---\n## Log\n- 2026-09-01 coffee\n")
    vault.write("People/Cleo.md", "---\nlevel: junior\n---\n## Log\n- 2026-09-01 coffee\n")
    assert where(vault, "--select", "VK2,VK3") == [
        ("VK203", "Plans/2026-Q3.md", 1),
        ("VK301", "Plans/2026-Q4.md", 1),  # not on the plan note: not covered by its directives
    ]


def test_a_next_line_directive_cannot_reach_line_1(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "<!-- vaultkit-disable-next-line VK2 -->\n# Plan\n")
    assert where(vault, "--select", "VK201") == [("VK201", "Plans/2026-Q3.md", 1)]


def test_the_plan_notes_frontmatter_key(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q3.md", "---\nvaultkit-ignore: [VK2]\n---\n## Senior\n")
    assert where(vault, "--select", "VK2") == []


def test_no_plan_note_no_directives(vault: VaultBuilder) -> None:
    vault.write("Plans/2026-Q2.md", "%% vaultkit-disable %%\n")  # last quarter's plan says nothing about this one
    assert where(vault, "--select", "VK201") == [("VK201", "Plans/2026-Q3.md", 1)]
