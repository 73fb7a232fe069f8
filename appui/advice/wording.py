"""The one home of the remedies' wording, in French, English and Spanish.

Titles, plain summaries, deadline sentences, document checklists and the question to
ask for each missing fact live here, side by side in the three languages, so that the
guide, the case files, the PDF and the helpline say the same thing in the same words.
The summaries are written for a person in shock: short sentences, no article numbers
(those go under "Legal detail"). `tests/advice` scores the French ones for reading ease.
"""

from __future__ import annotations

from typing import Any

from appui.rights.messages import LANGUAGES

Text = tuple[str, str, str]  # fr, en, es


def say(entry: Text, lang: str, **kw: Any) -> str:
    """One entry in the reader's language, its placeholders filled."""
    template = entry[LANGUAGES.index(lang)] if lang in LANGUAGES else entry[0]
    return template.format(**kw) if kw else template


TITLES: dict[str, Text] = {
    "civi_full": (
        "Indemnisation complète par la CIVI",
        "Full compensation by the CIVI",
        "Indemnización completa por la CIVI",
    ),
    "civi_capped": (
        "Indemnisation plafonnée par la CIVI",
        "Capped compensation by the CIVI",
        "Indemnización limitada por la CIVI",
    ),
    "civi_vehicle": (
        "Aide de la CIVI pour un véhicule brûlé",
        "CIVI compensation for a burnt vehicle",
        "Indemnización de la CIVI por un vehículo quemado",
    ),
    "civi_squat": (
        "Aide de la CIVI après un squat du logement",
        "CIVI compensation after a squat of your home",
        "Indemnización de la CIVI tras la ocupación de su vivienda",
    ),
    "guarantee_fund_direct": (
        "Indemnisation par un fonds de garantie",
        "Compensation by a guarantee fund",
        "Indemnización por un fondo de garantía",
    ),
    "sarvi": (
        "Aide pour être payé par l'auteur (SARVI)",
        "Help to be paid by the offender (SARVI)",
        "Ayuda para cobrar al autor (SARVI)",
    ),
    "civil_party": (
        "Demander réparation au procès (partie civile)",
        "Claiming damages at the criminal trial (civil party)",
        "Pedir una indemnización en el juicio (parte civil)",
    ),
    "civil_court": (
        "Demander réparation à un juge civil",
        "Claiming damages before a civil court",
        "Pedir una indemnización ante un juez civil",
    ),
    "insurance": (
        "Vos assurances et votre banque",
        "Your insurance and bank",
        "Sus seguros y su banco",
    ),
    "legal_aid": (
        "Un avocat payé par l'État",
        "A lawyer paid by the State",
        "Un abogado pagado por el Estado",
    ),
    "complaint": ("Porter plainte", "Filing a complaint", "Presentar una denuncia"),
    "online_complaint": ("Plainte en ligne", "Complaint online", "Denuncia en línea"),
    "letter_to_prosecutor": (
        "Écrire au procureur",
        "Writing to the public prosecutor",
        "Escribir al fiscal",
    ),
    "protection_order": (
        "Ordonnance de protection",
        "Protection order from the family judge",
        "Orden de protección del juez de familia",
    ),
    "tgd": ("Téléphone grave danger", "Grave-danger phone", "Teléfono de grave peligro"),
    "bar": ("Bracelet anti-rapprochement", "Anti-approach bracelet", "Pulsera antiaproximación"),
}

STATUS: dict[str, Text] = {
    "eligible": ("Possible pour vous", "Open to you", "Posible para usted"),
    "unknown": ("Peut-être possible", "Possibly open to you", "Quizás posible"),
    "not_eligible": ("Pas pour vous", "Not open to you", "No es para usted"),
    "late": ("Délai sans doute passé", "Time limit probably passed", "Plazo probablemente vencido"),
}

# The plain summary of a route that is open or may be: what it is and what to do.
# Keys: the remedy id, or "id.variant" (fund, legal-aid level, complaint route).
SUMMARIES: dict[str, Text] = {
    "complaint": (
        "Vous pouvez porter plainte dans tout commissariat ou gendarmerie. Ils doivent la "
        "prendre et vous donner un reçu.",
        "You can file a complaint at any police or gendarmerie station. They must take it "
        "and give you a receipt.",
        "Puede presentar una denuncia en cualquier comisaría o gendarmería. Deben "
        "aceptarla y darle un recibo.",
    ),
    "complaint.late": (
        "Vous pouvez quand même porter plainte : la police doit la prendre. Une association "
        "peut vérifier si le délai a été arrêté.",
        "You can still file a complaint: the police must take it. An association can check "
        "whether the time limit was stopped.",
        "Aún puede presentar una denuncia: la policía debe aceptarla. Una asociación puede "
        "comprobar si el plazo se interrumpió.",
    ),
    "complaint.partner": (
        "Si c'est votre conjoint ou votre ex, la police doit vous parler du bracelet qui "
        "l'empêche de vous approcher.",
        "If it is your partner or former partner, the police must tell you about the "
        "bracelet that keeps them away from you.",
        "Si es su pareja o expareja, la policía debe hablarle de la pulsera que le impide "
        "acercarse a usted.",
    ),
    "complaint.press": (
        "Pour une insulte ou une diffamation, le délai est très court. Une simple plainte "
        "ne l'arrête pas : une association peut vous aider à agir vite.",
        "For an insult or defamation, the time limit is very short. A plain complaint does "
        "not stop it: an association can help you act fast.",
        "Para un insulto o una difamación, el plazo es muy corto. Una simple denuncia no "
        "lo detiene: una asociación puede ayudarle a actuar rápido.",
    ),
    "online_complaint.national_online_complaint": (
        "Vous pouvez aussi porter plainte en ligne, sans vous déplacer, sur le site "
        "officiel de la plainte en ligne.",
        "You can also file your complaint online, without going anywhere, on the official "
        "online complaint site.",
        "También puede presentar la denuncia en línea, sin desplazarse, en el sitio "
        "oficial de denuncias en línea.",
    ),
    "online_complaint.pre_complaint": (
        "Vous pouvez faire une pré-plainte en ligne. Vous choisissez un jour pour aller la signer.",
        "You can make a pre-complaint online. You choose a day to go and sign it.",
        "Puede hacer una predenuncia en línea. Elige un día para ir a firmarla.",
    ),
    "letter_to_prosecutor": (
        "Vous pouvez aussi écrire au procureur du tribunal. Gardez une copie de votre lettre.",
        "You can also write to the public prosecutor of the court. Keep a copy of your letter.",
        "También puede escribir al fiscal del tribunal. Guarde una copia de su carta.",
    ),
    "protection_order": (
        "Le juge aux affaires familiales peut vous protéger vite, même sans plainte. Il "
        "peut interdire à l'auteur de vous voir.",
        "The family judge can protect you quickly, even without a complaint. The judge can "
        "forbid the author to see you.",
        "El juez de familia puede protegerle rápido, incluso sin denuncia. Puede prohibir "
        "al autor que le vea.",
    ),
    "tgd": (
        "Ce téléphone vous relie jour et nuit à une aide qui prévient la police. C'est le "
        "procureur qui le donne, avec votre accord.",
        "This phone connects you day and night to a service that alerts the police. The "
        "prosecutor grants it, with your agreement.",
        "Este teléfono le conecta día y noche con un servicio que avisa a la policía. Lo "
        "concede el fiscal, con su acuerdo.",
    ),
    "bar": (
        "Un juge peut imposer un bracelet à l'auteur. Une alerte part s'il s'approche de vous.",
        "A judge can order the author to wear a bracelet. An alert goes off if they come near you.",
        "Un juez puede imponer una pulsera al autor. Salta una alerta si se acerca a usted.",
    ),
    "civi_full": (
        "La CIVI est un service du tribunal. Elle peut payer tout votre dommage, même si "
        "l'auteur ne paie pas.",
        "The CIVI is a body of the court. It can pay for all your harm, even if the author "
        "does not pay.",
        "La CIVI es un órgano del tribunal. Puede pagar todo su daño, aunque el autor no pague.",
    ),
    "civi_full.capped": (
        "La CIVI est un service du tribunal. Elle peut vous payer jusqu'à {cap}, même si "
        "l'auteur ne paie pas.",
        "The CIVI is a body of the court. It can pay you up to {cap}, even if the author "
        "does not pay.",
        "La CIVI es un órgano del tribunal. Puede pagarle hasta {cap}, aunque el autor no pague.",
    ),
    "civi_capped": (
        "La CIVI peut vous payer jusqu'à {cap} si vos revenus sont bas et que personne "
        "d'autre ne paie.",
        "The CIVI can pay you up to {cap} if your income is low and nobody else pays.",
        "La CIVI puede pagarle hasta {cap} si sus ingresos son bajos y nadie más paga.",
    ),
    "civi_vehicle": (
        "Pour un véhicule brûlé, la CIVI peut vous payer jusqu'à {cap}, selon vos revenus.",
        "For a burnt vehicle, the CIVI can pay you up to {cap}, depending on your income.",
        "Por un vehículo quemado, la CIVI puede pagarle hasta {cap}, según sus ingresos.",
    ),
    "civi_squat": (
        "Si des gens vivent chez vous sans droit, la CIVI peut payer les dégâts, jusqu'à {cap}.",
        "If people live in your home without right, the CIVI can pay for the damage, up to {cap}.",
        "Si hay personas viviendo en su casa sin derecho, la CIVI puede pagar los daños, "
        "hasta {cap}.",
    ),
    "civi_squat.no_cap": (
        "Si des gens vivent chez vous sans droit, la CIVI peut payer les dégâts.",
        "If people live in your home without right, the CIVI can pay for the damage.",
        "Si hay personas viviendo en su casa sin derecho, la CIVI puede pagar los daños.",
    ),
    "guarantee_fund_direct.FGTI": (
        "Après un attentat, le fonds de garantie (FGTI) vous paie. Vous lui écrivez "
        "directement, sans passer par la CIVI.",
        "After a terrorist attack, the guarantee fund (FGTI) pays you. You write to it "
        "directly, not to the CIVI.",
        "Tras un atentado, el fondo de garantía (FGTI) le paga. Usted le escribe "
        "directamente, sin pasar por la CIVI.",
    ),
    "guarantee_fund_direct.FGAO": (
        "Si le responsable est inconnu ou sans assurance, un fonds de garantie (FGAO) peut "
        "vous payer. Vous lui écrivez directement.",
        "If the person responsible is unknown or uninsured, a guarantee fund (FGAO) can "
        "pay you. You write to it directly.",
        "Si el responsable es desconocido o no tiene seguro, un fondo de garantía (FGAO) "
        "puede pagarle. Usted le escribe directamente.",
    ),
    "guarantee_fund_direct": (
        "Un fonds de garantie peut peut-être vous payer. Une association peut vous dire lequel.",
        "A guarantee fund may pay you. An association can tell you which one.",
        "Quizás un fondo de garantía pueda pagarle. Una asociación puede decirle cuál.",
    ),
    "sarvi": (
        "Le juge vous a donné de l'argent et l'auteur ne paie pas ? Ce service peut vous "
        "avancer une partie de la somme.",
        "The judge awarded you money and the author does not pay? This service can advance "
        "part of the sum.",
        "¿El juez le concedió dinero y el autor no paga? Este servicio puede adelantarle "
        "una parte.",
    ),
    "sarvi.amount": (
        "Le juge vous a donné de l'argent et l'auteur ne paie pas ? Ce service peut vous "
        "verser {amount}.",
        "The judge awarded you money and the author does not pay? This service can pay you "
        "{amount}.",
        "¿El juez le concedió dinero y el autor no paga? Este servicio puede pagarle {amount}.",
    ),
    "civil_party": (
        "Au procès, vous pouvez demander que l'auteur vous paie. Pas besoin d'avocat : une "
        "lettre suffit.",
        "At the trial, you can ask for the author to pay you. No lawyer needed: a letter is "
        "enough.",
        "En el juicio, puede pedir que el autor le pague. No hace falta abogado: basta una carta.",
    ),
    "civil_court": (
        "Vous pouvez aussi demander réparation à un juge civil. Au-dessus de {limit}, il "
        "faut un avocat.",
        "You can also claim damages from a civil judge. Above {limit}, you need a lawyer.",
        "También puede pedir una indemnización a un juez civil. Por encima de {limit}, "
        "necesita un abogado.",
    ),
    "insurance": (
        "Votre assurance peut payer une partie des pertes. Prévenez-la vite.",
        "Your insurance may pay for part of the losses. Tell it quickly.",
        "Su seguro puede pagar una parte de las pérdidas. Avísele pronto.",
    ),
    "insurance.traffic": (
        "L'assurance du conducteur doit vous payer. Envoyez-lui vos papiers vite.",
        "The driver's insurer must pay you. Send it your papers quickly.",
        "El seguro del conductor debe pagarle. Envíele sus papeles pronto.",
    ),
    "legal_aid.full": (
        "Avec vos revenus, l'État peut payer tout votre avocat.",
        "With your income, the State can pay all of your lawyer's fees.",
        "Con sus ingresos, el Estado puede pagar todo su abogado.",
    ),
    "legal_aid.partial": (
        "Avec vos revenus, l'État peut payer une partie de votre avocat.",
        "With your income, the State can pay part of your lawyer's fees.",
        "Con sus ingresos, el Estado puede pagar una parte de su abogado.",
    ),
    "legal_aid.no_resource_condition": (
        "Pour ces faits, l'État paie votre avocat, quels que soient vos revenus.",
        "For these facts, the State pays your lawyer, whatever your income.",
        "Por estos hechos, el Estado paga su abogado, sean cuales sean sus ingresos.",
    ),
    "legal_aid": (
        "Si vos revenus sont bas, l'État peut payer votre avocat.",
        "If your income is low, the State can pay your lawyer.",
        "Si sus ingresos son bajos, el Estado puede pagar su abogado.",
    ),
}

# A deadline as a sentence: "id.state" (open, upcoming, passed), or "id" for every state.
DEADLINES: dict[str, Text] = {
    "civi_request.open": (
        "Faites la demande au plus tard le {date}.",
        "Apply by {date}.",
        "Haga la solicitud a más tardar el {date}.",
    ),
    "civi_request.passed": (
        "Le délai est passé le {date}. Avec une bonne raison, une demande reste possible.",
        "The time limit passed on {date}. With a good reason, you can still apply.",
        "El plazo venció el {date}. Con un buen motivo, aún puede presentar la solicitud.",
    ),
    "civi_complement.open": (
        "Pour demander un complément : au plus tard le {date}.",
        "To ask for more: by {date}.",
        "Para pedir un complemento: a más tardar el {date}.",
    ),
    "civi_complement.passed": (
        "Le délai pour demander un complément est passé le {date}.",
        "The time limit to ask for more passed on {date}.",
        "El plazo para pedir un complemento venció el {date}.",
    ),
    "sarvi_opens.upcoming": (
        "Vous pourrez faire la demande à partir du {date}.",
        "You can apply from {date}.",
        "Podrá hacer la solicitud a partir del {date}.",
    ),
    "sarvi_opens.open": (
        "La demande est possible depuis le {date}.",
        "You can apply since {date}.",
        "La solicitud es posible desde el {date}.",
    ),
    "sarvi_opens.passed": ("", "", ""),
    "sarvi_closes.upcoming": (
        "Elle doit partir au plus tard le {date}.",
        "It must be sent by {date}.",
        "Debe enviarse a más tardar el {date}.",
    ),
    "sarvi_closes.open": (
        "Faites-la au plus tard le {date}.",
        "Apply by {date}.",
        "Hágala a más tardar el {date}.",
    ),
    "sarvi_closes.passed": (
        "Le délai est passé le {date}. Avec une bonne raison, une demande reste possible.",
        "The time limit passed on {date}. With a good reason, you can still apply.",
        "El plazo venció el {date}. Con un buen motivo, aún puede presentar la solicitud.",
    ),
    "civil_party_by.open": (
        "Votre lettre doit arriver au tribunal au plus tard le {date}.",
        "Your letter must reach the court by {date} at the latest.",
        "Su carta debe llegar al tribunal a más tardar el {date}.",
    ),
    "civil_party_by.passed": (
        "La date pour écrire au tribunal est passée. Vous pouvez encore le dire le jour du procès.",
        "The date to write to the court has passed. You can still say it on the day of the trial.",
        "La fecha para escribir al tribunal ha pasado. Aún puede decirlo el día del juicio.",
    ),
    "investigating_judge_from.upcoming": (
        "Sans réponse, vous pourrez aller voir le juge d'instruction à partir du {date}.",
        "Without an answer, you can go to the investigating judge from {date}.",
        "Sin respuesta, podrá acudir al juez de instrucción a partir del {date}.",
    ),
    "investigating_judge_from.open": (
        "Sans réponse, vous pouvez aller voir le juge d'instruction depuis le {date}.",
        "Without an answer, you can go to the investigating judge since {date}.",
        "Sin respuesta, puede acudir al juez de instrucción desde el {date}.",
    ),
    "tgd_renewal.open": (
        "Il doit être renouvelé au plus tard le {date}.",
        "It must be renewed by {date}.",
        "Debe renovarse a más tardar el {date}.",
    ),
    "tgd_renewal.passed": (
        "Il devait être renouvelé au plus tard le {date}.",
        "It had to be renewed by {date}.",
        "Debía renovarse a más tardar el {date}.",
    ),
    "prosecution_limit.open": (
        "Agissez avant le {date} environ. Après, l'auteur ne peut souvent plus être jugé.",
        "Act before about {date}. After that, the author often cannot be tried.",
        "Actúe antes del {date} aproximadamente. Después, a menudo el autor ya no puede ser "
        "juzgado.",
    ),
    "prosecution_limit.passed": (
        "Le délai pour juger l'auteur semble passé depuis le {date}. Une association peut "
        "le vérifier avec vous.",
        "The time limit to try the author seems to have passed on {date}. An association "
        "can check it with you.",
        "El plazo para juzgar al autor parece vencido desde el {date}. Una asociación "
        "puede comprobarlo con usted.",
    ),
    "insurance_declaration.open": (
        "Prévenez votre assureur au plus tard le {date}. Votre contrat donne peut-être plus "
        "de temps.",
        "Tell your insurer by {date}. Your contract may give you more time.",
        "Avise a su aseguradora a más tardar el {date}. Su contrato quizás le dé más tiempo.",
    ),
    "insurance_declaration.passed": (
        "Prévenez quand même votre assureur. Un retard ne fait pas toujours perdre l'aide.",
        "Tell your insurer all the same. Being late does not always lose you the cover.",
        "Avise igualmente a su aseguradora. Un retraso no siempre le hace perder la cobertura.",
    ),
    "bank_dispute.open": (
        "Contestez le paiement auprès de votre banque au plus tard le {date}. Elle doit vous "
        "rembourser tout de suite.",
        "Dispute the payment with your bank by {date}. It must refund you at once.",
        "Impugne el pago ante su banco a más tardar el {date}. Debe reembolsarle enseguida.",
    ),
    "bank_dispute.passed": (
        "Le délai pour contester le paiement est passé le {date}. Parlez-en quand même à "
        "votre banque.",
        "The time limit to dispute the payment passed on {date}. Talk to your bank all the same.",
        "El plazo para impugnar el pago venció el {date}. Hable igualmente con su banco.",
    ),
}

# Short labels (tables, task titles): "by" dates and "from" dates.
DEADLINE_LABELS: dict[str, Text] = {
    "civi_request": (
        "Saisir la CIVI au plus tard le",
        "Apply to the CIVI by",
        "Acudir a la CIVI a más tardar el",
    ),
    "civi_complement": (
        "Demander un complément à la CIVI au plus tard le",
        "Ask the CIVI for a complement by",
        "Pedir un complemento a la CIVI a más tardar el",
    ),
    "sarvi_opens": (
        "Saisir le SARVI à partir du",
        "Apply to the SARVI from",
        "Acudir al SARVI a partir del",
    ),
    "sarvi_closes": (
        "Saisir le SARVI au plus tard le",
        "Apply to the SARVI by",
        "Acudir al SARVI a más tardar el",
    ),
    "civil_party_by": (
        "La demande écrite doit parvenir au tribunal au plus tard le",
        "Your written claim must reach the court by",
        "La solicitud escrita debe llegar al tribunal a más tardar el",
    ),
    "investigating_judge_from": (
        "Saisir le juge d'instruction possible à partir du",
        "You may go to the investigating judge from",
        "Se puede acudir al juez de instrucción a partir del",
    ),
    "tgd_renewal": (
        "Renouveler le téléphone au plus tard le",
        "The phone must be renewed by",
        "Renovar el teléfono a más tardar el",
    ),
    "prosecution_limit": (
        "Poursuites possibles jusqu'au",
        "Prosecution possible until about",
        "Procesamiento posible hasta aproximadamente el",
    ),
    "insurance_declaration": (
        "Déclarer le sinistre à l'assureur au plus tard le",
        "Tell the insurer by",
        "Declarar el siniestro a la aseguradora a más tardar el",
    ),
    "bank_dispute": (
        "Contester le paiement auprès de la banque au plus tard le",
        "Dispute the payment with the bank by",
        "Impugnar el pago ante el banco a más tardar el",
    ),
}

CIVI_DOCUMENTS: tuple[Text, ...] = (
    (
        "Le formulaire de demande à la CIVI (cerfa 12825), signé",
        "The CIVI application form (cerfa 12825), signed",
        "El formulario de solicitud a la CIVI (cerfa 12825), firmado",
    ),
    ("Une pièce d'identité", "An identity document", "Un documento de identidad"),
    (
        "Le reçu de la plainte et, s'il y en a, le jugement",
        "The complaint receipt and any court decision",
        "El recibo de la denuncia y, si lo hay, la sentencia",
    ),
    (
        "Les certificats médicaux : le premier, puis celui de fin de soins",
        "Medical certificates: the first one, and the one at the end of treatment",
        "Los certificados médicos: el primero y el del final del tratamiento",
    ),
    (
        "Ce que les assurances ou d'autres vous ont déjà payé, et la somme que vous demandez",
        "What insurers or others have already paid you, and the sum you ask for",
        "Lo que los seguros u otros ya le han pagado, y la suma que pide",
    ),
)
RESOURCES_DOCUMENTS: tuple[Text, ...] = (
    (
        "Vos avis d'impôt : l'année avant les faits et l'année avant la demande",
        "Your tax notices: the year before the facts and the year before the request",
        "Sus avisos de impuestos: el año anterior a los hechos y el anterior a la solicitud",
    ),
    (
        "La preuve que personne d'autre ne vous paie",
        "Proof that nobody else pays you",
        "La prueba de que nadie más le paga",
    ),
)
DOCUMENTS: dict[str, tuple[Text, ...]] = {
    "civi_full": CIVI_DOCUMENTS,
    "civi_capped": CIVI_DOCUMENTS
    + RESOURCES_DOCUMENTS
    + (
        (
            "Quelques lignes sur vos difficultés depuis les faits (argent, santé, moral)",
            "A few lines on your difficulties since the facts (money, health, morale)",
            "Unas líneas sobre sus dificultades desde los hechos (dinero, salud, ánimo)",
        ),
    ),
    "civi_vehicle": CIVI_DOCUMENTS
    + RESOURCES_DOCUMENTS
    + (
        (
            "La carte grise, le contrôle technique et l'attestation d'assurance",
            "The registration certificate, the technical inspection and the insurance certificate",
            "El permiso de circulación, la inspección técnica y el certificado de seguro",
        ),
    ),
    "civi_squat": CIVI_DOCUMENTS
    + (
        (
            "Quelques lignes sur vos difficultés depuis le squat",
            "A few lines on your difficulties since the squat",
            "Unas líneas sobre sus dificultades desde la ocupación",
        ),
    ),
    "sarvi": (
        (
            "Le formulaire du SARVI, signé (un par victime)",
            "The SARVI form, signed (one per victim)",
            "El formulario del SARVI, firmado (uno por víctima)",
        ),
        (
            "Le jugement avec la formule exécutoire",
            "The judgment with its enforcement formula",
            "La sentencia con su fórmula ejecutoria",
        ),
        (
            "Le certificat qu'il n'y a pas eu d'appel",
            "The certificate that there was no appeal",
            "El certificado de que no hubo apelación",
        ),
        (
            "La décision de la CIVI, s'il y en a une",
            "The CIVI decision, if there is one",
            "La decisión de la CIVI, si la hay",
        ),
        (
            "Ce que vous savez des revenus et des biens de l'auteur",
            "What you know of the author's income and property",
            "Lo que sabe de los ingresos y bienes del autor",
        ),
        (
            "Une pièce d'identité et votre RIB",
            "An identity document and your bank details (RIB)",
            "Un documento de identidad y sus datos bancarios (RIB)",
        ),
    ),
    "civil_party": (
        (
            "Une lettre qui dit combien vous demandez, poste par poste",
            "A letter saying how much you claim, item by item",
            "Una carta que diga cuánto pide, partida por partida",
        ),
        (
            "Les preuves de chaque perte : factures, certificats, fiches de paie",
            "Proof of each loss: bills, certificates, payslips",
            "Las pruebas de cada pérdida: facturas, certificados, nóminas",
        ),
    ),
    "insurance": (
        (
            "Le reçu de la plainte",
            "The complaint receipt",
            "El recibo de la denuncia",
        ),
        (
            "La liste des objets perdus ou abîmés, avec factures ou photos",
            "The list of items lost or damaged, with bills or photos",
            "La lista de objetos perdidos o dañados, con facturas o fotos",
        ),
        (
            "Votre contrat d'assurance ou son numéro",
            "Your insurance contract or its number",
            "Su contrato de seguro o su número",
        ),
    ),
}

# The question to ask for each fact the engine lacks.
MISSING: dict[str, Text] = {
    "offence.class": (
        "la qualification exacte des faits (une association peut vous la dire)",
        "the exact legal qualification of the facts (an association can tell you)",
        "la calificación jurídica exacta de los hechos (una asociación puede decírsela)",
    ),
    "offence.date": ("la date des faits", "the date of the facts", "la fecha de los hechos"),
    "offence.in_france": (
        "si c'était en France",
        "whether it happened in France",
        "si ocurrió en Francia",
    ),
    "offence.author_known": (
        "si vous savez qui l'a fait",
        "whether you know who did it",
        "si sabe quién lo hizo",
    ),
    "offence.author_is_partner": (
        "si l'auteur est votre conjoint ou votre ex",
        "whether the author is your partner or former partner",
        "si el autor es su pareja o expareja",
    ),
    "offence.author_insured": (
        "si le responsable était assuré",
        "whether the person responsible was insured",
        "si el responsable estaba asegurado",
    ),
    "offence.public": (
        "si les propos étaient publics",
        "whether the words were public",
        "si las palabras fueron públicas",
    ),
    "offence.discriminatory": (
        "si les propos visaient votre origine, religion, sexe, orientation ou handicap",
        "whether the words targeted your origin, religion, sex, orientation or disability",
        "si las palabras se referían a su origen, religión, sexo, orientación o discapacidad",
    ),
    "victim.natural_person": (
        "si vous agissez pour vous ou pour une entreprise",
        "whether you act for yourself or for an organisation",
        "si actúa en su nombre o por una organización",
    ),
    "victim.french_national": ("votre nationalité", "your nationality", "su nacionalidad"),
    "victim.birth_date": (
        "votre date de naissance",
        "your date of birth",
        "su fecha de nacimiento",
    ),
    "victim.direct_victim_birth_date": (
        "la date de naissance de la victime",
        "the victim's date of birth",
        "la fecha de nacimiento de la víctima",
    ),
    "harm.itt_days": (
        "les jours d'ITT écrits sur le certificat médical",
        "the days of ITT on the medical certificate",
        "los días de ITT del certificado médico",
    ),
    "harm.permanent_incapacity": (
        "s'il restera des séquelles",
        "whether after-effects will remain",
        "si quedarán secuelas",
    ),
    "harm.death": (
        "si la victime est décédée",
        "whether the victim died",
        "si la víctima falleció",
    ),
    "situation.annual_income": (
        "les revenus de votre foyer",
        "your household's income",
        "los ingresos de su hogar",
    ),
    "situation.household_extra_persons": (
        "le nombre de personnes de votre foyer",
        "how many people live in your household",
        "cuántas personas viven en su hogar",
    ),
    "situation.serious_situation": (
        "si cela vous a mis en grande difficulté",
        "whether this left you in serious difficulty",
        "si esto le dejó en grave dificultad",
    ),
    "situation.other_compensation": (
        "si quelqu'un a déjà tout payé",
        "whether someone has already paid for everything",
        "si alguien ya lo ha pagado todo",
    ),
    "situation.claim_amount": (
        "la somme que vous demandez",
        "the sum you claim",
        "la suma que reclama",
    ),
    "vehicle.registered": (
        "si la carte grise était à votre nom",
        "whether the registration certificate was in your name",
        "si el permiso de circulación estaba a su nombre",
    ),
    "vehicle.inspection_ok": (
        "si le contrôle technique était à jour",
        "whether the technical inspection was up to date",
        "si la inspección técnica estaba al día",
    ),
    "vehicle.insured": (
        "si le véhicule était assuré",
        "whether the vehicle was insured",
        "si el vehículo estaba asegurado",
    ),
    "procedure.complaint_filed": (
        "si vous avez porté plainte",
        "whether you filed a complaint",
        "si presentó una denuncia",
    ),
    "procedure.complaint_date": (
        "la date de la plainte",
        "the date of the complaint",
        "la fecha de la denuncia",
    ),
    "procedure.hearing_date": ("la date du procès", "the date of the trial", "la fecha del juicio"),
    "procedure.damages_awarded": (
        "la somme que le juge vous a donnée",
        "the damages the court awarded you",
        "la suma que el juez le concedió",
    ),
    "procedure.decision_final_date": (
        "la date où le jugement est devenu définitif",
        "the date the judgment became final",
        "la fecha en que la sentencia fue firme",
    ),
    "procedure.civi_inadmissible_notified": (
        "la date de la décision de la CIVI",
        "the date of the CIVI decision",
        "la fecha de la decisión de la CIVI",
    ),
    "danger.consent": (
        "votre accord : ce téléphone n'est donné qu'avec lui",
        "your agreement: this phone is only given with it",
        "su acuerdo: este teléfono solo se da con él",
    ),
    "danger.grave_danger": (
        "si vous vous sentez en grand danger",
        "whether you feel in grave danger",
        "si se siente en grave peligro",
    ),
    "danger.cohabiting_with_author": (
        "si vous vivez encore avec l'auteur",
        "whether you still live with the author",
        "si aún vive con el autor",
    ),
    "danger.no_contact_ban": (
        "si un juge a interdit à l'auteur de vous contacter",
        "whether a judge has forbidden contact",
        "si un juez ha prohibido el contacto",
    ),
    "danger.imminent_danger": (
        "si le danger est immédiat",
        "whether the danger is imminent",
        "si el peligro es inminente",
    ),
    "insurance.loss_known_on": (
        "le jour où vous avez vu la perte",
        "the day you found out about the loss",
        "el día en que descubrió la pérdida",
    ),
    "insurance.card_debit_date": (
        "la date du paiement que vous n'avez pas fait",
        "the date of the payment you did not make",
        "la fecha del pago que usted no hizo",
    ),
}

# The opening sentences of each part of the plan.
SECTIONS: dict[str, Text] = {
    "complaint": (
        "Porter plainte, c'est dire à la police ce qui s'est passé. C'est gratuit.",
        "Filing a complaint means telling the police what happened. It is free.",
        "Presentar una denuncia es contar a la policía lo que pasó. Es gratis.",
    ),
    "protection": (
        "Des mesures peuvent vous protéger de l'auteur. Une association peut les demander "
        "avec vous.",
        "Some measures can protect you from the author. An association can ask for them with you.",
        "Hay medidas que pueden protegerle del autor. Una asociación puede pedirlas con usted.",
    ),
    "compensation": (
        "Vous pouvez être payé pour ce que vous avez perdu ou subi. Voici les voies possibles.",
        "You can be paid for what you lost or suffered. Here are the possible routes.",
        "Puede recibir dinero por lo que perdió o sufrió. Estas son las vías posibles.",
    ),
    "lawyer": (
        "Un avocat n'est pas obligatoire, mais il peut vous aider.",
        "A lawyer is not required, but can help you.",
        "Un abogado no es obligatorio, pero puede ayudarle.",
    ),
    "help": (
        "Une association d'aide aux victimes vous écoute et vous aide, gratuitement.",
        "A victim support association listens to you and helps you, free of charge.",
        "Una asociación de ayuda a las víctimas le escucha y le ayuda, gratis.",
    ),
}

# The phone names of the national numbers (the directory holds them in French).
NUMBER_NAMES: dict[str, Text] = {
    "17": ("Police ou gendarmerie", "Police or gendarmerie", "Policía o gendarmería"),
    "112": (
        "Numéro d'urgence européen",
        "European emergency number",
        "Número de emergencia europeo",
    ),
    "114": (
        "Urgences par SMS (sourds, malentendants, ou si vous ne pouvez pas parler)",
        "Emergency by text message (deaf, hard of hearing, or if you cannot speak)",
        "Emergencias por SMS (personas sordas, o si no puede hablar)",
    ),
    "116 006": (
        "Aide aux victimes (116 006)",
        "Victim helpline (116 006)",
        "Ayuda a las víctimas (116 006)",
    ),
    "3919": (
        "Violences faites aux femmes (3919)",
        "Violence against women (3919)",
        "Violencia contra las mujeres (3919)",
    ),
    "119": (
        "Enfance en danger (119)",
        "Children in danger (119)",
        "Infancia en peligro (119)",
    ),
}


def title(remedy_id: str, lang: str) -> str:
    return say(TITLES[remedy_id], lang)


def deadline_label(deadline_id: str, lang: str) -> str:
    entry = DEADLINE_LABELS.get(deadline_id)
    return say(entry, lang) if entry else deadline_id


def missing_question(path: str, lang: str) -> str:
    entry = MISSING.get(path)
    return say(entry, lang) if entry else path


def documents(remedy_id: str, lang: str) -> tuple[str, ...]:
    return tuple(say(doc, lang) for doc in DOCUMENTS.get(remedy_id, ()))
