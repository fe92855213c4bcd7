"""Lời tiếng Việt của kiến nghị trở lại (vấn đề đã nêu tại hội nghị trước): trong mẫu đăng ký
phát biểu và trong thông báo kết luận, biên bản."""

MESSAGES: dict[str, str] = {
    "link_date": "{day:02d}/{month:02d}/{year}",
    # What became of the earlier issue.
    "link_concluded_on": "đã kết luận ngày {date}: {text}",
    "link_no_conclusion": "chưa có kết luận",
    "link_assigned": "giao {owner}",
    "link_forwarded": "chuyển {owner}",
    "link_owner_none": "chưa rõ đơn vị",
    "link_due": "{action}, hạn {due}",
    "link_answered": "đã trả lời tại hội nghị",
    "link_noted": "ghi nhận, không giao giải quyết",
    "link_status_none": "chưa có báo cáo",
    "link_status_in_progress": "đang giải quyết (báo cáo ngày {date})",
    "link_status_done": "đã giải quyết xong ngày {date}",
    "link_status_forwarded_answered": "cấp trên đã trả lời ngày {date}",
    "link_status_cannot_be_done": "không thực hiện được (báo cáo ngày {date})",
    "link_status_note": "{status}: {note}",
    "link_overdue": "{status}, quá hạn {days} ngày",
    "link_overdue_one": "{status}, quá hạn 1 ngày",
    # The add-speaker form.
    "link_similar_title": "Kiến nghị tương tự đã có (Tab rồi ↑↓: gộp vào kiến nghị phiên này, hoặc liên kết với kiến nghị phiên trước):",
    "link_form_earlier": "Phiên ngày {date}, kiến nghị số {number}: {summary}",
    "link_form_will_link": "→ Enter: kiến nghị mới, LIÊN KẾT với kiến nghị số {number} của hội nghị ngày {date}",
    "link_form_can_link": "(Tab, ↑↓ đến kiến nghị phiên trước, Enter: liên kết)",
    "link_registered": "Đã liên kết {name} với kiến nghị số {number} của hội nghị ngày {date}: ghi vào kiến nghị khi kiến nghị được trình bày hoặc xem xét.",
    # The queue and the current speaker's card.
    "link_flag": "nêu lại",
    "link_card": "Đã nêu tại hội nghị ngày {date} (kiến nghị số {number}): {summary}",
    # The notice and the minutes.
    "link_doc_raised": "Đã nêu tại hội nghị ngày {date} (kiến nghị số {number}), kết luận: {conclusion}; kết quả: {result}.",
    "link_doc_raised_only": "Đã nêu tại hội nghị ngày {date} (kiến nghị số {number}).",
}
