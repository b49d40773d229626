"""Reminders before deadlines, on becoming overdue, and a weekly digest; idempotent through a ledger."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from dxmonitor.tasks.models import Notification, ReminderSent, Task, TaskState


def reminder_days() -> list[int]:
    raw = os.environ.get("DXM_REMINDER_DAYS", "7,3,1")
    return sorted({int(x) for x in raw.split(",") if x.strip()}, reverse=True)


@dataclass
class RemindReport:
    sent: int = 0
    skipped: int = 0


def _send_once(key: str, user: Any, task: Task | None, kind: str, subject: str, body: str, report: RemindReport) -> None:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key)
            Notification.objects.create(user=user, task=task, kind=kind, message=subject)
    except IntegrityError:
        report.skipped += 1
        return
    if user.email:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    report.sent += 1


def run_reminders(*, as_of: dt.date) -> RemindReport:
    """Send what is due on `as_of`. Running twice for the same day sends nothing twice."""
    user_model = get_user_model()
    report = RemindReport()
    officers: dict[int, list[Any]] = defaultdict(list)
    for user in user_model.objects.filter(is_active=True, role="unit_officer", unit__isnull=False):
        if user.unit_id is not None:
            officers[user.unit_id].append(user)
    open_tasks = Task.objects.select_related("lead_unit", "directive").filter(
        state=TaskState.OPEN, deadline_current__isnull=False)
    offsets = reminder_days()
    for task in open_tasks:
        deadline = task.deadline_current
        if deadline is None:
            continue
        days_left = (deadline - as_of).days
        units = {task.lead_unit_id, *task.coordinator_links.values_list("unit_id", flat=True)}
        recipients = [u for unit_id in units for u in officers.get(unit_id, [])]
        if days_left in offsets:
            kind, subject = "due_soon", f"[dxmonitor] Còn {days_left} ngày đến hạn: {task.content[:80]}"
            key_part = f"due{days_left}"
        elif days_left < 0:
            kind, subject = "overdue", f"[dxmonitor] Nhiệm vụ đã quá hạn: {task.content[:80]}"
            key_part = "overdue"
        else:
            continue
        body = (f"{subject}\n\nVăn bản: {task.directive.number}\nĐơn vị chủ trì: {task.lead_unit.name}\n"
                f"Hạn hiện tại: {deadline:%d/%m/%Y}\n")
        for user in recipients:
            _send_once(f"{kind}:{task.pk}:{deadline.isoformat()}:{key_part}:{user.pk}", user, task, kind,
                       subject, body, report)
    if as_of.weekday() == 0:  # Mondays: one digest per officer and per secretariat member
        _weekly_digest(as_of, officers, report)
    return report


def _weekly_digest(as_of: dt.date, officers: dict[int, list[Any]], report: RemindReport) -> None:
    from dxmonitor.tasks.selectors import overdue_tasks, tasks_due_between

    week = as_of.isocalendar()
    upcoming = tasks_due_between(as_of, as_of + dt.timedelta(days=7))
    overdue = overdue_tasks(as_of=as_of)
    user_model = get_user_model()
    for user in user_model.objects.filter(is_active=True, unit__isnull=False, role="unit_officer").select_related("unit"):
        code = user.unit.code if user.unit else ""
        mine_up = [t for t in upcoming if t.lead_unit_code == code]
        mine_over = [t for t in overdue if t.lead_unit_code == code]
        if not mine_up and not mine_over:
            continue
        body = "\n".join([f"Sắp đến hạn ({len(mine_up)}):", *(f"- {t.deadline:%d/%m/%Y} {t.content[:100]}" for t in mine_up),
                          f"Quá hạn ({len(mine_over)}):", *(f"- {t.content[:100]} ({t.days_overdue} ngày)" for t in mine_over)])
        _send_once(f"digest:{week.year}-{week.week}:{user.pk}", user, None, "digest",
                   f"[dxmonitor] Tổng hợp tuần {week.week}/{week.year}: {len(mine_up)} sắp đến hạn, {len(mine_over)} quá hạn",
                   body, report)
    for user in user_model.objects.filter(is_active=True, role__in=["secretariat"]):
        _send_once(f"digest:{week.year}-{week.week}:{user.pk}", user, None, "digest",
                   f"[dxmonitor] Tổng hợp tuần {week.week}/{week.year}: {len(upcoming)} nhiệm vụ sắp đến hạn, "
                   f"{len(overdue)} quá hạn", "\n".join(f"- {t.lead_unit_name}: {t.content[:100]}" for t in overdue[:50]),
                   report)
