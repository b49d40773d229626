"""The platform registry, the shared databases with their connection graph, and a data-quality check uploaded
through the form, in a real browser at desktop and phone widths; what is shown is checked against the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.browser

CSV = ("person_id,full_name,birth_date,gender,unit_code,updated_at\n"
       "001090012345,Nguyễn Văn An,1990-05-01,Nam,01,2026-06-01\n"
       "001190012346,Trần Thị Bình,1990-07-01,Nữ,01,2026-06-01\n"
       "001190012347,Le\u0302 Văn Cường,1990-07-01,Nam,02,2026-06-01\n")  # NFD, a woman's digit, Hà Giang


@pytest.mark.parametrize("width", [1440, 390])
def test_registry_and_graph(live_demo: str, page_at: Any, width: int) -> None:
    page = page_at(width)
    login(page, live_demo, "lanhdao")
    page.goto(f"{live_demo}/platforms/")
    platforms = page.request.get(f"{live_demo}/api/v1/platforms/platforms").json()
    government = sum(p["pillar"] == "government" for p in platforms)
    assert page.inner_text("[data-testid=count-government]") == f"{government}/18"
    shot(page, "platforms", f"01-registry-{width}")
    page.goto(f"{live_demo}/platforms/databases/")
    page.wait_for_selector("#db-graph svg")
    databases = page.request.get(f"{live_demo}/api/v1/platforms/databases").json()
    dc = next(d for d in databases if d["code"] == "CSDLQG-DC")
    shown = page.inner_text("tr[data-code='CSDLQG-DC'] [data-testid=overall]")
    assert shown == f"{dc['latest_quality']['overall'] * 100:.1f} %".replace(".", ",")
    shot(page, "platforms", f"02-databases-{width}")


def test_quality_upload_through_the_form(live_demo: str, page_at: Any, tmp_path: Path) -> None:
    page = page_at(1440)
    login(page, live_demo, "thuky")
    page.goto(f"{live_demo}/platforms/databases/CSDLQG-DC/")
    before = page.locator("[data-testid=history] tbody tr").count()
    data = tmp_path / "dan-cu-mau.csv"
    data.write_text(CSV, encoding="utf-8")
    form = page.locator("[data-testid=quality-form]")
    form.locator("input[name=file]").set_input_files(str(data))
    form.locator("input[name=as_of]").fill("2026-11-20")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=score-overall]")
    history = page.request.get(f"{live_demo}/api/v1/platforms/databases/CSDLQG-DC/quality").json()
    run = next(r for r in history if r["rows"] == 3)
    assert page.inner_text("[data-testid=score-overall]") == f"{run['overall'] * 100:.1f} %".replace(".", ",")
    assert run["failures_total"] >= 3
    with page.expect_download() as download:
        page.click("[data-testid=failures-link]")
    assert "row" in Path(download.value.path()).read_text("utf-8").splitlines()[0]
    shot(page, "platforms", "03-quality-run-1440")
    page.goto(f"{live_demo}/platforms/databases/CSDLQG-DC/")
    assert page.locator("[data-testid=history] tbody tr").count() == before + 1
    page.wait_for_selector("#quality-chart svg")
    shot(page, "platforms", "04-quality-history-1440")
