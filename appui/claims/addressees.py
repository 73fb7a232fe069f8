"""Who a document goes to: the competent CIVI, the prosecutor, the dean of the judges.

- The CIVI: that of the tribunal judiciaire of the victim's home; for a French resident
  abroad, that of Paris (law.md §1, [S]). (The CIVI of the criminal court seized is also
  competent: the person preparing the request may name it instead.)
- The prosecutor (CPP 40) and the dean of the investigating judges (CPP 85): at the
  tribunal judiciaire of the place of the offence (the author's home is the other choice,
  which only the person writing knows).

The court comes from territory's commune → court table when an operator imported it, else
from the directory when exactly one tribunal judiciaire (or CIVI) covers the commune; its
address from the directory's entry. Nothing is guessed: unknown gives an empty
`Addressee`, which the letter prints as a blank to fill in.
"""

from __future__ import annotations

from appui.directory import services as directory
from appui.territory import services as territory

from .letters import Addressee

CIVI = "Commission d'indemnisation des victimes d'infractions"
PROSECUTOR = "Procureur de la République"
DEAN = "Doyen des juges d'instruction"
TRIBUNAL = "tribunal judiciaire"
PARIS = "75056"
# The directory's kinds of service (`directory.models.Kind` values).
KIND_CIVI, KIND_COURT = "civi", "court"
VOWELS = set("aeiouyàâäéèêëîïôöùûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ")


def court_name(city: str) -> str:
    """ "Tribunal judiciaire de Nancy", "d'Épinal", "du Mans", "des Sables-d'Olonne"."""
    if city[:1] in VOWELS:
        return f"Tribunal judiciaire d'{city}"
    if city.startswith("Le "):
        return f"Tribunal judiciaire du {city[3:]}"
    if city.startswith("Les "):
        return f"Tribunal judiciaire des {city[4:]}"
    return f"Tribunal judiciaire de {city}"


def civi(home_commune: str | None, *, lives_abroad: bool = False) -> Addressee:
    """The CIVI of the victim's home court (Paris for a resident abroad); empty if unknown."""
    code = PARIS if lives_abroad else (home_commune or "")
    if lives_abroad:
        tribunal, civi_entry = "Paris", _entry(PARIS, KIND_CIVI, "Paris")
    else:
        tribunal, civi_entry = _tribunal(code, KIND_CIVI)
    if tribunal is None:
        if civi_entry is None:
            return Addressee()
        return Addressee(name=civi_entry.name, address=_address(civi_entry))
    court_entry = civi_entry or _entry(code, KIND_COURT, tribunal)
    return Addressee(
        name=f"{CIVI} – {court_name(tribunal)}",
        address=_address(court_entry) if court_entry else "",
    )


def prosecutor(offence_commune: str | None) -> Addressee:
    """The prosecutor at the tribunal judiciaire of the place of the offence."""
    return _at_tribunal(PROSECUTOR, offence_commune)


def dean_of_investigating_judges(offence_commune: str | None) -> Addressee:
    """The dean of the investigating judges of the tribunal of the place of the offence."""
    return _at_tribunal(DEAN, offence_commune)


def tribunal(commune: str | None) -> str:
    """ "Tribunal judiciaire de Nancy" for a commune, or "" when unknown."""
    found, _entry_found = _tribunal(commune or "", KIND_COURT)
    return court_name(found) if found else ""


def _at_tribunal(office: str, commune: str | None) -> Addressee:
    found, entry = _tribunal(commune or "", KIND_COURT)
    if found is None:
        return Addressee()
    return Addressee(
        name=f"{office} – {court_name(found)}", address=_address(entry) if entry else ""
    )


def _tribunal(code: str, kind: str):
    """(the tribunal's city, the directory entry of `kind` for it), or (None, None)."""
    if not code:
        return None, None
    court = territory.court_for(code)
    if court is not None:
        return court.name, _entry(code, kind, court.name)
    entries = _covering(code, kind)
    if len(entries) != 1:
        return None, None
    city = _city_of(entries[0].name)
    return (city, entries[0]) if city else (None, entries[0])


def _covering(code: str, kind: str) -> list:
    """The directory's tribunals (or CIVIs) covering the commune."""
    try:
        found = directory.services_for_commune(code, kinds={kind})
    except directory.UnknownCommune:
        return []
    return [s for s in found if TRIBUNAL in territory.normalise(s.name) or kind == KIND_CIVI]


def _entry(code: str, kind: str, city: str):
    """The directory's entry of `kind` for the tribunal of `city`, among those covering the
    commune (for Paris, the entries covering Paris)."""
    wanted = territory.normalise(city)
    for entry in _covering(code, kind):
        name = territory.normalise(entry.name)
        if TRIBUNAL in name and name.endswith(" " + wanted):
            return entry
    return None


def _city_of(name: str) -> str:
    """The city in "Tribunal judiciaire d'Épinal" or "CIVI du tribunal judiciaire de Nancy"."""
    lower = name.lower()
    at = lower.find(TRIBUNAL)
    if at < 0:
        return ""
    rest = name[at + len(TRIBUNAL) :].strip()
    for prefix in ("d'", "d’", "de ", "du ", "des "):
        if rest.lower().startswith(prefix):
            city = rest[len(prefix) :].strip()
            return {"du ": "Le ", "des ": "Les "}.get(prefix, "") + city
    return ""


def _address(entry) -> str:
    return "\n".join(entry.address_lines)
