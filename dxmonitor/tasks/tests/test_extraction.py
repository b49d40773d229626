"""Reading conclusion notices: deadline phrases, assignment structures, the gazetteer, the metric, the dev set, CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dxmonitor.tasks.extraction import Gazetteer, GazetteerEntry, extract
from dxmonitor.tasks.extraction.cli import register
from dxmonitor.tasks.extraction.deadlines import find_deadline
from dxmonitor.tasks.extraction.evaluate import evaluate, overlap, same_lead, score_document
from dxmonitor.tasks.extraction.parser import document_date
from dxmonitor.tasks.extraction.readers import UnreadableDocument, read_document

DEVSET = Path(__file__).resolve().parents[1] / "extraction" / "devset"
REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO.parent / "shared" / "seeds"
DOC = dt.date(2022, 8, 8)
LATE = dt.date(2025, 11, 24)  # after the 2025 mergers


@pytest.mark.parametrize(
    ("text", "expected", "recurrence"),
    [
        ("hoàn thành trước ngày 30/9", "2022-09-30", None),
        ("trước ngày 30 tháng 9 năm 2023", "2023-09-30", None),
        ("chậm nhất ngày 15/10/2022", "2022-10-15", None),
        ("trình Chính phủ trước 31/7/2024", "2024-07-31", None),
        ("trong tháng 8/2022", "2022-08-31", None),
        ("trong tháng 2 năm 2024", "2024-02-29", None),
        ("trong tháng 12", "2022-12-31", None),
        ("trong quý III", "2022-09-30", None),
        ("trong quý IV năm 2024", "2024-12-31", None),
        ("quý I năm 2025", "2025-03-31", None),
        ("nhiệm vụ trọng tâm quý III/2022", "2022-09-30", None),
        ("nhiệm vụ trọng tâm quý 3 và thời gian tới", "2022-09-30", None),
        ("6 tháng cuối năm", "2022-12-31", None),
        ("trong 6 tháng đầu năm 2023", "2023-06-30", None),
        ("trong năm 2025", "2025-12-31", None),
        ("thí điểm từ tháng 8/2025 và triển khai chính thức trong tháng 9/2025", "2025-09-30", None),
        ("trong tháng 1", "2023-01-31", None),  # a missing year that would fall months before the notice: next year
        ("báo cáo hằng tháng", None, "monthly"),
        ("báo cáo hằng quý", None, "quarterly"),
        ("tổng kết hằng năm", None, "yearly"),
        ("khẩn trương hoàn thành", None, None),
        ("sớm trình Thủ tướng", None, None),
        ("đầu năm 2024", None, None),
        ("trong kỳ họp lần thứ 10", None, None),
        ("trước khi báo cáo Ban Chỉ đạo Trung ương", None, None),
        ("trước ngày 31/02/2023", None, None),
        ("kế hoạch hành động đến năm 2025", None, None),
        ("Kế hoạch năm 2022 của Ủy ban", None, None),
        ("giai đoạn 2022-2025, tầm nhìn đến năm 2030", None, None),
    ],
)
def test_deadlines(text: str, expected: str | None, recurrence: str | None) -> None:
    doc = dt.date(2022, 12, 5) if text == "trong tháng 1" else DOC
    found = find_deadline(text, doc)
    assert (found.date.isoformat() if found.date else None) == expected
    assert found.recurrence == recurrence


def test_vague_deadlines_keep_their_text() -> None:
    found = find_deadline("để trình Quốc hội tại kỳ họp thứ 9", DOC)
    assert found.text == "tại kỳ họp thứ 9" and found.date is None
    span = find_deadline("thí điểm từ tháng 8/2025 và triển khai chính thức trong tháng 9/2025", DOC)
    assert span.text == "thí điểm từ tháng 8/2025 và triển khai chính thức trong tháng 9/2025"


@pytest.mark.parametrize(
    ("text", "given", "expected"),
    [
        ("Hà Nội, ngày 8 tháng 8 năm 2022\nGiao ...", None, "2022-08-08"),
        ("Hà Nội, ngày 8 tháng 8 năm 2022\nGiao ...", dt.date(2023, 1, 1), "2022-08-08"),
        ("Thứ bảy, ngày 3 tháng 6 năm 2023\nNgày 27/4/2022, Thủ tướng chủ trì phiên họp", None, "2022-04-27"),
        ("Thứ Hai 14:26 08/08/2022\nSáng 8/8, Thủ tướng chủ trì", dt.date(2022, 8, 9), "2022-08-09"),
        ("Thứ Hai 14:26 08/08/2022\nSáng 8/8, Thủ tướng chủ trì", None, "2022-08-08"),
        (" date 2024-06 Sáng 10/6, Thủ tướng chủ trì", None, "2024-06-10"),
        ("Không có ngày nào.", dt.date(2025, 1, 2), "2025-01-02"),
    ],
)
def test_document_date(text: str, given: dt.date | None, expected: str) -> None:
    assert document_date(text, given).isoformat() == expected


def _tasks(text: str, date: dt.date = DOC) -> list[dict[str, Any]]:
    return list(extract(text, date=date)["tasks"])


def _pairs(text: str, date: dt.date = DOC) -> list[tuple[str, str]]:
    return [(t["lead"], t["lead_as_written"]) for t in _tasks(text, date)]


def test_giao_chu_tri_phoi_hop() -> None:
    [task] = _tasks("Giao Bộ TT&TT chủ trì, phối hợp với Bộ KH&ĐT, Bộ Tài chính, Tập đoàn Viettel và các cơ quan liên quan "
                    "xây dựng hệ thống theo dõi dự án đầu tư công trước ngày 30/9.")
    assert task["lead"] == "Bộ Thông tin và Truyền thông" and task["lead_as_written"] == "Bộ TT&TT"
    assert task["coordinators"] == ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", "Viettel"]
    assert task["action"].startswith("xây dựng hệ thống") and task["deadline"] == "2022-09-30"
    assert task["lead_unit_code"] == "BTTTT"


def test_a_short_form_defined_in_brackets_names_its_body_later() -> None:
    tasks = _tasks("a) Cục Chuyển đổi số quốc gia chủ trì, phối hợp với Vụ Kế hoạch - Tài chính (Vụ KH-TC) xây dựng "
                   "kế hoạch năm 2026.\nb) Vụ KH-TC bố trí kinh phí cho các nhiệm vụ chuyển đổi số trước ngày 30/11.\n"
                   "c) Cục An toàn thông tin phối hợp với Vụ KH-TC tổ chức diễn tập.")
    assert [t["lead"] for t in tasks] == ["Cục Chuyển đổi số quốc gia", "Vụ Kế hoạch - Tài chính", "Cục An toàn thông tin"]
    assert tasks[1]["lead_as_written"] == "Vụ KH-TC" and tasks[2]["coordinators"] == ["Vụ Kế hoạch - Tài chính"]
    # Without a definition after a body, the short form stays as written.
    [other] = _tasks("Tổ công tác (TCT) họp hằng tháng.\nVụ KH-TC bố trí kinh phí trước ngày 30/11.")
    assert other["lead"] == "Vụ KH-TC"



def test_who_hands_work_on_does_not_lead_it() -> None:
    [task] = _tasks("Phó Chủ tịch UBND tỉnh giao Sở TT&TT chủ trì, phối hợp với Công an tỉnh nâng cấp hệ thống một cửa "
                    "điện tử trước ngày 30/4.")
    assert task["lead"] == "Sở Thông tin và Truyền thông" and task["coordinators"] == ["Công an tỉnh"]
    # "chỉ đạo" is the subject's own work: a Party committee directing the People's Committee leads it.
    [own] = _tasks("Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo UBND tỉnh bố trí nguồn lực cho hạ tầng số trong năm 2026.")
    assert own["lead"] == "Đảng ủy Ủy ban nhân dân tỉnh"


def test_a_numbered_line_naming_a_body_heads_its_items() -> None:
    tasks = _tasks("3.1. Sở Nội vụ\na) Chủ trì rà soát, bố trí công chức công nghệ thông tin cho các xã trước ngày "
                   "30/9.\nb) Tổ chức tập huấn kỹ năng số cho cán bộ cấp xã trong quý IV.\n3.2. Sở Tài chính bố trí "
                   "kinh phí mua sắm thiết bị trước ngày 10/9.")
    assert [t["lead"] for t in tasks] == ["Sở Nội vụ", "Sở Nội vụ", "Sở Tài chính"]
    # A body's name alone on an unnumbered line (a letterhead) heads nothing.
    assert _tasks("BỘ NỘI VỤ\nRà soát, bố trí công chức công nghệ thông tin cho các xã trước ngày 30/9.") == []


def test_titles_are_read_whole() -> None:
    pairs = _pairs("a) Cục trưởng Cục An toàn thông tin chỉ đạo tổ chức diễn tập an toàn thông tin trong quý IV.\n"
                   "b) Vụ trưởng Vụ Pháp chế rà soát các văn bản quy phạm pháp luật về chuyển đổi số.\n"
                   "c) Thủ trưởng các đơn vị thuộc Bộ cập nhật tình hình thực hiện nhiệm vụ trước ngày 31/10.")
    assert pairs == [("Cục An toàn thông tin", "Cục trưởng Cục An toàn thông tin"),
                     ("Vụ Pháp chế", "Vụ trưởng Vụ Pháp chế"), ("các đơn vị thuộc Bộ", "Thủ trưởng các đơn vị thuộc Bộ")]


def test_a_recurring_opener_continues_the_subject() -> None:
    tasks = _tasks("Cục Chuyển đổi số quốc gia xây dựng kế hoạch chuyển đổi số năm 2026 trước ngày 15/11. Hằng tháng, "
                   "cập nhật kết quả đo lường mức độ sử dụng dịch vụ công trực tuyến, báo cáo Lãnh đạo Bộ.")
    assert [t["lead"] for t in tasks] == ["Cục Chuyển đổi số quốc gia"] * 2
    assert tasks[1]["recurrence"] == "monthly"


@pytest.mark.parametrize("text", [
    "Chủ tịch UBND tỉnh đồng ý chủ trương thành lập Tổ công tác hỗ trợ kỹ thuật cho các xã.",
    "Ban Thường vụ Tỉnh ủy thống nhất ban hành Quy chế vận hành hệ thống điều hành tác nghiệp.",
    "Chủ tịch UBND các xã chịu trách nhiệm toàn diện trước Chủ tịch UBND tỉnh về kết quả giải quyết thủ tục.",
    "Thủ trưởng các cơ quan, đơn vị thuộc Bộ chịu trách nhiệm tổ chức thực hiện các nhiệm vụ được giao tại Thông báo này.",
    "Ông yêu cầu các bộ, ngành, địa phương coi cải cách thủ tục hành chính là nhiệm vụ thường xuyên, liên tục.",
])
def test_decisions_accountability_and_exhortations_are_not_tasks(text: str) -> None:
    assert _tasks(text) == []


def test_a_bare_head_word_refers_back_to_the_body_just_assigned() -> None:
    tasks = _tasks("2.1. Cục C06 chủ trì, phối hợp với Bộ Tư pháp tháo gỡ vướng mắc kỹ thuật trước ngày 30/6. Cục tổng hợp "
                   "danh sách các địa phương chậm tiến độ, báo cáo Tổ trưởng Tổ công tác.", dt.date(2023, 6, 12))
    assert [(t["lead"], t["lead_as_written"]) for t in tasks] == [
        ("Cục Cảnh sát quản lý hành chính về trật tự xã hội", "Cục C06"),
        ("Cục Cảnh sát quản lý hành chính về trật tự xã hội", "Cục")]
    # With no such body just assigned, a bare "Cục" leads nothing.
    assert _tasks("Cục tổng hợp danh sách các địa phương chậm tiến độ.") == []


def test_deadlines_of_scope_and_of_two_period_headings() -> None:
    [task] = _tasks("Các đơn vị thuộc Bộ rà soát các nhiệm vụ được giao trong năm 2022, gửi Văn phòng Bộ trước ngày 05/12.")
    assert task["deadline"] == "2022-12-05"
    tasks = _tasks("2. Các nhiệm vụ trọng tâm tháng 6 và quý III năm 2023\n2.1. Bộ Y tế hoàn thiện phần mềm cấp giấy "
                   "khám sức khỏe điện tử.\n2.2. Bộ Tư pháp hoàn thành liên thông thủ tục trong quý III/2023.",
                   dt.date(2023, 6, 12))
    assert [t["deadline"] for t in tasks] == [None, "2023-09-30"]


def test_departments_of_the_provinces_lead_together() -> None:
    [task] = _tasks("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương tham mưu bố trí kinh phí triển khai bệnh án điện tử.")
    assert task["lead"] == "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương"


def test_committees_listed_under_one_level_word() -> None:
    leads = [t["lead"] for t in _tasks("Chủ tịch UBND xã Hòa Vang, xã Bà Nà và xã Hùng Sơn nâng tỷ lệ hồ sơ trực tuyến "
                                       "lên 60% trước ngày 30/6/2026.", dt.date(2026, 1, 16))]
    assert leads == ["Ủy ban nhân dân xã Hòa Vang", "Ủy ban nhân dân xã Bà Nà", "Ủy ban nhân dân xã Hùng Sơn"]
    leads = [t["lead"] for t in _tasks("Chủ tịch UBND các phường Hội An, Tam Kỳ và Điện Bàn thí điểm mô hình phường số "
                                       "trong quý I/2026.", dt.date(2025, 10, 1))]
    assert leads == ["Ủy ban nhân dân phường Hội An", "Ủy ban nhân dân phường Tam Kỳ", "Ủy ban nhân dân phường Điện Bàn"]


def test_a_target_period_after_phan_dau_is_its_deadline() -> None:
    tasks = _tasks("Bộ Lao động - Thương binh và Xã hội mở rộng chi trả an sinh không dùng tiền mặt, phấn đấu năm 2024 "
                   "đạt 80% người hưởng. Công an tỉnh làm sạch dữ liệu dân cư; phấn đấu 6 tháng đầu năm 2024 có 80% "
                   "người dân dùng VNeID.", dt.date(2024, 1, 10))
    assert [t["deadline"] for t in tasks] == ["2024-12-31", None, "2024-06-30"]


def test_a_bare_city_name_after_a_request_names_its_peoples_committee() -> None:
    pairs = _pairs("Tổ trưởng đề nghị Hà Nội và TP. HCM tiếp tục thí điểm mô hình Trung tâm phục vụ hành chính công "
                   "một cấp trong quý I năm 2024.", dt.date(2023, 12, 20))
    assert pairs == [("Ủy ban nhân dân thành phố Hà Nội", "Hà Nội"),
                     ("Ủy ban nhân dân thành phố Hồ Chí Minh", "TP. HCM")]
    assert _tasks("Đoàn công tác làm việc tại Hà Nội và kiểm tra tiến độ thí điểm.", dt.date(2023, 12, 20)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bộ Công an chủ trì hoàn thành kết nối dữ liệu dân cư trong tháng 10.", [("Bộ Công an", "Bộ Công an")]),
        ("Đề nghị Bộ Y tế triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh.", [("Bộ Y tế", "Bộ Y tế")]),
        ("Yêu cầu NHNN chỉ đạo các ngân hàng đối soát dữ liệu khách hàng.",
         [("Ngân hàng Nhà nước Việt Nam", "NHNN")]),
        ("Bộ Nội vụ khẩn trương trình Chính phủ nghị định về vị trí việc làm.", [("Bộ Nội vụ", "Bộ Nội vụ")]),
        ("Thủ tướng chỉ đạo Bộ Nội vụ khẩn trương nghiên cứu chế độ cho đội ngũ chuyển đổi số.", [("Bộ Nội vụ", "Bộ Nội vụ")]),
        ("Bộ Y tế, Bộ Giáo dục và Đào tạo triển khai định danh điện tử trong trường học.",
         [("Bộ Y tế", "Bộ Y tế"), ("Bộ Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo")]),
        ("Yêu cầu các bộ: Y tế, Tư pháp và Thanh tra Chính phủ công bố dữ liệu mở của ngành.",
         [("Bộ Y tế", "Y tế"), ("Bộ Tư pháp", "Tư pháp"), ("Thanh tra Chính phủ", "Thanh tra Chính phủ")]),
        ("Chủ tịch UBND 2 địa phương, gồm: Điện Biên, Lai Châu chỉ đạo tăng thanh toán trực tuyến.",
         [("Ủy ban nhân dân tỉnh Điện Biên", "Điện Biên"), ("Ủy ban nhân dân tỉnh Lai Châu", "Lai Châu")]),
        ("Yêu cầu các bộ, ngành, địa phương ban hành kế hoạch chuyển đổi số năm 2023.",
         [("các bộ, ngành, địa phương", "các bộ, ngành, địa phương")]),
        ("Các thành viên Ban Chỉ đạo theo dõi việc thực hiện Nghị quyết trong lĩnh vực phụ trách.",
         [("các thành viên Ban Chỉ đạo", "Các thành viên Ban Chỉ đạo")]),
        ("Đề nghị Thủ tướng Chính phủ chỉ đạo các bộ, ngành cắt giảm thủ tục hành chính.",
         [("Thủ tướng Chính phủ", "Thủ tướng Chính phủ")]),
        ("Thủ tướng Chính phủ chủ trì phiên họp thứ ba của Ủy ban.", []),
        ("Bộ Công an đã hoàn thành cấp 70 triệu thẻ căn cước.", []),
        ("Bộ TT&TT đang trình Thủ tướng một chỉ thị về chuyển đổi số.", []),
        ("Các bộ, ngành, địa phương cần nỗ lực, hành động quyết liệt hơn nữa.", []),
        ("Các bộ, ngành, địa phương phải liên tục đổi mới, có tư duy đột phá; kế thừa kết quả đạt được.", []),
        ("Thủ tướng đã giao nhiệm vụ cụ thể cho từng bộ, ngành, địa phương.", []),
        ("Thủ tướng yêu cầu các bộ ngành liên quan thực hiện các nhiệm vụ của mình.", []),
        ("Bộ trưởng Bộ TT&TT Nguyễn Mạnh Hùng nhấn mạnh 5 yếu tố của chuyển đổi số.", []),
        ("Bộ Công an tiếp tục đôn đốc,", []),
        ("Bộ Tư", []),
        ("Trong năm 2023, cần hoàn thành kết nối 100% cơ sở dữ liệu chuyên ngành.", []),
        ("Thủ tướng Phạm Minh Chính chủ trì phiên họp. Ảnh: Phạm Hải", []),
        ("UBND các huyện, thị xã, thành phố kiện toàn Ban Chỉ đạo chuyển đổi số cấp huyện.",
         [("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố")]),
        ("Các sở, ngành liên quan rà soát danh mục dữ liệu mở của tỉnh.",
         [("các sở, ngành liên quan", "Các sở, ngành liên quan")]),
        ("Riêng Chủ tịch UBND TP. Hà Nội chỉ đạo hoàn thành số hóa hồ sơ địa chính trong năm 2024.",
         [("Ủy ban nhân dân thành phố Hà Nội", "Chủ tịch UBND TP. Hà Nội")]),
        ("Chủ tịch UBND tỉnh kết luận như sau:", []),
        ("Các bộ, ngành, địa phương tuyệt đối không để gián đoạn việc giải quyết thủ tục hành chính.", []),
    ],
)
def test_structures(text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


def test_one_task_per_predicate_elaborations_and_deadline_clauses() -> None:
    tasks = _tasks("Bộ Tài chính tổng hợp các kiến nghị về vốn; đồng thời rà soát các dự án chậm tiến độ trong tháng 10; "
                   "trong đó ưu tiên dự án liên thông.\n"
                   "Đề nghị TP. Đà Nẵng phối hợp với Bộ Xây dựng số hóa hồ sơ cấp phép; hoàn thành trong quý IV.")
    assert [(t["lead_as_written"], t["deadline"]) for t in tasks] == [
        ("Bộ Tài chính", None), ("(chủ ngữ kế thừa: Bộ Tài chính)", "2022-10-31"), ("TP. Đà Nẵng", "2022-12-31")]
    assert "trong đó ưu tiên" in tasks[1]["action"]
    assert tasks[2]["lead"] == "Ủy ban nhân dân thành phố Đà Nẵng" and tasks[2]["coordinators"] == ["Bộ Xây dựng"]


def test_inherited_subjects_headings_and_paragraph_deadlines() -> None:
    text = ("1. Về một số nhiệm vụ trọng tâm trong Quý I năm 2025\n"
            "a) Bộ Công an:\n"
            "- Chủ trì, phối hợp với Bộ Y tế tích hợp sổ sức khỏe điện tử trên VNeID.\n"
            "- Hướng dẫn các địa phương làm sạch dữ liệu hộ tịch.\n"
            "b) Bộ Tư pháp hoàn thiện dự thảo nghị định về chứng thực điện tử.\n"
            "2. Về nhiệm vụ thường xuyên\n"
            "Bộ Công an vận hành hệ thống định danh điện tử ổn định.\n"
            "Đồng thời, báo cáo kết quả hằng tháng về Văn phòng Chính phủ.\n"
            "Ngoài ra, Thủ tướng cũng lưu ý, tránh hình thức.")
    tasks = _tasks(text, dt.date(2025, 1, 15))
    assert [(t["lead"], t["lead_as_written"][:10], t["deadline"], t["recurrence"]) for t in tasks] == [
        ("Bộ Công an", "(chủ ngữ k", "2025-03-31", None), ("Bộ Công an", "(chủ ngữ k", "2025-03-31", None),
        ("Bộ Tư pháp", "Bộ Tư pháp", "2025-03-31", None), ("Bộ Công an", "Bộ Công an", None, None),
        ("Bộ Công an", "(chủ ngữ k", None, "monthly"),
    ]
    assert tasks[0]["coordinators"] == ["Bộ Y tế"]


def test_party_conclusions_lists_under_a_heading_and_objects_after_a_semicolon() -> None:
    party = ("ĐẢNG ỦY CHÍNH PHỦ\nHà Nội, ngày 10 tháng 02 năm 2026\nTHÔNG BÁO KẾT LUẬN\n"
             "1. Thủ tướng Chính phủ chỉ đạo ban hành Danh mục công nghệ chiến lược trước ngày 30/5/2026.\n"
             "2. Đảng ủy Bộ Tài chính lãnh đạo, chỉ đạo đề xuất chính sách ưu đãi thuế; phương án đặt hàng nhiệm vụ "
             "khoa học, báo cáo Ban Thường vụ trong tháng 4/2026.\n")
    tasks = extract(party)["tasks"]
    assert [(t["lead"], t["deadline"]) for t in tasks] == [("Thủ tướng Chính phủ", "2026-05-30"),
                                                          ("Đảng ủy Bộ Tài chính", "2026-04-30")]
    assert "phương án đặt hàng" in tasks[1]["action"]
    # In a Government notice the PM speaks: "Thủ tướng Chính phủ chỉ đạo ban hành ..." has no lead.
    assert extract("Thủ tướng Chính phủ chỉ đạo ban hành Danh mục công nghệ chiến lược.", date=DOC)["tasks"] == []
    notice = ("Hà Nội, ngày 24 tháng 5 năm 2024\n2. Nhiệm vụ:\na) Bộ Tài chính (cơ quan chủ trì):\n"
              "- Chỉ đạo Tổng cục Thuế hoàn thành kết nối dữ liệu với các sàn thương mại điện tử trước 31/7;\n"
              "4. Về một số nhiệm vụ trọng tâm trong quý III năm 2024\n"
              "4.1. Bộ Công an hoàn thành kết nối dữ liệu hộ tịch với Cơ sở dữ liệu quốc gia về dân cư.\n")
    tasks = extract(notice)["tasks"]
    assert [(t["lead"], t["deadline"]) for t in tasks] == [("Bộ Tài chính", "2024-07-31"), ("Bộ Công an", "2024-09-30")]
    assert tasks[0]["action"].startswith("Chỉ đạo Tổng cục Thuế")


def test_bodies_outside_the_registry_stop_at_their_verb() -> None:
    tasks = extract("Hà Nội, ngày 18 tháng 11 năm 2024\n"
                    "1. Trung tâm Viettel Gia Lâm cử nhân sự hỗ trợ các xã số hóa hồ sơ.\n"
                    "2. UBND các phường: Sài Gòn, Bến Thành xây dựng mô hình phường không giấy tờ.\n"
                    "3. Cục Nhà giáo và Cán bộ quản lý giáo dục tổ chức bồi dưỡng kỹ năng số cho giáo viên.\n"
                    "THÔNG BÁO\n4. Cục Công nghệ thông tin chủ trì, phối hợp với Văn phòng Bộ trình Bộ trưởng ban hành "
                    "trong quý I năm 2025 các văn bản: Khung kiến trúc; Bộ tiêu chí đánh giá chuyển đổi số.\n")["tasks"]
    assert [t["lead"] for t in tasks] == [
        "Trung tâm Viettel Gia Lâm", "Ủy ban nhân dân phường Sài Gòn", "Ủy ban nhân dân phường Bến Thành",
        "Cục Nhà giáo và Cán bộ quản lý giáo dục", "Cục Công nghệ thông tin"]
    assert tasks[-1]["coordinators"] == ["Văn phòng Bộ"] and "Bộ tiêu chí" in tasks[-1]["action"]
    # Who attended, and what to comply with, are not tasks.
    assert extract("Tham dự có lãnh đạo các phòng, ban, đơn vị; Chủ tịch UBND 22 xã, thị trấn.", date=DOC)["tasks"] == []
    assert extract("Các bộ, ngành, địa phương căn cứ chức năng, nhiệm vụ tổ chức thực hiện nghiêm các nội dung tại "
                   "Thông báo này.", date=DOC)["tasks"] == []


def test_companies_asides_passives_and_requests_for_an_agency() -> None:
    text = ("Hà Nội, ngày 24 tháng 8 năm 2023\n"
            "Bộ trưởng đề nghị Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel), VNPT rà soát thuê bao di động "
            "chậm nhất ngày 30/9.\n"
            "Cục An toàn thông tin cũng được giao rà soát hồ sơ cấp độ an toàn hệ thống thông tin.\n"
            "Đối với Ngân hàng Nhà nước Việt Nam, Thủ tướng đề nghị nghiên cứu cơ chế xác thực khách hàng bằng "
            "căn cước.\n"
            "Cục An toàn thông tin chủ trì, phối hợp với Bộ Tư lệnh Tác chiến không gian mạng (Bộ Quốc phòng) tổ "
            "chức diễn tập an toàn thông tin trong quý IV.\n"
            "Các Cục: Viễn thông, Tần số vô tuyến điện hoàn thành rà soát thủ tục hành chính trong tháng 9.\n")
    tasks = extract(text)["tasks"]
    assert [t["lead"] for t in tasks] == [
        "Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tập đoàn Bưu chính Viễn thông Việt Nam",
        "Cục An toàn thông tin", "Ngân hàng Nhà nước Việt Nam", "Cục An toàn thông tin", "Cục Viễn thông",
        "Cục Tần số vô tuyến điện"]
    assert tasks[4]["coordinators"] == ["Bộ Tư lệnh Tác chiến không gian mạng"]
    assert tasks[0]["deadline"] == "2023-09-30" and tasks[-1]["deadline"] == "2023-09-30"
    # As a partner a company keeps its short name.
    [task] = extract("Giao Bộ Công an chủ trì, phối hợp với các doanh nghiệp VNPT, Viettel cấp tài khoản định danh "
                     "cho học sinh.", date=DOC)["tasks"]
    assert task["coordinators"] == ["VNPT", "Viettel"]


def test_a_deadline_in_the_body_is_not_the_documents_date() -> None:
    text = ("Thứ Năm, 18/07/2024 17:20\nChiều 18/7, Phó Thủ tướng chủ trì cuộc họp.\n"
            "Phó Thủ tướng yêu cầu Bộ Tài chính bố trí kinh phí trước ngày 31/12/2024.")
    assert extract(text)["date"] == "2024-07-18"


def test_duplicates_counted_once_and_targets_offered() -> None:
    sentence = "Giao Bộ Tài chính chủ trì xây dựng cơ sở dữ liệu hóa đơn điện tử cho 100% giao dịch trước ngày 30/6/2023."
    tasks = _tasks(f"{sentence}\nNội dung cụ thể:\n1. {sentence}\n"
                   "2. Văn phòng Chính phủ bảo đảm 80% hồ sơ được số hóa trong năm 2023.")
    assert len(tasks) == 2
    assert tasks[0]["targets"][0]["value"] == 100.0 and tasks[0]["targets"][0]["what"].startswith("giao dịch")
    assert tasks[1]["targets"] == [{"value": 80.0, "unit": "%", "what": "hồ sơ được số hóa", "text": "80% hồ sơ được số hóa"}]


def test_evidence_offsets_point_into_the_nfc_text() -> None:
    import unicodedata

    text = "Hà Nội, ngày 8 tháng 8 năm 2022\nBộ Công an hoàn thành kết nối dữ liệu dân cư trong tháng 10/2022."
    result = extract(unicodedata.normalize("NFD", text))
    [task] = result["tasks"]
    assert text[task["evidence_start"]:task["evidence_end"]] == task["evidence"]
    assert result["date"] == "2022-08-08" and task["deadline"] == "2022-10-31"


@pytest.mark.parametrize(
    ("surface", "on", "canonical", "code"),
    [
        ("Bộ TT&TT", dt.date(2022, 8, 8), "Bộ Thông tin và Truyền thông", "BTTTT"),
        ("Bộ TT&TT", dt.date(2025, 8, 8), "Bộ Thông tin và Truyền thông", None),  # no longer exists: no unit
        ("Bộ KH&ĐT", dt.date(2022, 8, 8), "Bộ Kế hoạch và Đầu tư", "BKHDT"),
        ("Bộ KH&CN", dt.date(2025, 8, 8), "Bộ Khoa học và Công nghệ", "BKHCN"),
        ("Bộ KH-CN", dt.date(2025, 8, 8), "Bộ Khoa học và Công nghệ", "BKHCN"),
        ("NN-MT", dt.date(2025, 8, 8), "Bộ Nông nghiệp và Môi trường", "BNNMT"),
        ("Bộ VH-TT-DL", dt.date(2025, 8, 8), "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
        ("VPCP", dt.date(2023, 1, 1), "Văn phòng Chính phủ", "VPCP"),
        ("NHNN", dt.date(2023, 1, 1), "Ngân hàng Nhà nước Việt Nam", "NHNN"),
        ("BHXH Việt Nam", dt.date(2023, 1, 1), "Bảo hiểm xã hội Việt Nam", "BHXH"),
        ("Bảo hiểm Xã hội Việt Nam", dt.date(2023, 1, 1), "Bảo hiểm xã hội Việt Nam", "BHXH"),
        ("UBND TP. HCM", dt.date(2023, 1, 1), "Ủy ban nhân dân thành phố Hồ Chí Minh", "79"),
        ("TP. Hà Nội", dt.date(2023, 1, 1), "Ủy ban nhân dân thành phố Hà Nội", "01"),
        ("UBND tỉnh Hà Giang", dt.date(2024, 1, 1), "Ủy ban nhân dân tỉnh Hà Giang", "02"),
        ("UBND tỉnh Hà Giang", dt.date(2025, 9, 1), "Ủy ban nhân dân tỉnh Hà Giang", None),
        ("UBND tỉnh Tuyên Quang", dt.date(2025, 9, 1), "Ủy ban nhân dân tỉnh Tuyên Quang", "08"),
        ("ubnd tinh dien bien", dt.date(2025, 9, 1), "Ủy ban nhân dân tỉnh Điện Biên", "11"),
        ("Bộ trưởng Bộ Công an", dt.date(2023, 1, 1), "Bộ Công an", "BCA"),
        ("Bộ trưởng Thông tin và Truyền thông", dt.date(2023, 1, 1), "Bộ Thông tin và Truyền thông", "BTTTT"),
        ("Chủ tịch UBND tỉnh Quảng Ninh", dt.date(2023, 1, 1), "Ủy ban nhân dân tỉnh Quảng Ninh", "22"),
        ("Thống đốc NHNN", dt.date(2023, 1, 1), "Ngân hàng Nhà nước Việt Nam", "NHNN"),
        ("Tổng Giám đốc BHXH Việt Nam", dt.date(2023, 1, 1), "Bảo hiểm xã hội Việt Nam", "BHXH"),
        ("Trưởng Ban Tổ chức Trung ương", dt.date(2025, 9, 1), "Ban Tổ chức Trung ương", None),
        ("Chủ tịch UBTƯ MTTQ VN", dt.date(2025, 9, 1), "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None),
        ("Phó Chủ tịch Quốc hội", dt.date(2025, 9, 1), "Quốc hội", None),
        ("Văn phòng Trung ương Đảng", dt.date(2025, 9, 1), "Văn phòng Trung ương Đảng", None),
        ("người đứng đầu các bộ ngành, địa phương", dt.date(2022, 8, 8), "các bộ, ngành, địa phương", None),
        ("các Bộ trưởng, Trưởng ngành", dt.date(2022, 8, 8), "các bộ, ngành", None),
        ("Tập đoàn Viettel", dt.date(2022, 8, 8), "Viettel", None),
        ("Sở TT&TT", dt.date(2022, 8, 8), "Sở Thông tin và Truyền thông", None),
        ("Sở Kế hoạch và Đầu tư", dt.date(2022, 8, 8), "Sở Kế hoạch và Đầu tư", None),
        ("Công an tỉnh", dt.date(2022, 8, 8), "Công an tỉnh", None),
        ("Công an tỉnh Lâm Đồng", dt.date(2025, 9, 1), "Công an tỉnh Lâm Đồng", None),
        ("Văn phòng UBND tỉnh", dt.date(2022, 8, 8), "Văn phòng Ủy ban nhân dân tỉnh", None),
        ("Ủy ban MTTQ Việt Nam tỉnh", dt.date(2022, 8, 8), "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None),
        ("Đảng ủy Bộ KH&CN", dt.date(2026, 1, 1), "Đảng ủy Bộ Khoa học và Công nghệ", None),
        ("Đảng ủy Chính phủ", dt.date(2026, 1, 1), "Đảng ủy Chính phủ", None),
        ("Ban Tổ chức TW", dt.date(2026, 1, 1), "Ban Tổ chức Trung ương", None),
        ("VNPT Bình Định", dt.date(2021, 9, 1), "VNPT Bình Định", None),
        ("UBND tỉnh Thừa Thiên Huế", dt.date(2023, 1, 1), "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "46"),
        ("Đồng chí Bộ trưởng Bộ Y tế", dt.date(2026, 1, 1), "Bộ Y tế", "BYT"),
        ("Cục An toàn thông tin", dt.date(2023, 1, 1), "Cục An toàn thông tin", None),
        ("Vụ Kế hoạch - Tài chính", dt.date(2023, 1, 1), "Vụ Kế hoạch - Tài chính", None),
        ("Cục Nhà giáo và Cán bộ quản lý giáo dục", dt.date(2020, 1, 1), "Cục Nhà giáo và Cán bộ quản lý giáo dục", None),
        ("UBND xã Bát Tràng", dt.date(2024, 1, 1), "Ủy ban nhân dân xã Bát Tràng", None),
        ("UBND thành phố Hạ Long", dt.date(2023, 1, 1), "Ủy ban nhân dân thành phố Hạ Long", None),
        ("Văn phòng HĐND và UBND huyện", dt.date(2024, 1, 1), "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện",
         None),
    ],
)
def test_gazetteer_names(surface: str, on: dt.date, canonical: str, code: str | None) -> None:
    [mention] = Gazetteer.from_reference(on).find(surface)
    assert (mention.entry.canonical, mention.entry.unit_code, mention.surface) == (canonical, code, surface)


def test_gazetteer_is_careful_with_short_forms_and_builds_from_entries() -> None:
    gaz = Gazetteer.from_reference(dt.date(2023, 1, 1))
    assert gaz.find("nhnn") == [] and gaz.find("Bộ Tư") == [] and gaz.find("Hà Nội, ngày 5") == []
    custom = Gazetteer.from_entries([GazetteerEntry("Sở Thông tin và Truyền thông Hà Nội", "other", "STTTT-HN",
                                                    ("Sở Thông tin và Truyền thông Hà Nội", "Sở TT&TT Hà Nội"))])
    [task] = extract("Giao Sở TT&TT Hà Nội xây dựng kho dữ liệu dùng chung của thành phố.", date=DOC,
                     gazetteer=custom)["tasks"]
    assert (task["lead"], task["lead_unit_code"]) == ("Sở Thông tin và Truyền thông Hà Nội", "STTTT-HN")


def test_metric_on_tiny_cases() -> None:
    gold = [{"lead": "Bộ Y tế", "coordinators": ["Bộ Công an"], "action": "triển khai bệnh án điện tử toàn quốc",
             "deadline": "2024-12-31"},
            {"lead": "Bộ Công an", "coordinators": [], "action": "làm sạch dữ liệu dân cư", "deadline": None}]
    pred = [{"lead": "bo y te", "coordinators": ["Bộ Công an", "Bộ Tài chính"],
             "action": "triển khai bệnh án điện tử toàn quốc trong năm 2024", "deadline": "2024-12-31"},
            {"lead": "Bộ Công an", "coordinators": [], "action": "báo cáo Thủ tướng hằng tháng", "deadline": None},
            {"lead": "Bộ Y tế", "coordinators": [], "action": "triển khai bệnh án điện tử toàn quốc", "deadline": None}]
    s = score_document(pred, gold).summary()
    assert (s["matched"], s["predicted"], s["gold"]) == (1, 3, 2)  # one to one: the better Bộ Y tế prediction wins
    assert s["precision"] == pytest.approx(1 / 3, abs=1e-3) and s["recall"] == 0.5
    assert s["coordinator_f1"] == 0.0 and s["deadline_accuracy"] == 0.0  # the exact action matched, without them
    s = score_document(pred[:2], gold).summary()
    assert s["matched"] == 1 and s["coordinator_f1"] == pytest.approx(2 / 3, abs=1e-3) and s["deadline_accuracy"] == 1.0
    other_lead = [{**pred[0], "lead": "Bộ Tài chính"}]
    assert score_document(other_lead, gold).summary()["matched"] == 0
    assert overlap("a b c d", "a b c d e f g h") == pytest.approx(2 * 4 / 12)
    assert score_document([], []).summary()["f1"] == 1.0



def test_the_scorer_knows_one_body_by_two_names() -> None:
    assert same_lead("Công an tỉnh", "Công an tỉnh Phú Thọ") and same_lead("Sở Nội vụ tỉnh Phú Thọ", "Sở Nội vụ")
    assert same_lead("Văn phòng Bộ", "Văn phòng Bộ Y tế") and same_lead("Ban Tổ chức Tỉnh ủy Lào Cai", "Ban Tổ chức Tỉnh ủy")
    assert same_lead("Viettel", "Tập đoàn Công nghiệp - Viễn thông Quân đội")
    assert not same_lead("Công an tỉnh", "Công an tỉnh Phú Thọ cũ") and not same_lead("Sở Nội vụ", "Sở Y tế")
    assert not same_lead("Viettel", "VNPT") and not same_lead("Bộ Y tế", "Bộ Y tế các tỉnh")

#: Floors set from the measured figures (synthetic and seeds 1.000, held-out 0.933 before its two fixes);
#: set below them so that a sound change in wording rules does not fail the suite, a regression does. blind4 was
#: read cold (0.823) and then tuned (0.978); blind5 (0.892), blind6 (0.721), blind7 (0.894) and blind8 (0.772) were
#: read cold too, then blind9 (0.949), blind10 (0.922) and blind11 (0.990), written to imitate the seeds' genre;
#: their READMEs have the figures; blind8 was written to be hard and keeps a lower floor.
@pytest.mark.parametrize(("folder", "floor"), [("synthetic", 0.93), ("heldout", 0.9), ("blind", 0.93),
                                                ("blind2", 0.93), ("blind3", 0.93), ("blind4", 0.93),
                                                ("blind5", 0.93), ("blind6", 0.93),
                                                ("blind7", 0.93), ("blind8", 0.85),
                                                ("blind9", 0.93), ("blind10", 0.93),
                                                ("blind11", 0.93)])
def test_development_set_figures(folder: str, floor: float) -> None:
    report = evaluate(DEVSET / folder, DEVSET / folder)
    s = report.summary()
    assert len(report.documents) >= {"synthetic": 16, "heldout": 4, "blind": 10, "blind2": 10, "blind3": 10,
                                  "blind4": 10, "blind5": 10, "blind6": 10, "blind7": 10, "blind8": 10, "blind9": 10, "blind10": 10, "blind11": 8}[folder]
    coordinators = 0.8 if folder in ("blind5", "blind7") else 0.9  # blind5's untuned half attaches coordinators differently
    assert s["f1"] >= floor and s["deadline_accuracy"] >= 0.95 and s["coordinator_f1"] >= coordinators, s


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts live in ../shared/seeds")
def test_seed_gold_files() -> None:
    report = evaluate(DEVSET / "seeds", SEEDS)
    assert len(report.documents) == 5
    s = report.summary()
    assert s["f1"] >= 0.9 and s["deadline_accuracy"] >= 0.9, s


def test_gold_files_follow_the_output_format() -> None:
    keys = {"lead", "coordinators", "action", "deadline_text", "deadline"}
    for path in sorted(DEVSET.glob("*/*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        dt.date.fromisoformat(gold["date"])
        for task in gold["tasks"]:
            assert keys <= set(task), path
            if task["deadline"]:
                dt.date.fromisoformat(task["deadline"])


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_cli_extract_txt_docx_pdf_and_errors(tmp_path: Path, capsys: Any) -> None:
    from docx import Document
    from pypdf import PdfWriter

    doc = Document()
    doc.add_paragraph("Giao Bộ Y tế chủ trì triển khai bệnh án điện tử trong năm 2026.")
    path = tmp_path / "kl.docx"
    doc.save(str(path))
    assert _run_cli(["extract", str(path), "--date", "2026-01-10", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["date"] == "2026-01-10" and out["tasks"][0]["deadline"] == "2026-12-31"
    assert out["tasks"][0]["lead"] == "Bộ Y tế"

    txt = tmp_path / "kl.txt"
    txt.write_text("Hà Nội, ngày 2 tháng 3 năm 2024\nBộ Công an làm sạch dữ liệu dân cư trong quý II.", encoding="utf-8")
    assert _run_cli(["extract", str(txt)]) == 0
    assert "Bộ Công an" in capsys.readouterr().out  # ensure_ascii=False: Vietnamese printed as is

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\x00 not utf8")
    assert _run_cli(["extract", str(bad)]) == 2
    assert "not UTF-8" in capsys.readouterr().err

    blank = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with blank.open("wb") as fh:
        writer.write(fh)
    assert _run_cli(["extract", str(blank)]) == 2
    assert "no text layer" in capsys.readouterr().err
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing")
    with pytest.raises(UnreadableDocument, match=r"broken\.pdf"):
        read_document(broken)
    assert _run_cli(["extract", str(tmp_path / "missing.txt")]) == 2


def test_cli_eval_prints_a_table(capsys: Any) -> None:
    assert _run_cli(["eval-extraction", str(DEVSET / "synthetic")]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "F1" in out and "\n01 " in out


def test_names_not_in_the_registry_run_to_their_predicate() -> None:
    leads = [t["lead"] for t in _tasks(
        "1. Cục Văn thư và Lưu trữ nhà nước chủ trì hoàn thiện dự thảo Thông tư về lưu trữ điện tử trong quý IV.\n"
        "2. Cục Khoa học, Công nghệ và Thông tin chủ trì ban hành hướng dẫn kỹ thuật kết nối dữ liệu học bạ số.\n"
        "3. Vụ Công chức - Viên chức chủ trì xây dựng bộ tiêu chí đánh giá chất lượng dữ liệu công chức.\n"
        "4. Thanh tra Bộ đưa nội dung khai thác cơ sở dữ liệu vào kế hoạch thanh tra năm 2026.\n"
        "5. Bưu điện tỉnh mở rộng dịch vụ hỗ trợ người dân nộp hồ sơ trực tuyến tại các xã.\n"
        "6. Công ty Cổ phần MISA nâng cấp phần mềm quản lý trường học trước ngày 30/9.")]
    assert leads == ["Cục Văn thư và Lưu trữ nhà nước", "Cục Khoa học, Công nghệ và Thông tin",
                     "Vụ Công chức - Viên chức", "Thanh tra Bộ", "Bưu điện tỉnh", "Công ty Cổ phần MISA"]
    [asked] = _tasks("Đề nghị Cục Văn thư và Lưu trữ nhà nước hướng dẫn các bộ lưu trữ hồ sơ điện tử trong quý IV.")
    assert asked["lead"] == "Cục Văn thư và Lưu trữ nhà nước"
    # A comma between bodies of other kinds still separates them.
    [task] = _tasks("Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Bưu điện tỉnh, VNPT Phú Thọ và Viettel Phú Thọ "
                    "bố trí nhân lực hỗ trợ người dân tại Trung tâm phục vụ hành chính công.")
    assert len(task["coordinators"]) == 3


def test_renamed_general_departments_follow_the_document_date() -> None:
    text = "Giao Cục Thuế chủ trì đối soát dữ liệu mã số thuế cá nhân với dữ liệu dân cư trước ngày 30/9."
    assert _tasks(text, dt.date(2025, 8, 18))[0]["lead"] == "Cục Thuế"
    assert _tasks(text, dt.date(2024, 8, 18))[0]["lead"] == "Tổng cục Thuế"


def test_requests_named_as_nouns_and_meeting_accounts() -> None:
    [task] = _tasks("7. Các bộ, ngành, địa phương:\na) Rà soát, bãi bỏ yêu cầu nộp bản sao giấy tờ đối với các thủ tục "
                    "hành chính đã khai thác được dữ liệu trước ngày 15/12.")
    assert task["lead"] == "các bộ, ngành, địa phương"
    assert _tasks("Tại cuộc họp, Sở Khoa học và Công nghệ đề xuất Thành phố thuê dịch vụ trung tâm dữ liệu; một số "
                  "phường kiến nghị bổ sung biên chế công chức công nghệ thông tin.") == []
    [handed] = _tasks("Tại cuộc họp, Chủ tịch UBND tỉnh giao Sở Nội vụ rà soát biên chế công chức công nghệ thông tin.")
    assert handed["lead"] == "Sở Nội vụ"
    assert _tasks("Bộ trưởng yêu cầu các đơn vị khắc phục tư tưởng trông chờ, ỷ lại. Trong quá trình thực hiện, nếu có "
                  "khó khăn, vướng mắc, các đơn vị kịp thời báo cáo Bộ trưởng.") == []


def test_a_handed_heading_and_a_request_after_a_topic() -> None:
    tasks = _tasks("3.1. Giao Sở Khoa học và Công nghệ:\n- Tham mưu UBND Thành phố ban hành Kiến trúc chính quyền số "
                   "trong tháng 10/2025.\n4. Về kiến nghị của các doanh nghiệp liên quan đến việc miễn, giảm tiền thuê "
                   "đất đặt trạm phát sóng: giao Bộ Tài chính nghiên cứu, xử lý theo thẩm quyền.")
    assert [t["lead"] for t in tasks] == ["Sở Khoa học và Công nghệ", "Bộ Tài chính"]
    assert same_lead("Tập đoàn Viettel", "Tập đoàn Công nghiệp - Viễn thông Quân đội")
    assert same_lead("Tổng công ty MobiFone", "Tổng công ty Viễn thông MobiFone")


def test_one_line_headings_lists_of_ministries_and_openers() -> None:
    pairs = [(t["lead"], t["coordinators"]) for t in _tasks(
        "3. Cục Công nghệ thông tin: Bảo đảm hạ tầng và an toàn thông tin cho cơ sở dữ liệu hộ tịch trước ngày 15/11.\n"
        "4. Riêng Cục Đường bộ Việt Nam phối hợp với Bộ Công an đồng bộ dữ liệu giấy phép lái xe trước ngày 15/10.\n"
        "5. Bộ trưởng các Bộ: Tư pháp, Y tế chỉ đạo hoàn thành kết nối cơ sở dữ liệu chuyên ngành trong tháng 12.\n"
        "6. Tiếp thu ý kiến của đoàn công tác, Phó Chủ tịch UBND tỉnh Lê Thị Hồng Nhung giao Sở Nội vụ tham mưu "
        "ban hành kế hoạch khắc phục các tồn tại trong tháng 8.\n"
        "7. Giám đốc Sở Xây dựng giải trình nguyên nhân chậm số hóa hồ sơ do thiếu máy quét.")]
    assert pairs == [("Cục Công nghệ thông tin", []), ("Cục Đường bộ Việt Nam", ["Bộ Công an"]), ("Bộ Tư pháp", []),
                     ("Bộ Y tế", []), ("Sở Nội vụ", [])]


def test_a_department_and_its_province_are_one_body() -> None:
    [task] = _tasks("Giao Cục Chuyển đổi số quốc gia phối hợp với Sở Khoa học và Công nghệ tỉnh Quảng Trị hướng dẫn thí "
                    "điểm đánh giá chỉ số chuyển đổi số cấp xã trong quý IV năm 2025.")
    assert task["coordinators"] == ["Sở Khoa học và Công nghệ tỉnh Quảng Trị"]
    [city] = _tasks("Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND TP, Trung tâm CNTT&CĐS đánh giá hệ thống quản lý "
                    "văn bản trong quý IV.")
    assert city["coordinators"] == ["Văn phòng Ủy ban nhân dân thành phố",
                                    "Trung tâm Công nghệ thông tin và Chuyển đổi số"]


def test_boards_and_council_sessions() -> None:
    [board] = _tasks("4. Ban Kiểm tra xây dựng kế hoạch kiểm tra chuyên ngành trên nền tảng dữ liệu trong quý IV.")
    assert board["lead"] == "Ban Kiểm tra"
    assert _tasks("Ban Chỉ đạo thống nhất thông qua Kế hoạch hoạt động 6 tháng cuối năm 2025.") == []
    [council] = _tasks("Đề nghị Thường trực HĐND tỉnh chỉ đạo chuẩn bị, trình HĐND tỉnh xem xét ban hành nghị quyết về "
                       "chính sách hỗ trợ chuyển đổi số cấp xã tại kỳ họp cuối năm 2025.")
    assert council["lead"] == "Thường trực Hội đồng nhân dân tỉnh" and council["deadline"] is None


def test_distribution_lists_codes_and_people_are_not_bodies() -> None:
    text = ("1. Cục C06 tổng hợp kết quả thực hiện, báo cáo lãnh đạo Bộ trước ngày 30/9.\n"
            "2. Đề nghị Công an các tỉnh, thành phố trực thuộc Trung ương rà soát, làm sạch dữ liệu cư trú trong quý IV.\n"
            "3. Chủ tịch UBND huyện Lệ Thủy Trương Quốc Bảo trực tiếp theo dõi việc vận hành hệ thống một cửa điện tử.\n"
            "4. Ngân hàng TMCP Đầu tư và Phát triển Việt Nam thí điểm mở tài khoản bằng tài khoản định danh điện tử.\n"
            "Nơi nhận:\n- Sở Nội vụ rà soát biên chế;\n- Lưu: VT.")
    leads = [t["lead"] for t in _tasks(text, LATE)]
    assert leads == ["Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                     "Công an các tỉnh, thành phố trực thuộc Trung ương", "Ủy ban nhân dân huyện Lệ Thủy",
                     "Ngân hàng Thương mại cổ phần Đầu tư và Phát triển Việt Nam"]
    [council] = _tasks("Chủ tịch HĐND tỉnh Võ Thành Nhân đề nghị Sở Nội vụ rà soát biên chế công chức trong quý I.", LATE)
    assert council["lead"] == "Sở Nội vụ"
    museums = [t["lead"] for t in _tasks(
        "Thư viện Quốc gia Việt Nam và Thư viện Khoa học Tổng hợp Thành phố Hồ Chí Minh hoàn thành số hóa kho báo "
        "trong năm 2026. Khoa Chẩn đoán hình ảnh kết nối máy chụp vào hệ thống PACS trước ngày 31/5.", LATE)]
    assert museums == ["Thư viện Quốc gia Việt Nam", "Thư viện Khoa học Tổng hợp Thành phố Hồ Chí Minh",
                       "Khoa Chẩn đoán hình ảnh"]


def test_companies_by_kind_requests_after_with_and_start_dates() -> None:
    leads = [t["lead"] for t in _tasks(
        "Thủ tướng đề nghị các tập đoàn Viettel, VNPT, MobiFone tiếp tục hỗ trợ các địa phương phủ sóng di động 4G, "
        "5G tại các thôn, bản chưa có sóng, hoàn thành trong năm 2025.", LATE)]
    assert leads == ["Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tập đoàn Bưu chính Viễn thông Việt Nam",
                     "Tổng công ty Viễn thông MobiFone"]
    [finance] = _tasks("Với Bộ Tài chính, Phó Thủ tướng đề nghị chủ trì, phối hợp với Bộ Khoa học và Công nghệ hướng dẫn "
                       "các bộ bố trí vốn đầu tư công năm 2026, hoàn thành trước ngày 31/12/2025.", LATE)
    assert finance["lead"] == "Bộ Tài chính" and finance["deadline"] == "2025-12-31"
    assert find_deadline("thực hiện ngay từ tháng 9/2025", LATE).date is None
    assert find_deadline("báo cáo Bộ trưởng tại cuộc họp giao ban tháng 4/2026", LATE).date is None
    assert _tasks("Ban Thường vụ Tỉnh ủy thống nhất kiện toàn Ban Chỉ đạo của Tỉnh ủy về chuyển đổi số.", LATE) == []
    assert _tasks("Yêu cầu các bộ, ngành, địa phương nâng cao hơn nữa tinh thần trách nhiệm, đổi mới tư duy.", LATE) == []


def test_an_unnumbered_heading_passes_its_period_to_its_bullets() -> None:
    tasks = _tasks("Về nhiệm vụ 6 tháng cuối năm 2025, Bộ trưởng giao:\n- Cục Chuyển đổi số chủ trì hoàn thành kết nối "
                   "cơ sở dữ liệu đất đai.\n- Công an xã thu nhận hồ sơ cấp căn cước cho trẻ em dưới 14 tuổi.\n"
                   "3.1. Đảng ủy UBND tỉnh lãnh đạo, chỉ đạo UBND tỉnh:\n- Ban hành kế hoạch thực hiện Nghị quyết số "
                   "71/NQ-CP trong tháng 9/2025.", LATE)
    assert [(t["lead"], t["deadline"]) for t in tasks] == [
        ("Cục Chuyển đổi số", "2025-12-31"), ("Công an xã", "2025-12-31"),
        ("Đảng ủy Ủy ban nhân dân tỉnh", "2025-09-30")]
