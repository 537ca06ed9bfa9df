"""The rule catalog: one module per rule, listed here once.

A rule module declares CODE, NAME, SEVERITY, SCOPE ("note", "person" or "vault"), OPTIONS
(name → default), optionally MINIMUMS (an option → its least value, where 0 makes no sense),
FIXABLE, FIXED_BY (a command that fixes it, for a rule whose fix is not an edit), DEFAULT_ON and
KINDS (the kinds of note a note rule reads), a docstring that is its documentation (`vaultkit
rules CODE` prints it), and `check`, which yields findings.
Adding a rule means adding a module and naming it below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from vaultkit.rules import (
    vk001,
    vk002,
    vk003,
    vk004,
    vk005,
    vk006,
    vk101,
    vk102,
    vk103,
    vk104,
    vk105,
    vk106,
    vk107,
    vk108,
    vk109,
    vk201,
    vk202,
    vk203,
    vk204,
    vk205,
    vk301,
    vk302,
    vk303,
    vk304,
    vk305,
    vk401,
    vk402,
    vk403,
)  # fmt: skip

MODULES: tuple[ModuleType, ...] = (
    vk001, vk002, vk003, vk004, vk005, vk006,
    vk101, vk102, vk103, vk104, vk105, vk106, vk107, vk108, vk109,
    vk201, vk202, vk203, vk204, vk205,
    vk301, vk302, vk303, vk304, vk305,
    vk401, vk402, vk403,
)  # fmt: skip


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    scope: str
    options: Mapping[str, Any]
    minimums: Mapping[str, float]  # options whose least value is not 0
    default_on: bool
    fixable: bool
    fixed_by: str | None  # a command that fixes what it finds (VK301: `vaultkit plan`), not --fix
    doc: str
    check: Callable[..., Any]
    kinds: frozenset[str] | None  # note rules: the kinds of note they look at (None: every note)
    on_copies: bool  # person rules: whether they speak of a sync-conflict copy too (else its original does)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].rstrip(".")

    @property
    def label(self) -> str:
        return f"{self.code}/{self.name}"

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            scope=module.SCOPE,
            options=dict(module.OPTIONS),
            minimums=dict(getattr(module, "MINIMUMS", {})),
            default_on=getattr(module, "DEFAULT_ON", True),
            fixable=getattr(module, "FIXABLE", False),
            fixed_by=getattr(module, "FIXED_BY", None),
            doc=(module.__doc__ or "").strip(),
            check=module.check,
            kinds=getattr(module, "KINDS", None),
            on_copies=getattr(module, "ON_COPIES", False),
        )


RULES: dict[str, Rule] = {module.CODE: Rule.from_module(module) for module in MODULES}
