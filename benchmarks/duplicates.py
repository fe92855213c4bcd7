"""Duplicate-topic flagging: quality on the labelled dev set, and speed.

Usage: python benchmarks/duplicates.py [PETITIONS.jsonl]

Prints, from one run, precision, recall, F1, accuracy and recall@3 (scored as
tests/data/README.md says) for:

- the engine (moderator.domain.topics) with its shipped lexicon: **in-sample**, since the
  lexicon was written while reading these petitions;
- the engine **lexicon-blind, leave one session out**: each session is scored with the lexicon
  less the entries added for a wording of that session (lexicon.toml `source`), at the threshold
  that is best on the other three sessions;
- the engine with the lexicon cut to **general vocabulary** (every entry added for a dev
  wording removed), and with **no synonyms** at all (words match only themselves);
- two **TF-IDF references**: texts without diacritics, word 1-2-grams with and without
  character 3-5-grams, sublinear tf, the idf fitted on all the texts of the set (as a vectoriser
  fitted on it would be; no labels), cosine against each earlier item of the session; thresholds
  chosen the same way as the engine's (best on the set; best on the other sessions);
- rapidfuzz token_set_ratio, when rapidfuzz is installed (`pip install -e '.[bench]'`).

Then the speed figures: p95 of `best()` among 5,000 earlier issues and the wall time of flagging
5,000 registrations of one session. The last line is one JSON object.
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from moderator.domain.topics import (  # noqa: E402
    DEFAULT_THRESHOLD,
    TopicIndex,
    flag_registrations,
    plain_text,
)
from moderator.domain.vietnamese import Lexicon, default_lexicon  # noqa: E402

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
Metrics = dict[str, float]


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


def counts(items: Sequence[Item], ranked: dict[str, Ranked], threshold: float) -> Counter[str]:
    """tp, fp, fn, right (accuracy), r3_hit and r3_all, as the data README defines them."""
    cluster = {it.id: it.dup_of or it.id for it in items}
    c: Counter[str] = Counter(n=len(items))
    for it in items:
        cands = ranked.get(it.id, [])
        pred = cands[0][0] if cands and cands[0][1] >= threshold else None
        same = pred is not None and cluster[pred] == cluster[it.id]
        if it.dup_of is not None:
            c["r3_all"] += 1
            c["r3_hit"] += any(cluster[k] == cluster[it.id] for k, _ in cands[:3])
            if same:
                c["tp"] += 1
                c["right"] += 1
            else:
                c["fn"] += 1
                c["fp"] += pred is not None
        elif pred is None:
            c["right"] += 1
        else:
            c["fp"] += 1
    return c


def metrics(c: Counter[str], threshold: float | None = None) -> Metrics:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    out = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "accuracy": round(c["right"] / c["n"], 4) if c["n"] else 0.0,
        "recall_at_3": round(c["r3_hit"] / c["r3_all"], 4) if c["r3_all"] else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }
    if threshold is not None:
        out["threshold"] = round(threshold, 4)
    return out


def score(items: Sequence[Item], ranked: dict[str, Ranked], threshold: float) -> Metrics:
    return metrics(counts(items, ranked, threshold), threshold)


def best_threshold(items: Sequence[Item], ranked: dict[str, Ranked]) -> float:
    """The threshold with the best F1 (ties: the higher threshold), swept over seen scores."""
    ids = {it.id for it in items}
    top_scores = sorted({c[0][1] for k, c in ranked.items() if c and k in ids} | {0.0})
    best_t, best_f1 = 0.0, -1.0
    for t in top_scores:
        f1 = score(items, ranked, t)["f1"]
        if f1 >= best_f1:
            best_t, best_f1 = t, f1
    return best_t


def leave_one_session_out(
    items: Sequence[Item], rank: Callable[[str], dict[str, Ranked]]
) -> tuple[dict[str, Metrics], Metrics]:
    """Per session: rank with `rank(session)`, choose the threshold on the other sessions and
    score the held-out one; and the counts pooled over the sessions."""
    per: dict[str, Metrics] = {}
    pooled: Counter[str] = Counter()
    for name, rows in sessions(items).items():
        ranked = rank(name)
        t = best_threshold([it for it in items if it.session != name], ranked)
        c = counts(rows, ranked, t)
        per[name] = metrics(c, t)
        pooled += c
    return per, metrics(pooled)


def rank_engine(items: Sequence[Item], lexicon: Lexicon | None = None) -> dict[str, Ranked]:
    """The engine, run live per session through flag_registrations."""
    ranked: dict[str, Ranked] = {}
    for rows in sessions(items).values():
        triples = ((it.id, it.text, it.area) for it in rows)
        for res in flag_registrations(triples, threshold=2.0, lexicon=lexicon):
            ranked[res.id] = [(m.key, m.score) for m in res.candidates]
    return ranked


def rank_batch(items: Sequence[Item]) -> dict[str, Ranked]:
    """The engine as an import runs it: each session's registrations as one file, matched at
    once (TopicIndex.best_many)."""
    ranked: dict[str, Ranked] = {}
    for rows in sessions(items).values():
        found = TopicIndex().best_many([(it.id, it.text, it.area) for it in rows], k=3)
        for it, matches in zip(rows, found, strict=True):
            ranked[it.id] = [(m.key, m.score) for m in matches]
    return ranked


# --------------------------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def tfidf_features(text: str, chars: bool) -> Counter[str]:
    """Word 1-2-grams of the text without diacritics; with `chars`, its character 3-5-grams."""
    words = _WORD.findall(plain_text(text))
    feats: Counter[str] = Counter("w " + w for w in words)
    feats.update("b " + a + " " + b for a, b in zip(words, words[1:], strict=False))
    if chars:
        line = f" {' '.join(words)} "
        for n in (3, 4, 5):
            feats.update("c " + line[i : i + n] for i in range(len(line) - n + 1))
    return feats


def rank_tfidf(items: Sequence[Item], chars: bool) -> dict[str, Ranked]:
    """Cosine of tf-idf vectors (sublinear tf), the idf fitted on every text of the set, as a
    vectoriser fitted on the set would be (the texts only, never the labels)."""
    feats = {it.id: tfidf_features(it.text, chars) for it in items}
    df: Counter[str] = Counter()
    for f in feats.values():
        df.update(f.keys())
    n = len(items)
    vectors: dict[str, dict[str, float]] = {}
    for key, f in feats.items():
        v = {k: (1 + math.log(tf)) * (1 + math.log((1 + n) / (1 + df[k]))) for k, tf in f.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[key] = {k: x / norm for k, x in v.items()}
    ranked: dict[str, Ranked] = {}
    for rows in sessions(items).values():
        for i, it in enumerate(rows):
            q = vectors[it.id]
            scores = [
                (o.id, sum(x * vectors[o.id].get(k, 0.0) for k, x in q.items())) for o in rows[:i]
            ]
            scores.sort(key=lambda x: -x[1])
            ranked[it.id] = scores[:3]
    return ranked


def rank_token_set(items: Sequence[Item]) -> dict[str, Ranked] | None:
    """rapidfuzz token_set_ratio on the text without diacritics; None when not installed."""
    try:
        from rapidfuzz import fuzz
    except ImportError:
        return None
    ranked: dict[str, Ranked] = {}
    for rows in sessions(items).values():
        seen: list[tuple[str, str]] = []
        for it in rows:
            text = plain_text(it.text)
            scores = [(key, fuzz.token_set_ratio(text, other) / 100.0) for key, other in seen]
            scores.sort(key=lambda x: -x[1])
            ranked[it.id] = scores[:3]
            seen.append((it.id, text))
    return ranked


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


def _line(name: str, m: Metrics) -> str:
    t = f"{m['threshold']:.3f}" if "threshold" in m else "per session"
    return (
        f"{name:<44} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} "
        f"acc={m['accuracy']:.3f} R@3={m['recall_at_3']:.3f}  t={t} "
        f"(tp={m['tp']} fp={m['fp']} fn={m['fn']})"
    )


def public(m: Metrics) -> Metrics:
    keys = ("precision", "recall", "f1", "accuracy", "recall_at_3", "threshold")
    return {k: m[k] for k in keys if k in m}


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEV_SET
    items = load(path)
    print(
        f"{path}: {len(items)} registrations, {len(sessions(items))} sessions, "
        f"{sum(it.dup_of is not None for it in items)} duplicates"
    )
    lexicon = default_lexicon()
    general = lexicon.general()
    dev_entries = len(lexicon.entries) - len(general.entries)
    print(
        f"lexicon: {len(lexicon.groups())} synonym groups in {len(lexicon.entries)} entries, "
        f"{dev_entries} of them added for a wording seen in one dev session"
    )
    report: dict[str, object] = {}

    ranked = rank_engine(items, lexicon)
    engine = score(items, ranked, DEFAULT_THRESHOLD)
    best_t = score(items, ranked, best_threshold(items, ranked))
    print(_line(f"engine, in-sample (default t={DEFAULT_THRESHOLD})", engine))
    print(_line("engine, in-sample (best t)", best_t))
    report["engine_in_sample"] = public(engine)
    report["engine_in_sample_best_t"] = public(best_t)
    batch = score(items, rank_batch(items), DEFAULT_THRESHOLD)
    print(_line("engine, each session as one import file (default t)", batch))
    report["engine_batch_in_sample"] = public(batch)

    blind: dict[str, dict[str, Ranked]] = {}

    def rank_blind(session: str) -> dict[str, Ranked]:
        if session not in blind:
            blind[session] = rank_engine(items, lexicon.without_sessions({session}))
        return blind[session]

    per, pooled = leave_one_session_out(items, rank_blind)
    for name, m in per.items():
        print(_line(f"  lexicon-blind LOSO {name}", m))
    print(_line("engine, lexicon-blind LOSO (pooled)", pooled))
    report["engine_lexicon_blind_loso"] = {
        "per_session": {k: public(v) for k, v in per.items()},
        "pooled": public(pooled),
    }

    for label, key, lex in (
        ("general lexicon", "engine_general_lexicon", general),
        ("no synonyms", "engine_no_synonyms", lexicon.without_synonyms()),
    ):
        r = rank_engine(items, lex)
        at_default = score(items, r, DEFAULT_THRESHOLD)
        _, loso = leave_one_session_out(items, lambda _s, r=r: r)
        print(_line(f"engine, {label} (default t)", at_default))
        print(_line(f"engine, {label}, LOSO threshold", loso))
        report[key] = {"default_t": public(at_default), "loso_t": public(loso)}

    refs: list[tuple[str, str, dict[str, Ranked] | None]] = [
        ("TF-IDF word+char n-grams", "tfidf_word_char", rank_tfidf(items, chars=True)),
        ("TF-IDF word n-grams", "tfidf_word", rank_tfidf(items, chars=False)),
        ("rapidfuzz token_set, no diacritics", "token_set", rank_token_set(items)),
    ]
    for label, key, r in refs:
        if r is None:
            print(f"{label}: not measured (pip install -e '.[bench]' to install rapidfuzz)")
            continue
        in_sample = score(items, r, best_threshold(items, r))
        _, loso = leave_one_session_out(items, lambda _s, r=r: r)
        print(_line(f"{label}, in-sample (best t)", in_sample))
        print(_line(f"{label}, LOSO threshold", loso))
        report[key] = {"best_t": public(in_sample), "loso_t": public(loso)}

    p95, flag_s = speed()
    print(f"best() among 5,000 earlier issues: p95 {p95:.2f} ms")
    print(f"flag 5,000 registrations of one session: {flag_s:.2f} s")
    report["best_p95_ms_at_5000"] = round(p95, 3)
    report["flag_5000_seconds"] = round(flag_s, 3)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
