"""The sections of each report kind, filled from the other domains' read functions.

A domain that has not landed yet, or has no data for the period, gives a section that says so: a report
never invents a number. Every number goes through `ReportContent.figure`, which records the query behind it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

from dxmonitor.orgs.selectors import counts_by_kind, resolve_unit, units_valid_on
from dxmonitor.reports.content import ReportContent, Section, Table
from dxmonitor.reports.numbers import vn_int, vn_pct
from dxmonitor.reports.periods import Period

NO_DATA = "Chưa có dữ liệu trong hệ thống cho mục này trong kỳ báo cáo."


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ModuleNotFoundError, AttributeError):
        return None


def _section_units(content: ReportContent, period: Period) -> Section:
    counts = counts_by_kind(period.end)
    provinces = counts.get("province", 0) + counts.get("city", 0)
    ministries = counts.get("ministry", 0) + counts.get("ministry_agency", 0)
    text = (
        "Tại thời điểm cuối kỳ, hệ thống theo dõi "
        + content.figure("Số tỉnh, thành phố", vn_int(provinces), provinces, "orgs.counts_by_kind",
                         on=period.end.isoformat(), kinds="province+city")
        + " tỉnh, thành phố trực thuộc trung ương và "
        + content.figure("Số bộ, cơ quan ngang bộ", vn_int(ministries), ministries, "orgs.counts_by_kind",
                         on=period.end.isoformat(), kinds="ministry+ministry_agency")
        + " bộ, cơ quan ngang bộ."
    )
    return Section("I. KHÁI QUÁT", [text])


def _section_tasks(content: ReportContent, period: Period, unit_code: str | None, heading: str) -> Section:
    scorecard = _optional("dxmonitor.tasks.selectors", "scorecard")
    if scorecard is None:
        return Section(heading, [NO_DATA], has_data=False)
    rows = scorecard(as_of=period.end, date_from=period.start, date_to=period.end, against="original")
    if unit_code:
        rows = [r for r in rows if r.unit_code == unit_code]
    total = sum(r.total for r in rows)
    if not total:
        return Section(heading, [NO_DATA], has_data=False)
    on_time = sum(r.completed_on_time for r in rows)
    late = sum(r.completed_late for r in rows)
    overdue = sum(r.overdue for r in rows)
    due = on_time + late + overdue
    rate = on_time / due if due else None
    params = {"as_of": period.end.isoformat(), "from": period.start.isoformat(), "to": period.end.isoformat(),
              "against": "original", **({"unit": unit_code} if unit_code else {})}
    para = (
        "Trong kỳ, tổng số nhiệm vụ được giao là "
        + content.figure("Tổng số nhiệm vụ", vn_int(total), total, "tasks.scorecard", **params)
        + "; đã hoàn thành đúng hạn "
        + content.figure("Hoàn thành đúng hạn", vn_int(on_time), on_time, "tasks.scorecard", **params)
        + ", hoàn thành quá hạn "
        + content.figure("Hoàn thành quá hạn", vn_int(late), late, "tasks.scorecard", **params)
        + ", quá hạn chưa hoàn thành "
        + content.figure("Quá hạn chưa hoàn thành", vn_int(overdue), overdue, "tasks.scorecard", **params)
        + ". Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đến hạn đạt "
        + content.figure("Tỷ lệ hoàn thành đúng hạn", vn_pct(rate), rate, "tasks.scorecard", **params)
        + "."
    )
    worst = sorted((r for r in rows if r.overdue), key=lambda r: (-r.overdue, r.unit_name))[:10]
    section = Section(heading, [para])
    ref = content.figure("Bảng kết quả theo đơn vị", f"{len(rows)} đơn vị", len(rows), "tasks.scorecard", **params)
    section.tables.append(Table(
        caption="Kết quả thực hiện nhiệm vụ theo đơn vị",
        header=["Đơn vị", "Tổng", "Đúng hạn", "Quá hạn (đã xong)", "Quá hạn (chưa xong)", "Tỷ lệ đúng hạn"],
        rows=[[r.unit_name, vn_int(r.total), vn_int(r.completed_on_time), vn_int(r.completed_late), vn_int(r.overdue),
               vn_pct(r.on_time_rate)] for r in sorted(rows, key=lambda r: r.unit_name)],
        ref=int(ref.rsplit("[", 1)[1].rstrip("]")),
    ))
    if worst:
        section.paragraphs.append(
            "Các đơn vị còn nhiều nhiệm vụ quá hạn: "
            + "; ".join(f"{r.unit_name} ({vn_int(r.overdue)} nhiệm vụ)" for r in worst) + "."
        )
    return section


def _section_indices(content: ReportContent, period: Period, unit_code: str | None, heading: str) -> Section:
    results = _optional("dxmonitor.indices.selectors", "published_results")
    if results is None:
        return Section(heading, [NO_DATA], has_data=False)
    year = period.year if period.end.month == 12 else period.year - 1
    rows = results(year=year)
    if not rows:
        return Section(heading, [NO_DATA], has_data=False)
    if unit_code:
        rows = [r for r in rows if r.unit_code == unit_code]
    section = Section(heading)
    for r in rows[:1] if unit_code else []:
        section.paragraphs.append(
            f"Năm {year}, chỉ số DTI của {r.unit_name} đạt "
            + content.figure("DTI của đơn vị", f"{r.score:.4f}".replace(".", ","), r.score, "indices.published_results",
                             year=year, unit=unit_code)
            + f", xếp hạng {r.rank}."
        )
    section.tables.append(Table(
        caption=f"Xếp hạng DTI năm {year}",
        header=["Hạng", "Đơn vị", "DTI", "Thay đổi hạng"],
        rows=[[str(r.rank), r.unit_name, f"{r.score:.4f}".replace(".", ","),
               "" if r.rank_change is None else f"{r.rank_change:+d}"] for r in rows],
    ))
    return section


def _section_services(content: ReportContent, period: Period, unit_code: str | None, heading: str) -> Section:
    summary = _optional("dxmonitor.services.selectors", "kpi_summary")
    if summary is None:
        return Section(heading, [NO_DATA], has_data=False)
    kpi = summary(date_from=period.start, date_to=period.end, unit_code=unit_code)
    if not kpi or not kpi.received:
        return Section(heading, [NO_DATA], has_data=False)
    params = {"from": period.start.isoformat(), "to": period.end.isoformat(), **({"unit": unit_code} if unit_code else {})}
    para = (
        "Số hồ sơ tiếp nhận trong kỳ (đo từ dữ liệu đồng bộ trạng thái hồ sơ): "
        + content.figure("Hồ sơ tiếp nhận", vn_int(kpi.received), kpi.received, "services.kpi_summary", **params)
        + "; tỷ lệ hồ sơ trực tuyến "
        + content.figure("Tỷ lệ hồ sơ trực tuyến", vn_pct(kpi.online_share), kpi.online_share, "services.kpi_summary", **params)
        + "; tỷ lệ giải quyết đúng hạn "
        + content.figure("Tỷ lệ đúng hạn", vn_pct(kpi.on_time_share), kpi.on_time_share, "services.kpi_summary", **params)
        + "; tỷ lệ thanh toán trực tuyến "
        + content.figure("Tỷ lệ thanh toán trực tuyến", vn_pct(kpi.online_payment_share), kpi.online_payment_share,
                         "services.kpi_summary", **params)
        + "."
    )
    section = Section(heading, [para])
    unused = _optional("dxmonitor.services.selectors", "unused_services")
    rows = unused(date_from=period.start, date_to=period.end) if unused else []
    if unit_code:
        rows = [r for r in rows if r["unit_code"] == unit_code]
    if rows:
        worst = rows[:15]
        names = {u.code: u.name for u in units_valid_on(period.end, "province")}
        section.paragraphs.append(
            "Dịch vụ công đã cung cấp trực tuyến nhưng hầu như không phát sinh hồ sơ trực tuyến (dưới 5 hồ sơ trong kỳ): "
            + content.figure("Số đơn vị có dịch vụ ít sử dụng", vn_int(sum(1 for r in rows if r["unused"])),
                             sum(1 for r in rows if r["unused"]), "services.unused_services", **params)
            + " đơn vị có ít nhất một dịch vụ như vậy."
        )
        section.tables.append(Table(
            caption="Dịch vụ công trực tuyến ít được sử dụng theo đơn vị",
            header=["Đơn vị", "Số dịch vụ trực tuyến", "Ít sử dụng", "Tỷ lệ được sử dụng", "Ví dụ"],
            rows=[[names.get(r["unit_code"], r["unit_code"]), vn_int(r["offered"]), vn_int(r["unused"]), vn_pct(r["used_share"]),
                   "; ".join(r["examples"][:3])] for r in worst],
        ))
    return section


def _section_investments(content: ReportContent, period: Period, unit_code: str | None, heading: str) -> Section:
    signals = _optional("dxmonitor.investments.selectors", "signal_summary")
    if signals is None:
        return Section(heading, [NO_DATA], has_data=False)
    s = signals(as_of=period.end, unit_code=unit_code)
    if not s or not s.projects:
        return Section(heading, [NO_DATA], has_data=False)
    params = {"as_of": period.end.isoformat(), **({"unit": unit_code} if unit_code else {})}
    return Section(heading, [
        "Số dự án đầu tư công về chuyển đổi số đang theo dõi: "
        + content.figure("Số dự án", vn_int(s.projects), s.projects, "investments.signal_summary", **params)
        + "; trong đó cảnh báo đỏ về chi phí hoặc tiến độ: "
        + content.figure("Dự án cảnh báo đỏ", vn_int(s.red), s.red, "investments.signal_summary", **params)
        + "; có dấu hiệu đầu tư trùng lặp: "
        + content.figure("Nghi trùng lặp", vn_int(s.possible_duplicates), s.possible_duplicates,
                         "investments.signal_summary", **params)
        + "."
    ])


def _section_next(content: ReportContent, period: Period, unit_code: str | None, heading: str) -> Section:
    due = _optional("dxmonitor.tasks.selectors", "tasks_due_between")
    if due is None:
        return Section(heading, [NO_DATA], has_data=False)
    nxt = period.end + dt.timedelta(days=1)
    end = dt.date(nxt.year + (nxt.month + 5) // 12, (nxt.month + 5) % 12 + 1, 1) - dt.timedelta(days=1)
    tasks = [t for t in due(nxt, end) if not unit_code or t.lead_unit_code == unit_code]
    if not tasks:
        return Section(heading, ["Không có nhiệm vụ nào đến hạn trong kỳ tới."])
    section = Section(heading, [
        "Số nhiệm vụ đến hạn trong kỳ tới: "
        + content.figure("Nhiệm vụ đến hạn kỳ tới", vn_int(len(tasks)), len(tasks), "tasks.tasks_due_between",
                         start=nxt.isoformat(), end=end.isoformat()) + "."
    ])
    section.tables.append(Table(
        caption="Nhiệm vụ đến hạn trong kỳ tới",
        header=["Hạn", "Đơn vị chủ trì", "Nội dung"],
        rows=[[t.deadline.strftime("%d/%m/%Y"), t.lead_unit_name, t.content[:200]] for t in tasks[:50]],
    ))
    return section


def fill(content: ReportContent, period: Period, unit_code: str | None) -> None:
    """Append the sections of the report kind to `content`."""
    if content.kind == "unit" and unit_code:
        resolve_unit(unit_code, on=period.end)  # raises UnitNotFound for an unknown unit
    content.sections.append(_section_units(content, period))
    content.sections.append(_section_tasks(content, period, unit_code, "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO"))
    if content.kind != "brief":
        content.sections.append(_section_indices(content, period, unit_code, "III. CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI)"))
        content.sections.append(_section_services(content, period, unit_code, "IV. MỨC ĐỘ SỬ DỤNG DỊCH VỤ CÔNG TRỰC TUYẾN"))
        content.sections.append(_section_investments(content, period, unit_code, "V. ĐẦU TƯ CÔNG CHO CHUYỂN ĐỔI SỐ"))
    content.sections.append(_section_next(content, period, unit_code, "VI. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"))
