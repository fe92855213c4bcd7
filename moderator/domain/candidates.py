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
  earlier text's share of their weights, the weights being priors times an idf over the whole
  collection), lowered for two different villages, and the best `limit` per new text are
  returned, best first, for `TopicIndex` to score exactly with the idf of their moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from moderator.domain.topics import Analysis, Unit

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# The posting spaces (see `propose`).
_STRICT, _LOOSE_PLAIN, _LOOSE_ALL = 0, 1, 2


class _Units:
    """The distinct units of a batch's texts (analyses share their unit objects), with the
    ids of their keys."""

    def __init__(self, units: Sequence[Unit]) -> None:
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


def _village_masks(analyses: Sequence[Analysis]) -> Ints:
    """Each text's villages (numbers below 63) as bits; 0: none named."""
    masks = np.zeros(len(analyses), np.int64)
    for i, analysis in enumerate(analyses):
        bits = 0
        for v in analysis.villages:
            if 0 <= v < 63:
                bits |= 1 << v
        masks[i] = bits
    return masks


@dataclass(frozen=True)
class Proposed:
    """What `propose` found: per new text, the earlier texts to score exactly, best first;
    and every text's units' weights (the units of text d are those numbered from start[d] to
    start[d + 1])."""

    candidates: list[list[int]]
    weights: list[float]
    start: list[int]


def propose(
    analyses: Sequence[Analysis],
    first: int,
    *,
    limit: int,
    budget: int,
    common_min: int,
    village_conflict: float,
) -> Proposed:
    """For each text from `first` on, the texts before it most worth scoring exactly, best
    first (at most `limit`): see the module docstring."""
    count = len(analyses)
    flat = list(chain.from_iterable(a.units for a in analyses))
    distinct = list({id(u): u for u in flat}.values())
    number = {id(u): i for i, u in enumerate(distinct)}
    units = _Units(distinct)
    slot_unit = np.fromiter(map(number.__getitem__, map(id, flat)), np.int64, len(flat))
    doc_start = np.zeros(count + 1, np.int64)
    np.cumsum(np.fromiter((len(a.units) for a in analyses), np.int64, count), out=doc_start[1:])
    slots = len(flat)
    slot_doc = np.repeat(np.arange(count, dtype=np.int64), np.diff(doc_start))
    accented = np.fromiter((a.accented for a in analyses), np.bool_, count)
    key_count = max(1, len(units.keys))

    # Weights: each unit's prior times an idf over the whole collection (a rough score only).
    primary = np.asarray(units.primary, np.int64)[slot_unit]
    held = _distinct(slot_doc * key_count + primary)
    df = np.bincount(held % key_count, minlength=key_count)
    idf = (1.0 + np.log((count + 1) / (df + 1.0))) / (1.0 + np.log(count + 1.0))
    slot_weight = np.asarray(units.prior, np.float64)[slot_unit] * idf[primary]
    doc_total = np.bincount(slot_doc, slot_weight, minlength=count)

    # Entries (slot, key) in each posting space: exact keys of texts typed with diacritics,
    # plain keys of texts typed without, plain keys of every text.
    strict_start, strict_keys = _csr(units.strict)
    loose_start, loose_keys = _csr(units.loose)
    s_slot, s_key = _gather(strict_start, strict_keys, slot_unit)
    l_slot, l_key = _gather(loose_start, loose_keys, slot_unit)
    s_acc = accented[slot_doc[s_slot]]
    l_acc = accented[slot_doc[l_slot]]

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
    sizes = high - low

    # The rarest units of each query propose candidates, about `budget` postings in all; a
    # unit found in no more than the commonest of those (or `common_min`) texts does too.
    unit_size = np.bincount(q_slot, sizes, minlength=slots).astype(np.int64)
    asking = np.flatnonzero((unit_size > 0) & (slot_doc >= first))
    proposals: list[list[int]] = [[] for _ in range(count - first)]
    if not len(asking):
        return Proposed(proposals, slot_weight.tolist(), doc_start.tolist())
    asking = asking[_order(slot_doc[asking] * (int(unit_size.max()) + 1) + unit_size[asking])]
    size = unit_size[asking]
    owner = slot_doc[asking]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    running = np.cumsum(size)
    before = np.repeat(running[starts] - size[starts], np.diff(np.r_[starts, len(size)]))
    within = (running - before) <= budget
    common = np.maximum.reduceat(np.where(within, size, 0), starts)
    common = np.maximum(np.maximum(common, size[starts]), common_min)
    chosen = np.zeros(slots, np.bool_)
    chosen[asking[size <= np.repeat(common, np.diff(np.r_[starts, len(size)]))]] = True
    take = chosen[q_slot] & (sizes > 0)

    # Every (query unit, earlier unit) that met, then per pair of texts: how much of the
    # query's weight and of the earlier text's weight met (each unit counted once).
    t_low, t_size = low[take], sizes[take]
    ends = np.cumsum(t_size)
    which = np.repeat(np.arange(len(t_size), dtype=np.int64), t_size)
    offset = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) - (ends - t_size)[which]
    met_q_slot = q_slot[take][which]
    met_d_slot = post_slot[t_low[which] + offset]
    met_q = slot_doc[met_q_slot]
    met_d = slot_doc[met_d_slot]
    pairs, inverse = _groups(met_q * count + met_d)
    m_q = np.bincount(inverse, slot_weight[met_q_slot], minlength=len(pairs))
    m_d = np.bincount(inverse, slot_weight[met_d_slot], minlength=len(pairs))
    query, earlier = pairs // count, pairs % count
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.sqrt(
            np.minimum(1.0, m_q / doc_total[query]) * np.minimum(1.0, m_d / doc_total[earlier])
        )
    score = np.nan_to_num(score)
    villages = _village_masks(analyses)
    vq, vd = villages[query], villages[earlier]
    score[(vq != 0) & (vd != 0) & ((vq & vd) == 0)] *= village_conflict

    # The best `limit` per query.
    # Pairs come sorted by query, then earlier text: a stable sort on the query and the score
    # (to a millionth) keeps that order among equal scores.
    steps = 1 << 20
    lower = (steps - 1 - np.rint(np.clip(score, 0.0, 1.0) * (steps - 1))).astype(np.int64)
    order = _order(query * steps + lower)
    query, earlier = query[order], earlier[order]
    group = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    rank = np.arange(len(query)) - np.repeat(group, np.diff(np.r_[group, len(query)]))
    keep = rank < limit
    for q, d in zip(query[keep].tolist(), earlier[keep].tolist(), strict=True):
        proposals[q - first].append(d)
    return Proposed(proposals, slot_weight.tolist(), doc_start.tolist())
