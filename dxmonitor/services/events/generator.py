"""A realistic, seeded generator of dossier records: procedure catalogue, seasonality, unit sizes, late updates.

Everything is drawn with NumPy and assembled as Arrow columns, so a hundred million records take minutes:
one chunk at a time, each committed to the event store as a batch (one Parquet file per month).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dxmonitor.services.events.schema import SCHEMA, TIME
from dxmonitor.services.events.store import EventStore, fsync_dir, write_bytes_atomic

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
VN_US = 7 * HOUR_US

#: (base name, sector) pairs; the catalogue combines them into about a hundred distinct procedures.
BASE_PROCEDURES = [
    ("Đăng ký khai sinh", "Hộ tịch"), ("Đăng ký kết hôn", "Hộ tịch"), ("Đăng ký khai tử", "Hộ tịch"),
    ("Cấp bản sao trích lục hộ tịch", "Hộ tịch"), ("Đăng ký thường trú", "Cư trú"), ("Đăng ký tạm trú", "Cư trú"),
    ("Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp"), ("Chứng thực bản sao từ bản chính", "Chứng thực"),
    ("Chứng thực chữ ký", "Chứng thực"), ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"),
    ("Đăng ký thành lập doanh nghiệp", "Đăng ký kinh doanh"), ("Đăng ký hộ kinh doanh", "Đăng ký kinh doanh"),
    ("Đăng ký biến động đất đai", "Đất đai"), ("Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai"),
    ("Cấp đổi giấy phép lái xe", "Giao thông"), ("Đăng ký, cấp biển số xe", "Giao thông"),
    ("Cấp giấy phép kinh doanh bán lẻ rượu", "Công thương"), ("Trợ cấp xã hội hằng tháng", "Bảo trợ xã hội"),
    ("Cấp thẻ bảo hiểm y tế", "Bảo hiểm"), ("Giải quyết trợ cấp thất nghiệp", "Việc làm"),
    ("Cấp giấy phép lao động cho người nước ngoài", "Việc làm"), ("Cấp chứng chỉ hành nghề dược", "Y tế"),
    ("Thẩm định thiết kế cơ sở", "Xây dựng"), ("Cấp phép khai thác nước mặt", "Tài nguyên nước"),
    ("Hỗ trợ người có công với cách mạng", "Người có công"),
]
VARIANTS = ["", " (cấp lại)", " (điều chỉnh)", " (có yếu tố nước ngoài)"]


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure of the catalogue."""

    code: str
    name: str
    fee_vnd: int
    online_eligible: bool
    days: int
    online_propensity: float
    popularity: float = 1.0
    sector: str = ""


def procedure_catalogue(n: int = 100, seed: int = 7) -> list[Procedure]:
    """About `n` procedures with national-style codes (kept as strings, e.g. '1.004227'), fees and eligibility."""
    rng = np.random.default_rng(seed)
    out = []
    codes = rng.choice(np.arange(1000, 15000), size=n, replace=False)
    for i in range(n):
        base, sector = BASE_PROCEDURES[i % len(BASE_PROCEDURES)]
        variant = VARIANTS[(i // len(BASE_PROCEDURES)) % len(VARIANTS)]
        out.append(Procedure(
            code=f"{1 + i % 3}.{int(codes[i]):06d}", name=base + variant, sector=sector,
            fee_vnd=int(rng.choice([0, 0, 0, 15_000, 30_000, 50_000, 100_000, 500_000])),
            online_eligible=bool(rng.random() < 0.85), days=int(rng.choice([1, 2, 3, 5, 7, 10, 15, 20, 30])),
            online_propensity=float(rng.beta(2.0, 2.5)), popularity=float(rng.pareto(1.2) + 0.05),
        ))
    return out


def catalogue_csv(procedures: list[Procedure]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["code", "name", "sector", "fee_vnd", "online_eligible", "days"])
    for p in procedures:
        writer.writerow([p.code, p.name, p.sector, p.fee_vnd, str(p.online_eligible).lower(), p.days])
    return buf.getvalue()


@dataclass(frozen=True)
class UnitPool:
    codes: np.ndarray  # unit codes (communes and province-level departments)
    weights: np.ndarray
    quality: np.ndarray  # 0..1: how digital the unit is; drives online, on-time, digitised shares


def unit_pool(on: dt.date, seed: int) -> UnitPool:
    """Units valid on `on`, sized by population (province population spread over its communes)."""
    from dxmonitor.orgs.reference import iter_units

    rng = np.random.default_rng(seed)
    provinces = [u for u in iter_units(valid_on=on) if u.kind in ("province", "city")]
    communes: dict[str, list[str]] = {}
    for u in iter_units(valid_on=on):
        if u.kind in ("commune", "ward", "special_zone") and u.parent_key:
            communes.setdefault(u.parent_key, []).append(u.code)
    known = [(u.population, len(communes.get(u.key, [])) or 1) for u in provinces if u.population]
    per_commune = float(np.median([p / c for p, c in known])) if known else 30_000.0
    per_province = float(np.median([p for p, _ in known])) if known else 1_500_000.0
    codes: list[str] = []
    weights: list[float] = []
    quality: list[float] = []
    for u in sorted(provinces, key=lambda x: x.code):
        members = sorted(communes.get(u.key, []))
        # The reference gives populations for the merged provinces only; estimate the rest from commune counts.
        population = u.population or (per_commune * len(members) if members else per_province)
        q = float(rng.beta(3, 2))
        codes.append(u.code)  # province departments handle about a quarter of the dossiers
        weights.append(population * (0.25 if members else 1.0))
        quality.append(q)
        if members:
            size = rng.lognormal(0.0, 0.6, len(members))
            size = size / size.sum() * population * 0.75
            codes.extend(members)
            weights.extend(size.tolist())
            quality.extend(np.clip(q + rng.normal(0, 0.1, len(members)), 0.02, 0.98).tolist())
    w = np.array(weights)
    return UnitPool(np.array(codes), w / w.sum(), np.array(quality))


def _day_weights(start: dt.date, days: int) -> np.ndarray:
    """Fewer dossiers around Tết and at weekends, a rush before the year ends."""
    dates = np.datetime64(start.isoformat()) + np.arange(days).astype("timedelta64[D]")
    month = dates.astype("datetime64[M]").astype(int) % 12 + 1
    dom = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    weekday = (dates.astype("datetime64[D]").astype(np.int64) - 4) % 7  # 0 = Monday
    w = np.ones(days)
    w[(month == 1) & (dom >= 20)] *= 0.45
    w[(month == 2) & (dom <= 15)] *= 0.4
    w[month == 12] *= 1.25
    w[weekday == 5] *= 0.3
    w[weekday == 6] *= 0.1
    return w / w.sum()


def _strings(values: np.ndarray, idx: np.ndarray) -> pa.Array:
    return pa.array(values).take(pa.array(idx))


def _time(us: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(us, type=pa.int64(), mask=mask).cast(TIME)


def generate_table(n: int, *, seed: int = 1, start: dt.date = dt.date(2025, 7, 1), days: int = 365,
                   procedures: list[Procedure] | None = None, pool: UnitPool | None = None,
                   id_prefix: str | None = None) -> pa.Table:
    """About `n` records (snapshots) of about n/1.45 dossiers received in [start, start + days)."""
    rng = np.random.default_rng(seed)
    procs = procedures or procedure_catalogue()
    pool = pool or unit_pool(start, 1)
    m = max(1, int(n / 1.45))
    unit_idx = rng.choice(len(pool.codes), size=m, p=pool.weights)
    popularity = np.array([p.popularity for p in procs])
    proc_idx = rng.choice(len(procs), size=m, p=popularity / popularity.sum())
    day = rng.choice(days, size=m, p=_day_weights(start, days))
    start_us = (start - dt.date(1970, 1, 1)).days * DAY_US
    # Office hours in Việt Nam (07:30-17:00), stored as UTC.
    received = start_us + day.astype(np.int64) * DAY_US + rng.integers(27_000, 61_200, m) * 1_000_000 - VN_US
    horizon = start_us + days * DAY_US - VN_US  # the generated "now"
    q = pool.quality[unit_idx]
    eligible = np.array([p.online_eligible for p in procs])[proc_idx]
    propensity = np.array([p.online_propensity for p in procs])[proc_idx]
    online = rng.random(m) < np.where(eligible, np.clip(propensity * (0.3 + 1.2 * q), 0, 0.97), 0.01)
    channel_idx = np.where(online, 0, np.where(rng.random(m) < 0.04, 2, 1))
    proc_days = np.array([p.days for p in procs])[proc_idx]
    due = received + proc_days.astype(np.int64) * DAY_US
    supplements = rng.poisson(np.where(q > 0.6, 0.12, 0.3))
    # Better units finish faster; a few procedures are chronically slow.
    slowness = 0.55 + 0.6 * (1 - q) + 0.2 * (propensity < 0.2)
    duration = (rng.gamma(3.0, proc_days * slowness / 3.0) * DAY_US).astype(np.int64) + HOUR_US
    finished = received + duration
    closed = finished < horizon
    ending = rng.random(m)
    status_idx = np.where(closed, np.select([ending < 0.92, ending < 0.96, ending < 0.985], [3, 4, 5], 6),
                          np.where(supplements > 0, 2, 1))
    fee = np.array([p.fee_vnd for p in procs])[proc_idx]
    is_finished = status_idx == 3
    rated = closed & (rng.random(m) < 0.25 + 0.2 * online)
    rating = np.clip(np.round(rng.normal(3.0 + 1.8 * q, 0.9)), 1, 5).astype(np.int8)
    flags = {
        "paid_online": (fee > 0) & (rng.random(m) < np.where(online, 0.55 + 0.4 * q, 0.08)),
        "e_result": is_finished & (rng.random(m) < 0.2 + 0.7 * q * (0.5 + online)),
        "digitised": rng.random(m) < 0.35 + 0.6 * q,
        "reused_data": rng.random(m) < 0.15 + 0.6 * q,
        "vneid_authenticated": online & (rng.random(m) < 0.5 + 0.45 * q),
    }
    prefix = id_prefix or f"HS{seed}-"
    ids = pc.binary_join_element_wise(prefix, pc.utf8_lpad(pa.array(np.arange(m)).cast(pa.string()), 9, "0"), "")
    statuses = np.array(["received", "processing", "supplement_requested", "finished", "returned", "rejected",
                         "withdrawn"])
    channels = np.array(["online", "in_person", "postal"])
    names = np.array([p.name for p in procs])
    codes = np.array([p.code for p in procs])

    def snapshot(sel: np.ndarray, suffix: str, status: np.ndarray, status_at: np.ndarray, done: np.ndarray,
                 full: bool) -> pa.Table:
        k = int(sel.sum()) if sel.dtype == bool else len(sel)
        idx = np.flatnonzero(sel) if sel.dtype == bool else sel
        no = np.zeros(k, dtype=bool)
        cols = {
            "record_id": pc.binary_join_element_wise(ids.take(pa.array(idx)), suffix, ""),
            "dossier_id": ids.take(pa.array(idx)),
            "unit_code": _strings(pool.codes, unit_idx[idx]),
            "procedure_code": _strings(codes, proc_idx[idx]),
            "channel": _strings(channels, channel_idx[idx]),
            "received_at": _time(received[idx]),
            "due_at": _time(due[idx]),
            "status": _strings(statuses, status),
            "status_at": _time(status_at),
            "finished_at": _time(finished[idx], mask=~done),
            "supplement_requests": pa.array(supplements[idx] if full else np.zeros(k, np.int64), pa.int16()),
            "fee_vnd": pa.array(fee[idx], pa.int64()),
            **{name: pa.array(v[idx] if full else no, pa.bool_()) for name, v in flags.items()},
            "rating": pa.array(rating[idx], pa.int8(), mask=~(rated[idx] & full)),
            "procedure_name": _strings(names, proc_idx[idx]),
            "batch_id": pa.nulls(k, pa.string()),
        }
        return pa.table(cols, schema=SCHEMA)

    # The latest snapshot of every dossier; open ones were last updated a day after receipt at most.
    final_at = np.where(closed, finished, np.minimum(received + rng.integers(1, 24, m) * HOUR_US, horizon - 1))
    final = snapshot(np.arange(m), "-9", status_idx, final_at, closed, True)
    # Earlier snapshots: about a third of the dossiers were first sent as "received".
    early = np.flatnonzero(rng.random(m) < 0.35)
    first = snapshot(early, "-1", np.zeros(len(early), np.int64), received[early], np.zeros(len(early), bool), False)
    # Corrections: some closed dossiers were first reported with another status (then corrected later).
    corrected = np.flatnonzero(closed & (rng.random(m) < 0.1))
    wrong = snapshot(corrected, "-5", np.full(len(corrected), 1), finished[corrected] - HOUR_US,
                     np.zeros(len(corrected), bool), False)
    return pa.concat_tables([first, wrong, final])


def generate(n: int, out_dir: Path, *, seed: int = 1, chunk: int = 2_000_000,
             progress: Callable[[int], None] | None = None, start: dt.date = dt.date(2025, 7, 1), days: int = 365,
             procedures: list[Procedure] | None = None) -> int:
    """Write about `n` records into an event store at `out_dir`, chunk by chunk (each chunk one committed batch).

    Late arrivals: the final snapshots of about 5 % of each chunk's dossiers are held back and committed in
    a separate, later batch, as a service system catching up would send them. The procedure catalogue is
    written to `_catalogue/procedures.csv`. Deterministic for a given seed and chunk size.
    """
    store = EventStore(out_dir)
    procs = procedures or procedure_catalogue(seed=7)
    (store.root / "_catalogue").mkdir(parents=True, exist_ok=True)
    fsync_dir(store.root)
    write_bytes_atomic(catalogue_csv(procs).encode(), store.root / "_catalogue" / "procedures.csv")
    pool = unit_pool(start, seed)
    written, i = 0, 0
    late: list[pa.Table] = []
    while written < n:
        size = min(chunk, n - written)
        table = generate_table(size, seed=seed * 100_003 + i, start=start, days=days, procedures=procs, pool=pool,
                               id_prefix=f"HS{seed}-{i:05d}-")
        rng = np.random.default_rng(seed * 7 + i)
        hold = pc.and_(pc.ends_with(table["record_id"], "-9"), pa.array(rng.random(table.num_rows) < 0.05))
        late.append(table.filter(hold))
        now = table.filter(pc.invert(hold))
        store.append(now, batch_id=f"generated-{seed}-{i}")
        written += table.num_rows
        i += 1
        if progress:
            progress(now.num_rows)
    late_table = pa.concat_tables(late)
    if late_table.num_rows:
        store.append(late_table, batch_id=f"generated-{seed}-late")
        if progress:
            progress(late_table.num_rows)
    return written
