"""Agency names a conclusion notice may use, mapped to the canonical name in force on the text's date.

Matching runs over a token stream of the folded text (lower case, no diacritics, đ -> d), so "Bộ Y Tế",
"bo y te" and "Bộ Y tế" are one name; commas, dots and hyphens between tokens are ignored ("Bộ LĐ-TB&XH",
"TP. HCM" = "TP HCM"). Bare acronyms (NHNN, VPCP, BHXH) must match exactly, case and diacritics included,
because their folded forms are too easily an ordinary word. A title in front of a name ("Bộ trưởng",
"Chủ tịch", "Thống đốc", "người đứng đầu") makes the mention stand for the body the person heads.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

#: Kinds of entries. Only "pm" (the Prime Minister) is treated as a speaker when it opens a sentence;
#: only "company" is kept out of leads (companies are partners, guidelines §6).
KINDS = ("ministry", "province", "collective", "party", "assembly", "pm", "government", "company", "other")

_TOKEN = re.compile(r"[a-z0-9&]+")
HUE_CITY_FROM = dt.date(2025, 1, 1)
#: Words that names also carry in short form.
_NAME_ABBREVIATIONS = {"Trung ương": ("TW", "TƯ"), "Công nghệ thông tin": ("CNTT",), "Việt Nam": ("VN",)}
#: Between two tokens of one name only spaces and these marks may stand.
_JOINABLE_GAP = re.compile(r"^[\s,.\-–]*$")

#: Titles of people; a title in front of a body's name stands for that body (guidelines §5). Longest first, so
#: that "Cục trưởng", "Thủ trưởng" are read whole and not as "trưởng" after a stray word.
TITLES = tuple(sorted((
    tuple(t.split())
    for t in (
        "bo truong", "chu tich", "thong doc", "tong giam doc", "tong thanh tra", "truong", "chanh",
        "chu nhiem", "thu truong", "lanh dao", "nguoi dung dau", "giam doc", "tong cuc truong", "cuc truong",
        "vu truong", "vien truong", "tong bi thu", "bi thu", "thuong truc", "uy vien", "thanh vien",
    )
), key=len, reverse=True))

#: Collective leads and their canonical phrase (guidelines §4).
COLLECTIVES: dict[str, tuple[str, ...]] = {
    "Tổ công nghệ số cộng đồng": (
        "Tổ công nghệ số cộng đồng các thôn", "Tổ công nghệ số cộng đồng các thôn, tổ dân phố",
        "các Tổ công nghệ số cộng đồng", "các tổ công nghệ số cộng đồng", "Tổ công nghệ số cộng đồng",
    ),
    "các doanh nghiệp viễn thông": (
        "các doanh nghiệp viễn thông", "các doanh nghiệp viễn thông trên địa bàn", "các nhà mạng viễn thông",
        "các doanh nghiệp viễn thông trên địa bàn tỉnh", "các doanh nghiệp viễn thông trên địa bàn thành phố",
    ),
    "các bộ, ngành, địa phương": (
        "các bộ, ngành, địa phương", "các bộ, ngành và địa phương", "các bộ ngành, địa phương", "các bộ ngành địa phương",
        "các bộ, cơ quan, địa phương", "các bộ, ngành, cơ quan, địa phương", "các bộ, ngành Trung ương và địa phương",
        "các bộ, ngành, địa phương liên quan", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, địa phương",
        "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, UBND các tỉnh, thành phố trực thuộc Trung ương",
        "các cơ quan, đơn vị, địa phương",
    ),
    "các bộ, ngành": (
        "các bộ, ngành", "các bộ ngành", "các bộ, ngành liên quan", "các bộ ngành liên quan", "các bộ, cơ quan",
        "các bộ, cơ quan ngang bộ", "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "các bộ, cơ quan liên quan",
        "các bộ trưởng, trưởng ngành", "các bộ trưởng, thủ trưởng cơ quan ngang bộ", "các bộ, ngành Trung ương",
        "các bộ, ngành trung ương", "các bộ", "các bộ liên quan",
    ),
    "các địa phương": (
        "các địa phương", "các tỉnh, thành phố", "các tỉnh, thành phố trực thuộc Trung ương",
        "Ủy ban nhân dân các tỉnh, thành phố", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "UBND các tỉnh, thành phố", "UBND các tỉnh, thành phố trực thuộc Trung ương", "các địa phương liên quan",
        "UBND các tỉnh, thành", "các tỉnh, thành",
    ),
    "các đơn vị": ("các đơn vị", "các đơn vị liên quan", "các cơ quan, đơn vị", "các cơ quan, đơn vị liên quan",
                   "các cơ quan, đơn vị thuộc Bộ", "các đơn vị thuộc Bộ", "các đơn vị trực thuộc", "các cục, vụ",
                   "các cơ quan, đơn vị trực thuộc", "các đơn vị thuộc Bộ, cơ quan", "các phòng, ban",
                   "các phòng, ban chuyên môn", "các phòng, ban chuyên môn thuộc UBND huyện",
                   "các sở giáo dục và đào tạo", "các Sở Giáo dục và Đào tạo", "các sở, ngành chức năng"),
    "các thành viên Ban Chỉ đạo": ("các thành viên Ban Chỉ đạo", "các đồng chí thành viên Ban Chỉ đạo",
                                   "các đồng chí Ủy viên Ban Chỉ đạo", "các ủy viên Ban Chỉ đạo"),
    "các thành viên Ủy ban": ("các thành viên Ủy ban", "các thành viên Ủy ban Quốc gia"),
    "các thành viên Chính phủ": ("các thành viên Chính phủ",),
    "các cơ quan báo chí": ("các cơ quan báo chí", "các cơ quan thông tấn, báo chí", "các cơ quan báo chí chủ lực",
                            "các cơ quan truyền thông", "các cơ quan báo chí, truyền thông", "các cơ quan thông tấn"),
    "Ban Chỉ đạo chuyển đổi số các bộ, ngành, địa phương": ("Ban Chỉ đạo chuyển đổi số các bộ, ngành, địa phương",),
    # Inside a province, and in the Party.
    "các sở, ban, ngành": (
        "các sở, ban, ngành", "các sở, ngành", "các sở, ban, ngành tỉnh", "các sở, ban, ngành thành phố",
        "các sở, ban, ngành, địa phương", "các sở, ngành, địa phương", "các sở, ban, ngành và địa phương",
        "các sở, ban, ngành liên quan", "các sở, ngành liên quan", "các cơ quan chuyên môn thuộc UBND tỉnh",
        "các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh", "các sở, ban, ngành, đoàn thể",
    ),
    "Ủy ban nhân dân các huyện, thị xã, thành phố": (
        "Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố",
        "Ủy ban nhân dân các huyện, thành phố", "UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thị xã",
        "UBND các huyện, thị xã", "Ủy ban nhân dân các quận, huyện, thị xã", "UBND các quận, huyện, thị xã",
        "Ủy ban nhân dân các quận, huyện", "UBND các quận, huyện", "Ủy ban nhân dân cấp huyện", "UBND cấp huyện",
        "các huyện, thị xã, thành phố", "các huyện, thành phố", "Ủy ban nhân dân các huyện", "UBND các huyện",
    ),
    "Ủy ban nhân dân các xã, phường": (
        "Ủy ban nhân dân các xã, phường, thị trấn", "UBND các xã, phường, thị trấn", "Ủy ban nhân dân các xã, phường",
        "UBND các xã, phường", "Ủy ban nhân dân các xã, phường, đặc khu", "UBND các xã, phường, đặc khu",
        "Ủy ban nhân dân cấp xã", "UBND cấp xã", "các xã, phường, đặc khu", "các xã, phường, thị trấn",
        "Ủy ban nhân dân các xã", "UBND các xã", "Ủy ban nhân dân các xã, thị trấn", "UBND các xã, thị trấn",
        "Ủy ban nhân dân các phường, xã", "UBND các phường, xã", "Ủy ban nhân dân các phường", "UBND các phường",
        "Ủy ban nhân dân các phường, xã, đặc khu", "UBND các phường, xã, đặc khu", "các phường, xã, đặc khu",
    ),
    "các tỉnh ủy, thành ủy": (
        "các tỉnh ủy, thành ủy", "các tỉnh ủy, thành ủy trực thuộc Trung ương", "các tỉnh uỷ, thành uỷ",
        "các tỉnh uỷ, thành uỷ trực thuộc Trung ương", "các huyện ủy, thị ủy, thành ủy", "các huyện ủy, thành ủy",
        "các đảng ủy trực thuộc", "các đảng uỷ trực thuộc", "các đảng ủy trực thuộc Trung ương",
        "các đảng ủy trực thuộc Tỉnh ủy", "các đảng ủy trực thuộc Thành ủy", "các đảng bộ trực thuộc Tỉnh ủy",
        "các đảng bộ trực thuộc Thành ủy", "các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        "các đảng ủy trực thuộc Đảng ủy Chính phủ", "các ban cán sự đảng, đảng đoàn",
        "các ban đảng Trung ương", "các ban, bộ, ngành Trung ương",
    ),
    "các tổ chức chính trị - xã hội": (
        "các tổ chức chính trị - xã hội", "các tổ chức chính trị - xã hội tỉnh",
        "các tổ chức chính trị - xã hội thành phố", "các tổ chức chính trị - xã hội các cấp",
        "các đoàn thể chính trị - xã hội",
    ),
    "các cơ sở y tế": (
        "các cơ sở y tế", "các bệnh viện", "các bệnh viện trực thuộc Bộ", "các bệnh viện trực thuộc",
        "các cơ sở khám bệnh, chữa bệnh", "các cơ sở khám, chữa bệnh",
    ),
    "các đảng ủy xã, phường": (
        "Ban Thường vụ các đảng ủy xã, phường", "Ban Thường vụ các đảng ủy cấp xã",
        "các đảng ủy xã, phường", "các đảng uỷ xã, phường", "các đảng ủy xã, phường, đặc khu", "các đảng ủy cấp xã",
        "các đảng uỷ cấp xã", "đảng ủy các xã, phường", "các đảng ủy phường, xã",
    ),
}

#: Collective forms that name people ("các Bộ trưởng, Trưởng ngành") stand for the canonical phrase; every other
#: collective form is kept as written.
_TITLED_COLLECTIVE = re.compile(r"bộ trưởng|thủ trưởng|trưởng ngành|người đứng đầu|chủ tịch|đồng chí|ủy viên", re.I)

#: Party, National Assembly and other bodies that conclusions assign (guidelines §1, §5).
OTHER_BODIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Thủ tướng Chính phủ": ("pm", ("Thủ tướng Chính phủ", "Thủ tướng")),
    "Chính phủ": ("government", ("Chính phủ",)),
    "Đảng ủy Chính phủ": ("party", ("Đảng ủy Chính phủ", "Đảng uỷ Chính phủ", "Ban Thường vụ Đảng ủy Chính phủ")),
    "Văn phòng Đảng ủy Chính phủ": ("party", ("Văn phòng Đảng ủy Chính phủ", "Văn phòng Đảng uỷ Chính phủ")),
    "Ủy ban Kiểm tra Đảng ủy Chính phủ": ("party", ("Ủy ban Kiểm tra Đảng ủy Chính phủ", "UBKT Đảng ủy Chính phủ")),
    "Đảng ủy Công an Trung ương": ("party", ("Đảng ủy Công an Trung ương", "Đảng uỷ Công an Trung ương")),
    "Quân ủy Trung ương": ("party", ("Quân ủy Trung ương", "Đảng ủy Quân sự Trung ương")),
    "Đảng ủy các cơ quan Đảng Trung ương": ("party", ("Đảng ủy các cơ quan Đảng Trung ương",)),
    "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương": ("party", (
        "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",)),
    "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số": ("party", (
        "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",)),
    "Ban Tổ chức Trung ương": ("party", ("Ban Tổ chức Trung ương", "Ban Tổ chức TW", "Ban Tổ chức TƯ")),
    "Văn phòng Trung ương Đảng": ("party", ("Văn phòng Trung ương Đảng", "Văn phòng TW Đảng", "Văn phòng TƯ Đảng")),
    "Ban Tuyên giáo và Dân vận Trung ương": ("party", ("Ban Tuyên giáo và Dân vận Trung ương", "Ban Tuyên giáo Trung ương")),
    "Ban Chính sách, chiến lược Trung ương": ("party", ("Ban Chính sách, chiến lược Trung ương", "Ban Kinh tế Trung ương")),
    "Ban Nội chính Trung ương": ("party", ("Ban Nội chính Trung ương",)),
    "Ủy ban Kiểm tra Trung ương": ("party", ("Ủy ban Kiểm tra Trung ương",)),
    "Ban Bí thư": ("party", ("Ban Bí thư",)),
    "Thường trực Ban Bí thư": ("party", ("Thường trực Ban Bí thư",)),
    "Bộ Chính trị": ("party", ("Bộ Chính trị",)),
    "Đảng ủy Quốc hội": ("party", ("Đảng ủy Quốc hội", "Đảng uỷ Quốc hội")),
    # the Party committee of a provincial People's Committee (its own body since the 2025 reorganisation)
    "Đảng ủy Ủy ban nhân dân tỉnh": ("party", (
        "Đảng ủy Ủy ban nhân dân tỉnh", "Đảng ủy UBND tỉnh", "Đảng uỷ Ủy ban nhân dân tỉnh", "Đảng uỷ UBND tỉnh")),
    "Đảng ủy Ủy ban nhân dân thành phố": ("party", (
        "Đảng ủy Ủy ban nhân dân thành phố", "Đảng ủy UBND thành phố", "Đảng uỷ Ủy ban nhân dân thành phố",
        "Đảng uỷ UBND thành phố")),
    "Quốc hội": ("assembly", ("Quốc hội",)),
    "Ủy ban Thường vụ Quốc hội": ("assembly", ("Ủy ban Thường vụ Quốc hội", "UBTVQH")),
    "Văn phòng Quốc hội": ("assembly", ("Văn phòng Quốc hội",)),
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": ("party", (
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "UBTƯ MTTQ VN", "UBTƯ MTTQ Việt Nam", "UBTW MTTQ VN",
        "UBTW MTTQ Việt Nam", "Ủy ban Trung ương MTTQ Việt Nam", "Mặt trận Tổ quốc Việt Nam", "MTTQ Việt Nam",
    )),
    "Kiểm toán Nhà nước": ("other", ("Kiểm toán Nhà nước",)),
    "Tòa án nhân dân tối cao": ("other", ("Tòa án nhân dân tối cao", "TANDTC")),
    "Viện kiểm sát nhân dân tối cao": ("other", ("Viện kiểm sát nhân dân tối cao", "VKSNDTC")),
    "Tổ công tác của Thủ tướng": ("other", ("Tổ công tác của Thủ tướng", "Tổ công tác của Thủ tướng Chính phủ")),
    "Cục Chuyển đổi số quốc gia": ("other", ("Cục Chuyển đổi số quốc gia",)),
    # Central bodies under a ministry or the Government that notices assign or name as partners.
    "Ban Cơ yếu Chính phủ": ("other", ("Ban Cơ yếu Chính phủ",)),
    "Tổng cục Thống kê": ("other", ("Tổng cục Thống kê", "Cục Thống kê")),
    "Tổng cục Thuế": ("other", ("Tổng cục Thuế", "Cục Thuế")),
    "Tổng cục Hải quan": ("other", ("Tổng cục Hải quan", "Cục Hải quan")),
    "Kho bạc Nhà nước": ("other", ("Kho bạc Nhà nước",)),
    "Cục An toàn thông tin": ("other", ("Cục An toàn thông tin",)),
    "Cục Tin học hóa": ("other", ("Cục Tin học hóa",)),
    "Cục Kiểm soát thủ tục hành chính": ("other", ("Cục Kiểm soát thủ tục hành chính",)),
    "Cục Cảnh sát quản lý hành chính về trật tự xã hội": ("other", (
        "Cục Cảnh sát quản lý hành chính về trật tự xã hội", "Cục C06", "C06")),
    "Trung tâm Dữ liệu quốc gia": ("other", ("Trung tâm Dữ liệu quốc gia",)),
    "Trung tâm Chứng thực điện tử quốc gia": ("other", ("Trung tâm Chứng thực điện tử quốc gia", "NEAC")),
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh": ("other", (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQVN tỉnh",
        "Ủy ban Mặt trận Tổ quốc tỉnh", "Ủy ban MTTQ tỉnh")),
    "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố": ("other", (
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "Ủy ban MTTQ Việt Nam thành phố", "Ủy ban MTTQVN thành phố",
        "Ủy ban Mặt trận Tổ quốc thành phố", "Ủy ban MTTQ thành phố")),
    "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao": ("other", (
        "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "Cục A05")),
    "Bộ Tư lệnh Tác chiến không gian mạng": ("other", ("Bộ Tư lệnh Tác chiến không gian mạng", "Bộ Tư lệnh 86")),
    "Trung tâm Giám sát an toàn không gian mạng quốc gia": ("other", (
        "Trung tâm Giám sát an toàn không gian mạng quốc gia",)),
    "Cục Bưu điện Trung ương": ("other", ("Cục Bưu điện Trung ương",)),
    "Trung tâm Internet Việt Nam": ("other", ("Trung tâm Internet Việt Nam", "VNNIC")),
    "Trung tâm Ứng cứu khẩn cấp không gian mạng Việt Nam": ("other", (
        "Trung tâm Ứng cứu khẩn cấp không gian mạng Việt Nam", "VNCERT", "VNCERT/CC")),
    "Hiệp hội Phần mềm và Dịch vụ Công nghệ thông tin Việt Nam": ("other", (
        "Hiệp hội Phần mềm và Dịch vụ Công nghệ thông tin Việt Nam", "VINASA")),
    "Hiệp hội Internet Việt Nam": ("other", ("Hiệp hội Internet Việt Nam",)),
    "Liên đoàn Thương mại và Công nghiệp Việt Nam": ("other", (
        "Liên đoàn Thương mại và Công nghiệp Việt Nam", "VCCI", "Phòng Thương mại và Công nghiệp Việt Nam")),
    "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh": ("other", (
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Trung ương Đoàn TNCS Hồ Chí Minh", "Trung ương Đoàn")),
    "Tổng Liên đoàn Lao động Việt Nam": ("other", ("Tổng Liên đoàn Lao động Việt Nam",)),
    "Hội Liên hiệp Phụ nữ Việt Nam": ("other", ("Hội Liên hiệp Phụ nữ Việt Nam", "Trung ương Hội Liên hiệp Phụ nữ Việt Nam")),
    "Hội Nông dân Việt Nam": ("other", ("Hội Nông dân Việt Nam", "Trung ương Hội Nông dân Việt Nam")),
}

#: Companies: partners named by their short name; when a notice assigns them a task, named in full.
COMPANIES: dict[str, tuple[str, ...]] = {
    "Viettel": ("Viettel", "Tập đoàn Viettel", "Tập đoàn Công nghiệp - Viễn thông Quân đội"),
    "VNPT": ("VNPT", "Tập đoàn VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam"),
    "FPT": ("FPT", "Tập đoàn FPT"),
    "CMC": ("CMC", "Tập đoàn CMC"),
    "MobiFone": ("MobiFone", "Tổng công ty MobiFone", "Tổng công ty Viễn thông MobiFone"),
    "EVN": ("EVN", "Tập đoàn Điện lực Việt Nam"),
    "Tổng công ty Bưu điện Việt Nam": ("Tổng công ty Bưu điện Việt Nam", "Bưu điện Việt Nam", "VNPost"),
}

COMPANY_FULL_NAMES = {
    "Viettel": "Tập đoàn Công nghiệp - Viễn thông Quân đội", "VNPT": "Tập đoàn Bưu chính Viễn thông Việt Nam",
    "FPT": "Công ty Cổ phần FPT", "CMC": "Tập đoàn Công nghệ CMC", "MobiFone": "Tổng công ty Viễn thông MobiFone",
    "EVN": "Tập đoàn Điện lực Việt Nam",
}

#: English acronyms in the registry that a Vietnamese notice does not use for the body (MOST is a word).
_FOREIGN_ACRONYMS = {"MPI", "MOF", "MOIT", "MARD", "MOT", "MOC", "MONRE", "MIC", "MOLISA", "MOST", "MOET", "MOH",
                     "SBV", "VSS", "VNA", "CMSC", "MAE", "VAST", "VASS"}


class _FoldTable(dict[int, str]):
    """`str.translate` table built as characters are met: lower case, no diacritics, đ -> d, one character out
    for one character in."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            out = "d"
        else:
            base = unicodedata.normalize("NFD", ch)[0] if code > 127 else ch
            out = base.lower() if len(base.lower()) == 1 else base
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold_keep_length(text: str) -> str:
    """Lower case without diacritics, one output character per input character (offsets stay valid)."""
    return text.translate(_FOLD)


def tokens_of(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold_keep_length(text)))


@dataclass(frozen=True)
class GazetteerEntry:
    """One body: its canonical name, kind, the unit code valid on the text's date, and its surface forms."""

    canonical: str
    kind: str
    unit_code: str | None = None
    forms: tuple[str, ...] = ()
    #: Forms that must match exactly (bare acronyms).
    exact_forms: tuple[str, ...] = ()
    #: False for forms too loose to open a directive sentence ("tỉnh X" is often a place, not its committee).
    subject_ok: bool = True
    #: A collective phrase is named as written (guidelines §4, §6), not by a canonical phrase.
    as_written: bool = False


def display_name(entry: GazetteerEntry, surface: str, title: str | None = None) -> str:
    """The name a task gives an agency: the canonical name, or for a collective phrase the phrase as written
    (without a person's title in front, lower case first: "Các sở, ngành" -> "các sở, ngành")."""
    if not entry.as_written:
        return entry.canonical
    phrase = surface[len(title):].strip() if title and surface.startswith(title) else surface.strip()
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
    if entry.kind != "collective":
        return phrase  # a company's branch ("Viettel TP. Hồ Chí Minh"), named as written
    if phrase.isupper():
        phrase = phrase.lower()  # a heading in capitals ("CÁC THÀNH VIÊN BAN CHỈ ĐẠO")
    for short, full in _SPELLED_OUT:
        phrase = re.sub(rf"(?<![\wÀ-ỹ]){short}(?![\wÀ-ỹ])", full, phrase)
    return phrase[:1].lower() + phrase[1:] if phrase[:4].lower() == "các " else phrase


#: Abbreviations spelled out inside a collective phrase kept as written (guidelines §5).
_PLACE_AND_DATE = re.compile(r",?\s*ngày\s+\d")
_SPELLED_OUT = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("TW", "Trung ương"),
                ("TƯ", "Trung ương"), ("MTTQ", "Mặt trận Tổ quốc"), ("CNTT&CĐS", "Công nghệ thông tin và Chuyển đổi số"),
                ("CNTT", "Công nghệ thông tin"), ("CĐS", "Chuyển đổi số"), ("TMCP", "Thương mại cổ phần"),
                ("TNHH", "Trách nhiệm hữu hạn"))


@dataclass(frozen=True)
class Mention:
    """A name found in a text: [start, end) offsets into that text, the surface form and its entry."""

    start: int
    end: int
    surface: str
    entry: GazetteerEntry
    title: str | None = None


@dataclass
class Gazetteer:
    """Surface forms (as token tuples) -> entries, with a longest-match scanner."""

    entries: list[GazetteerEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._forms: dict[tuple[str, ...], tuple[GazetteerEntry, str | None]] = {}
        self._prefixes: set[tuple[str, ...]] = set()  # every proper prefix of a form: scanning stops at once
        self._max_len = 1
        for entry in self.entries:
            self._register(entry)

    def _register(self, entry: GazetteerEntry) -> None:
        for form in entry.forms:
            self._add(form, entry, None)
        for form in entry.exact_forms:
            self._add(form, entry, form)

    def _add(self, form: str, entry: GazetteerEntry, exact: str | None) -> None:
        if exact is None:  # "trực thuộc TW", "Ban Tổ chức TƯ", "Dịch vụ CNTT"
            for full, shorts in _NAME_ABBREVIATIONS.items():
                if full in form:
                    for short in shorts:
                        self._add(form.replace(full, short), entry, None)
        key = tokens_of(form)
        if not key:
            return
        # The first entry registered for a form wins: callers register the unit valid on the date first.
        if key not in self._forms:
            self._forms[key] = (entry, exact)
            self._max_len = max(self._max_len, len(key))
            for n in range(1, len(key)):
                self._prefixes.add(key[:n])

    @classmethod
    def from_entries(cls, entries: Iterable[GazetteerEntry]) -> Gazetteer:
        """Build from any source of entries (the Django side builds them from the units table)."""
        return cls(list(entries))

    @classmethod
    def from_reference(cls, on: dt.date | None = None) -> Gazetteer:
        """Built from the shipped units registry: names valid on `on` carry their unit code."""
        return _reference_gazetteer(on or dt.date.today())  # noqa: DTZ011 - a calendar day, no time zone

    def lookup(self, name: str) -> GazetteerEntry | None:
        found = self._forms.get(tokens_of(name))
        return found[0] if found else None

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions, longest first at each position, left to right."""
        folded = fold_keep_length(text)
        toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(folded)]
        out: list[Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            hit = self._match_at(text, toks, i)
            pattern = _pattern_at(text, toks, i)
            if pattern is not None and (hit is None or pattern[0] > hit[0]):
                hit = pattern
            if hit is None:
                i += 1
                continue
            j, entry = hit
            start = toks[i][0]
            title = None
            t_start = self._title_before(text, toks, i, out[-1].end if out else 0)
            if t_start is not None:
                title = text[toks[t_start][0]:start].strip()
                start = toks[t_start][0]
            end = toks[j - 1][1]
            if not (entry.kind == "province" and title is None and _PLACE_AND_DATE.match(text, end)
                    and not text[start:end].lower().startswith(("ủy ban", "ubnd"))):
                out.append(Mention(start, end, text[start:end], entry, title))  # "Hà Nội, ngày 5 ..." is a place
            i = j
        return _join_departments_of_provinces(text, _more_committees_of_a_kind(text, out))

    def _match_at(self, text: str, toks: list[tuple[int, int, str]], i: int) -> tuple[int, GazetteerEntry] | None:
        key: list[str] = []
        best: tuple[int, GazetteerEntry] | None = None
        for j in range(i, min(len(toks), i + self._max_len)):
            if j > i and not _JOINABLE_GAP.match(text[toks[j - 1][1]:toks[j][0]]):
                break
            key.append(toks[j][2])
            t_key = tuple(key)
            found = self._forms.get(t_key)
            if found is None:
                if t_key not in self._prefixes:
                    break
                continue
            entry, exact = found
            if exact is not None and _squash(text[toks[i][0]:toks[j][1]]) != _squash(exact):
                continue
            best = (j + 1, entry)
        return best

    @staticmethod
    def _title_before(text: str, toks: list[tuple[int, int, str]], i: int, floor: int) -> int | None:
        """Index of the first token of a title ("Phó Chủ tịch", "Bộ trưởng, Chủ nhiệm") right before token i,
        not reaching back into the previous mention (which ends at `floor`)."""
        first: int | None = None
        k = i
        while True:
            found = None
            for title in TITLES:
                s = k - len(title)
                if s < 0 or toks[s][0] < floor or tuple(t[2] for t in toks[s:k]) != title:
                    continue
                if not _JOINABLE_GAP.match(text[toks[k - 1][1]:toks[k][0]]) or "." in text[toks[k - 1][1]:toks[k][0]]:
                    continue
                found = s
                break
            if found is None:
                break
            if found > 0 and toks[found - 1][2] == "pho" and toks[found - 1][0] >= floor and \
                    text[toks[found - 1][1]:toks[found][0]].strip() == "":
                found -= 1
            first = k = found
        if first is not None and first >= 2 and tuple(t[2] for t in toks[first - 2:first]) == ("dong", "chi") \
                and toks[first - 2][0] >= floor and text[toks[first - 1][1]:toks[first][0]].strip() == "":
            first -= 2  # "Đồng chí Bộ trưởng Bộ Y tế": the form of address goes with the title
        return first


# --- bodies outside the registry, recognised by their form ---------------------------------------------------
#: Words that head the name of a body: "Cục An toàn thông tin", "Vụ Kế hoạch - Tài chính", "Phòng Nội vụ",
#: "Trung tâm Công nghệ thông tin", "Văn phòng Bộ". The name runs on until a verb or a function word.
_HEADS = {tuple(h.split()) for h in ("cục", "vụ", "tổng cục", "trung tâm", "viện", "phòng", "văn phòng", "thanh tra",
                                      "học viện", "chi cục", "báo", "tạp chí", "bưu điện", "ban quản lý", "trường",
                                      "bệnh viện", "đài", "bộ tư lệnh", "bộ chỉ huy", "tổng công ty", "tập đoàn",
                                      "hiệp hội", "ngân hàng", "quỹ", "công ty", "công ty cổ phần", "ban",
                                      "bảo tàng", "thư viện", "khoa", "ủy ban", "nhà hát", "liên danh")}
_HEAD_FIRST_FOLDED = frozenset(fold_keep_length(h[0]) for h in _HEADS)
_ADMIN = {("xa",), ("phuong",), ("thi", "tran"), ("huyen",), ("quan",), ("thi", "xa"), ("thanh", "pho"),
          ("dac", "khu"), ("tinh",)}
_ADMIN_WORDS = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn", "huyen": "huyện", "quan": "quận",
                "thi xa": "thị xã", "thanh pho": "thành phố", "dac khu": "đặc khu", "tinh": "tỉnh"}
#: Lower-case words that may continue a body's name after its capitalised part ("Cục An toàn thông tin",
#: "Cục Chuyển đổi số quốc gia", "Văn phòng HĐND và UBND huyện"); a verb ("cử", "chủ trì") ends the name.
_NAME_WORDS = frozenset((
    "phủ", "gian", "thông", "tin", "quốc", "gia", "điện", "tử", "hành", "chính", "công", "xã", "hội", "dữ", "liệu", "số",
    "mạng", "học", "pháp", "chế", "tài", "nguyên", "môi", "trường", "chất", "lượng", "giáo", "dục", "quản", "lý",
    "an", "ninh", "toàn", "viễn", "bưu", "kinh", "tế", "kế", "hoạch", "đầu", "tư", "khoa", "nghệ", "nhà", "nước",
    "doanh", "nghiệp", "nông", "thôn", "văn", "hóa", "thể", "thao", "du", "lịch", "y", "trung", "ương", "đô",
    "thị", "thương", "mại", "cán", "bộ", "sở", "hữu", "trí", "tuệ", "cảnh", "sát", "thuế", "hải", "quan", "kho",
    "bạc", "thống", "kê", "lao", "động", "việc", "làm", "đất", "đai", "nhân", "dân", "huyện", "tỉnh", "quận",
    "trấn", "thành", "phố", "mầm", "non", "phổ", "đại", "cao", "đẳng", "nghề", "cơ", "kiến", "trúc", "hạ",
    "tầng", "truyền", "hình", "thanh", "báo", "chí", "dịch", "vụ", "tiêu", "chuẩn", "đo", "lường", "tần", "vô",
    "tuyến", "sự", "cố", "máy", "tính", "bảo", "hiểm", "đường", "sắt", "thủy", "nội", "địa", "hàng", "không",
    "lâm", "lợi", "sản", "vật", "phòng", "trị", "hộ", "tịch", "thủ", "tục", "chi", "nhánh", "sáng", "tạo", "chữa",
    "bệnh", "đổi", "trữ", "chức", "nuôi", "trọt", "thú", "vệ", "thực", "phẩm", "chứng", "điều", "minh", "triển", "toán", "hợp", "thư", "viện", "đình", "ảnh",
))
#: Two lower-case words that make a verb even where the first could continue a name ("Văn phòng Bộ bảo đảm").
_VERB_PAIRS = frozenset((("bảo", "đảm"), ("đảm", "bảo"), ("bảo", "vệ"), ("làm", "đầu"), ("làm", "rõ"), ("làm", "sạch"),
                         ("làm", "việc"), ("công", "khai"), ("mở", "rộng"), ("đưa", "vào"), ("thực", "hiện"),
                         ("thống", "nhất"), ("sản", "xuất"), ("tổng", "hợp"), ("triển", "khai")))
_SPEAKING_BOARDS = frozenset(("chi dao", "thuong vu", "chap hanh", "bi thu", "can su dang", "can su"))
#: Words that never continue a name right after its first word (verbs, function words).
_NEVER_IN_NAMES = frozenset(("hằng", "hàng", "định", "thường", "ngay", "kịp", "chậm", "đồng", "cùng", "khi", "nếu",
                             "để", "nhằm", "đôn", "làm", "nâng", "cập", "chủ", "phối", "khẩn", "tiếp", "có", "đã", "đang", "sẽ", "được", "là", "và", "của", "tại",
                             "trong", "theo", "với", "cho", "về", "cần", "phải", "cử", "báo", "trình", "đề", "rà",
                             "xây", "hoàn", "triển", "tổ", "thực", "hướng", "chỉ", "đẩy", "tăng", "bố", "sớm", "chịu",
                             "nghiên", "tham", "theo", "kiểm", "giám", "lập", "gửi", "hỗ", "ban", "thống", "ghi",
                             "đánh", "nhấn", "cho", "yêu", "đăng", "đưa", "mở", "nộp", "công"))
#: Verbs that open an action (the parser reads actions from them; an unknown name stops before them).
VERBS = (
    "xây dựng", "hoàn thiện", "hoàn thành", "triển khai", "kết nối", "rà soát", "nghiên cứu", "đề xuất", "báo cáo",
    "tổ chức", "thực hiện", "ban hành", "trình", "hướng dẫn", "chỉ đạo", "đôn đốc", "theo dõi", "cập nhật", "chia sẻ",
    "tích hợp", "số hóa", "bảo đảm", "đảm bảo", "phát triển", "nâng cấp", "vận hành", "tổng hợp", "đánh giá", "công bố",
    "cung cấp", "bố trí", "phân bổ", "cắt giảm", "đẩy mạnh", "tăng cường", "khẩn trương", "tiếp tục", "chủ động",
    "thống nhất", "xử lý", "khắc phục", "tuyên truyền", "đào tạo", "bồi dưỡng", "sửa đổi", "bổ sung", "ứng dụng",
    "làm sạch", "thí điểm", "lựa chọn", "chuẩn hóa", "đưa", "mở rộng", "hợp nhất", "quản lý", "xác thực", "đối soát",
    "sắp xếp", "kiểm tra", "giám sát", "chi trả", "thẩm định", "phê duyệt", "tập trung", "ưu tiên", "nâng cao", "gửi",
    "xác định", "huy động", "hỗ trợ", "thúc đẩy", "cấp", "thu thập", "tham mưu", "dự thảo", "soạn thảo", "lập",
)
#: Where an unknown body's name reaches its predicate: "Cục Văn thư và Lưu trữ nhà nước chủ trì ..." (the name
#: runs on in lower case words up to these two-word verbs).
_PREDICATE_STARTS = frozenset({("chủ", "trì"), ("phối", "hợp"), ("có", "trách"), ("chịu", "trách")}
                              | {tuple(v.split()) for v in VERBS if len(v.split()) == 2})
_ADMIN_WORDS_SET = frozenset(("huyện", "tỉnh", "quận", "xã", "phường", "thị", "trấn", "thành", "phố"))


_COMMITTEE_OF = re.compile(r"Ủy ban nhân dân (xã|phường|thị trấn|huyện|quận|thị xã|đặc khu) ")
_COMMITTEES_OF = re.compile(r"(?:Ủy ban nhân dân|UBND)\s+các\s+(xã|phường|huyện|quận)$", re.I)
_LIST_GAP = re.compile(r"\s*,\s*và\s+|\s*,\s*|\s+và\s+")


def _proper_name(text: str, pos: int) -> int:
    """End of the capitalised name (up to four words) starting at `pos`, or `pos` when none starts there."""
    end = pos
    for n, word in enumerate(re.finditer(r"\S+", text[pos:pos + 80])):
        w = word.group(0).rstrip(",.;:")
        if n >= 4 or not w or not (w[0].isupper() or w[0].isdigit()) or (n and text[pos + word.start() - 1] != " "):
            break
        end = pos + word.start() + len(w)
        if w != word.group(0):
            break
    return end


def _more_committees_of_a_kind(text: str, mentions: list[Mention]) -> list[Mention]:
    """People's Committees below the province named in a list that shares their level word: "UBND xã Hòa Vang,
    xã Bà Nà và xã Hùng Sơn", "Chủ tịch UBND các phường Hội An, Tam Kỳ và Điện Bàn"."""
    out: list[Mention] = []
    taken = {m.start for m in mentions}
    for found in mentions:
        m = found
        level = None
        plural = _COMMITTEES_OF.search(m.surface) if m.entry.kind == "collective" else None
        if plural and text[m.end:m.end + 1] == " " and (name_end := _proper_name(text, m.end + 1)) > m.end + 1:
            level = plural.group(1).lower()
            name = text[m.end + 1:name_end]
            m = Mention(m.start, name_end, text[m.start:name_end],
                        GazetteerEntry(f"Ủy ban nhân dân {level} {name}", "other", None, ()), m.title)
            plural_list = True
        else:
            single = _COMMITTEE_OF.match(m.entry.canonical)
            level = single.group(1) if single else None
            plural_list = False
        out.append(m)
        if level is None:
            continue
        end = m.end
        while (gap := _LIST_GAP.match(text, end)) is not None:
            pos = gap.end()
            if not plural_list:
                if not text.startswith(f"{level} ", pos):
                    break
                pos += len(level) + 1
            name_end = _proper_name(text, pos)
            start = gap.end()
            if name_end == pos or start in taken:
                break
            out.append(Mention(start, name_end, text[start:name_end],
                               GazetteerEntry(f"Ủy ban nhân dân {level} {text[pos:name_end]}", "other", None, ()), None))
            end = name_end
    return out


def _join_departments_of_provinces(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương": a department followed by the provinces it is in
    names those departments together, one collective lead as written."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and text[prev.end:m.start] == " " and prev.title is None and m.title is None
                and prev.entry.kind not in ("province", "city", "collective", "ministry", "company")
                and re.match(r"(?:tỉnh|thành phố|TP\.?)\s", m.surface) and m.entry.kind in ("province", "city")
                and not re.search(r"(?:tỉnh|thành phố|TP\.?)\s", prev.surface)):
            # "Sở Khoa học và Công nghệ tỉnh Quảng Trị": the department of that province, one body
            surface = text[prev.start:m.end]
            name = f"{prev.entry.canonical} {m.surface.replace('TP.', 'thành phố').replace('TP ', 'thành phố ')}"
            out[-1] = Mention(prev.start, m.end, surface, GazetteerEntry(name, prev.entry.kind, None, (surface,)), None)
            continue
        if (prev is not None and m.entry.kind == "collective" and text[prev.end:m.start] == " "
                and re.match(r"(?:Sở|Công an|Văn phòng|Bảo hiểm xã hội|BHXH|Kho bạc|Cục Thuế|Thanh tra)\s?",
                             prev.surface) and prev.title is None
                and re.match(r"các (?:tỉnh|địa phương)", m.surface, re.I)):
            surface = text[prev.start:m.end]
            out[-1] = Mention(prev.start, m.end, surface, GazetteerEntry(surface, "collective", None, (surface,)), None)
            continue
        out.append(m)
    return out


def _starts_body(text: str, toks: list[tuple[int, int, str]], k: int) -> bool:
    """Whether token k opens the name of another body ("Tập đoàn ...", "Bộ ...", "Cục ...")."""
    words = [text[a:b].lower() for a, b, _ in toks[k:k + 3]]
    return any(tuple(words[:len(h)]) == h for h in _HEADS) or words[:1] in (["bộ"], ["ủy"], ["ubnd"], ["sở"])


def _provincial_body_at(text: str, toks: list[tuple[int, int, str]], i: int,
                        joined: Callable[[int, int], bool]) -> tuple[int, GazetteerEntry] | None:
    """ "Công an tỉnh Lâm Đồng", "Văn phòng UBND thành phố Hải Phòng": a body of a named province."""
    n = len(toks)
    if toks[i][2] not in _BODY_FIRST:
        return None
    for length in range(min(_BODY_MAX, n - i), 0, -1):
        body = _BODY_FORMS.get(tuple(t[2] for t in toks[i:i + length]))
        if body is None:
            continue
        j = i + length
        admin = _seq(toks, j, {("tinh",), ("thanh", "pho"), ("tp",)}) if j < n and joined(j - 1, j) else 0
        if not admin:
            return None
        k = start = j + admin
        while k < n and k - start < 4 and _cap(text, toks[k]) and joined(k - 1, k) and not _person_at(text, toks, k, start):
            k += 1
        while k > start and " ".join(t[2] for t in toks[start:k]) not in _province_names():
            k -= 1  # "Chủ tịch HĐND tỉnh Võ Thành Nhân": a person's name, not a province's
        if k == start:
            return None
        word = "thành phố" if toks[j][2] in ("thanh", "tp") else "tỉnh"
        name = " ".join(text[a:b] for a, b, _ in toks[start:k])
        return k, GazetteerEntry(f"{body} {word} {name}", "other", None, ())
    return None


#: Family names: a place name runs on into a person's name when a title precedes ("Chủ tịch UBND huyện Lệ Thủy
#: Trương Quốc Bảo"); a surname after two words of a place, followed by a capitalised word, starts the person.
_SURNAMES = frozenset(("nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho",
                       "ngo", "duong", "ly", "truong", "dinh", "mai", "lam", "to", "ha", "cao", "luong", "trinh", "doan",
                       "chu", "quach", "ta", "luu", "kieu", "thai", "vuong", "nong", "lo", "hua", "ton", "ma", "giang"))


@lru_cache(maxsize=1)
def _province_names() -> frozenset[str]:
    """Folded names of provinces and cities, current and former (as tokens joined by spaces)."""
    from dxmonitor.orgs.reference import iter_units

    return frozenset(" ".join(tokens_of(name)) for kind in ("province", "city") for u in iter_units(kind=kind)
                     for name in (u.name, *u.former_names))


def is_surname(word: str) -> bool:
    """Whether a word is a common Vietnamese family name ("Trương", "Nguyễn")."""
    return fold_keep_length(word).lower() in _SURNAMES


def _person_at(text: str, toks: list[tuple[int, int, str]], k: int, start: int) -> bool:
    return (k - start >= 2 and toks[k][2] in _SURNAMES and k + 1 < len(toks) and _cap(text, toks[k + 1])
            and not text[toks[k][1]:toks[k + 1][0]].strip())


def _cap(text: str, tok: tuple[int, int, str]) -> bool:
    ch = text[tok[0]]
    return ch.isupper() or ch.isdigit()


def _seq(toks: list[tuple[int, int, str]], j: int, words: set[tuple[str, ...]]) -> int:
    """Length of the longest entry of `words` starting at token j, or 0."""
    best = 0
    for w in words:
        if tuple(t[2] for t in toks[j:j + len(w)]) == w:
            best = max(best, len(w))
    return best


def _pattern_at(text: str, toks: list[tuple[int, int, str]], i: int) -> tuple[int, GazetteerEntry] | None:
    """A body not in the registry, named by its form: "Ủy ban nhân dân xã Bát Tràng", "UBND thành phố Hạ Long"
    (a People's Committee below the province), or a head word and a capitalised name ("Cục An toàn thông tin",
    "Vụ Kế hoạch - Tài chính", "Phòng Tài chính - Kế hoạch", "Trung tâm Viettel Gia Lâm")."""
    n = len(toks)

    def joined(a: int, b: int) -> bool:
        gap = text[toks[a][1]:toks[b][0]]
        return bool(_JOINABLE_GAP.match(gap)) and "," not in gap and "\n" not in gap and ". " not in gap

    committee = 4 if tuple(t[2] for t in toks[i:i + 4]) == ("uy", "ban", "nhan", "dan") else \
        1 if toks[i][2] == "ubnd" and text[toks[i][0]:toks[i][1]] == "UBND" else 0
    if committee:
        j = i + committee
        admin = _seq(toks, j, _ADMIN) if j < n and joined(j - 1, j) else 0
        if not admin:
            return None
        k = j + admin
        start = k
        while k < n and k - start < 5 and _cap(text, toks[k]) and joined(k - 1, k) and not _person_at(text, toks, k, start):
            k += 1
        if k == start:
            return None
        word = _ADMIN_WORDS[" ".join(t[2] for t in toks[j:j + admin])]
        name = " ".join(text[a:b] for a, b, _ in toks[start:k])
        return k, GazetteerEntry(f"Ủy ban nhân dân {word} {name}", "other", None, ())
    body = _provincial_body_at(text, toks, i, joined)
    if body is not None:
        return body
    if toks[i][2] not in _HEAD_FIRST_FOLDED:
        return None
    words = [text[a:b].lower() for a, b, _ in toks[i:i + 3]]  # with diacritics: "Trường" is not "Trưởng"
    head = max((len(h) for h in _HEADS if tuple(words[:len(h)]) == h), default=0)
    first = text[toks[i][0]:toks[i][1]]
    if not head or not first[:1].isupper() or (len(first) > 1 and first.isupper()):
        return None  # a title-case head word; "THÔNG BÁO" is a heading
    k = i + head
    if k >= n or not joined(k - 1, k):
        return None
    if not _cap(text, toks[k]) and not _seq(toks, k, _ADMIN):
        return None
    name_start = k
    while k < n and k - i < 14 and (joined(k - 1, k) or (
            k > name_start and text[toks[k - 1][1]:toks[k][0]].strip() == ","
            and (text[toks[k][0]:toks[k][1]] in _NAME_WORDS or _comma_in_name(text, toks, k)))):
        word = text[toks[k][0]:toks[k][1]]
        if _cap(text, toks[k]):
            k += 1
            continue
        if k + 1 < n and (word, text[toks[k + 1][0]:toks[k + 1][1]]) in _VERB_PAIRS:
            break
        first_word = text[toks[name_start][0]:toks[name_start][1]]
        if k == name_start + 1 and word.lower() not in _NEVER_IN_NAMES and first_word != "Bộ" \
                and not (len(first_word) > 1 and (first_word.isupper() or any(c.isdigit() for c in first_word))):
            k += 1  # the name's first word is often two syllables, the second in lower case: "Chiến lược", "Tổ chức"
            continue
        if word == "và" and k + 1 < n and joined(k, k + 1) and (
                (_cap(text, toks[k + 1]) and (not _starts_body(text, toks, k + 1)
                                              or text[toks[k - 1][0]:toks[k - 1][1]] in ("HĐND", "dân")))
                or text[toks[k + 1][0]:toks[k + 1][1]] in _NAME_WORDS):
            k += 1  # "Phòng Văn hóa và Thông tin"; not "Cục X và Tập đoàn Y"
            continue
        if k > name_start and text[toks[k - 1][1]:toks[k][0]].strip() == "," and word in _NAME_WORDS \
                and "\n" not in text[toks[k - 1][1]:toks[k][0]]:
            k += 1  # "Cục Phát thanh, truyền hình và thông tin điện tử"
            continue
        if word.lower() in _NAME_WORDS:
            k += 1
            continue
        break
    k = _to_predicate(text, toks, k, i + head)
    if k - i <= head:
        return None
    if words[0] == "ban" and fold_keep_length(" ".join(text[a:b] for a, b, _ in toks[i + head:k])).lower() in _SPEAKING_BOARDS:
        return None  # "Ban Chỉ đạo", "Ban Thường vụ" unnamed: the meeting's own board speaking, not a body assigned
    name = re.sub(r"\s+", " ", text[toks[i][0]:toks[k - 1][1]])
    for short, full in _SPELLED_OUT:
        name = re.sub(rf"(?<![\wÀ-ỹ]){short}(?![\wÀ-ỹ])", full, name)
    return k, GazetteerEntry(name, "other", None, ())


def _comma_in_name(text: str, toks: list[tuple[int, int, str]], k: int) -> bool:
    """ "Cục Khoa học, Công nghệ và Thông tin": after a comma, a capitalised word of the kind names are made of
    that opens no body, and a "và" with another such word within four words, continue one name (a list of
    bodies repeats its heads; "Bưu điện tỉnh, VNPT Phú Thọ và Viettel Phú Thọ" is three)."""
    def name_word(j: int) -> bool:
        return _cap(text, toks[j]) and text[toks[j][0]:toks[j][1]].lower() in _NAME_WORDS \
            and not _starts_body(text, toks, j)

    if not name_word(k):
        return False
    for j in range(k + 1, min(k + 5, len(toks) - 1)):
        gap = text[toks[j - 1][1]:toks[j][0]]
        if gap.strip():
            return False
        if text[toks[j][0]:toks[j][1]] == "và":
            return not text[toks[j][1]:toks[j + 1][0]].strip() and name_word(j + 1)
    return False


def _to_predicate(text: str, toks: list[tuple[int, int, str]], k: int, name_start: int) -> int:
    """Where a name read by its form stopped before lower-case words that run, unbroken, into its predicate
    ("Cục Công nghệ thông tin và Chuyển đổi số chủ trì"), the name takes those words (at most three)."""
    n = len(toks)
    if k >= n or k <= name_start or not any(_cap(text, t) for t in toks[name_start:k]):
        return k
    for j in range(k, min(k + 3, n - 1)):
        gap = text[toks[j - 1][1]:toks[j][0]]
        word = text[toks[j][0]:toks[j][1]]
        if gap.strip() or _cap(text, toks[j]) or word in _NEVER_IN_NAMES \
                or (word.lower(), text[toks[j + 1][0]:toks[j + 1][1]].lower()) in _PREDICATE_STARTS:
            return k  # "... thông minh tỉnh kết nối camera giám sát": the predicate began at "kết nối"
        following = (text[toks[j + 1][0]:toks[j + 1][1]].lower(),
                     text[toks[j + 2][0]:toks[j + 2][1]].lower() if j + 2 < n else "")
        if following in _PREDICATE_STARTS and not text[toks[j][1]:toks[j + 1][0]].strip():
            return j + 1
    return k


def _squash(text: str) -> str:
    return re.sub(r"[\s.]+", "", text)


def _province_entries(on: dt.date) -> list[GazetteerEntry]:
    from dxmonitor.orgs.reference import iter_units

    units = [u for kind in ("province", "city") for u in iter_units(kind=kind)]
    # Units valid on the date come first, so a name shared by an old and a new unit links to the valid one.
    units.sort(key=lambda u: not u.valid_on(on))
    out = []
    for unit in units:
        word = "thành phố" if unit.kind == "city" else "tỉnh"
        canonical = f"Ủy ban nhân dân {word} {unit.name}"
        if unit.code == "46" and on < HUE_CITY_FROM:
            canonical = "Ủy ban nhân dân tỉnh Thừa Thiên Huế"  # a province until it became a city
        names = [unit.name, *unit.former_names]
        forms, loose = [], []
        words = (word, "TP", "thành phố", "tỉnh") if unit.kind == "city" else (word,)
        for name in names:
            for w in words:
                forms += [f"Ủy ban nhân dân {w} {name}", f"UBND {w} {name}"]
                loose.append(f"{w} {name}")
            forms += [f"UBND {name}", f"Ủy ban nhân dân {name}"]
            loose.append(name)  # "đề nghị Hà Nội và TP. HCM tiếp tục ...": only after a trigger or in a list
        for abbr in unit.abbreviations:
            if " " in abbr or "." in abbr or len(abbr) > 4:
                loose.append(abbr)
                forms.append(f"UBND {abbr}")
        code = unit.code if unit.valid_on(on) else None
        out.append(GazetteerEntry(canonical, "province", code, tuple(forms)))
        out.append(GazetteerEntry(canonical, "province", code, tuple(loose), subject_ok=False))
    return out


def _ministry_entries(on: dt.date) -> list[GazetteerEntry]:
    from dxmonitor.orgs.reference import iter_units

    units = [u for kind in ("ministry", "ministry_agency", "government_agency") for u in iter_units(kind=kind)]
    units.sort(key=lambda u: not u.valid_on(on))
    out = []
    for unit in units:
        forms = [unit.name, *unit.former_names]
        exact = []
        bare = unit.name[len("Bộ "):] if unit.name.startswith("Bộ ") else None
        if bare:
            forms.append(f"Bộ trưởng {bare}")
        for abbr in unit.abbreviations:
            if abbr in _FOREIGN_ACRONYMS:
                continue
            if " " in abbr or "-" in abbr or "&" in abbr:
                forms.append(abbr)
            else:
                exact.append(abbr)
        if unit.code == "NHNN":
            exact += ["NHNN Việt Nam"]
        if unit.code == "BHXH":
            forms += ["Bảo hiểm xã hội VN"]
        out.append(GazetteerEntry(unit.name, "ministry", unit.code if unit.valid_on(on) else None,
                                  tuple(forms), tuple(exact)))
    return out


#: Bodies that communes and wards have too ("Công an xã", "Trung tâm Phục vụ hành chính công phường").
_COMMUNE_BODIES = frozenset(("Công an", "Trung tâm Phục vụ hành chính công", "Ban Chỉ huy Quân sự"))
#: Bodies of a province, named "<body> tỉnh [X]" or "<body> thành phố [X]" (the province's own notices
#: usually leave X out). Listed with their short forms.
PROVINCIAL_BODIES: dict[str, tuple[str, ...]] = {
    "Văn phòng Ủy ban nhân dân": ("Văn phòng Ủy ban nhân dân", "Văn phòng UBND"),
    "Ủy ban nhân dân": ("Ủy ban nhân dân", "UBND"),
    "Hội đồng nhân dân": ("Hội đồng nhân dân", "HĐND"),
    "Thường trực Hội đồng nhân dân": ("Thường trực Hội đồng nhân dân", "Thường trực HĐND"),
    "Đảng đoàn Hội đồng nhân dân": ("Đảng đoàn Hội đồng nhân dân", "Đảng đoàn HĐND"),
    "Đảng ủy Công an": ("Đảng ủy Công an", "Đảng uỷ Công an"),
    "Đảng ủy Quân sự": ("Đảng ủy Quân sự", "Đảng uỷ Quân sự"),
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân": (
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân", "Văn phòng Đoàn ĐBQH và HĐND"),
    "Công an": ("Công an",),
    "Bộ Chỉ huy Quân sự": ("Bộ Chỉ huy Quân sự", "Bộ CHQS"),
    "Ủy ban Mặt trận Tổ quốc Việt Nam": ("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam", "Ủy ban MTTQ VN",
                                          "UBMTTQ Việt Nam", "Ủy ban MTTQ", "Mặt trận Tổ quốc Việt Nam"),
    "Thanh tra": ("Thanh tra",),
    "Bảo hiểm xã hội": ("Bảo hiểm xã hội", "BHXH"),
    "Kho bạc Nhà nước": ("Kho bạc Nhà nước", "KBNN"),
    "Cục Thuế": ("Cục Thuế",),
    "Đài Phát thanh và Truyền hình": ("Đài Phát thanh và Truyền hình", "Đài PT-TH", "Đài PTTH"),
    "Ban Quản lý các khu công nghiệp": ("Ban Quản lý các khu công nghiệp", "Ban Quản lý các KCN"),
    "Ban Quản lý Khu kinh tế": ("Ban Quản lý Khu kinh tế", "Ban Quản lý KKT"),
    "Trung tâm Phục vụ hành chính công": ("Trung tâm Phục vụ hành chính công",),
    "Ban Dân tộc": ("Ban Dân tộc",),
    "Liên đoàn Lao động": ("Liên đoàn Lao động",),
    "Hội Liên hiệp Phụ nữ": ("Hội Liên hiệp Phụ nữ",),
    "Hội Nông dân": ("Hội Nông dân",),
    "Hội Cựu chiến binh": ("Hội Cựu chiến binh",),
    "Ban Tuyên giáo và Dân vận": ("Ban Tuyên giáo và Dân vận",),
    "Ban Tổ chức": ("Ban Tổ chức",),
    "Văn phòng": ("Văn phòng",),
    "Ban Thường vụ": ("Ban Thường vụ",),
}
_BODY_FORMS = {tokens_of(f): body for body, forms in PROVINCIAL_BODIES.items() for f in forms
               if body not in ("Ủy ban nhân dân", "Văn phòng", "Ban Thường vụ", "Ban Tổ chức")}
_BODY_MAX = max(len(k) for k in _BODY_FORMS)
_BODY_FIRST = frozenset(k[0] for k in _BODY_FORMS)
#: Bodies named after their committee: "Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy", "Tỉnh đoàn".
PARTY_COMMITTEES = ("Tỉnh ủy", "Thành ủy", "Tỉnh uỷ", "Thành uỷ")
#: Departments of a province with no ministry of the same name.
EXTRA_SECTORS = ("Ngoại vụ", "Du lịch", "Văn hóa và Thể thao", "Văn hóa, Thể thao và Du lịch", "Giao thông vận tải",
                 "Lao động - Thương binh và Xã hội", "Tài nguyên và Môi trường", "Kế hoạch và Đầu tư",
                 "Thông tin và Truyền thông", "Nông nghiệp và Phát triển nông thôn", "Dân tộc và Tôn giáo")


def _sectors() -> dict[str, list[str]]:
    """{sector name: its written forms}: every ministry's name without "Bộ", with the short forms its
    abbreviations give ("Bộ TT&TT" -> "TT&TT")."""
    from dxmonitor.orgs.reference import iter_units

    out: dict[str, list[str]] = {name: [name] for name in EXTRA_SECTORS}
    for unit in iter_units(kind="ministry"):
        if not unit.name.startswith("Bộ "):
            continue
        bare = unit.name[len("Bộ "):]
        forms = out.setdefault(bare, [bare])
        for abbr in unit.abbreviations:
            if abbr.startswith("Bộ ") and ("&" in abbr or "-" in abbr):
                forms.append(abbr[len("Bộ "):])
    return out


def _local_entries(on: dt.date) -> list[GazetteerEntry]:
    """Departments (Sở), bodies of a province and Party committees of the ministries, from the registry."""
    from dxmonitor.orgs.reference import iter_units

    provinces = [u for kind in ("province", "city") for u in iter_units(kind=kind)]
    provinces.sort(key=lambda u: not u.valid_on(on))
    places: list[tuple[str, list[str]]] = []  # (canonical place, its written forms)
    for unit in provinces:
        word = "thành phố" if unit.kind == "city" else "tỉnh"
        written = [f"{w} {name}" for name in (unit.name, *unit.former_names)
                   for w in ((word, "TP") if unit.kind == "city" else (word,))]
        places.append((f"{word} {unit.name}", written))
    out: list[GazetteerEntry] = []
    sectors = _sectors()
    for sector, sector_forms in sectors.items():
        out.append(GazetteerEntry(f"Sở {sector}", "other", None, tuple(f"Sở {f}" for f in sector_forms)))
        out.append(GazetteerEntry(f"các Sở {sector}", "collective", None,
                                  tuple(f"các {w} {f}" for w in ("Sở", "sở") for f in sector_forms)))
    for body, body_forms in PROVINCIAL_BODIES.items():
        every = tuple(f"{f} các {p}" for f in body_forms if f not in {"Ủy ban nhân dân", "UBND"}
                      for p in ("tỉnh, thành phố", "tỉnh, thành phố trực thuộc Trung ương", "tỉnh", "địa phương"))
        if every:  # "Công an các tỉnh, thành phố trực thuộc Trung ương": one collective lead, as written
            out.append(GazetteerEntry(f"{body} các tỉnh, thành phố", "collective", None, every, as_written=True))
        levels = ("tỉnh", "thành phố", "huyện", "quận", "thị xã") + (
            ("xã", "phường", "đặc khu") if body in _COMMUNE_BODIES else ())
        for word in levels:
            spellings = (word, "TP") if word == "thành phố" else (word,)
            out.append(GazetteerEntry(f"{body} {word}", "other", None,
                                      tuple(f"{f} {w}" for f in body_forms for w in spellings)))
    for committee in PARTY_COMMITTEES:
        canonical = committee.replace("uỷ", "ủy")
        out.append(GazetteerEntry(canonical, "party", None, (committee, f"Ban Thường vụ {committee}")))
        for body in ("Văn phòng", "Ban Tổ chức", "Ban Tuyên giáo và Dân vận", "Ủy ban Kiểm tra", "Ban Nội chính"):
            out.append(GazetteerEntry(f"{body} {canonical}", "party", None, (f"{body} {committee}",)))
    for company, company_forms in COMPANIES.items():  # "Viettel Bình Định", "VNPT Lâm Đồng": a branch, as written
        short = [f for f in company_forms if " " not in f]
        for canonical_place, written in places:
            place = canonical_place.split(" ", 1)[1] if canonical_place.startswith("tỉnh ") else canonical_place
            names = [w.split(" ", 1)[1] if w.startswith("tỉnh ") else w for w in written]
            out.append(GazetteerEntry(f"{short[0] if short else company} {place.removeprefix('thành phố ')}",
                                      "company", None,
                                      tuple(f"{f} {n}" for f in short
                                            for n in {*names, *(x.removeprefix("thành phố ").removeprefix("TP ")
                                                                for x in names)}), as_written=True))
    for body in ("Tỉnh đoàn", "Thành đoàn"):
        out.append(GazetteerEntry(body, "other", None, (body,)))
    for unit in [u for kind in ("ministry", "ministry_agency", "government_agency") for u in iter_units(kind=kind)]:
        names = [unit.name, *unit.former_names,
                 *(a for a in unit.abbreviations if a not in _FOREIGN_ACRONYMS and (" " in a or "&" in a))]
        for prefix in ("Đảng ủy", "Đảng uỷ", "Ban cán sự đảng", "Ban Cán sự đảng"):
            canonical = f"{prefix.replace('uỷ', 'ủy').replace('Ban Cán', 'Ban cán')} {unit.name}"
            out.append(GazetteerEntry(canonical, "party", None, tuple(f"{prefix} {n}" for n in names)))
    return out


#: Bodies of the other list renamed by the 2025 reorganisation of the Government's apparatus (the general
#: departments of the Ministry of Finance became departments from 1 March 2025): named as on the document's date.
_RENAMED = {"Tổng cục Thuế": (dt.date(2025, 3, 1), "Cục Thuế"),
            "Tổng cục Hải quan": (dt.date(2025, 3, 1), "Cục Hải quan"),
            "Tổng cục Thống kê": (dt.date(2025, 3, 1), "Cục Thống kê")}


def static_entries(on: dt.date | None = None) -> list[GazetteerEntry]:
    """Collectives, Party and Assembly bodies, the PM and partner companies (not in the units registry), named
    as on `on` (today when not given)."""
    on = on or dt.datetime.now(dt.UTC).date()
    out = []
    for canonical, forms in COLLECTIVES.items():
        titled = tuple(f for f in forms if _TITLED_COLLECTIVE.search(f))
        out.append(GazetteerEntry(canonical, "collective", None, titled))
        plain = tuple(f for f in forms if f not in titled)
        related = tuple(f"{f} liên quan" for f in plain if not f.endswith("liên quan"))
        out.append(GazetteerEntry(canonical, "collective", None, plain + related, as_written=True))
    for canonical, (kind, forms) in OTHER_BODIES.items():
        since, renamed = _RENAMED.get(canonical, (None, canonical))
        name = renamed if since is not None and on >= since else canonical
        exact = tuple(f for f in forms if f.isupper() and " " not in f)
        out.append(GazetteerEntry(name, kind, None, tuple(f for f in forms if f not in exact), exact))
    for canonical, forms in COMPANIES.items():
        out.append(GazetteerEntry(canonical, "company", None, tuple(f for f in forms if " " in f),
                                  tuple(f for f in forms if " " not in f)))
    return out


@lru_cache(maxsize=64)
def _reference_gazetteer(on: dt.date) -> Gazetteer:
    # Registry bodies first: they win a form shared with a static entry ("Chính phủ" is not "Văn phòng Chính phủ").
    return Gazetteer.from_entries([*_ministry_entries(on), *_province_entries(on), *static_entries(on),
                                   *_local_entries(on)])
