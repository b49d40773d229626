"""Authentication and hardening: argon2, lockout, CSRF, headers, deploy checks, an auth guard on every API route."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_production_hashes_passwords_with_argon2() -> None:
    import importlib

    prod = importlib.import_module("dxmonitor.settings")
    assert prod.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    encoded = Argon2PasswordHasher().encode("x-secret-123", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$") and Argon2PasswordHasher().verify("x-secret-123", encoded)


def test_lockout_after_repeated_failures(make_user: Any) -> None:
    make_user("leader", username="lanhdao.thu")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "lanhdao.thu", "password": "wrong-password"})
    locked = client.post("/accounts/login/", {"username": "lanhdao.thu", "password": "pw-dxmonitor-1"})
    assert locked.status_code == 429
    assert "bị khóa".encode() in locked.content


def test_login_works_with_correct_password(make_user: Any) -> None:
    make_user("leader", username="lanhdao.ok")
    response = Client().post("/accounts/login/", {"username": "lanhdao.ok", "password": "pw-dxmonitor-1"})
    assert response.status_code == 302


def test_session_api_writes_need_csrf(make_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("admin"))
    response = client.post("/api/v1/units/-/tokens", {"name": "x", "unit": "BKHCN"}, content_type="application/json")
    assert response.status_code == 403


def test_security_headers(client: Client) -> None:
    response = client.get("/units/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {**os.environ, "DXM_PRODUCTION": "1", "DXM_SECRET_KEY": "k" * 64 + "-Production-Only-9", "DXM_VAR_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "dxmonitor.settings"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_api_route_has_an_auth_guard() -> None:
    from dxmonitor.api import api

    unguarded = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                auth = operation.auth_callbacks
                if not auth:
                    unguarded.append(f"{','.join(operation.methods)} {prefix}{path}")
    assert unguarded == []


def test_healthz(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
