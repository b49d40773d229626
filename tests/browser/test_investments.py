"""The investment portfolio, a project page and the duplicate-investment list in a real browser, at desktop and
phone widths; the figures on screen are checked against the API, and an officer records a risk rating."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.browser


def _bn(vnd: int) -> str:
    return f"{vnd / 1e9:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@pytest.mark.parametrize("width", [1440, 390])
def test_portfolio_and_project(live_demo: str, page_at: Any, width: int) -> None:
    page = page_at(width)
    login(page, live_demo, "lanhdao")
    page.goto(f"{live_demo}/investments/")
    projects = page.request.get(f"{live_demo}/api/v1/investments/projects").json()
    assert len(projects) >= 15
    assert page.inner_text("[data-testid=count]") == str(len(projects))
    assert page.inner_text("[data-testid=total-cost]") == _bn(sum(p["current_cost"] for p in projects))
    shot(page, "investments", f"01-portfolio-{width}")
    # The project re-baselined with a low risk rating that never moved: both baselines and the red signal show.
    hn = next(p for p in projects if p["code"] == "HN-IOC-2024")
    page.click("tr[data-code='HN-IOC-2024'] a")
    page.wait_for_selector("[data-testid=baselines]")
    assert page.inner_text("[data-testid=first-cost]") == _bn(hn["first_cost"])
    assert page.inner_text("[data-testid=current-cost]") == _bn(hn["current_cost"])
    assert page.locator("[data-testid=baselines] tbody tr").count() == hn["baseline"] == 2
    assert "đỏ" in page.inner_text("tr[data-signal=risk_unchanged]")
    if width == 1440:
        page.wait_for_selector("#money-chart svg")
    shot(page, "investments", f"02-project-{width}")


def test_duplicate_list_groups_the_operations_centres(live_demo: str, page_at: Any) -> None:
    page = page_at(1440)
    login(page, live_demo, "lanhdao")
    page.goto(f"{live_demo}/investments/duplicates/")
    groups = page.request.get(f"{live_demo}/api/v1/investments/duplicates").json()
    ioc = next(g for g in groups if g["kind"] == "ioc")
    first = page.locator("[data-testid=dup-group]").first
    assert f"{ioc['units']} đơn vị" in first.inner_text()
    assert first.locator("tbody tr").count() == len(ioc["projects"])
    shot(page, "investments", "03-duplicates-1440")


def test_officer_rates_risk_and_cannot_see_other_units(live_demo: str, page_at: Any) -> None:
    page = page_at(1440)
    login(page, live_demo, "canbo.danang")
    page.goto(f"{live_demo}/investments/")
    codes = page.locator("[data-testid=projects] tbody tr").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert codes and all(c.startswith("DN-") for c in codes)
    assert page.goto(f"{live_demo}/investments/p/HN-IOC-2024/").status == 404
    page.goto(f"{live_demo}/investments/p/DN-IOC-2/")
    form = page.locator("[data-testid=risk-form]")
    form.locator("select[name=rating]").select_option("4")
    form.locator("input[name=reason]").fill("Nhà thầu chậm bàn giao thiết bị")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=message]")
    assert page.locator("[data-testid=risks] tbody tr").first.inner_text().split("\t")[1].strip() == "4"
    shot(page, "investments", "04-risk-recorded-1440")
