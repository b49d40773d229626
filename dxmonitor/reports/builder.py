"""Composing a report's content from its template and the data, and writing its files (DOCX, PDF, XLSX)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from dxmonitor.core.time import today_vn
from dxmonitor.reports import sources
from dxmonitor.reports.content import ReportContent
from dxmonitor.reports.periods import Period

#: Defaults for each kind; the secretariat edits them as `ReportTemplate` rows.
DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "national": {
        "title": "BÁO CÁO",
        "subtitle_pattern": "Kết quả thực hiện chuyển đổi số quốc gia {period}",
        "issuing_parent": "Ban Chỉ đạo của Chính phủ",
        "issuing_body": "Tổ giúp việc",
        "number_pattern": "     /BC-TGV",
        "place": "Hà Nội",
        "signer_title": "TM. Tổ giúp việc\nTổ trưởng",
        "signer_name": "",
        "recipients": "Thủ tướng Chính phủ (để b/c)\nCác Phó Thủ tướng Chính phủ\nThành viên Ban Chỉ đạo\nLưu: VT, TGV",
    },
    "unit": {
        "title": "BÁO CÁO",
        "subtitle_pattern": "Kết quả thực hiện chuyển đổi số của {unit} {period}",
        "issuing_parent": "Ban Chỉ đạo của Chính phủ",
        "issuing_body": "Tổ giúp việc",
        "number_pattern": "     /BC-TGV",
        "place": "Hà Nội",
        "signer_title": "TM. Tổ giúp việc\nTổ trưởng",
        "signer_name": "",
        "recipients": "{unit}\nThành viên Ban Chỉ đạo\nLưu: VT, TGV",
    },
    "brief": {
        "title": "BÁO CÁO TÓM TẮT",
        "subtitle_pattern": "Phục vụ phiên họp Ban Chỉ đạo — tình hình {period}",
        "issuing_parent": "Ban Chỉ đạo của Chính phủ",
        "issuing_body": "Tổ giúp việc",
        "number_pattern": "     /BC-TGV",
        "place": "Hà Nội",
        "signer_title": "TM. Tổ giúp việc\nTổ trưởng",
        "signer_name": "",
        "recipients": "Thành viên Ban Chỉ đạo\nLưu: VT, TGV",
    },
}


def compose(*, kind: str, period: Period, unit_code: str | None, unit_name: str | None,
            template: dict[str, str]) -> ReportContent:
    today = today_vn()
    subject = unit_name or ""
    content = ReportContent(
        kind=kind,
        period_code=period.code,
        title=template["title"],
        subtitle=template["subtitle_pattern"].format(period=period.label_vi, unit=subject).strip(),
        issuing_body=template["issuing_body"],
        issuing_parent=template["issuing_parent"],
        number_symbol=template["number_pattern"],
        place=template["place"],
        date_text=f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
        signer_title=template["signer_title"],
        signer_name=template["signer_name"],
        recipients=[r.strip().format(unit=subject) for r in template["recipients"].splitlines() if r.strip()],
        unit_code=unit_code,
    )
    sources.fill(content, period, unit_code)
    return content


def write_xlsx(content: ReportContent, path: Path) -> Path:
    """The annexes: every table in full, and the sources of every figure."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nguon so lieu"
    ws.append(["[n]", "Số liệu", "Giá trị", "Truy vấn", "Tham số"])
    for f in content.figures:
        ws.append([f.ref, f.label, f.value if isinstance(f.value, int | float) else f.text, f.query,
                   ", ".join(f"{k}={v}" for k, v in f.params.items())])
    n = 0
    for section in content.sections:
        for table in section.tables:
            n += 1
            sheet = wb.create_sheet(f"Phu luc {n}")
            sheet.append([table.caption])
            sheet["A1"].font = Font(bold=True)
            sheet.append(table.header)
            for row in table.rows:
                sheet.append(row)
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (`make install` installs it)."""


def write_pdf(docx_path: Path, pdf_path: Path) -> Path:
    """The PDF of the same document, by LibreOffice headless (Debian's libreoffice-writer)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="dxm-lo-") as tmp:
        # A private profile per conversion: concurrent conversions must not share one.
        subprocess.run(  # noqa: S603 - fixed program, our own paths
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )
        produced = Path(tmp) / (docx_path.stem + ".pdf")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf_path)
    return pdf_path
