"""Duplicate-topic matching: does a new registration raise an issue already raised?

The meeting's rule is that a speaker does not repeat an opinion already given. This module
scores a new registration against the earlier issues and names the likely original; the chair
decides. Pure domain code: no UI, no storage.

How a text is read (see `analyse`): Vietnamese-aware normalisation (NFC, lower case, one
tone-mark placement, i for y after a consonant, a twin without diacritics), abbreviations
expanded, synonyms merged into one concept, function words and petition boilerplate dropped (the
words come from the lexicon, `lexicon.toml`, read once), and what anchors a concrete
problem weighed up: place and project names, named people, village and road numbers, years.
A text becomes a list of *units* (a word, a concept, a number, a name) and of adjacent-unit
pairs (Vietnamese compounds are syllable pairs). Two texts typed with diacritics are compared on
their exact words ("lợn" is not "lớn"); when either was typed without, on plain forms.

How two texts are scored (see `TopicIndex.best`): each unit weighs its prior (by kind) times
an inverse document frequency over the earlier texts (and an optional corpus of earlier
sessions). The score is the geometric mean of the share of the new text's weight that finds a
match and the share of the earlier text's weight that does, so a short follow-up can still
match a long original while one shared word in two long texts does not make a duplicate.

A file of written petitions is flagged as a whole (`TopicIndex.best_many`): each row is scored
by the same rule against the few earlier texts (the index's and the file's rows before it) that
share most of its rarer words, found for all rows at once with array operations
(`candidates.py`), the idf counted once over the index and the whole file. Its flags are
measured against the live engine's with `benchmarks/import_speed.py --agreement`.

How good it is: `benchmarks/duplicates.py` measures it on the labelled dev petitions, in-sample
(the lexicon was written while reading them) and lexicon-blind (each session scored without the
lexicon entries added for its wording, at a threshold chosen on the other sessions).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter, itemgetter, mul, not_
from typing import Literal, NamedTuple

from moderator.domain.vietnamese import (
    Lexicon,
    default_lexicon,
    has_diacritics,
    normalise,
    normalise_word,
    plain_text,
    plain_word,
    word_set,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "FlagResult",
    "Match",
    "TopicIndex",
    "analyse",
    "flag_registrations",
    "plain_text",
    "normalise",
]

DEFAULT_THRESHOLD = 0.25

# Prior weights by kind of unit.
W_WORD = 1.0
W_CONCEPT = 1.0
W_GENERIC = 0.3
W_NAME = 2.0
W_VILLAGE = 2.0
W_PLACE_NUMBER = 1.6
W_NUMBER = 0.8
W_YEAR = 0.8
# A syllable typed without diacritics that may be a function word, or may be a generic word
# with another reading that is a concept.
W_MAYBE_STOP = 0.1
W_MAYBE_GENERIC = 0.7
PAIR_FACTOR = 0.7
VILLAGE_CONFLICT = 0.45
AREA_BONUS = 0.05
PLACE_ONLY = 0.3
_PLACE_KINDS = frozenset({"village", "number"})

# --------------------------------------------------------------------------------------------
# Lexicon, compiled
# --------------------------------------------------------------------------------------------

_Phrase = tuple[str, ...]


def _plain_tuple(phrase: str) -> _Phrase:
    return tuple(plain_word(w) for w in phrase.split())


def _prefixes(table: Mapping[_Phrase, object]) -> frozenset[_Phrase]:
    """Every shorter beginning of a phrase of `table` (one syllable or more)."""
    return frozenset(phrase[:size] for phrase in table for size in range(1, len(phrase)))


class _Tables:
    """A lexicon compiled for lookup while reading a text."""

    def __init__(self, lexicon: Lexicon) -> None:
        groups = lexicon.groups()
        self.abbreviations = lexicon.abbreviations
        self.capitals_only = lexicon.capitals_only
        self.parents = lexicon.parents()
        self.weights = lexicon.weights()
        # Multi-syllable phrases, by plain syllables: what they are.
        phrase_kind: dict[_Phrase, tuple[str, str]] = {}
        for name, variants in groups.items():
            for variant in variants:
                key = _plain_tuple(variant)
                if len(key) > 1:
                    phrase_kind.setdefault(key, ("concept", name))
        kinds = (("filler", lexicon.filler), ("stop", lexicon.stopwords))
        for kind, words in (*kinds, ("generic", lexicon.generic)):
            for w in words:
                key = _plain_tuple(w)
                if len(key) > 1:
                    phrase_kind.setdefault(key, (kind, w))
        self.phrase_kind = phrase_kind
        self.phrase_prefixes = _prefixes(phrase_kind)
        self.rewrites: dict[_Phrase, tuple[str, ...]] = {
            _plain_tuple(r.old): tuple(r.new.split()) for r in lexicon.rewrites
        }
        self.rewrite_prefixes = _prefixes(self.rewrites)
        # Single syllables with diacritics: exact.
        single: dict[str, str] = {}
        for name, variants in groups.items():
            for variant in variants:
                if " " not in variant:
                    single.setdefault(variant, name)
        self.single_concept = single
        self.stop1 = frozenset(w for w in lexicon.stopwords if " " not in w)
        self.filler1 = frozenset(w for w in lexicon.filler if " " not in w)
        self.generic1 = frozenset(w for w in lexicon.generic if " " not in w)
        # Single syllables without diacritics: a plain form may stand for several words.
        self.plain_stop = frozenset(plain_word(w) for w in self.stop1 | self.filler1)
        self.plain_generic = frozenset(plain_word(w) for w in self.generic1)
        plain_concepts: dict[str, set[str]] = {}
        for variant, name in single.items():
            plain_concepts.setdefault(plain_word(variant), set()).add(name)
        self.plain_concepts = {f: tuple(sorted(names)) for f, names in plain_concepts.items()}
        self._concept_keys: dict[str, tuple[str, ...]] = {}
        # What reading a text met before, read once (see `_analyse`): a word's unit, a
        # phrase's unit, two adjacent units' pair. The units are never changed once made.
        self.word_units: dict[tuple[str, str, bool, bool, bool], tuple[Unit | None, str]] = {}
        self.phrase_units: dict[tuple[_Phrase, str], Unit | None] = {}
        self.pair_units: dict[tuple[int, int], Unit] = {}  # by the ids of two cached units

    def concept_keys(self, name: str) -> tuple[str, ...]:
        found = self._concept_keys.get(name)
        if found is None:
            key = "c:" + plain_text(name)
            parent = self.parents.get(name)
            found = (key, "c:" + plain_text(parent)) if parent else (key,)
            self._concept_keys[name] = found
        return found

    def forget_units(self) -> None:
        """Drop the units read so far (together: pairs are cached by their units' ids)."""
        self.word_units.clear()
        self.phrase_units.clear()
        self.pair_units.clear()

    def concept_weight(self, name: str) -> float:
        return W_CONCEPT * self.weights.get(name, 1.0)


# Compiled lexicons, by identity (the lexicon is kept so that its id is not reused).
_compiled: dict[int, tuple[Lexicon, _Tables]] = {}


def _tables(lexicon: Lexicon | None) -> _Tables:
    if lexicon is None:
        lexicon = default_lexicon()
    found = _compiled.get(id(lexicon))
    if found is None:
        found = _compiled[id(lexicon)] = (lexicon, _Tables(lexicon))
    return found[1]


_TITLES = word_set("ông | bà | anh | chị | cô | chú | bác | cụ | em | thầy | cháu")
_VILLAGE_WORDS = frozenset({"thon", "xom", "doi", "to", "ap", "ban", "khu", "cum", "lang"})
_PLACE_WORDS = frozenset(
    {"duong", "lo", "ngo", "ngach", "hem", "kenh", "cong", "tuyen", "cau", "khoanh", "thua"}
)
# Words that make the number before them a quantity ("3 sào", "500 nghìn", "2 giờ").
_QUANTITY_WORDS = frozenset(
    plain_word(w)
    for w in word_set(
        """giờ | phút | tiếng | ngày | tháng | năm | tuần | tuổi | lần | người | khẩu | hộ | con
        | cái | cây | sào | mẫu | ha | m | mét | m2 | km | cm | kg | tấn | tạ | lít | triệu
        | nghìn | ngàn | trăm | tỷ | tỉ | đồng | vạn | chục | tầng | độ | phần | buổi | đêm"""
    )
)
_COUNTER_BEFORE = frozenset({"so", "bao", "lan", "muc", "gan", "hon", "khoang", "tren"})


# --------------------------------------------------------------------------------------------
# Tokens and units
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:[.,]\d{3})*(?:\s*[-–/]\s*\d+)*)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<stop>[.!?;:…\n]+)"
    r"|(?P<comma>[,()\"“”‘’'\[\]])"
)


@dataclass(slots=True)
class _Token:
    surface: str
    norm: str
    plain: str  # without diacritics
    kind: str  # "word" or "num"
    start: bool  # first word of a sentence
    brk: bool  # a comma or sentence boundary right before it


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    start = True
    brk = True
    for m in _TOKEN_RE.finditer(unicodedata.normalize("NFC", text)):
        kind = m.lastgroup
        s = m.group(0)
        if kind == "stop":
            start = brk = True
            continue
        if kind == "comma":
            brk = True
            continue
        if kind == "num":
            tokens.append(_Token(s, s, s, "num", start, brk))
        else:
            n, plain = _forms(s)
            tokens.append(_Token(s, n, plain, "word", start, brk))
        start = brk = False
    return tokens


@lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, str]:
    """A word's normal form and its plain form (read once per distinct word)."""
    n = normalise_word(word)
    return n, plain_word(n)


_has_diacritics = lru_cache(maxsize=65536)(has_diacritics)


def _expand(tokens: list[_Token], tables: _Tables) -> list[_Token]:
    """Abbreviations and phrase rewrites, on plain forms."""
    out: list[_Token] = []
    for t in tokens:
        exp = tables.abbreviations.get(t.plain) if t.kind == "word" else None
        if exp is not None and (t.plain not in tables.capitals_only or t.surface.isupper()):
            for i, w in enumerate(exp.split()):
                out.append(_Token(t.surface, w, plain_word(w), "word", t.start, t.brk and i == 0))
        else:
            out.append(t)
    result: list[_Token] = []
    rewrite_prefixes = tables.rewrite_prefixes
    i = 0
    while i < len(out):
        size = (
            _longest(out, i, tables.rewrites, rewrite_prefixes)
            if (out[i].plain,) in rewrite_prefixes
            else 0
        )
        if size:
            span = out[i : i + size]
            surface = _join(span)
            first = span[0]
            for j, w in enumerate(tables.rewrites[tuple(t.plain for t in span)]):
                result.append(
                    _Token(surface, w, plain_word(w), "word", first.start, first.brk and j == 0)
                )
            i += size
        else:
            result.append(out[i])
            i += 1
    return result


def _longest(
    tokens: list[_Token], i: int, table: Mapping[_Phrase, object], prefixes: frozenset[_Phrase]
) -> int:
    """The length of the longest phrase of `table` at `tokens[i]` (0: none), within a clause;
    `prefixes`: the beginnings of its phrases (`_prefixes`)."""
    found = 0
    phrase: _Phrase = (tokens[i].plain,)
    end = i + 1
    while phrase in prefixes and end < len(tokens) and not tokens[end].brk:
        phrase = (*phrase, tokens[end].plain)
        end += 1
        if phrase in table:
            found = end - i
    return found


def _join(span: list[_Token]) -> str:
    """The original words of a span; expanded abbreviations appear once."""
    parts: list[str] = []
    for t in span:
        if not parts or parts[-1] != t.surface:
            parts.append(t.surface)
    return " ".join(parts)


UnitKind = Literal["word", "concept", "generic", "name", "number", "village", "pair"]


@dataclass(slots=True)
class Unit:
    """One meaningful piece of a text: a word, a concept, a number or a name."""

    strict: tuple[str, ...]  # keys when both texts have diacritics
    loose: tuple[str, ...]  # keys when either text was typed without
    weight: float
    surface: str
    kind: UnitKind


@dataclass(slots=True)
class Analysis:
    units: list[Unit]
    accented: bool
    villages: frozenset[int]
    names: frozenset[str] = field(default_factory=frozenset)


def _is_year(value: int) -> bool:
    return 1945 <= value <= 2099


def analyse(text: str, lexicon: Lexicon | None = None) -> Analysis:
    """A text as units of meaning (see the module docstring); `lexicon`: the shipped one."""
    return _analyse(text, _tables(lexicon))


# Units cached per lexicon before they are dropped (bounded memory over a long session).
_UNIT_CACHE_LIMIT = 200_000


def _analyse(text: str, tables: _Tables) -> Analysis:
    tokens = _expand(_tokenise(text), tables)
    words = [t for t in tokens if t.kind == "word"]
    marked = sum(1 for t in words if _has_diacritics(t.surface))
    accented = bool(words) and marked >= max(1, 0.2 * len(words))
    units: list[Unit | None] = []  # None marks a gap (a dropped word) that breaks pairs
    villages: set[int] = set()
    names: set[str] = set()
    phrase_prefixes = tables.phrase_prefixes
    if len(tables.pair_units) > _UNIT_CACHE_LIMIT or len(tables.word_units) > _UNIT_CACHE_LIMIT:
        tables.forget_units()
    word_units = tables.word_units
    phrase_units = tables.phrase_units
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t.brk and units and units[-1] is not None:
            units.append(None)
        if t.kind == "num":
            i += 1
            _number_units(
                t, tokens[i - 2] if i >= 2 else None, tokens[i] if i < n else None, units, villages
            )
            continue
        # Longest phrase first.
        size = (
            _longest(tokens, i, tables.phrase_kind, phrase_prefixes)
            if (t.plain,) in phrase_prefixes
            else 0
        )
        if size:
            span = tokens[i : i + size]
            phrase = tuple(s.plain for s in span)
            surface = _join(span)
            try:
                units.append(phrase_units[phrase, surface])
            except KeyError:
                unit = phrase_units[phrase, surface] = _phrase_unit(phrase, surface, tables)
                units.append(unit)
            i += size
            continue
        prev = tokens[i - 1] if i > 0 else None
        if t.plain in _VILLAGE_WORDS and i + 1 < n and tokens[i + 1].kind == "num":
            i += 1  # "thôn 3": the number unit carries it
            continue
        # A word's unit depends on the word and on whether it may be a name (not first in its
        # sentence, or after a title) or follows "như": read once per such context.
        context = (
            t.surface,
            t.norm,
            accented,
            not t.start or (prev is not None and prev.norm in _TITLES and not prev.brk),
            prev is not None and prev.plain == "nhu",
        )
        found = word_units.get(context)
        if found is None:
            named: set[str] = set()
            found = word_units[context] = (
                _word_unit(t, prev, accented, named, tables),
                next(iter(named), ""),
            )
        if found[1]:
            names.add(found[1])
        units.append(found[0])
        i += 1
    # Pairs of adjacent units.
    pair_units = tables.pair_units
    pairs: list[Unit] = []
    for a, b in zip(units, units[1:], strict=False):
        if a is None or b is None or a.kind in _UNPAIRED or b.kind in _UNPAIRED:
            continue
        pair = pair_units.get((id(a), id(b)))  # both cached: their ids are theirs meanwhile
        if pair is None:
            pair = pair_units[id(a), id(b)] = _pair_unit(a, b)
        pairs.append(pair)
    real = [u for u in units if u is not None]
    return Analysis(real + pairs, accented, frozenset(villages), frozenset(names))


_UNPAIRED = frozenset({"number", "village"})


def _phrase_unit(phrase: _Phrase, surface: str, tables: _Tables) -> Unit | None:
    kind, name = tables.phrase_kind[phrase]
    if kind == "concept":
        keys = tables.concept_keys(name)
        loose = (*keys, "f:" + " ".join(phrase))
        return Unit(keys, loose, tables.concept_weight(name), surface, "concept")
    if kind == "generic":
        key = "f:" + "_".join(phrase)
        return Unit((key,), (key,), W_GENERIC, surface, "generic")
    return None


def _pair_unit(a: Unit, b: Unit) -> Unit:
    w = PAIR_FACTOR * math.sqrt(a.weight * b.weight)
    strict = tuple(f"{x}|{y}" for x in a.strict[:1] for y in b.strict[:1])
    loose = tuple(f"{x}|{y}" for x in a.loose[:2] for y in b.loose[:2])
    return Unit(strict, loose, w, f"{a.surface} {b.surface}", "pair")


def _word_unit(
    t: _Token, prev: _Token | None, accented: bool, names: set[str], tables: _Tables
) -> Unit | None:
    word = t.norm if accented else t.plain
    loose_key = "f:" + t.plain
    capital = t.surface[:1].isupper() and not (len(t.surface) > 1 and t.surface.isupper())
    after_title = prev is not None and prev.norm in _TITLES and not prev.brk
    is_name = capital and (not t.start or after_title)
    if is_name and not (
        t.norm in tables.generic1 or t.norm in tables.stop1 or t.norm in tables.filler1
    ):
        names.add(t.plain)
        if prev is not None and prev.plain == "nhu":
            return None
        return Unit(("a:" + t.norm,), (loose_key,), W_NAME, t.surface, "name")
    if accented:
        if word in tables.stop1 or word in tables.filler1:
            return None
        concept = tables.single_concept.get(word)
        if concept is not None:
            keys = tables.concept_keys(concept)
            weight = tables.concept_weight(concept)
            return Unit(keys, (*keys, loose_key), weight, t.surface, "concept")
        weight = W_GENERIC if word in tables.generic1 else W_WORD
        return Unit(("a:" + word,), (loose_key,), weight, t.surface, "word")
    # Without diacritics a syllable may stand for several words: keep every reading.
    concepts = tables.plain_concepts.get(word, ())
    keys = (loose_key, *(k for c in concepts for k in tables.concept_keys(c)))
    if word in tables.plain_stop:
        weight = W_MAYBE_STOP
    elif word in tables.plain_generic:
        weight = W_MAYBE_GENERIC if concepts else W_GENERIC
    elif concepts:
        weight = max(tables.concept_weight(c) for c in concepts)
    else:
        weight = W_WORD
    return Unit(keys, keys, weight, t.surface, "word")


def _number_units(
    t: _Token,
    prev: _Token | None,
    nxt: _Token | None,
    units: list[Unit | None],
    villages: set[int],
) -> None:
    if "/" in t.surface:  # a date such as 27/7
        units.append(None)
        return
    values = [int(x.replace(".", "").replace(",", "")) for x in re.split(r"\s*[-–]\s*", t.surface)]
    before = prev.plain if prev is not None and prev.kind == "word" else ""
    after = nxt.plain if nxt is not None and nxt.kind == "word" else ""
    for v in values:
        if _is_year(v) and len(values) == 1:
            key = f"y:{v}"
            units.append(Unit((key,), (key,), W_YEAR, t.surface, "number"))
        elif before in _VILLAGE_WORDS and v < 100:
            key = f"n:{v}"
            villages.add(v)
            units.append(
                Unit(
                    (key,),
                    (key,),
                    W_VILLAGE,
                    f"{prev.surface if prev else ''} {v}",
                    "village",
                )
            )
        elif after in _QUANTITY_WORDS or before in _COUNTER_BEFORE or v > 999:
            units.append(None)
        elif before in _PLACE_WORDS:
            key = f"n:{v}"
            units.append(Unit((key,), (key,), W_PLACE_NUMBER, t.surface, "number"))
        else:
            key = f"n:{v}"
            units.append(Unit((key,), (key,), W_NUMBER, t.surface, "number"))


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------


class Match(NamedTuple):
    """An earlier issue that a text may repeat (a tuple: an import makes one per suggestion).

    `matched` holds the words that explain the match, as written (with diacritics when either
    text had them), most telling first.
    """

    key: str
    score: float
    matched: tuple[str, ...]


@dataclass(slots=True)
class _Doc:
    key: str
    area: str | None
    analysis: Analysis
    primaries: tuple[str, ...]  # per unit, the key its document frequency is counted on
    strict_keys: frozenset[str]
    loose_keys: frozenset[str]
    unit_strict: tuple[tuple[str, ...], ...]  # per unit, its keys
    unit_loose: tuple[tuple[str, ...], ...]
    place: tuple[bool, ...]  # per unit, whether it only names a place (a village, a number)
    priors: tuple[float, ...]  # per unit, its prior weight
    weights: list[float] = field(default_factory=list)  # per unit, cached (see `_Terms`)
    total: float = 0.0  # cached weight of all units
    epoch: object = None  # the idf epoch the cache was computed at (see `_Terms`)


def _doc(key: str, analysis: Analysis, area: str | None) -> _Doc:
    units = analysis.units
    unit_strict = tuple(map(_strict_of, units))
    unit_loose = tuple(map(_loose_of, units))
    return _Doc(
        key,
        area,
        analysis,
        tuple(map(_first, unit_loose)),
        frozenset(chain.from_iterable(unit_strict)),
        frozenset(chain.from_iterable(unit_loose)),
        unit_strict,
        unit_loose,
        tuple(map(_PLACE_KINDS.__contains__, map(_kind_of, units))),
        tuple(map(_weight_of, units)),
    )


_strict_of = attrgetter("strict")
_loose_of = attrgetter("loose")
_kind_of = attrgetter("kind")
_weight_of = attrgetter("weight")
_first = itemgetter(0)


def _primary(unit: Unit) -> str:
    return unit.loose[0]


# Below this many texts, cached weights are recomputed at every query; above it, when the
# collection has grown by this share since (term weights then move slowly).
_EXACT_BELOW = 200
_STALE_SHARE = 0.05
# Query units found in more than _COMMON_MIN texts, beyond the rarest ones whose texts add up
# to _CANDIDATE_BUDGET, do not propose candidates; they count in every score.
_COMMON_MIN = 64
_CANDIDATE_BUDGET = 1000
# In a collection of _EXACT_BELOW texts or more, at most this many are scored per query (those
# that cover most of its rarest units first); below, every text that could place is.
_CONSIDER_LIMIT = 20
# A batch (`TopicIndex.best_many`): postings read per text to find candidates, the units found
# in no more texts than this propose candidates beyond them, and candidates scored exactly per
# text beyond the k asked for (chosen with benchmarks/import_speed.py --agreement).
_BATCH_BUDGET = 200
_BATCH_COMMON_MIN = 16
_BATCH_EXTRA = 0


class _Terms:
    """How many texts hold each key (by a unit's primary key), and the idf of the keys looked
    up in the current epoch.

    Below _EXACT_BELOW texts the idf is renewed whenever a text is counted; above, when the
    collection has grown by _STALE_SHARE since. Renewing it starts a new epoch (a new object),
    which invalidates every text's cached weights, whichever `_Terms` cached them.
    """

    def __init__(self) -> None:
        self.n = 0
        self.df: dict[str, int] = {}
        self._table: dict[str, float] = {}
        self._table_n = -1
        self.epoch = object()

    def count(self, analysis: Analysis) -> None:
        self.n += 1
        df = self.df
        for key in {_primary(u) for u in analysis.units}:
            df[key] = df.get(key, 0) + 1

    def table(self) -> dict[str, float]:
        """The idf of the keys looked up so far in this epoch (see `idf`)."""
        n, cached = self.n, self._table_n
        if n != cached and (n < _EXACT_BELOW or n - cached > _STALE_SHARE * cached):
            self._table = {}
            self._table_n = n
            self.epoch = object()
        return self._table

    def idf(self, key: str) -> float:
        """How telling a key is: 1 for a key never seen, lower the more texts have it."""
        table = self.table()
        value = table.get(key)
        if value is None:
            value = table[key] = self._value(key)
        return value

    def _value(self, key: str) -> float:
        n = self.n
        df = self.df.get(key, 0)
        return (1.0 + math.log((n + 1) / (df + 1))) / (1.0 + math.log(n + 1))

    def weights(self, doc: _Doc) -> list[float]:
        """Per unit of `doc`, its prior times its idf, cached for the epoch (computed once per
        text and epoch, not per query)."""
        table = self.table()
        if doc.epoch is not self.epoch:
            idf = list(map(table.get, doc.primaries))
            if None in idf:
                for j, key in enumerate(doc.primaries):
                    if idf[j] is None:
                        idf[j] = table[key] = self._value(key)
            doc.weights = list(map(mul, doc.priors, idf))
            doc.total = sum(doc.weights)
            doc.epoch = self.epoch
        return doc.weights


@dataclass(slots=True)
class _Query:
    """A text being matched, weighed with the idf of its moment."""

    doc: _Doc
    weights: list[float]
    total: float


def _query(doc: _Doc, weights: list[float]) -> _Query | None:
    """A text with its units' weights; None: nothing in it weighs anything."""
    total = sum(weights)
    return _Query(doc, weights, total) if total > 0 else None


def _score(
    q: _Query, doc: _Doc, weights: list[float], total: float
) -> tuple[float, bool, list[int]] | None:
    """How likely `q` repeats `doc` (see the module docstring), whether `doc` is of another
    area than the query's, and which of its units match; None: no score. `weights`: those of
    the units of `doc`, `total` their sum.

    Two texts typed with diacritics match on their exact keys, else on their plain ones.
    """
    mine = q.doc
    if mine.analysis.accented and doc.analysis.accented:
        shared = mine.strict_keys & doc.strict_keys
        q_keys, d_keys = mine.unit_strict, doc.unit_strict
    else:
        shared = mine.loose_keys & doc.loose_keys
        q_keys, d_keys = mine.unit_loose, doc.unit_loose
    if not shared:
        return None
    apart = shared.isdisjoint
    m_q = sum(compress(q.weights, map(not_, map(apart, q_keys))))
    matched = list(compress(range(len(d_keys)), map(not_, map(apart, d_keys))))
    m_d = sum(map(weights.__getitem__, matched))
    if m_d <= 0 or total <= 0:
        return None
    score = math.sqrt(m_q / q.total * min(1.0, m_d / total))
    va, vb = mine.analysis.villages, doc.analysis.villages
    if va and vb and not (va & vb):
        score *= VILLAGE_CONFLICT
    if all(map(doc.place.__getitem__, matched)):
        score *= PLACE_ONLY  # the same village is not the same problem
    same_area = doc.area is not None and doc.area == mine.area
    if same_area:
        score += AREA_BONUS * (1.0 - score)
    return (score, not same_area, matched) if score > 0 else None


Weigh = Callable[[int], tuple[list[float], float]]
"""Given a text's number, its units' weights and their sum."""


class _Top:
    """The best k scores of a query so far: ties go to the query's area, then the earlier text."""

    def __init__(self, k: int, q: _Query, docs: Sequence[_Doc], weigh: Weigh) -> None:
        self.k, self.q, self.docs, self.weigh = k, q, docs, weigh
        self.found: list[tuple[float, bool, int, list[int]]] = []

    def add(self, d: int) -> None:
        """Score the text numbered `d`; keep it if it places."""
        weights, total = self.weigh(d)
        scored = _score(self.q, self.docs[d], weights, total)
        if scored is not None:
            score, other_area, matched = scored
            self.found.append((score, other_area, d, matched))
            self.found.sort(key=lambda x: (-x[0], x[1], x[2]))
            del self.found[self.k :]

    def full(self) -> bool:
        return len(self.found) >= self.k

    def last(self) -> float:
        return self.found[-1][0]

    def matches(self) -> list[Match]:
        return [
            Match(
                self.docs[d].key,
                round(min(score, 1.0), 4),
                _explain(self.docs[d].analysis.units, matched, self.weigh(d)[0]),
            )
            for score, _, d, matched in self.found
        ]


_SILENT_KINDS = frozenset({"pair"})  # a pair of units repeats the two it joins


def _explain(units: list[Unit], matched: list[int], weights: list[float]) -> tuple[str, ...]:
    """The words that explain a match: its units as written, the heaviest first."""
    told = sorted(
        (j for j in matched if units[j].kind not in _SILENT_KINDS),
        key=lambda j: (-weights[j], j),
    )
    return _surfaces(units, told)


def _surfaces(units: list[Unit], told: list[int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(units[j].surface for j in told))


class TopicIndex:
    """Earlier issues, answering "which of them does this text repeat?".

    `corpus`: texts of earlier sessions, used only to learn how common each word is (never
    texts of the session being flagged: when an item is scored only earlier items are known).
    `lexicon`: the words texts are read with; the shipped lexicon unless given.
    """

    def __init__(self, *, corpus: Iterable[str] = (), lexicon: Lexicon | None = None) -> None:
        self._tables = _tables(lexicon)
        self._docs: list[_Doc] = []
        self._strict: dict[str, list[int]] = {}  # documents with diacritics, exact keys
        self._loose_all: dict[str, list[int]] = {}  # every document, plain keys
        self._loose_plain: dict[str, list[int]] = {}  # documents typed without diacritics
        self._terms = _Terms()
        for text in corpus:
            self._terms.count(self.analyse(text))

    def __len__(self) -> int:
        return len(self._docs)

    def analyse(self, text: str) -> Analysis:
        """`text` read with this index's lexicon."""
        return _analyse(text, self._tables)

    def add(self, key: str, text: str, area: str | None = None) -> None:
        """Index an earlier issue under `key`."""
        self._add(key, self.analyse(text), area)

    def _add(self, key: str, analysis: Analysis, area: str | None) -> None:
        doc_id = len(self._docs)
        doc = _doc(key, analysis, area)
        self._docs.append(doc)
        if analysis.accented:
            for k in doc.strict_keys:
                self._strict.setdefault(k, []).append(doc_id)
        else:
            for k in doc.loose_keys:
                self._loose_plain.setdefault(k, []).append(doc_id)
        for k in doc.loose_keys:
            self._loose_all.setdefault(k, []).append(doc_id)
        self._terms.count(analysis)

    def best(self, text: str, area: str | None = None, k: int = 3) -> list[Match]:
        """The earlier issues `text` most likely repeats, best first: at most `k`, score > 0.

        `area`, when given, slightly favours earlier issues of the same area.
        """
        if k <= 0 or not self._docs:
            return []
        return self._best(self.analyse(text), area, k)

    def best_then_add(
        self, key: str, text: str, area: str | None = None, k: int = 3
    ) -> list[Match]:
        """`best`, then `add` the text under `key`, reading it once."""
        analysis = self.analyse(text)
        found = self._best(analysis, area, k) if k > 0 and self._docs else []
        self._add(key, analysis, area)
        return found

    def best_many(
        self, items: Sequence[tuple[str, str, str | None]], k: int = 3
    ) -> list[list[Match]]:
        """For each (key, text, area) of a batch, in order, what `best_then_add` would find
        for it had the items before it been added (their matches name their keys); the index
        itself is left as it was.

        Made for a file of thousands of rows: each text is scored exactly against the few
        earlier texts that share most of its rarer words, found for the whole batch at once
        (`candidates.propose`), rather than searched for one text at a time.
        """
        from moderator.domain import candidates  # numpy: only a batch needs it

        if k <= 0:
            return [[] for _ in items]
        analyses = [self.analyse(text) for _, text, _ in items]
        keys = [doc.key for doc in self._docs] + [key for key, _, _ in items]
        found = candidates.best(
            [doc.analysis for doc in self._docs] + analyses,
            [doc.area for doc in self._docs] + [area for _, _, area in items],
            len(self._docs),
            limit=k + _BATCH_EXTRA,
            budget=_BATCH_BUDGET,
            common_min=_BATCH_COMMON_MIN,
            rule=candidates.Rule(
                VILLAGE_CONFLICT, PLACE_ONLY, _PLACE_KINDS, AREA_BONUS, _SILENT_KINDS
            ),
        )
        units = [doc.analysis.units for doc in self._docs] + [a.units for a in analyses]
        return [
            [
                Match(keys[d], round(min(score, 1.0), 4), _surfaces(units[d], told))
                for d, score, told in scored[:k]
            ]
            for scored in found.scored
        ]

    def _postings(self, q: Analysis, unit: Unit) -> list[list[int]]:
        if q.accented:
            return [self._strict[k] for k in unit.strict if k in self._strict] + [
                self._loose_plain[k] for k in unit.loose if k in self._loose_plain
            ]
        return [self._loose_all[k] for k in unit.loose if k in self._loose_all]

    def _best(self, analysis: Analysis, area: str | None, k: int) -> list[Match]:
        docs = self._docs
        terms = self._terms
        idf = terms.idf
        mine = _doc("", analysis, area)
        q = _query(mine, [w * idf(key) for w, key in zip(mine.priors, mine.primaries, strict=True)])
        if q is None:
            return []
        q_total = q.total
        # Pass 1: per document, the weight of the query it matches. Units found in a large share
        # of the texts are left to pass 2: their idf makes them weigh little.
        m_q: dict[int, float] = {}
        get = m_q.get
        deferred: list[tuple[float, list[list[int]]]] = []
        found: list[tuple[int, float, list[list[int]]]] = []
        for unit, w in zip(analysis.units, q.weights, strict=True):
            lists = self._postings(analysis, unit)
            if lists:
                found.append((sum(len(x) for x in lists), w, lists))
        # The rarest units propose candidates, about _CANDIDATE_BUDGET texts in all, so that a
        # query costs the same in a large collection as in a small one; the others are deferred.
        found.sort(key=lambda x: x[0])
        common, total = max(_COMMON_MIN, found[0][0] if found else 0), 0
        for size, *_ in found:
            total += size
            if total > _CANDIDATE_BUDGET:
                break
            common = max(common, size)
        for size, w, lists in found:
            if size > common:
                deferred.append((w, lists))
                continue
            hits: Iterable[int] = lists[0] if len(lists) == 1 else set().union(*lists)
            for d in hits:
                m_q[d] = get(d, 0.0) + w
        bonus = AREA_BONUS if area is not None else 0.0

        def weigh(d: int) -> tuple[list[float], float]:
            return terms.weights(docs[d]), docs[d].total

        top = _Top(k, q, docs, weigh)
        # Pass 2: exact scores, best query coverage first, until no document can enter the
        # top k (a score is at most the square root of its query coverage, plus the bonus).
        slack = sum(w for w, _ in deferred)

        def ceiling(m: float) -> float:
            c = math.sqrt(min(1.0, (m + slack) / q_total))
            return c + bonus * (1.0 - c)

        villages = analysis.villages
        tried, limit = 0, _CONSIDER_LIMIT if len(docs) >= _EXACT_BELOW else len(docs)
        for d in heapq.nlargest(limit, m_q, key=m_q.__getitem__):
            tried += 1
            if top.full():
                c = ceiling(m_q[d])
                if c < top.last():
                    break
                other = docs[d].analysis.villages
                if (
                    villages
                    and other
                    and not (villages & other)
                    and (c * VILLAGE_CONFLICT + bonus <= top.last())
                ):
                    continue  # a different village: it cannot place either
            top.add(d)
        # Texts that share only deferred units with the query, rarest unit first, while they
        # could still place: a text first found under a unit can match only it and the units
        # after it (`ceiling` adds all of `slack`, hence the subtraction).
        seen = set(m_q)
        for j, (_, lists) in enumerate(deferred):
            if tried >= limit or (
                top.full() and ceiling(sum(w for w, _ in deferred[j:]) - slack) < top.last()
            ):
                break
            for d in heapq.merge(*lists):  # postings are in text order: read only what is used
                if d not in seen:
                    seen.add(d)
                    top.add(d)
                    tried += 1
                    if tried >= limit:
                        break
        return top.matches()


@dataclass(frozen=True)
class FlagResult:
    """One registration of a session: the earlier registration it repeats, if any."""

    id: str
    duplicate_of: str | None
    score: float
    candidates: tuple[Match, ...]


def flag_registrations(
    items: Iterable[tuple[str, str, str | None]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    corpus: Iterable[str] = (),
    lexicon: Lexicon | None = None,
) -> Iterator[FlagResult]:
    """Flag each registration of one session against the registrations before it.

    `items` are (id, text, area) in registration order. The tool runs live, so when an item is
    scored only the items before it are known; it is added to the index afterwards.
    """
    index = TopicIndex(corpus=corpus, lexicon=lexicon)
    for item_id, text, area in items:
        analysis = index.analyse(text)
        candidates = tuple(index._best(analysis, area, 3)) if len(index) else ()
        top = candidates[0] if candidates else None
        duplicate = top.key if top is not None and top.score >= threshold else None
        yield FlagResult(item_id, duplicate, top.score if top is not None else 0.0, candidates)
        index._add(item_id, analysis, area)
