"""The pre-commit hooks, run by the real pre-commit tool on real git repositories (03-interfaces.md).

Each test makes a repository in its tmp folder, commits with plain git, and lets pre-commit run the
hooks as a user's commit would: the shipped `.pre-commit-hooks.yaml` (through `try-repo`, and
through a `.pre-commit-config.yaml` naming a copy of this working tree) and the README's
`repo: local` snippet. pre-commit builds the hooks' environment once per session, from PyPI, in a
PRE_COMMIT_HOME under pytest's tmp folder; `try-repo` builds its own each time, so it is used
twice only. Without git or pre-commit the tests skip and say why.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO

TODAY = "2026-12-06"
NEGLECTED_MENTOR = "---\nrole: mentor\naliases: [Ana]\n---\n## Log\n- 2026-09-01 coffee\n"  # 96 days before TODAY
PROBLEM = re.compile(r"^\S.*\.md:\d+:\d+: VK\d{3}/", re.MULTILINE)
STATUS = re.compile(r"^(?P<name>.+?)\.{3,}(?:\(no files to check\))?(?P<status>Passed|Failed|Skipped)$", re.MULTILINE)


@dataclass
class Tools:
    """What the tests run: git, pre-commit, and the environment they run with."""

    env: dict[str, str]

    def run(self, args: list[str], cwd: Path) -> Result:
        done = subprocess.run(
            args, cwd=cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, check=False, timeout=300,
        )  # fmt: skip
        return Result(done.returncode, done.stdout)

    def git(self, cwd: Path, *args: str) -> str:
        result = self.run(["git", *args], cwd)
        assert result.code == 0, f"git {' '.join(args)}: {result.output}"
        return result.output

    def pre_commit(self, cwd: Path, *args: str) -> Result:
        return self.run([sys.executable, "-m", "pre_commit", *args], cwd)


@dataclass
class Result:
    code: int
    output: str

    def hook(self, name: str) -> str:
        """What pre-commit printed for the hook called `name`: its status line and its output."""
        starts = list(STATUS.finditer(self.output))
        for at, match in enumerate(starts):
            if match["name"] == name:
                end = starts[at + 1].start() if at + 1 < len(starts) else len(self.output)
                return self.output[match.start() : end]
        raise AssertionError(f"pre-commit did not run the hook {name!r}:\n{self.output}")

    def status(self, name: str) -> str:
        found = STATUS.match(self.hook(name))
        assert found is not None
        return found["status"]

    def problems(self, name: str | None = None) -> list[str]:
        """The diagnostic lines printed (by one hook, or by all of them)."""
        text = self.output if name is None else self.hook(name)
        return [line for line in text.splitlines() if PROBLEM.match(line)]


@pytest.fixture(scope="session")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Tools:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the pre-commit hooks are not tested (apt-get install git)")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed: the hooks are not tested (pip install -e '.[test]')")
    here = tmp_path_factory.mktemp("pre-commit")
    (here / "gitconfig").write_text("", encoding="utf-8")
    # Nothing of the user's git or pre-commit settings, nor of a git hook pytest may run inside.
    env = {name: value for name, value in os.environ.items() if not name.startswith(("GIT_", "PRE_COMMIT"))}
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "NO_COLOR"):
        env.pop(name, None)
    env.update(
        PRE_COMMIT_HOME=str(here / "home"),  # the hooks' environment, built once per session
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_GLOBAL=str(here / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        VAULTKIT_TODAY=TODAY,  # what a hook takes as today: it gets no --today
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),  # `vaultkit`, for repo: local
    )
    return Tools(env)


@pytest.fixture(scope="session")
def hooks_repo(tools: Tools, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree as a repository pre-commit can clone, and its commit: its files as they
    are now, edits not yet committed included (as `try-repo` takes them)."""
    listed = tools.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO)
    if listed.code != 0:
        pytest.skip(f"{REPO} is not a git working tree: the shipped hooks cannot be cloned from it")
    target = tmp_path_factory.mktemp("vaultkit-hooks")
    for name in filter(None, listed.output.split("\0")):
        source = REPO / name
        if source.is_file():  # not a file deleted meanwhile
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _init(tools, target)
    tools.git(target, "add", "-A")
    tools.git(target, "commit", "-q", "--no-verify", "-m", "vaultkit as it is now")
    return target, tools.git(target, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def shipped(tools: Tools, hooks_repo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A `.pre-commit-config.yaml` that uses the shipped hooks, `{notes}` and `{vault}` standing
    for the lines after each hook's id; the hooks' environment is built here, once."""
    path, rev = hooks_repo
    config = f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n      - id: vaultkit-notes\n{{notes}}"
    config += "      - id: vaultkit-vault\n{vault}"
    scratch = tmp_path_factory.mktemp("install-hooks")
    _init(tools, scratch)
    (scratch / ".pre-commit-config.yaml").write_text(config.format(notes="", vault=""), encoding="utf-8")
    started = time.perf_counter()
    built = tools.pre_commit(scratch, "install-hooks")
    assert built.code == 0, f"pre-commit could not build the hooks' environment:\n{built.output}"
    print(f"pre-commit built the hooks' environment in {time.perf_counter() - started:.1f}s")
    return config


def _init(tools: Tools, path: Path) -> None:
    tools.git(path, "init", "-q")
    tools.git(path, "config", "user.name", "Test Owner")
    tools.git(path, "config", "user.email", "owner@example.com")
    tools.git(path, "config", "commit.gpgsign", "false")


class Repo:
    """A git repository holding a vault (or a vault in a folder), with pre-commit installed."""

    def __init__(self, root: Path, tools: Tools) -> None:
        self.root, self.tools = root, tools
        _init(tools, root)
        self.write(".gitignore", ".vaultkit/\n")

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def git(self, *args: str) -> str:
        return self.tools.git(self.root, *args)

    def use(self, config: str) -> None:
        """This `.pre-commit-config.yaml`, committed with everything written so far, hooks not run."""
        self.write(".pre-commit-config.yaml", config)
        installed = self.tools.pre_commit(self.root, "install")
        assert installed.code == 0, installed.output
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", "the vault so far")

    def commit(self, message: str) -> Result:
        """`git commit` of what is staged: pre-commit's hook runs, and may refuse it."""
        return self.tools.run(["git", "commit", "-m", message], self.root)

    def committed(self) -> int:
        return int(self.git("rev-list", "--count", "HEAD"))


@pytest.fixture
def repo(tools: Tools, tmp_path: Path) -> Iterator[Repo]:
    root = tmp_path / "repo"
    root.mkdir()
    yield Repo(root, tools)


def _code(problem: str) -> str:
    found = re.search(r":\d+:\d+: (VK\d{3})/", problem)
    assert found is not None, problem
    return found[1]


def readme_snippet() -> str:
    """The README's `.pre-commit-config.yaml`: the hooks as a local repo, with vaultkit installed."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("```yaml\n# .pre-commit-config.yaml\n") + len("```yaml\n")
    return text[start : text.index("```", start)]


# -- the tests -----------------------------------------------------------------------------------


def test_try_repo_notes_hook_fails_on_a_broken_staged_note_and_passes_once_it_is_mended(
    tools: Tools, repo: Repo
) -> None:
    """`pre-commit try-repo` on this working tree, as the spec says: the staged notes' hook."""
    repo.write("People/Ana Núñez.md", NEGLECTED_MENTOR)
    repo.write("People/Bo Li.md", "---\nname: Bo Li\nlevel: peer\n\nMet at the meetup.\n")  # never closed
    repo.git("add", "-A")
    broken = tools.pre_commit(repo.root, "try-repo", str(REPO), "vaultkit-notes")
    assert broken.code == 1, broken.output
    assert broken.status("vaultkit (staged notes)") == "Failed"
    assert broken.problems() == [
        "People/Bo Li.md:1:1: VK002/invalid-frontmatter [error] frontmatter opened on line 1 is never closed with ---"
    ]
    assert "VK101" not in broken.output  # Ana's neglect is the whole-vault hook's to say
    repo.write("People/Bo Li.md", "---\nname: Bo Li\nlevel: peer\n---\nMet at the meetup.\n")
    repo.git("add", "-A")
    mended = tools.pre_commit(repo.root, "try-repo", str(REPO), "vaultkit-notes")
    assert mended.code == 0, mended.output
    assert mended.status("vaultkit (staged notes)") == "Passed"


def test_vault_hook_reports_a_neglected_mentor_as_of_vaultkit_today(tools: Tools, shipped: str, repo: Repo) -> None:
    """With `args: [--strict]` (README), a warning stops the commit; this owner lints people only."""
    repo.write("vaultkit.toml", '[rules]\nselect = ["VK1"]\n')
    repo.write("People/Ana Núñez.md", NEGLECTED_MENTOR)
    repo.use(shipped.format(notes="", vault="        args: [--strict]\n"))
    repo.write("Daily/2026-12-05.md", "- read a book\n")
    repo.git("add", "-A")
    refused = repo.commit("a day")
    assert refused.code == 1, refused.output
    assert refused.status("vaultkit (staged notes)") == "Passed"
    assert refused.status("vaultkit (whole vault)") == "Failed"
    assert refused.problems() == [
        "People/Ana Núñez.md:1:1: VK101/neglected-contact [warning] no contact for 96 days "
        "(cadence 6w; last: 2026-09-01 in the log, line 6)"
    ]
    assert repo.committed() == 1
    # Contact made: the same hooks let the commit through.
    repo.write("Daily/2026-12-05.md", "- lunch with [[Ana Núñez]]\n")
    repo.git("add", "-A")
    passed = repo.commit("lunch with Ana")
    assert passed.code == 0, passed.output
    assert passed.status("vaultkit (whole vault)") == "Passed"
    assert repo.committed() == 2


def test_a_commit_that_only_deletes_a_note_still_runs_the_vault_hook(tools: Tools, shipped: str, repo: Repo) -> None:
    """Deleting a person the plan names leaves a link to nobody (VK303): no note is staged, so only
    the whole-vault hook (always_run) can see it."""
    repo.write("vaultkit.toml", '[rules.severity]\nVK303 = "error"  # a plan must name real people\n')
    repo.write("People/Ana Núñez.md", NEGLECTED_MENTOR.replace("2026-09-01", "2026-11-30"))
    repo.write("People/Bo Li.md", "---\nlevel: peer\n---\n")
    repo.write(
        "Plans/2026-Q4.md",
        "# 2026-Q4\n\n## Senior\n- [ ] coffee with [[Ana Núñez]]\n\n## Peers\n- [ ] lunch with [[Bo Li]]\n",
    )
    repo.use(shipped.format(notes="", vault=""))
    repo.git("rm", "-q", "People/Bo Li.md")
    refused = repo.commit("Bo moved away")
    assert refused.code == 1, refused.output
    assert refused.status("vaultkit (staged notes)") == "Skipped"  # nothing staged to read
    assert refused.status("vaultkit (whole vault)") == "Failed"
    assert [p for p in refused.problems() if "[error]" in p] == [
        "Plans/2026-Q4.md:7:18: VK303/plan-unknown-person [error] [[Bo Li]] is not a person or a note: "
        "create their note, or fix the name"
    ]
    assert repo.committed() == 1 and "People/Bo Li.md" in repo.git("ls-tree", "-r", "--name-only", "HEAD")


@pytest.mark.parametrize("hooks", ["shipped", "readme"])
def test_a_vault_in_a_folder_of_the_repository(tools: Tools, shipped: str, repo: Repo, hooks: str) -> None:
    """The README's set-up for `notes/`: the staged notes' hook finds their vault from their paths,
    the whole-vault hook is given `--vault notes`; both read the notes' own vaultkit.toml."""
    repo.write("README.md", "# My repository\n\nNotes live in notes/.\n")
    repo.write("notes/vaultkit.toml", '[rules.severity]\nVK101 = "error"  # mentors come first\n')
    repo.write("notes/People/Ana Núñez.md", NEGLECTED_MENTOR)
    if hooks == "shipped":
        config = shipped.format(notes="", vault="        args: [--vault, notes]\n")
    else:
        config = readme_snippet()
        assert "# args: [--vault, notes]" in config, "the README's snippet shows the args for a vault in a folder"
        config = config.replace("# args: [--vault, notes]", "args: [--vault, notes]")
    repo.use(config)
    repo.write("notes/People/Bo Li.md", "---\nlevel: peer\nlevel: junior\n---\n")  # a key twice: VK003
    repo.write("README.md", "# My repository\n\nNotes live in [[notes]].\n")  # Markdown, in no vault
    repo.git("add", "-A")
    refused = repo.commit("Bo")
    assert refused.code == 1, refused.output
    assert refused.problems("vaultkit (staged notes)") == [  # README.md is in no vault: not a note
        "People/Bo Li.md:3:1: VK003/duplicate-key [error] duplicate key 'level' (also on line 2); the first one is used"
    ]
    assert (  # an error, as the notes' own vaultkit.toml says
        "People/Ana Núñez.md:1:1: VK101/neglected-contact [error] no contact for 96 days "
        "(cadence 6w; last: 2026-09-01 in the log, line 6)"
    ) in refused.problems("vaultkit (whole vault)")
    assert not (repo.root / ".vaultkit").exists()  # the repository was never taken for the vault


def test_a_failing_commit_never_prints_a_problem_twice(tools: Tools, shipped: str, repo: Repo) -> None:
    """A staged person note with problems of both halves: each hook prints its own, once."""
    repo.write("vaultkit.toml", '[rules]\nfail-on = "warning"\n')
    repo.use(shipped.format(notes="", vault=""))
    repo.write(
        "People/Ana Núñez.md",
        "---\nrole: mentor\naliases: [Ana]\nCompany: Contoso\ncompany: Fabrikam\nlast_contcat: 2026-11-01\n---\n"
        "## Log\n- 2026-09-01 coffee\n",
    )
    repo.write("Daily/2026-09-01.md", "- coffee with [[Ana]]\n")
    repo.git("add", "-A")
    refused = repo.commit("Ana")
    assert refused.code == 1, refused.output
    printed = refused.problems()
    assert [line for line, times in Counter(printed).items() if times > 1] == []
    notes = {_code(line) for line in refused.problems("vaultkit (staged notes)")}
    vault = {_code(line) for line in refused.problems("vaultkit (whole vault)")}
    assert notes == {"VK003", "VK005"}
    assert {"VK101", "VK402", "VK202"} <= vault
    assert not any(code.startswith("VK0") for code in vault)
    # Every note of the vault is staged: together, the hooks said what one `vaultkit check` says.
    whole = tools.run([sys.executable, "-m", "vaultkit", "check"], repo.root)
    assert sorted(printed) == sorted(line for line in whole.output.splitlines() if PROBLEM.match(line))
