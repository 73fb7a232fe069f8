"""Error messages of the territory app, in French, English and Spanish.

The API and the command line answer in JSON, so the app carries its own small catalogue
rather than gettext strings; each key has the three languages side by side (a test
checks that none is missing).
"""

from __future__ import annotations

LANGUAGES = ("fr", "en", "es")

CATALOGUE: dict[str, dict[str, str]] = {
    "q.required": {
        "fr": "Saisissez un nom de commune ou un code postal.",
        "en": "Enter a town name or a postcode.",
        "es": "Introduzca el nombre de un municipio o un código postal.",
    },
    "q.too_short": {
        "fr": "Saisissez au moins {min} caractères.",
        "en": "Enter at least {min} characters.",
        "es": "Introduzca al menos {min} caracteres.",
    },
    "q.too_long": {
        "fr": "Saisissez au plus {max} caractères.",
        "en": "Enter at most {max} characters.",
        "es": "Introduzca como máximo {max} caracteres.",
    },
    "limit.range": {
        "fr": "Le nombre de résultats doit être compris entre {min} et {max}.",
        "en": "The number of results must be between {min} and {max}.",
        "es": "El número de resultados debe estar entre {min} y {max}.",
    },
    "lang.choice": {
        "fr": "Langue inconnue : choisissez parmi {choices}.",
        "en": "Unknown language: choose one of {choices}.",
        "es": "Idioma desconocido: elija entre {choices}.",
    },
    "commune.unknown": {
        "fr": "Aucune commune n'a le code INSEE « {code} ».",
        "en": "No commune has the INSEE code “{code}”.",
        "es": "Ningún municipio tiene el código INSEE «{code}».",
    },
    "courts.file": {
        "fr": "Le fichier est illisible : {reason}.",
        "en": "The file cannot be read: {reason}.",
        "es": "No se puede leer el archivo: {reason}.",
    },
    "courts.empty": {
        "fr": "Le fichier ne contient aucune ligne de commune.",
        "en": "The file holds no commune line.",
        "es": "El archivo no contiene ninguna línea de municipio.",
    },
    "courts.no_territory": {
        "fr": "Aucune commune n'est chargée : lancez d'abord « appui territory load ».",
        "en": "No commune is loaded: run “appui territory load” first.",
        "es": "No hay municipios cargados: ejecute primero «appui territory load».",
    },
    "courts.header_missing": {
        "fr": "Colonne « {column} » absente de l'en-tête.",
        "en": "Column “{column}” is missing from the header.",
        "es": "Falta la columna «{column}» en el encabezado.",
    },
    "courts.header_unknown": {
        "fr": "Colonne « {column} » non reconnue (attendu : {expected}).",
        "en": "Column “{column}” is not recognised (expected: {expected}).",
        "es": "Columna «{column}» no reconocida (se esperaba: {expected}).",
    },
    "courts.header_duplicate": {
        "fr": "Le type de juridiction de « {column} » apparaît deux fois.",
        "en": "The court type of “{column}” appears twice.",
        "es": "El tipo de jurisdicción de «{column}» aparece dos veces.",
    },
    "courts.column_missing": {
        "fr": "Colonne absente : la ligne a {found} champs, l'en-tête {expected}.",
        "en": "Missing column: the line has {found} fields, the header {expected}.",
        "es": "Falta una columna: la línea tiene {found} campos, el encabezado {expected}.",
    },
    "courts.column_extra": {
        "fr": "La ligne a {found} champs, l'en-tête {expected}.",
        "en": "The line has {found} fields, the header {expected}.",
        "es": "La línea tiene {found} campos, el encabezado {expected}.",
    },
    "courts.commune_unknown": {
        "fr": "« {code} » n'est le code INSEE d'aucune commune.",
        "en": "“{code}” is not the INSEE code of any commune.",
        "es": "«{code}» no es el código INSEE de ningún municipio.",
    },
    "courts.commune_duplicate": {
        "fr": "La commune {code} figure déjà ligne {first_line}.",
        "en": "Commune {code} already appears on line {first_line}.",
        "es": "El municipio {code} ya figura en la línea {first_line}.",
    },
    "courts.value_missing": {
        "fr": "Valeur manquante.",
        "en": "Missing value.",
        "es": "Falta el valor.",
    },
    "courts.court_conflict": {
        "fr": "La juridiction n° {number} s'appelle « {name} » ligne {first_line}.",
        "en": "Court no. {number} is named “{name}” on line {first_line}.",
        "es": "La jurisdicción n.º {number} se llama «{name}» en la línea {first_line}.",
    },
}


def text(key: str, lang: str = "fr", **values: object) -> str:
    entry = CATALOGUE[key]
    return entry.get(lang, entry["fr"]).format(**values)


def error(field: str, key: str, lang: str = "fr", **values: object) -> dict:
    return {"field": field, "message": text(key, lang, **values)}
