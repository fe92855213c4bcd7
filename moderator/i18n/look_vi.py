"""Vietnamese words of the screens' fitting on small terminals, the command palette, the
responder list and the start form's secretary field."""

MESSAGES: dict[str, str] = {
    "look_outcome_short_answered": "Trả lời",
    "look_outcome_short_assigned": "Giao",
    "look_outcome_short_forwarded": "Chuyển",
    "look_outcome_short_noted": "Ghi nhận",
    "look_col_in_charge": "Phụ trách",
    "look_palette_placeholder": "Tìm lệnh (gõ có dấu hoặc không dấu)…",
    "look_palette_no_matches": "Không có lệnh nào khớp",
    "look_responders_title": "Người trả lời trong chương trình (↓ để chọn, hoặc gõ tên khác):",
    "look_responder_choice": "{role} — {name}",
    "look_start_secretary": "Thư ký",
}
