"""Vietnamese text helpers: NFC normalisation at boundaries and diacritic-insensitive search keys."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w&]+")


def nfc(value: str) -> str:
    """The NFC form of a text: "Hà Nội" typed on a Mac arrives decomposed (NFD)."""
    return unicodedata.normalize("NFC", value)


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside a JSON-like structure."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(nfc_deep(v) for v in value)
    return value


def fold(value: str) -> str:
    """A search key: lower case, no diacritics, đ -> d, single spaces.

    "Bộ Thông tin và Truyền thông" and "bo thong tin va truyen thong" fold to the same key.
    """
    text = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def fold_words(value: str) -> str:
    """Like `fold`, with punctuation other than & turned into spaces ("TP. HCM" -> "tp hcm")."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(value))).strip()


def clean_text(value: str | None) -> str:
    """NFC, trimmed, inner whitespace collapsed: what every form and import stores."""
    if value is None:
        return ""
    return _SPACES.sub(" ", nfc(value)).strip()
