"""Browser tests: a real demo database served by `dxmonitor serve` (gunicorn), driven by headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("DXM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
DEMO_PASSWORD = "dxmonitor-demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_demo() -> Iterator[str]:
    """Build the demo in a temporary var/ directory and serve it; yields the base URL."""
    var_dir = Path(tempfile.mkdtemp(prefix="dxm-browser-"))
    env = {**os.environ, "DXM_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "dxmonitor.settings"}
    env.pop("DATABASE_URL", None)
    env.setdefault("DXM_DEMO_RECORDS", "200000")
    cli = [sys.executable, "-m", "dxmonitor.cli"]
    build = subprocess.run([*cli, "demo"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if build.returncode != 0:
        raise RuntimeError(f"demo build failed:\n{build.stdout}\n{build.stderr}")
    (ARTIFACTS).mkdir(exist_ok=True)
    (ARTIFACTS / "demo-build.log").write_text(build.stdout + build.stderr)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2", "--no-migrate"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        raise RuntimeError("server did not become healthy: " + (server.stderr.read() if server.stderr else ""))
    try:
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make install` (installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page_at(browser: Any) -> Iterator[Any]:
    """`page_at(width)` opens a fresh browser context at that viewport width (default 1440)."""
    contexts = []

    def open_page(width: int = 1440, height: int = 900, locale: str = "vi-VN") -> Any:
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(ctx)
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


def login(page: Any, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def shot(page: Any, area: str, name: str) -> Path:
    folder = ARTIFACTS / area
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
