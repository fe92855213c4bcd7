"""Vietnamese text normalisation and the petition lexicon used by duplicate-topic matching.

Pure functions and data: NFC, lower case, one tone-mark placement, diacritics stripped, and the
word lists (function words, petition filler, abbreviations, synonym groups) that let two
registrations typed by different people, with or without diacritics, meet on the same words.
The lists describe how local-government petitions are written in general; they are not a list
of any one meeting's phrases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "CAPITALS_ONLY",
    "CONCEPT_WEIGHTS",
    "PARENTS",
    "REWRITES",
    "FILLER",
    "GENERIC",
    "STOPWORDS",
    "SYNONYMS",
    "plain_text",
    "plain_word",
    "has_diacritics",
    "normalise",
    "normalise_word",
    "word_set",
]

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

# Combining marks: the five tones, and the three vowel-quality marks (circumflex, breve, horn).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_QUALITY_VOWELS = frozenset("ăâêôơư")
_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """One lower-case syllable with its tone mark on the conventional vowel.

    Both placements are in daily use ("hoà"/"hòa", "thuý"/"thúy", "khoẻ"/"khỏe"); the
    conventional one (on the first vowel of an open oa/oe/uy) is kept, so either spelling
    gives one form.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        # No tone to move, or not one syllable (run-together words): leave as typed.
        return unicodedata.normalize("NFC", decomposed)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    start = 0
    # "qu" and "gi" before another vowel: u and i belong to the initial consonant.
    if len(base) > 2 and base[:2] in ("qu", "gi") and base[2] in _VOWELS:
        start = 2
    first = next((i for i in range(start, len(base)) if base[i] in _VOWELS), -1)
    if first < 0:
        return unicodedata.normalize("NFC", decomposed)
    end = first
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    cluster = range(first, end)
    closed = end < len(base)
    quality = [i for i in cluster if base[i] in _QUALITY_VOWELS]
    if quality:
        pos = quality[-1]  # ươ → ơ, iê → ê, uô → ô
    elif len(cluster) == 1:
        pos = first
    elif len(cluster) >= 3 or closed:
        pos = first + 1  # oai → a, oan → a, uyn → y
    else:
        pos = first  # open two-vowel syllable: hòa, thúy, khỏe, mùa, hái
    return unicodedata.normalize("NFC", base[: pos + 1] + tones[0] + base[pos + 1 :])


def normalise(text: str) -> str:
    """NFC, lower case, one tone-mark placement; diacritics are kept."""
    text = unicodedata.normalize("NFC", text).lower()
    return _WORD_RE.sub(lambda m: normalise_word(m.group(0)), text)


@lru_cache(maxsize=65536)
def plain_word(word: str) -> str:
    """A word without any diacritic, lower case, đ → d."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).replace("đ", "d")


def plain_text(text: str) -> str:
    """`normalise`, then strip every diacritic (đ → d): the form a hurried typist produces."""
    return plain_word(normalise(text))


def has_diacritics(word: str) -> bool:
    return plain_word(word) != word.lower()


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------


def word_set(block: str) -> frozenset[str]:
    """Entries separated by "|" or new lines, normalised."""
    items = (normalise(" ".join(part.split())) for part in re.split(r"[|\n]", block))
    return frozenset(item for item in items if item)


# Function words: pronouns, particles, prepositions, conjunctions, aspect markers, quantifiers,
# question words. They carry no topic.
STOPWORDS = word_set(
    """
    tôi | tao | mình | ta | chúng tôi | chúng ta | chúng em | chúng con | chúng nó | họ | nó
    em | anh | chị | ông | bà | cô | chú | bác | cụ | dì | cậu | mợ | thím | con | cháu
    các | những | mọi | mỗi | từng | một số | vài | mấy | cả | tất cả | toàn bộ | hết
    là | thì | mà | và | với | cùng | hay | hoặc | hoặc là | nhưng | song | còn | cũng | vẫn
    của | cho | để | vì | do | bởi | tại | nên | nếu | thì ra | tuy | dù | mặc dù | nhờ
    ở | trong | ngoài | trên | dưới | giữa | bên | cạnh | sau | trước | từ | đến | tới | khi
    qua | sang | về | ra | vào | lên | xuống | lại | đi | tận
    đã | đang | sẽ | vừa | mới | từng | sắp | rồi | xong | nữa | luôn | ngay | liền
    không | chẳng | chả | chưa | chớ | đừng | có | được | bị | phải | cần | nên | muốn
    rất | lắm | quá | hơi | khá | thật | thực sự | cực kỳ | vô cùng | nhất | hơn | kém | thêm
    này | kia | ấy | đó | đây | đấy | nọ | thế | vậy | như | như vậy | như thế | thế nào
    gì | ai | đâu | nào | sao | bao | bao nhiêu | bao giờ | khi nào | lúc nào | chừng nào
    bấy giờ | hôm nào | mấy khi | tại sao | vì sao | làm sao | thế nào
    ạ | à | ư | nhé | nhỉ | chứ | hả | hử | ơi | vâng | dạ | đấy ạ | thôi | mất | thì phải
    rằng | là vì | bằng | theo | tuy nhiên | ngoài ra | đồng thời | trong khi | kể cả
    chỉ | chính | cứ | đều | lúc | khi ấy | hôm | nay | hiện | hiện nay | hiện tại | dạo này
    gần đây | thời gian | thời gian qua | vừa qua | vừa rồi | lâu nay | mấy năm nay
    suốt | mãi | mãi mà | thường | thường xuyên | liên tục | lâu | còn nữa | nhiều | ít
    ngày càng | càng | đến nay | đến giờ | tới nay | tới giờ | cho đến nay | từ đó | bây giờ
    một | hai | ba | bốn | năm | sáu | bảy | tám | chín | mười | trăm | nghìn | ngàn
    triệu | tỷ | tỉ | chục | vạn | nửa | đôi
    mét | mét vuông | m | m2 | km | ki lô mét | cây số | sào | héc ta | ha | tấn | tạ | kg | lít
    phần trăm | mẫu ruộng
    """
)

# The boilerplate of a petition: greetings, "I propose", "please answer", references to the
# meeting itself and to who spoke before. Present in most registrations, so it says nothing.
FILLER = word_set(
    """
    kính thưa | thưa | kính gửi | kính đề nghị | kính mong | chủ tọa | chủ tọa đoàn
    các đồng chí | đồng chí | các vị | quý vị | lãnh đạo | lãnh đạo xã | các cấp | các ngành
    đề nghị | kiến nghị | đề xuất | yêu cầu | xin | xin phép | xin hỏi | cho hỏi | hỏi
    cho tôi hỏi | cho em hỏi | tôi hỏi | tôi muốn hỏi | muốn hỏi | muốn biết | cho biết
    trả lời | trả lời rõ | giải thích | giải đáp | làm rõ | thông tin | được biết
    phản ánh | phản ảnh | phản ánh lại | nhắc lại | nêu | nêu lại | đã nêu | vừa nêu | vừa nói
    ý kiến | nguyện vọng | tâm tư | bức xúc | đối thoại | hội nghị | kỳ họp | kỳ trước
    buổi đối thoại | cuộc họp | họp | cử tri | bà con | nhân dân | người dân | dân | dân chúng
    gia đình tôi | nhà tôi | bản thân tôi | chúng tôi | thôn tôi | xóm tôi | tôi là
    mong | mong muốn | rất mong | mong xã | sớm | kịp thời | dứt điểm | triệt để | quan tâm
    vào cuộc | xem xét | xem lại | giải quyết | có ý kiến | có phương án | chỉ đạo
    cụ thể | rõ ràng | như thế nào | ra sao | thế nào | hay không | có đúng không | đúng không
    cảm ơn | trân trọng | xin cảm ơn | nghe nói | nghe đâu | thấy | biết | nói | bảo
    """
)

# Topic-neutral words of local government: present in every area, weighed low but not dropped.
GENERIC = word_set(
    """
    xã | thôn | huyện | tỉnh | khu | vùng | địa phương | địa bàn | cơ sở | ủy ban | ủy ban nhân dân
    chính quyền | nhà nước | cán bộ | công chức | cơ quan | ban | ngành | đoàn | đơn vị
    hộ | hộ dân | hộ gia đình | gia đình | nhà | người | mọi người | bà con | làng | xóm
    năm | tháng | ngày | tuần | giờ | buổi | lần | đợt | kỳ | mùa | sáng | trưa | chiều
    việc | vấn đề | tình trạng | hiện tượng | trường hợp | tình hình | nội dung | chuyện
    kiểm tra | xử lý | thực hiện | tiến hành | triển khai | làm | làm việc | có | là
    tiền | kinh phí | chi phí | số tiền | khoản | hồ sơ | giấy tờ | thủ tục | đơn | văn bản
    chậm | lâu | mãi | nhiều | ít | cao | thấp | lớn | nhỏ | to | mới | cũ | tốt | xấu
    kế hoạch | phương án | dự án | công trình | chương trình | chính sách | quy định | chế độ
    """
)

# Abbreviations of local-government writing, by plain form, with their expansion.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "ubmttq": "mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc",
    "gpmb": "giải phóng mặt bằng",
    "vsmt": "vệ sinh môi trường",
    "attp": "an toàn thực phẩm",
    "vsattp": "vệ sinh an toàn thực phẩm",
    "ntm": "nông thôn mới",
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "ncc": "người có công",
    "tdc": "tái định cư",
    "gcnqsdd": "giấy chứng nhận quyền sử dụng đất",
    "gcnqsd": "giấy chứng nhận quyền sử dụng đất",
    "gcn": "giấy chứng nhận quyền sử dụng đất",
    "qsdd": "quyền sử dụng đất",
    "gcnqsdđ": "giấy chứng nhận quyền sử dụng đất",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
    "htx": "hợp tác xã",
    "ccb": "cựu chiến binh",
    "csgt": "cảnh sát giao thông",
    "pccc": "phòng cháy chữa cháy",
    "bvtv": "bảo vệ thực vật",
    "tthc": "thủ tục hành chính",
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "gpxd": "giấy phép xây dựng",
    "ccn": "cụm công nghiệp",
    "kcn": "khu công nghiệp",
    "ql": "quốc lộ",
    "tl": "tỉnh lộ",
    "dt": "đường tỉnh",
    "ktxh": "kinh tế xã hội",
    "tnmt": "tài nguyên môi trường",
    "ldtbxh": "lao động thương binh xã hội",
    "tbxh": "thương binh xã hội",
    "dbqh": "đại biểu quốc hội",
    "tyt": "trạm y tế",
    "ttyt": "trung tâm y tế",
    "bvdk": "bệnh viện đa khoa",
    "hs": "học sinh",
    "gv": "giáo viên",
    "csvc": "cơ sở vật chất",
    "nvh": "nhà văn hóa",
    "ddcc": "dồn điền đổi thửa",
    "dddt": "dồn điền đổi thửa",
    "ptnt": "phát triển nông thôn",
    "ca": "công an",
    "evn": "điện lực",
    "tdtt": "thể dục thể thao",
    "vneid": "định danh điện tử",
    "km": "ki lô mét",
}
# Short abbreviations that are also ordinary syllables: expanded only when typed in capitals.
CAPITALS_ONLY = frozenset({"ca", "tl", "dt", "ql", "hs", "gv", "gcn", "km"})

# Synonym groups. Each line: the group's display name, then its variants. Variants of several
# syllables are matched on their plain form (safe: syllable pairs rarely collide); variants of
# one syllable are matched with diacritics when the text has them ("lợn" is not "lớn").
SYNONYMS_TEXT = """
# Land: certificates, surveys, kinds of land, disputes, conversions
sổ đỏ *1.3: sổ đỏ | sổ hồng | bìa đỏ | bìa hồng | giấy đỏ | sổ | sổ đất | giấy đất
    | giấy chứng nhận | giấy chứng nhận quyền sử dụng đất | chứng nhận quyền sử dụng đất
    | quyền sử dụng đất | giấy chứng nhận quyền sở hữu
cấp đổi: cấp đổi | đổi sổ | cấp lại | đổi giấy | cấp đổi lại | chỉnh lý biến động
cấp lần đầu: cấp lần đầu | cấp mới | cấp lần đầu tiên
đo đạc: đo đạc | đo | đo lại | đo vẽ | trích đo | đo đạc lại | khảo sát đo đạc
bản đồ địa chính *1.2: bản đồ địa chính | bản đồ | hồ sơ địa chính
đất ở: đất ở | thổ cư | đất thổ cư | đất làm nhà
đất nông nghiệp: đất nông nghiệp | đất canh tác | đất ruộng | ruộng | ruộng đất | đất lúa
    | đất trồng lúa | đất sản xuất | ruộng lúa | thửa ruộng
đất vườn: đất vườn | vườn | đất vườn ao | vườn tạp
đất rừng *1.2: đất rừng | rừng | đất lâm nghiệp | rừng sản xuất
diện tích: diện tích | hụt diện tích | thiếu diện tích | sai diện tích | chênh lệch diện tích
ranh giới: ranh giới | mốc giới | ranh | địa giới | ranh đất | mốc
tranh chấp *1.2: tranh chấp | tranh chấp đất | tranh chấp đất đai
lấn chiếm *1.2: lấn chiếm | lấn | chiếm dụng | lấn sang | xây lấn | chiếm | lấn đất | lấn ra
    | chiếm đất
hòa giải: hòa giải | tổ hòa giải | hòa giải cơ sở
chuyển mục đích *1.2: chuyển mục đích | chuyển đổi mục đích | chuyển mục đích sử dụng đất
    | lên thổ cư | chuyển sang đất ở | chuyển lên đất ở
dồn điền đổi thửa *1.3: dồn điền đổi thửa | dồn điền | dồn thửa | đổi thửa
thu hồi: thu hồi | thu hồi đất | bị thu hồi | giải tỏa | giải phóng mặt bằng
đền bù: đền bù | bồi thường | tiền đền bù | tiền bồi thường | đền bù giải phóng mặt bằng
tái định cư > thu hồi *1.3: tái định cư | khu tái định cư | đất tái định cư
đơn giá: đơn giá | mức giá | khung giá | bảng giá | giá đất
chi trả *0.8: chi trả | trả tiền | thanh toán | chi tiền | giải ngân | trả
giãn dân *1.3: giãn dân | khu giãn dân | đất giãn dân
đất công ích *1.3: đất công ích | quỹ đất công ích | đất công | đất năm phần trăm | quỹ đất công
cho thuê: cho thuê | thuê | cho thầu | thầu | giao thầu | khoán | cho mượn | đấu thầu
đấu giá *1.3: đấu giá | trúng đấu giá | đấu giá đất | đấu giá quyền sử dụng đất
tiền sử dụng đất *1.2: tiền sử dụng đất | tiền đất | thuế đất | tiền thuế đất
thừa kế *1.2: thừa kế | khai nhận thừa kế | di chúc | di sản
tách thửa *1.2: tách thửa | tách sổ | tách bìa
xây dựng trái phép *1.2: xây dựng trái phép | xây trái phép | xây dựng không phép
    | xây không phép | xây dựng sai phép
quy hoạch: quy hoạch | quy hoạch sử dụng đất | kế hoạch sử dụng đất | quy hoạch treo
giấy phép xây dựng *1.2: giấy phép xây dựng | cấp phép xây dựng | phép xây dựng
# Farming, animals and their nuisances
lợn *1.3: lợn | heo | lợn thịt | heo thịt | lợn nái | heo nái | lợn con
gà *1.3: gà | gà vịt | gia cầm | vịt | ngan | ngỗng
bò *1.2: bò | trâu bò | trâu | bò sữa | gia súc
chó *1.2: chó | cẩu
trại *1.3: trại | trang trại | chuồng | chuồng trại | trại chăn nuôi | cơ sở chăn nuôi | gia trại
    | trại nuôi
chăn nuôi: chăn nuôi | nuôi
dịch bệnh *1.2: dịch bệnh | dịch | dịch tả | dịch tả lợn châu phi | cúm gia cầm | lở mồm long móng
    | tiêm phòng | tiêm vắc xin
lò mổ > lợn *1.3: lò mổ | lò giết mổ | cơ sở giết mổ | điểm giết mổ | giết mổ | mổ | lò thịt
lò gạch *1.3: lò gạch | lò nung gạch | lò gạch thủ công | lò vôi | lò nung
thủy lợi: thủy lợi | tưới tiêu | nước tưới | tưới | trạm bơm | bơm nước
phân bón: phân bón | giống | giống cây trồng | vật tư nông nghiệp
# Environment and sanitation
rác *1.2: rác | rác thải | rác thải sinh hoạt | chất thải rắn | rác sinh hoạt
thu gom: thu gom | gom | thu dọn | vận chuyển | dọn | lấy | đi đổ | dọn dẹp
xe rác > rác *1.2: xe rác | xe thu gom | xe chở rác | xe gom rác | xe vệ sinh môi trường
    | xe môi trường
bãi rác > rác *1.3: bãi rác | điểm tập kết rác | bãi rác tự phát | điểm đổ rác | bãi tập kết rác
    | bãi tập kết
phí vệ sinh > rác *1.2: phí vệ sinh | phí vệ sinh môi trường | tiền rác | phí rác
    | phí thu gom rác | tiền vệ sinh | tiền vệ sinh môi trường | tiền thu gom rác | thu phí rác
vệ sinh môi trường *0.7: vệ sinh môi trường | môi trường | vệ sinh
nước thải *1.2: nước thải | xả thải | chất thải lỏng | xả nước thải | nước bẩn | chất thải
ô nhiễm *0.7: ô nhiễm | gây ô nhiễm | ô nhiễm môi trường | nhiễm bẩn
mùi hôi *0.8: mùi hôi | hôi thối | bốc mùi | mùi hôi thối | hôi | thối | nồng nặc | mùi | tanh
    | mùi tanh | hôi hám | thum thủm
khói: khói | khói bụi | khói đen | khói mù | khói mù mịt
bụi: bụi | bụi bặm | bụi mù | bụi bẩn | bụi mịt mù
ruồi: ruồi | ruồi nhặng | nhặng | ruồi muỗi
tiếng ồn *0.8: tiếng ồn | ồn | ồn ào | ầm ĩ | inh ỏi | ầm ầm | om sòm | náo loạn | ồn ã
cống *1.2: cống | cống rãnh | rãnh | rãnh thoát nước | cống thoát nước | hố ga | cống thoát
kênh mương *1.2: kênh | mương | kênh mương | mương máng | kênh tiêu | mương tiêu | mương tưới
    | kênh tưới | mương nước | kênh mương nội đồng | mương thủy lợi | kênh thủy lợi
thoát nước: thoát nước | tiêu nước | tiêu thoát nước
ngập *0.8: ngập | ngập úng | úng | ngập lụt | ngập nước | úng ngập | nước tràn | lụt
tắc *0.8: tắc | ách tắc | tắc nghẽn | bồi lấp | bị lấp | lấp | ứ đọng | đọng | ứ
khơi thông *0.8: khơi thông | nạo vét | thông cống | vét | khơi
sông *1.2: sông | dòng sông
suối *1.2: suối | khe | khe suối | con suối
ao hồ *1.2: ao | hồ | ao hồ | đầm | ao làng
đê *1.2: đê | chân đê | bờ đê | mặt đê | đê điều
sạt lở *1.2: sạt lở | sạt | lở | sạt lở đất | lở đất | xói lở
thuốc sâu *1.3: thuốc sâu | thuốc trừ sâu | thuốc bảo vệ thực vật | thuốc diệt cỏ | nông dược
    | hóa chất nông nghiệp
bao bì *1.2: bao bì | vỏ chai | vỏ bao | chai lọ | vỏ
rơm rạ *1.2: rơm rạ | rơm | rạ | đốt rơm | đốt rơm rạ
cây xanh: cây xanh | cây | cây cối | cây bóng mát
# Food safety
an toàn thực phẩm: an toàn thực phẩm | vệ sinh an toàn thực phẩm | vệ sinh thực phẩm
không rõ nguồn gốc: không rõ nguồn gốc | không nhãn mác | không có nhãn mác | không nhãn
    | không rõ xuất xứ | trôi nổi | hàng giả | hàng kém chất lượng | không nguồn gốc
    | không có nguồn gốc | không rõ ràng nguồn gốc | nhãn mác
ngộ độc: ngộ độc | ngộ độc thực phẩm | đau bụng | tiêu chảy | nôn
chất cấm *1.2: chất cấm | hàn the | chất bảo quản | hóa chất | phẩm màu | chất tạo nạc
    | hóa chất độc hại | chất phụ gia
kiểm dịch: kiểm dịch | thú y | dấu kiểm dịch | kiểm soát giết mổ | tem kiểm dịch
quà vặt *1.2: quà vặt | đồ ăn vặt | hàng rong | ăn vặt | bánh kẹo | kẹo
thực phẩm *0.8: thực phẩm | đồ ăn | thức ăn | hàng ăn | quán ăn | hàng quán ăn | đồ ăn uống
bếp ăn *1.2: bếp ăn | bếp ăn tập thể | bán trú | bếp ăn bán trú | suất ăn
rượu *1.2: rượu | rượu trắng | rượu pha cồn | rượu giả
rau *1.2: rau | rau xanh | rau củ | rau quả | hoa quả | trái cây
giò chả *1.3: giò chả | giò | chả | giò lụa | chả quế | giò chả quế
thịt: thịt | thịt lợn | thịt heo | thịt gà | thịt bò
chợ *1.2: chợ | chợ quê | chợ tạm | chợ cóc | chợ xã
# Schools, health, social insurance
tiểu học > trường *1.3: tiểu học | cấp một | cấp 1 | trường cấp một | trường cấp 1
    | trường tiểu học
trung học cơ sở > trường *1.3: trung học cơ sở | cấp hai | cấp 2 | trường cấp hai
    | trường cấp 2
trung học phổ thông > trường *1.3: trung học phổ thông | cấp ba | cấp 3 | trường cấp ba
    | trường cấp 3
mầm non > trường *1.3: mầm non | mẫu giáo | nhà trẻ | trường mầm non | lớp mẫu giáo
trường *1.1: trường | trường học | điểm trường | nhà trường
học sinh *0.7: học sinh | các cháu | học trò | trẻ em | trẻ nhỏ | con em | các em
học phí *1.2: học phí | quỹ lớp | quỹ hội | các khoản thu | khoản thu | lạm thu | thu sai
bảo hiểm y tế *1.3: bảo hiểm y tế | thẻ bảo hiểm | thẻ bảo hiểm y tế | bảo hiểm
bảo hiểm xã hội *1.3: bảo hiểm xã hội | lương hưu | hưu trí
trạm y tế *1.3: trạm y tế | trạm xá | y tế xã | trạm y tế xã | phòng khám | y tế
thiếu thuốc *1.2: thiếu thuốc | hết thuốc | không có thuốc | mua thuốc ngoài | tự mua thuốc
bệnh viện *1.2: bệnh viện | viện | trung tâm y tế
# Roads, bridges, traffic
đường *1.1: đường | con đường | tuyến đường | đường sá | đường xá | lối đi | đường đi
đường liên thôn > đường *1.2: đường liên thôn | liên thôn
đường thôn > đường *1.2: đường thôn | đường làng | đường xóm | đường trong thôn | đường ngõ xóm
tỉnh lộ > đường *1.2: tỉnh lộ | đường tỉnh
quốc lộ > đường *1.2: quốc lộ
đường liên xã > đường *1.2: đường liên xã | liên xã | đường trục xã | trục xã | đường huyện
    | huyện lộ
đường trục > đường *1.2: đường trục | trục chính | đường trục chính | trục đường | đường chính
đường nội đồng > đường *1.2: đường nội đồng | đường ra đồng | đường ruộng | đường sản xuất
    | nội đồng
ngõ *1.2: ngõ | ngõ xóm | hẻm | ngách | ngõ hẻm
xuống cấp *0.6: xuống cấp | hư hỏng | hỏng | ổ gà | ổ voi | nứt vỡ | bong tróc | lún | sụt lún
    | lồi lõm | nát | hư | nứt | vỡ | sụt | xuống cấp nghiêm trọng | hư hại | mục
lầy lội *0.8: lầy lội | lầy | sình lầy | bùn lầy | trơn trượt | lội | trơn
bê tông *0.8: bê tông | bê tông hóa | đổ bê tông | cứng hóa | rải nhựa | trải nhựa | nhựa hóa
    | rải đá | kiên cố | kiên cố hóa
sửa chữa *0.6: sửa chữa | sửa | duy tu | tu sửa | cải tạo | tu bổ | làm lại | sửa sang
    | khắc phục | trùng tu | bảo dưỡng | nâng cấp | sửa lại | tôn tạo
cầu *1.3: cầu | cây cầu | cầu tạm | cầu khỉ | cầu tre | cầu gỗ | cầu treo | cầu cống
đèn chiếu sáng *1.3: đèn chiếu sáng | đèn đường | điện chiếu sáng | chiếu sáng | điện đường
đua xe *1.3: đua xe | nẹt pô | lạng lách | rú ga | bốc đầu | đánh võng | quái xế | đua
    | phóng nhanh | chạy xe tốc độ cao
cuối tuần *0.8: cuối tuần | thứ bảy | chủ nhật | thứ bẩy | ngày nghỉ
ban đêm *0.5: ban đêm | đêm | nửa đêm | đêm khuya | khuya | tối | buổi tối | chiều tối | tối muộn
xe tải *1.2: xe tải | xe ben | xe chở đất | xe quá tải | xe chở vật liệu | xe trọng tải lớn
    | xe chở cát | xe công trình | xe chở đất san lấp
tai nạn *0.8: tai nạn | tai nạn giao thông | ngã xe | ngã | va chạm
biển báo *1.2: biển báo | biển cấm | gờ giảm tốc | gương cầu | đèn tín hiệu | đèn giao thông
# Electricity and water
điện *1.1: điện | lưới điện | điện sinh hoạt | nguồn điện | điện năng
mất điện > điện *1.2: mất điện | cắt điện | cúp điện | mất điện liên tục | điện mất | điện cắt
điện yếu > điện *1.2: điện yếu | điện chập chờn | chập chờn | sụt áp | điện áp thấp
    | điện không đủ | điện không ổn định | quá tải điện
trạm biến áp > điện *1.2: trạm biến áp | máy biến áp | trạm điện | biến áp | công suất trạm
điện lực > điện: điện lực | ngành điện | bên điện | công ty điện | chi nhánh điện
tiền điện > điện *1.2: tiền điện | hóa đơn điện | giá điện | công tơ điện | đồng hồ điện
nước sạch *1.3: nước sạch | nước máy | cấp nước | nhà máy nước | công ty nước
    | nước sinh hoạt | hệ thống nước | công trình nước | dự án nước
giếng *1.2: giếng | giếng khoan | giếng đào | nước giếng
đường ống *1.2: đường ống | ống nước | đường ống nước | đấu nối | đồng hồ nước
# Public order
trộm *1.3: trộm | trộm cắp | mất trộm | kẻ trộm | bắt trộm | cắp | ăn trộm
ma túy *1.3: ma túy | nghiện | nghiện hút | kim tiêm | tiêm chích | con nghiện | hút chích
lừa đảo *1.3: lừa đảo | giả danh | lừa | chiếm đoạt | lừa tiền | bị lừa | lừa gạt
tụ tập: tụ tập | tụ điểm | tụ tập đông người | băng nhóm
công an *0.7: công an | công an xã | cảnh sát | công an viên
tuần tra *0.8: tuần tra | canh gác | trực
karaoke *1.3: karaoke | hát karaoke | loa kẹo kéo | hát | quán hát
cờ bạc *1.3: cờ bạc | đánh bạc | lô đề | số đề | đánh bài
đánh nhau *1.2: đánh nhau | ẩu đả | gây gổ | hành hung | gây rối
# Policy: people with merit, the poor, allowances
người có công *1.2: người có công | người có công với cách mạng | thương binh | bệnh binh
    | gia đình chính sách | đối tượng chính sách
chất độc da cam *1.3: chất độc da cam | chất độc hóa học | da cam | dioxin | nhiễm chất độc
kháng chiến: kháng chiến | người hoạt động kháng chiến | tham gia kháng chiến | chiến trường
liệt sĩ *1.3: liệt sĩ | liệt sỹ | thân nhân liệt sĩ
nghĩa trang liệt sĩ > liệt sĩ *1.3: nghĩa trang liệt sĩ | nghĩa trang liệt sỹ | đài tưởng niệm
    | bia mộ liệt sĩ | mộ liệt sĩ | đài liệt sĩ | đền liệt sĩ
mộ: mộ | bia mộ | phần mộ | mộ phần
nghĩa trang *1.3: nghĩa trang | nghĩa địa | khu nghĩa trang | chôn cất | mai táng
hộ nghèo *1.3: hộ nghèo | diện nghèo | nghèo
cận nghèo > hộ nghèo *1.3: cận nghèo | hộ cận nghèo
trợ cấp: trợ cấp | phụ cấp | tiền chế độ | trợ cấp hàng tháng | hưởng chế độ | trợ cấp xã hội
    | bảo trợ xã hội | chế độ chính sách | tuất | trợ cấp tuất
người cao tuổi: người cao tuổi | người già | cụ già | người già yếu
khuyết tật *1.2: khuyết tật | người khuyết tật | tàn tật
nhà ở *1.1: nhà tạm | nhà dột nát | nhà đại đoàn kết | hỗ trợ làm nhà | xóa nhà tạm
# Administrative procedures
một cửa *1.2: một cửa | bộ phận một cửa | tiếp nhận và trả kết quả | bộ phận tiếp nhận
chứng thực *1.2: chứng thực | công chứng | sao y | chứng thực giấy tờ
căn cước *1.2: căn cước | căn cước công dân | chứng minh thư | chứng minh nhân dân | thẻ căn cước
định danh điện tử *1.2: định danh điện tử | định danh | tài khoản định danh | vneid
hộ tịch *1.2: hộ tịch | khai sinh | giấy khai sinh | khai tử | đăng ký kết hôn | hộ khẩu
    | cư trú | đăng ký thường trú | tạm trú
# New rural development, community
nông thôn mới: nông thôn mới | xây dựng nông thôn mới | tiêu chí nông thôn mới
đóng góp *1.1: đóng góp | huy động | huy động đóng góp | quyên góp | thu đóng góp | góp tiền
    | ủng hộ | thu tiền
công khai *0.8: công khai | minh bạch | niêm yết | công bố
nhà văn hóa *1.3: nhà văn hóa | hội trường thôn | nhà sinh hoạt cộng đồng | nhà văn hóa thôn
loa truyền thanh *1.3: loa truyền thanh | loa phát thanh | đài truyền thanh | loa | truyền thanh
chó thả rông > chó *1.3: chó thả rông | thả rông chó | chó không rọ mõm
thả rông *1.2: thả rông | thả rông gia súc | thả rông trâu bò
hợp tác xã *1.2: hợp tác xã
cụm công nghiệp *1.3: cụm công nghiệp | khu công nghiệp
nhà máy *1.2: nhà máy | xí nghiệp
học nghề *1.2: học nghề | đào tạo nghề | việc làm | giới thiệu việc làm | chuyển đổi nghề
san lấp *1.1: san lấp | đổ đất | đổ đất san lấp | lấp ao | lấp ruộng
làng nghề *1.2: làng nghề | cơ sở sản xuất | xưởng | xưởng sản xuất
"""


# Phrases rewritten before synonyms are looked up: "cấp giấy" means a land certificate, "tiền
# rác" is the sanitation fee. Keys and values are written with diacritics; keys match plain.
REWRITES: dict[str, str] = {
    "cấp giấy": "cấp sổ đỏ",
    "làm giấy": "làm sổ đỏ",
    "nhận giấy": "nhận sổ đỏ",
    "cấp giấy lần đầu": "cấp sổ đỏ lần đầu",
    "cấp giấy phép": "cấp phép",
    "giấy phép": "giấy phép",
    "chăn nuôi lợn": "trại lợn",
    "nuôi lợn": "trại lợn",
    "nuôi heo": "trại lợn",
    "nuôi gà": "trại gà",
}


def _parse_synonyms(
    text: str,
) -> tuple[dict[str, tuple[str, ...]], dict[str, str], dict[str, float]]:
    """Lines "name > parent *weight: variant | variant", continued by lines starting "|"."""
    groups: dict[str, tuple[str, ...]] = {}
    parents: dict[str, str] = {}
    weights: dict[str, float] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("|") and current:
            variants = line.split("|")
        else:
            head, _, rest = line.partition(":")
            head, _, weight = head.partition("*")
            name, _, parent = head.partition(">")
            current = normalise(" ".join(name.split()))
            if parent.strip():
                parents[current] = normalise(" ".join(parent.split()))
            weights[current] = float(weight) if weight.strip() else 1.0
            variants = rest.split("|")
        items = (normalise(" ".join(v.split())) for v in variants)
        groups[current] = groups.get(current, (current,)) + tuple(v for v in items if v)
    return groups, parents, weights


SYNONYMS, PARENTS, CONCEPT_WEIGHTS = _parse_synonyms(SYNONYMS_TEXT)
