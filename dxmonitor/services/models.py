"""The operational database keeps only aggregates of dossier records (the records live in Parquet)."""

from __future__ import annotations

from django.db import models


class KpiAggregate(models.Model):
    """KPIs of one unit (rolled up to its province) in one month, computed by `kpi_refresh`."""

    unit_code = models.CharField(max_length=20)
    period = models.CharField(max_length=7)  # YYYY-MM
    received = models.PositiveIntegerField()
    online_share = models.FloatField(null=True)
    on_time_share = models.FloatField(null=True)
    online_payment_share = models.FloatField(null=True)
    e_result_share = models.FloatField(null=True)
    digitised_share = models.FloatField(null=True)
    reuse_share = models.FloatField(null=True)
    vneid_share = models.FloatField(null=True)
    satisfaction = models.FloatField(null=True)
    avg_processing_days = models.FloatField(null=True)
    # Numerators kept so that shares can be re-aggregated exactly over several months or units.
    online = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    #: The 766 group scores of the month (score_transparency, _progress, _online, _digitisation, _satisfaction,
    #: score_766); a group without data is null (e.g. transparency: no procedure-publication data here).
    scores = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit_code", "period"], name="unique_kpi_unit_period")]
        indexes = [models.Index(fields=["period"])]


class ProcedureUse(models.Model):
    """Dossiers of one procedure in one unit and month: how much an online service is really used."""

    unit_code = models.CharField(max_length=20)
    period = models.CharField(max_length=7)
    procedure_code = models.CharField(max_length=40)
    received = models.PositiveIntegerField()
    online = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit_code", "period", "procedure_code"],
                                               name="unique_procedure_use")]
        indexes = [models.Index(fields=["period", "unit_code"])]


class Procedure(models.Model):
    """The catalogue of administrative procedures and whether each is offered online."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=300)
    offered_online = models.BooleanField(default=False)
    fee_vnd = models.PositiveBigIntegerField(default=0)
