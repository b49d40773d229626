"""Reading a CSV upload safely: size, encoding, header and ragged rows are checked, then rows stream in batches."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv

from dxmonitor.core.text import nfc
from dxmonitor.platforms.quality.rules import QualityInputError

#: The limit of the upload path; the CLI may raise it with --max-mb.
UPLOAD_MAX_BYTES = 50 * 1024 * 1024
#: Bytes per Arrow block: about 60,000 rows of a typical person file; bounds the memory of one chunk.
BLOCK_SIZE = 4 * 1024 * 1024
_SCAN_BLOCK = 1024 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class CsvInput:
    """What is known about the file before its rows are read."""

    size: int
    bom: bool
    header: list[str]  # NFC, trimmed
    raw_header: list[str] = field(repr=False, default_factory=list)

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.bom else "utf-8"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_size(size: int, max_bytes: int | None) -> None:
    if size == 0:
        raise QualityInputError("file: empty (0 bytes); expected a CSV with a header line")
    if max_bytes is not None and size > max_bytes:
        raise QualityInputError(
            f"file: {_mb(size)} is over the size limit of {_mb(max_bytes)}; split the file, or on the command "
            "line raise the limit with --max-mb"
        )


def scan_utf8(stream: BinaryIO) -> bool:
    """Fail with the byte offset and line of the first byte that is not UTF-8; True when the file has a BOM."""
    stream.seek(0)
    head = stream.read(4)
    if head.startswith(_UTF16_BOMS):
        raise QualityInputError("file: the text is UTF-16, not UTF-8; save it as \"CSV UTF-8\"")
    bom = head.startswith(codecs.BOM_UTF8)
    stream.seek(0)
    offset = 0  # file offset of data[0]
    lines = 1  # line number at data[0]
    carry = b""
    while True:
        block = stream.read(_SCAN_BLOCK)
        data = carry + block
        if not data:
            return bom
        try:
            data.decode("utf-8")
            good = len(data)
        except UnicodeDecodeError as exc:
            # A sequence cut by the block end is completed by the next block.
            if block and exc.end == len(data) and exc.reason == "unexpected end of data":
                good = exc.start
            else:
                line = lines + data.count(b"\n", 0, exc.start)
                column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
                bad = data[exc.start]
                raise QualityInputError(
                    f"file: not UTF-8 text: byte 0x{bad:02X} at byte offset {offset + exc.start} (line {line}, "
                    f"byte {column} of the line); save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
                ) from None
        lines += data.count(b"\n", 0, good)
        offset += good
        carry = data[good:]
        if not block:
            return bom


def read_header(stream: BinaryIO, bom: bool) -> tuple[list[str], list[str]]:
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom else "utf-8", newline="")
    try:
        reader = csv.reader(text)
        for raw in reader:
            if raw:
                break
        else:
            raise QualityInputError("file: empty (no header line)")
    finally:
        text.detach()
    header = [nfc(h).strip() for h in raw]
    blank = [str(i) for i, h in enumerate(header, start=1) if not h]
    if blank:
        raise QualityInputError(f"file: header column {', '.join(blank)} has no name")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise QualityInputError(f"file: column '{name}' appears twice in the header")
        seen.add(name)
    return header, raw


def open_input(stream: BinaryIO, needed: tuple[str, ...], *, max_bytes: int | None) -> CsvInput:
    """Everything that can be refused before the rows are read: size, encoding, header, missing columns."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    check_size(size, max_bytes)
    bom = scan_utf8(stream)
    header, raw = read_header(stream, bom)
    missing = [c for c in needed if c not in header]
    if missing:
        raise QualityInputError(
            f"file: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the header has: {', '.join(header)})"
        )
    return CsvInput(size=size, bom=bom, header=header, raw_header=raw)


def _ragged_message(stream: BinaryIO, source: CsvInput, fallback: str) -> str:
    """Find the first record whose width differs from the header, by line (slow path, bad files only)."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=source.encoding, newline="")
    try:
        reader = csv.reader(text)
        width = len(source.header)
        data_row = 0
        last_line = 0
        seen_header = False
        for record in reader:
            start_line = last_line + 1
            last_line = reader.line_num
            if not record:
                continue
            if not seen_header:
                seen_header = True
                continue
            data_row += 1
            if len(record) != width:
                lines = f"line {start_line}" if start_line == last_line else f"lines {start_line}-{last_line}"
                return (f"file: {lines} (data row {data_row}) has {len(record)} values but the header has "
                        f"{width} columns; the file is not checked")
    except csv.Error as exc:
        return f"file: line {reader.line_num}: {exc}"
    finally:
        text.detach()
    return f"file: {fallback}"


def iter_batches(stream: BinaryIO, source: CsvInput, *, block_size: int = BLOCK_SIZE) -> Iterator[pa.RecordBatch]:
    """Rows in Arrow batches, all columns as text; a ragged row stops the reading with its line number."""
    invalid: list[str] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if not invalid:
            invalid.append(f"a row has {row.actual_columns} values for {row.expected_columns} columns: "
                           f"{(row.text or '')[:80]!r}")
        return "skip"

    stream.seek(0)
    try:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(block_size=block_size, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(source.raw_header, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            if invalid:
                break
            yield batch
    except pa.ArrowInvalid as exc:
        invalid.append(f"unreadable CSV ({exc})")
    if invalid:
        raise QualityInputError(_ragged_message(stream, source, invalid[0]))


def open_path(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise QualityInputError(f"file: {path} not found") from None
    except IsADirectoryError:
        raise QualityInputError(f"file: {path} is a directory") from None
