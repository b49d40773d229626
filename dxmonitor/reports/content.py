"""The content of a report, independent of its format: sections, tables and traceable figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One number in the text, with the query that produced it (shown in the sources annex)."""

    ref: int
    label: str
    text: str
    value: Any
    query: str
    params: dict[str, Any]


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    ref: int | None = None


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    has_data: bool = True


@dataclass
class ReportContent:
    kind: str
    period_code: str
    title: str
    subtitle: str
    issuing_body: str
    issuing_parent: str
    number_symbol: str
    place: str
    date_text: str
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    unit_code: str | None = None

    def figure(self, label: str, text: str, value: Any, query: str, **params: Any) -> str:
        """Register a figure and return its text with the reference mark, e.g. "97,3 % [4]"."""
        ref = len(self.figures) + 1
        self.figures.append(Figure(ref, label, text, value, query, dict(params)))
        return f"{text} [{ref}]"

    def figure_values(self) -> dict[str, Any]:
        return {f.label: f.value for f in self.figures}
