"""The pages render for each role, and the web flow works: fill, submit, review, approve, export, trace."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("role", ["officer", "reviewer", "secretariat", "leader"])
def test_pages_render(role: str, campaign: Any, assignment: Any, people: dict) -> None:
    c = _login(people[role])
    for url in ("/indicators/", "/indicators/catalogue/", f"/indicators/campaigns/{campaign.pk}/",
                f"/indicators/campaigns/{campaign.pk}/units/{assignment.unit_id}/", "/indicators/review/"):
        assert c.get(url).status_code == 200, url
    assert "Nhận thức số" in c.get("/indicators/catalogue/").content.decode()


def test_campaign_form_opens_a_campaign_for_the_34_provinces(people: dict, catalogue: None) -> None:
    c = _login(people["secretariat"])
    response = c.post("/indicators/campaigns/new/", {
        "name": "DTI 2027", "period": "2027", "deadline": "31/03/2028", "unit_kinds": ["province"],
        "indicators": ["awareness", "digital_government"]}, follow=True)
    assert response.status_code == 200
    assert "DTI 2027" in response.content.decode()
    from dxmonitor.indicators.models import Campaign

    assert Campaign.objects.get(period="2027").assignments.count() == 34
    assert _login(people["officer"]).get("/indicators/campaigns/new/").status_code == 403


def test_web_flow_fill_submit_review_approve(assignment: Any, people: dict) -> None:
    base = f"/indicators/campaigns/{assignment.campaign_id}/units/{assignment.unit_id}/"
    officer = _login(people["officer"])
    data = {"value_awareness": "0,81", "value_institutions": "0,7", "value_infrastructure": "0,75",
            "value_human_resources": "0,6", "value_cybersecurity": "0,65", "value_digital_government": "0,7",
            "value_digital_economy": "0,6", "value_digital_society": "0,5", "value_total_dossiers": "1.000",
            "value_online_dossiers": "1200", "value_online_dossier_share": "60", "value_dx_plan_issued": "1"}
    bad = officer.post(base, {**data, "value_awareness": "nhiều", "action": "save"})
    assert bad.status_code == 400 and "nhiều" in bad.content.decode()  # what was typed stays in the form
    assert assignment.values.get(indicator__code="awareness").self_assessed is None
    blocked = officer.post(base, {**data, "action": "submit"})
    assert blocked.status_code == 400  # online > total, and the plan's evidence is missing
    page = blocked.content.decode()
    assert "Số hồ sơ trực tuyến không được lớn hơn" in page and "minh chứng" in page
    assert assignment.values.get(indicator__code="awareness").self_assessed == 0.81  # saved as draft
    ok = officer.post(base, {**data, "value_online_dossiers": "600", "action": "submit",
                             "evidence_dx_plan_issued": SimpleUploadedFile("kh.pdf", b"%PDF")}, follow=True)
    assert ok.status_code == 200
    assert set(assignment.values.values_list("status", flat=True)) == {"submitted"}

    reviewer = _login(people["reviewer"])
    assert "Hà Nội" in reviewer.get("/indicators/review/").content.decode()
    gov = assignment.values.get(indicator__code="digital_government")
    online = assignment.values.get(indicator__code="online_dossiers")
    reviewer.post(base + "review/", {f"decision_{gov.pk}": "approve", f"reviewed_{gov.pk}": "0,68",
                                     f"decision_{online.pk}": "return", f"rcomment_{online.pk}": "Đối chiếu lại"})
    gov.refresh_from_db()
    online.refresh_from_db()
    assert (gov.status, gov.final, online.status) == ("approved", 0.68, "returned")
    reviewer.post(base + "review/", {"action": "approve_all"})
    statuses = dict(assignment.values.values_list("indicator__code", "status"))
    assert statuses["institutions"] == "approved" and statuses["digital_society"] == "submitted"  # not their group

    sec = _login(people["secretariat"])
    csv_text = sec.get("/indicators/export/?period=2026&format=csv").content.decode("utf-8-sig")
    assert "digital_government,Hoạt động chính quyền số,0.68,0.7,0.68" in csv_text
    assert sec.get("/indicators/export/?period=2026&format=xlsx")["Content-Type"].startswith("application/vnd")
    detail = sec.get(f"/indicators/values/{gov.pk}/").content.decode()
    assert "indicators.value.approve" in detail
    sec.post(f"/indicators/values/{gov.pk}/reopen/", {"reason": "Sai đơn vị tính"})
    gov.refresh_from_db()
    assert gov.status == "returned"
