"""The leaders' overview and the public portal in a browser, at desktop and phone widths."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.browser


def test_overview_map_and_language(live_demo: str, page_at: Any) -> None:
    for width in (1440, 390):
        page = page_at(width)
        login(page, live_demo, "lanhdao")
        page.goto(f"{live_demo}/?metric=dti&year=2025")
        page.wait_for_selector("#tile-map svg")
        shot(page, "dashboard", f"01-overview-2025-{width}")
        # The ranking shown is the one the public API publishes.
        first_row = page.locator("[data-testid=ranking] tbody tr").first.locator("td").all_inner_texts()
        with urllib.request.urlopen(f"{live_demo}/api/v1/indices/results/2025") as resp:
            api = json.load(resp)
        assert first_row[1] == api[0]["unit_name"]
        assert first_row[2] == f"{api[0]['score']:.4f}".replace(".", ",")
        # 34 tiles after the merger, 63 before.
        assert page.locator("#tile-map text").count() >= 34
        page.goto(f"{live_demo}/?metric=dti&year=2022")
        page.wait_for_selector("#tile-map svg")
        rows = page.locator("details:has(summary) table tbody tr")
        assert page.locator("[data-testid=tile-map]").count() == 1
        assert "Đà Nẵng" in page.inner_text("[data-testid=ranking]")
        shot(page, "dashboard", f"02-overview-2022-{width}")
        del rows

    page = page_at(1440)
    login(page, live_demo, "lanhdao")
    page.goto(f"{live_demo}/?metric=dti&year=2025")
    page.wait_for_selector("#tile-map svg")
    page.locator("#tile-map text", has_text="Hà Tĩnh").first.click()
    page.wait_for_url("**/dashboard/unit/**")
    assert page.inner_text("[data-testid=profile-name]") == "Hà Tĩnh"
    page.wait_for_selector("#dti-history svg")
    shot(page, "dashboard", "05-unit-profile-1440")
    page.goto(f"{live_demo}/")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    assert "Operations overview" in page.inner_text("h1")
    shot(page, "dashboard", "03-overview-en-1440")


def test_public_portal(live_demo: str, page_at: Any) -> None:
    for width in (1440, 390):
        page = page_at(width)
        page.goto(f"{live_demo}/")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/public/")
        assert page.locator("[data-testid=public-ranking] tbody tr").count() == 34
        assert "(demo)" in page.inner_text("[data-testid=public-directives]")
        shot(page, "dashboard", f"04-public-{width}")
    with urllib.request.urlopen(f"{live_demo}/public/data/public-tasks.json") as resp:
        tasks = json.load(resp)
    assert tasks and {"directive", "status", "lead_unit"} <= set(tasks[0])
