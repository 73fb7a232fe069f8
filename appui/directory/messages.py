"""Words of the directory in French, English and Spanish.

The directory's texts are few and closed (kinds of service, hours, validation errors), so they
live side by side here rather than in the gettext catalogues: a test checks that every key has
its three languages.
"""

from __future__ import annotations

from typing import Any

from appui.rights import messages as rights_messages

LANGUAGES = rights_messages.LANGUAGES

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}

MONTHS = rights_messages.MONTHS  # one set of month names for the whole project


def language(lang: str | None) -> str:
    """The language to answer in: French unless another supported one is asked for."""
    return lang if lang in LANGUAGES else "fr"


def text(key: str, lang: str, **kw: Any) -> str:
    template = CATALOGUE[key][LANGUAGES.index(language(lang))]
    return template.format(**kw) if kw else template


CATALOGUE: dict[str, tuple[str, str, str]] = {
    # --- kinds of service ------------------------------------------------------------
    "kind.association": (
        "Association d'aide aux victimes",
        "Victim support association",
        "Asociación de ayuda a las víctimas",
    ),
    "kind.bav": (
        "Bureau d'aide aux victimes (BAV)",
        "Victim support office at the court (BAV)",
        "Oficina de ayuda a las víctimas del tribunal (BAV)",
    ),
    "kind.court": (
        "Tribunal judiciaire",
        "Court of first instance (tribunal judiciaire)",
        "Tribunal de primera instancia (tribunal judiciaire)",
    ),
    "kind.civi": (
        "Commission d'indemnisation des victimes d'infractions (CIVI)",
        "Criminal injuries compensation board (CIVI)",
        "Comisión de indemnización a las víctimas de delitos (CIVI)",
    ),
    "kind.police": (
        "Commissariat de police",
        "Police station",
        "Comisaría de policía",
    ),
    "kind.gendarmerie": (
        "Brigade de gendarmerie",
        "Gendarmerie station",
        "Puesto de la gendarmería",
    ),
    "kind.bar": (
        "Ordre des avocats (consultations gratuites)",
        "Bar association (free legal consultations)",
        "Colegio de abogados (consultas gratuitas)",
    ),
    "kind.commissaire_justice": (
        "Commissaire de justice",
        "Judicial officer (commissaire de justice)",
        "Agente judicial (commissaire de justice)",
    ),
    "kind.point_justice": (
        "Point-justice",
        "Legal information point (point-justice)",
        "Punto de información jurídica (point-justice)",
    ),
    "kind.mjd": (
        "Maison de justice et du droit",
        "Justice and law centre (maison de justice et du droit)",
        "Casa de la justicia y del derecho (maison de justice et du droit)",
    ),
    "kind.cidff": (
        "Centre d'information sur les droits des femmes et des familles (CIDFF)",
        "Women's and families' rights information centre (CIDFF)",
        "Centro de información sobre los derechos de las mujeres y las familias (CIDFF)",
    ),
    "kind.partner": (
        "Partenaire",
        "Partner organisation",
        "Organismo colaborador",
    ),
    "kind.desk": (
        "Permanence d'une association",
        "Association desk",
        "Punto de atención de una asociación",
    ),
    "kind.national_number": (
        "Numéro national",
        "National phone number",
        "Número nacional",
    ),
    # --- phone numbers ---------------------------------------------------------------
    "phone.main": ("Téléphone", "Phone", "Teléfono"),
    "phone.abroad": (
        "Depuis l'étranger",
        "From abroad",
        "Desde el extranjero",
    ),
    "phone.sms": (
        "Par SMS",
        "By text message (SMS)",
        "Por SMS",
    ),
    # --- hours -----------------------------------------------------------------------
    "hours.call": ("Horaires : appeler", "Hours: please call", "Horario: llame"),
    "hours.open_until": (
        "Ouvert maintenant, jusqu'à {time}",
        "Open now, until {time}",
        "Abierto ahora, {until}",
    ),
    "hours.open_until_day": (
        "Ouvert maintenant, jusqu'à {day} {time}",
        "Open now, until {time} {day}",
        "Abierto ahora, {until_day}",
    ),
    "hours.open_always": (
        "Ouvert maintenant, 24 h/24",
        "Open now, 24 hours a day",
        "Abierto ahora, las 24 horas",
    ),
    "hours.opens_today": (
        "Ouvre aujourd'hui à {time}",
        "Opens today at {time}",
        "Abre hoy {at}",
    ),
    "hours.opens_tomorrow": (
        "Ouvre demain à {time}",
        "Opens tomorrow at {time}",
        "Abre mañana {at}",
    ),
    "hours.opens_weekday": (
        "Ouvre {day} à {time}",
        "Opens {day} at {time}",
        "Abre el {day} {at}",
    ),
    "hours.opens_date": (
        "Ouvre le {day} {date} à {time}",
        "Opens {day} {date} at {time}",
        "Abre el {day} {date} {at}",
    ),
    "hours.closed": ("Fermé", "Closed", "Cerrado"),
    "hours.closed_until": (
        "Fermé exceptionnellement jusqu'au {date} inclus",
        "Temporarily closed until {date} inclusive",
        "Cerrado temporalmente hasta el {date} inclusive",
    ),
    "hours.tomorrow": ("demain", "tomorrow", "mañana"),
    "hours.every_day": ("tous les jours", "every day", "todos los días"),
    "hours.always": (
        "24 h/24, 7 j/7",
        "24 hours a day, 7 days a week",
        "24 horas al día, 7 días a la semana",
    ),
    "hours.range_days": (
        "du {first} au {last}",
        "{first} to {last}",
        "de {first} a {last}",
    ),
    "hours.two_days": (
        "{first} et {last}",
        "{first} and {last}",
        "{first} y {last}",
    ),
    "hours.line": ("{days} : {spans}", "{days}: {spans}", "{days}: {spans}"),
    "hours.public_holidays": (
        "jours fériés",
        "Public holidays",
        "festivos",
    ),
    "hours.day_closed": ("fermé", "closed", "cerrado"),
    "hours.day_call": ("appeler avant de venir", "call before coming", "llame antes de ir"),
    "hours.to_confirm": ("(à confirmer)", "(to be confirmed)", "(por confirmar)"),
    "hours.maybe_until": (
        "(peut-être jusqu'à {time})",
        "(perhaps until {time})",
        "(quizás hasta las {time})",
    ),
    # --- validation errors -------------------------------------------------------------
    "error.required": (
        "Ce champ est obligatoire.",
        "This field is required.",
        "Este campo es obligatorio.",
    ),
    "error.unknown_field": (
        "Champ inconnu : vérifiez son orthographe.",
        "Unknown field: check its spelling.",
        "Campo desconocido: compruebe su ortografía.",
    ),
    "error.string": ("Indiquez un texte.", "Give a text value.", "Indique un texto."),
    "error.too_long": (
        "Texte trop long (au plus {limit} caractères).",
        "Text too long (at most {limit} characters).",
        "Texto demasiado largo (como máximo {limit} caracteres).",
    ),
    "error.list": (
        "Une liste est attendue ici.",
        "A list is expected here.",
        "Se espera una lista aquí.",
    ),
    "error.object": (
        "Un objet JSON est attendu ici.",
        "A JSON object is expected here.",
        "Se espera un objeto JSON aquí.",
    ),
    "error.bool": (
        "Indiquez true ou false.",
        "Give true or false.",
        "Indique true o false.",
    ),
    "error.number": ("Indiquez un nombre.", "Give a number.", "Indique un número."),
    "error.latitude": (
        "La latitude doit être comprise entre -90 et 90.",
        "The latitude must be between -90 and 90.",
        "La latitud debe estar entre -90 y 90.",
    ),
    "error.longitude": (
        "La longitude doit être comprise entre -180 et 180.",
        "The longitude must be between -180 and 180.",
        "La longitud debe estar entre -180 y 180.",
    ),
    "error.coordinates_pair": (
        "Donnez la latitude et la longitude ensemble, ou aucune des deux.",
        "Give the latitude and the longitude together, or neither.",
        "Indique la latitud y la longitud juntas, o ninguna de las dos.",
    ),
    "error.choice": (
        "Valeur non reconnue ; valeurs possibles : {choices}.",
        "Value not recognised; possible values: {choices}.",
        "Valor no reconocido; valores posibles: {choices}.",
    ),
    "error.slug": (
        "Identifiant invalide : lettres minuscules sans accent, chiffres et tirets.",
        "Invalid identifier: lower-case unaccented letters, digits and hyphens.",
        "Identificador no válido: minúsculas sin tilde, cifras y guiones.",
    ),
    "error.duplicate": (
        "Identifiant déjà utilisé ligne {line} de ce fichier.",
        "Identifier already used on line {line} of this file.",
        "Identificador ya utilizado en la línea {line} de este archivo.",
    ),
    "error.postcode": (
        "Indiquez un code postal à cinq chiffres.",
        "Give a five-digit postcode.",
        "Indique un código postal de cinco cifras.",
    ),
    "error.commune": (
        "Indiquez un code de commune INSEE à cinq caractères (par exemple 88160 ou 2A004).",
        "Give a five-character INSEE commune code (for example 88160 or 2A004).",
        "Indique un código de municipio INSEE de cinco caracteres (por ejemplo 88160 o 2A004).",
    ),
    "error.unknown_commune": (
        "Commune inconnue : vérifiez le code INSEE.",
        "Unknown commune: check the INSEE code.",
        "Municipio desconocido: compruebe el código INSEE.",
    ),
    "error.departement": (
        "Indiquez un code de département INSEE (par exemple 88, 2A ou 974).",
        "Give an INSEE département code (for example 88, 2A or 974).",
        "Indique un código de departamento INSEE (por ejemplo 88, 2A o 974).",
    ),
    "error.phone": (
        "Numéro de téléphone invalide : chiffres, espaces, points, et + au début.",
        "Invalid phone number: digits, spaces, dots, and + at the start.",
        "Número de teléfono no válido: cifras, espacios, puntos y + al principio.",
    ),
    "error.email": (
        "Adresse électronique invalide.",
        "Invalid email address.",
        "Dirección de correo electrónico no válida.",
    ),
    "error.url": (
        "Adresse web invalide : elle commence par http:// ou https://.",
        "Invalid web address: it starts with http:// or https://.",
        "Dirección web no válida: empieza por http:// o https://.",
    ),
    "error.date": (
        "Indiquez une date au format AAAA-MM-JJ.",
        "Give a date as YYYY-MM-DD.",
        "Indique una fecha con el formato AAAA-MM-DD.",
    ),
    "error.closure_order": (
        "La fin de la fermeture ne peut pas précéder son début.",
        "The closure cannot end before it starts.",
        "El cierre no puede terminar antes de empezar.",
    ),
    "error.closure_cell": (
        "Fermeture invalide : écrivez AAAA-MM-JJ/AAAA-MM-JJ suivi du motif éventuel.",
        "Invalid closure: write YYYY-MM-DD/YYYY-MM-DD followed by the reason, if any.",
        "Cierre no válido: escriba AAAA-MM-DD/AAAA-MM-DD seguido del motivo, si lo hay.",
    ),
    "error.opening_hours": (
        "Horaires illisibles à partir du caractère {position} (« {rest} ») : écrivez-les dans la syntaxe opening_hours d'OpenStreetMap, par exemple « Tu 13:15-16:00; We 08:30-11:30; PH off ».",  # noqa: E501
        "Unreadable hours from character {position} (“{rest}”): write them in OpenStreetMap's opening_hours syntax, for example “Tu 13:15-16:00; We 08:30-11:30; PH off”.",  # noqa: E501
        "Horario ilegible a partir del carácter {position} («{rest}»): escríbalo con la sintaxis opening_hours de OpenStreetMap, por ejemplo «Tu 13:15-16:00; We 08:30-11:30; PH off».",  # noqa: E501
    ),
    "error.json": (
        "Le fichier n'est pas du JSON valide ({detail}).",
        "The file is not valid JSON ({detail}).",
        "El archivo no es JSON válido ({detail}).",
    ),
    "error.format": (
        "Format de fichier attendu : « {expected} ».",
        "Expected file format: “{expected}”.",
        "Formato de archivo esperado: «{expected}».",
    ),
    "error.version": (
        "Version de format non prise en charge ; versions possibles : {choices}.",
        "Unsupported format version; possible versions: {choices}.",
        "Versión de formato no admitida; versiones posibles: {choices}.",
    ),
    "error.csv": (
        "Fichier CSV illisible ({detail}).",
        "Unreadable CSV file ({detail}).",
        "Archivo CSV ilegible ({detail}).",
    ),
    "error.csv_columns": (
        "Colonne inconnue : {column}.",
        "Unknown column: {column}.",
        "Columna desconocida: {column}.",
    ),
    "error.csv_missing_column": (
        "Colonne obligatoire absente : {column}.",
        "Required column missing: {column}.",
        "Falta la columna obligatoria: {column}.",
    ),
    "error.csv_cells": (
        "Nombre de cellules différent de celui de l'en-tête.",
        "Number of cells differs from the header's.",
        "El número de celdas difiere del de la cabecera.",
    ),
    "error.encoding": (
        "Le fichier doit être encodé en UTF-8.",
        "The file must be encoded in UTF-8.",
        "El archivo debe estar codificado en UTF-8.",
    ),
    "error.empty": (
        "Le fichier ne contient aucun service.",
        "The file holds no service.",
        "El archivo no contiene ningún servicio.",
    ),
}
