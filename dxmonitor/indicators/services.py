"""Writes of the indicators domain: catalogue loading, campaigns, data entry, submission, review, approval,
reopening and evidence, each one atomic, permission-checked and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dxmonitor.core.audit import audit_record, snapshot
from dxmonitor.core.text import clean_text, nfc, nfc_deep
from dxmonitor.indicators import periods, selectors
from dxmonitor.indicators import validation as v
from dxmonitor.indicators.models import (
    Aggregation,
    Assignment,
    Campaign,
    CampaignReviewer,
    DataValue,
    Direction,
    EvidenceFile,
    Indicator,
    Periodicity,
    Rule,
    Source,
    ValueStatus,
    ValueType,
)
from dxmonitor.orgs.access import is_secretariat, require
from dxmonitor.orgs.selectors import kinds_for

MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".png", ".jpg", ".jpeg", ".zip")
_VALUE_FIELDS = ("self_assessed", "reviewed", "final", "status", "comment", "review_comment", "submitted_by_id",
                 "reviewed_by_id", "approved_by_id")


class ValuesRejected(ValidationError):
    """Values that cannot be saved or submitted; `issues` names the indicator of each problem."""

    def __init__(self, issues: Sequence[v.Issue]):
        self.issues = list(issues)
        super().__init__([f"{i.indicator_code}: {i.message_vi}" for i in self.issues])


def _audit_value(actor: Any, action: str, value: DataValue, before: dict[str, Any] | None, via: str,
                 reason: str = "") -> None:
    audit_record(actor=actor, action=action, obj=value, before=before, after=snapshot(value, _VALUE_FIELDS),
                 unit_key=value.unit.key, via=via, reason=reason)


# ---- catalogue ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueReport:
    created: int
    updated: int
    rules: int


_INDICATOR_KEYS = {"code", "name_vi", "name_en", "definition", "unit_of_measure", "value_type", "direction",
                   "periodicity", "unit_kinds", "source", "aggregation", "denominator", "evidence_required", "required",
                   "group", "min_value", "max_value", "legal_basis"}


def _check_indicator(i: int, raw: Any, errors: list[str]) -> dict[str, Any] | None:
    where = f"indicators[{i}]"
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: must be a mapping")
        return None
    code = str(raw.get("code", "")).strip()
    where = f"indicators[{i}] ({code or 'no code'})"
    unknown = set(raw) - _INDICATOR_KEYS
    if unknown:
        errors.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if not code or not code.replace("_", "").isalnum() or not code[0].isalpha() or code != code.lower():
        errors.append(f"{where}: code must be lower-case letters, digits and _ (starting with a letter)")
    if not str(raw.get("name_vi", "")).strip():
        errors.append(f"{where}: name_vi is required")
    if not str(raw.get("group", "")).strip():
        errors.append(f"{where}: group is required")
    choices = {"value_type": ValueType.values, "direction": Direction.values, "periodicity": Periodicity.values,
               "source": Source.values, "aggregation": Aggregation.values}
    defaults = {"value_type": "number", "direction": "higher", "periodicity": "year", "source": "self_reported",
                "aggregation": "mean"}
    data: dict[str, Any] = {"code": code}
    for key, allowed in choices.items():
        value = str(raw.get(key, defaults[key]))
        if value not in allowed:
            errors.append(f"{where}: {key} '{value}' is not one of {', '.join(allowed)}")
        data[key] = value
    kinds = raw.get("unit_kinds", []) or []
    if not isinstance(kinds, list):
        errors.append(f"{where}: unit_kinds must be a list")
        kinds = []
    for kind in kinds:
        try:
            kinds_for(str(kind))
        except ValueError as exc:
            errors.append(f"{where}: {exc}")
    bounds: dict[str, float | None] = {}
    for key in ("min_value", "max_value"):
        given = raw.get(key)
        if given is not None and not isinstance(given, int | float):
            errors.append(f"{where}: {key} must be a number")
            given = None
        bounds[key] = float(given) if given is not None else None
    low, high = bounds["min_value"], bounds["max_value"]
    if low is not None and high is not None and low > high:
        errors.append(f"{where}: min_value is above max_value")
    if data["aggregation"] == Aggregation.WEIGHTED_MEAN and not raw.get("denominator"):
        errors.append(f"{where}: a weighted mean needs a denominator indicator")
    data.update(bounds)
    data.update({
        "name_vi": clean_text(nfc(str(raw.get("name_vi", "")))), "name_en": clean_text(str(raw.get("name_en", ""))),
        "definition": nfc(str(raw.get("definition", "")).strip()),
        "unit_of_measure": nfc(str(raw.get("unit_of_measure", "")).strip()), "unit_kinds": [str(k) for k in kinds],
        "evidence_required": bool(raw.get("evidence_required", False)), "required": bool(raw.get("required", True)),
        "group": str(raw.get("group", "")).strip(), "legal_basis": nfc(str(raw.get("legal_basis", "")).strip()),
        "denominator": str(raw.get("denominator") or ""),
    })
    return data


@transaction.atomic
def catalogue_load(*, actor: Any, data: Mapping[str, Any], via: str = "cli") -> CatalogueReport:
    """Create or update the indicators and rules of a catalogue document; all or nothing, every error listed."""
    if actor is not None:
        require(is_secretariat(actor), "Only the secretariat changes the indicator catalogue.")
    data = nfc_deep(dict(data))
    errors: list[str] = []
    raw_indicators = data.get("indicators") or []
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise ValidationError({"indicators": "the catalogue must list indicators"})
    parsed = [p for i, raw in enumerate(raw_indicators) if (p := _check_indicator(i, raw, errors)) is not None]
    codes = [p["code"] for p in parsed]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        errors.append(f"indicators: duplicate code(s) {', '.join(duplicates)}")
    known = set(codes) | set(Indicator.objects.values_list("code", flat=True))
    for p in parsed:
        if p["denominator"] and p["denominator"] not in known:
            errors.append(f"indicators ({p['code']}): denominator '{p['denominator']}' is not an indicator")
    rules = []
    for i, raw in enumerate(data.get("rules") or []):
        try:
            rules.append((str(raw["code"]), v.parse_rule(
                str(raw.get("expression", "")), known=known, severity=str(raw.get("severity", "error")),
                message_vi=str(raw.get("message_vi", "")), message_en=str(raw.get("message_en", "")))))
        except (KeyError, TypeError):
            errors.append(f"rules[{i}]: code and expression are required")
        except v.RuleError as exc:
            errors.append(f"rules[{i}]: {exc}")
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for order, p in enumerate(parsed, start=1):
        fields = {k: val for k, val in p.items() if k not in ("code", "denominator")}
        fields["sort_order"] = order * 10
        fields["is_active"] = True
        obj = Indicator.objects.filter(code=p["code"]).first()
        before = snapshot(obj) if obj else None
        if obj is None:
            obj = Indicator.objects.create(code=p["code"], **fields)
            created += 1
        else:
            for k, val in fields.items():
                setattr(obj, k, val)
            obj.save()
            updated += 1
        audit_record(actor=actor, action="indicators.indicator.load", obj=obj, before=before, after=snapshot(obj),
                     via=via)
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for p in parsed:
        obj = by_code[p["code"]]
        denominator = Indicator.objects.get(code=p["denominator"]) if p["denominator"] else None
        if obj.denominator_id != (denominator.pk if denominator else None):
            obj.denominator = denominator
            obj.save(update_fields=["denominator"])
    for code, rule in rules:
        Rule.objects.update_or_create(code=code, defaults={
            "expression": rule.expression, "severity": rule.severity, "message_vi": rule.message_vi,
            "message_en": rule.message_en, "is_active": True})
    audit_record(actor=actor, action="indicators.catalogue.load", object_type="indicators.catalogue",
                 after={"indicators": codes, "rules": [c for c, _ in rules]}, via=via)
    return CatalogueReport(created=created, updated=updated, rules=len(rules))


@transaction.atomic
def reviewer_set_groups(*, actor: Any, user: Any, groups: Sequence[str], via: str = "web") -> Any:
    """Give a reviewer the indicator groups they verify (thẩm định)."""
    if actor is not None:
        require(is_secretariat(actor), "Only the secretariat assigns review groups.")
    if user.role != "reviewer":
        raise ValidationError({"user": f"'{user.get_username()}' is not a reviewer"})
    known = set(selectors.indicator_groups())
    unknown = sorted(set(groups) - known)
    if unknown:
        raise ValidationError({"groups": f"unknown indicator group(s): {', '.join(unknown)}"})
    before = {"review_groups": list(user.review_groups or [])}
    user.review_groups = sorted(set(groups))
    user.save(update_fields=["review_groups"])
    audit_record(actor=actor, action="indicators.reviewer.groups", obj=user, before=before,
                 after={"review_groups": user.review_groups}, via=via)
    return user


# ---- campaigns ----------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *, actor: Any, name: str, period: str, deadline: dt.date, indicator_codes: Sequence[str], units: Sequence[Any],
    reviewers: Mapping[str, Sequence[Any]] | None = None, description: str = "", via: str = "web",
) -> Campaign:
    """Open a campaign: one assignment per unit, one empty value per unit and applicable indicator. Reviewers
    default, per indicator group, to every reviewer whose review groups contain it."""
    if actor is not None:
        require(is_secretariat(actor), "Only the secretariat manages collection campaigns.")
    errors: dict[str, list[str]] = {}
    name = clean_text(nfc(name))
    if not name:
        errors.setdefault("name", []).append("a name is required")
    try:
        period = periods.normalise(period)
        periodicity = periods.periodicity_of(period)
    except ValueError as exc:
        errors.setdefault("period", []).append(str(exc))
        periodicity = ""
    codes = list(dict.fromkeys(c.strip() for c in indicator_codes if c.strip()))
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)}
    missing = [c for c in codes if c not in indicators]
    if missing:
        errors.setdefault("indicators", []).append(f"unknown or inactive indicator(s): {', '.join(missing)}")
    if not codes:
        errors.setdefault("indicators", []).append("choose at least one indicator")
    wrong = [c for c, i in indicators.items() if periodicity and i.periodicity != periodicity]
    if wrong:
        errors.setdefault("indicators", []).append(
            f"not collected per {periodicity}: {', '.join(sorted(wrong))}")
    if not units:
        errors.setdefault("units", []).append("assign at least one unit")
    if errors:
        raise ValidationError(errors)
    ordered = [indicators[c] for c in codes]
    pairs = [(u, i) for u in units for i in ordered if selectors.applies_to(i, u.kind)]
    clash = DataValue.objects.filter(period=period, unit__in=list(units), indicator__in=ordered)
    if clash.exists():
        sample = ", ".join(f"{x.unit.name}/{x.indicator.code}" for x in clash.select_related("unit", "indicator")[:5])
        raise ValidationError({"indicators": f"already collected for {period} in another campaign: {sample}"})
    unused = [u.name for u in units if not any(selectors.applies_to(i, u.kind) for i in ordered)]
    if unused:
        raise ValidationError({"units": f"no chosen indicator applies to: {', '.join(unused[:5])}"})
    campaign = Campaign.objects.create(name=name, period=period, deadline=deadline, created_by=_user(actor),
                                       description=nfc(description.strip()))
    campaign.indicators.set(ordered)
    assignments = {u.pk: Assignment(campaign=campaign, unit=u) for u in units}
    Assignment.objects.bulk_create(assignments.values())
    DataValue.objects.bulk_create([DataValue(assignment=assignments[u.pk], unit=u, indicator=i, period=period)
                                   for u, i in pairs])
    groups = sorted({i.group for i in ordered})
    chosen = reviewers if reviewers is not None else {g: selectors.reviewers_for_group(g) for g in groups}
    CampaignReviewer.objects.bulk_create([CampaignReviewer(campaign=campaign, group=g, user=u)
                                          for g, users in chosen.items() for u in users])
    audit_record(actor=actor, action="indicators.campaign.create", obj=campaign, after={
        "name": name, "period": period, "deadline": deadline, "indicators": codes,
        "units": [u.key for u in units], "reviewers": {g: [u.get_username() for u in us] for g, us in chosen.items()},
    }, via=via)
    return campaign


@transaction.atomic
def campaign_set_reviewers(*, actor: Any, campaign: Campaign, group: str, users: Sequence[Any],
                           via: str = "web") -> Campaign:
    require(is_secretariat(actor), "Only the secretariat manages collection campaigns.")
    not_reviewers = [u.get_username() for u in users if u.role != "reviewer"]
    if not_reviewers:
        raise ValidationError({"users": f"not reviewers: {', '.join(not_reviewers)}"})
    before = list(campaign.reviewers.filter(group=group).values_list("user__username", flat=True))
    campaign.reviewers.filter(group=group).delete()
    CampaignReviewer.objects.bulk_create([CampaignReviewer(campaign=campaign, group=group, user=u) for u in users])
    audit_record(actor=actor, action="indicators.campaign.reviewers", obj=campaign, before={group: before},
                 after={group: [u.get_username() for u in users]}, via=via)
    return campaign


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign, via: str = "web") -> Campaign:
    require(is_secretariat(actor), "Only the secretariat manages collection campaigns.")
    campaign.state = Campaign.State.CLOSED
    campaign.save(update_fields=["state"])
    audit_record(actor=actor, action="indicators.campaign.close", obj=campaign, after={"state": campaign.state},
                 via=via)
    return campaign


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None


# ---- data entry ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInput:
    """One field of the entry form or one row of the Excel file; comment None leaves the comment unchanged."""

    indicator_code: str
    value: float | None
    comment: str | None = None


def _require_entry(actor: Any, assignment: Assignment) -> None:
    require(selectors.can_enter(actor, assignment.unit_id), "Only the unit's own officers enter its values.")
    if assignment.campaign.state != Campaign.State.OPEN:
        raise ValidationError({"campaign": "the campaign is closed"})


@transaction.atomic
def values_save(*, actor: Any, assignment: Assignment, entries: Sequence[ValueInput], via: str = "web") -> list[v.Issue]:
    """Store draft values (all or nothing). Type and range errors reject the whole set; locked values (submitted
    or approved) cannot change. Returns the remaining issues of the draft (rules, outliers) for display."""
    _require_entry(actor, assignment)
    rows = {x.indicator.code: x for x in assignment.values.select_related("indicator", "unit").select_for_update()}
    issues: list[v.Issue] = []
    changed: list[tuple[DataValue, dict[str, Any]]] = []
    for entry in entries:
        row = rows.get(entry.indicator_code)
        if row is None:
            issues.append(v.Issue(v.ERROR, "unknown", entry.indicator_code, "chỉ tiêu không thuộc đợt thu thập này",
                                  "not an indicator of this campaign"))
            continue
        comment = None if entry.comment is None else nfc(entry.comment.strip())
        if row.self_assessed == entry.value and (comment is None or comment == row.comment):
            continue
        if row.status not in selectors.EDITABLE:
            issues.append(v.Issue(v.ERROR, "locked", row.indicator.code, "giá trị đã gửi hoặc đã phê duyệt, không sửa được",
                                  "submitted or approved: locked"))
            continue
        issues += v.check_value(selectors.spec_of(row.indicator), entry.value)
        before = snapshot(row, _VALUE_FIELDS)
        row.self_assessed = entry.value
        if comment is not None:
            row.comment = comment
        row.entered_by = _user(actor)
        changed.append((row, before))
    errors = [i for i in issues if i.severity == v.ERROR]
    if errors:
        raise ValuesRejected(errors)
    for row, before in changed:
        row.save(update_fields=["self_assessed", "comment", "entered_by", "updated_at"])
        _audit_value(actor, "indicators.value.save", row, before, via)
    return selectors.assignment_issues(assignment, require_all=False)


@transaction.atomic
def entry_save(*, actor: Any, assignment: Assignment, entries: Sequence[ValueInput],
               files: Mapping[str, Sequence[UploadedFile]] | None = None, via: str = "web") -> list[v.Issue]:
    """The entry form's save: values and the evidence files attached to them (by indicator code), together."""
    issues = values_save(actor=actor, assignment=assignment, entries=entries, via=via)
    if files:
        rows = {x.indicator.code: x for x in assignment.values.select_related("indicator", "unit")}
        for code, uploads in files.items():
            if code not in rows:
                raise ValidationError({code: "not an indicator of this campaign"})
            for upload in uploads:
                evidence_add(actor=actor, value=rows[code], upload=upload, via=via)
    return issues


@transaction.atomic
def assignment_submit(*, actor: Any, assignment: Assignment, via: str = "web") -> list[v.Issue]:
    """Submit every draft or returned value of the unit for review. Errors (missing, out of range, broken rules,
    missing evidence) block it; each warning needs an explanation in the value's comment. Returns the warnings."""
    _require_entry(actor, assignment)
    rows = list(assignment.values.select_related("indicator", "unit").select_for_update())
    pending = [x for x in rows if x.status in selectors.EDITABLE]
    if not pending:
        raise ValidationError({"values": "nothing to submit: every value is already submitted or approved"})
    pending_codes = {x.indicator.code for x in pending}
    issues = selectors.assignment_issues(assignment, require_all=True)
    blocking = [i for i in issues if i.severity == v.ERROR and (set(i.codes) | {i.indicator_code}) & pending_codes]
    by_code = {x.indicator.code: x for x in rows}
    warnings = [i for i in issues if i.severity == v.WARNING and i.indicator_code in pending_codes]
    for w in warnings:
        if not by_code[w.indicator_code].comment.strip():
            blocking.append(v.Issue(v.ERROR, "explain", w.indicator_code,
                                    f"cần giải trình: {w.message_vi}", f"explanation needed: {w.message_en}"))
    with_evidence = set(EvidenceFile.objects.filter(value__in=pending).values_list("value_id", flat=True))
    for x in pending:
        if x.indicator.evidence_required and x.self_assessed is not None and x.pk not in with_evidence:
            blocking.append(v.Issue(v.ERROR, "evidence", x.indicator.code, "cần đính kèm tệp minh chứng",
                                    "evidence is required"))
    if blocking:
        raise ValuesRejected(blocking)
    now = timezone.now()
    warned: dict[str, list[str]] = {}
    for w in warnings:
        warned.setdefault(w.indicator_code, []).append(w.message_vi)
    for x in pending:
        before = snapshot(x, _VALUE_FIELDS)
        resubmit = x.status == ValueStatus.RETURNED
        x.status, x.submitted_by, x.submitted_at = ValueStatus.SUBMITTED, _user(actor), now
        x.warnings = warned.get(x.indicator.code, [])
        x.save(update_fields=["status", "submitted_by", "submitted_at", "warnings", "updated_at"])
        _audit_value(actor, "indicators.value.resubmit" if resubmit else "indicators.value.submit", x, before, via)
    assignment.first_submitted_at = assignment.first_submitted_at or now
    assignment.last_submitted_at = now
    assignment.submitted_by = _user(actor)
    assignment.save(update_fields=["first_submitted_at", "last_submitted_at", "submitted_by"])
    return warnings


# ---- review -------------------------------------------------------------------------------------------------

APPROVE, RETURN, SAVE = "approve", "return", "save"


@dataclass(frozen=True)
class ReviewDecision:
    value_id: int
    decision: str  # approve | return | save (keep the reviewed figure, decide later)
    reviewed: float | None = None
    comment: str = ""


@transaction.atomic
def value_review(*, actor: Any, value: DataValue, decision: str, reviewed: float | None = None, comment: str = "",
                 via: str = "web") -> DataValue:
    """Record the reviewed (thẩm định) figure and approve (final = reviewed if given, else self-assessed) or
    return the value to the unit with a comment."""
    value = DataValue.objects.select_for_update().select_related("indicator", "unit", "assignment__campaign").get(
        pk=value.pk)
    require(selectors.can_review(actor, value), "You do not review this indicator group in this campaign.")
    if decision not in (APPROVE, RETURN, SAVE):
        raise ValidationError({"decision": f"'{decision}' is not approve, return or save"})
    if value.status != ValueStatus.SUBMITTED:
        raise ValidationError({value.indicator.code: f"only a submitted value can be reviewed (it is {value.status})"})
    errors = [i for i in v.check_value(selectors.spec_of(value.indicator), reviewed) if i.severity == v.ERROR]
    if errors:
        raise ValuesRejected(errors)
    comment = nfc(comment.strip())
    if decision == RETURN and not comment:
        raise ValidationError({value.indicator.code: "say why the value is returned (a comment is required)"})
    before = snapshot(value, _VALUE_FIELDS)
    now = timezone.now()
    value.reviewed, value.reviewed_by, value.reviewed_at = reviewed, _user(actor), now
    if comment:
        value.review_comment = comment
    if decision == APPROVE:
        value.status = ValueStatus.APPROVED
        value.final = reviewed if reviewed is not None else value.self_assessed
        value.approved_by, value.approved_at = _user(actor), now
    elif decision == RETURN:
        value.status = ValueStatus.RETURNED
    value.save()
    action = {APPROVE: "indicators.value.approve", RETURN: "indicators.value.return",
              SAVE: "indicators.value.review"}[decision]
    _audit_value(actor, action, value, before, via, reason=comment)
    return value


@transaction.atomic
def values_review(*, actor: Any, decisions: Sequence[ReviewDecision], via: str = "web") -> list[DataValue]:
    """Several review decisions at once, all or nothing; errors of every value are reported together."""
    done, problems = [], []
    targets = {x.pk: x for x in DataValue.objects.filter(pk__in=[d.value_id for d in decisions])}
    for d in decisions:
        target = targets.get(d.value_id)
        if target is None:
            problems.append(f"value {d.value_id}: not found")
            continue
        try:
            with transaction.atomic():
                done.append(value_review(actor=actor, value=target, decision=d.decision, reviewed=d.reviewed,
                                         comment=d.comment, via=via))
        except ValidationError as exc:
            problems += exc.messages
    if problems:
        raise ValidationError(problems)
    return done


@transaction.atomic
def value_reopen(*, actor: Any, value: DataValue, reason: str, via: str = "web") -> DataValue:
    """Unlock an approved value for correction: only the secretariat, with a reason kept in the audit log."""
    require(is_secretariat(actor), "Only the secretariat reopens an approved value.")
    value = DataValue.objects.select_for_update().select_related("indicator", "unit").get(pk=value.pk)
    reason = nfc(reason.strip())
    if not reason:
        raise ValidationError({"reason": "a reason is required to reopen an approved value"})
    if value.status != ValueStatus.APPROVED:
        raise ValidationError({value.indicator.code: "only an approved value can be reopened"})
    before = snapshot(value, _VALUE_FIELDS)
    value.status, value.final, value.review_comment = ValueStatus.RETURNED, None, reason
    value.approved_by = value.approved_at = None
    value.save()
    _audit_value(actor, "indicators.value.reopen", value, before, via, reason=reason)
    return value


# ---- evidence -----------------------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, actor: Any, value: DataValue, upload: UploadedFile, via: str = "web") -> EvidenceFile:
    require(selectors.can_enter(actor, value.unit_id), "Only the unit's own officers attach its evidence.")
    if value.status not in selectors.EDITABLE:
        raise ValidationError({value.indicator.code: "submitted or approved: evidence can no longer change"})
    name = nfc(upload.name or "file")
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError({"file": f"'{name}': file type not accepted ({', '.join(ALLOWED_EXTENSIONS)})"})
    if upload.size and upload.size > MAX_FILE_BYTES:
        raise ValidationError({"file": f"'{name}' is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = EvidenceFile(value=value, original_name=name[:255], size=upload.size or 0, sha256=digest.hexdigest(),
                            uploaded_by=_user(actor))
    evidence.file.save(name, upload, save=False)
    evidence.save()
    audit_record(actor=actor, action="indicators.evidence.add", obj=value, after={
        "file": evidence.original_name, "sha256": evidence.sha256, "size": evidence.size}, unit_key=value.unit.key,
        via=via)
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: EvidenceFile, via: str = "web") -> None:
    value = evidence.value
    require(selectors.can_enter(actor, value.unit_id), "Only the unit's own officers remove its evidence.")
    if value.status not in selectors.EDITABLE:
        raise ValidationError({value.indicator.code: "submitted or approved: evidence can no longer change"})
    audit_record(actor=actor, action="indicators.evidence.remove", obj=value, before={
        "file": evidence.original_name, "sha256": evidence.sha256}, unit_key=value.unit.key, via=via)
    evidence.file.delete(save=False)
    evidence.delete()


# ---- bulk load (demo, migrations of historical data) --------------------------------------------------------


@dataclass
class ApprovedLoad:
    """Historical values that were collected and approved outside dxmonitor, loaded as approved."""

    campaign: Campaign
    values: Mapping[tuple[int, str], tuple[float | None, float | None]]  # (unit id, code) -> (self, reviewed)
    submitted_by: Any = None
    approved_by: Any = None
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    loaded: int = field(default=0)


@transaction.atomic
def values_load_approved(*, actor: Any, load: ApprovedLoad, via: str = "import") -> int:
    """Fill a campaign with values already reviewed and approved elsewhere (the published DTI of past years):
    one audit entry per unit rather than one per value, since no review happens here."""
    if actor is not None:
        require(is_secretariat(actor), "Only the secretariat loads approved historical values.")
    rows = list(load.campaign.assignments.select_related("unit"))
    by_unit = {a.unit_id: a for a in rows}
    values = list(DataValue.objects.filter(assignment__campaign=load.campaign).select_related("indicator"))
    specs = {x.indicator.code: selectors.spec_of(x.indicator) for x in values}
    problems = []
    for (unit_id, code), (own, rev) in load.values.items():
        if unit_id not in by_unit or code not in specs:
            problems.append(f"unit {unit_id} / {code}: not part of the campaign")
            continue
        for figure in (own, rev):
            problems += [f"{by_unit[unit_id].unit.name} / {code}: {i.message_vi}"
                         for i in v.check_value(specs[code], figure)]
    if problems:
        raise ValidationError(problems)
    n = 0
    touched: dict[int, list[str]] = {}
    for x in values:
        got = load.values.get((x.unit_id, x.indicator.code))
        if got is None:
            continue
        own, rev = got
        x.self_assessed, x.reviewed = own, rev
        x.final = rev if rev is not None else own
        x.status = ValueStatus.APPROVED
        x.submitted_by, x.submitted_at = load.submitted_by, load.submitted_at
        x.reviewed_by = load.approved_by if rev is not None else None
        x.reviewed_at = load.approved_at if rev is not None else None
        x.approved_by, x.approved_at = load.approved_by, load.approved_at
        touched.setdefault(x.unit_id, []).append(x.indicator.code)
        n += 1
    DataValue.objects.bulk_update(values, ["self_assessed", "reviewed", "final", "status", "submitted_by",
                                           "submitted_at", "reviewed_by", "reviewed_at", "approved_by", "approved_at"],
                                  batch_size=500)
    for unit_id, codes in touched.items():
        a = by_unit[unit_id]
        a.first_submitted_at = a.last_submitted_at = load.submitted_at
        a.submitted_by = load.submitted_by
        audit_record(actor=actor, action="indicators.values.load_approved", obj=a, after={"indicators": codes},
                     unit_key=a.unit.key, via=via)
    Assignment.objects.bulk_update(rows, ["first_submitted_at", "last_submitted_at", "submitted_by"], batch_size=500)
    return n
