"""The words of generated petitions, shared by the benchmarks that build earlier sessions or
import files (import_speed.py, tui_latency.py): how a villager asks, what should be done, and to
what. Random combinations of them, from a fixed seed, give realistic and varied topics."""

from __future__ import annotations

REQUESTS = [
    "Đề nghị", "Kiến nghị", "Xin", "Đề xuất", "Yêu cầu", "Mong chính quyền", "Bà con đề nghị",
    "Nhân dân phản ánh việc", "Cử tri hỏi về", "Đề nghị xã xem xét", "Hỏi tiến độ",
    "Phản ánh chậm", "Đề nghị huyện", "Đề nghị làm rõ",
]  # fmt: skip

ACTIONS = [
    "sửa chữa", "nâng cấp", "nạo vét", "xây mới", "cải tạo", "kiểm tra", "xử lý", "di dời",
    "khắc phục", "hỗ trợ", "thu hồi", "cấp", "công khai", "đo đạc lại", "bồi thường", "mở rộng",
    "lắp đặt", "thanh tra", "hoàn trả", "giải quyết",
]  # fmt: skip

OBJECTS = [
    "đường bê tông", "kênh mương nội đồng", "giấy chứng nhận quyền sử dụng đất", "bãi rác",
    "đèn chiếu sáng", "mặt bằng dự án", "cơ sở giết mổ", "trợ cấp người có công",
    "chuồng trại chăn nuôi", "nhà văn hoá", "trường mầm non", "nước sạch", "cầu qua suối",
    "hộ nghèo", "ranh giới đất", "khu công nghiệp", "chợ tạm", "thửa đất", "cây cối hoa màu",
    "trạm y tế", "nước thải", "bờ sông", "quy hoạch sử dụng đất", "sổ đỏ", "thương binh liệt sĩ",
    "cống thoát nước", "trạm biến áp", "nghĩa trang", "sân thể thao", "điểm trường",
    "đê bao", "bến đò", "lò gạch", "xưởng gỗ", "trang trại lợn", "ao làng", "đất công ích",
    "đất giãn dân", "hành lang an toàn giao thông", "mộ liệt sĩ", "bảo hiểm y tế",
    "chế độ bảo trợ xã hội", "học bổng học sinh nghèo", "giống lúa", "phân bón", "máy bơm",
    "tường rào trường học", "cột điện", "cáp viễn thông", "biển báo", "gờ giảm tốc",
    "camera an ninh", "loa truyền thanh", "nhà tình nghĩa", "nhà ở xã hội", "giá đất",
]  # fmt: skip
