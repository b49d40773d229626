"""The `dxmonitor` command: one entry point for serving, the demo and every batch job."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

#: Subcommand groups and the modules that contribute to each (a module may not exist yet).
GROUPS: dict[str, tuple[str, list[str]]] = {
    "tasks": ("Directives and tasks", ["dxmonitor.tasks.cli", "dxmonitor.tasks.extraction.cli"]),
    "indicators": ("Indicator catalogue and data collection", ["dxmonitor.indicators.cli"]),
    "index": ("Composite indices (DTI)", ["dxmonitor.indices.cli"]),
    "services": ("Online public services: dossier records and KPIs", ["dxmonitor.services.cli"]),
    "data": ("Data quality, digital platforms and shared databases",
             ["dxmonitor.platforms.quality.cli", "dxmonitor.platforms.cli"]),
    "projects": ("IT investment projects", ["dxmonitor.investments.cli"]),
    "report": ("Reports in the administrative format", ["dxmonitor.reports.cli"]),
}

#: Top-level commands defined by the orgs and core modules.
TOP_LEVEL = ["dxmonitor.core.cli", "dxmonitor.orgs.cli"]

_django_ready = False


def setup_django() -> None:
    """Configure Django for a CLI handler that needs the database (idempotent)."""
    global _django_ready
    if _django_ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxmonitor.settings")
    import django

    django.setup()
    _django_ready = True


def _import_optional(module: str) -> object | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dxmonitor", description="dxmonitor: digital transformation monitoring")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in TOP_LEVEL:
        module = _import_optional(name)
        if module is not None:
            module.register(sub)  # type: ignore[attr-defined]
    for group, (help_text, modules) in GROUPS.items():
        loaded = [m for m in (_import_optional(name) for name in modules) if m is not None]
        if not loaded:
            continue
        group_parser = sub.add_parser(group, help=help_text)
        group_sub = group_parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        group_parser.set_defaults(func=lambda args, p=group_parser: (p.print_help(), 2)[1])
        for module in loaded:
            module.register(group_sub)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
