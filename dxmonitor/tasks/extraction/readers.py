"""Reading a notice's text from a file: .txt, .docx (python-docx) or .pdf with a text layer (pypdf), as NFC."""

from __future__ import annotations

from pathlib import Path

from dxmonitor.core.text import nfc

SUFFIXES = (".txt", ".docx", ".pdf")


class UnreadableDocument(ValueError):
    """The file cannot give text: wrong type, damaged, not UTF-8, or a PDF without a text layer."""


def read_document(path: Path | str) -> str:
    """The text of a notice; raises UnreadableDocument with a message naming the file and the reason."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableDocument(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return nfc(_docx(path))
    if suffix == ".pdf":
        return nfc(_pdf(path))
    if suffix not in ("", ".txt", ".text", ".md"):
        raise UnreadableDocument(f"{path}: unsupported file type {suffix!r} (use .txt, .docx or .pdf)")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return nfc(data.decode(encoding))
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(f"{path}: not UTF-8 text (byte {exc.start})") from None
    raise UnreadableDocument(f"{path}: not UTF-8 text")


def _docx(path: Path) -> str:
    from docx import Document

    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged package
        raise UnreadableDocument(f"{path}: not a readable .docx file ({type(exc).__name__})") from None
    parts = [p.text for p in doc.paragraphs]
    # Notices often put the numbered tasks in a table; read cells row by row.
    for table in doc.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text not in cells:
                    cells.append(cell.text)
            parts.append(" ".join(cells))
    return "\n".join(parts)


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise UnreadableDocument(f"{path}: not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableDocument(f"{path}: the PDF has no text layer (a scan); run OCR first or paste the text")
    return text
