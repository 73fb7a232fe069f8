"""Readable reasons and error messages of the engine, in French, English and Spanish.

The engine is pure Python (no Django), so it carries its own small catalogue:
each key has the three languages side by side, which keeps them complete
(a test checks that every key has all three).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Any

LANGUAGES = ("fr", "en", "es")

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}


@lru_cache(maxsize=8192)
def money(value: float | int | Decimal, lang: str) -> str:
    """An amount as a reader of that language expects it; cents only when there are some.

    "4 822,50 €" (fr, narrow no-break space between thousands), "€4,822.50" (en),
    "4.822,50 €" (es). Exact for any finite amount, however large (rounded half up to the
    cent from its decimal form); never raises: a non-number is shown as it is.
    """
    try:
        exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    except (TypeError, ValueError):
        exact = None
    if exact is None or not exact.is_finite():
        shown = "∞" if exact is not None and exact.is_infinite() else str(value)
        if exact is not None and exact.is_infinite() and exact < 0:
            shown = "-∞"
        return f"€{shown}" if lang == "en" else f"{shown}\u00a0€"
    cents = abs(exact).quantize(_CENT, rounding=ROUND_HALF_UP, context=_WIDE)
    sign = "-" if exact < 0 and cents else ""
    text = f"{cents:,.2f}" if int(cents.scaleb(2, _WIDE)) % 100 else f"{cents:,.0f}"
    if lang == "en":
        return f"{sign}€{text}"
    if lang == "es":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return f"{sign}{text}\u00a0€"
    text = text.replace(",", "\u202f").replace(".", ",")
    return f"{sign}{text}\u00a0€"


_CENT = Decimal("0.01")
_WIDE = Context(prec=400, Emax=999_999)  # every float (up to 1.8e308) to the cent


@lru_cache(maxsize=65536)
def date(value: dt.date, lang: str) -> str:
    month = MONTHS.get(lang, MONTHS["fr"])[value.month - 1]
    if lang == "en":
        return f"{value.day} {month} {value.year}"
    if lang == "es":
        return f"{value.day} de {month} de {value.year}"
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


def text(key: str, lang: str, **kw: Any) -> str:
    entry = CATALOGUE[key]
    template = entry[LANGUAGES.index(lang)] if lang in LANGUAGES else entry[0]
    return template.format(**kw) if kw else template


# pydantic error type → catalogue key
ERROR_TYPES = {
    "missing": "error.required",
    "extra_forbidden": "error.unknown_field",
    "bool_type": "error.bool",
    "int_type": "error.int",
    "int_from_float": "error.int",
    "float_type": "error.number",
    "finite_number": "error.number",
    "string_type": "error.string",
    "string_pattern_mismatch": "error.department",
    "iso_date": "error.date",
    "date_too_early": "error.date_too_early",
    "tuple_type": "error.list",
    "list_type": "error.list",
    "too_long": "error.too_long",
    "model_type": "error.object",
    "model_attributes_type": "error.object",
    "dict_type": "error.object",
    "json_invalid": "error.json",
}

CATALOGUE: dict[str, tuple[str, str, str]] = {
    # --- validation errors -------------------------------------------------------
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
    "error.bool": (
        "Indiquez true ou false.",
        "Give true or false.",
        "Indique true o false.",
    ),
    "error.int": (
        "Indiquez un nombre entier.",
        "Give a whole number.",
        "Indique un número entero.",
    ),
    "error.number": (
        "Indiquez un nombre.",
        "Give a number.",
        "Indique un número.",
    ),
    "error.string": (
        "Indiquez un texte.",
        "Give a text value.",
        "Indique un texto.",
    ),
    "error.department": (
        "Indiquez un code de département INSEE (par exemple 88, 2A ou 974).",
        "Give an INSEE département code (for example 88, 2A or 974).",
        "Indique un código de departamento INSEE (por ejemplo 88, 2A o 974).",
    ),
    "error.date": (
        "Indiquez une date au format AAAA-MM-JJ.",
        "Give a date as YYYY-MM-DD.",
        "Indique una fecha con el formato AAAA-MM-DD.",
    ),
    "error.object": (
        "Un objet JSON est attendu ici.",
        "A JSON object is expected here.",
        "Se espera un objeto JSON aquí.",
    ),
    "error.json": (
        "Le texte envoyé n'est pas du JSON valide.",
        "The text sent is not valid JSON.",
        "El texto enviado no es JSON válido.",
    ),
    "error.choice": (
        "Valeur non reconnue ; valeurs possibles : {choices}.",
        "Value not recognised; possible values: {choices}.",
        "Valor no reconocido; valores posibles: {choices}.",
    ),
    "error.min": (
        "La valeur doit être au moins {limit}.",
        "The value must be at least {limit}.",
        "El valor debe ser al menos {limit}.",
    ),
    "error.max": (
        "La valeur doit être au plus {limit}.",
        "The value must be at most {limit}.",
        "El valor debe ser como máximo {limit}.",
    ),
    "error.invalid": (
        "Valeur invalide.",
        "Invalid value.",
        "Valor no válido.",
    ),
    "error.future": (
        "Cette date ne peut pas être postérieure au jour de l'évaluation ({day}).",
        "This date cannot be later than the assessment day ({day}).",
        "Esta fecha no puede ser posterior al día de la evaluación ({day}).",
    ),
    "error.before_offence": (
        "Cette date ne peut pas précéder la date des faits ({day}).",
        "This date cannot be earlier than the date of the offence ({day}).",
        "Esta fecha no puede ser anterior a la fecha de los hechos ({day}).",
    ),
    "error.hearing_same_day": (
        "L'audience ne peut pas avoir lieu le jour même des faits ({day}).",
        "The hearing cannot take place on the day of the offence ({day}).",
        "La audiencia no puede celebrarse el mismo día de los hechos ({day}).",
    ),
    "error.needed_for_parameters": (
        "La date des faits est nécessaire lorsque parameters_date vaut « offence ».",
        'The date of the offence is needed when parameters_date is "offence".',
        'La fecha de los hechos es necesaria cuando parameters_date vale "offence".',
    ),
    "error.out_of_range": (
        "Date hors de la période prise en charge.",
        "Date outside the supported period.",
        "Fecha fuera del periodo admitido.",
    ),
    "error.date_too_early": (
        "Indiquez une date à partir du 1er janvier 1900.",
        "Give a date from 1 January 1900 on.",
        "Indique una fecha a partir del 1 de enero de 1900.",
    ),
    "error.list": (
        "Une liste est attendue ici.",
        "A list is expected here.",
        "Se espera una lista aquí.",
    ),
    "error.too_long": (
        "Cette liste est trop longue.",
        "This list is too long.",
        "Esta lista es demasiado larga.",
    ),
    "error.other_is_main": (
        "« {category} » est déjà la catégorie principale (offence.category).",
        '"{category}" is already the main category (offence.category).',
        "«{category}» ya es la categoría principal (offence.category).",
    ),
    "error.duplicate": (
        "Chaque catégorie ne peut figurer qu'une fois.",
        "Each category may appear only once.",
        "Cada categoría solo puede figurar una vez.",
    ),
    "error.born_after_offence": (
        "La date de naissance ne peut pas être postérieure à la date des faits ({day}).",
        "The date of birth cannot be later than the date of the offence ({day}).",
        "La fecha de nacimiento no puede ser posterior a la fecha de los hechos ({day}).",
    ),
    "error.born_long_after": (
        "Un proche né plus de 300 jours après les faits ({day}) n'était pas encore conçu à leur date.",
        "A relative born more than 300 days after the offence ({day}) was not yet conceived then.",
        "Un familiar nacido más de 300 días después de los hechos ({day}) aún no había sido concebido.",
    ),
    "error.file": (
        "Impossible de lire le fichier.",
        "Cannot read the file.",
        "No se puede leer el archivo.",
    ),
    "error.file_not_found": (
        "Fichier introuvable.",
        "File not found.",
        "Archivo no encontrado.",
    ),
    "error.file_permission": (
        "Lecture du fichier non autorisée.",
        "Not allowed to read the file.",
        "No está permitido leer el archivo.",
    ),
    "error.file_directory": (
        "C'est un dossier, pas un fichier.",
        "This is a folder, not a file.",
        "Es una carpeta, no un archivo.",
    ),
    "error.too_large": (
        "Le document envoyé est trop volumineux.",
        "The document sent is too large.",
        "El documento enviado es demasiado grande.",
    ),
    # --- general -----------------------------------------------------------------------
    "status.unknown": (
        "Des informations manquent pour conclure (voir « missing »).",
        'Some facts are missing to decide (see "missing").',
        'Faltan datos para decidir (ver "missing").',
    ),
    "unit.month": ("par mois", "a month", "al mes"),
    "unit.year": ("par an", "a year", "al año"),
    "rule.not_in_force": (
        "Cette règle n'était pas encore en vigueur (elle l'est depuis le {day}).",
        "This rule was not yet in force (it is since {day}).",
        "Esta norma aún no estaba en vigor (lo está desde el {day}).",
    ),
    "itt.month": (
        "Une ITT de 30 jours ou plus est comptée comme « au moins un mois » (lecture usuelle).",
        'An ITT of 30 days or more counts as "at least one month" (the usual reading).',
        "Una ITT de 30 días o más cuenta como «al menos un mes» (lectura habitual).",
    ),
    "civi_full.fault_capped": (
        "Indemnisation dans la limite du plafond ; la faute de la victime peut la réduire ou l'exclure (non calculable ici).",
        "Compensation up to the cap; the victim's own fault may reduce or exclude it (not computable here).",
        "Indemnización hasta el tope; la culpa de la víctima puede reducirla o excluirla (no calculable aquí).",
    ),
    "civi_full.minor_15_17": (
        "Victime mineure de 15 ans ou plus : le cas de 2023 ne s'applique que si une autre circonstance aggravante de l'article 222-12 existe.",
        "Minor victim aged 15 or over: the 2023 case only applies if another aggravating circumstance of article 222-12 exists.",
        "Víctima menor de 15 años o más: el caso de 2023 solo se aplica si existe otra circunstancia agravante del artículo 222-12.",
    ),
    "civi.deadline_needs_birth_date": (
        "Victime mineure : sa date de naissance permet de calculer le délai, qui court à partir de sa majorité.",
        "Minor victim: the date of birth gives the deadline, which runs from majority.",
        "Víctima menor: la fecha de nacimiento permite calcular el plazo, que corre desde la mayoría de edad.",
    ),
    "civi.deadline_if_minor": (
        "Si la victime était mineure au moment des faits, le délai court à partir de sa majorité (indiquer sa date de naissance).",
        "If the victim was a minor at the time, the period runs from majority (give the date of birth).",
        "Si la víctima era menor en el momento de los hechos, el plazo corre desde la mayoría de edad (indique la fecha de nacimiento).",
    ),
    "civi_capped.squat_damage": (
        "Pour les dégradations commises par les occupants (destruction ou détérioration de biens).",
        "For the damage done by the occupants (destruction of or damage to property).",
        "Por los daños causados por los ocupantes (destrucción o deterioro de bienes).",
    ),
    "civi_squat.not_serious": (
        "Les faits doivent avoir mis la victime dans une situation matérielle grave.",
        "The facts must have left the victim in a serious material situation.",
        "Los hechos deben haber dejado a la víctima en una situación material grave.",
    ),
    "fund.fgti_territory": (
        "Le FGTI indemnise les actes commis en France, et les Français victimes à l'étranger.",
        "The FGTI covers acts committed in France, and French nationals harmed abroad.",
        "El FGTI indemniza los actos cometidos en Francia y a los franceses víctimas en el extranjero.",
    ),
    "insurance.author_uninsured": (
        "Auteur inconnu ou non assuré : le FGAO indemnise (voir fonds de garantie) ; les contrats de la victime peuvent aussi jouer.",
        "Author unknown or uninsured: the FGAO pays (see guarantee fund); the victim's own contracts may also pay.",
        "Autor desconocido o sin seguro: indemniza el FGAO (ver fondo de garantía); los contratos de la víctima también pueden cubrir.",
    ),
    "insurance.hunting": (
        "L'assurance obligatoire du chasseur indemnise ; les contrats de la victime peuvent aussi jouer.",
        "The hunter's compulsory insurance pays; the victim's own contracts may also pay.",
        "El seguro obligatorio del cazador indemniza; los contratos de la víctima también pueden cubrir.",
    ),
    "civil_party.send_early": (
        "Ce jour n'est pas ouvré : envoyer la demande assez tôt pour qu'elle arrive avant.",
        "That day is not a working day: send the claim early enough to arrive before it.",
        "Ese día no es laborable: envíe la solicitud con antelación suficiente para que llegue antes.",
    ),
    "legal_aid.if_aggravated": (
        "Sans condition de ressources si une circonstance aggravante s'applique (art. 222-8 ou 222-10 du code pénal).",
        "No resource condition if an aggravating circumstance applies (penal code art. 222-8 or 222-10).",
        "Sin condición de recursos si se aplica una circunstancia agravante (art. 222-8 o 222-10 del código penal).",
    ),
    "limit.needs_birth_date": (
        "Victime mineure : sa date de naissance permet d'indiquer la prescription, qui court à partir de sa majorité.",
        "Minor victim: the date of birth gives the limitation, which runs from majority.",
        "Víctima menor: la fecha de nacimiento permite indicar la prescripción, que corre desde la mayoría de edad.",
    ),
    "limit.if_minor": (
        "Si la victime était mineure, la prescription peut courir à partir de sa majorité (indiquer sa date de naissance).",
        "If the victim was a minor, limitation may run from majority (give the date of birth).",
        "Si la víctima era menor, la prescripción puede correr desde la mayoría de edad (indique la fecha de nacimiento).",
    ),
    "limit.227_26": (
        "20 ans à partir de la majorité s'il s'agit de l'article 227-26 du code pénal.",
        "20 years from majority if penal code article 227-26 applies.",
        "20 años desde la mayoría de edad si se aplica el artículo 227-26 del código penal.",
    ),
    "protection.judge_weighs": (
        "Le juge vérifie que les violences alléguées sont vraisemblables et que la victime ou les enfants sont en danger.",
        "The judge checks that the alleged violence is likely and that the victim or the children are in danger.",
        "El juez comprueba que la violencia alegada es verosímil y que la víctima o los hijos están en peligro.",
    ),
    "protection.danger_said": (
        "Un danger grave ou imminent est signalé.",
        "A grave or imminent danger is reported.",
        "Se señala un peligro grave o inminente.",
    ),
    "rule.offence_date": (
        "Évalué avec les règles en vigueur le {day} (date des faits) : une demande faite aujourd'hui suit les règles d'aujourd'hui.",
        "Assessed with the rules in force on {day} (date of the offence): a request made today follows today's rules.",
        "Evaluado con las normas vigentes el {day} (fecha de los hechos): una solicitud hecha hoy sigue las normas de hoy.",
    ),
    # --- minors' rules for an indirect victim (the direct victim's age) -------------------
    "civi.deadline_needs_direct_birth_date": (
        "La victime directe était mineure : sa date de naissance permet de calculer le délai, qui court à partir de sa majorité.",
        "The direct victim was a minor: that person's date of birth gives the deadline, which runs from majority.",
        "La víctima directa era menor: su fecha de nacimiento permite calcular el plazo, que corre desde su mayoría de edad.",
    ),
    "civi.deadline_minor_direct": (
        "Victime directe mineure : le délai de 3 ans court à partir de sa majorité ({day}).",
        "Direct victim a minor: the 3-year period runs from that person's majority ({day}).",
        "Víctima directa menor: el plazo de 3 años corre desde su mayoría de edad ({day}).",
    ),
    "civi.deadline_if_direct_minor": (
        "Si la victime directe était mineure au moment des faits, le délai court à partir de sa majorité : indiquer sa date de naissance (la date indiquée vaut si elle était majeure).",
        "If the direct victim was a minor at the time, the period runs from that person's majority: give their date of birth (the date shown holds if they were an adult).",
        "Si la víctima directa era menor en el momento de los hechos, el plazo corre desde su mayoría de edad: indique su fecha de nacimiento (la fecha indicada vale si era mayor de edad).",
    ),
    "limit.needs_direct_birth_date": (
        "Victime directe mineure : sa date de naissance permet d'indiquer la prescription, qui court à partir de sa majorité.",
        "Direct victim a minor: that person's date of birth gives the limitation, which runs from majority.",
        "Víctima directa menor: su fecha de nacimiento permite indicar la prescripción, que corre desde su mayoría de edad.",
    ),
    "limit.minor_direct": (
        "Victime directe mineure : la prescription court à partir de sa majorité ({day}).",
        "Direct victim a minor: limitation runs from that person's majority ({day}).",
        "Víctima directa menor: la prescripción corre desde su mayoría de edad ({day}).",
    ),
    "limit.if_direct_minor": (
        "Si la victime directe était mineure, la prescription peut courir à partir de sa majorité : indiquer sa date de naissance (la date indiquée vaut si elle était majeure).",
        "If the direct victim was a minor, limitation may run from that person's majority: give their date of birth (the date shown holds if they were an adult).",
        "Si la víctima directa era menor, la prescripción puede correr desde su mayoría de edad: indique su fecha de nacimiento (la fecha indicada vale si era mayor de edad).",
    ),
    "legal_aid.if_direct_under_15": (
        "Sans condition de ressources si la victime directe avait moins de 15 ans (indiquer sa date de naissance) ou si une autre circonstance aggravante s'applique (art. 222-8 ou 222-10 du code pénal).",
        "No resource condition if the direct victim was under 15 (give that person's date of birth) or another aggravating circumstance applies (penal code art. 222-8 or 222-10).",
        "Sin condición de recursos si la víctima directa tenía menos de 15 años (indique su fecha de nacimiento) o si se aplica otra circunstancia agravante (art. 222-8 o 222-10 del código penal).",
    ),
    "legal_aid.legal_protection": (
        "Un contrat de protection juridique est déclaré : le demander d'abord à l'assureur, qui paie l'avocat librement choisi ; l'aide juridictionnelle n'est pas accordée pour les frais que ce contrat prend en charge (art. 2).",
        "A legal-protection contract is reported: ask that insurer first, who pays the lawyer she chooses; legal aid is not granted for the costs that contract covers (art. 2).",
        "Se declara un seguro de protección jurídica: pedirlo primero a la aseguradora, que paga al abogado libremente elegido; la asistencia jurídica no se concede para los gastos que cubre ese contrato (art. 2).",
    ),
    # --- press offences (loi du 29 juillet 1881) -------------------------------------------
    "press.three_months": (
        "Injure ou diffamation : les poursuites ne sont possibles que 3 mois après les faits (loi du 29 juillet 1881, art. 65), même pour des propos non publics.",
        "Insult or defamation: prosecution is possible only for 3 months after the facts (loi du 29 juillet 1881, art. 65), even for words that were not public.",
        "Injuria o difamación: solo se puede perseguir durante 3 meses después de los hechos (ley del 29 de julio de 1881, art. 65), incluso si las palabras no fueron públicas.",
    ),
    "press.one_year": (
        "Propos publics visant l'origine, la religion, le sexe, l'orientation ou l'identité sexuelle, ou le handicap : le délai est d'un an après les faits (art. 65-3).",
        "Public words aimed at origin, religion, sex, sexual orientation or identity, or disability: the period is one year after the facts (art. 65-3).",
        "Palabras públicas dirigidas contra el origen, la religión, el sexo, la orientación o identidad sexual o la discapacidad: el plazo es de un año después de los hechos (art. 65-3).",
    ),
    "press.shortest": (
        "Faute de savoir si les propos étaient publics et discriminatoires, le délai le plus court (3 mois) est indiqué.",
        "Without knowing whether the words were public and discriminatory, the shortest period (3 months) is given.",
        "Sin saber si las palabras fueron públicas y discriminatorias, se indica el plazo más corto (3 meses).",
    ),
    "press.act_fast": (
        "Avant toute poursuite, une simple plainte n'arrête pas ce délai (art. 65, al. 2) : agir vite, par une plainte avec constitution de partie civile auprès du doyen des juges d'instruction ou par une citation directe devant le tribunal.",
        "Before any prosecution, a plain complaint does not stop this clock (art. 65, para. 2): act fast, through a civil-party complaint to the senior investigating judge or a direct summons before the court.",
        "Antes de cualquier procesamiento, una simple denuncia no detiene este plazo (art. 65, párr. 2): actuar rápido, mediante querella con constitución de parte civil ante el decano de los jueces de instrucción o una citación directa ante el tribunal.",
    ),
    "press.needs_date": (
        "La date à laquelle les propos ont été tenus ou publiés permet d'indiquer ce délai.",
        "The date the words were said or published gives this deadline.",
        "La fecha en que se dijeron o publicaron las palabras permite indicar este plazo.",
    ),
    "prosecutor.press": (
        "Injure ou diffamation publique : la plainte avec constitution de partie civile devant le juge d'instruction est possible sans attendre 3 mois (art. 85, al. 2).",
        "Public insult or defamation: a civil-party complaint to the investigating judge can be filed without waiting 3 months (art. 85, para. 2).",
        "Injuria o difamación pública: la querella con constitución de parte civil ante el juez de instrucción es posible sin esperar 3 meses (art. 85, párr. 2).",
    ),
    "prosecutor.press_summons": (
        "Propos non publics : la victime peut citer directement l'auteur devant le tribunal de police.",
        "Words not said in public: the victim can summon the author directly before the police court.",
        "Palabras no públicas: la víctima puede citar directamente al autor ante el tribunal de policía.",
    ),
    # --- insurance and bank -----------------------------------------------------------------
    "insurance.card_only": (
        "Un paiement par carte non autorisé est signalé : la banque doit le rembourser.",
        "An unauthorised card payment is reported: the bank must refund it.",
        "Se señala un pago con tarjeta no autorizado: el banco debe reembolsarlo.",
    ),
    "insurance.contract.home": (
        "Déclarer le sinistre à l'assureur de l'habitation.",
        "Report the loss to the home insurer.",
        "Declarar el siniestro a la aseguradora de la vivienda.",
    ),
    "insurance.contract.vehicle": (
        "Déclarer le sinistre à l'assureur du véhicule.",
        "Report the loss to the vehicle insurer.",
        "Declarar el siniestro a la aseguradora del vehículo.",
    ),
    "insurance.contract.payment_card": (
        "Prévenir la banque qui a émis la carte (et l'assurance des moyens de paiement, s'il y en a une).",
        "Tell the bank that issued the card (and the payment-means insurer, if any).",
        "Avisar al banco emisor de la tarjeta (y al seguro de medios de pago, si lo hay).",
    ),
    "insurance.no_contract": (
        "Aucun contrat habitation, automobile ou carte n'est en jeu : vérifier les autres contrats (garantie des accidents de la vie, assurances liées à un compte ou une carte).",
        "No home, car or card contract is involved: check other contracts (personal accident cover, insurance attached to an account or card).",
        "No hay contrato de vivienda, automóvil o tarjeta en juego: revisar otros contratos (seguro de accidentes personales, seguros vinculados a una cuenta o tarjeta).",
    ),
    "insurance.declaration_needs_date": (
        "Le jour où la perte a été connue (ou la date des faits) permet d'indiquer le délai pour prévenir l'assureur.",
        "The day the loss became known (or the date of the offence) gives the deadline to tell the insurer.",
        "El día en que se conoció la pérdida (o la fecha de los hechos) permite indicar el plazo para avisar a la aseguradora.",
    ),
    "insurance.declaration": (
        "Prévenir l'assureur dès que possible, au plus tard dans le délai du contrat, qui ne peut pas être inférieur à 5 jours ouvrés : au moins jusqu'au {day} (compté depuis le {start}) ; le contrat peut donner plus.",
        "Tell the insurer as soon as possible and within the contract's time, which cannot be shorter than 5 working days: at least until {day} (counted from {start}); the contract may give longer.",
        "Avisar a la aseguradora lo antes posible y dentro del plazo del contrato, que no puede ser inferior a 5 días hábiles: al menos hasta el {day} (contado desde el {start}); el contrato puede dar más.",
    ),
    "insurance.declaration_theft": (
        "Vol : prévenir l'assureur dès que possible, au plus tard dans le délai du contrat, qui ne peut pas être inférieur à 2 jours ouvrés : au moins jusqu'au {day} (compté depuis le {start}) ; le contrat peut donner plus.",
        "Theft: tell the insurer as soon as possible and within the contract's time, which cannot be shorter than 2 working days: at least until {day} (counted from {start}); the contract may give longer.",
        "Robo: avisar a la aseguradora lo antes posible y dentro del plazo del contrato, que no puede ser inferior a 2 días hábiles: al menos hasta el {day} (contado desde el {start}); el contrato puede dar más.",
    ),
    "insurance.declaration_late": (
        "Ce délai passé, il n'est pas trop tard : le retard ne fait perdre la garantie que si le contrat le prévoit et si l'assureur prouve que le retard lui a causé un préjudice, et jamais s'il est dû à un cas fortuit ou de force majeure (art. L113-2).",
        "That date having passed, it is not too late: lateness loses the cover only if the contract says so and the insurer shows the delay harmed it, and never when it is due to events beyond her control (art. L113-2).",
        "Pasada esa fecha, no es demasiado tarde: el retraso solo hace perder la cobertura si el contrato lo prevé y la aseguradora demuestra que le causó un perjuicio, y nunca si se debe a un caso fortuito o de fuerza mayor (art. L113-2).",
    ),
    "insurance.bank_dispute": (
        "Contester auprès de la banque le paiement non autorisé du {debit} sans tarder, et au plus tard le {day} (13 mois après le débit) ; pour une carte à usage professionnel, le contrat peut fixer un autre délai.",
        "Contest the unauthorised payment of {debit} with the bank without delay, and by {day} at the latest (13 months after the debit); for a card used for work, the contract may set another time.",
        "Impugnar ante el banco el pago no autorizado del {debit} sin demora, y a más tardar el {day} (13 meses después del cargo); para una tarjeta de uso profesional, el contrato puede fijar otro plazo.",
    ),
    "insurance.bank_refund": (
        "La banque doit rembourser aussitôt, au plus tard à la fin du jour ouvrable suivant, sauf si elle a de bonnes raisons de soupçonner une fraude de la titulaire (art. L133-18).",
        "The bank must refund at once, by the end of the next business day at the latest, unless it has good reason to suspect fraud by the account holder (art. L133-18).",
        "El banco debe reembolsar de inmediato, a más tardar al final del día hábil siguiente, salvo que tenga buenas razones para sospechar un fraude de la titular (art. L133-18).",
    ),
    # --- CIVI ----------------------------------------------------------------------------
    "civi.excluded.terrorism": (
        "Les victimes d'actes de terrorisme s'adressent directement au FGTI, pas à la CIVI.",
        "Victims of terrorism apply directly to the FGTI, not to the CIVI.",
        "Las víctimas de terrorismo se dirigen directamente al FGTI, no a la CIVI.",
    ),
    "civi.excluded.traffic_accident": (
        "Les accidents de la circulation relèvent de l'assureur ou du FGAO, pas de la CIVI.",
        "Traffic accidents go to the insurer or the FGAO, not to the CIVI.",
        "Los accidentes de tráfico corresponden a la aseguradora o al FGAO, no a la CIVI.",
    ),
    "civi.excluded.hunting_accident": (
        "Les accidents de chasse relèvent de l'assureur ou du FGAO, pas de la CIVI.",
        "Hunting accidents go to the insurer or the FGAO, not to the CIVI.",
        "Los accidentes de caza corresponden a la aseguradora o al FGAO, no a la CIVI.",
    ),
    "civi.territory": (
        "La CIVI exige que la victime soit française ou que les faits aient eu lieu en France.",
        "The CIVI requires a French victim or facts committed in France.",
        "La CIVI exige que la víctima sea francesa o que los hechos ocurrieran en Francia.",
    ),
    "civi.other_compensation": (
        "Une autre indemnisation effective et suffisante existe (assureur, auteur, organismes).",
        "Another effective and sufficient compensation exists (insurer, author, other bodies).",
        "Existe otra indemnización efectiva y suficiente (aseguradora, autor, organismos).",
    ),
    "civi.not_serious_situation": (
        "Les faits doivent avoir mis la victime dans une situation matérielle ou psychologique grave.",
        "The facts must have left the victim in a serious material or psychological situation.",
        "Los hechos deben haber dejado a la víctima en una situación material o psicológica grave.",
    ),
    "civi.deadline_needs_date": (
        "La date des faits permet de calculer le délai pour saisir la CIVI.",
        "The date of the offence gives the deadline to apply to the CIVI.",
        "La fecha de los hechos permite calcular el plazo para acudir a la CIVI.",
    ),
    "civi.deadline_minor": (
        "Victime mineure : le délai de 3 ans court à partir de sa majorité ({day}).",
        "Minor victim: the 3-year period runs from the victim's majority ({day}).",
        "Víctima menor: el plazo de 3 años corre desde la mayoría de edad de la víctima ({day}).",
    ),
    "civi.deadline_proceedings": (
        "Si l'affaire est jugée, le délai est prolongé jusqu'à un an après la décision définitive.",
        "If the case is tried, the deadline runs until one year after the final decision.",
        "Si el caso se juzga, el plazo se prolonga hasta un año después de la decisión firme.",
    ),
    "civi.relief": (
        "Délai dépassé : la CIVI peut relever de la forclusion pour un motif légitime (art. 706-5).",
        "Deadline passed: the CIVI may lift the time bar for a legitimate reason (art. 706-5).",
        "Plazo vencido: la CIVI puede levantar la caducidad por un motivo legítimo (art. 706-5).",
    ),
    "civi_full.ground.listed": (
        "Les faits font partie de ceux que l'article 706-3 indemnise quelle que soit la gravité du dommage.",
        "The offence is one that article 706-3 covers whatever the extent of the harm.",
        "Los hechos figuran entre los que el artículo 706-3 indemniza sea cual sea la gravedad del daño.",
    ),
    "civi_full.ground.death": (
        "Les faits ont entraîné la mort.",
        "The offence caused a death.",
        "Los hechos causaron una muerte.",
    ),
    "civi_full.ground.permanent": (
        "Les faits ont entraîné une incapacité permanente.",
        "The offence caused a permanent incapacity.",
        "Los hechos causaron una incapacidad permanente.",
    ),
    "civi_full.ground.itt": (
        "Les faits ont entraîné une ITT d'au moins un mois.",
        "The offence caused an ITT of at least one month.",
        "Los hechos causaron una ITT de al menos un mes.",
    ),
    "civi_full.ground.partner_minor": (
        "Violences sur mineur ou par un (ex-)conjoint, concubin ou partenaire de PACS (art. 706-3, loi 2023-1059).",
        "Violence on a minor or by a current or former spouse, partner or PACS partner (art. 706-3, loi 2023-1059).",
        "Violencia contra un menor o por el (ex) cónyuge, pareja o pareja de PACS (art. 706-3, ley 2023-1059).",
    ),
    "civi_full.not_serious": (
        "Le dommage n'atteint pas le seuil de l'article 706-3 (mort, incapacité permanente ou ITT d'au moins un mois).",
        "The harm does not reach the threshold of article 706-3 (death, permanent incapacity or ITT of a month or more).",
        "El daño no alcanza el umbral del artículo 706-3 (muerte, incapacidad permanente o ITT de un mes o más).",
    ),
    "civi_full.cap_2023": (
        "Avec une ITT de moins d'un mois, l'indemnité est plafonnée à {cap}.",
        "With an ITT under one month, compensation is capped at {cap}.",
        "Con una ITT inferior a un mes, la indemnización tiene un tope de {cap}.",
    ),
    "civi_full.fault": (
        "Réparation intégrale ; la faute de la victime peut la réduire ou l'exclure (non calculable ici).",
        "Full compensation; the victim's own fault may reduce or exclude it (not computable here).",
        "Reparación íntegra; la culpa de la víctima puede reducirla o excluirla (no calculable aquí).",
    ),
    "civi_capped.scope": (
        "L'article 706-14 couvre le vol, l'escroquerie, l'abus de confiance, l'extorsion, les dégradations, ou une atteinte à la personne avec ITT de moins d'un mois.",
        "Article 706-14 covers theft, fraud, breach of trust, extortion, damage to property, or harm to the person with an ITT under one month.",
        "El artículo 706-14 cubre robo, estafa, abuso de confianza, extorsión, daños a bienes, o un daño a la persona con ITT inferior a un mes.",
    ),
    "civi_capped.full_applies": (
        "L'article 706-3 (réparation intégrale) s'applique : voir civi_full.",
        "Article 706-3 (full compensation) applies: see civi_full.",
        "Se aplica el artículo 706-3 (reparación íntegra): ver civi_full.",
    ),
    "civi_capped.short_itt": (
        "Atteinte à la personne avec ITT de moins d'un mois.",
        "Harm to the person with an ITT under one month.",
        "Daño a la persona con ITT inferior a un mes.",
    ),
    "civi_capped.income_below": (
        "Ressources ({income} {unit}) strictement inférieures au plafond de l'aide juridictionnelle partielle ({limit} {unit}).",
        "Resources ({income} {unit}) strictly below the partial legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) estrictamente inferiores al límite de la asistencia jurídica parcial ({limit} {unit}).",
    ),
    "civi_capped.income_above": (
        "Ressources ({income} {unit}) égales ou supérieures au plafond de l'aide juridictionnelle partielle ({limit} {unit}).",
        "Resources ({income} {unit}) equal to or above the partial legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) iguales o superiores al límite de la asistencia jurídica parcial ({limit} {unit}).",
    ),
    "civi_capped.cap": (
        "Indemnité au plus de {cap}.",
        "Compensation of at most {cap}.",
        "Indemnización de como máximo {cap}.",
    ),
    "civi_vehicle.scope": (
        "L'article 706-14-1 ne vise que la destruction par incendie d'un véhicule terrestre à moteur.",
        "Article 706-14-1 only covers a motor vehicle destroyed by fire.",
        "El artículo 706-14-1 solo cubre un vehículo a motor destruido por incendio.",
    ),
    "civi_vehicle.abroad": (
        "Les faits doivent avoir eu lieu en France.",
        "The facts must have occurred in France.",
        "Los hechos deben haber ocurrido en Francia.",
    ),
    "civi_vehicle.registration": (
        "Il faut avoir été titulaire du certificat d'immatriculation.",
        "The owner must have held the registration certificate.",
        "La persona propietaria debía ser titular del permiso de circulación.",
    ),
    "civi_vehicle.inspection": (
        "Le contrôle technique devait être à jour.",
        "The technical inspection must have been up to date.",
        "La inspección técnica debía estar al día.",
    ),
    "civi_vehicle.insurance": (
        "Le véhicule devait être assuré (art. L211-1 C. assur.).",
        "The vehicle must have been insured (C. assur. art. L211-1).",
        "El vehículo debía estar asegurado (art. L211-1 C. assur.).",
    ),
    "civi_vehicle.income_below": (
        "Ressources ({income} {unit}) ne dépassant pas 1,5 fois le plafond de l'aide partielle ({limit} {unit}).",
        "Resources ({income} {unit}) not above 1.5 times the partial legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) que no superan 1,5 veces el límite de la asistencia parcial ({limit} {unit}).",
    ),
    "civi_vehicle.income_above": (
        "Ressources ({income} {unit}) supérieures à 1,5 fois le plafond de l'aide partielle ({limit} {unit}).",
        "Resources ({income} {unit}) above 1.5 times the partial legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) superiores a 1,5 veces el límite de la asistencia parcial ({limit} {unit}).",
    ),
    "civi_squat.scope": (
        "L'article 706-14-3 ne vise que l'occupation illicite du domicile (squat).",
        "Article 706-14-3 only covers the unlawful occupation of the home (squat).",
        "El artículo 706-14-3 solo cubre la ocupación ilegal de la vivienda.",
    ),
    "civi_squat.abroad": (
        "Le domicile doit se trouver en France.",
        "The home must be in France.",
        "La vivienda debe estar en Francia.",
    ),
    "civi_squat.ok": (
        "Dommage matériel causé par l'occupation du domicile, quelles que soient les ressources.",
        "Material harm caused by the occupation of the home, whatever the resources.",
        "Daño material causado por la ocupación de la vivienda, sean cuales sean los recursos.",
    ),
    # --- funds -------------------------------------------------------------------------
    "fund.fgti": (
        "Saisir directement le Fonds de garantie (FGTI), sans passer par la CIVI.",
        "Apply directly to the guarantee fund (FGTI), not through the CIVI.",
        "Dirigirse directamente al fondo de garantía (FGTI), sin pasar por la CIVI.",
    ),
    "fund.fgao": (
        "Auteur inconnu ou non assuré : saisir directement le FGAO.",
        "Author unknown or uninsured: apply directly to the FGAO.",
        "Autor desconocido o sin seguro: dirigirse directamente al FGAO.",
    ),
    "fund.insurer_pays": (
        "L'assureur du responsable indemnise (voir l'assurance) ; le FGAO n'intervient pas.",
        "The insurer of the person responsible pays (see insurance); the FGAO does not step in.",
        "Indemniza la aseguradora del responsable (ver seguro); el FGAO no interviene.",
    ),
    "fund.not_applicable": (
        "Ces faits relèvent de la CIVI, pas d'une saisine directe d'un fonds de garantie (terrorisme, accidents de la circulation ou de chasse, risques miniers ou technologiques, assureur défaillant).",
        "These facts go to the CIVI, not directly to a guarantee fund (terrorism, traffic or hunting accidents, mining or technological risks, failed insurer).",
        "Estos hechos corresponden a la CIVI, no directamente a un fondo de garantía (terrorismo, accidentes de tráfico o de caza, riesgos mineros o tecnológicos, aseguradora en quiebra).",
    ),
    # --- SARVI -------------------------------------------------------------------------
    "sarvi.legal_person": (
        "Le SARVI n'aide que les personnes physiques.",
        "The SARVI only helps natural persons.",
        "El SARVI solo ayuda a personas físicas.",
    ),
    "sarvi.no_damages": (
        "Aucun dommages-intérêts n'ont été alloués par la juridiction pénale.",
        "No damages were awarded by the criminal court.",
        "El tribunal penal no concedió daños y perjuicios.",
    ),
    "sarvi.too_old": (
        "Le SARVI ne concerne que les décisions rendues depuis le 1er octobre 2008.",
        "The SARVI only concerns decisions given since 1 October 2008.",
        "El SARVI solo se refiere a decisiones dictadas desde el 1 de octubre de 2008.",
    ),
    "sarvi.civi_open": (
        "La CIVI peut l'indemniser : le SARVI est réservé à qui ne peut pas la saisir.",
        "The CIVI can compensate the victim: the SARVI is for those who cannot apply to it.",
        "La CIVI puede indemnizar a la víctima: el SARVI es para quien no puede acudir a ella.",
    ),
    "sarvi.after_civi": (
        "La CIVI a déclaré la demande irrecevable : le délai d'un an court de sa notification.",
        "The CIVI declared the request inadmissible: the one-year period runs from its notification.",
        "La CIVI declaró la solicitud inadmisible: el plazo de un año corre desde su notificación.",
    ),
    "sarvi.amount": (
        "Aide de {amount} pour {awarded} alloués (100 % jusqu'à 1 000 €, sinon 30 % entre 1 000 et 3 000 €) ; le Fonds recouvre le reste auprès de l'auteur.",
        "Aid of {amount} for {awarded} awarded (100% up to €1,000, otherwise 30% between €1,000 and €3,000); the Fund recovers the rest from the author.",
        "Ayuda de {amount} por {awarded} concedidos (100 % hasta 1.000 €, si no 30 % entre 1.000 y 3.000 €); el Fondo recupera el resto del autor.",
    ),
    # --- civil party, civil court, insurance -----------------------------------------------
    "civil_party.author_unknown": (
        "Auteur inconnu : la constitution de partie civile se fera lorsqu'il sera poursuivi, ou par plainte avec constitution de partie civile (art. 85).",
        "Author unknown: the civil-party claim comes when he is prosecuted, or through a civil-party complaint (art. 85).",
        "Autor desconocido: la constitución como parte civil llegará cuando sea procesado, o mediante querella con constitución de parte civil (art. 85).",
    ),
    "civil_party.how": (
        "Se constituer partie civile à l'audience, par lettre recommandée, télécopie ou voie électronique reçue 24 h au moins avant l'audience, ou par un avocat ; même si elle l'était déjà devant le juge d'instruction.",
        "Become a civil party at the hearing, by registered letter, fax or electronic means received at least 24 hours before the hearing, or through a lawyer; even if already one before the investigating judge.",
        "Constituirse en parte civil en la audiencia, por carta certificada, fax o vía electrónica recibida al menos 24 h antes de la audiencia, o mediante abogado; incluso si ya lo era ante el juez de instrucción.",
    ),
    "civil_party.quantified": (
        "La demande doit être chiffrée et accompagnée des justificatifs ; elle peut aussi viser la restitution d'objets saisis.",
        "The claim must be quantified, with supporting documents; it may also ask for seized objects to be returned.",
        "La solicitud debe estar cuantificada y acompañada de justificantes; también puede pedir la restitución de objetos incautados.",
    ),
    "civil_party.by": (
        "Demande écrite à faire parvenir au tribunal au plus tard le {day} (audience du {hearing}).",
        "A written claim must reach the court by {day} at the latest (hearing on {hearing}).",
        "La solicitud escrita debe llegar al tribunal a más tardar el {day} (audiencia del {hearing}).",
    ),
    "civil_court.lawyer_rule": (
        "Devant le tribunal judiciaire, l'avocat est obligatoire pour une demande supérieure à {limit}.",
        "Before the tribunal judiciaire, a lawyer is mandatory for a claim above {limit}.",
        "Ante el tribunal judiciaire, el abogado es obligatorio para una demanda superior a {limit}.",
    ),
    "civil_court.lawyer_yes": (
        "Demande de {claim}, supérieure à {limit} : avocat obligatoire.",
        "A claim of {claim}, above {limit}: a lawyer is mandatory.",
        "Demanda de {claim}, superior a {limit}: abogado obligatorio.",
    ),
    "civil_court.lawyer_no": (
        "Demande de {claim}, ne dépassant pas {limit} : avocat non obligatoire.",
        "A claim of {claim}, not above {limit}: no lawyer required.",
        "Demanda de {claim}, que no supera {limit}: abogado no obligatorio.",
    ),
    "insurance.traffic": (
        "L'assureur du véhicule impliqué indemnise les dommages corporels (loi Badinter) ; les contrats de la victime peuvent aussi jouer.",
        "The insurer of the vehicle involved pays for bodily harm (loi Badinter); the victim's own contracts may also pay.",
        "La aseguradora del vehículo implicado indemniza los daños corporales (ley Badinter); los contratos de la víctima también pueden cubrir.",
    ),
    "insurance.terrorism": (
        "Les contrats d'assurance de biens couvrent les dommages matériels dus au terrorisme.",
        "Property insurance contracts cover material damage caused by terrorism.",
        "Los seguros de bienes cubren los daños materiales causados por el terrorismo.",
    ),
    "insurance.property": (
        "Vérifier les contrats : multirisque habitation, assurance automobile, assurance des moyens de paiement.",
        "Check the victim's contracts: home insurance, car insurance, payment-means insurance.",
        "Revisar los contratos de la víctima: seguro de hogar, de automóvil, de medios de pago.",
    ),
    "insurance.person": (
        "Ces faits ne relèvent pas en général d'une assurance de biens ; une garantie des accidents de la vie peut exister.",
        "These facts are not usually covered by property insurance; a personal accident cover may exist.",
        "Estos hechos no suelen estar cubiertos por un seguro de bienes; puede existir un seguro de accidentes personales.",
    ),
    # --- legal aid ----------------------------------------------------------------------
    "legal_aid.no_condition": (
        "Faits parmi les plus graves (art. 9-2) : aide juridictionnelle sans condition de ressources pour l'action civile en réparation du dommage corporel (pour le terrorisme : la constitution de partie civile).",
        "Among the gravest offences (art. 9-2): legal aid without any resource condition for the civil claim for bodily harm (for terrorism: the civil-party claim).",
        "Entre los hechos más graves (art. 9-2): asistencia jurídica sin condición de recursos para la acción civil por daños corporales (para el terrorismo: la constitución como parte civil).",
    ),
    "legal_aid.full": (
        "Ressources ({income} {unit}) dans le plafond de l'aide totale ({limit} {unit}).",
        "Resources ({income} {unit}) within the full legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) dentro del límite de la asistencia total ({limit} {unit}).",
    ),
    "legal_aid.partial": (
        "Ressources ({income} {unit}) dans le plafond de l'aide partielle ({limit} {unit}).",
        "Resources ({income} {unit}) within the partial legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) dentro del límite de la asistencia parcial ({limit} {unit}).",
    ),
    "legal_aid.income_above": (
        "Ressources ({income} {unit}) au-dessus du plafond de l'aide partielle ({limit} {unit}).",
        "Resources ({income} {unit}) above the partial legal-aid ceiling ({limit} {unit}).",
        "Recursos ({income} {unit}) por encima del límite de la asistencia parcial ({limit} {unit}).",
    ),
    "legal_aid.assets": (
        "Le patrimoine est aussi pris en compte (non calculé ici).",
        "Assets are also taken into account (not computed here).",
        "El patrimonio también se tiene en cuenta (no calculado aquí).",
    ),
    "legal_aid.insurance": (
        "Un contrat d'assurance protection juridique peut aussi payer l'avocat, librement choisi.",
        "A legal-protection insurance contract may also pay the lawyer, freely chosen.",
        "Un seguro de protección jurídica también puede pagar al abogado, libremente elegido.",
    ),
    # --- complaint --------------------------------------------------------------------------
    "complaint.emergency": (
        "En urgence : 17 ou 112 ; 114 par SMS pour les personnes sourdes ou ne pouvant pas parler.",
        "In an emergency: 17 or 112; 114 by text message for people who are deaf or cannot speak.",
        "En caso de urgencia: 17 o 112; 114 por SMS para personas sordas o que no pueden hablar.",
    ),
    "complaint.anywhere": (
        "Tout commissariat ou toute brigade de gendarmerie doit recevoir la plainte et en remettre un récépissé.",
        "Any police station or gendarmerie unit must take the complaint and give a receipt.",
        "Cualquier comisaría o brigada de gendarmería debe recibir la denuncia y entregar un resguardo.",
    ),
    "complaint.partner_bar": (
        "Violences conjugales : la victime doit être informée du bracelet anti-rapprochement.",
        "Partner violence: the victim must be told about the anti-approach bracelet.",
        "Violencia de pareja: la víctima debe ser informada de la pulsera antiaproximación.",
    ),
    "complaint.limit_needs_facts": (
        "La date des faits et leur qualification (crime, délit, contravention) permettent d'indiquer le délai de prescription.",
        "The date and class of the offence (crime, délit, contravention) give the limitation period.",
        "La fecha y la calificación de los hechos (crimen, delito, contravención) permiten indicar el plazo de prescripción.",
    ),
    "limit.indicative": (
        "Prescription de l'action publique : {years} ans, date indicative (des actes d'enquête l'interrompent).",
        "Limitation of prosecution: {years} years, an indicative date (investigative acts interrupt it).",
        "Prescripción de la acción pública: {years} años, fecha indicativa (los actos de investigación la interrumpen).",
    ),
    "limit.minor": (
        "Victime mineure : la prescription court à partir de sa majorité ({day}).",
        "Minor victim: limitation runs from the victim's majority ({day}).",
        "Víctima menor: la prescripción corre desde la mayoría de edad de la víctima ({day}).",
    ),
    # --- online complaint ----------------------------------------------------------------
    "online.scope": (
        "La démarche en ligne ne vise que les atteintes aux biens et les faits discriminatoires.",
        "The online procedure only covers property offences and discrimination facts.",
        "El trámite en línea solo cubre delitos contra los bienes y hechos discriminatorios.",
    ),
    "online.author_known": (
        "La démarche en ligne suppose que l'auteur soit inconnu.",
        "The online procedure requires the author to be unknown.",
        "El trámite en línea requiere que el autor sea desconocido.",
    ),
    "online.minor": (
        "La plainte en ligne est réservée aux personnes majeures.",
        "The online complaint is for adults only.",
        "La denuncia en línea está reservada a personas mayores de edad.",
    ),
    "online.national": (
        "Plainte en ligne, signée en ligne, depuis le 15 octobre 2024.",
        "Online complaint, signed online, since 15 October 2024.",
        "Denuncia en línea, firmada en línea, desde el 15 de octubre de 2024.",
    ),
    "online.pre_complaint": (
        "Pré-plainte en ligne : formulaire guidé, choix du jour et du service ; signature sur place ; données effacées 30 jours après réception sans rendez-vous honoré.",
        "Online pre-complaint: guided form, choice of day and unit; signed in person; data erased 30 days after receipt if the victim does not come.",
        "Predenuncia en línea: formulario guiado, elección del día y de la unidad; firma en persona; datos borrados 30 días después de la recepción si la víctima no acude.",
    ),
    "online.national_property_only": (
        "Depuis le 15 octobre 2024, les atteintes aux biens passent par la plainte en ligne nationale.",
        "Since 15 October 2024, property offences go through the national online complaint.",
        "Desde el 15 de octubre de 2024, los delitos contra los bienes pasan por la denuncia en línea nacional.",
    ),
    # --- prosecutor ---------------------------------------------------------------------------
    "prosecutor.where": (
        "Écrire au procureur de la République du tribunal judiciaire du lieu des faits ou du domicile de l'auteur.",
        "Write to the public prosecutor of the tribunal judiciaire of the place of the offence or the author's home.",
        "Escribir al fiscal del tribunal judiciaire del lugar de los hechos o del domicilio del autor.",
    ),
    "prosecutor.crime": (
        "Pour un crime, la plainte avec constitution de partie civile devant le juge d'instruction est possible sans plainte préalable.",
        "For a crime, a civil-party complaint to the investigating judge needs no prior complaint.",
        "Para un crimen, la querella con constitución de parte civil ante el juez de instrucción no requiere denuncia previa.",
    ),
    "prosecutor.delit": (
        "Pour un délit, le juge d'instruction peut être saisi après un classement sans suite ou 3 mois sans réponse.",
        "For a délit, the investigating judge can be seized after a dismissal or 3 months without answer.",
        "Para un delito, se puede acudir al juez de instrucción tras un archivo o 3 meses sin respuesta.",
    ),
    "prosecutor.contravention": (
        "Pour une contravention, le juge d'instruction ne peut pas être saisi par la victime.",
        "For a contravention, the victim cannot seize the investigating judge.",
        "Para una contravención, la víctima no puede acudir al juez de instrucción.",
    ),
    # --- protection ----------------------------------------------------------------------------
    "protection.not_partner": (
        "L'ordonnance de protection vise les violences au sein du couple, actuel ou ancien.",
        "The protection order is for violence by a current or former partner.",
        "La orden de protección es para la violencia de la pareja, actual o anterior.",
    ),
    "protection.not_violence": (
        "Ces faits ne sont pas des violences au sens de l'article 515-9.",
        "These facts are not violence in the sense of article 515-9.",
        "Estos hechos no son violencia en el sentido del artículo 515-9.",
    ),
    "protection.no_danger": (
        "Le juge doit constater un danger pour la victime.",
        "The judge must find that the victim is in danger.",
        "El juez debe constatar un peligro para la víctima.",
    ),
    "protection.how": (
        "Demande au juge aux affaires familiales, sans plainte préalable ; décision dans les 6 jours de la fixation de l'audience ; mesures pour {months} mois.",
        "Ask the family judge, no prior complaint needed; decision within 6 days of setting the hearing; measures for {months} months.",
        "Solicitud al juez de familia, sin denuncia previa; decisión en 6 días desde la fijación de la audiencia; medidas durante {months} meses.",
    ),
    "protection.oppi": (
        "En urgence, une ordonnance provisoire de protection immédiate peut être rendue en 24 heures.",
        "In an emergency, a provisional immediate protection order can be given within 24 hours.",
        "En urgencia, una orden provisional de protección inmediata puede dictarse en 24 horas.",
    ),
    "tgd.scope": (
        "Le téléphone grave danger concerne les violences d'un (ex-)conjoint, concubin ou partenaire de PACS, ou le viol.",
        "The grave-danger phone is for violence by a current or former partner, or rape.",
        "El teléfono de grave peligro es para la violencia de la pareja o expareja, o la violación.",
    ),
    "tgd.no_consent": (
        "Il faut le consentement exprès de la victime.",
        "The victim's express consent is required.",
        "Se requiere el consentimiento expreso de la víctima.",
    ),
    "tgd.no_danger": (
        "Il faut un grave danger.",
        "There must be grave danger.",
        "Debe existir un grave peligro.",
    ),
    "tgd.cohabiting": (
        "La victime et l'auteur ne doivent plus cohabiter.",
        "The victim and the author must no longer live together.",
        "La víctima y el autor ya no deben convivir.",
    ),
    "tgd.no_ban": (
        "Il faut une interdiction judiciaire de contact déjà prononcée, ou un danger avéré et imminent.",
        "There must be a judicial no-contact ban already imposed, or a proven and imminent danger.",
        "Se requiere una prohibición judicial de contacto ya dictada, o un peligro real e inminente.",
    ),
    "tgd.how": (
        "Attribué par le procureur de la République pour {months} mois renouvelables ; l'association d'aide aux victimes accompagne.",
        "Granted by the public prosecutor for {months} renewable months; the victim-support association provides support throughout.",
        "Concedido por el fiscal por {months} meses renovables; la asociación de ayuda a las víctimas acompaña a la víctima.",
    ),
    "bar.not_partner": (
        "Le bracelet anti-rapprochement vise les violences au sein du couple, actuel ou ancien.",
        "The anti-approach bracelet is for violence by a current or former partner.",
        "La pulsera antiaproximación es para la violencia de la pareja, actual o anterior.",
    ),
    "bar.not_violence": (
        "Ces faits ne sont pas des violences conjugales.",
        "These facts are not partner violence.",
        "Estos hechos no son violencia de pareja.",
    ),
    "bar.routes": (
        "Ordonné au civil par le juge aux affaires familiales avec une interdiction de contact et l'accord des deux parties, ou au pénal (contrôle judiciaire, peine).",
        "Ordered by the family judge with a no-contact ban and both parties' consent, or by a criminal judge (judicial supervision, sentence).",
        "Ordenada por el juez de familia con prohibición de contacto y el acuerdo de ambas partes, o por el juez penal (control judicial, pena).",
    ),
    "bar.criminal_only": (
        "Sans le consentement de la victime, seule la voie pénale reste ouverte.",
        "Without the victim's consent, only the criminal route remains open.",
        "Sin el consentimiento de la víctima, solo queda la vía penal.",
    ),
    "bar.distances": (
        "Distance d'alerte fixée par le juge entre {low} et {high} km ; pré-alerte à {factor} fois cette distance.",
        "Alert distance set by the judge between {low} and {high} km; pre-alert at {factor} times that distance.",
        "Distancia de alerta fijada por el juez entre {low} y {high} km; prealerta a {factor} veces esa distancia.",
    ),
    "bar.duration": (
        "Sous contrôle judiciaire : 6 mois au plus, renouvelables, 2 ans au total (art. R24-19).",
        "Under judicial supervision: at most 6 months, renewable, 2 years in all (art. R24-19).",
        "Bajo control judicial: como máximo 6 meses, renovables, 2 años en total (art. R24-19).",
    ),
    # --- procedure timelines: errors ------------------------------------------------------
    "error.after_as_of": (
        "Cette date ne peut pas être postérieure au jour de la réponse (as_of, {day}).",
        "This date cannot be later than the day of the answer (as_of, {day}).",
        "Esta fecha no puede ser posterior al día de la respuesta (as_of, {day}).",
    ),
    "error.start_missing": (
        "Indiquez au moins l'événement qui ouvre la procédure : « {event} ».",
        'Give at least the event that starts the procedure: "{event}".',
        "Indique al menos el evento que abre el procedimiento: «{event}».",
    ),
    "error.once": (
        "Cet événement ne peut avoir lieu qu'une fois.",
        "This event can happen only once.",
        "Este evento solo puede ocurrir una vez.",
    ),
    "error.needs_event": (
        "Cet événement suppose « {needed} » avant lui ou le même jour.",
        'This event needs "{needed}" before it or on the same day.',
        "Este evento supone «{needed}» antes o el mismo día.",
    ),
    "error.needs_earlier": (
        "« {needed} » ({day}) doit précéder cet événement.",
        '"{needed}" ({day}) must come before this event.',
        "«{needed}» ({day}) debe preceder a este evento.",
    ),
    "error.cannot_follow": (
        "Cet événement ne peut pas suivre « {other} » ({day}).",
        'This event cannot follow "{other}" ({day}).',
        "Este evento no puede seguir a «{other}» ({day}).",
    ),
    "error.hearing_before_set": (
        "L'audience ne peut pas précéder le jour où elle a été fixée ({day}).",
        "The hearing cannot be earlier than the day it was set ({day}).",
        "La audiencia no puede ser anterior al día en que se fijó ({day}).",
    ),
    "error.decision_before_hearing": (
        "La décision ne peut pas être notifiée avant l'audience ({day}).",
        "The decision cannot be notified before the hearing ({day}).",
        "La decisión no puede notificarse antes de la audiencia ({day}).",
    ),
    "error.hearings_same_day": (
        "Deux audiences fixées le même jour : gardez seulement celle qui vaut.",
        "Two hearings set on the same day: keep only the one in force.",
        "Dos audiencias fijadas el mismo día: conserve solo la vigente.",
    ),
    "error.nothing_to_pay": (
        "Rien à payer : la décision a rejeté la demande (0 €).",
        "Nothing to pay: the decision rejected the claim (€0).",
        "Nada que pagar: la decisión rechazó la solicitud (0 €).",
    ),
    # --- procedure timelines: the CIVI ------------------------------------------------------
    "timeline.civi.filed": (
        "La demande est au greffe de la commission, qui la transmet au Fonds de garantie une fois le dossier complet.",
        "The request is at the commission's registry, which sends it to the guarantee fund once the file is complete.",
        "La solicitud está en la secretaría de la comisión, que la transmite al Fondo de garantía cuando el expediente está completo.",
    ),
    "timeline.civi.awaiting_offer": (
        "Le Fonds de garantie doit faire une offre d'indemnisation, ou refuser en donnant ses raisons, au plus tard le {day}.",
        "The guarantee fund must make a compensation offer, or refuse with its reasons, by {day}.",
        "El Fondo de garantía debe hacer una oferta de indemnización, o denegarla motivadamente, a más tardar el {day}.",
    ),
    "timeline.civi.fund_late": (
        "Le Fonds de garantie n'a ni fait d'offre ni refusé au {day} : il est en retard.",
        "The guarantee fund had made neither an offer nor a refusal by {day}: it is late.",
        "El Fondo de garantía no había hecho oferta ni denegación el {day}: va con retraso.",
    ),
    "timeline.civi.offer": (
        "Offre de {amount} reçue : y répondre au plus tard le {day} ; sans réponse, le silence vaut refus.",
        "Offer of {amount} received: answer it by {day}; without an answer, silence counts as a refusal.",
        "Oferta de {amount} recibida: responder a más tardar el {day}; sin respuesta, el silencio equivale a rechazo.",
    ),
    "timeline.civi.silence": (
        "Aucune réponse à l'offre au {day} : ce silence vaut refus, et la commission examinera la demande en audience.",
        "No answer to the offer by {day}: this silence counts as a refusal, and the commission will examine the claim at a hearing.",
        "Ninguna respuesta a la oferta el {day}: este silencio equivale a rechazo y la comisión examinará la solicitud en audiencia.",
    ),
    "timeline.civi.late_answer": (
        "La réponse est venue après le {day}, quand le silence valait déjà refus : demander à la commission si l'acceptation est prise en compte.",
        "The answer came after {day}, when silence already counted as a refusal: ask the commission whether the acceptance is taken into account.",
        "La respuesta llegó después del {day}, cuando el silencio ya equivalía a rechazo: preguntar a la comisión si se tiene en cuenta la aceptación.",
    ),
    "timeline.civi.accepted": (
        "Offre acceptée : le président de la commission doit la valider (homologation) avant le paiement.",
        "Offer accepted: the commission's president must approve it (homologation) before it is paid.",
        "Oferta aceptada: el presidente de la comisión debe validarla (homologación) antes del pago.",
    ),
    "timeline.civi.victim_refused": (
        "Offre refusée : la commission examinera la demande en audience.",
        "Offer refused: the commission will examine the claim at a hearing.",
        "Oferta rechazada: la comisión examinará la solicitud en audiencia.",
    ),
    "timeline.civi.fund_refused": (
        "Le Fonds de garantie a refusé en donnant ses raisons : la commission examinera la demande en audience.",
        "The guarantee fund refused, giving its reasons: the commission will examine the claim at a hearing.",
        "El Fondo de garantía denegó motivadamente: la comisión examinará la solicitud en audiencia.",
    ),
    "timeline.civi.hearing": (
        "Audience le {hearing}, non publique : les parties doivent y être convoquées au plus tard le {summons}, le procureur et le Fonds de garantie donner leurs observations au plus tard le {observations}.",
        "Hearing on {hearing}, not public: the parties must be summoned by {summons}, and the prosecutor and the guarantee fund must give their observations by {observations}.",
        "Audiencia el {hearing}, no pública: las partes deben ser convocadas a más tardar el {summons}, y el fiscal y el Fondo de garantía deben presentar sus observaciones a más tardar el {observations}.",
    ),
    "timeline.civi.short_notice": (
        "L'audience a été fixée moins de deux mois à l'avance, moins que le délai de convocation des parties.",
        "The hearing was set less than two months ahead, less than the notice the parties must be given.",
        "La audiencia se fijó con menos de dos meses de antelación, menos que el plazo de convocatoria de las partes.",
    ),
    "timeline.hearing_postponed": (
        "L'audience a été reportée : les dates comptent à partir de la dernière fixée, le {hearing}.",
        "The hearing was postponed: the dates count from the latest one set, on {hearing}.",
        "La audiencia se aplazó: las fechas cuentan a partir de la última fijada, el {hearing}.",
    ),
    "timeline.civi.to_pay": (
        "Le Fonds de garantie doit payer {amount} au plus tard le {day}.",
        "The guarantee fund must pay {amount} by {day}.",
        "El Fondo de garantía debe pagar {amount} a más tardar el {day}.",
    ),
    "timeline.civi.pay_late": (
        "Le Fonds de garantie devait payer {amount} au plus tard le {day} : il est en retard.",
        "The guarantee fund had to pay {amount} by {day}: it is late.",
        "El Fondo de garantía debía pagar {amount} a más tardar el {day}: va con retraso.",
    ),
    "timeline.civi.awarded": (
        "La commission a accordé {amount}.",
        "The commission awarded {amount}.",
        "La comisión concedió {amount}.",
    ),
    "timeline.civi.rejected": (
        "La commission a rejeté la demande.",
        "The commission rejected the claim.",
        "La comisión rechazó la solicitud.",
    ),
    "timeline.civi.appeal": (
        "Appel possible jusqu'au {day}, par un avocat.",
        "An appeal is possible until {day}, through a lawyer.",
        "Se puede apelar hasta el {day}, mediante abogado.",
    ),
    "timeline.civi.appeal_over": (
        "Le délai d'appel a pris fin le {day} : la procédure est terminée.",
        "The time to appeal ended on {day}: the procedure is over.",
        "El plazo de apelación terminó el {day}: el procedimiento ha concluido.",
    ),
    "timeline.civi.paid": (
        "Paiement de {amount} reçu.",
        "Payment of {amount} received.",
        "Pago de {amount} recibido.",
    ),
    "timeline.civi.appealed": (
        "Un appel a été formé : la suite se passe devant la cour d'appel, qui n'est pas suivie ici.",
        "An appeal was filed: what follows happens before the court of appeal, which is not followed here.",
        "Se presentó una apelación: lo que sigue ocurre ante el tribunal de apelación, que no se sigue aquí.",
    ),
    "timeline.civi.provisional": (
        "Provisions déjà versées : {amount} au total.",
        "Provisional payments already made: {amount} in all.",
        "Provisiones ya abonadas: {amount} en total.",
    ),
    # --- procedure timelines: the SARVI -----------------------------------------------------
    "timeline.sarvi.window": (
        "La demande d'aide au recouvrement peut être faite du {opens} (deux mois après que la décision est devenue définitive, si l'auteur n'a pas payé) au {closes}.",
        "The request for help with recovery can be made from {opens} (two months after the decision became final, if the offender has not paid) to {closes}.",
        "La solicitud de ayuda al cobro puede presentarse del {opens} (dos meses después de que la decisión sea firme, si el autor no ha pagado) al {closes}.",
    ),
    "timeline.sarvi.window_over": (
        "Le délai a pris fin le {day} : une demande tardive peut encore être acceptée pour un motif légitime.",
        "The period ended on {day}: a late request may still be accepted for a legitimate reason.",
        "El plazo terminó el {day}: una solicitud tardía aún puede aceptarse por un motivo legítimo.",
    ),
    "timeline.sarvi.early": (
        "La demande a été faite avant le {day}, fin des deux mois laissés à l'auteur pour payer de lui-même.",
        "The request was made before {day}, the end of the two months the offender had to pay of his own accord.",
        "La solicitud se presentó antes del {day}, fin de los dos meses que tenía el autor para pagar por sí mismo.",
    ),
    "timeline.sarvi.filed": (
        "Le Fonds de garantie doit verser l'aide au plus tard le {day}.",
        "The guarantee fund must pay the aid by {day}.",
        "El Fondo de garantía debe abonar la ayuda a más tardar el {day}.",
    ),
    "timeline.sarvi.pay_late": (
        "Le Fonds de garantie devait répondre et verser l'aide au plus tard le {day} : il est en retard.",
        "The guarantee fund had to answer and pay the aid by {day}: it is late.",
        "El Fondo de garantía debía responder y abonar la ayuda a más tardar el {day}: va con retraso.",
    ),
    "timeline.sarvi.paid": (
        "Aide de {amount} versée ; le Fonds de garantie recouvre le reste auprès de l'auteur.",
        "Aid of {amount} paid; the guarantee fund recovers the rest from the offender.",
        "Ayuda de {amount} abonada; el Fondo de garantía recupera el resto del autor.",
    ),
    "timeline.sarvi.refused": (
        "Le Fonds de garantie a refusé l'aide : une demande au président du tribunal judiciaire est possible jusqu'au {day}.",
        "The guarantee fund refused the aid: a request to the president of the tribunal judiciaire is possible until {day}.",
        "El Fondo de garantía denegó la ayuda: se puede acudir al presidente del tribunal judiciaire hasta el {day}.",
    ),
    # --- procedure timelines: the civil-party claim ------------------------------------------
    "timeline.civil_party.received": (
        "Le tribunal a reçu la demande le {day}.",
        "The court received the claim on {day}.",
        "El tribunal recibió la solicitud el {day}.",
    ),
    "timeline.civil_party.late": (
        "La demande écrite est arrivée après le {day} : elle peut être trop tardive ; il reste possible de se constituer partie civile à l'audience elle-même.",
        "The written claim arrived after {day}: it may be too late; she can still become a civil party at the hearing itself.",
        "La solicitud escrita llegó después del {day}: puede ser tardía; aún es posible constituirse en parte civil en la propia audiencia.",
    ),
    "timeline.civil_party.at_hearing": (
        "La date pour une demande écrite est passée : il reste possible de se constituer partie civile à l'audience, avant les réquisitions du procureur.",
        "The date for a written claim has passed: she can still become a civil party at the hearing, before the prosecutor's submissions.",
        "La fecha para una solicitud escrita ha pasado: aún es posible constituirse en parte civil en la audiencia, antes de las conclusiones del fiscal.",
    ),
    "timeline.civil_party.heard": (
        "L'audience du {hearing} a eu lieu.",
        "The hearing on {hearing} has taken place.",
        "La audiencia del {hearing} ya se celebró.",
    ),
    # --- procedure timelines: the complaint to the prosecutor --------------------------------
    "timeline.prosecutor.judge_from": (
        "À partir du {day}, une plainte avec constitution de partie civile devant le juge d'instruction est possible.",
        "From {day}, a civil-party complaint to the investigating judge is possible.",
        "A partir del {day}, es posible una querella con constitución de parte civil ante el juez de instrucción.",
    ),
    "timeline.prosecutor.dismissal": (
        "Le classement sans suite du {day} permet de saisir dès maintenant le juge d'instruction par une plainte avec constitution de partie civile.",
        "The dismissal of {day} lets her go to the investigating judge now, with a civil-party complaint.",
        "El archivo del {day} permite acudir ya al juez de instrucción mediante querella con constitución de parte civil.",
    ),
    "timeline.prosecutor.crime_now": (
        "Pour un crime, pas d'attente : elle peut saisir dès maintenant le juge d'instruction par une plainte avec constitution de partie civile.",
        "For a crime there is no wait: she may go to the investigating judge now, with a civil-party complaint.",
        "Para un crimen no hay espera: puede acudir ya al juez de instrucción mediante querella con constitución de parte civil.",
    ),
    "timeline.prosecutor.press_now": (
        "Pour une injure ou une diffamation, pas d'attente : elle peut saisir dès maintenant le juge d'instruction par une plainte avec constitution de partie civile, et mieux vaut agir vite.",
        "For an insult or a defamation there is no wait: she may go to the investigating judge now, with a civil-party complaint, and it is best to act fast.",
        "Para una injuria o difamación no hay espera: puede acudir ya al juez de instrucción mediante querella con constitución de parte civil, y conviene actuar rápido.",
    ),
    "timeline.prosecutor.answered": (
        "Le procureur a répondu le {day}.",
        "The prosecutor answered on {day}.",
        "El fiscal respondió el {day}.",
    ),
    "timeline.prosecutor.dismissed": (
        "Classement sans suite notifié le {day}.",
        "Dismissal notified on {day}.",
        "Archivo notificado el {day}.",
    ),
}

TEMPLATES: dict[str, dict[str, str]] = {
    lang: {key: entry[i] for key, entry in CATALOGUE.items()} for i, lang in enumerate(LANGUAGES)
}


# --- uncertain points ---------------------------------------------------------------------
# Each point of law the engine relies on that law.md marks [?]: the contract's `uncertain`
# string ("law.md §…", kept as the contract defines it), then the same point as a plain
# sentence for someone with no legal knowledge, in French, English and Spanish (the remedy's
# `uncertain_text`). Placeholders: {name} a parameter (said with PARAMETER_NAMES), {day} an
# ISO date (said as a date), {year}.
UNCERTAIN: dict[str, tuple[str, str, str, str]] = {
    "cap_single": (
        "law.md §1.2: 706-14 cap computed on the single-person ceiling "
        "(dependants' increments not settled)",
        "Le montant maximum indiqué est celui d'une personne seule : on ne sait pas avec certitude s'il augmente quand d'autres personnes vivent dans le foyer.",
        "The maximum amount shown is the one for a person living alone: it is not certain whether it is higher when other people live in the household.",
        "El importe máximo indicado es el de una persona sola: no es seguro que aumente cuando otras personas viven en el hogar.",
    ),
    "extortion": (
        "law.md §1.2: chantage, abus de faiblesse and computer attacks not added "
        "to 706-14 (only CPP 864, overseas)",
        "Le chantage, l'abus de faiblesse et les attaques informatiques ne sont pas clairement couverts par cette indemnisation : une association peut vérifier votre cas.",
        "Blackmail, taking advantage of a vulnerable person and computer attacks are not clearly covered by this compensation: an association can check your case.",
        "El chantaje, el abuso de debilidad y los ataques informáticos no están claramente cubiertos por esta indemnización: una asociación puede revisar su caso.",
    ),
    "civi_date": (
        "law.md §1.7: which date selects the CIVI ceilings is not settled "
        "(assessment day used; parameters_date=offence possible)",
        "Les plafonds de revenus utilisés sont ceux d'aujourd'hui ; la commission pourrait retenir ceux de l'année des faits.",
        "The income limits used are today's; the commission might use those of the year the offence happened instead.",
        "Los límites de ingresos usados son los de hoy; la comisión podría aplicar los del año de los hechos.",
    ),
    "cpp801": (
        "law.md §6: CPP 801 extension applied to CIVI and SARVI deadlines (not settled)",
        "Quand la date limite tombe un samedi, un dimanche ou un jour férié, nous l'avons reportée au jour ouvré suivant ; ce report n'est pas certain ici : mieux vaut agir avant.",
        "When the last day falls on a Saturday, a Sunday or a public holiday, we moved it to the next working day; this is not certain here, so it is safer to act before.",
        "Cuando el último día cae en sábado, domingo o festivo, lo hemos pasado al siguiente día laborable; esto no es seguro aquí, así que es mejor actuar antes.",
    ),
    "case_2023": (
        "law.md §1.1: 2023 case (706-3 third tiret) read as violence with ITT over "
        "8 days (CP 222-12, 222-14 3°)",
        "Depuis 2023, certaines violences sur un mineur ou par un conjoint ou ex-conjoint sont mieux indemnisées ; nous avons compris qu'il s'agit des violences ayant entraîné plus de 8 jours d'ITT, ce qui reste à confirmer.",
        "Since 2023, some violence against a minor or by a partner or former partner is better compensated; we read this as violence causing more than 8 days of ITT (days unable to carry on normal life), which is not yet confirmed.",
        "Desde 2023, ciertas violencias contra un menor o por la pareja o expareja se indemnizan mejor; entendemos que se trata de violencias con más de 8 días de ITT, lo que está por confirmar.",
    ),
    "cap_2023": (
        "law.md §1.1: no published cap for the 2023 case before 2024-12-02",
        "Avant le 2 décembre 2024, aucun montant maximum n'était publié pour ce cas : on ne sait pas avec certitude combien peut être versé.",
        "Before 2 December 2024 no maximum amount had been published for this case: how much can be paid is not known for sure.",
        "Antes del 2 de diciembre de 2024 no se había publicado ningún importe máximo para este caso: no se sabe con certeza cuánto se puede pagar.",
    ),
    "squat_cap": (
        "law.md §1.4: no published 706-14-3 cap before 2024-12-02",
        "Avant le 2 décembre 2024, aucun montant maximum n'était publié pour l'occupation illégale du logement : on ne sait pas avec certitude combien peut être versé.",
        "Before 2 December 2024 no maximum amount had been published for a squatted home: how much can be paid is not known for sure.",
        "Antes del 2 de diciembre de 2024 no se había publicado ningún importe máximo para la ocupación ilegal de la vivienda: no se sabe con certeza cuánto se puede pagar.",
    ),
    "transition_2023": (
        "law.md §1.5: application of loi 2023-1059 (art. 25 III) to facts committed before "
        "2023-11-22 not read",
        "Cette règle date de novembre 2023 : on ne sait pas avec certitude si elle vaut pour des faits plus anciens.",
        "This rule dates from November 2023: it is not certain that it applies to facts that happened earlier.",
        "Esta norma es de noviembre de 2023: no es seguro que se aplique a hechos anteriores.",
    ),
    "minor_transition": (
        "law.md §1.5: transitional rule of loi 2023-1059 art. 25 III for minors not read",
        "Pour une victime mineure, la règle qui fait partir le délai de ses 18 ans date de 2023 : on ne sait pas avec certitude si elle vaut pour des faits plus anciens.",
        "For a victim who was a minor, the rule that starts the time limit at 18 dates from 2023: it is not certain that it applies to older facts.",
        "Para una víctima menor, la norma que hace correr el plazo desde sus 18 años es de 2023: no es seguro que se aplique a hechos anteriores.",
    ),
    "bar_duration": (
        "law.md §5: BAR duration on the civil and sentence routes not verified",
        "La durée du bracelet quand il est décidé par le juge aux affaires familiales ou avec une condamnation n'a pas pu être vérifiée.",
        "How long the bracelet lasts when ordered by the family judge or with a sentence could not be checked.",
        "No se ha podido comprobar cuánto dura la pulsera cuando la ordena el juez de familia o con una condena.",
    ),
    "hidden": (
        "law.md §4: hidden offences and interruptions (CPP 9-1, 9-2) not computed",
        "Cette date est approximative : certains actes de la police ou de la justice la repoussent, et pour des faits découverts tard elle peut partir de leur découverte.",
        "This date is approximate: some acts of the police or the courts push it back, and for facts found out later it may run from their discovery.",
        "Esta fecha es aproximada: ciertos actos de la policía o de la justicia la retrasan, y para hechos descubiertos más tarde puede contar desde su descubrimiento.",
    ),
    "aj_2020_date": (
        "law.md §1.7: date of the 2020 legal-aid ceilings not verified",
        "La date à laquelle les plafonds de revenus de 2020 ont commencé à s'appliquer n'a pas pu être vérifiée.",
        "The day the 2020 income limits started to apply could not be checked.",
        "No se ha podido comprobar el día en que empezaron a aplicarse los límites de ingresos de 2020.",
    ),
    "param_latest": (
        "law.md §1.7: no {name} published for {year} is known: the latest ({day}) is used",
        "Le chiffre de {year} pour {name} n'est pas encore connu : nous utilisons le dernier publié (en vigueur depuis le {day}).",
        "The {year} figure for {name} is not known yet: we use the latest published one (in force since {day}).",
        "La cifra de {year} para {name} aún no se conoce: usamos la última publicada (vigente desde el {day}).",
    ),
    "param_before_first": (
        "law.md §1.7: no value of {name} known before {day}: earliest used",
        "Aucune valeur de {name} n'est connue avant le {day} : nous utilisons la plus ancienne connue.",
        "No figure for {name} is known before {day}: we use the earliest known one.",
        "No se conoce ninguna cifra de {name} antes del {day}: usamos la más antigua conocida.",
    ),
    "good_friday": (
        "law.md §6: Good Friday is a public holiday in Alsace-Moselle only in communes "
        "with a Protestant temple or a mixed church (C. trav. L3134-13)",
        "Cette date compte le Vendredi saint comme férié ; en Alsace-Moselle il ne l'est que dans les communes qui ont un temple protestant ou une église mixte : ailleurs, la date limite peut être plus tôt.",
        "This date counts Good Friday as a public holiday; in Alsace-Moselle it is one only in towns with a Protestant church or a shared church: elsewhere the last day may be earlier.",
        "Esta fecha cuenta el Viernes Santo como festivo; en Alsacia-Mosela solo lo es en los municipios con templo protestante o iglesia mixta: en otros, la fecha límite puede ser antes.",
    ),
    "press_one_year": (
        "law.md §4 bis: whether a plain complaint stops the one-year period of loi 1881 "
        "art. 65-3 before prosecution not verified",
        "Pour des propos discriminatoires le délai est d'un an, mais on ne sait pas avec certitude si une simple plainte suffit à l'arrêter : mieux vaut agir vite.",
        "For discriminatory words the time limit is one year, but it is not certain that a plain complaint is enough to stop it: it is safer to act fast.",
        "Para palabras discriminatorias el plazo es de un año, pero no es seguro que una simple denuncia baste para detenerlo: es mejor actuar rápido.",
    ),
    "fund_late": (
        "law.md §1.6: what follows when the fund lets 2 months pass with neither offer nor "
        "refusal (706-5-1) not set by the texts read (a hearing, on whose initiative)",
        "Le Fonds de garantie est en retard ; les textes ne disent pas clairement ce qui se passe ensuite : une association peut aider à demander à la commission de fixer une audience.",
        "The guarantee fund is late; the texts do not say clearly what happens next: an association can help to ask the commission to set a hearing.",
        "El Fondo de garantía va con retraso; los textos no dicen claramente qué ocurre después: una asociación puede ayudar a pedir a la comisión que fije una audiencia.",
    ),
    "civi_appeal": (
        "law.md §1.6: CIVI appeal within 1 month of notification from the seed and the general "
        "civil-procedure rule (CPC 538); extended by CPC 642",
        "Le délai d'appel d'un mois vient de la règle générale des procès civils ; quand il finit un samedi, un dimanche ou un jour férié, nous l'avons reporté au jour ouvré suivant : mieux vaut faire appel avant.",
        "The one-month time to appeal comes from the general rule for civil cases; when it ends on a Saturday, a Sunday or a public holiday we moved it to the next working day: it is safer to appeal before.",
        "El plazo de un mes para apelar viene de la norma general de los procesos civiles; cuando termina en sábado, domingo o festivo, lo hemos pasado al siguiente día laborable: es mejor apelar antes.",
    ),
    "letter_24h": (
        "law.md §3: 420-1 (received at least 24 h before the date of the hearing) read as the "
        "day before the hearing; a stricter reading gives the day before that",
        "La demande doit arriver 24 heures au moins avant l'audience ; nous avons retenu la veille de l'audience, mais une lecture plus stricte demande qu'elle arrive l'avant-veille : mieux vaut l'envoyer tôt.",
        "The claim must arrive at least 24 hours before the hearing; we took the day before the hearing, but a stricter reading wants it to arrive the day before that: it is safer to send it early.",
        "La solicitud debe llegar al menos 24 horas antes de la audiencia; hemos tomado la víspera de la audiencia, pero una lectura más estricta exige que llegue el día anterior a la víspera: es mejor enviarla pronto.",
    ),
    "sarvi_president": (
        "law.md §2: the article setting the one-month request to the president after a SARVI "
        "refusal not identified (the SARVI articles are cited)",
        "Le délai d'un mois pour s'adresser au président du tribunal après un refus est connu, mais l'article de loi qui le fixe n'a pas pu être vérifié.",
        "The one-month time to go to the court's president after a refusal is known, but the article of law setting it could not be checked.",
        "El plazo de un mes para acudir al presidente del tribunal tras una denegación es conocido, pero no se ha podido comprobar el artículo que lo fija.",
    ),
}

# The dated parameters, as a reader would name them (in the sentences of UNCERTAIN).
PARAMETER_NAMES: dict[str, tuple[str, str, str]] = {
    "aj_partial_ceiling": (
        "le plafond de revenus de l'aide juridictionnelle partielle",
        "the income limit for partial legal aid",
        "el límite de ingresos de la asistencia jurídica parcial",
    ),
    "aj_full_ceiling": (
        "le plafond de revenus de l'aide juridictionnelle totale",
        "the income limit for full legal aid",
        "el límite de ingresos de la asistencia jurídica total",
    ),
    "aj_increment_first_two": (
        "la hausse de ce plafond pour chacune des deux premières personnes à charge",
        "the rise of that limit for each of the first two dependants",
        "el aumento de ese límite por cada una de las dos primeras personas a cargo",
    ),
    "aj_increment_further": (
        "la hausse de ce plafond pour chaque personne à charge suivante",
        "the rise of that limit for each further dependant",
        "el aumento de ese límite por cada persona a cargo adicional",
    ),
    "civi_capped_cap_factor": (
        "le calcul du montant maximum de l'indemnisation",
        "how the maximum compensation is worked out",
        "el cálculo del importe máximo de la indemnización",
    ),
    "civi_vehicle_resource_factor": (
        "le plafond de revenus pour un véhicule incendié",
        "the income limit for a burnt vehicle",
        "el límite de ingresos para un vehículo incendiado",
    ),
    "civi_partner_violence_cap": (
        "le montant maximum pour les violences sur mineur ou dans le couple",
        "the maximum amount for violence against a minor or by a partner",
        "el importe máximo para la violencia contra un menor o de pareja",
    ),
    "civi_squat_cap": (
        "le montant maximum en cas d'occupation illégale du logement",
        "the maximum amount for a squatted home",
        "el importe máximo por ocupación ilegal de la vivienda",
    ),
    "civil_court_lawyer_threshold": (
        "la somme au-delà de laquelle un avocat est obligatoire",
        "the sum above which a lawyer is required",
        "la suma a partir de la cual un abogado es obligatorio",
    ),
    "protection_order_duration": (
        "la durée de l'ordonnance de protection",
        "how long a protection order lasts",
        "la duración de la orden de protección",
    ),
    "tgd_duration": (
        "la durée du téléphone grave danger",
        "how long the grave-danger phone is given for",
        "la duración del teléfono de grave peligro",
    ),
    "sarvi_full_threshold": (
        "la somme jusqu'à laquelle le SARVI paie tout",
        "the sum up to which the SARVI pays everything",
        "la suma hasta la cual el SARVI lo paga todo",
    ),
    "sarvi_rate": (
        "la part payée par le SARVI",
        "the share the SARVI pays",
        "la parte que paga el SARVI",
    ),
    "sarvi_minimum": (
        "le minimum versé par le SARVI",
        "the least the SARVI pays",
        "el mínimo que paga el SARVI",
    ),
    "sarvi_maximum": (
        "le maximum versé par le SARVI",
        "the most the SARVI pays",
        "el máximo que paga el SARVI",
    ),
    "bar_alert_distance_min": (
        "la distance d'alerte minimale du bracelet",
        "the bracelet's shortest alert distance",
        "la distancia de alerta mínima de la pulsera",
    ),
    "bar_alert_distance_max": (
        "la distance d'alerte maximale du bracelet",
        "the bracelet's longest alert distance",
        "la distancia de alerta máxima de la pulsera",
    ),
    "bar_prealert_factor": (
        "la distance de pré-alerte du bracelet",
        "the bracelet's pre-alert distance",
        "la distancia de prealerta de la pulsera",
    ),
}

# Every `uncertain` string the engine has produced, with its key and values.
_POINTS: dict[str, tuple[str, tuple[tuple[str, Any], ...]]] = {}


def point(key: str, **kw: Any) -> str:
    """The contract's `uncertain` string of a point (law.md §…), remembered for its sentence."""
    text = UNCERTAIN[key][0].format(**kw) if kw else UNCERTAIN[key][0]
    _POINTS.setdefault(text, (key, tuple(sorted(kw.items()))))
    return text


@lru_cache(maxsize=4096)
def uncertain_text(point: str, lang: str) -> str:
    """An `uncertain` point as a plain sentence in `lang`; an unknown point comes back as is."""
    found = _POINTS.get(point)
    if found is None:
        return point
    key, values = found
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    template = UNCERTAIN[key][1 + index]
    if not values:
        return template
    said: dict[str, Any] = {}
    for name, value in values:
        if name == "name":
            value = PARAMETER_NAMES.get(value, (value,) * 3)[index]
        elif name == "day":
            value = date(dt.date.fromisoformat(value), LANGUAGES[index])
        said[name] = value
    return template.format(**said)


for _key, _entry in UNCERTAIN.items():
    if "{" not in _entry[0]:
        point(_key)

U_GOOD_FRIDAY = point("good_friday")
