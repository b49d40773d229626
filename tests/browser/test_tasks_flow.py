"""The whole task flow in a browser: register a directive and a task, report, propose with a file, accept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.browser


def _scorecard_row(page: Any, base: str, unit: str) -> dict[str, str]:
    page.goto(f"{base}/tasks/scorecard/")
    row = page.locator("[data-testid=scorecard-table] tr", has_text=unit).first
    cells = row.locator("td").all_inner_texts()
    return {"total": cells[2], "ontime": cells[6]}


def test_directive_to_accepted_completion(live_demo: str, page_at: Any, tmp_path: Path) -> None:
    sec = page_at(1440)
    login(sec, live_demo, "thuky")
    before = _scorecard_row(sec, live_demo, "Bộ Khoa học và Công nghệ")
    shot(sec, "tasks", "01-scorecard-before")

    sec.goto(f"{live_demo}/tasks/directives/new/")
    sec.select_option("select[name=kind]", "conclusion")
    sec.fill("input[name=number]", "999/TB-VPCP")
    sec.fill("input[name=issued_on]", "20/11/2026")
    sec.fill("input[name=title]", "Kết luận phiên họp kiểm thử trình duyệt")
    sec.fill("input[name=meeting_name]", "Phiên họp kiểm thử")
    sec.click("[data-testid=directive-form] button[type=submit]")
    sec.wait_for_load_state("networkidle")
    assert sec.inner_text("[data-testid=directive-title]") == "Kết luận phiên họp kiểm thử trình duyệt"

    directive_url = sec.url
    sec.click("[data-testid=read-text]")
    sec.fill("[data-testid=extract-form] textarea[name=text]",
             "Giao Bộ Tài chính chủ trì, phối hợp với Bộ Khoa học và Công nghệ rà soát các dự án công nghệ thông tin "
             "trùng lặp, báo cáo trước ngày 15/12/2026.\nBộ Nội vụ hướng dẫn bố trí công chức phụ trách chuyển đổi số "
             "cấp xã trong tháng 12/2026.\nCác địa phương cần quyết liệt hơn nữa.")
    sec.click("[data-testid=extract-form] button[type=submit]")
    sec.wait_for_load_state("networkidle")
    assert sec.locator("[data-testid=source-text] mark").count() == 2
    assert sec.input_value("input[name=lead_0]") == "Bộ Tài chính"
    shot(sec, "tasks", "01b-read-notice")
    sec.goto(directive_url)
    sec.click("[data-testid=add-task] summary")
    sec.fill("[data-testid=add-task] textarea[name=content]", "Hoàn thành kết nối hệ thống đo lường dịch vụ công")
    sec.fill("[data-testid=add-task] input[name=lead_unit]", "Bộ KH&CN")
    sec.fill("[data-testid=add-task] input[name=coordinating_units]", "Bộ Công an")
    sec.fill("[data-testid=add-task] input[name=deadline]", "31/12/2026")
    shot(sec, "tasks", "02-add-task")
    sec.click("[data-testid=add-task] button[type=submit]")
    sec.wait_for_load_state("networkidle")
    sec.get_by_role("link", name=re.compile("Hoàn thành kết nối hệ thống đo lường")).click()
    sec.wait_for_load_state("networkidle")
    task_url = sec.url
    assert "Chưa đến hạn" in sec.inner_text("[data-testid=task-status]")

    officer = page_at(1440)
    login(officer, live_demo, "canbo.bkhcn")
    officer.goto(task_url)
    officer.fill("[data-testid=report-form] textarea[name=narrative]", "Đã kết nối thử nghiệm với 5 tỉnh")
    officer.fill("[data-testid=report-form] input[name=percent]", "60")
    officer.click("[data-testid=report-form] button[type=submit]")
    officer.wait_for_load_state("networkidle")
    assert "Đang thực hiện trong hạn" in officer.inner_text("[data-testid=task-status]")
    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence\n")
    officer.fill("[data-testid=propose-form] textarea[name=narrative]", "Đã vận hành chính thức, có biên bản nghiệm thu")
    officer.set_input_files("[data-testid=propose-form] input[name=files]", str(evidence))
    officer.click("[data-testid=propose-form] button[type=submit]")
    officer.wait_for_load_state("networkidle")
    assert "bien-ban-nghiem-thu.pdf" in officer.inner_text("[data-testid=timeline]")
    shot(officer, "tasks", "03-officer-proposed")

    sec.goto(f"{live_demo}/tasks/inbox/")
    assert "Hoàn thành kết nối hệ thống đo lường" in sec.inner_text("[data-testid=inbox-proposals]")
    shot(sec, "tasks", "04-inbox")
    sec.goto(task_url)
    sec.click("[data-testid=review-form] button[value=accept]")
    sec.wait_for_load_state("networkidle")
    assert "Hoàn thành đúng hạn" in sec.inner_text("[data-testid=task-status]")
    shot(sec, "tasks", "05-accepted")

    after = _scorecard_row(sec, live_demo, "Bộ Khoa học và Công nghệ")
    assert int(after["total"]) == int(before["total"]) + 1
    assert int(after["ontime"]) == int(before["ontime"]) + 1
    shot(sec, "tasks", "06-scorecard-after")
