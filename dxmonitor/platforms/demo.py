"""Demo data of the platforms domain: the registry shipped in `data/registry.yaml`, which units use each platform,
a year of monthly usage figures, the last successful exchanges, and data-quality runs of three national databases
over several months. The quality runs are real: the demo generates person and enterprise records (with a seed,
and with the kinds of faults real extracts have: IDs whose century digit disagrees with the birth date, names
typed in NFD, duplicate IDs, empty fields, codes of provinces that no longer exist, stale records, fewer faults month after
month) and scores them with the checker. Usage figures and dates are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import TextIO

import numpy as np
import yaml

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Quốc", "Hoài"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Linh", "Mai", "Nam",
         "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Việt", "Yến"]
USAGE = {  # platform -> (metric, monthly value a year ago, monthly growth)
    "VNEID": ("lượt xác thực", 38_000_000, 0.035), "DVCQG": ("hồ sơ trực tuyến", 5_200_000, 0.03),
    "NDXP": ("lượt gọi dịch vụ", 61_000_000, 0.04), "PAYGOV": ("giao dịch thanh toán", 1_100_000, 0.05),
    "BCQG": ("báo cáo", 9_500, 0.01), "ETAX": ("tờ khai", 6_800_000, 0.01),
    "EINVOICE": ("hóa đơn (nghìn)", 480_000, 0.015), "VSSID": ("lượt truy cập", 21_000_000, 0.02),
    "EHEALTH": ("hồ sơ sức khỏe mới", 1_400_000, 0.06), "ADDRESS": ("địa chỉ số gắn mới", 350_000, 0.08),
}


def _month(today: dt.date, back: int) -> dt.date:
    y, m = today.year, today.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def _person_csv(rng: np.random.Generator, n: int, as_of: dt.date, fault: float, old_codes: list[str],
                new_codes: list[str], id_codes: list[str]) -> bytes:
    """`n` person records updated in the year before `as_of`; `fault` is the share of records given one fault."""
    out = io.StringIO()
    out.write("person_id,full_name,birth_date,gender,unit_code,updated_at\n")
    ids: list[str] = []
    for _i in range(n):
        female = bool(rng.integers(2))
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 80)))
        century = (birth.year // 100 - 19) * 2 + int(female)
        pid = f"{id_codes[int(rng.integers(len(id_codes)))]}{century}{birth.year % 100:02d}{int(rng.integers(10**6)):06d}"
        name = " ".join(x[int(rng.integers(len(x)))] for x in (FAMILY, MIDDLE, GIVEN))
        updated = as_of - dt.timedelta(days=int(rng.integers(0, 360)))
        code = new_codes[int(rng.integers(len(new_codes)))] if updated >= dt.date(2025, 7, 1) else \
            old_codes[int(rng.integers(len(old_codes)))]
        gender = "Nữ" if female else "Nam"
        if rng.random() < fault:
            kind = int(rng.integers(6))
            if kind == 5:  # a field left empty
                gender = ""
            elif kind == 0:  # century/gender digit that disagrees with the birth date
                pid = pid[:3] + str((century + 1) % 10) + pid[4:]
            elif kind == 1:  # typed on a Mac: decomposed
                name = unicodedata.normalize("NFD", name)
            elif kind == 2 and ids:  # the same person twice
                pid = ids[int(rng.integers(len(ids)))]
            elif kind == 3 and updated >= dt.date(2025, 7, 1):  # a province code that no longer exists
                code = old_codes[int(rng.integers(len(old_codes)))]
            else:  # not updated for two years
                updated = as_of - dt.timedelta(days=int(rng.integers(400, 800)))
        ids.append(pid)
        out.write(f"{pid},{name},{birth.isoformat()},{gender},{code},{updated.isoformat()}\n")
    return out.getvalue().encode("utf-8")


def _enterprise_csv(rng: np.random.Generator, n: int, as_of: dt.date, fault: float, communes: list[str]) -> bytes:
    out = io.StringIO()
    out.write("tax_code,name,sector,commune_code,employees,registered_on,updated_at\n")
    kinds = ["Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân"]
    words = ["Sao Mai", "Bình Minh", "Hòa Phát", "Đông Á", "Trường Sơn", "Phương Nam", "Hồng Hà", "Thành Công"]
    for i in range(n):
        tax = f"{int(rng.integers(10**9, 10**10)):010d}"
        name = f"{kinds[int(rng.integers(3))]} {words[int(rng.integers(len(words)))]} {i}"
        registered = as_of - dt.timedelta(days=int(rng.integers(100, 4000)))
        updated = as_of - dt.timedelta(days=int(rng.integers(0, 85)))
        sector, employees = "ACFGJ"[int(rng.integers(5))], int(rng.integers(1, 500))
        commune = communes[int(rng.integers(len(communes)))]
        if rng.random() < fault:
            kind = int(rng.integers(4))
            if kind == 0:
                tax = tax[:8]
            elif kind == 1:
                updated = as_of - dt.timedelta(days=int(rng.integers(120, 700)))
            elif kind == 2:
                sector = "Z"
            else:
                name = unicodedata.normalize("NFD", name)
        out.write(f"{tax},{name},{sector},{commune},{employees},{registered.isoformat()},{updated.isoformat()}\n")
    return out.getvalue().encode("utf-8")


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    from django.utils import timezone

    from dxmonitor.core.time import today_vn
    from dxmonitor.orgs.selectors import units_valid_on
    from dxmonitor.platforms.models import Platform, SharedDatabase
    from dxmonitor.platforms.quality.personal_id import id_province_codes
    from dxmonitor.platforms.services import (
        DATA_DIR,
        adoption_set,
        exchange_succeeded,
        quality_check,
        registry_load,
        usage_record,
    )

    rng = np.random.default_rng(20251124)
    today = today_vn()
    counts = registry_load(actor=None, data=yaml.safe_load((DATA_DIR / "registry.yaml").read_text("utf-8")),
                           via="demo")
    provinces = list(units_valid_on(today, "province"))
    ministries = list(units_valid_on(today, "ministry"))
    share = {"DVCQG": 1.0, "VNEID": 1.0, "NDXP": 1.0, "BCQG": 1.0, "ECABINET": 1.0, "PAYGOV": 0.85,
             "GOVCLOUD": 0.25, "SOC": 0.6, "EDUDB": 0.55, "EHEALTH": 0.7, "ADDRESS": 0.4}
    for p in Platform.objects.all():
        users = [u for u in provinces if rng.random() < share.get(p.code, 0.0)]
        if p.code in ("DVCQG", "NDXP", "BCQG", "ECABINET", "SOC", "GOVCLOUD"):
            users += [u for u in ministries if rng.random() < share[p.code]]
        adoption_set(actor=None, platform=p, units=users, since=_month(today, int(rng.integers(12, 48))), via="demo")
        if p.code in USAGE:
            metric, start, growth = USAGE[p.code]
            for back in range(12, 0, -1):
                value = start * (1 + growth) ** (12 - back) * (0.95 + 0.1 * rng.random())
                usage_record(actor=None, platform=p, month=_month(today, back), metric=metric, value=round(value),
                             via="demo")
    now = timezone.now()
    dbs = {d.code: d for d in SharedDatabase.objects.select_related("owner_unit")}
    for d in dbs.values():
        if d.ioc_status in ("connected", "partial"):
            exchange_succeeded(actor=None, source=d, target=None, via="demo",
                               at=now - dt.timedelta(hours=float(rng.integers(1, 30))))
    for x in [x for d in dbs.values() for x in d.exchanges_out.select_related("target")]:
        if x.status in ("connected", "partial"):
            exchange_succeeded(actor=None, source=x.source, target=x.target, via="demo",
                               at=now - dt.timedelta(hours=float(rng.integers(1, 72))))
        elif x.status == "broken":
            exchange_succeeded(actor=None, source=x.source, target=x.target, via="demo",
                               at=now - dt.timedelta(days=float(rng.integers(10, 40))))
    old_codes = [u.code for u in units_valid_on(dt.date(2025, 6, 30), "province")]
    new_codes = [u.code for u in provinces]
    id_codes = sorted(id_province_codes())
    communes = [u.code for u in units_valid_on(today, "commune")][:400]
    runs = 0
    size = 20_000 if with_services else 2_000
    for code, months, start_fault in (("CSDLQG-DC", 6, 0.10), ("CSDLQG-BH", 4, 0.16)):
        for k, back in enumerate(range(months - 1, -1, -1)):
            as_of = _month(today, back - 1) - dt.timedelta(days=1) if back else today
            fault = start_fault * (0.7 ** k)
            content = _person_csv(rng, size, as_of, fault, old_codes, new_codes, id_codes)
            quality_check(actor=None, database=dbs[code], stream=io.BytesIO(content), as_of=as_of, via="demo",
                          file_name=f"{code.lower()}-{as_of:%Y%m%d}.csv")
            runs += 1
    for k, back in enumerate(range(2, -1, -1)):
        as_of = _month(today, back - 1) - dt.timedelta(days=1) if back else today
        content = _enterprise_csv(rng, size // 2, as_of, 0.12 * (0.6 ** k), communes)
        quality_check(actor=None, database=dbs["CSDLQG-DKDN"], stream=io.BytesIO(content), as_of=as_of, via="demo",
                      file_name=f"dkdn-{as_of:%Y%m%d}.csv")
        runs += 1
    out.write(f"  platforms: {counts['platforms']} platforms, {counts['databases']} shared databases, "
              f"{counts['exchanges']} exchanges, {runs} data-quality runs (generated records, real checks)\n")
