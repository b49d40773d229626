"""The collection workflow through the services: save, validate, submit, review, return, resubmit, approve, lock,
reopen; the contract the index engine reads; the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxmonitor.core.audit import history_for
from dxmonitor.indicators import selectors
from dxmonitor.indicators.services import (
    ValueInput,
    ValuesRejected,
    assignment_submit,
    value_reopen,
    value_review,
    values_save,
)
from dxmonitor.indicators.tests.conftest import FULL, fill

pytestmark = pytest.mark.django_db


def _value(assignment: Any, code: str) -> Any:
    return assignment.values.select_related("indicator", "unit", "assignment__campaign").get(indicator__code=code)


def test_campaign_assigns_applicable_indicators_only(campaign: Any, unit: Any) -> None:
    byt = campaign.assignments.get(unit=unit("BYT"))
    codes = set(byt.values.values_list("indicator__code", flat=True))
    assert codes == {"total_dossiers", "online_dossiers", "online_dossier_share", "dx_plan_issued"}
    groups = set(campaign.reviewers.values_list("group", flat=True))
    assert {"digital_government", "institutions", "digital_society"} <= groups


def test_campaign_refuses_a_second_collection_of_the_same_values(campaign: Any, people: dict, unit: Any) -> None:
    import datetime as dt

    from dxmonitor.indicators.services import campaign_create

    with pytest.raises(ValidationError, match="already collected"):
        campaign_create(actor=people["secretariat"], name="Trùng", period="2026", deadline=dt.date(2027, 1, 1),
                        indicator_codes=["awareness"], units=[unit("P01@2008-08-01")])
    with pytest.raises(PermissionDenied):
        campaign_create(actor=people["officer"], name="x", period="2027", deadline=dt.date(2028, 1, 1),
                        indicator_codes=["awareness"], units=[unit("P01@2008-08-01")])


def test_range_errors_reject_the_whole_save(assignment: Any, people: dict) -> None:
    with pytest.raises(ValuesRejected) as exc:
        values_save(actor=people["officer"], assignment=assignment,
                    entries=[ValueInput("awareness", 0.5), ValueInput("institutions", 1.5)])
    assert [i.indicator_code for i in exc.value.issues] == ["institutions"]
    assert _value(assignment, "awareness").self_assessed is None  # nothing stored


def test_submit_blocks_on_errors_missing_values_rules_and_evidence(assignment: Any, people: dict) -> None:
    officer = people["officer"]
    fill(assignment, officer, {**FULL, "online_dossiers": 1200, "digital_society": None}, evidence=False)
    with pytest.raises(ValuesRejected) as exc:
        assignment_submit(actor=officer, assignment=assignment)
    kinds = {(i.kind, i.indicator_code) for i in exc.value.issues}
    assert ("required", "digital_society") in kinds
    assert ("rule", "online_dossiers") in kinds
    assert ("evidence", "dx_plan_issued") in kinds
    assert _value(assignment, "awareness").status == "draft"


def test_full_cycle_return_resubmit_approve_lock_reopen(assignment: Any, people: dict) -> None:
    officer, reviewer, sec = people["officer"], people["reviewer"], people["secretariat"]
    fill(assignment, officer)
    assert assignment_submit(actor=officer, assignment=assignment) == []
    dg = _value(assignment, "digital_government")
    assert dg.status == "submitted"
    # locked while under review
    with pytest.raises(ValuesRejected, match="digital_government"):
        values_save(actor=officer, assignment=assignment, entries=[ValueInput("digital_government", 0.9)])
    # the reviewer of another group cannot touch it
    with pytest.raises(PermissionDenied):
        value_review(actor=people["other_reviewer"], value=dg, decision="approve")
    with pytest.raises(ValidationError, match="comment"):
        value_review(actor=reviewer, value=dg, decision="return")
    value_review(actor=reviewer, value=dg, decision="return", comment="Thiếu số liệu quý IV")
    assert _value(assignment, "digital_government").status == "returned"
    values_save(actor=officer, assignment=assignment, entries=[ValueInput("digital_government", 0.72, "đã bổ sung")])
    assignment_submit(actor=officer, assignment=assignment)
    dg = _value(assignment, "digital_government")
    assert dg.status == "submitted" and dg.self_assessed == 0.72
    value_review(actor=reviewer, value=dg, decision="approve", reviewed=0.70, comment="Thẩm định lại")
    dg = _value(assignment, "digital_government")
    assert (dg.status, dg.self_assessed, dg.reviewed, dg.final) == ("approved", 0.72, 0.70, 0.70)
    online = _value(assignment, "online_dossiers")
    value_review(actor=reviewer, value=online, decision="approve")
    assert _value(assignment, "online_dossiers").final == 600  # no reviewed figure: final = self-assessed
    with pytest.raises(ValidationError):
        value_review(actor=reviewer, value=dg, decision="return", comment="muộn")
    with pytest.raises(PermissionDenied):
        value_reopen(actor=reviewer, value=dg, reason="sai")
    with pytest.raises(ValidationError, match="reason"):
        value_reopen(actor=sec, value=dg, reason=" ")
    value_reopen(actor=sec, value=dg, reason="Phát hiện sai số sau công bố")
    dg = _value(assignment, "digital_government")
    assert dg.status == "returned" and dg.final is None
    actions = [h.action for h in history_for(dg).order_by("at", "id")]
    assert actions == ["indicators.value.save", "indicators.value.submit", "indicators.value.return",
                       "indicators.value.save", "indicators.value.resubmit", "indicators.value.approve",
                       "indicators.value.reopen"]
    assert history_for(dg).get(action="indicators.value.reopen").reason == "Phát hiện sai số sau công bố"


def test_warning_needs_a_comment(assignment: Any, people: dict, unit: Any, make_user: Any) -> None:
    import datetime as dt

    from dxmonitor.indicators.services import ApprovedLoad, campaign_create, values_load_approved

    sec = people["secretariat"]
    hanoi = unit("P01@2008-08-01")
    # five past years of awareness for 8 units, changing by about +0.03 a year; Hà Nội's 2025 value is 0.60
    units = [unit(c, on=dt.date(2026, 1, 1)) for c in ("01", "04", "08", "11", "12", "14", "15", "19")]
    for year in range(2021, 2026):
        past = campaign_create(actor=sec, name=f"DTI {year}", period=str(year), deadline=dt.date(year + 1, 3, 31),
                               indicator_codes=["awareness"], units=units)
        vals = {(u.pk, "awareness"): (round(0.45 + 0.03 * (year - 2021) + 0.01 * (i % 3), 4), None)
                for i, u in enumerate(units)}
        values_load_approved(actor=sec, load=ApprovedLoad(past, vals))
    officer = people["officer"]
    fill(assignment, officer, {**FULL, "awareness": 0.99})
    with pytest.raises(ValuesRejected) as exc:
        assignment_submit(actor=officer, assignment=assignment)
    assert [(i.kind, i.indicator_code) for i in exc.value.issues] == [("explain", "awareness")]
    values_save(actor=officer, assignment=assignment, entries=[ValueInput("awareness", 0.99, "Đã triển khai nền tảng mới")])
    warnings = assignment_submit(actor=officer, assignment=assignment)
    assert [w.indicator_code for w in warnings] == ["awareness"]
    assert _value(assignment, "awareness").warnings
    prev = selectors.previous_values(hanoi, "2026", [_value(assignment, "awareness").indicator])
    assert prev["awareness"].value == pytest.approx(0.57 + 0.01 * 0)


def test_approved_values_contract_and_trace(assignment: Any, people: dict) -> None:
    officer, reviewer = people["officer"], people["reviewer"]
    fill(assignment, officer)
    assignment_submit(actor=officer, assignment=assignment)
    for code in ("online_dossiers", "dx_plan_issued"):
        value_review(actor=reviewer, value=_value(assignment, code), decision="approve")
    records = selectors.approved_values("2026")
    assert [(r.unit_code, r.indicator_code, r.value) for r in records] == [("01", "online_dossiers", 600.0),
                                                                           ("01", "dx_plan_issued", 1.0)]
    plan = records[1]
    assert plan.evidence_count == 1 and plan.approved_by == "rv-gov" and plan.submitted_by == "off-hn"
    assert selectors.approved_values(2026, ["online_dossiers"])[0]["unit_code"] == "01"  # mapping access works too
    trace = selectors.value_trace(assignment.unit.key, "dx_plan_issued", "2026")
    assert trace is not None and trace.value == 1.0 and trace.evidence[0].name == "ke-hoach.pdf"
    assert [e.action for e in trace.history][-1] == "indicators.value.approve"
    assert trace.as_json()["approved_by"] == "rv-gov"


def test_progress_counts_submitted_and_late(campaign: Any, assignment: Any, people: dict) -> None:
    import datetime as dt

    fill(assignment, people["officer"])
    assignment_submit(actor=people["officer"], assignment=assignment)
    rows = {r.unit_code: r for r in selectors.campaign_progress(campaign, people["secretariat"],
                                                                as_of=dt.date(2027, 4, 1))}
    assert rows["01"].status == "submitted" and not rows["01"].late and rows["01"].completeness == 1.0
    assert rows["BYT"].status == "not_started" and rows["BYT"].late
    assert not selectors.campaign_progress(campaign, people["secretariat"], as_of=dt.date(2027, 3, 31))[1].late
    # an officer sees only their own unit's row
    assert [r.unit_code for r in selectors.campaign_progress(campaign, people["officer"])] == ["01"]
