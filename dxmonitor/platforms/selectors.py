"""Reads of the platforms domain: registry references for other apps, platforms with their adoption and usage,
databases with their connections (a graph) and their data-quality history."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from dxmonitor.orgs.access import can_read_all, role_of, scope_unit_ids
from dxmonitor.platforms.contracts import PlatformRef
from dxmonitor.platforms.models import Exchange, Platform, PlatformUsage, QualityRun, SharedDatabase
from dxmonitor.platforms.quality.rules import RuleSet, load_profile, parse_rules

#: Published count of national digital platforms by pillar (MISSION.md): the registry is compared with it.
PUBLISHED_PLATFORMS = {"government": 18, "economy": 16, "society": 16}
IOC = "IOC"  # the graph node of the Government's information and command centre


def platform_refs() -> list[PlatformRef]:
    return [PlatformRef(p.code, p.name, p.pillar, p.description) for p in Platform.objects.all()]


def database_refs() -> list[PlatformRef]:
    return [PlatformRef(d.code, d.name, "", d.description) for d in SharedDatabase.objects.all()]


def platforms() -> QuerySet[Platform]:
    return (Platform.objects.select_related("owner_unit").annotate(adopters=Count("adoptions"))
            .prefetch_related(Prefetch("usage", queryset=PlatformUsage.objects.order_by("metric", "month"))))


def usage_series(platform: Platform) -> dict[str, list[dict[str, Any]]]:
    """metric -> [{month, value}] in month order."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u in platform.usage.all():
        out[u.metric].append({"month": u.month.strftime("%Y-%m"), "value": u.value})
    return dict(out)


def latest_usage(platform: Platform) -> dict[str, Any] | None:
    rows = sorted(platform.usage.all(), key=lambda u: u.month)
    return {"month": rows[-1].month, "metric": rows[-1].metric, "value": rows[-1].value} if rows else None


def databases() -> QuerySet[SharedDatabase]:
    return SharedDatabase.objects.select_related("owner_unit").prefetch_related(
        Prefetch("quality_runs", queryset=QualityRun.objects.order_by("-as_of", "-checked_at")))


def latest_run(database: SharedDatabase) -> QualityRun | None:
    runs = list(database.quality_runs.all())
    return runs[0] if runs else None


def history(database: SharedDatabase) -> list[QualityRun]:
    """Runs oldest first (one per as-of day: the latest check of that day)."""
    by_day: dict[Any, QualityRun] = {}
    for run in sorted(database.quality_runs.all(), key=lambda r: (r.as_of, r.checked_at)):
        by_day[run.as_of] = run
    return list(by_day.values())


def graph() -> dict[str, Any]:
    """Nodes (databases and the command centre) and edges (exchanges and links to the centre) with their status."""
    dbs = list(SharedDatabase.objects.select_related("owner_unit"))
    nodes = [{"id": IOC, "name": "IOC", "kind": "ioc"}] + [
        {"id": d.code, "name": d.name, "kind": d.scope, "owner": d.owner_unit.name} for d in dbs]
    edges = [{"source": d.code, "target": IOC, "status": d.ioc_status, "last": d.ioc_last_exchange_at} for d in dbs]
    edges += [{"source": x.source.code, "target": x.target.code, "status": x.status, "last": x.last_success_at}
              for x in Exchange.objects.select_related("source", "target")]
    return {"nodes": nodes, "edges": edges}


def runs_for_user(user: Any) -> QuerySet[QualityRun]:
    """Quality runs a principal may read: all for readers of everything; its own databases' for unit officers."""
    qs = QualityRun.objects.select_related("database", "database__owner_unit", "checked_by")
    if can_read_all(user):
        return qs
    if role_of(user) in ("unit_officer", "reviewer"):
        return qs.filter(database__owner_unit_id__in=scope_unit_ids(user))
    return qs.none()


def ruleset_for(database: SharedDatabase, rules_text: str | None = None) -> RuleSet:
    """The rules a dataset of this database is scored with: given rules, else the database's own, else its
    built-in profile. Raises QualityInputError when there are none or they are wrong."""
    from dxmonitor.platforms.quality.rules import QualityInputError

    if rules_text and rules_text.strip():
        return parse_rules(rules_text, source="uploaded rules")
    if database.quality_rules.strip():
        return parse_rules(database.quality_rules, source=f"rules of {database.code}")
    if database.quality_profile:
        return load_profile(database.quality_profile)
    raise QualityInputError(f"{database.code} has no quality rules yet: upload a rules file with the data")
