"""Demo directives and tasks 2022-2026, written for dxmonitor (not taken from any real notice).

Numbers and wording are invented in the style of steering-committee conclusions; outcomes are replayed
through the normal write functions with past timestamps, so statuses are computed exactly as in production.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model

from dxmonitor.core.demo import DEMO_PASSWORD
from dxmonitor.core.time import today_vn
from dxmonitor.orgs.selectors import resolve_unit
from dxmonitor.orgs.services import user_create
from dxmonitor.tasks.services import (
    TaskInput,
    completion_propose,
    completion_review,
    directive_create,
    extension_decide,
    extension_request,
    progress_report_submit,
    task_close,
    tasks_create,
)

D = dt.date

# Each directive: kind, number, date, title, meeting, public, then its tasks as
# lead, coordinators, content, deadline or None, priority, outcome.
# outcome: ontime | late | progress | none | proposed | extension | extended | cancelled | recurring:<q|m|y>
DIRECTIVES: list[tuple[str, str, dt.date, str, str, bool, list[tuple[str, list[str], str, Any, str, str]]]] = [
    ("conclusion", "215/TB-VPCP (demo)", D(2022, 8, 12),
     "Kết luận phiên họp thứ ba của Ủy ban Quốc gia về chuyển đổi số (dữ liệu minh họa)",
     "Phiên họp thứ ba Ủy ban Quốc gia về chuyển đổi số", True, [
         ("Bộ TT&TT", ["Bộ KH&ĐT", "Bộ Tài chính"], "Xây dựng hệ thống theo dõi, đánh giá việc thực hiện các chương trình, kế hoạch ứng dụng công nghệ thông tin của các bộ, ngành", D(2022, 12, 31), "high", "late"),
         ("Bộ KH&ĐT", ["Bộ TT&TT"], "Đề xuất cơ chế thống kê, theo dõi các dự án đầu tư công cho chuyển đổi số và báo cáo Ủy ban", D(2022, 11, 30), "normal", "ontime"),
         ("Bộ Công an", ["Bộ TT&TT"], "Hoàn thành kết nối Cơ sở dữ liệu quốc gia về dân cư với các hệ thống thông tin giải quyết thủ tục hành chính của bộ, ngành, địa phương", D(2022, 12, 31), "high", "ontime"),
         ("các bộ, ngành, địa phương", [], "Ban hành hoặc cập nhật kế hoạch hành động chuyển đổi số đến năm 2025 với chỉ tiêu đo đếm được", D(2022, 10, 31), "normal", "skip"),
         ("Điện Biên", [], "Xây dựng kế hoạch nâng cao chỉ số chuyển đổi số của tỉnh, tập trung vào hạ tầng và nhân lực số", D(2022, 12, 31), "normal", "late"),
         ("Ngân hàng Nhà nước Việt Nam", ["Bộ Công an"], "Mở rộng thanh toán trực tuyến cho dịch vụ công, ứng dụng xác thực sinh trắc học", D(2023, 6, 30), "normal", "ontime"),
     ]),
    ("conclusion", "088/TB-VPCP (demo)", D(2023, 4, 20),
     "Kết luận phiên họp Ủy ban Quốc gia về chuyển đổi số quý I năm 2023 (dữ liệu minh họa)",
     "Phiên họp quý I năm 2023", True, [
         ("Bộ TT&TT", ["Văn phòng Chính phủ"], "Công bố bộ chỉ số đánh giá mức độ chuyển đổi số năm 2022 của các bộ, ngành, địa phương", D(2023, 7, 31), "high", "ontime"),
         ("Văn phòng Chính phủ", ["Bộ TT&TT"], "Nâng cấp Cổng Dịch vụ công quốc gia, bảo đảm đồng bộ trạng thái hồ sơ từ các hệ thống giải quyết thủ tục hành chính", D(2023, 12, 31), "high", "late"),
         ("Bảo hiểm xã hội Việt Nam", [], "Tích hợp thanh toán trực tuyến đối với toàn bộ dịch vụ công có nghĩa vụ tài chính", D(2023, 9, 30), "normal", "ontime"),
         ("Hà Nội", [], "Đưa vào vận hành Trung tâm điều hành thông minh của Thành phố", D(2023, 12, 31), "normal", "ontime"),
         ("Bộ Giáo dục và Đào tạo", ["Bộ TT&TT"], "Triển khai chương trình phổ cập kỹ năng số cho học sinh trung học", D(2023, 12, 31), "low", "late"),
     ]),
    ("conclusion", "120/TB-VPCP (demo)", D(2024, 3, 18),
     "Kết luận phiên họp thứ bảy của Ủy ban Quốc gia về chuyển đổi số (dữ liệu minh họa)",
     "Phiên họp thứ bảy Ủy ban Quốc gia về chuyển đổi số", True, [
         ("Bộ TT&TT", [], "Báo cáo định kỳ kết quả thực hiện chuyển đổi số quốc gia", None, "normal", "recurring:q"),
         ("Bộ Tài chính", ["Bộ KH&ĐT"], "Ban hành hướng dẫn về định mức chi phí thuê dịch vụ công nghệ thông tin", D(2024, 9, 30), "normal", "late"),
         ("Bộ Y tế", ["Bảo hiểm xã hội Việt Nam", "Bộ Công an"], "Triển khai sổ sức khỏe điện tử trên ứng dụng định danh quốc gia", D(2024, 12, 31), "high", "ontime"),
         ("Đà Nẵng", [], "Hoàn thiện nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh và kết nối với nền tảng quốc gia", D(2024, 10, 31), "normal", "ontime"),
         ("Thanh Hóa", [], "Nâng tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình lên tối thiểu 50%", D(2024, 12, 31), "normal", "late"),
         ("Bộ Giao thông vận tải", [], "Số hóa toàn bộ hồ sơ cấp, đổi giấy phép lái xe và kết nối với cơ sở dữ liệu dân cư", D(2024, 12, 31), "normal", "ontime"),
     ]),
    ("conclusion", "041/TB-VPCP (demo)", D(2025, 2, 10),
     "Kết luận Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2025 (dữ liệu minh họa)",
     "Hội nghị triển khai nhiệm vụ năm 2025", True, [
         ("Bộ KH&CN", ["Bộ Nội vụ"], "Trình ban hành bộ chỉ số đánh giá chuyển đổi số sửa đổi, giảm số chỉ tiêu và tăng tỷ lệ đo lường tự động", D(2025, 4, 30), "high", "ontime"),
         ("Bộ Công an", [], "Bảo đảm 100% hồ sơ thủ tục hành chính của công dân được xác thực bằng tài khoản định danh điện tử", D(2025, 6, 30), "high", "late"),
         ("Bộ Tài chính", [], "Tổng hợp danh mục dự án đầu tư công cho chuyển đổi số giai đoạn 2026-2030", D(2025, 9, 30), "normal", "ontime"),
     ]),
    ("conclusion", "302/TB-VPCP (demo)", D(2025, 8, 15),
     "Kết luận phiên họp Ban Chỉ đạo của Chính phủ về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 (dữ liệu minh họa)",
     "Phiên họp Ban Chỉ đạo tháng 8 năm 2025", True, [
         ("Bộ Khoa học và Công nghệ", ["Bộ Công an", "Văn phòng Chính phủ"], "Vận hành hệ thống giám sát, đo lường mức độ cung cấp và sử dụng dịch vụ công trực tuyến tại các tỉnh sau sắp xếp", D(2025, 12, 31), "high", "late"),
         ("Bộ Nông nghiệp và Môi trường", [], "Hoàn thành hợp nhất cơ sở dữ liệu đất đai và cơ sở dữ liệu nông nghiệp trên một nền tảng", D(2026, 6, 30), "high", "extended"),
         ("Tuyên Quang", [], "Chuyển đổi toàn bộ hệ thống thông tin giải quyết thủ tục hành chính của hai tỉnh cũ sang một hệ thống", D(2025, 12, 31), "normal", "ontime"),
         ("Đà Nẵng", [], "Rà soát, không đầu tư trùng lặp trung tâm điều hành thông minh sau hợp nhất với tỉnh Quảng Nam", D(2025, 11, 30), "normal", "ontime"),
         ("Bộ Tài chính", ["Bộ Khoa học và Công nghệ"], "Báo cáo tình hình giải ngân vốn đầu tư công cho chuyển đổi số", None, "normal", "recurring:m"),
     ]),
    ("plan", "15/KH-BCĐ (demo)", D(2026, 2, 5),
     "Kế hoạch hoạt động năm 2026 của Ban Chỉ đạo (dữ liệu minh họa)", "", False, [
         ("Bộ Khoa học và Công nghệ", [], "Công bố kết quả chỉ số chuyển đổi số năm 2025 trên 34 tỉnh, thành phố", D(2026, 10, 10), "high", "proposed"),
         ("Bộ Nội vụ", ["Bộ Khoa học và Công nghệ"], "Ban hành khung năng lực số cho cán bộ, công chức cấp xã", D(2026, 6, 30), "normal", "progress_overdue"),
         ("Hà Nội", [], "Đạt tỷ lệ 80% hồ sơ trực tuyến toàn trình đối với thủ tục đủ điều kiện", D(2026, 12, 31), "normal", "progress"),
         ("Hồ Chí Minh", [], "Hoàn thành kho dữ liệu số hóa kết quả giải quyết thủ tục hành chính dùng chung cho các phường, xã", D(2026, 9, 30), "normal", "extension"),
         ("Ninh Bình", [], "Kết nối hệ thống một cửa điện tử với hệ thống giám sát dịch vụ công quốc gia", D(2026, 8, 31), "normal", "none_overdue"),
         ("Cà Mau", [], "Phổ cập kỹ năng số cơ bản cho thành viên tổ công nghệ số cộng đồng", D(2026, 11, 30), "low", "progress"),
         ("Bộ Y tế", [], "Triển khai bệnh án điện tử tại toàn bộ bệnh viện tuyến tỉnh", D(2026, 12, 31), "normal", "none"),
         ("Bộ Xây dựng", [], "Thí điểm cấp giấy phép xây dựng trực tuyến toàn trình", D(2026, 5, 31), "normal", "cancelled"),
     ]),
    ("conclusion", "410/TB-VPCP (demo)", D(2026, 10, 20),
     "Kết luận phiên họp Ban Chỉ đạo quý III năm 2026 (dữ liệu minh họa)", "Phiên họp quý III năm 2026", True, [
         ("Bộ Khoa học và Công nghệ", ["Bộ Công an"], "Hoàn thành nền tảng đo lường sử dụng dịch vụ công trực tuyến theo thời gian thực", D(2026, 12, 31), "high", "progress"),
         ("Bộ Tài chính", [], "Rà soát các dự án công nghệ thông tin có nguy cơ chậm tiến độ, báo cáo phương án xử lý", D(2026, 11, 30), "high", "progress"),
         ("Lâm Đồng", [], "Hợp nhất ba cổng dịch vụ công của các tỉnh cũ", D(2027, 3, 31), "normal", "none"),
         ("Đắk Lắk", [], "Triển khai chữ ký số cho 100% cán bộ, công chức cấp xã", D(2026, 12, 15), "normal", "none"),
     ]),
]


def _officer(unit: Any, cache: dict[int, Any]) -> Any:
    if unit.pk not in cache:
        user = get_user_model().objects.filter(role="unit_officer", unit=unit).order_by("id").first()
        if user is None:
            user = user_create(actor=None, username=f"canbo.{unit.code.lower()}", password=DEMO_PASSWORD,
                               role="unit_officer", unit=unit, full_name=f"Cán bộ đầu mối {unit.name}",
                               check_password=False, via="demo")
        cache[unit.pk] = user
    return cache[unit.pk]


def _at(day: dt.date, hour: int = 3) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    rng = random.Random(2026)
    user_model = get_user_model()
    sec = user_model.objects.get(username="thuky")
    officers: dict[int, Any] = {}
    n_tasks = 0
    for kind, number, issued_on, title, meeting, public, items in DIRECTIVES:
        directive = directive_create(actor=sec, kind=kind, number=number, issued_on=issued_on, title=title,
                                     issuer=resolve_unit("VPCP"), meeting_name=meeting, meeting_date=issued_on,
                                     is_public=public, summary=f"{title}.", via="demo")
        inputs, outcomes = [], []
        for lead, coords, content, deadline, priority, outcome in items:
            if outcome == "skip":
                continue  # collective leads are kept for the extraction demo, not as a unit's task
            recurring = outcome.startswith("recurring")
            inputs.append(TaskInput(
                lead_unit=resolve_unit(lead, on=issued_on), content=content,
                coordinating_units=[resolve_unit(c, on=issued_on) for c in coords], priority=priority,
                deadline_kind="recurring" if recurring else "date", deadline=deadline,
                recurrence={"q": "quarterly", "m": "monthly", "y": "yearly"}[outcome[-1]] if recurring else "",
                target_value=Decimal(100) if "100%" in content else (Decimal(80) if "80%" in content else None),
                target_unit="%" if "%" in content else ""))
            outcomes.append(outcome)
        tasks = tasks_create(actor=sec, directive=directive, tasks=inputs, via="demo")
        for task, outcome in zip(tasks, outcomes, strict=True):
            n_tasks += 1
            _play(task, outcome, sec, officers, rng)
    out.write(f"  tasks: {len(DIRECTIVES)} directives, {n_tasks} tasks\n")


def _evidence(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n% dxmonitor demo evidence\n", content_type="application/pdf")


def _play(task: Any, outcome: str, sec: Any, officers: dict[int, Any], rng: random.Random) -> None:
    today = today_vn()
    if outcome.startswith("recurring"):
        for occ in task.occurrences.filter(deadline_original__lt=today).order_by("deadline_original"):
            officer = _officer(task.lead_unit, officers)
            late = rng.random() < 0.25
            day = occ.deadline_original + dt.timedelta(days=rng.randint(3, 20) if late else -rng.randint(0, 5))
            if day >= today:
                continue
            report = completion_propose(actor=officer, task=occ, narrative="Đã gửi báo cáo định kỳ.",
                                        files=[_evidence("bao-cao.pdf")], now=_at(day), via="demo")
            completion_review(actor=sec, report=report, accept=True, now=_at(day + dt.timedelta(days=2)), via="demo")
        return
    officer = _officer(task.lead_unit, officers)
    deadline = task.deadline_original
    start = task.directive.issued_on
    if outcome in ("ontime", "late", "progress", "proposed", "extension", "extended", "progress_overdue"):
        first = min(start + dt.timedelta(days=rng.randint(10, 40)), today - dt.timedelta(days=1))
        progress_report_submit(actor=officer, task=task, narrative="Đã xây dựng kế hoạch triển khai, phân công đơn vị thực hiện.",
                               percent=30, now=_at(first), via="demo")
        for link in task.coordinator_links.all()[:1]:
            progress_report_submit(actor=_officer(link.unit, officers), task=task, unit=link.unit,
                                   narrative="Đã cử đầu mối phối hợp và cung cấp dữ liệu theo yêu cầu.", percent=None,
                                   now=_at(first + dt.timedelta(days=5)), via="demo")
    if outcome in ("ontime", "late"):
        done = deadline - dt.timedelta(days=rng.randint(1, 25)) if outcome == "ontime" else \
            deadline + dt.timedelta(days=rng.randint(10, 90))
        done = min(done, today - dt.timedelta(days=2))
        report = completion_propose(actor=officer, task=task, narrative="Đã hoàn thành, kèm văn bản báo cáo kết quả.",
                                    files=[_evidence("ket-qua.pdf")], now=_at(done), via="demo")
        completion_review(actor=sec, report=report, accept=True, now=_at(done + dt.timedelta(days=3)), via="demo")
    elif outcome == "proposed":
        completion_propose(actor=officer, task=task, narrative="Đề nghị ghi nhận hoàn thành; đã công bố kết quả.",
                           files=[_evidence("cong-bo.pdf")], now=_at(today - dt.timedelta(days=3)), via="demo")
    elif outcome == "extension":
        extension_request(actor=officer, task=task, deadline=deadline + dt.timedelta(days=90),
                          reason="Cần thêm thời gian chuyển đổi dữ liệu của các đơn vị sau sắp xếp.", via="demo")
    elif outcome == "extended":
        ext = extension_request(actor=officer, task=task, deadline=deadline + dt.timedelta(days=120),
                                reason="Khối lượng dữ liệu lớn hơn dự kiến sau hợp nhất hai bộ.", via="demo")
        extension_decide(actor=sec, extension=ext, approve=True, comment="Đồng ý gia hạn một lần.", via="demo")
    elif outcome == "cancelled":
        task_close(actor=sec, task=task, reason="Nội dung được thay thế bởi kế hoạch thí điểm mới của Bộ Xây dựng.",
                   superseded=True, via="demo")
