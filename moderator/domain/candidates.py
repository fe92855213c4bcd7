"""Which earlier texts each text of a batch may repeat: a few candidates for exact scoring.

Flagging a file of thousands of petitions one at a time spends most of its time finding, for
each, the earlier texts that share its rarer words. Here that search is done for the whole
batch at once, with array operations (numpy), as `TopicIndex._best` does it for one query:

- every text's units are laid out as keys in three posting spaces, so that a pair of texts
  meets only where the index would compare them (exact keys when both were typed with
  diacritics, plain keys when either was not);
- each new text looks up, among the texts *before* it, the postings of its rarer units, about
  `budget` of them in all (units found in more texts than that weigh little and are left out
  of the search, as the index defers them);
- each pair that met gets a rough score from the units that met (the query's share and the
  earlier text's share of their weights), lowered for two different villages, and the best
  `limit` per new text are scored exactly, by the rule `topics._score` applies to one pair
  (a test holds the two equal), and returned best first with the words that explain them.

A unit weighs its prior times an idf counted once over the whole collection (the index's texts
and the batch's): a file of written petitions is known whole before any is flagged.
"""

from __future__ import annotations

import os

# No linear algebra here: numpy's BLAS need not start a thread per core (on a two-core machine
# its threads' start costs an import a tenth of a second of the other core).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from moderator.domain.topics import Analysis, Unit

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

# The posting spaces (see `best`).
_STRICT, _LOOSE_PLAIN, _LOOSE_ALL = 0, 1, 2


class _Units:
    """The distinct units of a batch's texts (analyses share their unit objects), with the
    ids of their keys."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = units
        self.keys: dict[str, int] = {}
        key = self.keys.setdefault
        self.prior = [u.weight for u in units]
        self.strict = [tuple(key(k, len(self.keys)) for k in u.strict) for u in units]
        self.loose = [tuple(key(k, len(self.keys)) for k in u.loose) for u in units]
        self.primary = [keys[0] for keys in self.loose]


def _csr(rows: list[tuple[int, ...]]) -> tuple[Ints, Ints]:
    lengths = np.fromiter(map(len, rows), np.int64, len(rows))
    start = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(lengths, out=start[1:])
    values = np.fromiter((v for row in rows for v in row), np.int64, int(start[-1]))
    return start, values


def _gather(start: Ints, values: Ints, rows: Ints) -> tuple[Ints, Ints]:
    """For each of `rows` (indices into a compressed table), its values: (which row of `rows`
    each value belongs to, the values)."""
    lengths = start[rows + 1] - start[rows]
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    ends = np.cumsum(lengths)
    offsets = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) - np.repeat(
        ends - lengths, lengths
    )
    return owner, values[np.repeat(start[rows], lengths) + offsets]


def _order(keys: Ints) -> Ints:
    """The stable sorting order of non-negative `keys`. Sorting the keys with their positions
    packed into their low bits is several times faster than numpy's `argsort`."""
    if not len(keys):
        return np.zeros(0, np.int64)
    bits = len(keys).bit_length()
    if int(keys.max()) >= 1 << (62 - bits):
        return np.argsort(keys, kind="stable")
    return np.sort((keys << bits) | np.arange(len(keys), dtype=np.int64)) & ((1 << bits) - 1)


def _distinct(values: Ints) -> Ints:
    """The distinct values, sorted (numpy's own `unique` hashes, many times slower here)."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _groups(values: Ints) -> tuple[Ints, Ints]:
    """The distinct values, sorted, and for each value the number of its group."""
    order = _order(values)
    ordered = values[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, np.bool_)
    inverse = np.empty(len(values), np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


_VILLAGE_BITS = 60  # villages are numbers below 100 (topics._number_units): two words of bits


def _villages(analyses: Sequence[Analysis]) -> tuple[Ints, Ints]:
    """Each text's villages as bits, in two words; 0 and 0: none named."""
    masks = np.zeros((2, len(analyses)), np.int64)
    for i, analysis in enumerate(analyses):
        for v in analysis.villages:
            masks[v // _VILLAGE_BITS % 2, i] |= 1 << (v % _VILLAGE_BITS)
    return masks[0], masks[1]


def _apart(low: Ints, high: Ints, a: Ints, b: Ints) -> Bools:
    """Whether texts `a` and `b` both name villages, and none in common."""
    named_a = (low[a] != 0) | (high[a] != 0)
    named_b = (low[b] != 0) | (high[b] != 0)
    common = ((low[a] & low[b]) != 0) | ((high[a] & high[b]) != 0)
    apart: Bools = np.logical_and(named_a & named_b, ~common)
    return apart


class Rule(NamedTuple):
    """How `topics._score` adjusts a score: two different villages, only places in common, the
    same area (see topics.py)."""

    village_conflict: float
    place_only: float
    place_kinds: frozenset[str]
    area_bonus: float
    silent_kinds: frozenset[str]  # units that never explain a match (`topics._explain`)


Scored = tuple[int, float, list[int]]
"""An earlier text (its number), its score, and the units of it that explain the match, most
telling first (their positions in its analysis)."""


@dataclass(frozen=True)
class Found:
    """What `best` found: per new text, the earlier texts that score, best first (among equal
    scores, one of the query's area, then the earliest); and every text's units' weights
    (those of text d are numbered from start[d] to start[d + 1])."""

    scored: list[list[Scored]]
    weights: Floats
    start: Ints


@dataclass(frozen=True)
class _Texts:
    """A batch's texts as arrays. Each unit of each text is a *slot* (text d's slots are
    numbered from doc_start[d] to doc_start[d + 1]); each key of a slot's unit is an *entry*,
    its exact keys (s_) and its plain keys (l_) apart, both in slot order."""

    count: int
    units: _Units
    key_count: int
    slot_unit: Ints
    slot_doc: Ints
    doc_start: Ints
    accented: Bools
    slot_weight: Floats  # the unit's prior times an idf over the whole collection
    doc_total: Floats
    s_slot: Ints
    s_key: Ints
    l_slot: Ints
    l_key: Ints
    village_low: Ints
    village_high: Ints


def _texts(analyses: Sequence[Analysis]) -> _Texts:
    count = len(analyses)
    flat = list(chain.from_iterable(a.units for a in analyses))
    # The texts share unit objects: each is numbered once, by its identity.
    ids = np.fromiter(map(id, flat), np.int64, len(flat))
    same, slot_unit = _groups(ids - ids.min() if len(ids) else ids)
    first_of = np.zeros(len(same), np.int64)
    first_of[slot_unit[::-1]] = np.arange(len(flat) - 1, -1, -1)
    units = _Units([flat[i] for i in first_of.tolist()])
    doc_start = np.zeros(count + 1, np.int64)
    np.cumsum(np.fromiter((len(a.units) for a in analyses), np.int64, count), out=doc_start[1:])
    slot_doc = np.repeat(np.arange(count, dtype=np.int64), np.diff(doc_start))
    key_count = max(1, len(units.keys))
    primary = np.asarray(units.primary, np.int64)[slot_unit]
    held = _distinct(slot_doc * key_count + primary)
    df = np.bincount(held % key_count, minlength=key_count)
    idf = (1.0 + np.log((count + 1) / (df + 1.0))) / (1.0 + np.log(count + 1.0))
    slot_weight = np.asarray(units.prior, np.float64)[slot_unit] * idf[primary]
    s_slot, s_key = _gather(*_csr(units.strict), slot_unit)
    l_slot, l_key = _gather(*_csr(units.loose), slot_unit)
    village_low, village_high = _villages(analyses)
    return _Texts(
        count=count,
        units=units,
        key_count=key_count,
        slot_unit=slot_unit,
        slot_doc=slot_doc,
        doc_start=doc_start,
        accented=np.fromiter((a.accented for a in analyses), np.bool_, count),
        slot_weight=slot_weight,
        doc_total=np.asarray(np.bincount(slot_doc, slot_weight, minlength=count), np.float64),
        s_slot=s_slot,
        s_key=s_key,
        l_slot=l_slot,
        l_key=l_key,
        village_low=village_low,
        village_high=village_high,
    )


def best(
    analyses: Sequence[Analysis],
    areas: Sequence[str | None],
    first: int,
    *,
    limit: int,
    budget: int,
    common_min: int,
    rule: Rule,
) -> Found:
    """For each text from `first` on, the texts before it that score, at most `limit`
    candidates (see the module docstring)."""
    texts = _texts(analyses)
    scored: list[list[Scored]] = [[] for _ in range(texts.count - first)]
    query, earlier = _propose(texts, first, limit, budget, common_min, rule)
    if len(query):
        _score_exactly(texts, query, earlier, areas, rule, scored, first)
    return Found(scored, texts.slot_weight, texts.doc_start)


def _propose(
    t: _Texts, first: int, limit: int, budget: int, common_min: int, rule: Rule
) -> tuple[Ints, Ints]:
    """The pairs (query, earlier text) worth scoring exactly: at most `limit` a query, by
    query, best first."""
    count, slot_doc, key_count = t.count, t.slot_doc, t.key_count
    s_slot, s_key, l_slot, l_key = t.s_slot, t.s_key, t.l_slot, t.l_key
    none = np.zeros(0, np.int64)

    # Entries in each posting space: exact keys of texts typed with diacritics, plain keys of
    # texts typed without, plain keys of every text.
    s_acc = t.accented[slot_doc[s_slot]]
    l_acc = t.accented[slot_doc[l_slot]]

    def space(kind: int, key: Ints) -> Ints:
        return kind * key_count + key

    post_slot = np.concatenate((s_slot[s_acc], l_slot[~l_acc], l_slot))
    post_space = np.concatenate(
        (
            space(_STRICT, s_key[s_acc]),
            space(_LOOSE_PLAIN, l_key[~l_acc]),
            space(_LOOSE_ALL, l_key),
        )
    )
    post_code = post_space * count + slot_doc[post_slot]
    order = _order(post_code)
    post_code, post_slot = post_code[order], post_slot[order]
    post_doc, post_weight = slot_doc[post_slot], t.slot_weight[post_slot]

    # What each new text looks up: its exact keys among texts with diacritics and its plain
    # keys among texts without (when it has diacritics), else its plain keys among all.
    new_s = slot_doc[s_slot] >= first
    new_l = slot_doc[l_slot] >= first
    acc_s = new_s & s_acc
    q_slot = np.concatenate((s_slot[acc_s], l_slot[new_l & l_acc], l_slot[new_l & ~l_acc]))
    q_space = np.concatenate(
        (
            space(_STRICT, s_key[acc_s]),
            space(_LOOSE_PLAIN, l_key[new_l & l_acc]),
            space(_LOOSE_ALL, l_key[new_l & ~l_acc]),
        )
    )
    q_doc = slot_doc[q_slot]
    # Looked up in order: numpy's binary search goes on from where the last one ended.
    order = _order(q_space * count + q_doc)
    low, high = np.empty(len(q_doc), np.int64), np.empty(len(q_doc), np.int64)
    low[order] = np.searchsorted(post_code, (q_space * count)[order])
    high[order] = np.searchsorted(post_code, (q_space * count + q_doc)[order])  # texts before
    sizes = high - low  # how many earlier texts have the key
    # Of a key in more than `budget` earlier texts only the latest are read: a file whose rows
    # all say the same (a mass petition) costs no more a row than any other.
    low = np.maximum(low, high - budget)
    reads = high - low

    # The rarest units of each query propose candidates, about `budget` texts read in all; the
    # rarest one always does, and so does any unit in no more than `common_min` texts.
    slots = len(slot_doc)
    unit_size = np.bincount(q_slot, sizes, minlength=slots).astype(np.int64)
    unit_reads = np.bincount(q_slot, reads, minlength=slots).astype(np.int64)
    asking = np.flatnonzero((unit_size > 0) & (slot_doc >= first))
    if not len(asking):
        return none, none
    asking = asking[_order(slot_doc[asking] * (int(unit_size.max()) + 1) + unit_size[asking])]
    owner = slot_doc[asking]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    running = np.cumsum(unit_reads[asking])
    before = np.repeat(
        running[starts] - unit_reads[asking][starts], np.diff(np.r_[starts, len(owner)])
    )
    rarest = np.zeros(len(asking), np.bool_)
    rarest[starts] = True
    chosen = np.zeros(slots, np.bool_)
    chosen[asking[(running - before <= budget) | rarest | (unit_size[asking] <= common_min)]] = True
    entry = np.flatnonzero(chosen[q_slot] & (reads > 0))
    if not len(entry):
        return none, none

    # Every (query unit, earlier unit) that met, then per pair of texts how much of the
    # query's weight and of the earlier text's weight met: a rough score (a unit that met
    # under two keys counts twice), only to choose the candidates.
    entry = entry[np.argsort(q_doc[entry], kind="stable")]  # the hits come query by query
    t_low, t_size = low[entry], reads[entry]
    ends = np.cumsum(t_size)
    hit = np.repeat(t_low - (ends - t_size), t_size) + np.arange(int(ends[-1]), dtype=np.int64)
    code = np.repeat(q_doc[entry], t_size) * count + post_doc[hit]
    order = _order(code)
    code = code[order]
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    pairs = code[starts]
    m_q = np.add.reduceat(np.repeat(t.slot_weight[q_slot[entry]], t_size)[order], starts)
    m_d = np.add.reduceat(post_weight[hit][order], starts)
    query, earlier = pairs // count, pairs % count
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.sqrt(
            np.minimum(1.0, m_q / t.doc_total[query]) * np.minimum(1.0, m_d / t.doc_total[earlier])
        )
    score = np.nan_to_num(score)
    score[_apart(t.village_low, t.village_high, query, earlier)] *= rule.village_conflict

    # The best `limit` per query. Pairs come sorted by query, then earlier text: a stable sort
    # on the query and the score (to a millionth) keeps that order among equal scores.
    steps = 1 << 20
    lower = (steps - 1 - np.rint(np.clip(score, 0.0, 1.0) * (steps - 1))).astype(np.int64)
    order = _order(query * steps + lower)
    query, earlier = query[order], earlier[order]
    group = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    rank = np.arange(len(query)) - np.repeat(group, np.diff(np.r_[group, len(query)]))
    keep = rank < limit
    return query[keep], earlier[keep]


def _score_exactly(
    t: _Texts,
    query: Ints,
    earlier: Ints,
    areas: Sequence[str | None],
    rule: Rule,
    scored: list[list[Scored]],
    first: int,
) -> None:
    """Score each pair exactly, as `topics._score` scores one (a test holds them equal): each
    side's units that have a key (of the pair's kind) among the other side's keys; add those
    that score to `scored` (by query, numbered from `first`), best first, with the units that
    explain them."""
    s_slot, l_slot, slot_doc, key_count = t.s_slot, t.l_slot, t.slot_doc, t.key_count
    entry_slot = np.concatenate((s_slot, l_slot))
    entry_key = np.concatenate((t.s_key, t.l_key))
    entry_doc = slot_doc[entry_slot]
    doc_range = np.arange(t.count + 1)
    strict_start = np.searchsorted(entry_doc[: len(s_slot)], doc_range)
    loose_start = len(s_slot) + np.searchsorted(entry_doc[len(s_slot) :], doc_range)
    is_strict = (np.arange(len(entry_slot)) < len(s_slot)).astype(np.int64)
    member = np.sort((entry_doc * 2 + is_strict) * key_count + entry_key)
    unit_start = np.r_[True, entry_slot[1:] != entry_slot[:-1]]  # an entry starts its unit
    strict = t.accented[query] & t.accented[earlier]

    def side(own: Ints, other: Ints) -> tuple[Ints, Ints, Bools]:
        """Per pair and unit of the `own` text: the pair, the unit's slot, whether it meets."""
        low = np.where(strict, strict_start[own], loose_start[own])
        size = np.where(strict, strict_start[own + 1], loose_start[own + 1]) - low
        ends = np.cumsum(size)
        entry = np.repeat(low - (ends - size), size) + np.arange(int(ends[-1]), dtype=np.int64)
        needle = np.repeat((other * 2 + strict) * key_count, size) + entry_key[entry]
        at = np.minimum(np.searchsorted(member, needle), len(member) - 1)
        unit = unit_start[entry]
        unit[np.r_[0, ends[:-1]]] = True  # each pair's first entry too
        units = np.flatnonzero(unit)
        meets = np.logical_or.reduceat(member[at] == needle, units)
        pair = np.repeat(np.arange(len(own), dtype=np.int64), size)
        return pair[units], entry_slot[entry[units]], meets

    q_pair, q_slot, q_meets = side(query, earlier)
    d_pair, d_slot, d_meets = side(earlier, query)
    kept, weight = len(query), t.slot_weight
    m_q = np.bincount(q_pair, np.where(q_meets, weight[q_slot], 0.0), minlength=kept)
    m_d = np.bincount(d_pair, np.where(d_meets, weight[d_slot], 0.0), minlength=kept)
    kinds = [u.kind for u in t.units.units]
    place = np.fromiter((k in rule.place_kinds for k in kinds), np.bool_)[t.slot_unit]
    not_place = np.bincount(d_pair, d_meets & ~place[d_slot], minlength=kept)
    t_q, t_d = t.doc_total[query], t.doc_total[earlier]
    scores = m_d > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = np.where(scores, np.sqrt(m_q / t_q * np.minimum(1.0, m_d / t_d)), 0.0)
    exact[_apart(t.village_low, t.village_high, query, earlier)] *= rule.village_conflict
    exact[scores & (not_place == 0)] *= rule.place_only
    area_codes: dict[str | None, int] = {None: -1}
    area = np.fromiter((area_codes.setdefault(a, len(area_codes)) for a in areas), np.int64)
    same_area = (area[earlier] >= 0) & (area[earlier] == area[query])
    exact = np.where(same_area, exact + rule.area_bonus * (1.0 - exact), exact)

    # Each query's pairs that score, best first; each pair's units that explain it, the
    # heaviest first.
    ranked = np.lexsort((earlier, ~same_area, -exact, query))
    ranked = ranked[exact[ranked] > 0]
    silent = np.fromiter((k in rule.silent_kinds for k in kinds), np.bool_)[t.slot_unit]
    telling = d_meets & ~silent[d_slot]
    pair, slot = d_pair[telling], d_slot[telling]
    by_weight = np.lexsort((slot, -weight[slot], pair))
    pair, slot = pair[by_weight], slot[by_weight]
    told = (slot - t.doc_start[earlier[pair]]).tolist()
    told_end = np.cumsum(np.bincount(pair, minlength=kept)).tolist()
    queries, earliers, exacts = query.tolist(), earlier.tolist(), exact.tolist()
    for i in ranked.tolist():
        units_told = told[told_end[i - 1] if i else 0 : told_end[i]]
        scored[queries[i] - first].append((earliers[i], exacts[i], units_told))
