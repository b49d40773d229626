"""A realistic, seeded generator of dossier records: procedures, seasonality, unit sizes, late updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from dxmonitor.services.events.schema import SCHEMA
from dxmonitor.services.events.store import EventStore

PROCEDURE_NAMES = [
    "Đăng ký khai sinh", "Đăng ký kết hôn", "Cấp phiếu lý lịch tư pháp", "Đăng ký thường trú", "Cấp giấy phép xây dựng",
    "Đăng ký thành lập doanh nghiệp", "Cấp giấy chứng nhận quyền sử dụng đất", "Chứng thực bản sao từ bản chính",
    "Cấp đổi giấy phép lái xe", "Đăng ký xe", "Cấp giấy phép kinh doanh rượu", "Hỗ trợ người có công",
    "Cấp thẻ bảo hiểm y tế", "Đăng ký khai tử", "Cấp giấy phép lao động cho người nước ngoài",
    "Thẩm định thiết kế cơ sở", "Cấp phép khai thác nước", "Đăng ký hộ kinh doanh", "Cấp chứng chỉ hành nghề",
    "Giải quyết trợ cấp thất nghiệp",
]


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    fee_vnd: int
    online_eligible: bool
    days: int
    online_propensity: float


def procedure_catalogue(n: int = 100, seed: int = 7) -> list[Procedure]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        base = PROCEDURE_NAMES[i % len(PROCEDURE_NAMES)]
        name = base if i < len(PROCEDURE_NAMES) else f"{base} (thủ tục {i // len(PROCEDURE_NAMES) + 1})"
        out.append(Procedure(code=f"TTHC-{i + 1:04d}", name=name,
                             fee_vnd=int(rng.choice([0, 0, 20_000, 50_000, 100_000, 500_000])),
                             online_eligible=bool(rng.random() < 0.85), days=int(rng.choice([1, 3, 5, 7, 15, 30])),
                             online_propensity=float(rng.beta(2, 2))))
    return out


def _units(seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    from dxmonitor.orgs.reference import iter_units

    provinces = [u for u in iter_units(valid_on=dt.date(2026, 1, 1)) if u.kind in ("province", "city")]
    rng = np.random.default_rng(seed)
    codes = [u.code for u in provinces]
    weights = np.array([u.population or 2_000_000 for u in provinces], dtype=float)
    quality = rng.beta(3, 2, len(codes))  # how digital a unit is: drives online and on-time shares
    return codes, weights / weights.sum(), quality


def generate_table(n: int, *, seed: int = 1, start: dt.date = dt.date(2025, 7, 1), days: int = 365,
                   procedures: list[Procedure] | None = None) -> pa.Table:
    rng = np.random.default_rng(seed)
    procs = procedures or procedure_catalogue()
    codes, weights, quality = _units(seed)
    dossiers = max(1, int(n / 1.3 / 0.8))  # some dossiers get a second snapshot (status corrections, late updates)
    unit_idx = rng.choice(len(codes), size=dossiers, p=weights)
    proc_weights = rng.zipf(1.6, len(procs)).astype(float)
    proc_idx = rng.choice(len(procs), size=dossiers, p=proc_weights / proc_weights.sum())
    # Seasonality: fewer dossiers around Tết (late Jan/Feb) and on weekends.
    day = rng.integers(0, days, dossiers)
    dates = np.datetime64(start.isoformat()) + day.astype("timedelta64[D]")
    month = (dates.astype("datetime64[M]").astype(int) % 12) + 1
    keep = rng.random(dossiers) > np.where(np.isin(month, [1, 2]), 0.3, 0.0)
    weekday = (dates.astype("datetime64[D]").view("int64") - 4) % 7
    keep &= rng.random(dossiers) > np.where(weekday >= 5, 0.7, 0.0)
    unit_idx, proc_idx, dates = unit_idx[keep], proc_idx[keep], dates[keep]
    m = len(dates)
    seconds = rng.integers(7 * 3600, 17 * 3600, m) - 7 * 3600  # office hours in Việt Nam, as UTC
    received = dates.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    proc_days = np.array([procs[i].days for i in proc_idx])
    due = received + (proc_days * 86400).astype("timedelta64[s]")
    q = quality[unit_idx]
    online_p = np.array([procs[i].online_propensity if procs[i].online_eligible else 0.02 for i in proc_idx]) * (0.4 + q)
    online = rng.random(m) < np.clip(online_p, 0, 0.98)
    channel = np.where(online, "online", np.where(rng.random(m) < 0.05, "postal", "in_person"))
    supplements = rng.poisson(np.where(q > 0.6, 0.15, 0.35))
    duration = rng.gamma(2.0, proc_days * (1.1 - 0.5 * q) / 2.0) * 86400
    finished = received + duration.astype("timedelta64[s]")
    horizon = np.datetime64(start.isoformat()) + np.timedelta64(days, "D")
    done = finished < horizon
    status = np.where(done, np.where(rng.random(m) < 0.03, "rejected", "finished"),
                      np.where(supplements > 0, "supplement_requested", "processing"))
    fee = np.array([procs[i].fee_vnd for i in proc_idx])
    rated = done & (rng.random(m) < 0.3)
    rating = np.where(rated, np.clip(np.round(rng.normal(3.2 + 1.6 * q, 0.8)), 1, 5), 0).astype(int)
    ids = np.array([f"HS-{seed}-{i:09d}" for i in range(m)])
    base = {
        "dossier_id": ids, "unit_code": np.array(codes)[unit_idx], "procedure_code": np.array([p.code for p in procs])[proc_idx],
        "channel": channel, "received_at": received, "due_at": due,
    }
    final = {
        **base, "record_id": np.char.add(ids, "-2"), "status": status,
        "status_at": np.where(done, finished, received + np.timedelta64(3600, "s")),
        "finished_at": np.where(done, finished, np.datetime64("NaT")),
        "supplement_requests": supplements, "fee_vnd": fee, "paid_online": (fee > 0) & online & (rng.random(m) < 0.6 + 0.3 * q),
        "e_result": done & (rng.random(m) < 0.3 + 0.6 * q), "digitised": rng.random(m) < 0.4 + 0.5 * q,
        "reused_data": rng.random(m) < 0.2 + 0.5 * q, "vneid_authenticated": online & (rng.random(m) < 0.5 + 0.4 * q),
        "rating": rating,
    }
    # An earlier "received" snapshot for about 30 % of the dossiers (the latest one wins).
    early = rng.random(m) < 0.3
    first = {k: v[early] for k, v in base.items()}
    first.update({"record_id": np.char.add(ids[early], "-1"), "status": np.full(early.sum(), "received"),
                  "status_at": received[early], "finished_at": np.full(early.sum(), np.datetime64("NaT")),
                  "supplement_requests": np.zeros(early.sum(), int), "fee_vnd": fee[early],
                  "paid_online": np.zeros(early.sum(), bool), "e_result": np.zeros(early.sum(), bool),
                  "digitised": np.zeros(early.sum(), bool), "reused_data": np.zeros(early.sum(), bool),
                  "vneid_authenticated": np.zeros(early.sum(), bool), "rating": np.zeros(early.sum(), int)})

    def table(cols: dict) -> pa.Table:
        arrays = {}
        for name in SCHEMA.names:
            if name == "batch_id":
                arrays[name] = pa.array([f"generated-{seed}"] * len(cols["record_id"]))
            elif name == "rating":
                arrays[name] = pa.array(np.where(cols["rating"] > 0, cols["rating"], 0), mask=cols["rating"] == 0,
                                        type=pa.int8())
            elif SCHEMA.field(name).type == pa.timestamp("us", tz="UTC"):
                arrays[name] = pa.array(cols[name].astype("datetime64[us]"), type=pa.timestamp("us"),
                                        mask=np.isnat(cols[name])).cast(pa.timestamp("us", tz="UTC"))
            else:
                arrays[name] = pa.array(cols[name], type=SCHEMA.field(name).type)
        return pa.table(arrays, schema=SCHEMA)

    return pa.concat_tables([table(first), table(final)])


def generate(n: int, out_dir: Path, *, seed: int = 1, chunk: int = 2_000_000,
             progress: Callable[[int], None] | None = None, **kwargs: object) -> int:
    """Write about `n` records into an event store at `out_dir`, in chunks (each chunk a batch)."""
    store = EventStore(out_dir)
    written, i = 0, 0
    while written < n:
        size = min(chunk, n - written)
        tbl = generate_table(size, seed=seed * 1000 + i, **kwargs)  # type: ignore[arg-type]
        store.append(tbl, batch_id=f"generated-{seed}-{i}")
        written += tbl.num_rows
        i += 1
        if progress:
            progress(tbl.num_rows)
    return written
