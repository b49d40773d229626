"""Demo data of the investments domain, written for the demo: about twenty projects of provinces and ministries
entered, reported on, re-baselined and rated through the real service functions, so that every signal shows up
somewhere: operations centres (IOC) built by one province after another, provincial payment platforms beside the
national one, a national database whose disbursement lags, a project re-baselined twice, one whose low risk
rating never moved while its cost grew, one that stopped reporting. Dates are relative to the day the demo is
built. The figures are invented for the demo; they are not published data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TextIO

from dxmonitor.core.time import today_vn

BN = 1_000_000_000


@dataclass(frozen=True)
class Demo:
    code: str
    unit: str  # a ministry's code, or a province's name, resolved on the day the demo is built
    kind: str
    pillar: str
    name: str
    description: str
    cost_bn: float
    start_months_ago: int
    months: int
    elements: tuple[str, ...] = ("infrastructure", "data")
    pace: float = 0.9  # share of the plan actually disbursed each month
    progress: float = 1.0  # share of the plan's elapsed milestones reached on time
    report_days_ago: int = 20
    rebaselines: tuple[tuple[float, int, str, str], ...] = ()  # (cost bn, extra months, reason, approver)
    risks: tuple[tuple[int, int, str], ...] = ((2, 0, "Rủi ro thấp khi phê duyệt"),)  # (rating, months after start)
    estimate_factor: float = 1.0  # estimate at completion / current baseline cost
    status: str = "in_progress"
    builds: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()


PROJECTS = [
    Demo("HN-IOC-2024", "Hà Nội", "ioc", "government",
         "Trung tâm giám sát, điều hành đô thị thông minh thành phố Hà Nội",
         "Xây dựng trung tâm điều hành thông minh (IOC): kết nối camera giao thông, phản ánh hiện trường, "
         "bảng điều hành số liệu kinh tế - xã hội", 480, 30, 30,
         rebaselines=((560, 6, "Mở rộng kết nối 3.000 camera giao thông và an ninh", "UBND thành phố Hà Nội"),),
         estimate_factor=1.12, pace=0.55, progress=0.5, risks=((2, 0, "Đơn vị đánh giá rủi ro thấp"),),
         uses=("NDXP",)),
    Demo("DN-IOC-2", "Đà Nẵng", "ioc", "government", "Trung tâm giám sát, điều hành đô thị thông minh Đà Nẵng giai đoạn 2",
         "Nâng cấp trung tâm điều hành thông minh: giám sát giao thông, môi trường, an ninh trật tự, camera",
         210, 26, 30, pace=0.95, risks=((2, 0, "Kế thừa giai đoạn 1"),)),
    Demo("HUE-IOC", "Huế", "ioc", "government", "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Huế",
         "Đô thị thông minh: điều hành, giám sát, camera an ninh, phản ánh hiện trường", 95, 20, 24, pace=0.85),
    Demo("QN-IOC", "Quảng Ninh", "ioc", "government", "Xây dựng Trung tâm điều hành thông minh tỉnh Quảng Ninh",
         "Trung tâm giám sát điều hành tập trung, tích hợp camera và dữ liệu chuyên ngành", 150, 18, 24,
         report_days_ago=130, pace=0.6),
    Demo("NA-IOC", "Nghệ An", "ioc", "government", "Trung tâm điều hành thông minh tỉnh Nghệ An",
         "Trung tâm giám sát, điều hành đô thị thông minh; kết nối camera giao thông", 120, 28, 24,
         estimate_factor=1.42, progress=0.3, pace=0.7, risks=((1, 0, "Nhà thầu có kinh nghiệm"),)),
    Demo("BN-IOC", "Bắc Ninh", "ioc", "government", "Đầu tư Trung tâm điều hành đô thị thông minh tỉnh Bắc Ninh",
         "IOC: giám sát giao thông, môi trường, điều hành số liệu", 130, 4, 24, pace=0.8, status="in_progress"),
    Demo("CT-PAY", "Cần Thơ", "platform", "government", "Nền tảng thanh toán trực tuyến tỉnh Cần Thơ",
         "Thanh toán phí, lệ phí hồ sơ dịch vụ công trực tuyến của tỉnh", 38, 14, 18, pace=0.9),
    Demo("DNA-PAY", "Đồng Nai", "platform", "government", "Xây dựng nền tảng thanh toán trực tuyến dịch vụ công Đồng Nai",
         "Thanh toán trực tuyến phí, lệ phí, nghĩa vụ tài chính của người dân khi nộp hồ sơ", 42, 10, 18),
    Demo("KH-DVC", "Khánh Hòa", "software", "government", "Cổng dịch vụ công trực tuyến riêng của tỉnh Khánh Hòa",
         "Cổng dịch vụ công và hệ thống một cửa điện tử của tỉnh, tiếp nhận hồ sơ trực tuyến", 55, 16, 20),
    Demo("HN-DC", "Hà Nội", "datacenter", "government", "Trung tâm dữ liệu thành phố Hà Nội",
         "Hạ tầng máy chủ, lưu trữ, điện toán đám mây dùng chung của thành phố", 700, 22, 36, pace=0.75,
         elements=("infrastructure",)),
    Demo("HCM-DC", "Hồ Chí Minh", "datacenter", "government", "Trung tâm dữ liệu Thành phố Hồ Chí Minh",
         "Máy chủ, lưu trữ, sao lưu dự phòng, đám mây riêng của thành phố", 1200, 30, 36, pace=0.85,
         elements=("infrastructure",)),
    Demo("BCA-DC2", "BCA", "database", "government", "Cơ sở dữ liệu quốc gia về dân cư giai đoạn 2",
         "Làm giàu, làm sạch dữ liệu dân cư; kết nối với các cơ sở dữ liệu chuyên ngành; định danh điện tử", 1500,
         24, 36, pace=0.92, elements=("data", "institutions")),
    Demo("BTC-CSDL", "BTC", "database", "economy", "Cơ sở dữ liệu quốc gia về tài chính",
         "Dữ liệu ngân sách, thuế, hải quan, kho bạc dùng chung", 900, 40, 30, pace=0.7, progress=0.6,
         rebaselines=((980, 9, "Bổ sung dữ liệu hải quan theo yêu cầu mới", "Bộ trưởng Bộ Tài chính"),
                      (1050, 6, "Điều chỉnh theo Luật Ngân sách nhà nước sửa đổi", "Thủ tướng Chính phủ")),
         risks=((2, 0, "Phê duyệt"), (3, 12, "Chậm tiến độ hạng mục hải quan"), (4, 30, "Điều chỉnh lần hai"))),
    Demo("BNNMT-DD", "BNNMT", "database", "government", "Cơ sở dữ liệu quốc gia về đất đai",
         "Số hóa hồ sơ địa chính, xây dựng cơ sở dữ liệu đất đai thống nhất toàn quốc", 2800, 20, 48, pace=0.35,
         progress=0.5, elements=("data",), risks=((3, 0, "Khối lượng số hóa lớn"),)),
    Demo("BHXH-CSDL", "BHXH", "database", "society", "Nâng cấp Cơ sở dữ liệu quốc gia về bảo hiểm",
         "Dữ liệu bảo hiểm xã hội, y tế, thất nghiệp; kết nối dữ liệu dân cư", 600, 18, 30, pace=0.9),
    Demo("BKHCN-NDXP", "BKHCN", "platform", "government", "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)",
         "Kết nối, chia sẻ dữ liệu giữa các bộ, ngành, địa phương; tăng năng lực xử lý", 320, 12, 24, pace=0.9,
         builds=("NDXP",)),
    Demo("BKHCN-SOC", "BKHCN", "security", "government", "Trung tâm giám sát an toàn không gian mạng quốc gia",
         "Giám sát, cảnh báo, ứng cứu sự cố an toàn thông tin cho hệ thống của các bộ, ngành", 250, 8, 24,
         elements=("infrastructure", "human_resources")),
    Demo("HN-EDU", "Hà Nội", "software", "society", "Phần mềm quản lý trường học số thành phố Hà Nội",
         "Sổ điểm điện tử, học bạ số, quản lý trường học", 75, 10, 18, elements=("human_resources", "data")),
    Demo("TH-EDU", "Thanh Hóa", "software", "society", "Hệ thống quản lý trường học số tỉnh Thanh Hóa",
         "Học bạ số, sổ điểm điện tử, quản lý trường học và học sinh", 60, 6, 18, elements=("human_resources",)),
    Demo("DN-NET", "Đà Nẵng", "network", "society", "Mạng kết nối đô thị thông minh và wifi công cộng Đà Nẵng",
         "Mạng truyền dẫn, điểm phát wifi công cộng, cảm biến đô thị", 85, 34, 24, status="completed", pace=1.0),
]


def _months_ago(today: dt.date, n: int) -> dt.date:
    y, m = today.year, today.month - n
    while m < 1:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def _add_months(day: dt.date, n: int) -> dt.date:
    y, m = day.year, day.month + n
    while m > 12:
        y, m = y + 1, m - 12
    return dt.date(y, m, min(day.day, 28))


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    from dxmonitor.investments import selectors
    from dxmonitor.investments.services import (
        MilestoneInput,
        ProgressReport,
        ProjectInput,
        baseline_add,
        project_create,
        project_report,
        risk_rate,
    )
    from dxmonitor.orgs.access import unit_can_edit
    from dxmonitor.orgs.selectors import resolve_unit

    today = today_vn()
    users = get_user_model().objects
    secretariat = users.get(username="thuky")
    officers = list(users.filter(role="unit_officer"))
    known = selectors.known_registry_codes()
    red = 0
    for d in PROJECTS:
        unit = resolve_unit(d.unit, on=today, kind=None if d.unit.isascii() else "province")
        actor: Any = next((u for u in officers if u.unit_id == unit.pk and unit_can_edit(u, unit)), secretariat)
        start = _months_ago(today, d.start_months_ago)
        finish = _add_months(start, d.months) - dt.timedelta(days=1)
        cost = int(d.cost_bn * BN)
        # Capital planned per calendar year in proportion to the project's months in that year.
        active: dict[int, int] = {}
        month = start
        while month <= finish:
            active[month.year] = active.get(month.year, 0) + 1
            month = _add_months(month, 1).replace(day=1)
        allocations = {y: cost * n // d.months for y, n in active.items()}
        plan = [("Phê duyệt thiết kế chi tiết", 3), ("Hoàn thành hạ tầng, cài đặt", d.months // 2),
                ("Vận hành thử nghiệm", d.months - 3), ("Nghiệm thu, đưa vào sử dụng", d.months)]
        milestones = [MilestoneInput(name, _add_months(start, m) - dt.timedelta(days=1)) for name, m in plan]
        links = {"builds": [c for c in d.builds if known is None or c in known],
                 "uses": [c for c in d.uses if known is None or c in known]}
        project = project_create(actor=actor, recorded_on=start, via="demo", data=ProjectInput(
            code=d.code, name=d.name, owner_unit=unit, pillar=d.pillar, kind=d.kind, total_cost=cost, start=start,
            finish=finish, description=d.description, programme="Chương trình Chuyển đổi số quốc gia",
            elements=d.elements, approval_number=f"{100 + len(d.code)}/QĐ-{d.code.split('-')[0]}", approval_date=start,
            capital_sources={"Ngân sách trung ương": cost // 2, "Ngân sách địa phương/bộ": cost - cost // 2},
            status="in_progress" if d.status == "completed" else d.status, allocations=allocations,
            milestones=milestones, builds=links["builds"], uses=links["uses"],
            risk=d.risks[0][0], risk_reason=d.risks[0][2]))
        extra = 0
        for i, (bn, months, reason, approver) in enumerate(d.rebaselines, start=1):
            extra += months
            baseline_add(actor=actor, project=project, total_cost=int(bn * BN), start=start,
                         finish=_add_months(finish, extra), reason=reason, approved_by=approver,
                         decision=f"{200 + i}/QĐ-{d.code.split('-')[0]}", via="demo")
        for rating, after, reason in d.risks[1:]:
            risk_rate(actor=actor, project=project, rating=rating, reason=reason,
                      rated_on=_add_months(start, after), via="demo")
        last = today - dt.timedelta(days=d.report_days_ago)
        if d.status == "completed":
            last = min(last, finish)
        # Money: the plan's monthly share times the project's pace, up to the last report.
        disbursed: dict[dt.date, int] = {}
        month = start
        while month <= last:
            disbursed[month] = int(allocations.get(month.year, 0) / active.get(month.year, 12) * d.pace)
            month = _add_months(month, 1).replace(day=1)
        by_id = {m.name: m.pk for m in project.milestones.all()}
        done: dict[int, dt.date] = {}
        due = [(m, by_id[m.name]) for m in milestones if m.planned <= last]
        for i, (m, mid) in enumerate(due):
            if i < round(len(due) * d.progress) or d.status == "completed":
                done[mid] = min(m.planned + dt.timedelta(days=7 * (i % 3)), last)
        current = selectors.current_baseline(project)
        project_report(actor=actor, project=project, via="demo", report=ProgressReport(
            report_on=last, disbursed=disbursed, milestones_done=done,
            cost_estimate=int(current.total_cost * d.estimate_factor),
            status=d.status if d.status == "completed" else None, note="Báo cáo định kỳ"))
        red += selectors.signals_of(project).overall == "red"
    groups = selectors.duplicate_groups()
    out.write(f"  investments: {len(PROJECTS)} projects, {red} with a red signal, "
              f"{len(groups)} groups of possible duplicate investment\n")
