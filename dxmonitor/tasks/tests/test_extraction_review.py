"""The review page: a notice's text is read, its proposals highlighted, and accepted tasks created and audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

DEVSET = Path(__file__).resolve().parents[1] / "extraction" / "devset"


@pytest.mark.django_db
def test_review_page_proposes_and_accept_creates_audited_tasks(client_as: Any) -> None:
    from dxmonitor.core.models import AuditEntry
    from dxmonitor.tasks.models import Task
    from dxmonitor.tasks.services import directive_create

    client = client_as("secretariat")
    directive = directive_create(actor=client.user, kind="conclusion", number="77/TB-VPCP", issued_on=dt.date(2025, 11, 14),
                                 title="Kết luận thử")
    text = (DEVSET / "heldout" / "01.txt").read_text(encoding="utf-8")
    page = client.post(f"/tasks/directives/{directive.pk}/read/", {"text": text}).content.decode()
    assert "<mark" in page and "Bộ Tài chính" in page
    form = {"count": "2", "keep": ["0", "1"], "lead_0": "Bộ Tài chính", "coordinators_0": "Bộ Khoa học và Công nghệ",
            "action_0": "rà soát danh mục dự án trùng lặp", "deadline_0": "2025-12-15",
            "lead_1": "Bộ Nội vụ", "action_1": "hướng dẫn bố trí công chức chuyển đổi số cấp xã", "deadline_1": "2025-12-31"}
    client.post(f"/tasks/directives/{directive.pk}/read/accept/", form)
    tasks = Task.objects.filter(directive=directive).order_by("id")
    assert [t.lead_unit.code for t in tasks] == ["BTC", "BNV"]
    assert AuditEntry.objects.filter(action="task.create", object_id=str(tasks[0].pk)).exists()
    assert client_as("unit_officer", "BTC").get(f"/tasks/directives/{directive.pk}/read/").status_code == 403


@pytest.mark.django_db
def test_a_collective_lead_becomes_one_task_per_unit(client_as: Any) -> None:
    from dxmonitor.orgs.selectors import units_valid_on
    from dxmonitor.tasks.models import Task
    from dxmonitor.tasks.services import directive_create

    client = client_as("secretariat")
    day = dt.date(2026, 3, 10)
    directive = directive_create(actor=client.user, kind="conclusion", number="12/TB-BCĐ", issued_on=day,
                                 title="Kết luận về cắt giảm thủ tục")
    text = ("1. Các bộ, ngành, địa phương khẩn trương rà soát, cắt giảm thủ tục hành chính, hoàn thành trước ngày "
            "30/6/2026.\n2. UBND các tỉnh, thành phố trực thuộc trung ương chỉ đạo số hóa hồ sơ trong quý III.\n")
    page = client.post(f"/tasks/directives/{directive.pk}/read/", {"text": text}).content.decode()
    assert page.count('data-testid="collective-hint"') == 2
    # The proposal names the collective as written (abbreviation spelled out); accepting expands it all the same.
    assert "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương" in page
    form = {"count": "2", "keep": ["1"], "lead_1": "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
            "action_1": "chỉ đạo số hóa hồ sơ",
            "deadline_1": "2026-09-30", "coordinators_1": "Bộ Công an"}
    client.post(f"/tasks/directives/{directive.pk}/read/accept/", form)
    tasks = Task.objects.filter(directive=directive)
    provinces = set(units_valid_on(day, "province").values_list("code", flat=True))
    assert len(provinces) == 34 and {t.lead_unit.code for t in tasks} == provinces and tasks.count() == 34
    assert all(t.coordinating_units.get().code == "BCA" for t in tasks[:3])


@pytest.mark.django_db
def test_the_review_page_offers_targets_recurrences_and_a_unit_list_and_names_bad_fields(client_as: Any) -> None:
    from django.contrib.messages import get_messages

    from dxmonitor.tasks.models import Task
    from dxmonitor.tasks.services import directive_create

    client = client_as("secretariat")
    directive = directive_create(actor=client.user, kind="conclusion", number="15/TB-BCĐ", issued_on=dt.date(2026, 3, 10),
                                 title="Kết luận về dịch vụ công")
    text = ("Bộ Công an chủ trì bảo đảm 80% hồ sơ thủ tục hành chính được nộp trực tuyến trong quý III.\n"
            "Văn phòng Chính phủ hằng tháng tổng hợp tình hình giải quyết thủ tục hành chính, báo cáo Thủ tướng.")
    page = client.post(f"/tasks/directives/{directive.pk}/read/", {"text": text}).content.decode()
    assert 'name="target_value_0" value="80"' in page and "«80% hồ sơ" in page
    assert '<option value="monthly" selected>' in page and 'list="unit-names"' in page
    assert '<option value="Bộ Tài chính">' in page  # the pick list holds the units valid on the notice's date
    assert "10/03/2026" in page and "2026-03-10" not in page  # the notice's date the Vietnamese way
    base = {"count": "2", "keep": ["0", "1"], "lead_0": "Bộ Công an", "action_0": "bảo đảm 80% hồ sơ nộp trực tuyến",
            "target_value_0": "80", "target_unit_0": "%", "lead_1": "Văn phòng Chính phủ",
            "action_1": "tổng hợp tình hình giải quyết thủ tục hành chính", "recurrence_1": "monthly"}
    # A deadline that is not a date, or a target that is not a number, names the task and the field: nothing is made.
    response = client.post(f"/tasks/directives/{directive.pk}/read/accept/", {**base, "deadline_0": "30/02/2026",
                                                                               "target_value_1": "nhiều"})
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Nhiệm vụ 1" in m and "30/02/2026" in m for m in said), said
    assert any("Nhiệm vụ 2" in m and "nhiều" in m for m in said), said
    assert not Task.objects.filter(directive=directive).exists()
    client.post(f"/tasks/directives/{directive.pk}/read/accept/", {**base, "deadline_0": "30/09/2026"})
    first = Task.objects.get(directive=directive, lead_unit__code="BCA")
    assert (first.target_value, first.target_unit, first.deadline_original) == (80, "%", dt.date(2026, 9, 30))
    assert Task.objects.filter(directive=directive, lead_unit__code="VPCP", recurrence="monthly",
                               parent__isnull=True).exists()
