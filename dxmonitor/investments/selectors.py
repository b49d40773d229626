"""Reads of the investments domain: who sees which projects, a project's facts and signals, the portfolio with its
totals, money over time, and the duplicate-investment clusters (with the platform registry when it is installed)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from dxmonitor.core.time import today_vn
from dxmonitor.investments.contracts import DuplicateGroup, ProjectAlert
from dxmonitor.investments.engine import duplicates as dup
from dxmonitor.investments.engine import signals as sig
from dxmonitor.investments.models import Baseline, Milestone, Project, RiskRating
from dxmonitor.orgs.access import can_read_all, role_of, scope_unit_ids

# ---- access -------------------------------------------------------------------------------------------------


def projects_for_user(user: Any) -> QuerySet[Project]:
    """Projects a principal may read: all for leaders, the secretariat and administrators; those of its own unit
    and the units below it for unit officers and reviewers; none for anyone else."""
    qs = Project.objects.select_related("owner_unit")
    if can_read_all(user):
        return qs
    if role_of(user) in ("unit_officer", "reviewer"):
        return qs.filter(owner_unit_id__in=scope_unit_ids(user))
    return qs.none()


def with_details(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.prefetch_related(
        Prefetch("baselines", queryset=Baseline.objects.order_by("number")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("position", "planned")),
        Prefetch("risk_ratings", queryset=RiskRating.objects.order_by("rated_on", "id")),
        "allocations", "disbursements", "platform_links", "task_links")


# ---- one project --------------------------------------------------------------------------------------------


def current_baseline(project: Project) -> Baseline:
    return project.baselines.order_by("-number").first()  # type: ignore[return-value]


def facts_of(project: Project, as_of: dt.date | None = None) -> sig.ProjectFacts:
    """The pure engine's view of a project (reads prefetched relations when present)."""
    return sig.ProjectFacts(
        as_of=as_of or today_vn(),
        baselines=tuple(sig.BaselineFacts(b.number, b.total_cost, b.start, b.finish)
                        for b in sorted(project.baselines.all(), key=lambda b: b.number)),
        status=project.status, cost_estimate=project.cost_estimate,
        milestones=tuple(sig.MilestoneFacts(m.planned, m.actual) for m in project.milestones.all()),
        allocations={a.year: a.amount for a in project.allocations.all()},
        disbursed={d.month: d.amount for d in project.disbursements.all()},
        last_report_on=project.last_report_on,
        risks=tuple(sig.RiskFacts(r.rating, r.rated_on)
                    for r in sorted(project.risk_ratings.all(), key=lambda r: (r.rated_on, r.pk))))


def signals_of(project: Project, as_of: dt.date | None = None) -> sig.ProjectSignals:
    return sig.evaluate(facts_of(project, as_of))


def money_over_time(project: Project) -> dict[str, Any]:
    """Per year: planned capital and money disbursed; per month: money disbursed and its running total."""
    years: dict[int, dict[str, int]] = defaultdict(lambda: {"planned": 0, "disbursed": 0})
    for a in project.allocations.all():
        years[a.year]["planned"] += a.amount
    months = []
    running = 0
    for d in sorted(project.disbursements.all(), key=lambda d: d.month):
        years[d.month.year]["disbursed"] += d.amount
        running += d.amount
        months.append({"month": d.month.strftime("%Y-%m"), "amount": d.amount, "cumulative": running})
    return {"years": [{"year": y, **v} for y, v in sorted(years.items())], "months": months,
            "disbursed_total": running}


# ---- the platform registry (another app, optional) ------------------------------------------------------------


def _platform_selectors() -> Any | None:
    if not apps.is_installed("dxmonitor.platforms"):
        return None
    try:
        module = importlib.import_module("dxmonitor.platforms.selectors")
    except ModuleNotFoundError:
        return None
    return module if hasattr(module, "platform_refs") else None


def registry_refs() -> list[Any]:
    """Platforms and shared databases of the registry (contracts with code, name, description), or []."""
    module = _platform_selectors()
    if module is None:
        return []
    refs = list(module.platform_refs())
    if hasattr(module, "database_refs"):
        refs += list(module.database_refs())
    return refs


def known_registry_codes() -> set[str] | None:
    """Codes a project may link to, or None while no registry is installed (links are then not checked)."""
    module = _platform_selectors()
    return {r.code for r in registry_refs()} if module is not None else None


def registry_names() -> dict[str, str]:
    return {r.code: r.name for r in registry_refs()}


# ---- the portfolio ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    project: Project
    current: Baseline
    first: Baseline
    signals: sig.ProjectSignals
    disbursed: int
    planned_to_date: int
    risk: int | None


def portfolio(qs: QuerySet[Project], *, as_of: dt.date | None = None, year: int | None = None,
              signal: str | None = None) -> list[PortfolioRow]:
    """Rows of the portfolio. `year` keeps projects running in that year; `signal` (a signal code, or "any")
    keeps projects where that signal is amber or red."""
    day = as_of or today_vn()
    rows = []
    for p in with_details(qs):
        baselines = sorted(p.baselines.all(), key=lambda b: b.number)
        if not baselines:
            continue
        current = baselines[-1]
        if year is not None and not (current.start.year <= year <= max(current.finish.year, current.start.year)):
            continue
        facts = facts_of(p, day)
        s = sig.evaluate(facts)
        if signal and not (s.raised() if signal == "any" else
                           any(x.code == signal and x.level in (sig.AMBER, sig.RED) for x in s.all)):
            continue
        risks = sorted(p.risk_ratings.all(), key=lambda r: (r.rated_on, r.pk))
        rows.append(PortfolioRow(p, current, baselines[0], s, sig.disbursed_to_date(facts),
                                 sig.planned_to_date(facts), risks[-1].rating if risks else None))
    return rows


def totals(rows: Iterable[PortfolioRow], by: str) -> list[dict[str, Any]]:
    """Sums of current cost and money disbursed by "unit", "pillar" or "year" (start year of the current baseline)."""
    groups: dict[Any, dict[str, Any]] = {}
    for r in rows:
        key: Any
        if by == "unit":
            key, label = r.project.owner_unit.key, r.project.owner_unit.name
        elif by == "pillar":
            key, label = r.project.pillar, r.project.get_pillar_display()
        else:
            key, label = r.current.start.year, str(r.current.start.year)
        g = groups.setdefault(key, {"key": key, "label": label, "projects": 0, "total_cost": 0, "disbursed": 0,
                                    "red": 0})
        g["projects"] += 1
        g["total_cost"] += r.current.total_cost
        g["disbursed"] += r.disbursed
        g["red"] += r.signals.overall == sig.RED
    return sorted(groups.values(), key=lambda g: (-g["total_cost"], str(g["key"])))


def signal_labels() -> dict[str, str]:
    """What each signal code means, for pages (the dashboard's alert list included)."""
    return {
        "cost_vs_first": _("Cost against the first baseline"),
        "cost_vs_current": _("Cost against the current baseline"),
        "schedule_vs_first": _("Schedule against the first baseline"),
        "schedule_vs_current": _("Schedule against the current baseline"),
        "disbursement": _("Disbursement against plan"),
        "stale": _("Days since the last report"),
        "risk_unchanged": _("Low risk rating unchanged while variances grow"),
    }


def alerts(*, as_of: dt.date | None = None, level: str = sig.RED) -> list[ProjectAlert]:
    """Projects whose worst signal is at least `level` (for the dashboard)."""
    out = []
    for r in portfolio(Project.objects.select_related("owner_unit"), as_of=as_of):
        if r.signals.overall == sig.RED or (level == sig.AMBER and r.signals.overall == sig.AMBER):
            out.append(ProjectAlert(r.project.code, r.project.name, r.project.owner_unit.key,
                                    r.project.owner_unit.name, r.signals.overall,
                                    tuple(s.code for s in r.signals.raised())))
    return out


# ---- duplicate investment -----------------------------------------------------------------------------------


def duplicate_groups(qs: QuerySet[Project] | None = None) -> list[tuple[DuplicateGroup, list[Project]]]:
    """Clusters of similar projects of two or more units (cancelled projects left out), largest first."""
    projects = list((qs if qs is not None else Project.objects.all()).select_related("owner_unit")
                    .prefetch_related(Prefetch("baselines", queryset=Baseline.objects.order_by("number")))
                    .exclude(status="cancelled"))
    texts = [dup.ProjectText(p.code, p.owner_unit.key, p.kind, p.name, p.description, (p.owner_unit.name,))
             for p in projects]
    refs = registry_refs()
    platforms = [dup.PlatformText(r.code, r.name, getattr(r, "description", "")) for r in refs]
    names = {r.code: r.name for r in refs}
    by_code = {p.code: p for p in projects}
    out = []
    for c in dup.find_clusters(texts, platforms):
        members = [by_code[code] for code in c.codes]
        total = sum(list(p.baselines.all())[-1].total_cost for p in members)
        out.append((DuplicateGroup(c.kind, c.codes, c.units, total, c.platform_code,
                                   names.get(c.platform_code) if c.platform_code else None), members))
    return out
