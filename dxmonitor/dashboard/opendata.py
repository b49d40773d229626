"""Open data of the public portal: the published datasets, their data dictionary and their rows (published data
only: index rankings, and the tasks of directives marked public)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from dxmonitor.dashboard import selectors
from dxmonitor.indices import selectors as indices


@dataclass(frozen=True)
class Dataset:
    title: Any
    columns: tuple[tuple[str, Any], ...]
    note: Any = ""


DATASETS: dict[str, Dataset] = {
    "dti": Dataset(
        title=_("Provincial DTI rankings by year"),
        columns=(
            ("year", _("year the index measures")),
            ("rank", _("rank among the provinces of that year; equal scores share a rank")),
            ("unit_code", _("province code: the 63-province list until 2023, the 34-province list from 2024")),
            ("unit_name", _("province name")),
            ("dti", _("index value, 0 to 1")),
            ("cqs", _("digital government pillar, 0 to 1")),
            ("kts", _("digital economy pillar, 0 to 1")),
            ("xhs", _("digital society pillar, 0 to 1")),
            ("rank_p05", _("best rank in 90 out of 100 resamples of the weights (rank interval, low end)")),
            ("rank_p95", _("worst rank in 90 out of 100 resamples of the weights (rank interval, high end)")),
            ("methodology", _("methodology code, see the indices pages")),
        ),
        note=_("All years by default; ?year=YYYY gives one year."),
    ),
    "public-tasks": Dataset(
        title=_("Tasks of public directives and their status"),
        columns=(
            ("directive", _("number of the directive or conclusion notice")),
            ("directive_date", _("date the directive was issued (YYYY-MM-DD)")),
            ("task_id", _("stable identifier of the task")),
            ("lead_unit_code", _("code of the lead unit")),
            ("lead_unit", _("name of the lead unit")),
            ("content", _("what the task asks")),
            ("deadline", _("current deadline (YYYY-MM-DD); empty for continuing duties")),
            ("status", _("not_due, in_progress, overdue, completed_on_time or completed_late, computed on as_of")),
            ("as_of", _("the day the status was computed (YYYY-MM-DD)")),
        ),
    ),
}


def methodology_code(year: int) -> str:
    return indices.methodology_for(year)


def rows(dataset: str, *, year: int | None = None) -> list[dict[str, Any]]:
    """The rows of one dataset, as plain values (dates as ISO strings)."""
    if dataset == "dti":
        years = [year] if year else selectors.index_years()
        return [{"year": y, "rank": r["rank"], "unit_code": r["unit_code"], "unit_name": r["unit_name"],
                 "dti": round(r["score"], 4), **{p: None if r[p] is None else round(r[p], 4) for p in selectors.PILLARS},
                 "rank_p05": r["rank_p05"], "rank_p95": r["rank_p95"], "methodology": methodology_code(y)}
                for y in years for r in selectors.ranking(y)]
    if dataset == "public-tasks":
        out = []
        for d in selectors.public_directives():
            for t in d["tasks"]:
                out.append({"directive": d["number"], "directive_date": d["issued_on"].isoformat(), "task_id": t["id"],
                            "lead_unit_code": t["lead_unit_code"], "lead_unit": t["lead_unit"], "content": t["content"],
                            "deadline": t["deadline"].isoformat() if t["deadline"] else "", "status": t["status"],
                            "as_of": d["as_of"].isoformat()})
        return out
    raise KeyError(dataset)
