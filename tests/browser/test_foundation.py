"""A unit officer logs in, switches language, searches a unit without diacritics and opens its lineage."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login, shot

pytestmark = pytest.mark.browser


def test_officer_finds_a_unit_and_its_lineage(live_demo: str, page_at: Any) -> None:
    for width in (1440, 390):
        page = page_at(width)
        login(page, live_demo, "canbo.hanoi")
        assert "Phạm Thị Lan" in page.inner_text("[data-testid=current-user]")
        shot(page, "foundation", f"01-home-{width}")

        page.goto(f"{live_demo}/units/")
        page.fill("[data-testid=unit-search]", "ha giang")
        page.wait_for_selector("text=Hà Giang")
        page.wait_for_load_state("networkidle")
        rows = page.inner_text("[data-testid=unit-table]")
        assert "Hà Giang" in rows
        shot(page, "foundation", f"02-search-vi-{width}")

        page.get_by_role("link", name="Hà Giang", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert page.inner_text("[data-testid=unit-name]") == "Hà Giang"
        lineage = page.inner_text("[data-testid=lineage]")
        assert "Tuyên Quang" in lineage and "NQ 202/2025/QH15" in lineage
        shot(page, "foundation", f"03-lineage-vi-{width}")

        page.click("[data-testid=lang-en]")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Lineage" in page.inner_text("[data-testid=lineage]")
        shot(page, "foundation", f"04-lineage-en-{width}")

        page.click("[data-testid=successor]")
        page.wait_for_load_state("networkidle")
        assert page.inner_text("[data-testid=unit-name]") == "Tuyên Quang"
        page.click("[data-testid=lang-vi]")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "vi"
