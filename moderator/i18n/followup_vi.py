"""Lời tiếng Việt của phần theo dõi kết quả giải quyết kiến nghị sau đối thoại (``moderator followup``)."""

MESSAGES: dict[str, str] = {
    # Domain errors of progress updates.
    "progress_needs_conclusion": "Vấn đề {number} chưa có kết luận: chưa thể ghi tiến độ.",
    "progress_before_meeting": "Ngày cập nhật không được trước ngày hội nghị.",
    "progress_in_future": "Ngày cập nhật không được sau hôm nay.",
    "progress_needs_reason": "Cần ghi lý do không thực hiện được.",
    # Statuses.
    "fu_status_in_progress": "Đang giải quyết",
    "fu_status_done": "Đã giải quyết",
    "fu_status_forwarded_answered": "Đã chuyển, cấp trên đã trả lời",
    "fu_status_cannot_be_done": "Không thực hiện được",
    "fu_status_none": "Chưa cập nhật",
    # Timeline line of the event.
    "tl_progress": "Tiến độ vấn đề {issue}: {status} (ngày {date}){note}",
}
