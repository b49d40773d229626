"""Each test gets its own event store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _events_dir(settings: Any, tmp_path: Path) -> None:
    settings.DXM_EVENTS_DIR = tmp_path / "events"
