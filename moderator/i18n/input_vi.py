"""Vietnamese words of the command line's checks on what it reads and writes (issue 12)."""

MESSAGES: dict[str, str] = {
    "input_is_folder": "{path} là một thư mục, không phải tệp",
    "input_duplicate_column": "{path}: dòng tiêu đề có cột «{column}» hai lần",
    "row_duplicate_field": "trường «{column}» xuất hiện hai lần",
    "row_not_unicode": "trường «{column}» có ký tự Unicode không hợp lệ (nửa cặp thay thế)",
    "row_too_deep": "lồng sâu quá {limit} cấp",
    "row_number_too_long": "có số dài quá {limit} chữ số",
    "row_not_a_number": "{value} không phải số JSON",
    "input_data_not_folder": "{path} không phải thư mục: --data là thư mục chứa các phiên họp",
    "input_skipped_other": "bỏ qua {name}: không phải phiên họp",
    "input_skipped_damaged": "bỏ qua {name}: phiên họp bị hỏng ({detail})",
    "input_run_damaged": "Phiên họp chưa kết thúc {name} bị hỏng ({detail}); tệp được giữ nguyên. Để vẫn mở phiên họp mới: moderator run --session new",
    "input_run_damaged_ask": "Phiên họp chưa kết thúc {name} bị hỏng ({detail}); tệp được giữ nguyên. Mở phiên họp mới? [c/K]",
    "output_no_folder": "{path}: không có thư mục {folder}",
    "output_is_the_session": "{path} chính là phiên họp đang xuất: không bao giờ ghi đè lên nó",
    "output_in_data_dir": "{path} nằm trong thư mục dữ liệu, nơi nó sẽ bị coi là một phiên họp: hãy ghi ra chỗ khác",
    "output_is_link": "{path} là một liên kết tượng trưng: hãy ghi tên tệp thật hoặc tên khác",
    "output_is_special": "{path} không phải tệp thông thường (thiết bị, ống dẫn hoặc socket): không ghi đè lên nó",
    "output_is_a_session": "{path} là một tệp phiên họp: không bao giờ ghi đè lên nó",
    "output_exists": "{path} đã có: thêm --force để ghi đè",
    "output_failed": "Không ghi được {path} ({reason}); chưa có gì được ghi",
}
