"""Writes: baselines never lose the original, reports and ratings are checked and audited, access follows the
unit (officers edit only their own unit's projects; leaders read; reviewers of another unit see nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxmonitor.core.models import AuditEntry
from dxmonitor.investments import selectors
from dxmonitor.investments.models import Baseline
from dxmonitor.investments.services import ProgressReport, baseline_add, project_report, risk_rate
from dxmonitor.investments.tests.conftest import DANANG, HANOI

pytestmark = pytest.mark.django_db


def test_rebaselining_keeps_the_first_baseline(new_project: Callable[..., Any], make_user: Any) -> None:
    project = new_project("HN-1")
    officer = make_user("unit_officer", HANOI)
    baseline_add(actor=officer, project=project, total_cost=150_000_000_000, start=dt.date(2025, 1, 1),
                 finish=dt.date(2027, 6, 30), reason="Mở rộng phạm vi", approved_by="UBND thành phố")
    first, second = project.baselines.order_by("number")
    assert (first.number, first.total_cost, first.finish) == (1, 100_000_000_000, dt.date(2026, 12, 31))
    assert (second.number, second.total_cost) == (2, 150_000_000_000)
    assert selectors.current_baseline(project).number == 2
    first.total_cost = 1
    with pytest.raises(ValueError, match="append-only"):
        first.save()
    with pytest.raises(ValueError, match="append-only"):
        first.delete()
    assert Baseline.objects.get(pk=first.pk).total_cost == 100_000_000_000
    assert AuditEntry.objects.filter(action="investments.baseline.add", object_id=str(project.pk)).count() == 1


@pytest.mark.parametrize(("fields", "error"), [
    ({"reason": ""}, "reason"),
    ({"approved_by": "  "}, "approved_by"),
    ({"total_cost": 100_000_000_000, "finish": dt.date(2026, 12, 31)}, "total_cost"),  # nothing changes
    ({"finish": dt.date(2024, 1, 1)}, "finish"),
    ({"total_cost": -5}, "total_cost"),
])
def test_a_new_baseline_needs_reason_approver_and_a_change(new_project: Callable[..., Any], make_user: Any,
                                                           fields: dict[str, Any], error: str) -> None:
    project = new_project("HN-2")
    args = {"total_cost": 120_000_000_000, "start": dt.date(2025, 1, 1), "finish": dt.date(2027, 3, 31),
            "reason": "Bổ sung hạng mục", "approved_by": "UBND thành phố", **fields}
    with pytest.raises(ValidationError) as exc:
        baseline_add(actor=make_user("secretariat"), project=project, **args)
    assert error in exc.value.message_dict
    assert project.baselines.count() == 1


def test_progress_report_updates_money_milestones_and_date(new_project: Callable[..., Any], make_user: Any) -> None:
    project = new_project("HN-3")
    officer = make_user("unit_officer", HANOI)
    milestone = project.milestones.get()
    project_report(actor=officer, project=project, report=ProgressReport(
        report_on=dt.date(2025, 6, 30), disbursed={dt.date(2025, 5, 15): 20_000_000_000,
                                                   dt.date(2025, 6, 1): 5_000_000_000},
        cost_estimate=130_000_000_000, milestones_done={milestone.pk: dt.date(2025, 6, 30)}))
    project.refresh_from_db()
    assert project.last_report_on == dt.date(2025, 6, 30) and project.cost_estimate == 130_000_000_000
    assert sorted((d.month, d.amount) for d in project.disbursements.all()) == [
        (dt.date(2025, 5, 1), 20_000_000_000), (dt.date(2025, 6, 1), 5_000_000_000)]
    s = selectors.signals_of(project, dt.date(2025, 6, 30))
    assert s.cost_vs_first.level == "red"  # 30 % over the first baseline
    with pytest.raises(ValidationError) as exc:  # a month after the report date, an earlier report date
        project_report(actor=officer, project=project, report=ProgressReport(
            report_on=dt.date(2025, 6, 1), disbursed={dt.date(2025, 7, 1): 1}))
    assert {"report_on", "disbursed.2025-07"} <= exc.value.message_dict.keys()


def test_risk_history_is_kept_and_checked(new_project: Callable[..., Any], make_user: Any) -> None:
    project = new_project("HN-4")
    officer = make_user("unit_officer", HANOI)
    risk_rate(actor=officer, project=project, rating=4, reason="Chậm giải ngân", rated_on=dt.date(2025, 9, 1))
    assert [r.rating for r in project.risk_ratings.order_by("rated_on")] == [2, 4]
    with pytest.raises(ValidationError) as exc:
        risk_rate(actor=officer, project=project, rating=6, reason="", rated_on=dt.date(2025, 1, 1))
    assert {"rating", "reason", "rated_on"} == exc.value.message_dict.keys()


@pytest.mark.parametrize(("role", "unit_ref", "sees", "edits"), [
    ("admin", "VPCP", True, True),
    ("secretariat", "VPCP", True, True),
    ("leader", "VPCP", True, False),
    ("unit_officer", HANOI, True, True),     # its own unit
    ("unit_officer", DANANG, False, False),  # another unit
    ("reviewer", "BKHCN", False, False),
])
def test_access_matrix(new_project: Callable[..., Any], make_user: Any, role: str, unit_ref: str, sees: bool,
                       edits: bool) -> None:
    project = new_project("HN-5")
    user = make_user(role, unit_ref)
    assert selectors.projects_for_user(user).filter(pk=project.pk).exists() == sees
    call = lambda: risk_rate(actor=user, project=project, rating=3, reason="x", rated_on=dt.date(2025, 3, 1))  # noqa: E731
    if edits:
        call()
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_project_fields_are_checked_and_nfc(new_project: Callable[..., Any]) -> None:
    with pytest.raises(ValidationError) as exc:
        new_project("bad code", pillar="space", kind="rocket", total_cost=0, finish=dt.date(2020, 1, 1),
                    elements=["magic"], risk=9)
    assert {"code", "pillar", "kind", "total_cost", "finish", "elements", "risk"} <= exc.value.message_dict.keys()
    decomposed = "Trung ta\u0302m đie\u0302\u0300u ha\u0300nh"  # NFD, as typed on a Mac
    p = new_project("HN-6", name=decomposed)
    assert p.name == "Trung tâm điều hành"


def test_duplicate_groups_of_the_database(new_project: Callable[..., Any]) -> None:
    new_project("HN-IOC")
    new_project("DN-IOC", unit_ref=DANANG, name="Trung tâm giám sát, điều hành đô thị thông minh Đà Nẵng")
    new_project("DN-EDU", unit_ref=DANANG, kind="software", name="Phần mềm học bạ số")
    groups = selectors.duplicate_groups()
    assert [g.codes for g, _m in groups] == [("DN-IOC", "HN-IOC")]
    assert groups[0][0].total_cost == 200_000_000_000
