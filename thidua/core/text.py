"""Vietnamese text helpers: diacritic-free folding for search and the Vietnamese name order for sorting."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics and map đ→d: `Nguyễn Văn Đức` → `nguyen van duc`."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def name_sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (the last word), then family and middle names."""
    words = fold(full_name).split()
    if not words:
        return ""
    return " ".join([words[-1], *words[:-1]])


def search_tokens(query: str | None) -> list[str]:
    return fold(query).split()
