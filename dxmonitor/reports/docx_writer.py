"""Writing a report as DOCX laid out as Decree 30/2020/NĐ-CP requires (python-docx)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dxmonitor.reports.content import ReportContent, Table

FONT = "Times New Roman"


def _style(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    # Decree 30 margins: top and bottom 2-2.5 cm, left 3-3.5 cm, right 1.5-2 cm.
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int | None = None,
         underline: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tbl_pr.append(borders)


def _header(doc: DocxDocument, content: ReportContent) -> None:
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(6.0), Cm(10.0)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.0), Cm(10.0)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, content.issuing_parent.upper(), size=13)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, content.issuing_body.upper(), bold=True, size=13)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, underline=True)
    left2, right2 = table.rows[1].cells
    p = left2.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, f"Số: {content.number_symbol}", size=13)
    p = right2.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, f"{content.place}, {content.date_text}", italic=True, size=14)


def _table(doc: DocxDocument, table: Table) -> None:
    caption = doc.add_paragraph()
    _run(caption, table.caption + (f" [{table.ref}]" if table.ref else ""), bold=True, size=13)
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = ""
        _run(cell.paragraphs[0], text, bold=True, size=12)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _run(cell.paragraphs[0], text, size=12)


def write_docx(content: ReportContent, path: Path) -> Path:
    doc = Document()
    _style(doc)
    _header(doc, content)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    _run(title, content.title, bold=True, size=14)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(sub, content.subtitle, bold=True, size=14)

    for section in content.sections:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        _run(heading, section.heading, bold=True)
        for text in section.paragraphs:
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            para.paragraph_format.first_line_indent = Cm(1)
            _run(para, text)
        for table in section.tables:
            _table(doc, table)

    doc.add_paragraph()
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    sign.autofit = False
    sign.columns[0].width, sign.columns[1].width = Cm(8.0), Cm(8.0)
    sign.rows[0].cells[0].width, sign.rows[0].cells[1].width = Cm(8.0), Cm(8.0)
    left, right = sign.rows[0].cells
    p = left.paragraphs[0]
    _run(p, "Nơi nhận:", bold=True, italic=True, size=12)
    for recipient in content.recipients:
        _run(left.add_paragraph(), f"- {recipient};", size=11)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, content.signer_title.upper(), bold=True, size=14)
    for _ in range(3):
        right.add_paragraph()
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, content.signer_name, bold=True, size=14)

    if content.figures:
        doc.add_page_break()
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(head, "PHỤ LỤC: NGUỒN CỦA CÁC SỐ LIỆU", bold=True)
        _table(doc, Table(
            caption="Mỗi số liệu trong báo cáo được đánh số [n] và truy được về truy vấn sinh ra nó.",
            header=["[n]", "Số liệu", "Giá trị", "Truy vấn", "Tham số"],
            rows=[[str(f.ref), f.label, f.text, f.query, ", ".join(f"{k}={v}" for k, v in f.params.items())]
                  for f in content.figures],
        ))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
