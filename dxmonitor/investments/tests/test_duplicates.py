"""The duplicate-investment finder on cases written for it: true duplicates across provinces, near misses that
share words but not purpose, a project's own province name, and the national platform serving the purpose."""

from __future__ import annotations

from dxmonitor.investments.engine.duplicates import PlatformText, ProjectText, find_clusters, find_pairs, terms

IOC = [
    ProjectText("HN-IOC", "P01", "ioc", "Trung tâm điều hành thông minh thành phố Hà Nội",
                "Xây dựng trung tâm giám sát, điều hành đô thị thông minh (IOC), kết nối camera giao thông",
                ("Hà Nội",)),
    ProjectText("DN-IOC", "P48", "ioc", "Xây dựng Trung tâm giám sát, điều hành đô thị thông minh Đà Nẵng",
                "Trung tâm điều hành thông minh, tích hợp camera, phản ánh hiện trường", ("Đà Nẵng",)),
    ProjectText("HUE-IOC", "P46", "ioc", "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Huế",
                "Đô thị thông minh: điều hành, giám sát, camera an ninh", ("Huế",)),
]
OTHERS = [
    # shares "trung tâm" and "dữ liệu" but builds a data centre, not an operations centre
    ProjectText("HN-DC", "P01", "datacenter", "Trung tâm dữ liệu thành phố Hà Nội",
                "Hạ tầng máy chủ, lưu trữ, điện toán đám mây", ("Hà Nội",)),
    ProjectText("DN-DC", "P48", "datacenter", "Nâng cấp trung tâm dữ liệu Đà Nẵng",
                "Máy chủ, lưu trữ, sao lưu dự phòng", ("Đà Nẵng",)),
    # a national-platform look-alike: an own e-payment platform of a province
    ProjectText("CT-PAY", "P92", "platform", "Nền tảng thanh toán trực tuyến tỉnh Cần Thơ",
                "Thanh toán phí, lệ phí dịch vụ công trực tuyến", ("Cần Thơ",)),
    ProjectText("HP-PAY", "P31", "platform", "Xây dựng nền tảng thanh toán trực tuyến dịch vụ công Hải Phòng",
                "Thanh toán trực tuyến phí, lệ phí hồ sơ", ("Hải Phòng",)),
    # unrelated
    ProjectText("QN-EDU", "P22", "software", "Phần mềm quản lý trường học", "Sổ điểm điện tử, học bạ số",
                ("Quảng Ninh",)),
]
PLATFORMS = [
    PlatformText("PAYMENT", "Nền tảng thanh toán trực tuyến quốc gia (PayGov)",
                 "Thanh toán trực tuyến phí, lệ phí, nghĩa vụ tài chính trên Cổng Dịch vụ công quốc gia"),
    PlatformText("NDXP", "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)", "Kết nối, chia sẻ dữ liệu"),
]


def test_terms_fold_drop_filler_and_the_owners_name() -> None:
    t = terms("Xây dựng Trung tâm điều hành thông minh tỉnh Huế năm 2025", ["Huế"])
    assert "dieu_hanh" in t and "trung_tam" in t and "hue" not in t and "2025" not in t and "xay" not in t


def test_operations_centres_of_three_provinces_form_one_cluster() -> None:
    clusters = find_clusters(IOC + OTHERS, PLATFORMS)
    ioc = next(c for c in clusters if "HN-IOC" in c.codes)
    assert ioc.codes == ("DN-IOC", "HN-IOC", "HUE-IOC") and ioc.units == 3 and ioc.kind == "ioc"
    assert ioc.platform_code is None  # no national platform runs a city's operations centre


def test_provincial_payment_platforms_point_to_the_national_one() -> None:
    pay = next(c for c in find_clusters(IOC + OTHERS, PLATFORMS) if "CT-PAY" in c.codes)
    assert pay.codes == ("CT-PAY", "HP-PAY") and pay.platform_code == "PAYMENT"


def test_near_misses_are_not_duplicates() -> None:
    pairs = {(p.a, p.b) for p in find_pairs(IOC + OTHERS)}
    for a, b in pairs:
        assert not ({a, b} & {"QN-EDU"}), (a, b)
        assert not ({a, b} == {"HN-IOC", "DN-DC"} or {a, b} == {"HN-DC", "DN-IOC"}), (a, b)


def test_projects_of_one_unit_are_never_paired() -> None:
    same_unit = [ProjectText("A", "P01", "ioc", "Trung tâm điều hành thông minh"),
                 ProjectText("B", "P01", "ioc", "Trung tâm điều hành thông minh giai đoạn 2")]
    assert find_pairs(same_unit) == []
