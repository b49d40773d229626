"""Build the deterministic demo database: real units and lineage, a user for every role, each module's data."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection

DEMO_PASSWORD = "dxmonitor-demo"  # noqa: S105 - the published password of the demo accounts

#: (username, role, unit code or key, full name)
DEMO_USERS = [
    ("admin", "admin", "VPCP", "Quản trị hệ thống"),
    ("thuky", "secretariat", "VPCP", "Nguyễn Thu Hà (Thư ký)"),
    ("lanhdao", "leader", "VPCP", "Trần Minh Đức (Lãnh đạo)"),
    ("canbo.bkhcn", "unit_officer", "BKHCN", "Lê Văn An (Bộ KH&CN)"),
    ("canbo.hanoi", "unit_officer", "P01@2008-08-01", "Phạm Thị Lan (Hà Nội)"),
    ("canbo.danang", "unit_officer", "P48@2025-07-01", "Hoàng Quốc Bảo (Đà Nẵng)"),
    ("thamdinh", "reviewer", "BKHCN", "Đỗ Thanh Tâm (Thẩm định)"),
]

#: Each module's demo loader, run in order when the module exists: `load(out) -> None`.
DEMO_STEPS = [
    "dxmonitor.tasks.demo",
    "dxmonitor.indicators.demo",
    "dxmonitor.indices.demo",
    "dxmonitor.services.demo",
    "dxmonitor.platforms.demo",
    "dxmonitor.investments.demo",
    "dxmonitor.reports.demo",
]


def _fresh_database() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        connection.close()
        name = Path(str(db["NAME"]))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        call_command("migrate", "--noinput", "-v", "0")
    else:
        call_command("migrate", "--noinput", "-v", "0")
        call_command("flush", "--noinput", "-v", "0")


def build_demo(*, with_services: bool = True, records: int | None = None, out: TextIO) -> None:
    from dxmonitor.orgs.selectors import resolve_unit
    from dxmonitor.orgs.services import token_create, units_load_reference, user_create

    out.write("Building a fresh demo database…\n")
    _fresh_database()
    report = units_load_reference(actor=None, via="demo")
    out.write(f"  units: {report.created} created, {report.lineage_links} lineage links\n")
    users = {}
    for username, role, unit_ref, full_name in DEMO_USERS:
        users[username] = user_create(
            actor=None, username=username, password=DEMO_PASSWORD, role=role, unit=resolve_unit(unit_ref),
            full_name=full_name, email=f"{username}@demo.dxmonitor.local", check_password=False, via="demo",
        )
    _token, raw = token_create(actor=users["admin"], name="Hệ thống một cửa Hà Nội (demo)",
                              unit=resolve_unit("P01@2008-08-01"), via="demo")
    for step in DEMO_STEPS:
        try:
            module = importlib.import_module(step)
        except ModuleNotFoundError as exc:
            if exc.name and step.startswith(exc.name):
                continue
            raise
        module.load(out=out, with_services=with_services, records=records)  # type: ignore[attr-defined]
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    for username, role, unit_ref, _ in DEMO_USERS:
        out.write(f"  {username:<14} {role:<13} {resolve_unit(unit_ref).name}\n")
    out.write(f"  API token (system client, Hà Nội): {raw}\n")
