"""What the platforms domain hands to other apps: references to registry entries (the investments app links
projects to them and points duplicate investment at them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlatformRef:
    code: str
    name: str
    pillar: str
    description: str
