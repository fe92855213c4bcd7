"""Duplicate-topic flagging: quality on the labelled dev set, and speed.

Usage: python benchmarks/duplicates.py [PETITIONS.jsonl]

Prints, for the engine (moderator.domain.topics) and two references (rapidfuzz
token_set_ratio on the raw text and on text stripped of diacritics, each at its best threshold on
the set): precision, recall, F1, accuracy and recall@3, scored as tests/data/README.md says.
Then the engine's leave-one-session-out figures (threshold chosen on three sessions, scored on
the fourth), and the speed figures: p95 of `best()` among 5,000 earlier issues and the wall
time of flagging 5,000 registrations of one session. The last line is one JSON object.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderator.domain.topics import (  # noqa: E402
    DEFAULT_THRESHOLD,
    TopicIndex,
    flag_registrations,
    plain_text,
)

DEV_SET = ROOT / "tests" / "data" / "petitions-dev.jsonl"


@dataclass(frozen=True)
class Item:
    session: str
    id: str
    area: str | None
    text: str
    dup_of: str | None


# For each item: the ranked candidates (earlier item id, score), best first.
Ranked = list[tuple[str, float]]


def load(path: Path) -> list[Item]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                items.append(Item(d["session"], d["id"], d["area"], d["text"], d["dup_of"]))
    return items


def sessions(items: Sequence[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for it in items:
        out.setdefault(it.session, []).append(it)
    return out


def score(items: Sequence[Item], ranked: dict[str, Ranked], threshold: float) -> dict[str, float]:
    """Precision, recall, F1, accuracy and recall@3, as the data README defines them."""
    cluster = {it.id: it.dup_of or it.id for it in items}
    tp = fp = fn = right = 0
    r3_hit = r3_all = 0
    for it in items:
        cands = ranked.get(it.id, [])
        pred = cands[0][0] if cands and cands[0][1] >= threshold else None
        same = pred is not None and cluster[pred] == cluster[it.id]
        if it.dup_of is not None:
            r3_all += 1
            r3_hit += any(cluster[c] == cluster[it.id] for c, _ in cands[:3])
            if same:
                tp += 1
                right += 1
            else:
                fn += 1
                fp += pred is not None
        elif pred is None:
            right += 1
        else:
            fp += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "accuracy": round(right / len(items), 4) if items else 0.0,
        "recall_at_3": round(r3_hit / r3_all, 4) if r3_all else 0.0,
        "threshold": round(threshold, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def best_threshold(items: Sequence[Item], ranked: dict[str, Ranked]) -> float:
    """The threshold with the best F1 (ties: the higher threshold), swept over seen scores."""
    top_scores = sorted({c[0][1] for c in ranked.values() if c} | {0.0})
    best_t, best_f1 = 0.0, -1.0
    for t in top_scores:
        f1 = score(items, ranked, t)["f1"]
        if f1 >= best_f1:
            best_t, best_f1 = t, f1
    return best_t


def rank_engine(items: Sequence[Item]) -> dict[str, Ranked]:
    """The engine, run live per session through flag_registrations."""
    ranked: dict[str, Ranked] = {}
    for rows in sessions(items).values():
        results = flag_registrations(((it.id, it.text, it.area) for it in rows), threshold=2.0)
        for res in results:
            ranked[res.id] = [(m.key, m.score) for m in res.candidates]
    return ranked


def rank_reference(items: Sequence[Item], prepare: Callable[[str], str]) -> dict[str, Ranked]:
    """rapidfuzz token_set_ratio against every earlier item of the same session."""
    ranked: dict[str, Ranked] = {}
    for rows in sessions(items).values():
        seen: list[tuple[str, str]] = []
        for it in rows:
            text = prepare(it.text)
            scores = [(key, fuzz.token_set_ratio(text, other) / 100.0) for key, other in seen]
            scores.sort(key=lambda x: -x[1])
            ranked[it.id] = scores[:3]
            seen.append((it.id, text))
    return ranked


def leave_one_session_out(
    items: Sequence[Item], ranked: dict[str, Ranked]
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Threshold chosen on the other sessions, scored on the held-out one; and pooled."""
    per: dict[str, dict[str, float]] = {}
    tp = fp = fn = 0
    for name, rows in sessions(items).items():
        others = [it for it in items if it.session != name]
        t = best_threshold(others, ranked)
        m = score(rows, ranked, t)
        per[name] = m
        tp, fp, fn = tp + int(m["tp"]), fp + int(m["fp"]), fn + int(m["fn"])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    pooled = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }
    return per, pooled


# --------------------------------------------------------------------------------------------
# A synthetic commune: 5,000 varied petitions for the speed figures
# --------------------------------------------------------------------------------------------

_PLACES = [
    "cầu Đá",
    "cống Ba Gian",
    "xứ đồng Mả Ngựa",
    "khu Cửa Đình",
    "chợ Nủa",
    "suối Khe Lau",
    "đồng Bãi Sậy",
    "dốc Đá Mài",
    "bến Đò Cũ",
    "gò Mít",
    "xóm Chùa",
    "ngã ba Cây Đa",
    "khu Đồng Gạo",
    "bờ đê Tả Ngạn",
    "xóm Trại",
    "khu Đầm Sen",
    "cụm công nghiệp Đồng Sơn",
    "sông Cầu Treo",
    "đồi Thông",
    "xóm Giữa",
    "xóm Cuối",
    "kênh N3",
    "trạm bơm Đông",
]
_NAMES = [
    "ông Tư",
    "bà Lự",
    "ông Khánh",
    "anh Quế",
    "chị Hằng",
    "ông Sáu",
    "bà Tám",
    "anh Dũng",
    "chị Mai",
    "ông Bảy",
    "bà Nụ",
    "anh Thắng",
    "ông Hòa",
    "bà Thúy",
    "anh Phong",
    "chị Loan",
]
_PROJECTS = [
    "tỉnh lộ 295",
    "quốc lộ 37",
    "đường vành đai phía Bắc",
    "cụm công nghiệp Đồng Sơn",
    "khu tái định cư Đồng Gạo",
    "dự án nước sạch liên xã",
    "kênh tưới N3",
    "đường 2-5",
]
_OBJECTS = [
    ("giao_thong", "đường liên thôn", "xuống cấp, ổ gà chi chít"),
    ("giao_thong", "đường nội đồng", "lầy lội, máy gặt không vào được"),
    ("giao_thong", "cầu tạm", "đã mục, mùa lũ nước ngập qua mặt cầu"),
    ("giao_thong", "đèn chiếu sáng", "hỏng gần hết, tối đi lại tối om"),
    ("moi_truong", "trại lợn", "xả nước thải ra mương, mùi hôi thối"),
    ("moi_truong", "bãi rác tự phát", "bốc mùi, ruồi nhặng"),
    ("moi_truong", "lò gạch thủ công", "khói đen bay vào khu dân cư"),
    ("moi_truong", "xe thu gom rác", "cả tuần không vào thu gom"),
    ("moi_truong", "cống thoát nước", "tắc, nước thải ứ đọng"),
    ("attp", "lò mổ", "giết mổ không có kiểm dịch"),
    ("attp", "hàng quà vặt cổng trường", "bán đồ không rõ nguồn gốc"),
    ("attp", "cơ sở làm giò chả", "nghi dùng hàn the"),
    ("dat_dai", "sổ đỏ cấp đổi", "nộp từ lâu chưa được nhận"),
    ("dat_dai", "ranh giới đất vườn", "tranh chấp, hòa giải không thành"),
    ("dat_dai", "đất công ích", "cho thuê không công khai"),
    ("dat_dai", "lô đất đấu giá", "nộp tiền rồi chưa được giao đất"),
    ("gpmb", "tiền bồi thường", "bàn giao mặt bằng rồi chưa được chi trả"),
    ("gpmb", "đơn giá đền bù cây cối", "quá thấp, bà con không đồng ý"),
    ("gpmb", "đất tái định cư", "chưa được bốc thăm giao đất"),
    ("dien_nuoc", "điện sinh hoạt", "chập chờn, điện yếu buổi tối"),
    ("dien_nuoc", "nước sạch", "đóng tiền rồi mà vòi vẫn khô"),
    ("dien_nuoc", "lịch cắt điện", "mất điện không báo trước"),
    ("an_ninh", "đua xe", "nẹt pô, lạng lách đêm cuối tuần"),
    ("an_ninh", "trộm chó", "mất cả chục con, bị bắn thuốc mê"),
    ("an_ninh", "quán karaoke", "hát đến nửa đêm"),
    ("chinh_sach", "hồ sơ người có công", "nộp lâu chưa có kết quả"),
    ("chinh_sach", "danh sách hộ nghèo", "bình xét không khách quan"),
    ("chinh_sach", "nghĩa trang liệt sĩ", "tường rào đổ, bia mộ mờ chữ"),
    ("giao_duc_y_te", "thẻ BHYT", "chưa được cấp, đi khám phải trả tiền"),
    ("giao_duc_y_te", "trạm y tế", "thiếu thuốc, kê đơn bảo ra ngoài mua"),
    ("giao_duc_y_te", "điểm trường mầm non", "mái dột, tường nứt"),
    ("thu_tuc", "bộ phận một cửa", "chờ cả buổi, cán bộ đi họp"),
    ("ntm", "đóng góp xây dựng NTM", "mức thu quá cao, chưa công khai"),
    ("khac", "loa truyền thanh", "âm lượng quá to, phát từ 5 giờ sáng"),
]
_TEMPLATES = [
    "Kính thưa chủ tọa, {obj} ở {place} thôn {v} {prob}. Đề nghị xã sớm giải quyết.",
    "{obj} thôn {v} {prob}, bà con đã phản ánh nhiều lần mà chưa được xử lý.",
    "Cho tôi hỏi {obj} gần nhà {name} ở thôn {v} {prob}, bao giờ xã mới giải quyết?",
    "Đề nghị xã kiểm tra {obj} thuộc {project}, đoạn qua thôn {v}, {prob}.",
    "Như {name} vừa nói, {obj} ở {place} {prob}, năm nào đối thoại cũng nêu.",
    "Từ năm {year} đến nay {obj} của thôn {v} {prob}, đề nghị UBND xã trả lời rõ.",
    "Xin phản ánh: {obj} ở {place}, thôn {v}, {prob}; đề nghị các ngành vào cuộc.",
    "Gia đình tôi ở thôn {v}, {obj} {prob}. Tôi muốn biết xã có kế hoạch gì không.",
]


_DETAILS = [
    "từ tháng {m} năm ngoái",
    "đã {k} lần rồi",
    "nhất là mùa mưa",
    "người già trẻ nhỏ rất khổ",
    "bà con rất bức xúc",
    "đã có đơn gửi lên xã",
    "thôn đã họp bàn mà không được",
    "ảnh hưởng đến {k} chục hộ",
    "cán bộ xuống xem rồi lại thôi",
    "mấy năm nay vẫn thế",
    "có người đã bị ngã",
    "các cháu đi học rất vất vả",
    "ban đêm càng nghiêm trọng",
    "giáp ranh với thôn {v2}",
    "dân phải tự bỏ tiền khắc phục",
    "đã báo trưởng thôn",
]
_OPENINGS = ["", "Kính thưa các đồng chí, ", "Tôi ở thôn {v}, ", "Xin hỏi: ", "Thưa chủ tọa, "]


def synthetic(n: int, seed: int) -> list[tuple[str, str, str | None]]:
    """n varied petitions (id, text, area); about a quarter typed without diacritics."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str | None]] = []
    for i in range(n):
        area, obj, prob = rng.choice(_OBJECTS)
        slots = {
            "obj": obj,
            "prob": prob,
            "place": rng.choice(_PLACES),
            "v": rng.randint(1, 12),
            "v2": rng.randint(1, 12),
            "name": rng.choice(_NAMES),
            "project": rng.choice(_PROJECTS),
            "year": rng.randint(2015, 2023),
            "m": rng.randint(1, 12),
            "k": rng.randint(2, 9),
        }
        text = rng.choice(_OPENINGS) + rng.choice(_TEMPLATES)
        extra = rng.sample(_DETAILS, rng.randint(0, 3))
        if extra:
            text += " " + ", ".join(extra).capitalize() + "."
        text = text.format(**slots)
        text = text[:1].upper() + text[1:]
        if rng.random() < 0.25:
            text = plain_text(text)
        out.append((f"S-{i:05d}", text, area if rng.random() < 0.7 else None))
    return out


def speed() -> tuple[float, float]:
    earlier = synthetic(5000, seed=1)
    index = TopicIndex()
    for key, text, area in earlier:
        index.add(key, text, area)
    queries = synthetic(300, seed=2)
    for _, text, area in queries[:20]:  # warm the caches
        index.best(text, area)
    times = []
    for _, text, area in queries:
        t0 = time.perf_counter()
        index.best(text, area)
        times.append((time.perf_counter() - t0) * 1000.0)
    p95 = statistics.quantiles(times, n=100)[94]
    t0 = time.perf_counter()
    for _ in flag_registrations(synthetic(5000, seed=3)):
        pass
    return p95, time.perf_counter() - t0


def _line(name: str, m: dict[str, float]) -> str:
    return (
        f"{name:<18} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} "
        f"acc={m['accuracy']:.3f} R@3={m['recall_at_3']:.3f} (threshold {m['threshold']:.3f}; "
        f"tp={m['tp']} fp={m['fp']} fn={m['fn']})"
    )


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEV_SET
    items = load(path)
    print(
        f"{path}: {len(items)} registrations, {len(sessions(items))} sessions, "
        f"{sum(it.dup_of is not None for it in items)} duplicates"
    )

    engine_ranked = rank_engine(items)
    engine = score(items, engine_ranked, DEFAULT_THRESHOLD)
    print(_line("engine", engine))
    sweep_t = best_threshold(items, engine_ranked)
    print(_line("engine (best t)", score(items, engine_ranked, sweep_t)))

    refs: dict[str, dict[str, float]] = {}
    for name, prepare in (("token_set_raw", str), ("token_set_plain", plain_text)):
        ranked = rank_reference(items, prepare)
        refs[name] = score(items, ranked, best_threshold(items, ranked))
        print(_line(name, refs[name]))

    per, pooled = leave_one_session_out(items, engine_ranked)
    for name, m in per.items():
        print(_line(f"engine LOSO {name}", m))
    print(
        f"engine LOSO pooled   P={pooled['precision']:.3f} R={pooled['recall']:.3f} "
        f"F1={pooled['f1']:.3f}"
    )

    p95, flag_s = speed()
    print(f"best() among 5,000 earlier issues: p95 {p95:.2f} ms")
    print(f"flag 5,000 registrations of one session: {flag_s:.2f} s")

    def public(m: dict[str, float]) -> dict[str, float]:
        return {
            k: m[k] for k in ("precision", "recall", "f1", "accuracy", "recall_at_3", "threshold")
        }

    print(
        json.dumps(
            {
                "engine": public(engine),
                "token_set_raw": public(refs["token_set_raw"]),
                "token_set_plain": public(refs["token_set_plain"]),
                "engine_loso": {
                    "per_session": {k: public(v) for k, v in per.items()},
                    "pooled": pooled,
                },
                "best_p95_ms_at_5000": round(p95, 3),
                "flag_5000_seconds": round(flag_s, 3),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
