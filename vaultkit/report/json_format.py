"""The report as JSON: every figure, in the versioned shape docs/report-json.md describes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from vaultkit.report.build import (
    MOVES_DAYS,
    NEW_DAYS,
    Asked,
    Backer,
    Birthday,
    LevelCounts,
    Month,
    Moved,
    NewConnection,
    OneSided,
    Overdue,
    PersonRef,
    PlannedPerson,
    Promise,
    Report,
    SectionProgress,
    Source,
)


def render(report: Report) -> str:
    return json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"


def as_json(report: Report) -> dict[str, Any]:
    q = report.quarter
    return {
        "version": report.version,
        "today": report.today.isoformat(),
        "quarter": {
            "name": q.name,
            "first_day": q.first_day.isoformat(),
            "last_day": q.last_day.isoformat(),
            "current": q.current,
        },
        "reach_out": {
            "overdue_total": report.overdue_total,
            "people": [_overdue(rank, o) for rank, o in enumerate(report.reach_out, 1)],
            "promises": [_promise(p) for p in report.promises],
            "birthdays": [_birthday(b) for b in report.birthdays],
        },
        "network": {
            "people_total": report.people_total,
            "by_status": dict(report.by_status),
            "by_level": _levels(report.by_level),
            "by_role": dict(report.by_role),
            "without_role": report.without_role,
            "mentors_and_sponsors": [_backer(b) for b in report.backers],
            "backer_companies": dict(report.backer_companies),
            "new_connections": {
                "days": NEW_DAYS,
                "recent": [_new(n) for n in report.new_recent],
                "quarter": [_new(n) for n in report.new_quarter],
            },
        },
        "this_quarter": {
            "interactions": _levels(report.quarter_interactions),
            "people_contacted": _levels(report.quarter_people),
            "plan": {
                "path": report.plan_path,
                "exists": report.plan is not None,
                "sections": [_section(s) for s in report.plan or ()],
            },
            "planned_people": report.planned_people,
            "not_contacted": [_planned(p) for p in report.not_contacted],
        },
        "health": {
            "findings": [f._asdict() for f in report.findings],
            "neglected": report.neglected,
            "one_sided": None
            if report.one_sided is None
            else {
                "count": len(report.one_sided),
                "people": [_one_sided(o) for o in report.one_sided],
            },
        },
        "trend": {
            "months": [_month(m) for m in report.trend],
            "added_from": "history" if report.history else "met",
        },
        "moves": {
            "days": MOVES_DAYS,
            "since": (report.today - timedelta(days=MOVES_DAYS)).isoformat(),
            "from": "history" if report.history else "notes",
            "history_note": report.history_note,
            "history_begins": report.history_begins.isoformat() if report.history_begins else None,
            "changes": [_moved(m) for m in report.moves],
        },
    }


def _person(ref: PersonRef) -> dict[str, Any]:
    return {"name": ref.name, "path": ref.path}


def _levels(counts: LevelCounts) -> dict[str, int]:
    return {**counts._asdict(), "total": counts.total}


def _source(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"date": source.date.isoformat(), "path": source.path, "line": source.line, "kind": source.kind}


def _overdue(rank: int, o: Overdue) -> dict[str, Any]:
    return {
        "rank": rank,
        **_person(o.person),
        "roles": list(o.roles),
        "level": o.level,
        "company": o.company,
        "since": o.since.isoformat(),
        "days_since": o.days_since,
        "last_interaction": _source(o.last),
        "cadence": o.cadence,
        "cadence_days": o.cadence_days,
        "cadence_source": o.cadence_source,
        "due": o.due.isoformat(),
        "overdue_days": o.overdue_days,
        "ratio": o.ratio,
    }


def _promise(p: Promise) -> dict[str, Any]:
    return {
        "path": p.path,
        "line": p.line,
        "due": p.due.isoformat(),
        "overdue_days": p.overdue_days,
        "people": [_person(ref) for ref in p.people],
        "ambiguous": [{"target": a.target, "candidates": [_person(ref) for ref in a.candidates]} for a in p.ambiguous],
        "text": p.text,
    }


def _one_sided(o: OneSided) -> dict[str, Any]:
    return {**_person(o.person), "last_asked": _asked(o.asked)}


def _asked(asked: Asked | None) -> dict[str, Any] | None:
    if asked is None:
        return None
    return {"date": asked.date.isoformat(), "path": asked.path, "line": asked.line, "text": asked.text}


def _birthday(b: Birthday) -> dict[str, Any]:
    return {**_person(b.person), "date": b.date.isoformat(), "in_days": b.in_days, "turning": b.turning}


def _backer(b: Backer) -> dict[str, Any]:
    return {**_person(b.person), "roles": list(b.roles), "company": b.company, "title": b.title, "status": b.status}


def _new(n: NewConnection) -> dict[str, Any]:
    return {**_person(n.person), "met": n.met.isoformat(), "level": n.level, "company": n.company}


def _section(s: SectionProgress) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "heading": s.heading,
        "line": s.line,
        "present": s.line is not None,
        "done": s.done,
        "open": s.open,
        "cancelled": s.cancelled,
        "total": s.total,
        "people": s.people,
    }


def _planned(p: PlannedPerson) -> dict[str, Any]:
    return {**_person(p.person), "section": p.section, "last_interaction": p.last.isoformat() if p.last else None}


def _month(m: Month) -> dict[str, Any]:
    return {
        "month": f"{m.first_day:%Y-%m}",
        **_levels(m.interactions),
        "added": _levels(m.added),
        "mentors_and_sponsors": m.backers,
    }


def _moved(m: Moved) -> dict[str, Any]:
    return {
        **_person(m.person),
        "mentor_or_sponsor": list(m.backer),
        "field": m.field,
        "old": m.old,
        "new": m.new,
        "date": m.date.isoformat(),
        "source": m.source._asdict(),
    }
