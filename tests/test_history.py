"""The vault's git history (vaultkit.history), read from real repositories with real commits.

Each test makes a repository in its tmp folder, commits person notes with dates set by
GIT_COMMITTER_DATE, and reads the history as vaultkit does. Without git the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vaultkit import history
from vaultkit.engine.workspace import Workspace
from vaultkit.history import History, Snapshot, read_history

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed: the history is not tested (apt-get install git)"
)


class Repo:
    """A git repository in a folder, and the vault in it (the repository itself, or a folder of it)."""

    def __init__(self, top: Path, vault: str = "") -> None:
        self.top = top
        self.root = top / vault if vault else top
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, day: str = "2026-01-01") -> str:
        stamp = f"{day} 12:00:00"  # local time: the date read back is this day, wherever the test runs
        env = {**os.environ, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_DATE": stamp}
        done = subprocess.run(
            ["git", "-c", "user.name=Test Owner", "-c", "user.email=owner@example.com", *args],
            cwd=self.top, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def commit(self, day: str, message: str = "notes") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, day=day)
        return self.git("rev-parse", "HEAD")

    def read(self, index: bool = False) -> History:
        workspace = Workspace(self.root)
        try:
            return read_history(workspace.root, workspace.config, workspace.layout, workspace.index if index else None)
        finally:
            workspace.close()


@pytest.fixture(autouse=True)
def own_git_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing of the user's git settings (a signing key, another default branch, hooks)."""
    empty = tmp_path_factory.mktemp("gitconfig") / "gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "vault")


def person(company: str = "Acme", **more: str) -> str:
    lines = [f"company: {company}"] if company else []
    lines += [f"{key.replace('_', ' ')}: {value}" for key, value in more.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n## Log\n- 2026-01-02 coffee\n"


def companies(found: History, path: str) -> list[tuple[str, str]]:
    """(date, company) of each version of a note; "-" for a version that is no person note."""
    return [(day.isoformat(), "-" if fields is None else fields.company) for day, _, fields in found.versions[path]]


def test_a_company_changed_is_two_versions_with_their_commits_and_dates(repo: Repo) -> None:
    repo.write("People/Sarah Okafor.md", person("Acme", relationship="mentor", position="Staff Engineer"))
    first = repo.commit("2026-03-01")
    repo.write("People/Sarah Okafor.md", person("Google", relationship="mentor", position="Staff Engineer"))
    second = repo.commit("2026-10-05")
    found = repo.read()
    assert found.head == second and found.note is None
    assert found.git_dir == str((repo.top / ".git").resolve())
    assert found.versions == {
        "People/Sarah Okafor.md": (
            (date(2026, 3, 1), first, Snapshot("Acme", "Staff Engineer", "senior", ("mentor",), "active", ("acme",))),
            (
                date(2026, 10, 5),
                second,
                Snapshot("Google", "Staff Engineer", "senior", ("mentor",), "active", ("google",)),
            ),
        )
    }


def test_fields_are_read_under_their_aliases_as_the_model_reads_them(repo: Repo) -> None:
    repo.write("People/Ana.md", "---\norganization: '[[Orgs/Acme Inc|Acme]]'\nrole: Director, Platform\n---\n")
    repo.commit("2026-03-01")
    repo.write("People/Ana.md", "---\norg: Globex\nrole: mentor\nseniority: Peer\nstatus: left\n---\n")
    repo.commit("2026-04-01")
    repo.write("People/Ana.md", "---\nstatus: left\n---\n\nSome text.\n\ncompany:: Initech\n")  # a Dataview field
    repo.commit("2026-05-01")
    versions = [fields for _, _, fields in repo.read().versions["People/Ana.md"]]
    assert versions == [
        Snapshot("Acme", "Director, Platform", "", (), "active", ("acme", "acme inc")),
        Snapshot("Globex", "", "peer", ("mentor",), "left", ("globex",)),
        Snapshot("Initech", "", "", (), "left", ("initech",)),
    ]


def test_a_commit_that_changes_no_field_is_no_version(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    (repo.root / "People/Ana.md").write_text(person("Acme") + "- 2026-03-02 lunch\n", encoding="utf-8")
    repo.commit("2026-03-02", "a log entry")
    repo.write("Daily/2026-03-03.md", "met [[Ana]]\n")
    repo.commit("2026-03-03", "a daily note")
    assert companies(repo.read(), "People/Ana.md") == [("2026-03-01", "Acme")]


def test_a_note_renamed_then_changed_keeps_its_history_under_its_new_path(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer"))
    repo.commit("2026-03-01")
    (repo.root / "People/Work").mkdir()
    repo.git("mv", "People/Ana.md", "People/Work/Ana Núñez.md")
    repo.commit("2026-04-01", "renamed")
    repo.write("People/Work/Ana Núñez.md", person("Google", title="Engineer"))
    repo.commit("2026-05-01", "moved to Google")
    found = repo.read()
    assert list(found.versions) == ["People/Work/Ana Núñez.md"]
    assert companies(found, "People/Work/Ana Núñez.md") == [("2026-03-01", "Acme"), ("2026-05-01", "Google")]


def test_a_rename_and_a_change_in_one_commit_is_followed_too(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer", level="senior"))
    repo.commit("2026-03-01")
    (repo.root / "People/Ana.md").unlink()
    repo.write("People/Ana N.md", person("Google", title="Engineer", level="senior"))
    repo.commit("2026-05-01")
    assert companies(repo.read(), "People/Ana N.md") == [("2026-03-01", "Acme"), ("2026-05-01", "Google")]


def test_a_change_made_and_reverted_is_two_versions(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    repo.write("People/Ana.md", person("Google"))
    repo.commit("2026-03-02")
    repo.git("revert", "--no-edit", "HEAD", day="2026-03-03")
    assert companies(repo.read(), "People/Ana.md") == [
        ("2026-03-01", "Acme"),
        ("2026-03-02", "Google"),
        ("2026-03-03", "Acme"),
    ]


def test_an_uncommitted_change_staged_or_not_does_not_count(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme"))
    head = repo.commit("2026-03-01")
    repo.write("People/Ana.md", person("Google"))
    repo.write("People/Ben.md", person("Initech"))
    repo.git("add", "People/Ben.md")  # staged, not committed
    found = repo.read()
    assert found.head == head
    assert found.versions == {"People/Ana.md": found.versions["People/Ana.md"]}
    assert companies(found, "People/Ana.md") == [("2026-03-01", "Acme")]


def test_a_merge_counts_each_branch_commit_once_on_its_own_date(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer"))
    repo.commit("2026-03-01")
    repo.git("checkout", "-q", "-b", "moves")
    repo.write("People/Ana.md", person("Google", title="Engineer"))
    moved = repo.commit("2026-03-10", "Ana moved")
    repo.git("checkout", "-q", "main")
    repo.write("People/Ben.md", person("Initech"))
    repo.commit("2026-03-12", "Ben")
    repo.git("merge", "-q", "--no-edit", "moves", day="2026-03-20")
    found = repo.read()
    assert [(day.isoformat(), sha, f.company) for day, sha, f in found.versions["People/Ana.md"] if f] == [
        ("2026-03-01", found.versions["People/Ana.md"][0][1], "Acme"),
        ("2026-03-10", moved, "Google"),
    ]
    assert companies(found, "People/Ben.md") == [("2026-03-12", "Initech")]


def test_a_merge_of_two_branches_that_changed_two_fields_keeps_both_and_adds_only_its_own(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer"))
    repo.commit("2026-03-01")
    repo.git("checkout", "-q", "-b", "moves")
    repo.write("People/Ana.md", person("Google", title="Engineer"))
    repo.commit("2026-03-10", "Ana moved")
    repo.git("checkout", "-q", "main")
    repo.write("People/Ana.md", person("Acme", title="Manager"))
    repo.commit("2026-03-12", "Ana promoted")
    # Both changed the note: the merge resolves it by hand, keeping both changes.
    done = subprocess.run(["git", "merge", "-q", "moves"], cwd=repo.top, capture_output=True, check=False)
    assert done.returncode != 0  # a conflict
    repo.write("People/Ana.md", person("Google", title="Manager"))
    repo.commit("2026-03-20", "merged")
    found = repo.read()
    pairs = [(day.isoformat(), f.company, f.title) for day, _, f in found.versions["People/Ana.md"] if f]
    assert pairs[0] == ("2026-03-01", "Acme", "Engineer")
    assert pairs[-1][1:] == ("Google", "Manager")  # what the note is at the head
    assert ("2026-03-20", "Google", "Manager") not in pairs[:-1]
    assert sum(1 for i in range(1, len(pairs)) if pairs[i][1] != pairs[i - 1][1]) == 1  # one change of company
    assert sum(1 for i in range(1, len(pairs)) if pairs[i][2] != pairs[i - 1][2]) == 1  # one of title
    assert all(day != "2026-03-20" for day, _, _ in pairs)  # the merge itself added nothing


def test_a_merge_that_drops_a_branch_change_says_so_on_its_date(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer"))
    repo.commit("2026-03-01")
    repo.git("checkout", "-q", "-b", "moves")
    repo.write("People/Ana.md", person("Google", title="Engineer"))
    repo.commit("2026-03-10", "Ana moved")
    repo.git("checkout", "-q", "main")
    repo.write("People/Ben.md", person("Initech"))
    repo.commit("2026-03-12")
    repo.git("merge", "-q", "-s", "ours", "--no-edit", "moves", day="2026-03-20")  # the branch's change dropped
    assert companies(repo.read(), "People/Ana.md") == [
        ("2026-03-01", "Acme"),
        ("2026-03-10", "Google"),
        ("2026-03-20", "Acme"),
    ]


def test_a_shallow_clone_says_how_far_back_it_knows_and_reads_what_it_has(repo: Repo, tmp_path: Path) -> None:
    for day, company in (("2026-01-01", "A1"), ("2026-02-01", "B2"), ("2026-03-01", "C3"), ("2026-04-01", "D4")):
        repo.write("People/Ana.md", person(company))
        repo.commit(day)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.top}", str(clone)], check=True, capture_output=True
    )
    workspace = Workspace(clone)
    found = read_history(workspace.root, workspace.config, workspace.layout, workspace.index)
    workspace.close()
    assert found.note == (
        "history is shallow: moves on or before 2026-03-01 are not known (git fetch --unshallow reads them all)"
    )
    assert companies(found, "People/Ana.md") == [("2026-03-01", "C3"), ("2026-04-01", "D4")]


def test_a_vault_in_a_folder_of_the_repository_reads_its_own_notes_by_its_own_paths(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", vault="notes/vault")
    repo.write("vaultkit.toml", '[vault]\npeople = ["Contacts"]\n')
    repo.write("Contacts/Ana.md", person("Acme"))
    (repo.top / "People").mkdir()
    (repo.top / "People/Out.md").write_text(person("Elsewhere"), encoding="utf-8")  # outside the vault
    (repo.top / "notes/Contacts").mkdir(parents=True)
    (repo.top / "notes/Contacts/Beside.md").write_text(person("Beside"), encoding="utf-8")
    repo.commit("2026-03-01")
    repo.write("Contacts/Ana.md", person("Google"))
    repo.commit("2026-03-02")
    found = repo.read()
    assert list(found.versions) == ["Contacts/Ana.md"]
    assert companies(found, "Contacts/Ana.md") == [("2026-03-01", "Acme"), ("2026-03-02", "Google")]


def test_only_person_notes_count_as_vaultkit_tells_them(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.write("Inbox/Ben.md", "---\ntags: [Person/work]\ncompany: Initech\n---\n")  # a person by its tag
    repo.write("Inbox/Memo.md", "---\ncompany: Initech\n---\n")  # no person
    repo.write("People/Templates/Person.md", person("{{company}}"))  # a template
    repo.write("People/.trash/Old.md", person("Gone"))  # hidden
    repo.write("Daily/2026-03-01.md", "---\ntype: person\ncompany: X\n---\n")  # a daily note first
    repo.write("People/Link.md", person("Acme"))
    repo.commit("2026-03-01")
    (repo.root / "People/Link.md").unlink()
    os.symlink("Ana.md", repo.root / "People/Link.md")  # a link is not followed, in history either
    repo.write("Inbox/Ben.md", "---\ncompany: Initech\n---\n")  # no longer tagged: no person
    repo.commit("2026-03-02")
    found = repo.read()
    assert sorted(found.versions) == ["Inbox/Ben.md", "People/Ana.md", "People/Link.md"]
    assert companies(found, "Inbox/Ben.md") == [("2026-03-01", "Initech"), ("2026-03-02", "-")]
    assert companies(found, "People/Link.md") == [("2026-03-01", "Acme"), ("2026-03-02", "-")]


def test_a_deleted_note_keeps_its_last_path_and_a_broken_version_says_nothing(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.write("People/Ben.md", person("Initech"))
    repo.commit("2026-03-01")
    repo.write("People/Ana.md", "---\ncompany: [Google\n---\n")  # YAML that does not parse
    repo.git("rm", "-q", "People/Ben.md")
    repo.commit("2026-03-02")
    repo.write("People/Ana.md", person("Google"))
    repo.commit("2026-03-03")
    found = repo.read()
    assert companies(found, "People/Ana.md") == [("2026-03-01", "Acme"), ("2026-03-03", "Google")]
    assert companies(found, "People/Ben.md") == [("2026-03-01", "Initech"), ("2026-03-02", "-")]


def test_a_repository_with_no_commit_yet_and_a_folder_in_none(repo: Repo, tmp_path: Path) -> None:
    repo.write("People/Ana.md", person("Acme"))
    assert repo.read() == History({}, None, None, str((repo.top / ".git").resolve()))
    plain = tmp_path / "plain"
    (plain / "People").mkdir(parents=True)
    (plain / "vaultkit.toml").write_text("", encoding="utf-8")
    workspace = Workspace(plain)
    assert read_history(plain, workspace.config, workspace.layout, None) == History({}, None, None)


def test_without_git_a_repository_is_said_not_read(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    workspace = Workspace(repo.root)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    found = read_history(workspace.root, workspace.config, workspace.layout, workspace.index)
    assert found == History({}, None, f"git is not installed: the history in {repo.top.resolve()} is not read")
    plain = tmp_path / "plain"
    plain.mkdir()
    assert read_history(plain, workspace.config, workspace.layout, None) == History({}, None, None)


def test_a_damaged_repository_is_one_line_never_a_crash(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    head = repo.git("rev-parse", "HEAD")
    obj = repo.top / ".git/objects" / head[:2] / head[2:]
    obj.chmod(0o644)
    obj.write_bytes(b"not a commit")
    found = repo.read()
    assert found.versions == {} and found.note is not None
    assert found.note.startswith("cannot read the git history: ") and "\n" not in found.note


class Spy:
    """What read_history asked git and parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commands: list[str] = []
        self.parsed: list[str] = []
        git, read = history.git, history.Reader.read

        def spy_git(root: Path, *args: str, **options: Any) -> tuple[int, bytes]:
            self.commands.append(" ".join(args[:1] + tuple(a for a in args[1:] if ".." in a)))
            return git(root, *args, **options)

        def spy_read(reader: history.Reader, path: str, data: bytes) -> history.Read:
            self.parsed.append(path)
            return read(reader, path, data)

        monkeypatch.setattr(history, "git", spy_git)
        monkeypatch.setattr(history.Reader, "read", spy_read)

    def clear(self) -> None:
        self.commands.clear()
        self.parsed.clear()


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spy]:
    yield Spy(monkeypatch)


def test_the_history_is_kept_and_a_new_commit_reads_only_its_own_notes(repo: Repo, spy: Spy) -> None:
    for i in range(30):
        repo.write(f"People/P{i:02}.md", person(f"Company {i}"))
    first = repo.commit("2026-03-01")
    for i in range(10):
        repo.write(f"People/P{i:02}.md", person(f"Other {i}"))
    repo.commit("2026-03-02")
    whole = repo.read(index=True)
    assert spy.commands == ["rev-parse", "log", "cat-file"]
    assert len(spy.parsed) == 40
    spy.clear()
    assert repo.read(index=True) == whole  # the same head: one rev-parse, nothing parsed
    assert spy.commands == ["rev-parse"] and spy.parsed == []
    repo.write("People/P29.md", person("Google"))
    third = repo.commit("2026-03-03")
    spy.clear()
    found = repo.read(index=True)
    head = repo.git("rev-parse", "HEAD~1")
    assert spy.commands == ["rev-parse", "merge-base", f"log {head}..{third}", "cat-file"]
    assert spy.parsed == ["People/P29.md", "People/P29.md"]  # its version before, and now
    assert found == repo.read()  # what a read from scratch finds
    assert companies(found, "People/P29.md") == [("2026-03-01", "Company 29"), ("2026-03-03", "Google")]
    assert found.versions["People/P00.md"][0][1] == first


def test_a_history_rewritten_is_read_again_from_scratch(repo: Repo, spy: Spy) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    repo.write("People/Ana.md", person("Google"))
    repo.commit("2026-03-02")
    repo.read(index=True)
    repo.write("People/Ana.md", person("Globex"))
    repo.git("commit", "-q", "-a", "--amend", "-m", "Globex, not Google", day="2026-03-04")
    spy.clear()
    found = repo.read(index=True)
    assert "log" in spy.commands and not any(".." in command for command in spy.commands)
    # An amend keeps the change's author date: Globex is from when the change was first made.
    assert companies(found, "People/Ana.md") == [("2026-03-01", "Acme"), ("2026-03-02", "Globex")]
    assert found == repo.read()


def test_a_change_of_the_people_folders_reads_the_history_again(repo: Repo) -> None:
    repo.write("Contacts/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    assert repo.read(index=True).versions == {}
    repo.write("vaultkit.toml", '[vault]\npeople = ["Contacts"]\n')  # uncommitted: the config is read from disk
    assert companies(repo.read(index=True), "Contacts/Ana.md") == [("2026-03-01", "Acme")]


def test_git_is_run_so_that_it_can_never_reach_a_network(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    seen: list[tuple[list[str], dict[str, str]]] = []

    class SpyPopen(subprocess.Popen[bytes]):
        def __init__(self, argv: list[str], **options: Any) -> None:
            seen.append((argv, options["env"]))
            super().__init__(argv, **options)

    monkeypatch.setenv("GIT_DIR", str(repo.top / "elsewhere"))  # as a hook may have it: not followed
    monkeypatch.setattr(subprocess, "Popen", SpyPopen)
    assert companies(repo.read(), "People/Ana.md") == [("2026-03-01", "Acme")]
    assert seen and all(argv[:3] == ["git", "-c", "protocol.allow=never"] for argv, _ in seen)
    for _, env in seen:
        assert (env["GIT_NO_LAZY_FETCH"], env["GIT_TERMINAL_PROMPT"], env["GIT_OPTIONAL_LOCKS"]) == ("1", "0", "0")
        assert "GIT_DIR" not in env


# -- a partial clone, a vault moved, a rename under git's similarity, a git that hangs ---------------


def partial_clone(repo: Repo, clone: Path) -> None:
    """A clone of `repo` without the blobs of its history (`--filter=blob:none`): only the head's
    notes are fetched, by the checkout."""
    repo.git("config", "uploadpack.allowFilter", "true")
    source = f"file://{repo.top}"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", "--no-checkout", source, str(clone)], check=True)
    subprocess.run(["git", "-c", "protocol.file.allow=always", "checkout", "-q", "main"], cwd=clone, check=True)


def test_a_partial_clone_reads_the_versions_it_has_and_says_how_many_it_has_not(repo: Repo, tmp_path: Path) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer"))
    repo.write("People/Ben.md", person("Initech", title="Designer", level="senior"))
    repo.commit("2026-03-01")
    repo.write("People/Ana.md", person("Google", title="Engineer"))
    repo.commit("2026-04-01")
    (repo.root / "People/Ben.md").unlink()  # renamed and edited: git compares their contents, not here
    repo.write("People/Ben Okafor.md", person("Initech", title="Design Lead", level="senior"))
    repo.commit("2026-05-01")
    clone = tmp_path / "clone"
    partial_clone(repo, clone)
    workspace = Workspace(clone)
    try:
        found = read_history(workspace.root, workspace.config, workspace.layout, workspace.index)
    finally:
        workspace.close()
    assert found.note == (
        "history is partial: 2 versions of notes are not in this clone and were not read "
        "(a partial clone: git fetch them to read them)"
    )
    assert companies(found, "People/Ana.md") == [("2026-04-01", "Google")]  # Acme's version is not here
    assert companies(found, "People/Ben Okafor.md") == [("2026-05-01", "Initech")]
    acme = repo.git("rev-parse", "HEAD~2:People/Ana.md")  # git's message is its fatal line, not its warning
    with pytest.raises(history.GitError, match=rf"^fatal: could not fetch {acme} from promisor remote$"):
        history.git(clone, "cat-file", "--batch", stdin=acme.encode())


def test_a_vault_whose_folder_moved_in_the_repository_keeps_its_history_from_before(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", vault="vault")
    old = repo.top / "notes/People"
    old.mkdir(parents=True)
    (old / "Ana.md").write_text(person("Acme"), encoding="utf-8")
    (old / "Ben.md").write_text(person("Initech"), encoding="utf-8")
    repo.commit("2026-03-01")
    (old / "Ana.md").write_text(person("Google"), encoding="utf-8")
    (old / "Ben.md").unlink()
    repo.commit("2026-04-01")
    assert repo.read(index=True).versions == {}  # nothing in the vault's folder yet
    repo.git("mv", "notes/People", "vault/People")
    repo.commit("2026-05-01", "the vault moved")
    (repo.top / "notes/People").mkdir(parents=True)
    (repo.top / "notes/People/Out.md").write_text(person("Elsewhere"), encoding="utf-8")  # outside, after the move
    repo.write("People/Ana.md", person("Globex"))
    repo.commit("2026-06-01")
    found = repo.read(index=True)  # the stored history was read before the move: it is read again
    assert found == repo.read()
    assert sorted(found.versions) == ["People/Ana.md", "People/Ben.md"]
    assert companies(found, "People/Ana.md") == [
        ("2026-03-01", "Acme"),
        ("2026-04-01", "Google"),
        ("2026-06-01", "Globex"),
    ]
    assert companies(found, "People/Ben.md") == [("2026-03-01", "Initech"), ("2026-04-01", "-")]
    repo.write("People/Ana.md", person("Initech"))
    repo.commit("2026-07-01")
    again = repo.read(index=True)  # read after the one it stored: its own commit only
    assert again == repo.read() and companies(again, "People/Ana.md")[-1] == ("2026-07-01", "Initech")


def test_a_note_moved_into_the_vault_from_elsewhere_in_the_repository_keeps_its_history(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", vault="vault")
    repo.write("People/Ben.md", person("Initech"))
    (repo.top / "inbox").mkdir()
    (repo.top / "inbox/Ana.md").write_text(person("Acme"), encoding="utf-8")
    repo.commit("2026-03-01")
    (repo.top / "inbox/Ana.md").write_text(person("Google"), encoding="utf-8")
    repo.commit("2026-04-01")
    assert list(repo.read(index=True).versions) == ["People/Ben.md"]
    repo.git("mv", "inbox/Ana.md", "vault/People/Ana.md")
    repo.commit("2026-05-01", "Ana filed")
    found = repo.read(index=True)
    assert found == repo.read()
    assert companies(found, "People/Ana.md") == [("2026-03-01", "Acme"), ("2026-04-01", "Google")]


def test_a_small_note_renamed_and_edited_in_one_commit_is_paired_by_the_person_it_names(repo: Repo) -> None:
    repo.write("People/Ana.md", person("Acme", title="Engineer"))
    repo.write("People/Bob.md", "---\nemail: bob@example.com\ncompany: Initech\n---\n")
    repo.write("People/Carl.md", person("Hooli"))
    repo.commit("2026-03-01")
    for name in ("Ana", "Bob", "Carl"):
        (repo.root / f"People/{name}.md").unlink()
    # Under git's 50 % similarity, each: an add and a delete to git, one person's note to vaultkit.
    repo.write("People/Ana Núñez.md", person("Google", title="Staff Engineer"))
    repo.write("People/Robert Smith.md", "---\ne-mail: [Bob@Example.com]\ncompany: Globex\nrole: mentor\n---\n")
    repo.write("People/Dana.md", "---\ncompany: Umbrella\n---\nMet in Lisbon.\n")  # someone else: Carl is gone
    repo.commit("2026-04-01", "names in full")
    found = repo.read()
    assert sorted(found.versions) == [
        "People/Ana Núñez.md",
        "People/Carl.md",
        "People/Dana.md",
        "People/Robert Smith.md",
    ]
    assert [(day.isoformat(), f.company, f.title) for day, _, f in found.versions["People/Ana Núñez.md"] if f] == [
        ("2026-03-01", "Acme", "Engineer"),
        ("2026-04-01", "Google", "Staff Engineer"),
    ]
    assert companies(found, "People/Robert Smith.md") == [("2026-03-01", "Initech"), ("2026-04-01", "Globex")]
    assert companies(found, "People/Carl.md") == [("2026-03-01", "Hooli"), ("2026-04-01", "-")]
    assert companies(found, "People/Dana.md") == [("2026-04-01", "Umbrella")]


def test_a_git_that_does_not_answer_is_stopped_and_said_in_one_line(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("People/Ana.md", person("Acme"))
    repo.commit("2026-03-01")
    programs = tmp_path / "programs"
    programs.mkdir()
    hung = programs / "git"  # a git whose log hangs (a network file system, a lock): its shell waits on a child
    hung.write_text(f'#!/bin/sh\ncase " $* " in *" log "*) sleep 30 ;; esac\nexec {shutil.which("git")} "$@"\n')
    hung.chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(history, "LOG_TIMEOUT", 0.5)
    started = time.monotonic()
    found = repo.read()
    assert time.monotonic() - started < 10
    assert found.versions == {} and found.note == "cannot read the git history: git did not answer in 0.5 s"
