"""Accessibility of the main pages in a real browser: axe-core (from npm, installed by `make install`) finds no
serious or critical WCAG 2 A/AA violation, colour contrast included, and a keyboard-only reader reaches a province's
profile from the overview."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ROOT, login, shot

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    ("overview", "lanhdao", "/"),
    ("overview-pillar", "lanhdao", "/?metric=online_share"),
    ("brief", "lanhdao", "/dashboard/brief/"),
    ("tasks", "thuky", "/tasks/"),
    ("public", None, "/public/"),
    ("login", None, "/accounts/login/"),
]


@pytest.fixture
def axe_page(browser: Any) -> Iterator[Any]:
    # axe is injected as a script; the pages' Content-Security-Policy (script-src 'self') would refuse it.
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN", bypass_csp=True)
    yield ctx.new_page()
    ctx.close()


def _violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(("name", "user", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_wcag_violation(live_demo: str, axe_page: Any, name: str, user: str | None, path: str) -> None:
    assert AXE.exists(), "axe-core is missing: run `make install` (npm ci)"
    if user:
        login(axe_page, live_demo, user)
    response = axe_page.goto(f"{live_demo}{path}")
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    axe_page.wait_for_load_state("networkidle")
    found = _violations(axe_page)
    assert not found, "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in found)


def test_keyboard_reaches_a_province_profile(live_demo: str, page_at: Any) -> None:
    page = page_at(1440)
    login(page, live_demo, "lanhdao")
    page.goto(f"{live_demo}/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"  # the first stop skips the menu
    for _ in range(400):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith("/dashboard/unit/"):
            break
    else:
        pytest.fail("no link to a unit profile is reachable with the Tab key")
    ring = page.evaluate("(s => [s.outlineStyle, s.boxShadow])(getComputedStyle(document.activeElement))")
    assert ring != ["none", "none"], f"the focused link shows no focus ring: {ring}"
    shot(page, "accessibility", "keyboard-focus-on-unit-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").first.inner_text().strip()
