#!/usr/bin/env python3
"""Time reading a vault's git history (vaultkit.history, issue 17) on the large vault in 200 commits.

    python benchmarks/history.py                       # build /tmp/vaultkit-bench/large-history, time
    python benchmarks/history.py REPO --runs 5         # a repository built before (or by `build`)
    python benchmarks/history.py build REPO [--size large]
    python benchmarks/history.py read VAULT            # one read, as the timed process runs it

The repository holds the generated vault committed as an owner would have: the notes added in
batches over two years, and from the 20th commit on, a few people's company or title changed in
each commit (318 companies and 99 titles in all, with seed 1). Times, as whole processes:

- the first read of the history (no index: nothing stored), against a cold `vaultkit check`;
- the read after one new commit that changes one person's company (the history stored before);
- the parse floor of the same run (benchmarks/run.py), each time as a multiple of it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # the generator beside this file
import run  # the runner beside this file

COMMITS = 200
ADDING = 160  # the commits that add notes; the notes are spread over them
CHANGES_FROM = 20  # the first commit that changes people already added
START = 1732104000  # 2024-11-20 12:00 UTC: two years before the benchmarks' today
DAY = 86400
BUILT = ".vaultkit-history-built"  # written into the git folder once the repository is whole
COMPANY = re.compile(rb"^(company|org|organization)[ \t]*:[^\n]*$", re.MULTILINE | re.IGNORECASE)
TITLE = re.compile(rb"^(title|position|job title)[ \t]*:[^\n]*$", re.MULTILINE | re.IGNORECASE)
NEW_COMPANIES = ("Northwind", "Initech", "Hooli", "Pied Piper", "Umbrella", "Stark Industries", "Wayne Enterprises")
NEW_TITLES = ("Staff Engineer", "Engineering Manager", "Director, Platform", "Principal Engineer", "VP Engineering")


def history_repository(size: str = "large", seed: int = 1) -> Path:
    """The benchmark's repository for a generated vault of `size`, built once."""
    path = run.BENCH_ROOT / f"{size}-history"
    if not (path / ".git" / BUILT).exists():
        build(path, size, seed)
    return path


def git(repo: Path, *args: str, stdin: bytes | None = None, when: int | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    if when is not None:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"@{when} +0000"
    done = subprocess.run(
        ["git", "-c", "user.name=Owner", "-c", "user.email=owner@example.com", *args],
        cwd=repo, input=stdin, capture_output=True, env=env, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8", "replace").strip()


def build(path: Path, size: str = "large", seed: int = 1) -> None:
    """Generate the vault into `path` and commit it in COMMITS commits (see the module)."""
    people, daily = generate.SIZES[size]
    print(f"generating the {size} vault in {path} …", file=sys.stderr)
    generate.generate(path, people, daily, seed, force=True)
    git(path, "init", "-q", "-b", "main")
    notes = sorted(p.relative_to(path).as_posix() for p in path.rglob("*.md") if ".git" not in p.parts)
    rng = random.Random(seed)
    rng.shuffle(notes)
    batch = -(-len(notes) // ADDING)
    added: list[str] = []
    changed = {"company": 0, "title": 0}
    print(f"committing {len(notes)} notes in {COMMITS} commits …", file=sys.stderr)
    for i in range(COMMITS):
        when = START + i * (730 * DAY // COMMITS) + rng.randrange(3600)
        new = notes[i * batch : (i + 1) * batch] if i < ADDING else []
        touched = list(new)
        people_added = [p for p in added if p.startswith("People/")]
        if i >= CHANGES_FROM and people_added:
            for note in rng.sample(people_added, min(len(people_added), rng.choice((1, 2, 3, 3, 4)))):
                if _change(path / note, rng, changed):
                    touched.append(note)
        added += new
        if touched:
            git(path, "add", "--pathspec-from-file=-", "--pathspec-file-nul", stdin="\0".join(touched).encode())
        git(path, "commit", "-q", "--allow-empty", "-m", f"notes {i + 1}", when=when)
    git(path, "add", "-A")
    git(path, "commit", "-q", "--allow-empty", "-m", "the rest", when=START + 730 * DAY)
    (path / ".git" / BUILT).write_text(f"{changed}\n", encoding="utf-8")
    print(f"  changed {changed['company']} companies and {changed['title']} titles", file=sys.stderr)


def _change(note: Path, rng: random.Random, changed: dict[str, int]) -> bool:
    """Change one person's company (three times in four) or title, in the frontmatter's own line."""
    data = note.read_bytes()
    field, pattern, values = (
        ("company", COMPANY, NEW_COMPANIES) if rng.random() < 0.72 else ("title", TITLE, NEW_TITLES)
    )
    found = pattern.search(data)
    if found is None:
        return False
    line = found[1] + b": " + rng.choice(values).encode()
    if line == found[0]:
        return False
    data = data[: found.start()] + line + data[found.end() :]
    note.write_bytes(data)
    changed[field] += 1
    return True


READ = """
import sys, time
from pathlib import Path
from vaultkit.engine.workspace import Workspace
from vaultkit.history import read_history
workspace = Workspace(Path(sys.argv[1]))
found = read_history(workspace.root, workspace.config, workspace.layout, workspace.index)
workspace.close()
if found.head is None or found.note is not None:
    sys.exit(f"no history read: {found.note}")
print(len(found.versions), sum(len(v) for v in found.versions.values()))
"""


class NewCommit:
    """A new commit each time, changing one person's company (a different one each time), on
    top of the history read before; `restore` takes the repository back to where it was."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.base = git(repo, "rev-parse", "HEAD")
        self.people = sorted(p for p in (repo / "People").glob("*.md"))
        self.i = 0

    def commit(self) -> None:
        for _ in range(len(self.people)):
            note = self.people[(self.i * 997 + 13) % len(self.people)]
            self.i += 1
            data = note.read_bytes()
            found = COMPANY.search(data)
            if found is not None:
                line = found[1] + f": Benchmark Co {self.i}".encode()
                note.write_bytes(data[: found.start()] + line + data[found.end() :])
                rel = note.relative_to(self.repo).as_posix()
                git(self.repo, "commit", "-q", "-m", f"moved {self.i}", "--", rel, when=START + 731 * DAY + self.i)
                return
        raise run.CommandFailed("no person note with a company to change")

    def restore(self) -> None:
        git(self.repo, "reset", "-q", "--hard", self.base)  # the benchmark's own repository


def measure(bench: run.Bench, key: str) -> run.Result:
    """`history-first` or `history-commit` (see run.py's OPERATIONS), on `bench.vault`, a repository."""
    op = run.OPS_BY_KEY[key]
    res = run.Result(op.key, op.label, op.unit, op.target)
    argv = [sys.executable, "-c", READ, str(bench.vault)]
    try:
        if key == "history-first":
            for _ in range(bench.runs):
                run.drop_index(bench.vault)
                res.samples.append(bench.run(argv))
        else:
            new = NewCommit(bench.vault)
            try:
                bench.run(argv)  # the history stored, up to the head
                for _ in range(bench.runs):
                    new.commit()
                    res.samples.append(bench.run(argv))
            finally:
                new.restore()
    except run.CommandFailed as exc:
        res.error = str(exc)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time reading the vault's git history (see the module).")
    ap.add_argument("what", nargs="?", default="time", help="time (default), build or read")
    ap.add_argument("repo", nargs="?", type=Path, help="the repository (default: built for --size)")
    ap.add_argument("--size", choices=sorted(generate.SIZES), default="large")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--today", default=run.DEFAULT_TODAY)
    args = ap.parse_args(argv)
    if args.what == "build":
        build(args.repo or run.BENCH_ROOT / f"{args.size}-history", args.size, args.seed)
        return 0
    if args.what == "read":
        return subprocess.call([sys.executable, "-c", READ, str(args.repo)])
    repo = args.repo or history_repository(args.size, args.seed)
    bench = run.Bench(repo, run.default_vaultkit(), args.today, args.runs, run.DEFAULT_TIMEOUT)
    bench.warm_up()
    commits = git(repo, "rev-list", "--count", "HEAD")
    info = run.vault_summary(repo)
    print(f"repository: {repo} ({info['notes']} notes, {commits} commits), {args.runs} runs, {os.cpu_count()} CPUs")
    results = []
    for key in ("parse-floor", "check-cold", "history-first", "history-commit"):
        print(f"… {key}", file=sys.stderr, flush=True)
        res = measure(bench, key) if key.startswith("history-") else run.measure(bench, run.OPS_BY_KEY[key])
        if res.error:
            print(f"  failed: {res.error}", file=sys.stderr)
        results.append(res)
    print(run.table(results))
    first, cold = results[2].median, results[1].median
    if first and cold:
        print(f"\nfirst history read / cold check: {first / cold:.2f}× (target ≤ 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
