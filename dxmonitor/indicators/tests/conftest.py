"""Fixtures of the indicators tests: the shipped catalogue, a reviewer, an open 2026 campaign and a past one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from dxmonitor.indicators.cli import CATALOGUE

MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]
DOSSIERS = ["total_dossiers", "online_dossiers", "online_dossier_share", "dx_plan_issued"]


@pytest.fixture
def catalogue(db: None) -> None:
    from dxmonitor.indicators.services import catalogue_load

    with open(CATALOGUE, encoding="utf-8") as fh:
        catalogue_load(actor=None, data=yaml.safe_load(fh), via="test")


@pytest.fixture
def people(catalogue: None, make_user: Any) -> dict[str, Any]:
    from dxmonitor.indicators.services import reviewer_set_groups

    reviewer = make_user("reviewer", "BKHCN", username="rv-gov")
    reviewer_set_groups(actor=None, user=reviewer, groups=["digital_government", "institutions"])
    other_reviewer = make_user("reviewer", "BKHCN", username="rv-soc")
    reviewer_set_groups(actor=None, user=other_reviewer, groups=["digital_society"])
    return {
        "officer": make_user("unit_officer", "P01@2008-08-01", username="off-hn"),
        "other_officer": make_user("unit_officer", "BYT", username="off-byt"),
        "reviewer": reviewer, "other_reviewer": other_reviewer,
        "secretariat": make_user("secretariat", "VPCP", username="sec"),
        "leader": make_user("leader", "VPCP", username="lead"),
    }


@pytest.fixture
def campaign(people: dict[str, Any], unit: Any) -> Any:
    from dxmonitor.indicators.services import campaign_create

    return campaign_create(
        actor=people["secretariat"], name="Thu thập DTI 2026", period="2026", deadline=dt.date(2027, 3, 31),
        indicator_codes=MAINS + DOSSIERS, units=[unit("P01@2008-08-01"), unit("BYT"), unit("P48@2025-07-01")],
    )


@pytest.fixture
def assignment(campaign: Any, unit: Any) -> Any:
    return campaign.assignments.get(unit=unit("P01@2008-08-01"))


FULL = {"awareness": 0.8, "institutions": 0.7, "infrastructure": 0.75, "human_resources": 0.6, "cybersecurity": 0.65,
        "digital_government": 0.7, "digital_economy": 0.6, "digital_society": 0.5, "total_dossiers": 1000,
        "online_dossiers": 600, "online_dossier_share": 60, "dx_plan_issued": 1}


def fill(assignment: Any, actor: Any, values: dict[str, float | None] | None = None, *, evidence: bool = True) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxmonitor.indicators.services import ValueInput, evidence_add, values_save

    data = values or FULL
    values_save(actor=actor, assignment=assignment, entries=[ValueInput(c, x) for c, x in data.items()])
    if evidence:
        plan = assignment.values.get(indicator__code="dx_plan_issued")
        evidence_add(actor=actor, value=plan, upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan"))
