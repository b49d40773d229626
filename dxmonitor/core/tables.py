"""Tables as downloads: the same rows as CSV (UTF-8 with a byte-order mark, so Excel reads Vietnamese), XLSX or
JSON, under one function every export uses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx", "json")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _cell(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool | dt.date) else str(value)


def table_response(rows: Sequence[Mapping[str, Any]], fields: Sequence[str], fmt: str, stem: str, *,
                   sheet: str = "Data", headers: Sequence[str] | None = None,
                   json_inline: bool = False) -> HttpResponse:
    """`rows` as a file named `stem`.csv/.xlsx/.json; an unknown format answers 400 naming the choices.

    `json_inline` serves JSON to be read in place (an open-data feed) rather than downloaded."""
    if fmt == "json":
        body = json.dumps([{f: _plain(r.get(f)) for f in fields} for r in rows], ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        if json_inline:
            return response
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = sheet[:31]
        ws.append(list(headers or fields))
        for r in rows:
            ws.append([_cell(r.get(f)) for f in fields])
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
    elif fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(list(headers or fields))
        writer.writerows([_plain(r.get(f)) for f in fields] for r in rows)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        return HttpResponse(f"format: one of {', '.join(FORMATS)}", status=400, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
