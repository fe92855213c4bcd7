"""Vietnamese text normalisation and the lexicon of duplicate-topic matching.

Pure functions: NFC, lower case, one tone-mark placement, diacritics stripped. The lexicon
(function words, petition filler, abbreviations, synonym groups) is data, in `lexicon.toml`
beside this module, read once when first needed. Most of it is general local-government
vocabulary, but it was written while reading the labelled dev petitions
(tests/data/petitions-dev.jsonl), and a few entries were added for one session's wording. Each
entry says which (`source`), so the benchmark can score a session without the entries added for
it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "GENERAL",
    "Lexicon",
    "Rewrite",
    "SynonymEntry",
    "default_lexicon",
    "has_diacritics",
    "load_lexicon",
    "normalise",
    "normalise_word",
    "plain_text",
    "plain_word",
    "word_set",
]

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

# Combining marks: the five tones, and the three vowel-quality marks (circumflex, breve, horn).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_QUALITY_VOWELS = frozenset("ăâêôơư")
_TONES = tuple(sorted(_TONE_MARKS))
_NO_TONES = dict.fromkeys(map(ord, _TONE_MARKS))  # for str.translate: the tone marks dropped
_VOWEL_RUN = re.compile("[aăâeêioôơuưy]+")
_WORD_RE = re.compile(r"[^\W\d_]+")
# A syllable of a consonant onset and a lone y (decomposed, tone mark after): "kỹ", "lý", "sỹ".
# Not "qu" + y ("quý"), where the y is the vowel of "uy".
_FINAL_Y = re.compile(
    r"^(b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)"
    r"([\u0300-\u036f]*)y([\u0300-\u036f]?)$"
)


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """One lower-case syllable with its tone mark on the conventional vowel.

    Both placements are in daily use ("hoà"/"hòa", "thuý"/"thúy", "khoẻ"/"khỏe"); the
    conventional one (on the first vowel of an open oa/oe/uy) is kept, so either spelling
    gives one form. So is one of i and y, both in use after a consonant ("kỹ"/"kĩ", "lý"/"lí",
    "liệt sỹ"/"liệt sĩ"): i.
    """
    lower = word.lower()
    if lower.isascii():  # no mark to place; NFD and NFC leave it as it is
        return _FINAL_Y.sub(r"\1\2i\3", lower) if "y" in lower else lower
    # Marks on the onset (a foreign "ç") are kept in place, so stripping them later cannot
    # make a word that this rule would then rewrite: plain_text stays idempotent.
    decomposed = unicodedata.normalize("NFD", lower)
    if "y" in decomposed:
        decomposed = _FINAL_Y.sub(r"\1\2i\3", decomposed)
    stripped = decomposed.translate(_NO_TONES)
    if len(decomposed) - len(stripped) != 1:
        # No tone to move, or not one syllable (run-together words): leave as typed.
        return unicodedata.normalize("NFC", decomposed)
    tone = next(mark for mark in _TONES if mark in decomposed)
    base = unicodedata.normalize("NFC", stripped)
    start = 0
    # "qu" and "gi" before another vowel: u and i belong to the initial consonant.
    if len(base) > 2 and base[:2] in ("qu", "gi") and base[2] in _VOWELS:
        start = 2
    vowels = _VOWEL_RUN.search(base, start)  # the first vowels from `start`
    if vowels is None:
        return unicodedata.normalize("NFC", decomposed)
    first, end = vowels.span()
    closed = end < len(base)
    pos = -1
    for i in range(first, end):
        if base[i] in _QUALITY_VOWELS:
            pos = i  # the last: ươ → ơ, iê → ê, uô → ô
    if pos < 0:
        # The second of three vowels or of two before a consonant (oai → a, oan → a, uyn → y);
        # else the first: one vowel, or an open two-vowel syllable (hòa, thúy, khỏe, mùa).
        many = end - first >= 3 or (end - first == 2 and closed)
        pos = first + 1 if many else first
    return unicodedata.normalize("NFC", base[: pos + 1] + tone + base[pos + 1 :])


def normalise(text: str) -> str:
    """NFC, lower case, one tone-mark placement; diacritics are kept."""
    text = unicodedata.normalize("NFC", text).lower()
    words = text.split(" ")
    if all(map(str.isalpha, words)):  # words and single spaces (the lexicon's entries)
        return " ".join(map(normalise_word, words))
    return _WORD_RE.sub(lambda m: normalise_word(m.group(0)), text)


@lru_cache(maxsize=65536)
def plain_word(word: str) -> str:
    """A word without any diacritic, lower case, đ → d."""
    lower = word.lower()
    if lower.isascii():  # no diacritic; NFD and NFC leave it as it is
        return lower
    stripped = unicodedata.normalize("NFD", lower).translate(_NOT_COMBINING)
    return unicodedata.normalize("NFC", stripped).replace("đ", "d")


class _NotCombining(dict[int, int | None]):
    """For `str.translate`: a combining character (`unicodedata.combining`) is dropped, any
    other kept; each character is looked up once."""

    def __missing__(self, code: int) -> int | None:
        found = self[code] = None if unicodedata.combining(chr(code)) else code
        return found


_NOT_COMBINING = _NotCombining()


def plain_text(text: str) -> str:
    """`normalise`, then strip every diacritic (đ → d): the form a hurried typist produces."""
    return plain_word(normalise(text))


def has_diacritics(word: str) -> bool:
    return plain_word(word) != word.lower()


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------

GENERAL = "general"


def word_set(block: str) -> frozenset[str]:
    """Entries separated by "|" or new lines, normalised."""
    items = (_entry(part) for part in re.split(r"[|\n]", block))
    return frozenset(item for item in items if item)


def _entry(text: str) -> str:
    return normalise(" ".join(text.split()))


def _sessions(source: str) -> frozenset[str]:
    return frozenset() if source == GENERAL else frozenset(source.split())


@dataclass(frozen=True, slots=True)
class SynonymEntry:
    """Variants that stand for the concept `name`. Several entries may share a name."""

    name: str
    variants: tuple[str, ...]
    source: str  # GENERAL, or the dev sessions the entry was added for ("D3", "D1 D3")
    parent: str | None = None
    weight: float | None = None


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A phrase rewritten before synonyms are looked up; `old` matches without diacritics."""

    old: str
    new: str
    source: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    stopwords: frozenset[str]
    filler: frozenset[str]
    generic: frozenset[str]
    abbreviations: Mapping[str, str]  # by plain form
    capitals_only: frozenset[str]
    rewrites: tuple[Rewrite, ...]
    entries: tuple[SynonymEntry, ...]

    def without_sessions(self, sessions: Collection[str]) -> Lexicon:
        """The lexicon less the entries added for a wording seen in any of `sessions`."""
        drop = frozenset(sessions)
        return replace(
            self,
            entries=tuple(e for e in self.entries if not _sessions(e.source) & drop),
            rewrites=tuple(r for r in self.rewrites if not _sessions(r.source) & drop),
        )

    def general(self) -> Lexicon:
        """Only the general vocabulary: no entry added for a wording of the dev petitions."""
        return replace(
            self,
            entries=tuple(e for e in self.entries if e.source == GENERAL),
            rewrites=tuple(r for r in self.rewrites if r.source == GENERAL),
        )

    def without_synonyms(self) -> Lexicon:
        """No synonym groups, rewrites or abbreviations: words match only themselves."""
        return replace(self, entries=(), rewrites=(), abbreviations={})

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Each concept with its variants (the name first), entries of one name merged."""
        out: dict[str, tuple[str, ...]] = {}
        for e in self.entries:
            out[e.name] = out.get(e.name, (e.name,)) + e.variants
        return out

    def parents(self) -> dict[str, str]:
        return {e.name: e.parent for e in self.entries if e.parent}

    def weights(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for e in self.entries:
            if e.weight is not None:
                out.setdefault(e.name, e.weight)
        return out


def load_lexicon(text: str) -> Lexicon:
    """A lexicon from TOML text in the form of `lexicon.toml` (its header says the format)."""
    data = tomllib.loads(text)

    def words(key: str) -> frozenset[str]:
        return frozenset(w for w in (_entry(x) for x in data.get(key, [])) if w)

    entries = tuple(
        SynonymEntry(
            name=_entry(g["name"]),
            variants=tuple(v for v in (_entry(x) for x in g.get("variants", [])) if v),
            source=_source(g),
            parent=_entry(g["parent"]) if g.get("parent") else None,
            weight=float(g["weight"]) if "weight" in g else None,
        )
        for g in data.get("group", [])
    )
    rewrites = tuple(
        Rewrite(_entry(r["from"]), _entry(r["to"]), _source(r)) for r in data.get("rewrite", [])
    )
    return Lexicon(
        stopwords=words("stopwords"),
        filler=words("filler"),
        generic=words("generic"),
        abbreviations={plain_word(k): _entry(v) for k, v in data.get("abbreviations", {}).items()},
        capitals_only=frozenset(plain_word(w) for w in data.get("capitals_only", [])),
        rewrites=rewrites,
        entries=entries,
    )


def _source(table: Mapping[str, object]) -> str:
    source = " ".join(str(table.get("source", "")).split())
    if not source:
        raise ValueError(f"a lexicon entry without a source: {dict(table)}")
    return source


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    text = resources.files(__package__).joinpath("lexicon.toml").read_text(encoding="utf-8")
    return load_lexicon(text)
