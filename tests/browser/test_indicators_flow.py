"""Indicator collection in a browser: Hà Nội's officer completes and submits the open 2026 campaign with evidence,
the reviewer adjusts one figure and approves, the value shows as approved, appears in the export, and Hà Nội enters
the provisional 2026 index with the reviewed figure traced to its approver."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.browser


def test_submit_review_approve_export(live_demo: str, page_at: Any, tmp_path: Path) -> None:
    officer = page_at(1440)
    login(officer, live_demo, "canbo.hanoi")
    officer.goto(f"{live_demo}/indicators/")
    shot(officer, "indicators", "01-campaigns-officer")
    officer.click("[data-testid=enter-2026]")
    officer.wait_for_load_state("networkidle")
    assert "Hà Nội" in officer.inner_text("[data-testid=entry-title]")
    # The previous period's value is shown beside the field.
    assert re.match(r"^0,\d+", officer.inner_text("[data-testid=prev-awareness]"))
    officer.fill("input[name=value_digital_society]", "0,58")
    officer.fill("input[name=comment_digital_society]", "Theo kết quả điều tra xã hội học năm 2026")
    evidence = tmp_path / "ke-hoach-chuyen-doi-so-2026.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    officer.set_input_files("input[name=evidence_dx_plan_issued]", str(evidence))
    # A warning (unusual change) needs an explanation: give one wherever the page flags it.
    for row in officer.locator("tr.row-warning").all():
        row.locator("input[name^=comment_]").fill("Đã đối chiếu với báo cáo tổng kết năm")
    shot(officer, "indicators", "02-entry-filled")
    officer.click("[data-testid=submit-values]")
    officer.wait_for_load_state("networkidle")
    shot(officer, "indicators", "03-entry-submitted")
    assert officer.get_attribute("[data-testid=status-digital_society]", "data-status") == "submitted"
    assert officer.locator("input[name=value_awareness]").count() == 0  # locked once submitted

    leader = page_at(1280)
    login(leader, live_demo, "lanhdao")
    leader.goto(f"{live_demo}/indices/?year=2026")
    assert leader.locator("[data-testid=provisional]").count() == 1
    assert "Hà Nội" not in leader.inner_text("[data-testid=dti-table]")  # submitted, not yet approved

    reviewer = page_at(1440)
    login(reviewer, live_demo, "thamdinh")
    reviewer.goto(f"{live_demo}/indicators/review/")
    shot(reviewer, "indicators", "04-review-queue")
    reviewer.locator("[data-testid=queue-table] tr", has_text="Hà Nội").get_by_role("link").click()
    reviewer.wait_for_load_state("networkidle")
    assert "Hà Nội" in reviewer.inner_text("[data-testid=review-title]")
    row = reviewer.locator("tr[data-code=digital_society]")
    row.locator("input[name^=reviewed_]").fill("0,55")
    row.locator("input[name^=rcomment_]").fill("Điều chỉnh theo số liệu khảo sát độc lập")
    shot(reviewer, "indicators", "05-review-form")
    reviewer.click("[data-testid=approve-all]")
    reviewer.wait_for_load_state("networkidle")
    shot(reviewer, "indicators", "06-review-approved")
    assert reviewer.get_attribute("[data-testid=status-digital_society]", "data-status") == "approved"

    # The officer sees the approved value with its final figure; the export carries it.
    officer.reload()
    assert officer.get_attribute("[data-testid=status-digital_society]", "data-status") == "approved"
    text = officer.request.get(f"{live_demo}/indicators/export/?period=2026&format=csv").text()
    rows = [r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
            if r["unit_code"] == "01" and r["indicator_code"] == "digital_society"]
    assert rows and float(rows[0]["value"]) == 0.55 and float(rows[0]["self_assessed"]) == 0.58
    officer.locator("tr[data-code=digital_society] a", has_text=re.compile("vết|trace")).click()
    officer.wait_for_load_state("networkidle")
    assert officer.inner_text("[data-testid=final-value]") == "0,55"
    shot(officer, "indicators", "07-value-trace")

    # The approved collection reaches the index: Hà Nội is now ranked in the provisional 2026 results, and
    # "explain this score" shows the reviewed figure with who approved it.
    leader.goto(f"{live_demo}/indices/?year=2026")
    assert "tạm tính" in leader.inner_text("[data-testid=provisional]").lower()
    leader.locator("[data-testid=dti-table] a", has_text="Hà Nội").click()
    leader.wait_for_load_state("networkidle")
    trace = leader.inner_text("tr[data-code=digital_society] [data-testid=trace]")
    assert "0,5500" in trace and "0,5800" in trace and "phê duyệt" in trace
    shot(leader, "indicators", "08-index-explain-2026")

    secretariat = page_at(1280)
    login(secretariat, live_demo, "thuky")
    secretariat.goto(f"{live_demo}/indicators/")
    secretariat.locator("[data-testid=campaign-table] a", has_text="2026").first.click()
    secretariat.wait_for_load_state("networkidle")
    assert int(secretariat.inner_text("[data-testid=submitted-count]")) >= 9
    shot(secretariat, "indicators", "09-campaign-progress")


def test_ministry_ranking_in_two_groups(live_demo: str, page_at: Any) -> None:
    page = page_at(1280)
    login(page, live_demo, "lanhdao")
    page.goto(f"{live_demo}/indices/")
    page.click("[data-testid=tab-ministry]")
    page.wait_for_load_state("networkidle")
    dvc = page.inner_text("[data-testid=dti-table-ministry_dvc]")
    assert "Bộ" in dvc and page.locator("[data-testid=dti-table-ministry_no_dvc] tbody tr").count() >= 5
    page.select_option("select[name=year]", "2021")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    first = page.locator("[data-testid=dti-table-ministry_dvc] tbody tr").first.inner_text()
    assert "Bộ Tài chính" in first and "0,6321" in first  # the published 2021 leader
    shot(page, "indices", "ministries-2021")
