"""Demo data of the indicators domain: the catalogue, approved DTI collections 2021-2025 for every province and
ministry, and an open 2026 campaign with submissions awaiting review, one returned and Hà Nội's draft.

Values are generated with a fixed seed from a structure, not uniform noise: a persistent province effect, a small
persistent province x indicator effect, a yearly level following the published provincial means (about 0.40 in
2021, 0.68 in 2023, 0.70 in 2024), indicator offsets (digital society lowest) and small yearly noise. Published
figures anchor it: the DTI 2022 top five as published (main indicators from dti.gov.vn/xep-hang-2022), Đà Nẵng
first in 2021 (0.6419), 2022 (0.8002) and 2023 (0.8340), Thừa Thiên Huế second in 2021 (0.5872). The 34 provinces
of 2025 inherit the mean effect of their predecessors. Units often rate themselves a little higher than the
reviewers do: about a third of the values carry a lower reviewed figure, which becomes the final one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TextIO

import numpy as np
import yaml

from dxmonitor.core.time import VN_TZ

MAINS = ["awareness", "institutions", "infrastructure", "human_resources", "cybersecurity", "digital_government",
         "digital_economy", "digital_society"]
WEIGHTS = np.array([100, 100, 100, 100, 100, 200, 150, 150]) / 1000
COMPONENTS = ["dvctt_total", "dvctt_full_process", "total_dossiers", "online_dossiers", "online_dossier_share",
              "digital_signature_share", "ftth_household_share", "dx_plan_issued"]
YEARS = [2021, 2022, 2023, 2024, 2025]
LEVEL = {2021: 0.375, 2022: 0.555, 2023: 0.65, 2024: 0.67, 2025: 0.70, 2026: 0.72}
SHIFT = np.array([0.20, 0.15, 0.05, 0.0, -0.02, 0.06, -0.02, -0.22])
ONLINE_SHARE = {2021: 22.0, 2022: 32.0, 2023: 42.0, 2024: 52.0, 2025: 62.0, 2026: 68.0}
SIGNATURE = {2021: 62.0, 2022: 74.0, 2023: 84.0, 2024: 91.0, 2025: 97.0, 2026: 98.5}
FTTH = {2021: 58.0, 2022: 66.0, 2023: 72.0, 2024: 77.0, 2025: 81.0, 2026: 83.0}
#: Published DTI 2022 main indicators of the top five provinces (dti.gov.vn/xep-hang-2022; facts-vn §1.2).
PUBLISHED_2022 = {
    "48": [1.0000, 0.9000, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197],
    "79": [0.8917, 0.9000, 0.8258, 0.6267, 0.5580, 0.8406, 0.7611, 0.3590],
    "22": [0.9581, 0.9000, 0.7648, 0.6250, 0.5382, 0.8385, 0.5904, 0.4505],
    "46": [0.9500, 0.9000, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001],
    "92": [0.9000, 0.8000, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947],
}
#: Published DTI totals used as anchors: (year, province code) -> DTI; the leader of each year stays first.
ANCHORS = {(2021, "48"): 0.6419, (2021, "46"): 0.5872, (2023, "48"): 0.8340}
LEADERS = {"48": 2.2, "79": 1.8, "22": 1.5, "46": 1.6, "92": 1.4, "01": 1.3, "31": 1.3, "20": 1.1, "27": 1.0}
OPEN_DEADLINE = dt.date(2026, 11, 20)
HANOI, DANANG = "P01@2008-08-01", "P48@2025-07-01"
#: Provinces whose officers submitted the open campaign (demo accounts created for them).
SUBMITTERS = {"31": "canbo.haiphong", "79": "canbo.hcm", "46": "canbo.hue", "92": "canbo.cantho", "38": "canbo.thanhhoa",
              "11": "canbo.dienbien", "42": "canbo.hatinh"}
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%%EOF\n"


def dti(values: Any) -> float:
    return float(np.asarray(values, dtype=float) @ WEIGHTS)


def _scale_to(values: np.ndarray, target: float) -> np.ndarray:
    """Main indicators scaled to reproduce a published DTI at 4 decimals; digital government takes the rounding."""
    out = np.asarray(np.round(np.clip(values * target / dti(values), 0, 1), 4), dtype=float)
    out[5] = round(float(np.clip(out[5] + (target - dti(out)) / WEIGHTS[5], 0, 1)), 4)
    return out


class Generator:
    """Deterministic main and component values from persistent unit effects."""

    def __init__(self, seed: int = 922) -> None:
        self.rng = np.random.default_rng(seed)
        self.effect: dict[str, float] = {}
        self.inter: dict[str, np.ndarray] = {}
        self.size: dict[str, float] = {}

    def ensure(self, key: str, code: str, predecessors: Sequence[str] = ()) -> None:
        if key in self.effect:
            return
        if predecessors and all(p in self.effect for p in predecessors):
            self.effect[key] = float(np.mean([self.effect[p] for p in predecessors]))
            self.inter[key] = np.mean([self.inter[p] for p in predecessors], axis=0)
            self.size[key] = float(sum(self.size[p] for p in predecessors))
            return
        self.effect[key] = LEADERS.get(code, float(np.clip(self.rng.normal(), -1.8, 0.9)))
        self.inter[key] = self.rng.normal(0, 0.04, len(MAINS))
        self.size[key] = float(np.exp(self.rng.normal(12.6, 0.55))) * (4 if code in ("01", "79") else 1)

    def mains(self, key: str, year: int) -> np.ndarray:
        noise = self.rng.normal(0, 0.025, len(MAINS))
        raw = LEVEL[year] + 0.07 * self.effect[key] + SHIFT + self.inter[key] + noise
        return np.round(np.clip(raw, 0.05, 1.0), 4)

    def components(self, key: str, year: int, *, ministry: bool = False) -> dict[str, float]:
        e, r = self.effect.get(key, 0.0), self.rng
        size = self.size.get(key, 60000.0) * (0.25 if ministry else 1.0)
        total = round(size * 1.05 ** (year - 2021) * float(np.exp(r.normal(0, 0.03))))
        share = float(np.clip(ONLINE_SHARE[year] + 7 * e + r.normal(0, 3), 4, 97))
        online = round(total * share / 100)
        services = round((1400 if not ministry else 180) * (1 + 0.04 * (year - 2021)) * float(np.exp(r.normal(0, 0.08))))
        full = round(services * float(np.clip(0.35 + 0.1 * (year - 2021) + 0.03 * e + r.normal(0, 0.04), 0.1, 0.95)))
        out = {
            "dvctt_total": float(services), "dvctt_full_process": float(full), "total_dossiers": float(total),
            "online_dossiers": float(online), "online_dossier_share": round(100 * online / total, 1),
            "digital_signature_share": round(float(np.clip(SIGNATURE[year] + 3 * e + r.normal(0, 2), 20, 100)), 1),
            "dx_plan_issued": 0.0 if (year == 2021 and e < -1.2) else 1.0,
        }
        if not ministry:
            out["ftth_household_share"] = round(float(np.clip(FTTH[year] + 6 * e + r.normal(0, 3), 20, 99)), 1)
        return out


def _reviewed(rng: np.random.Generator, code: str, own: float) -> float | None:
    """Reviewers lower about a third of the self-assessed scores and shares a little; counts stay as reported."""
    if code in MAINS and rng.random() < 0.35:
        return round(max(0.0, own - abs(rng.normal(0.02, 0.015))), 4)
    if code in ("digital_signature_share", "ftth_household_share") and rng.random() < 0.2:
        return round(max(0.0, own - abs(rng.normal(1.5, 1.0))), 1)
    return None


def _historical_values(gen: Generator, rng: np.random.Generator, year: int, provinces: list[Any],
                       ministries: list[Any]) -> dict[tuple[int, str], tuple[float | None, float | None]]:
    """(unit id, code) -> (self-assessed, reviewed) for one year, with the published anchors as final values."""
    finals: dict[str, np.ndarray] = {p.key: gen.mains(p.key, year) for p in provinces}
    by_code = {p.code: p.key for p in provinces}
    if year == 2022:
        ceiling = min(dti(v) for v in PUBLISHED_2022.values()) - 0.005
        for key, vals in finals.items():
            if dti(vals) > ceiling:
                finals[key] = np.asarray(np.round(vals * (ceiling - 0.03 * rng.random()) / dti(vals), 4), dtype=float)
        for code, published in PUBLISHED_2022.items():
            finals[by_code[code]] = np.array(published, dtype=float)
    else:
        anchored = {by_code[c]: target for (y, c), target in ANCHORS.items() if y == year and c in by_code}
        if anchored:
            ceiling = min(anchored.values()) - 0.005
            for key, vals in finals.items():
                if key not in anchored and dti(vals) > ceiling:
                    # Below the leader, spread out rather than all tied at the ceiling.
                    finals[key] = np.asarray(np.round(vals * (ceiling - 0.03 * rng.random()) / dti(vals), 4), dtype=float)
            for key, target in anchored.items():
                finals[key] = _scale_to(finals[key], target)
    out: dict[tuple[int, str], tuple[float | None, float | None]] = {}
    for p in provinces:
        for code, raw in zip(MAINS, finals[p.key], strict=True):
            final = float(raw)
            # The self-assessed figure is the final one or a little above it (then the reviewed figure is final).
            if rng.random() < 0.35 and final < 0.99:
                out[(p.pk, code)] = (round(min(1.0, final + abs(rng.normal(0.02, 0.015))), 4), final)
            else:
                out[(p.pk, code)] = (final, None)
        for code, own in gen.components(p.key, year).items():
            out[(p.pk, code)] = (own, _reviewed(rng, code, own))
    for m in ministries:
        for code, own in gen.components(m.key, year, ministry=True).items():
            out[(m.pk, code)] = (own, _reviewed(rng, code, own))
    return out


def load(*, out: TextIO, with_services: bool = True, records: int | None = None) -> None:
    from dxmonitor.indicators import selectors
    from dxmonitor.indicators.cli import CATALOGUE
    from dxmonitor.indicators.services import (
        ApprovedLoad,
        campaign_create,
        catalogue_load,
        reviewer_set_groups,
        values_load_approved,
    )
    from dxmonitor.orgs.selectors import predecessors_of, units_valid_on

    with open(CATALOGUE, encoding="utf-8") as fh:
        report = catalogue_load(actor=None, data=yaml.safe_load(fh), via="demo")
    out.write(f"  indicators: {report.created} in the catalogue, {report.rules} rules\n")
    secretariat, reviewer = selectors.user_by_username("thuky"), selectors.user_by_username("thamdinh")
    if reviewer is not None:
        reviewer_set_groups(actor=None, user=reviewer, groups=selectors.indicator_groups(), via="demo")
    gen = Generator()
    rng = np.random.default_rng(2021)
    n_values = 0
    for year in YEARS:
        day = dt.date(year, 12, 31)
        provinces = list(units_valid_on(day, "province"))
        ministries = [m for m in units_valid_on(day, "ministry") if m.ranking_group]
        for p in provinces:
            gen.ensure(p.key, p.code, [x.key for x in predecessors_of(p)] if year >= 2025 else ())
        for m in ministries:
            gen.ensure(m.key, m.code)
        campaign = campaign_create(
            actor=secretariat, name=f"Thu thập số liệu DTI năm {year}", period=str(year),
            deadline=dt.date(year + 1, 3, 31), indicator_codes=MAINS + COMPONENTS, units=provinces + ministries,
            description="Số liệu đánh giá chuyển đổi số (dữ liệu mô phỏng, có neo theo kết quả đã công bố).",
            via="demo")
        values = _historical_values(gen, rng, year, provinces, ministries)
        submitted = dt.datetime(year + 1, 3, 25, 9, 0, tzinfo=VN_TZ)
        n_values += values_load_approved(actor=secretariat, via="demo", load=ApprovedLoad(
            campaign, values, approved_by=reviewer, submitted_at=submitted,
            approved_at=submitted + dt.timedelta(days=40)))
        campaign.state = campaign.State.CLOSED
        campaign.save(update_fields=["state"])
    out.write(f"  indicators: {len(YEARS)} approved campaigns 2021-2025, {n_values} approved values\n")
    _open_campaign(out=out, gen=gen, secretariat=secretariat, reviewer=reviewer)


def _open_campaign(*, out: TextIO, gen: Generator, secretariat: Any, reviewer: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxmonitor.indicators import selectors
    from dxmonitor.indicators.services import (
        ValueInput,
        assignment_submit,
        campaign_create,
        evidence_add,
        value_review,
        values_save,
    )
    from dxmonitor.orgs.selectors import units_valid_on
    from dxmonitor.orgs.services import user_create

    day = dt.date(2026, 6, 30)
    provinces = list(units_valid_on(day, "province"))
    ministries = [m for m in units_valid_on(day, "ministry") if m.ranking_group]
    codes = [i.code for i in selectors.catalogue()]
    campaign = campaign_create(
        actor=secretariat, name="Thu thập số liệu chuyển đổi số năm 2026", period="2026", deadline=OPEN_DEADLINE,
        indicator_codes=codes, units=provinces + ministries, via="demo",
        description="Đợt thu thập đang mở: các đơn vị nhập số liệu, Bộ KH&CN thẩm định.")
    by_code = {p.code: p for p in provinces}
    rng = np.random.default_rng(2026)

    def figures(unit: Any) -> dict[str, float]:
        mains = gen.mains(unit.key, 2026)
        data = {c: float(x) for c, x in zip(MAINS, mains, strict=True)} | gen.components(unit.key, 2026)
        data["community_dx_teams"] = float(round(600 + 500 * rng.random()))
        data["smartphone_adult_share"] = round(float(np.clip(82 + 5 * gen.effect[unit.key] + rng.normal(0, 2), 40, 99)), 1)
        return data

    def fill(unit: Any, officer: Any, data: dict[str, float]) -> Any:
        assignment = campaign.assignments.get(unit=unit)
        values_save(actor=officer, assignment=assignment, via="demo",
                    entries=[ValueInput(c, x) for c, x in data.items()])
        # A jump far from how the indicator usually moves needs an explanation before submission.
        warned = {i.indicator_code for i in selectors.assignment_issues(assignment, require_all=False)
                  if i.severity == "warning"}
        if warned:
            values_save(actor=officer, assignment=assignment, via="demo", entries=[
                ValueInput(c, data[c], "Số liệu đã đối chiếu với báo cáo tổng kết năm của Sở KH&CN") for c in warned])
        plan = assignment.values.get(indicator__code="dx_plan_issued")
        evidence_add(actor=officer, value=plan, via="demo",
                     upload=SimpleUploadedFile(f"ke-hoach-cds-2026-{unit.code}.pdf", TINY_PDF))
        return assignment

    from dxmonitor.core.demo import DEMO_PASSWORD

    submitted = 0
    for code, username in SUBMITTERS.items():
        unit = by_code[code]
        officer = selectors.user_by_username(username) or user_create(
            actor=None, username=username, password=DEMO_PASSWORD, role="unit_officer", unit=unit,
            full_name=f"Cán bộ đầu mối ({unit.name})", check_password=False, via="demo")
        assignment_submit(actor=officer, assignment=fill(unit, officer, figures(unit)), via="demo")
        submitted += 1
    # Hải Phòng is fully reviewed: one figure lowered by the reviewer, the rest as reported.
    if reviewer is not None:
        hp = campaign.assignments.get(unit=by_code["31"])
        for value in hp.values.select_related("indicator", "unit", "assignment__campaign"):
            own = value.self_assessed
            lowered = round(own - 0.03, 4) if own is not None and value.indicator.code == "digital_society" else None
            value_review(actor=reviewer, value=value, decision="approve", reviewed=lowered,
                         comment="Điều chỉnh theo kết quả điều tra xã hội học" if lowered is not None else "",
                         via="demo")
    # Đà Nẵng submitted; the reviewer returned its online share, which does not match the measured one.
    danang_officer = selectors.user_by_username("canbo.danang")
    danang = next(p for p in provinces if p.key == DANANG)
    if danang_officer is not None:
        data = figures(danang)
        assignment = fill(danang, danang_officer, data)
        assignment_submit(actor=danang_officer, assignment=assignment, via="demo")
        submitted += 1
        if reviewer is not None:
            share = assignment.values.select_related("indicator", "unit", "assignment__campaign").get(
                indicator__code="online_dossier_share")
            value_review(actor=reviewer, value=share, decision="return", via="demo",
                         comment="Tỷ lệ cao hơn số liệu đo từ Cổng dịch vụ công quốc gia; đề nghị rà soát và giải trình")
    # Hà Nội has a draft: most figures entered, two left for the officer.
    hanoi_officer = selectors.user_by_username("canbo.hanoi")
    hanoi = next(p for p in provinces if p.key == HANOI)
    if hanoi_officer is not None:
        data = figures(hanoi)
        for left in ("digital_society", "online_payments"):
            data.pop(left, None)
        values_save(actor=hanoi_officer, assignment=campaign.assignments.get(unit=hanoi), via="demo",
                    entries=[ValueInput(c, x) for c, x in data.items()])
    out.write(f"  indicators: open campaign 2026 (deadline {OPEN_DEADLINE:%d/%m/%Y}), {submitted} units submitted, "
              "1 returned, Hà Nội in draft\n")


def published_anchor_check() -> dict[tuple[int, str], float]:
    """The anchors this demo reproduces, for tests: (year, province code) -> DTI."""
    return {**ANCHORS, (2022, "48"): 0.8002, (2022, "79"): 0.7163, (2022, "22"): 0.7024, (2022, "46"): 0.6975,
            (2022, "92"): 0.6924}

