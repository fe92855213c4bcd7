"""Lời tiếng Việt của việc nhập kiến nghị bằng văn bản (dòng lệnh và diễn biến phiên)."""

MESSAGES: dict[str, str] = {
    "import_added": (
        "Phiên {session_id}: thêm {added} kiến nghị, {skipped} kiến nghị đã có trong phiên "
        "({flagged} có thể trùng)."
    ),
    "import_nothing_new": (
        "Phiên {session_id}: thêm 0 kiến nghị, {skipped} kiến nghị đã có trong phiên; không ghi gì."
    ),
    "import_row_invalid": "dòng {line}: {reason}",
    "tl_imported": "Nhập {count} kiến nghị bằng văn bản (đăng ký số {first}–{last})",
    "tl_imported_one": "Nhập 1 kiến nghị bằng văn bản: đăng ký số {speaker}, {person} — {topic}",
}
