"""Reads of the indicators domain: who may enter, review and see what; progress; previous values; the contract
the index engine reads (`approved_values`) and the trace behind one number (`value_trace`)."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from dxmonitor.core.audit import history_for
from dxmonitor.core.time import today_vn
from dxmonitor.indicators import periods
from dxmonitor.indicators import validation as v
from dxmonitor.indicators.contracts import EvidenceRef, TraceEvent, ValueRecord, ValueTrace
from dxmonitor.indicators.models import (
    Assignment,
    Campaign,
    CampaignReviewer,
    DataValue,
    EvidenceFile,
    Indicator,
    Rule,
    ValueStatus,
)
from dxmonitor.orgs.access import SYSTEM, can_read_all, is_secretariat, role_of, scope_unit_ids
from dxmonitor.orgs.selectors import kinds_for, predecessors_of

EDITABLE = (ValueStatus.DRAFT, ValueStatus.RETURNED)


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or user.get_username())


# ---- catalogue ----------------------------------------------------------------------------------------------


def catalogue(*, active_only: bool = True) -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("denominator")
    return qs.filter(is_active=True) if active_only else qs


def indicator_groups() -> list[str]:
    return sorted(set(Indicator.objects.values_list("group", flat=True)))


def group_label(group: str, lang: str = "vi") -> str:
    """A group's display name: the name of the main indicator of the same code (awareness -> Nhận thức số)."""
    names = _group_names()
    vi, en = names.get(group, (group, group))
    return en if lang.startswith("en") and en else vi


def _group_names() -> dict[str, tuple[str, str]]:
    groups = set(Indicator.objects.values_list("group", flat=True))
    return {i.code: (i.name_vi, i.name_en) for i in Indicator.objects.filter(code__in=groups)}


def spec_of(indicator: Indicator) -> v.IndicatorSpec:
    return v.IndicatorSpec(code=indicator.code, value_type=indicator.value_type, min_value=indicator.min_value,
                           max_value=indicator.max_value, required=indicator.required, direction=indicator.direction)


def rule_rows() -> QuerySet[Rule]:
    return Rule.objects.filter(is_active=True)


def active_rules(codes: Iterable[str] | None = None) -> list[v.Rule]:
    """The parsed rules that involve only the given codes (all active rules when None)."""
    allowed = set(codes) if codes is not None else None
    rules = []
    for r in Rule.objects.filter(is_active=True):
        rule = v.parse_rule(r.expression, severity=r.severity, message_vi=r.message_vi, message_en=r.message_en,
                            code=r.code)
        if allowed is None or rule.names <= allowed:
            rules.append(rule)
    return rules


def applies_to(indicator: Indicator, unit_kind: str) -> bool:
    kinds = indicator.unit_kinds or []
    return not kinds or any(unit_kind in (kinds_for(k) or ()) for k in kinds)


# ---- access -------------------------------------------------------------------------------------------------


def can_enter(user: Any, unit_id: int) -> bool:
    """Self-assessed values are entered by the unit's own officers (or its system clients), nobody else: the
    secretariat reviews and reopens, it does not fill in a unit's figures."""
    return role_of(user) in ("unit_officer", SYSTEM) and unit_id in scope_unit_ids(user)


def reviewer_groups(user: Any, campaign: Campaign) -> set[str] | None:
    """The indicator groups the user reviews in the campaign; None means every group (the secretariat)."""
    if is_secretariat(user):
        return None
    if role_of(user) != "reviewer":
        return set()
    return set(CampaignReviewer.objects.filter(campaign=campaign, user_id=user.pk).values_list("group", flat=True))


def can_review(user: Any, value: DataValue) -> bool:
    groups = reviewer_groups(user, value.assignment.campaign)
    return groups is None or value.indicator.group in groups


def campaigns_for_user(user: Any) -> QuerySet[Campaign]:
    qs = Campaign.objects.all()
    if can_read_all(user):
        return qs
    role = role_of(user)
    if role == "reviewer":
        return qs.filter(reviewers__user_id=user.pk).distinct()
    if role in ("unit_officer", SYSTEM):
        return qs.filter(assignments__unit_id__in=scope_unit_ids(user)).distinct()
    return qs.none()


def assignments_for_user(user: Any, campaign: Campaign) -> QuerySet[Assignment]:
    """The assignments of a campaign a user may see: all for readers and the campaign's reviewers; own units
    for officers."""
    qs = campaign.assignments.select_related("unit", "submitted_by")
    if can_read_all(user):
        return qs
    role = role_of(user)
    if role == "reviewer" and CampaignReviewer.objects.filter(campaign=campaign, user_id=user.pk).exists():
        return qs
    if role in ("unit_officer", SYSTEM):
        return qs.filter(unit_id__in=scope_unit_ids(user))
    return qs.none()


def assignment_for_user(user: Any, campaign_id: int, unit_id: int) -> Assignment | None:
    campaign = campaigns_for_user(user).filter(pk=campaign_id).first()
    if campaign is None:
        return None
    return assignments_for_user(user, campaign).filter(unit_id=unit_id).first()


def values_for_user(user: Any) -> QuerySet[DataValue]:
    """Values a principal may read: all for readers of everything; their groups for reviewers; own units for
    officers and system clients."""
    qs = DataValue.objects.select_related("indicator", "unit", "assignment__campaign")
    if can_read_all(user):
        return qs
    role = role_of(user)
    if role == "reviewer":
        links = CampaignReviewer.objects.filter(user_id=user.pk).values_list("campaign_id", "group")
        cond = Q(pk__in=[])
        for campaign_id, group in links:
            cond |= Q(assignment__campaign_id=campaign_id, indicator__group=group)
        return qs.filter(cond)
    if role in ("unit_officer", SYSTEM):
        return qs.filter(unit_id__in=scope_unit_ids(user))
    return qs.none()


def value_for_user(user: Any, value_id: int) -> DataValue | None:
    return values_for_user(user).filter(pk=value_id).first()


def evidence_for_user(user: Any, evidence_id: int) -> EvidenceFile | None:
    return EvidenceFile.objects.filter(pk=evidence_id, value__in=values_for_user(user)).first()


def reviewers_for_group(group: str) -> list[Any]:
    """Active users with the reviewer role whose review groups contain `group` (filtered in Python: JSON
    containment differs between SQLite and PostgreSQL)."""
    users = get_user_model().objects.filter(role="reviewer", is_active=True).order_by("username")
    return [u for u in users if group in (u.review_groups or [])]


def user_by_username(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


# ---- review queue -------------------------------------------------------------------------------------------


def review_queue(user: Any) -> QuerySet[DataValue]:
    """Submitted values awaiting review that the user may review: their groups, or all for the secretariat."""
    qs = DataValue.objects.filter(status=ValueStatus.SUBMITTED).select_related(
        "indicator", "unit", "assignment__campaign", "submitted_by")
    if is_secretariat(user):
        return qs
    if role_of(user) != "reviewer":
        return qs.none()
    links = CampaignReviewer.objects.filter(user_id=user.pk).values_list("campaign_id", "group")
    cond = Q(pk__in=[])
    for campaign_id, group in links:
        cond |= Q(assignment__campaign_id=campaign_id, indicator__group=group)
    return qs.filter(cond)


@dataclass(frozen=True)
class QueueItem:
    campaign_id: int
    campaign: str
    period: str
    unit_id: int
    unit_name: str
    count: int
    groups: tuple[str, ...]
    oldest: dt.datetime | None


def review_queue_summary(user: Any) -> list[QueueItem]:
    """The queue grouped by campaign and unit, oldest submission first."""
    buckets: dict[tuple[int, int], list[DataValue]] = defaultdict(list)
    for value in review_queue(user):
        buckets[(value.assignment.campaign_id, value.unit_id)].append(value)
    items = []
    for (campaign_id, unit_id), vals in buckets.items():
        first = vals[0]
        times = [x.submitted_at for x in vals if x.submitted_at]
        items.append(QueueItem(campaign_id, first.assignment.campaign.name, first.period, unit_id, first.unit.name,
                               len(vals), tuple(sorted({x.indicator.group for x in vals})), min(times) if times else None))
    return sorted(items, key=lambda i: (i.oldest is None, i.oldest or dt.datetime.min.replace(tzinfo=dt.UTC)))


# ---- previous values and outlier reference ------------------------------------------------------------------


@dataclass(frozen=True)
class Previous:
    value: float | None
    note: str = ""  # "mean of predecessors" when the unit did not exist in the previous period


def previous_values(unit: Any, period: str, indicators: Sequence[Indicator]) -> dict[str, Previous]:
    """The approved values of the previous period; for a unit created by a merger, the predecessors' values
    combined by each indicator's aggregation (sum for counts, mean otherwise) so the field still has a reference."""
    prev = periods.previous(period)
    codes = [i.code for i in indicators]
    rows = DataValue.objects.filter(unit=unit, period=prev, indicator__code__in=codes, status=ValueStatus.APPROVED)
    found = {code: Previous(final) for code, final in rows.values_list("indicator__code", "final")}
    missing = [i for i in indicators if i.code not in found]
    if missing:
        preds = [p.pk for p in predecessors_of(unit) if p.pk != unit.pk]
        if preds:
            pred_rows = DataValue.objects.filter(unit_id__in=preds, period=prev, status=ValueStatus.APPROVED,
                                                 indicator__code__in=[i.code for i in missing])
            by_code: dict[str, list[float]] = defaultdict(list)
            for code, final in pred_rows.values_list("indicator__code", "final"):
                if final is not None:
                    by_code[code].append(final)
            for ind in missing:
                xs = by_code.get(ind.code)
                if xs:
                    agg = sum(xs) if ind.aggregation == "sum" else statistics.fmean(xs)
                    found[ind.code] = Previous(agg, "predecessors")
    return found


def reference_changes(indicators: Sequence[Indicator], period: str, *, lookback: int = 3) -> dict[str, list[float]]:
    """How each indicator changed between consecutive approved periods across all units over the last
    `lookback` transitions before `period`: the distribution a new change is compared with."""
    wanted = [periods.previous(period, k) for k in range(1, lookback + 2)]
    spec = {i.code: spec_of(i) for i in indicators}
    rows = DataValue.objects.filter(period__in=wanted, status=ValueStatus.APPROVED, indicator__code__in=list(spec),
                                    final__isnull=False).values_list("indicator__code", "unit_id", "period", "final")
    series: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for code, unit_id, p, final in rows:
        if final is not None:
            series[(code, unit_id)][p] = final
    out: dict[str, list[float]] = defaultdict(list)
    for (code, _unit), by_period in series.items():
        relative = v.is_relative(spec[code])
        for newer, older in itertools.pairwise(wanted):
            delta = v.change(by_period.get(older), by_period.get(newer), relative)
            if delta is not None:
                out[code].append(delta)
    return dict(out)


# ---- entry form ---------------------------------------------------------------------------------------------


@dataclass
class EntryRow:
    value: DataValue
    indicator: Indicator
    previous: Previous | None
    evidence: list[EvidenceFile] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return self.value.status in EDITABLE


def entry_rows(assignment: Assignment) -> list[EntryRow]:
    values = list(assignment.values.select_related("indicator", "reviewed_by", "approved_by", "submitted_by")
                  .prefetch_related("evidence"))
    indicators = [x.indicator for x in values]
    prev = previous_values(assignment.unit, assignment.campaign.period, indicators)
    return [EntryRow(x, x.indicator, prev.get(x.indicator.code), list(x.evidence.all())) for x in values]


def assignment_issues(assignment: Assignment, *, require_all: bool) -> list[v.Issue]:
    """Every issue of the unit's current figures (rules, ranges, outliers; missing values with `require_all`)."""
    rows = list(assignment.values.select_related("indicator"))
    indicators = [x.indicator for x in rows]
    values = {x.indicator.code: x.self_assessed for x in rows}
    specs = [spec_of(i) for i in indicators]
    previous = {c: p.value for c, p in previous_values(assignment.unit, assignment.campaign.period,
                                                                  indicators).items()}
    refs = reference_changes(indicators, assignment.campaign.period)
    return v.validate(specs, values, rules=active_rules(values), previous=previous,
                      reference_changes=refs, require_all=require_all)


def assignment_values(assignment: Assignment) -> dict[str, float | None]:
    return dict(assignment.values.values_list("indicator__code", "self_assessed"))


# ---- progress -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    assignment_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    status: str  # not_started | draft | submitted | returned | approved | partly_approved
    submitted_at: dt.datetime | None
    late: bool  # deadline passed and never submitted
    submitted_late: bool
    completeness: float
    counts: dict[str, int]
    entered: int = 0
    total: int = 0


def assignment_status(counts: dict[str, int], entered: int) -> str:
    total = sum(counts.values())
    if total and counts.get(ValueStatus.APPROVED, 0) == total:
        return "approved"
    if counts.get(ValueStatus.RETURNED, 0):
        return "returned"
    if counts.get(ValueStatus.SUBMITTED, 0):
        return "submitted"
    if counts.get(ValueStatus.APPROVED, 0):
        return "partly_approved"
    return "draft" if entered else "not_started"


def campaign_progress(campaign: Campaign, user: Any, *, as_of: dt.date | None = None) -> list[ProgressRow]:
    day = as_of or today_vn()
    # Provinces first, then ministries and agencies, each by code.
    assignments = sorted(assignments_for_user(user, campaign),
                         key=lambda a: (a.unit.kind not in ("province", "city"), a.unit.code))
    stats = (DataValue.objects.filter(assignment__in=assignments)
             .values("assignment_id", "status")
             .annotate(n=Count("id"), entered=Count("id", filter=Q(self_assessed__isnull=False))))
    required = (DataValue.objects.filter(assignment__in=assignments, indicator__required=True)
                .values("assignment_id")
                .annotate(n=Count("id"), filled=Count("id", filter=Q(self_assessed__isnull=False))))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    entered: dict[int, int] = defaultdict(int)
    for row in stats:
        counts[row["assignment_id"]][row["status"]] = row["n"]
        entered[row["assignment_id"]] += row["entered"]
    complete = {r["assignment_id"]: (r["filled"] / r["n"] if r["n"] else 1.0) for r in required}
    out = []
    for a in assignments:
        c = counts.get(a.pk, {})
        submitted_late = bool(a.first_submitted_at and a.first_submitted_at.date() > campaign.deadline)
        out.append(ProgressRow(
            assignment_id=a.pk, unit_id=a.unit_id, unit_code=a.unit.code, unit_name=a.unit.name,
            status=assignment_status(c, entered.get(a.pk, 0)), submitted_at=a.first_submitted_at,
            late=a.first_submitted_at is None and day > campaign.deadline, submitted_late=submitted_late,
            completeness=complete.get(a.pk, 1.0), counts=c, entered=entered.get(a.pk, 0), total=sum(c.values()),
        ))
    return out


def progress_summary(rows: Sequence[ProgressRow]) -> dict[str, Any]:
    n = len(rows)
    by_status: dict[str, int] = defaultdict(int)
    for r in rows:
        by_status[r.status] += 1
    submitted = sum(1 for r in rows if r.submitted_at is not None)
    return {"units": n, "submitted": submitted, "late": sum(1 for r in rows if r.late),
            "approved": by_status.get("approved", 0), "by_status": dict(by_status),
            "completeness": (sum(r.completeness for r in rows) / n) if n else 0.0}


# ---- contract for the index engine and the dashboard --------------------------------------------------------


def approved_values(period: str | int, indicator_codes: list[str] | None = None, *,
                    indicator: str | None = None) -> list[ValueRecord]:
    """The approved (final) values of a period, optionally for some indicators, ordered by unit and indicator.

    `indicator=` is accepted as a shorthand for one code.
    """
    codes = list(indicator_codes or [])
    if indicator:
        codes.append(indicator)
    qs = (DataValue.objects.filter(period=periods.normalise(period), status=ValueStatus.APPROVED, final__isnull=False)
          .select_related("indicator", "unit", "submitted_by", "approved_by")
          .annotate(n_evidence=Count("evidence"))
          .order_by("unit__code", "unit__key", "indicator__sort_order", "indicator__code"))
    if codes:
        qs = qs.filter(indicator__code__in=codes)
    return [ValueRecord(
        unit_key=x.unit.key, unit_code=x.unit.code, unit_name=x.unit.name, indicator_code=x.indicator.code,
        period=x.period, value=x.final, self_assessed=x.self_assessed, reviewed=x.reviewed,
        submitted_by=_name(x.submitted_by), approved_by=_name(x.approved_by), approved_at=x.approved_at,
        evidence_count=x.n_evidence, value_type=x.indicator.value_type,
    ) for x in qs]


def approved_periods() -> list[str]:
    return sorted(set(DataValue.objects.filter(status=ValueStatus.APPROVED).values_list("period", flat=True)))


def value_trace(unit_key: str, indicator_code: str, period: str | int) -> ValueTrace | None:
    """Who entered, submitted, reviewed and approved one value, its evidence and its audited history."""
    x = (DataValue.objects.filter(unit__key=unit_key, indicator__code=indicator_code,
                                  period=periods.normalise(period))
         .select_related("indicator", "unit", "assignment__campaign", "submitted_by", "reviewed_by", "approved_by")
         .first())
    if x is None:
        return None
    evidence = tuple(EvidenceRef(name=e.original_name, size=e.size, sha256=e.sha256, uploaded_by=_name(e.uploaded_by),
                                 uploaded_at=e.uploaded_at, url=f"/indicators/evidence/{e.pk}/")
                     for e in x.evidence.select_related("uploaded_by"))
    # Historical values loaded in bulk are audited once per unit, on the assignment.
    entries = list(history_for(x)) + [h for h in history_for(x.assignment)
                                      if x.indicator.code in ((h.after or {}).get("indicators") or [])]
    history = tuple(TraceEvent(at=h.at, actor=h.actor_repr, action=h.action, detail=h.reason)
                    for h in sorted(entries, key=lambda h: (h.at, h.pk)))
    return ValueTrace(
        unit_key=x.unit.key, unit_code=x.unit.code, unit_name=x.unit.name, indicator_code=x.indicator.code,
        indicator_name=x.indicator.name_vi, period=x.period, status=x.status, value=x.final,
        self_assessed=x.self_assessed, reviewed=x.reviewed, comment=x.comment, review_comment=x.review_comment,
        submitted_by=_name(x.submitted_by), submitted_at=x.submitted_at, reviewed_by=_name(x.reviewed_by),
        reviewed_at=x.reviewed_at, approved_by=_name(x.approved_by), approved_at=x.approved_at,
        campaign=x.assignment.campaign.name, evidence=evidence, history=history,
    )


def export_rows(user: Any, *, period: str | None = None, indicator_codes: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Approved values the user may read, flat, for CSV/XLSX/JSON export."""
    qs = (values_for_user(user).filter(status=ValueStatus.APPROVED)
          .select_related("submitted_by", "approved_by").annotate(n_evidence=Count("evidence"))
          .order_by("period", "unit__code", "indicator__sort_order"))
    if period:
        qs = qs.filter(period=periods.normalise(period))
    if indicator_codes:
        qs = qs.filter(indicator__code__in=list(indicator_codes))
    return [{
        "period": x.period, "unit_code": x.unit.code, "unit_name": x.unit.name, "indicator_code": x.indicator.code,
        "indicator_name": x.indicator.name_vi, "value": x.final, "self_assessed": x.self_assessed,
        "reviewed": x.reviewed, "unit_of_measure": x.indicator.unit_of_measure,
        "submitted_by": _name(x.submitted_by), "approved_by": _name(x.approved_by),
        "approved_at": x.approved_at.isoformat() if x.approved_at else "", "evidence_count": x.n_evidence,
    } for x in qs]
