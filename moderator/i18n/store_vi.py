"""Vietnamese words of the session store's write failures."""

MESSAGES: dict[str, str] = {
    "store_write_failed": "Không ghi được vào nhật ký phiên họp; chưa có gì được ghi ({detail})",
    "store_disk_full": "Ổ đĩa đã đầy; chưa có gì được ghi. Hãy giải phóng ít nhất {size} rồi thử lại ({detail})",
}
