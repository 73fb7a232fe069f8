"""In-memory search over every commune: folding, ranking, postcodes.

Plain Python, no database: the index is built once per process from the database (see
`services`) or from the data file, and answers a search in well under a millisecond. It
keeps sorted arrays and bisects them, so a prefix of a word or of a postcode is a range.

Ranking, best first: the exact name; the name starting with the query (at a word
boundary, then inside a word); every query word a whole word of the name; every query
word the start of a word of the name; query numbers that are a postcode prefix or the
département (e.g. "epinal 88"); finally the query found inside the name. Within a tier,
the larger population first. A query of digits only is a postcode prefix (≥ 2 digits).

`resolve` answers another question: which one commune a person typed in a form field
("Nancy", "54000", "Nancy (54)", "St-Étienne", an INSEE code), or which ones to choose from.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .choices import CommuneKind
from .datafile import TerritoryData

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_END = "\uffff"  # sorts after every folded character: `key + _END` closes a prefix range
MIN_POSTCODE_PREFIX = 2
MIN_CONTAINS = 3
EARTH_RADIUS_KM = 6371.0088
MAX_TYPED = 100  # longer than any commune's name and postcode
RESOLVE_LIMIT = 10  # candidates offered when a typed name is neither exact nor unique
# A name followed by a département or postcode ("Nancy (54)", "Nancy 54000", "Ajaccio, 2A"),
# or that number alone (a postcode, a postcode prefix, an INSEE code such as "2A004").
_NAME_NUMBER = re.compile(r"(?P<name>.*?)[\s,;(]*(?P<number>\d[\dAB]\d{0,3})\s*\)?", re.IGNORECASE)
_INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower-case ASCII words separated by one space; "St"/"Ste" read as "saint"/"sainte".

    Accents, case, hyphens and apostrophes do not matter: "Saint-Dié", "st die" and
    "SAINT DIE" all fold to "saint die".
    """
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in _SEPARATORS.split(folded) if w)


@dataclass(frozen=True, slots=True)
class CommuneHit:
    """A commune as the rest of Appui sees it (search results, addresses, directories)."""

    code: str  # INSEE code
    name: str
    postcodes: tuple[str, ...]
    departement_code: str
    departement_name: str
    latitude: float | None
    longitude: float | None
    kind: str = CommuneKind.COMMUNE.value
    population: int | None = None

    @property
    def label(self) -> str:
        """ "Saint-Dié-des-Vosges (88100)": the name and its first (or matched) postcode."""
        return f"{self.name} ({self.postcodes[0]})" if self.postcodes else self.name

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "label": self.label,
            "postcodes": list(self.postcodes),
            "departement_code": self.departement_code,
            "departement_name": self.departement_name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "kind": self.kind,
            "population": self.population,
        }


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed town designates: one commune, several to choose from, or none.

    `candidates` are best first, each labelled with the postcode typed when there was one
    ("Saint-Étienne (42100)"); `more` is True when further communes match than are listed.
    `postcode` is set when only a postcode was typed (the wording of the question differs).
    """

    candidates: tuple[CommuneHit, ...] = ()
    more: bool = False
    postcode: str = ""

    @property
    def hit(self) -> CommuneHit | None:
        """The one commune meant, or None (nothing typed, nothing found, or a choice to make)."""
        return self.candidates[0] if len(self.candidates) == 1 and not self.more else None

    def get(self, code: str) -> CommuneHit | None:
        """The candidate with this INSEE code (a choice among the candidates), if any."""
        return next((hit for hit in self.candidates if hit.code == code), None)


def distance_km(a: CommuneHit, lat: float, lon: float) -> float | None:
    """Great-circle (haversine) distance from the commune's centre; None without a centre."""
    if a.latitude is None or a.longitude is None:
        return None
    phi1, phi2 = math.radians(a.latitude), math.radians(lat)
    dphi = phi2 - phi1
    dlambda = math.radians(lon - a.longitude)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# Tiers of the ranking (lower is better).
EXACT, PREFIX_WORD, PREFIX, WHOLE_WORDS, WORD_PREFIXES, NUMBERS, CONTAINS = range(7)


class CommuneIndex:
    """Every commune, sorted by population (largest first): a commune's position is its rank."""

    def __init__(self, hits: Iterable[CommuneHit]):
        ordered = sorted(hits, key=lambda h: (-(h.population or 0), h.name, h.code))
        self.hits: list[CommuneHit] = ordered
        self.names = [normalise(h.name) for h in ordered]
        self.words = [tuple(name.split()) for name in self.names]
        self.departements = [h.departement_code.lower() for h in ordered]
        self.by_code = {h.code: i for i, h in enumerate(ordered)}

        word_pairs = sorted({(w, i) for i, words in enumerate(self.words) for w in words})
        self._word_keys = [w for w, _ in word_pairs]
        self._word_ids = [i for _, i in word_pairs]
        name_pairs = sorted((name, i) for i, name in enumerate(self.names))
        self._name_keys = [name for name, _ in name_pairs]
        self._name_ids = [i for _, i in name_pairs]
        postcode_pairs = sorted({(pc, i) for i, h in enumerate(ordered) for pc in h.postcodes})
        self._postcode_keys = [pc for pc, _ in postcode_pairs]
        self._postcode_ids = [i for _, i in postcode_pairs]
        self._by_departement: dict[str, set[int]] = {}
        for i, dep in enumerate(self.departements):
            self._by_departement.setdefault(dep, set()).add(i)
        # Names without spaces, one per line: "saintdiedesvosges" is found from "saintdie".
        compact = [name.replace(" ", "") for name in self.names]
        self._haystack = "\n".join(compact)
        self._starts = []
        offset = 0
        for name in compact:
            self._starts.append(offset)
            offset += len(name) + 1
        self._prefix_sets: dict[str, frozenset[int]] = {}

    @classmethod
    def from_data(cls, data: TerritoryData) -> CommuneIndex:
        """An index straight from the data file (tests and tools that need no database)."""
        names = {code: name for code, name, _ in data.departements}
        return cls(
            CommuneHit(
                code=c.code,
                name=c.name,
                postcodes=tuple(pc for pc, _ in c.postcodes),
                departement_code=c.departement,
                departement_name=names[c.departement],
                latitude=c.latitude,
                longitude=c.longitude,
                kind=c.kind,
                population=c.population,
            )
            for c in data.communes
        )

    def __len__(self) -> int:
        return len(self.hits)

    def get(self, code: str) -> CommuneHit | None:
        i = self.by_code.get(code)
        return None if i is None else self.hits[i]

    def search(self, query: str, limit: int = 10) -> list[CommuneHit]:
        folded = normalise(query)
        if limit < 1 or not folded:
            return []
        tokens = folded.split()
        if all(t.isdigit() for t in tokens):
            return self._by_postcode("".join(tokens), limit)
        ranked: list[int] = []
        chosen: set[int] = set()

        def take(ids: Iterable[int], ordered: bool = False) -> bool:
            """Add the best of `ids` not yet chosen (the first ones if `ordered`, else the most
            populated); True once `limit` are chosen."""
            need = limit - len(ranked)
            fresh = (i for i in ids if i not in chosen)
            best = list(itertools.islice(fresh, need)) if ordered else heapq.nsmallest(need, fresh)
            ranked.extend(best)
            chosen.update(best)
            return len(ranked) >= limit

        # The name itself: equal, then starting with the query (ranges of the sorted names).
        keys, ids = self._name_keys, self._name_ids
        lo, hi = self._range(keys, folded)
        exact_hi = bisect_right(keys, folded, lo, hi)
        word_lo, word_hi = self._range(keys, folded + " ")
        if (
            take(ids[lo:exact_hi])
            or take(ids[word_lo:word_hi])
            or take(ids[lo:hi])
            or take(self._by_words(tokens, chosen), ordered=True)
        ):
            return [self.hits[i] for i in ranked]
        compact = folded.replace(" ", "")
        if len(compact) >= MIN_CONTAINS:
            take(self._by_contains(compact, chosen))
        return [self.hits[i] for i in ranked]

    def resolve(self, text: str, *, codes: bool = True) -> Resolution:
        """The commune a person means by `text`, else the candidates to choose from.

        Accepted: a name, whatever its accents, case, hyphens or "St"/"Saint" ("saint etienne",
        "St-Étienne"); a postcode ("54000", which may cover several communes); a name followed
        by its département or postcode ("Nancy (54)", "Nancy (54000)": the labels Appui shows
        read back to their commune); with `codes`, an INSEE code ("54395", "2A004").
        A name is taken whole when some commune bears exactly that name, or as the first
        words of one name only ("saint die"); else it is searched (a prefix, words, a part
        of the name) and must then match one commune only. A municipal arrondissement is
        preferred to its city when both match ("13005").
        """
        text = text.strip()
        if not text or len(text) > MAX_TYPED:
            return Resolution()
        parts = _NAME_NUMBER.fullmatch(text)
        number = parts["number"].upper() if parts else ""
        name = normalise(parts["name"]) if parts else normalise(text)
        if not name:
            return self._resolve_number(number, codes)
        keys = self._name_keys
        lo = bisect_left(keys, name)
        ids = self._fitting(self._name_ids[lo : bisect_right(keys, name, lo)], number)
        if not ids:  # "saint die" for Saint-Dié-des-Vosges, when no other name starts so
            ids = self._fitting(self._name_ids[slice(*self._range(keys, name + " "))], number)
            ids = ids if len(ids) == 1 else []
        if ids:
            return _resolution([self._labelled(self.hits[i], number) for i in ids])
        if len(name.replace(" ", "")) < MIN_POSTCODE_PREFIX:
            return Resolution()
        found = self.search(text, RESOLVE_LIMIT + 1)
        return _resolution(
            [self._labelled(hit, number) for hit in found[:RESOLVE_LIMIT]],
            more=len(found) > RESOLVE_LIMIT,
        )

    def _resolve_number(self, number: str, codes: bool) -> Resolution:
        """A number alone: a postcode (every commune it serves), a postcode prefix, or a code."""
        if len(number) == 5 and number.isdigit():
            lo = bisect_left(self._postcode_keys, number)
            hi = bisect_right(self._postcode_keys, number, lo)
            ids = sorted(set(self._postcode_ids[lo:hi]))
            more = False
        elif number.isdigit():
            ids = heapq.nsmallest(RESOLVE_LIMIT + 1, set(self._postcode_prefix(number)))
            ids, more = ids[:RESOLVE_LIMIT], len(ids) > RESOLVE_LIMIT
        else:
            ids, more = [], False
        hits = [self._with_postcode_first(self.hits[i], number) for i in ids]
        coded = self.by_code.get(number) if codes and _INSEE_CODE.fullmatch(number) else None
        if coded is not None and coded not in ids:
            hits.append(self.hits[coded])
        return _resolution(hits, more=more, postcode=number if number.isdigit() else "")

    def _fitting(self, ids: list[int], number: str) -> list[int]:
        """The communes among `ids` that the number typed after the name fits, best first."""
        return sorted(i for i in ids if not number or self._fits(self.hits[i], number))

    @staticmethod
    def _fits(hit: CommuneHit, number: str) -> bool:
        """Whether the number after a name is the commune's département, postcode or code."""
        return (
            number in (hit.departement_code, hit.code)
            or number.isdigit()
            and any(pc.startswith(number) for pc in hit.postcodes)
        )

    def _labelled(self, hit: CommuneHit, number: str) -> CommuneHit:
        """The commune with the typed postcode first, so that its label shows it."""
        if number.isdigit() and any(pc.startswith(number) for pc in hit.postcodes):
            return self._with_postcode_first(hit, number)
        return hit

    def _range(self, keys: list[str], prefix: str) -> tuple[int, int]:
        return bisect_left(keys, prefix), bisect_right(keys, prefix + _END)

    def _word_prefix(self, token: str) -> frozenset[int]:
        """Communes with a name word starting with `token` (cached: typing repeats prefixes)."""
        found = self._prefix_sets.get(token)
        if found is None:
            lo, hi = self._range(self._word_keys, token)
            found = frozenset(self._word_ids[lo:hi])
            if len(self._prefix_sets) > 4096:
                self._prefix_sets.clear()
            self._prefix_sets[token] = found
        return found

    def _postcode_prefix(self, digits: str) -> list[int]:
        if not MIN_POSTCODE_PREFIX <= len(digits) <= 5:
            return []
        lo, hi = self._range(self._postcode_keys, digits)
        return self._postcode_ids[lo:hi]

    def _by_postcode(self, digits: str, limit: int) -> list[CommuneHit]:
        ids = heapq.nsmallest(limit, set(self._postcode_prefix(digits)))
        return [self._with_postcode_first(self.hits[i], digits) for i in ids]

    @staticmethod
    def _with_postcode_first(hit: CommuneHit, digits: str) -> CommuneHit:
        """The postcode that matched comes first, so the label shows it ("Marseille (13005)")."""
        if hit.postcodes[0].startswith(digits):
            return hit
        first = next(pc for pc in hit.postcodes if pc.startswith(digits))
        rest = tuple(pc for pc in hit.postcodes if pc != first)
        return dataclasses.replace(hit, postcodes=(first, *rest))

    def _by_words(self, tokens: list[str], chosen: set[int]) -> list[int]:
        """Communes where each query word starts a word of the name, or, for a number, is a
        postcode prefix or the département; ordered by tier, then population."""
        in_name = [self._word_prefix(t) for t in tokens]
        either = []
        for token, named in zip(tokens, in_name, strict=True):
            other = self._by_departement.get(token, ())
            if token.isdigit():
                other = set(self._postcode_prefix(token)).union(other)
            either.append(named.union(other) if other else named)
        candidates = set.intersection(set(min(either, key=len)), *either) - chosen
        if not candidates:
            return []
        numbers_elsewhere = [
            (t, named)
            for t, named, e in zip(tokens, in_name, either, strict=True)
            if e is not named
        ]
        scored = []
        for i in candidates:
            words = self.words[i]
            outside = [t for t, named in numbers_elsewhere if i not in named]
            if outside:
                rest = [t for t in tokens if t not in outside]
                tier = NUMBERS * 10 + self._name_tier(self.names[i], " ".join(rest), words)
            else:
                tier = 10 * (WHOLE_WORDS if all(t in words for t in tokens) else WORD_PREFIXES)
            scored.append((tier, i))
        scored.sort()
        return [i for _, i in scored]

    @staticmethod
    def _name_tier(name: str, folded: str, words: tuple[str, ...]) -> int:
        if name == folded:
            return EXACT
        if name.startswith(folded):
            return PREFIX_WORD if name[len(folded)] == " " else PREFIX
        if all(t in words for t in folded.split()):
            return WHOLE_WORDS
        return WORD_PREFIXES

    def _by_contains(self, compact: str, chosen: set[int]) -> list[int]:
        """Communes whose name, spaces removed, contains the query (spaces removed)."""
        haystack, starts, find = self._haystack, self._starts, self._haystack.find
        found = []
        position = find(compact)
        while position != -1:
            i = bisect_right(starts, position) - 1
            if i not in chosen:
                found.append(i)
            # One hit per commune is enough: go on from the next name.
            nxt = starts[i + 1] if i + 1 < len(starts) else len(haystack)
            position = find(compact, nxt)
        return found


def _resolution(hits: list[CommuneHit], *, more: bool = False, postcode: str = "") -> Resolution:
    """Candidates without a city whose municipal arrondissement is also a candidate: someone
    who typed "13005" or "75015" means the arrondissement, which lies within the city."""
    arrondissements = {
        (hit.departement_code, normalise(hit.name))
        for hit in hits
        if hit.kind == CommuneKind.ARRONDISSEMENT
    }
    if arrondissements:
        hits = [
            hit
            for hit in hits
            if hit.kind != CommuneKind.COMMUNE
            or not any(
                dep == hit.departement_code and name.startswith(normalise(hit.name) + " ")
                for dep, name in arrondissements
            )
        ]
    return Resolution(tuple(hits), more=more, postcode=postcode)
