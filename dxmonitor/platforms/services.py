"""Writes of the platforms domain: load the registry (platforms, databases, exchanges), record usage figures and
exchanges, and score a dataset of a database with the quality checker, keeping the run. Each write is atomic,
permission-checked and audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxmonitor.core.audit import audit_record
from dxmonitor.core.text import clean_text, nfc_deep
from dxmonitor.orgs.access import is_secretariat, require, unit_can_edit
from dxmonitor.orgs.contracts import UnitNotFound
from dxmonitor.orgs.selectors import resolve_unit
from dxmonitor.platforms import selectors
from dxmonitor.platforms.models import (
    Exchange,
    Link,
    Pillar,
    Platform,
    PlatformAdoption,
    PlatformUsage,
    QualityRun,
    Scope,
    SharedDatabase,
)
from dxmonitor.platforms.quality.engine import check_stream
from dxmonitor.platforms.quality.rules import QualityInputError

DATA_DIR = Path(__file__).resolve().parent / "data"


def _unit(ref: Any, where: str, errors: dict[str, list[str]]) -> Any:
    try:
        return resolve_unit(str(ref))
    except UnitNotFound as exc:
        errors.setdefault(where, []).append(str(exc))
        return None


@transaction.atomic
def registry_load(*, actor: Any, data: Mapping[str, Any], via: str = "cli") -> dict[str, int]:
    """Create or update platforms, databases, exchanges and links to the Government's command centre from one
    document (the shape of `data/registry.yaml`). All or nothing; every error names its entry."""
    if actor is not None:
        require(is_secretariat(actor), _("Only the secretariat maintains the registry."))
    data = nfc_deep(dict(data))
    errors: dict[str, list[str]] = {}
    platforms, databases = data.get("platforms") or [], data.get("databases") or []
    for i, p in enumerate(platforms, start=1):
        where = f"platforms[{i}]"
        if not isinstance(p, dict) or not p.get("code") or not p.get("name"):
            errors.setdefault(where, []).append(_("code and name are required"))
            continue
        if p.get("pillar") not in Pillar.values:
            errors.setdefault(where, []).append(_("pillar: one of %(v)s") % {"v": ", ".join(Pillar.values)})
        if p.get("owner"):
            _unit(p["owner"], where, errors)
    for i, d in enumerate(databases, start=1):
        where = f"databases[{i}]"
        if not isinstance(d, dict) or not d.get("code") or not d.get("name") or not d.get("owner"):
            errors.setdefault(where, []).append(_("code, name and owner are required"))
            continue
        if d.get("scope") not in Scope.values:
            errors.setdefault(where, []).append(_("scope: one of %(v)s") % {"v": ", ".join(Scope.values)})
        _unit(d["owner"], where, errors)
        if d.get("quality_rules_file") and not (DATA_DIR / f"rules-{d['quality_rules_file']}.yaml").exists():
            errors.setdefault(where, []).append(_("no rules file %(f)s") % {"f": d["quality_rules_file"]})
    db_codes = {d.get("code") for d in databases if isinstance(d, dict)} | set(
        SharedDatabase.objects.values_list("code", flat=True))
    for i, x in enumerate(data.get("exchanges") or [], start=1):
        where = f"exchanges[{i}]"
        if x.get("source") not in db_codes or x.get("target") not in db_codes or x.get("source") == x.get("target"):
            errors.setdefault(where, []).append(_("source and target must be two different databases"))
        if x.get("status", "planned") not in Link.values:
            errors.setdefault(where, []).append(_("status: one of %(v)s") % {"v": ", ".join(Link.values)})
    for code, status in (data.get("ioc") or {}).items():
        if code not in db_codes or status not in Link.values:
            errors.setdefault(f"ioc.{code}", []).append(_("a database code and one of %(v)s")
                                                        % {"v": ", ".join(Link.values)})
    if errors:
        raise ValidationError(errors)
    counts = {"platforms": 0, "databases": 0, "exchanges": 0}
    for p in platforms:
        Platform.objects.update_or_create(code=clean_text(p["code"]), defaults={
            "name": clean_text(p["name"]), "pillar": p["pillar"], "description": clean_text(p.get("description")),
            "replaces": clean_text(p.get("replaces")), "url": p.get("url", ""),
            "owner_unit": resolve_unit(str(p["owner"])) if p.get("owner") else None})
        counts["platforms"] += 1
    for d in databases:
        rules = ""
        if d.get("quality_rules_file"):
            rules = (DATA_DIR / f"rules-{d['quality_rules_file']}.yaml").read_text(encoding="utf-8")
        SharedDatabase.objects.update_or_create(code=clean_text(d["code"]), defaults={
            "name": clean_text(d["name"]), "scope": d["scope"], "owner_unit": resolve_unit(str(d["owner"])),
            "description": clean_text(d.get("description")), "freshness_days": int(d.get("freshness_days", 365)),
            "quality_profile": d.get("quality_profile", ""), "quality_rules": d.get("quality_rules", rules)})
        counts["databases"] += 1
    by_code = {db.code: db for db in SharedDatabase.objects.all()}
    for x in data.get("exchanges") or []:
        Exchange.objects.update_or_create(source=by_code[x["source"]], target=by_code[x["target"]],
                                          defaults={"status": x.get("status", Link.PLANNED)})
        counts["exchanges"] += 1
    for code, status in (data.get("ioc") or {}).items():
        SharedDatabase.objects.filter(code=code).update(ioc_status=status)
    audit_record(actor=actor, action="platforms.registry.load", object_type="platforms.registry", object_id="-",
                 after=counts, via=via)
    return counts


@transaction.atomic
def exchange_succeeded(*, actor: Any, source: SharedDatabase, target: SharedDatabase | None, at: dt.datetime,
                       via: str = "api") -> None:
    """Record a successful exchange from `source` to `target` (None: to the Government's command centre)."""
    if actor is not None:
        require(is_secretariat(actor) or unit_can_edit(actor, source.owner_unit),
                _("Only the database owner or the secretariat reports its exchanges."))
    if target is None:
        source.ioc_last_exchange_at = at
        source.save(update_fields=["ioc_last_exchange_at"])
    else:
        x, _created = Exchange.objects.get_or_create(source=source, target=target)
        x.last_success_at = at
        x.save(update_fields=["last_success_at"])
    audit_record(actor=actor, action="platforms.exchange.success", obj=source,
                 after={"target": target.code if target else "ioc", "at": at.isoformat()},
                 unit_key=source.owner_unit.key, via=via)


@transaction.atomic
def usage_record(*, actor: Any, platform: Platform, month: dt.date, metric: str, value: float,
                 via: str = "api") -> PlatformUsage:
    owner = platform.owner_unit
    if actor is not None:
        require(is_secretariat(actor) or (owner is not None and unit_can_edit(actor, owner)),
                _("Only the platform owner or the secretariat reports its usage."))
    metric = clean_text(metric)
    if not metric or value < 0:
        raise ValidationError({"metric": [_("a metric name and a value of 0 or more are required")]})
    row, _created = PlatformUsage.objects.update_or_create(platform=platform, month=month.replace(day=1),
                                                           metric=metric, defaults={"value": value})
    audit_record(actor=actor, action="platforms.usage.record", obj=platform,
                 after={"month": f"{month:%Y-%m}", "metric": metric, "value": value}, via=via)
    return row


@transaction.atomic
def adoption_set(*, actor: Any, platform: Platform, units: list[Any], since: dt.date | None = None,
                 via: str = "cli") -> int:
    if actor is not None:
        require(is_secretariat(actor), _("Only the secretariat maintains the registry."))
    n = 0
    for unit in units:
        _row, created = PlatformAdoption.objects.get_or_create(platform=platform, unit=unit, defaults={"since": since})
        n += created
    audit_record(actor=actor, action="platforms.adoption.set", obj=platform, after={"added": n}, via=via)
    return n


def quality_check(*, actor: Any, database: SharedDatabase, stream: BinaryIO, file_name: str,
                  rules_text: str | None = None, as_of: dt.date | None = None, via: str = "web") -> QualityRun:
    """Score one dataset of `database` with its rules (or `rules_text`) and keep the run and its failing rows.

    A bad file or bad rules raise `ValidationError` naming the problem (line, column, rule); nothing is kept."""
    if actor is not None:  # None: the operator of the machine, from the CLI or the demo
        require(is_secretariat(actor) or unit_can_edit(actor, database.owner_unit),
                _("Only the database owner or the secretariat checks its data."))
    try:
        ruleset = selectors.ruleset_for(database, rules_text)
    except QualityInputError as exc:
        raise ValidationError({"rules": [str(exc)]}) from None
    day = as_of or timezone.localdate()
    relative = Path("quality") / f"{database.code}-{uuid.uuid4().hex[:12]}-failures.csv"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        report = check_stream(stream, ruleset, as_of=day, failures_path=target)
    except QualityInputError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    try:
        return _keep_run(actor=actor, database=database, report=report, file_name=file_name,
                         failures=str(relative), via=via)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


@transaction.atomic
def _keep_run(*, actor: Any, database: SharedDatabase, report: Any, file_name: str, failures: str,
              via: str) -> QualityRun:
    scores = report.scores
    summary = report.to_dict(0)
    summary.pop("failures", None)
    run = QualityRun.objects.create(
        database=database, checked_at=timezone.now(), as_of=report.as_of, file_name=clean_text(file_name)[:255],
        ruleset=report.ruleset, rows=report.rows, failures_total=report.failures_total, failures_file=failures,
        report=summary, checked_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{f"score_{k}": scores[k] for k in ("correct", "complete", "clean", "live", "overall")})
    audit_record(actor=actor, action="platforms.quality.run", obj=database,
                 after={"run": run.pk, "rows": run.rows, "overall": run.overall, "file": run.file_name},
                 unit_key=database.owner_unit.key, via=via)
    return run
