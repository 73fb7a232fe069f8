"""Finding a person again: typo-, accent- and case-insensitive on names, plus birth date
and phone. PostgreSQL ranks names by trigram word similarity (pg_trgm, GIN index); SQLite,
the small embedded default, computes the same similarity in Python over one association."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction

from .models import Person

NAME_THRESHOLD = 0.45
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


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's `word_similarity`, simplified: the share of the query's trigrams found in
    the best run of (up to three) words of the text."""
    q = set().union(*(_trigrams(w) for w in query.split())) if query else set()
    if not q:
        return 0.0
    words = text.split()
    best = 0.0
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 3) + 1):
            t = set().union(*(_trigrams(w) for w in words[start:end]))
            best = max(best, len(q & t) / len(q))
    return best


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
) -> list[Match]:
    """People of the queryset `people` who match a name, a birth date or a phone."""
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
    if query:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET LOCAL pg_trgm.word_similarity_threshold = %s", [NAME_THRESHOLD]
                    )
                for p in people.filter(search_name__trigram_word_similar=query).only(*fields)[:200]:
                    candidates[p.pk] = p
        else:
            for p in people.only(*fields).iterator(chunk_size=2000):
                if word_similarity(query, p.search_name) >= NAME_THRESHOLD:
                    candidates[p.pk] = p
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
        if query:
            similarity = word_similarity(query, p.search_name)
            if similarity >= NAME_THRESHOLD:
                reasons.append("name")
                score += similarity
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
