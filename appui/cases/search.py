"""Finding a person again: typo-, accent- and case-insensitive on names, plus birth date
and phone. PostgreSQL ranks names by trigram word similarity (pg_trgm, GIN index); SQLite,
the small embedded default, computes the same similarity in Python over one association.
A file is found by its number or its affair's prosecutor's number (indexed, migration 0011)."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import BigIntegerField, Q, Value
from django.db.models.functions import Cast, Replace, Upper
from django.utils import timezone

from .models import CaseFile, Person

NAME_THRESHOLD = 0.45
# Names ranked in Python after PostgreSQL's first cut: the most similar this many.
NAME_CANDIDATES = 200
# Associations spelt out for the (association, trigrams) index: a search covers one, or a
# few with an exceptional access; beyond, the trigrams alone are searched.
SCOPE_MAX = 4
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """ "Élodie  DE-LA Tour" → "elodie de la tour"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _NOT_ALNUM.sub(" ", plain).strip()


def search_name(last_name: str, first_name: str) -> str:
    return normalise(f"{last_name} {first_name}")[:210]


def phone_digits(phone: str) -> str:
    """The last nine digits: "+33 6 12 34 56 78" and "06 12 34 56 78" match."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 9 else digits


@functools.lru_cache(maxsize=65_536)
def _trigrams(word: str) -> frozenset[str]:
    """Cached: the same first and last names come back in every search."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _query_trigrams(query: str) -> frozenset[str]:
    return frozenset().union(*(_trigrams(w) for w in query.split()))


def _share(q: frozenset[str], text: str) -> float:
    """The share of the trigrams `q` found in the best run of (up to three) words of text."""
    if not q:
        return 0.0
    words = text.split()
    best = 0
    for start in range(len(words)):
        run: set[str] = set()
        for word in words[start : start + 3]:
            run |= _trigrams(word)
            best = max(best, len(q & run))
    return best / len(q)


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's `word_similarity`, simplified: the share of the query's trigrams found in
    the best run of (up to three) words of the text."""
    return _share(_query_trigrams(query) if query else frozenset(), text)


def _in_organisations(people, organisation_ids):
    """Restrict to these associations with ids typed as the column (bigint): PostgreSQL then
    reads the (association, trigrams) index for them alone, which it cannot with the
    small-integer parameters the driver sends (btree_gin compares bigint to bigint only)."""
    ids = sorted(set(organisation_ids or ()))
    if not 0 < len(ids) <= SCOPE_MAX:
        return people
    typed = (Q(organisation_id=Cast(Value(pk), BigIntegerField())) for pk in ids)
    return people.filter(functools.reduce(operator.or_, typed))


def _name_scores(people, query: str, fields, organisation_ids) -> dict[int, tuple[Person, float]]:
    """People whose name matches, with their similarity: PostgreSQL's own `word_similarity`
    (pg_trgm), the most similar first, so that when more match than are kept, those left
    out are the least similar; on SQLite the same measure computed here over the rows."""
    if connection.vendor != "postgresql":
        q = _query_trigrams(query)
        found = {}
        for p in people.only(*fields).iterator(chunk_size=2000):
            score = _share(q, p.search_name)
            if score >= NAME_THRESHOLD:
                found[p.pk] = (p, score)
        return found
    with transaction.atomic():
        with connection.cursor() as cursor:
            # set_config(…, true) is SET LOCAL with a bound value (SET takes no parameter).
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(NAME_THRESHOLD)],
            )
        matching = _in_organisations(people, organisation_ids).filter(
            search_name__trigram_word_similar=query
        )
        ranked = matching.annotate(similarity=TrigramWordSimilarity(query, "search_name"))
        rows = ranked.order_by("-similarity", "search_name", "pk").only(*fields)
        return {p.pk: (p, p.similarity) for p in rows[:NAME_CANDIDATES]}


@dataclass(frozen=True)
class Match:
    person: Person
    score: float
    reasons: tuple[str, ...]


def find(
    people,
    *,
    name: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    limit: int = 20,
    organisation_ids=None,
) -> list[Match]:
    """People of the queryset `people` who match a name, a birth date or a phone.

    `organisation_ids`, the associations `people` is limited to, lets PostgreSQL read the
    index of those associations alone."""
    query = normalise(name)
    digits = phone_digits(phone)
    if not (query or birth_date or len(digits) >= 6):
        return []
    fields = (
        "id",
        "organisation_id",
        "last_name",
        "first_name",
        "birth_date",
        "phone",
        "commune_code",
        "search_name",
        "phone_digits",
    )
    candidates: dict[int, Person] = {}
    names: dict[int, tuple[Person, float]] = {}
    if query:
        names = _name_scores(people, query, fields, organisation_ids)
        candidates.update({pk: person for pk, (person, _score) in names.items()})
    if birth_date:
        for p in people.filter(birth_date=birth_date).only(*fields)[:200]:
            candidates[p.pk] = p
    if len(digits) >= 6:
        for p in people.filter(phone_digits=digits).only(*fields)[:200]:
            candidates[p.pk] = p
    matches = []
    for p in candidates.values():
        reasons = []
        score = 0.0
        if p.pk in names:
            reasons.append("name")
            score += names[p.pk][1]
        if birth_date and p.birth_date == birth_date:
            reasons.append("birth_date")
            score += 1
        if len(digits) >= 6 and p.phone_digits == digits:
            reasons.append("phone")
            score += 1
        if reasons:
            matches.append(Match(p, score, tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.person.search_name, m.person.pk))
    return matches[:limit]


# --- files by number ---------------------------------------------------------------------

# Typed numbers are read without spaces and in capitals: "fv54 - 2026 - 123" is
# "FV54-2026-123". A file number is `{prefix}-{year}-{sequence:06d}` (services.files).
_FULL_NUMBER = re.compile(r"^(?P<prefix>[A-Z0-9]+)-(?P<year>(?:19|20)\d{2})-(?P<seq>\d{1,9})$")
_YEAR_NUMBER = re.compile(r"^(?P<year>(?:19|20)\d{2})[-/](?P<seq>\d{1,9})$")
_SHORT_NUMBER = re.compile(r"^\d{1,7}$")
NUMBER_LIMIT = 20
# A short number is looked for in the files opened this year and the years before, back to
# this many: more than any file is kept (retention.py).
YEARS_BACK = 50


class NumberMatch(StrEnum):
    FILE = "file_number"
    PROSECUTOR = "prosecutor_reference"


@dataclass(frozen=True)
class FileMatch:
    file: CaseFile
    reason: NumberMatch


def number_key(text: str) -> str:
    """A number as compared: no spaces, capitals ("26 045 000123" → "26045000123")."""
    return re.sub(r"\s+", "", text or "").upper()


def prosecutor_key():
    """The database expression matching `number_key` on the affair's prosecutor's number;
    migration 0011 indexes this very expression."""
    return Upper(Replace("affair__prosecutor_reference", Value(" "), Value("")))


def _file_number_filter(key: str, own: tuple[int, str] | None, this_year: int) -> Q:
    """The files a typed file number designates: the whole number in any association in
    scope; the year and sequence ("2026-123") or the sequence alone ("123", any year) in
    one's own association only (`own`: its id and file prefix), where colleagues say
    "file 123". Each reading is a list of whole numbers, looked up in the (association,
    number) unique index."""
    if full := _FULL_NUMBER.match(key):
        seq = int(full["seq"])
        return Q(number__in=sorted({key, f"{full['prefix']}-{full['year']}-{seq:06d}"}))
    if own is None:
        return Q(number=key)
    organisation_id, prefix = own
    if year := _YEAR_NUMBER.match(key):
        numbers = [f"{prefix}-{year['year']}-{int(year['seq']):06d}"]
    elif _SHORT_NUMBER.match(key):
        years = range(this_year, this_year - YEARS_BACK, -1)
        numbers = [f"{prefix}-{year}-{int(key):06d}" for year in years]
    else:
        return Q(number=key)
    return Q(number=key) | Q(organisation_id=organisation_id, number__in=numbers)


def find_files(
    files, number: str, *, own: tuple[int, str] | None = None, this_year: int | None = None
) -> list[FileMatch]:
    """Files of the queryset `files` whose file number or whose affair's prosecutor's number
    (n° de parquet) is `number`, in any case and spacing; the most recent first. `own`, the
    searcher's association (id, file prefix), is where short numbers are read."""
    key = number_key(number)
    if not key:
        return []
    related = files.select_related("person", "affair")
    found: dict[int, FileMatch] = {}
    by_number = _file_number_filter(key, own, this_year or timezone.localdate().year)
    for file in related.filter(by_number).order_by("-opened_on", "-pk")[:NUMBER_LIMIT]:
        found[file.pk] = FileMatch(file, NumberMatch.FILE)
    by_prosecutor = (
        related.alias(prosecutor_key=prosecutor_key())
        .filter(prosecutor_key=key)
        .order_by("-opened_on", "-pk")[:NUMBER_LIMIT]
    )
    for file in by_prosecutor:
        found.setdefault(file.pk, FileMatch(file, NumberMatch.PROSECUTOR))
    matches = sorted(found.values(), key=lambda m: (m.file.opened_on, m.file.pk), reverse=True)
    return matches[:NUMBER_LIMIT]
