"""The versioned REST API (`/api/v1/`): one router per domain, authentication decided per route."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from dxmonitor.orgs.models import ApiToken

T = TypeVar("T")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer dxm_…` for system clients; the request carries the token as `request.auth`."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        from dxmonitor.orgs.services import token_authenticate

        return token_authenticate(token)


class PublicAccess(APIKeyHeader):
    """Marks a route as deliberately public: it always lets the request through (as anonymous)."""

    param_name = "X-Public"

    def __call__(self, request: HttpRequest) -> object:
        return request.user if getattr(request, "user", None) is not None and request.user.is_authenticated else True

    def authenticate(self, request: HttpRequest, key: str | None) -> object:  # pragma: no cover - not reached
        return True


session_auth = django_auth
token_auth = TokenAuth()
public = PublicAccess()
#: Signed-in users (session with CSRF) or system tokens.
user_or_token = [session_auth, token_auth]


def principal(request: HttpRequest) -> object:
    """Who calls: the session user, or the API token of a system client."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None and not getattr(auth, "is_authenticated", False) else request.user


def write(call: Callable[[], T]) -> T:
    """Run a service write for an API route: a refusal answers 403, invalid input 422 naming the fields."""
    try:
        return call()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        raise HttpError(422, "; ".join(f"{k}: {', '.join(v)}" if k else ", ".join(v) for k, v in detail.items())) from None

api = NinjaAPI(
    title="dxmonitor API",
    version="1",
    description="Tasks, indicators, indices, online-service use and units of Vietnam's digital transformation "
    "programme. Authenticate with a session (browser) or `Authorization: Bearer <token>` (systems).",
    urls_namespace="api",
    docs_url="/docs",
)

#: (prefix, module) of every domain router; a module that does not exist yet is skipped.
ROUTERS = [
    ("/core", "dxmonitor.core.api"),
    ("/units", "dxmonitor.orgs.api"),
    ("/tasks", "dxmonitor.tasks.api"),
    ("/indicators", "dxmonitor.indicators.api"),
    ("/indices", "dxmonitor.indices.api"),
    ("/services", "dxmonitor.services.api"),
    ("/platforms", "dxmonitor.platforms.api"),
    ("/investments", "dxmonitor.investments.api"),
    ("/dashboard", "dxmonitor.dashboard.api"),
    ("/reports", "dxmonitor.reports.api"),
]

for prefix, module_name in ROUTERS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            continue
        raise
    api.add_router(prefix, module.router)  # type: ignore[attr-defined]
