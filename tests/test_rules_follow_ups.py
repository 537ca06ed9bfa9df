"""VK106 overdue-follow-up with links that could mean several people: `[[Alex]]` for two Alexes.

Such a link is a mention of neither (01-vault.md §3), but the promise in the task is still due:
the rule fires and names the candidates, and never guesses which Alex it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import VaultBuilder

from vaultkit.rules import vk106

TODAY = "2026-09-24"
LATE = "do it, reschedule or cancel it"


def two_alexes(vault: VaultBuilder) -> None:
    vault.write("People/Alex Chen.md", "---\naliases: [Alex]\nlevel: peer\n---\n")
    vault.write("People/Alex Morgan.md", "---\naliases: [Alex]\nlevel: senior\n---\n")


def follow_ups(vault: VaultBuilder) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.column, d.message) for d in vault.check(TODAY, ["VK106"])]


def test_a_task_with_an_ambiguous_link_is_due_and_names_both_candidates(vault: VaultBuilder) -> None:
    two_alexes(vault)
    vault.write("Daily/2026-08-30.md", "# Sunday\n\n- [ ] send [[Alex]] the slides 📅 2026-09-01\n")

    assert follow_ups(vault) == [
        ("Daily/2026-08-30.md", 3, 1,
         f"follow-up with Alex (Alex Chen or Alex Morgan?) was due 2026-09-01 (23 days ago): {LATE}")
    ]  # fmt: skip


def test_people_it_mentions_come_first_and_each_question_is_asked_once(vault: VaultBuilder) -> None:
    two_alexes(vault)
    vault.write("People/Olivia Grant.md", "---\nlevel: senior\n---\n")
    vault.write(
        "Projects/Launch.md",
        "- [ ] introduce [[Alex]] to [[Olivia Grant]], cc [[alex]] and [[Olivia Grant]] due:: 2026-09-20\n",
    )

    assert follow_ups(vault) == [
        ("Projects/Launch.md", 1, 1,
         f"follow-up with Olivia Grant, Alex (Alex Chen or Alex Morgan?) was due 2026-09-20 (4 days ago): {LATE}")
    ]  # fmt: skip


def test_in_a_person_note_the_person_comes_first(vault: VaultBuilder) -> None:
    two_alexes(vault)
    vault.write(
        "People/Olivia Grant.md", "---\nlevel: senior\n---\n## Follow-ups\n- [ ] intro to [[Alex]] 📅 2026-09-10\n"
    )

    assert [m for *_, m in follow_ups(vault)] == [
        f"follow-up with Olivia Grant, Alex (Alex Chen or Alex Morgan?) was due 2026-09-10 (14 days ago): {LATE}"
    ]


def test_more_than_three_candidates_are_counted(vault: VaultBuilder) -> None:
    for surname in ("Chen", "Kim", "Morgan", "Novak", "Okafor"):
        vault.write(f"People/Alex {surname}.md", "---\naliases: [Alex]\n---\n")
    vault.write("Daily/2026-09-01.md", "- [ ] call [[Alex]] back 📅 2026-09-02\n")

    assert [m for *_, m in follow_ups(vault)] == [
        f"follow-up with Alex (Alex Chen, Alex Kim, Alex Morgan and 2 more?) was due 2026-09-02 (22 days ago): {LATE}"
    ]


def test_two_person_notes_of_one_name_are_candidates_too(vault: VaultBuilder) -> None:
    vault.write("Work/Alex.md", "---\ntype: person\nname: Alex Kim\n---\n")
    vault.write("Friends/Alex.md", "---\ntype: person\nname: Alex Diaz\n---\n")
    vault.write("Daily/2026-09-01.md", "- [ ] return [[Alex]]'s book 📅 2026-09-20\n")

    assert [m for *_, m in follow_ups(vault)] == [
        f"follow-up with Alex (Alex Diaz or Alex Kim?) was due 2026-09-20 (4 days ago): {LATE}"
    ]


@pytest.mark.parametrize(
    "task",
    [
        "- [x] send [[Alex]] the slides 📅 2026-09-01",  # done
        "- [-] send [[Alex]] the slides 📅 2026-09-01",  # cancelled
        "- [ ] send [[Alex]] the slides 📅 2026-09-24",  # due today
        "- [ ] send [[Alex]] the slides",  # no due date
        "- [ ] send ![[Alex]] 📅 2026-09-01",  # an embed names nobody
        "- [ ] send [[Alexa]] the slides 📅 2026-09-01",  # nobody is called Alexa
        "- [ ] plan the offsite 📅 2026-09-01\n- met [[Alex]] about it",  # the link is not in the task
    ],
)
def test_silent(vault: VaultBuilder, task: str) -> None:
    two_alexes(vault)
    vault.write("Daily/2026-08-30.md", task + "\n")
    assert follow_ups(vault) == []


class Counted(tuple[Any, ...]):
    """A note's links that count how often they are gone through."""

    passes = 0

    def __iter__(self) -> Iterator[Any]:
        Counted.passes += 1
        return super().__iter__()


def test_a_long_note_goes_through_its_links_once(vault: VaultBuilder) -> None:
    """Each task's links are grouped once for the note: 3,000 tasks × 6,000 links is not 18 million visits."""
    two_alexes(vault)
    tasks = "".join(f"- [ ] ping [[Alex]] and [[Alex Chen]] about item {n} 📅 2026-09-01\n" for n in range(3000))
    vault.write("Projects/Backlog.md", tasks)
    model = vault.open(TODAY).model
    note = model.notes["Projects/Backlog.md"]
    Counted.passes = 0

    found = list(vk106.check(note._replace(links=Counted(note.links)), model, {}))

    assert len(found) == 3000
    assert Counted.passes == 1
