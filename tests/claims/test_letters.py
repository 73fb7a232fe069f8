"""The generated documents, read back from the PDF: what each must say, blanks for what is
unknown, French amounts and dates, tagged for accessibility, nothing fetched."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from appui.claims.letters import (
    Addressee,
    ClaimLine,
    Letter,
    LetterKind,
    Person,
    Received,
    render_html,
    render_pdf,
)
from appui.claims.templatetags.claims_letters import euros

BLANK = "à compléter"


def claire(**changes) -> Person:
    values = {
        "last_name": "Martin",
        "first_names": "Claire Anne",
        "birth_date": dt.date(1980, 1, 5),
        "birth_place": "Épinal",
        "nationality": "française",
        "profession": "aide-soignante",
        "address": "3 rue des Lilas\n88000 Épinal",
        "phone": "06 12 34 56 78",
        "email": "claire@example.org",
    }
    values.update(changes)
    return Person(**values)


def heads(*amounts) -> list[ClaimLine]:
    labels = ["Souffrances endurées (SE)", "Dépenses de santé actuelles (DSA)", "Frais divers (FD)"]
    return [
        ClaimLine(label, None if amount is None else Decimal(amount), basis=f"base {i}")
        for i, (label, amount) in enumerate(zip(labels, amounts, strict=False))
    ]


def civi_request(route="civi_full", **changes) -> Letter:
    values = {
        "kind": LetterKind.CIVI_REQUEST,
        "route": route,
        "applicant": claire(),
        "addressee": Addressee(
            "Commission d'indemnisation des victimes d'infractions – Tribunal judiciaire d'Épinal",
            "7 place Edmond Henry\n88000 Épinal",
        ),
        "offence_date": dt.date(2025, 3, 1),
        "offence_place": "Épinal",
        "circumstances": "Frappée à la sortie du travail par un inconnu.",
        "complaint_date": dt.date(2025, 3, 2),
        "court": "Tribunal correctionnel d'Épinal",
        "case_number": "25061000123",
        "proceedings_state": "enquête en cours",
        "claims": heads("4200", "1250.5"),
        "received": [Received("CPAM des Vosges", Decimal("310.20"), "remboursements de soins")],
        "others_liable": ["CPAM des Vosges", "Mutuelle Santé Plus"],
        "notification_address": "3 rue des Lilas\n88000 Épinal",
        "documents": ["Certificat médical initial", "Récépissé de plainte"],
        "place_of_signature": "Épinal",
        "signed_on": dt.date(2026, 1, 5),
    }
    values.update(changes)
    return Letter(**values)


def test_amounts_are_written_the_french_way():
    assert euros(Decimal("4200")) == "4\u202f200,00\u00a0€"
    assert euros(Decimal("1234567.891")) == "1\u202f234\u202f567,89\u00a0€"
    assert euros(Decimal("0.005")) == "0,01\u00a0€"  # half up, to the cent
    assert euros(Decimal("-12")) == "-12,00\u00a0€"


def test_a_civi_request_carries_everything_r50_9_asks(pdf_text):
    text = pdf_text(render_pdf(civi_request()))
    for expected in (
        # 1. identity
        "MARTIN",
        "Claire Anne",
        "5 janvier 1980",
        "Épinal",
        "française",
        "aide-soignante",
        "3 rue des Lilas",
        # 2. date, place, circumstances
        "1er mars 2025",
        "Frappée à la sortie du travail par un inconnu.",
        # 3. court seized, case number, state of the proceedings
        "Tribunal correctionnel d'Épinal",
        "25061000123",
        "enquête en cours",
        "2 mars 2025",
        # 4. the harm head by head and the amount claimed
        "Souffrances endurées (SE)",
        "4 200,00 €",
        "Dépenses de santé actuelles (DSA)",
        "1 250,50 €",
        "Total demandé 5 450,50 €",
        # 5. others liable and sums received
        "Mutuelle Santé Plus",
        "CPAM des Vosges",
        "310,20 €",
        # 6. notifications, 7. documents, signature
        "Adresse pour les notifications",
        "Certificat médical initial",
        "Récépissé de plainte",
        "Épinal, le 5 janvier 2026",
        "article 706-3 du code de procédure pénale",
        "Tribunal judiciaire d'Épinal",
    ):
        assert expected in text, expected
    assert BLANK not in text  # everything was known
    assert "Ressources" not in text and "Brouillon" not in text


@pytest.mark.parametrize(
    ("route", "resources", "no_other", "serious", "vehicle"),
    [
        ("civi_full", False, False, None, False),
        ("civi_capped", True, True, "Situation matérielle ou psychologique grave", False),
        ("civi_vehicle", True, True, None, True),
        ("civi_squat", False, True, "Situation matérielle grave", False),
    ],
)
def test_each_route_adds_its_own_conditions(pdf_text, route, resources, no_other, serious, vehicle):
    letter = civi_request(
        route,
        resources_statement="Revenu fiscal de référence 2024 : 14 000 €",
        real_estate="Aucun",
        serious_situation="Je ne peux plus travailler.",
        vehicle="Renault Clio AB-123-CD",
    )
    text = pdf_text(render_pdf(letter))
    assert ("article R50-10" in text) is resources
    assert ("Revenu fiscal de référence 2024" in text) is resources
    assert ("indemnisation effective et suffisante" in text) is no_other
    assert ("Je ne peux plus travailler." in text) is (serious is not None)
    if serious:
        assert serious in text
    assert ("Renault Clio AB-123-CD" in text) is vehicle
    assert ("contrôle technique" in text) is vehicle


def test_what_the_letter_does_not_know_is_a_blank_never_left_out(pdf_text):
    letter = Letter(kind=LetterKind.CIVI_REQUEST, route="civi_capped", applicant=Person())
    text = pdf_text(render_pdf(letter))
    for label in (
        "Nom",
        "Prénoms",
        "Date de naissance",
        "Lieu de naissance",
        "Nationalité",
        "Profession",
        "Adresse",
        "Date des faits",
        "Lieu des faits",
        "Juridiction saisie",
        "Numéro de la procédure",
        "État de la procédure",
        "Mes ressources",
        "Mes biens immobiliers",
    ):
        assert f"{label} {BLANK}" in text, label
    assert f"Total demandé {BLANK}" in text
    assert f"Adresse pour les notifications {BLANK}" in text
    assert f"Pièces jointes 1. {BLANK}" in text
    assert text.count(BLANK) >= 30


def test_a_head_without_an_amount_is_left_out_of_the_total_and_said_so(pdf_text):
    text = pdf_text(render_pdf(civi_request(claims=heads("4200", None, "99.99"))))
    assert f"Total demandé {BLANK}" in text
    assert "Total des postes déjà chiffrés : 4 299,99 €" in text
    assert "Un poste reste à chiffrer" in text


def test_the_cap_is_shown_and_a_claim_above_it_is_said(pdf_text):
    letter = civi_request("civi_capped", claims=heads("4200", "1000"), cap=Decimal("4822.50"))
    assert letter.over_cap
    text = pdf_text(render_pdf(letter))
    assert "ne peut dépasser 4 822,50 €" in text
    assert "La somme demandée dépasse ce plafond." in text


def test_an_indirect_victim_gives_the_direct_victim_and_the_link(pdf_text):
    letter = civi_request(
        indirect=True,
        direct_victim=Person(
            last_name="Martin", first_names="Paul", birth_date=dt.date(1950, 2, 1)
        ),
        link_to_direct_victim="fille",
    )
    text = pdf_text(render_pdf(letter))
    assert "victime indirecte" in text
    assert "Paul" in text and "1er février 1950" in text
    assert "Mon lien avec la victime directe fille" in text
    unknown = pdf_text(render_pdf(civi_request(indirect=True)))
    assert f"Mon lien avec la victime directe {BLANK}" in unknown
    assert f"Nom et prénoms {BLANK}" in unknown


def test_nothing_received_is_said_only_when_she_says_so(pdf_text):
    said = pdf_text(render_pdf(civi_request(received=[], none_received=True)))
    assert "Néant : je n'ai reçu aucune somme à ce jour" in said
    unknown = pdf_text(render_pdf(civi_request(received=[])))
    assert "Néant" not in unknown
    assert f"Versées par Précisions Montant {BLANK}" in unknown


def test_the_sarvi_request(pdf_text):
    letter = Letter(
        kind=LetterKind.SARVI_REQUEST,
        route="sarvi",
        applicant=claire(),
        court="Tribunal correctionnel d'Épinal",
        decision_date=dt.date(2025, 9, 15),
        decision_final_date=dt.date(2025, 10, 26),
        case_number="25061000123",
        defendant="Jean DUPONT",
        damages_awarded=Decimal("2500"),
        sarvi_amount=Decimal("1000"),
        offender_information="Salarié d'une entreprise de transport à Nancy.",
        iban="FR76 3000 6000 0112 3456 7890 189",
        bic="AGRIFRPP",
        account_holder="Claire Anne MARTIN",
        documents=["Copie du jugement revêtue de la formule exécutoire"],
    )
    text = pdf_text(render_pdf(letter))
    for expected in (
        "Fonds de garantie des victimes des actes de terrorisme et d'autres infractions",
        "SARVI",
        "15 septembre 2025",
        "26 octobre 2025",
        "Jean DUPONT",
        "2 500,00 €",
        "Montant de l'aide : 1 000,00 €",
        "Salarié d'une entreprise de transport à Nancy.",
        "FR76 3000 6000 0112 3456 7890 189",
        "AGRIFRPP",
        "compte à mon nom",
        "une demande par victime",
        "formule exécutoire",
    ):
        assert expected in text, expected
    assert f"Frais de procédure alloués {BLANK}" in text


def civil_party_letter(**changes) -> Letter:
    values = {
        "kind": LetterKind.CIVIL_PARTY_LETTER,
        "route": "civil_party",
        "applicant": claire(),
        "court": "Tribunal correctionnel d'Épinal",
        "hearing_date": dt.date(2026, 6, 15),
        "letter_by": dt.date(2026, 6, 14),
        "case_number": "25061000123",
        "defendant": "Jean DUPONT",
        "claims": heads("4200", "1250.5", "80"),
        "legal_costs_475_1": Decimal("800"),
        "documents": ["Certificat médical initial", "Factures de pharmacie"],
    }
    values.update(changes)
    return Letter(**values)


def test_the_civil_party_letter_says_when_it_must_arrive(pdf_text):
    text = pdf_text(render_pdf(civil_party_letter()))
    for expected in (
        "À faire parvenir au tribunal au plus tard le 14 juin 2026",
        "24 heures avant l'audience",
        "article 420-1",
        "Tribunal correctionnel d'Épinal",
        "Audience du 15 juin 2026",
        "25061000123",
        "Prévenu Jean DUPONT",
        "je déclare me constituer partie civile",
        "Souffrances endurées (SE)",
        "Frais divers (FD) base 2 80,00 €",
        "Total demandé 5 530,50 €",
        "article 475-1 du code de procédure pénale, la somme de 800,00 €",
        "Factures de pharmacie",
    ):
        assert expected in text, expected
    blank = pdf_text(render_pdf(civil_party_letter(letter_by=None, hearing_date=None)))
    assert f"au plus tard le {BLANK}" in blank
    assert f"Audience du {BLANK}" in blank


@pytest.mark.parametrize(
    ("wish", "said", "not_said"),
    [
        (True, "Je souhaite me constituer partie civile.", "Je ne souhaite pas"),
        (False, "Je ne souhaite pas me constituer partie civile à ce stade.", "Cochez"),
        (None, f"Cochez une case : {BLANK}", None),
    ],
)
def test_the_letter_to_the_prosecutor(pdf_text, wish, said, not_said):
    letter = Letter(
        kind=LetterKind.PROSECUTOR_LETTER,
        applicant=claire(),
        addressee=Addressee("Procureur de la République – Tribunal judiciaire d'Épinal"),
        offence_date=dt.date(2025, 3, 1),
        offence_place="Épinal, rue de la Gare",
        circumstances="Frappée à la sortie du travail.",
        defendant="Un homme d'une trentaine d'années, inconnu",
        witnesses="Mme Leroy, voisine",
        claims=heads("4200"),
        documents=["Certificat médical initial"],
        wishes_civil_party=wish,
    )
    text = pdf_text(render_pdf(letter))
    for expected in (
        "article 40 du code de procédure pénale",
        "Procureur de la République – Tribunal judiciaire d'Épinal",
        "porter plainte",
        "Épinal, rue de la Gare",
        "Un homme d'une trentaine d'années, inconnu",
        "Mme Leroy, voisine",
        "Souffrances endurées (SE)",
        "Certificat médical initial",
        "Je souhaite être informé(e) des suites données à ma plainte.",
        said,
    ):
        assert expected in text, expected
    if not_said:
        assert not_said not in text
    assert "Monsieur le Procureur de la République" not in text.split("Lettre recommandée")[0]


def judge_complaint(**changes) -> Letter:
    values = {
        "kind": LetterKind.JUDGE_COMPLAINT,
        "applicant": claire(),
        "addressee": Addressee("Doyen des juges d'instruction – Tribunal judiciaire d'Épinal"),
        "offence_date": dt.date(2025, 3, 1),
        "offence_place": "Épinal",
        "circumstances": "Frappée à la sortie du travail.",
        "complaint_date": dt.date(2025, 3, 2),
        "case_number": "25061000123",
        "claims": heads("4200"),
        "signed_on": dt.date(2025, 5, 1),
    }
    values.update(changes)
    return Letter(**values)


@pytest.mark.parametrize(
    ("changes", "expected", "absent"),
    [
        (
            {"offence_class": "crime", "complaint_date": None, "case_number": ""},
            "Les faits constituant un crime, une plainte préalable",
            "J'ai déposé plainte",
        ),
        (
            {"offence_class": "delit", "dismissal_date": dt.date(2025, 4, 10)},
            "m'a fait connaître le 10 avril 2025 qu'il n'engagerait pas de poursuites",
            "Plus de trois mois",
        ),
        (
            {"offence_class": "delit", "signed_on": dt.date(2025, 6, 2)},
            "Plus de trois mois se sont écoulés depuis cette plainte",
            "Cochez",
        ),
        (
            {"offence_class": "delit", "signed_on": dt.date(2025, 6, 1)},  # one day short
            f"m'a fait connaître le {BLANK} qu'il n'engagerait pas",
            "se sont écoulés depuis cette plainte",
        ),
        (
            {"offence_class": "delit_presse"},
            "trois mois prévu par l'article 85 du code de procédure pénale ne s'applique pas",
            "classement sans suite",
        ),
    ],
    ids=["crime", "dismissed", "three-months", "not-yet-three-months", "press"],
)
def test_the_complaint_to_the_dean_says_why_it_may_be_filed(pdf_text, changes, expected, absent):
    text = pdf_text(render_pdf(judge_complaint(**changes)))
    assert "article 85 du code de procédure pénale" in text
    assert "Doyen des juges d'instruction" in text
    assert "consignation prévue par l'article 88" in text
    assert expected in text
    assert absent not in text
    if not changes.get("offence_class") == "crime":
        assert "J'ai déposé plainte auprès du procureur de la République" in text
        assert "2 mars 2025" in text and "25061000123" in text


def test_an_unknown_offence_class_is_offered_as_a_choice(pdf_text):
    text = pdf_text(render_pdf(judge_complaint(offence_class="")))
    assert f"Nature des faits ☐ crime ☐ délit : {BLANK}" in text
    known = pdf_text(render_pdf(judge_complaint(offence_class="delit")))
    assert "Nature des faits délit" in known and "☐ crime" not in known


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_is_a_tagged_pdf_in_french_with_a_title(kind):
    content = render_pdf(Letter(kind=kind, applicant=claire(), draft=True))
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "fr"
    assert reader.metadata.title.endswith("(brouillon)")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


@pytest.mark.parametrize("kind", list(LetterKind))
def test_a_draft_says_so_and_a_final_letter_does_not(pdf_text, kind):
    draft = pdf_text(render_pdf(Letter(kind=kind, applicant=claire(), draft=True)))
    assert "Brouillon – à relire" in draft
    final = pdf_text(render_pdf(Letter(kind=kind, applicant=claire())))
    assert "Brouillon" not in final and "brouillon" not in final


def test_the_document_is_french_whatever_the_reader_s_language():
    with translation.override("en"):
        html = render_html(civil_party_letter())
    assert '<html lang="fr">' in html
    assert "15 juin 2026" in html and "4\u202f200,00\u00a0€" in html


@pytest.fixture
def fetched(monkeypatch):
    urls = []
    real = URLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    return urls


def test_addresses_typed_in_the_letter_fetch_nothing(pdf_text, fetched):
    typed = '<img src="file:///etc/passwd"> <link rel=stylesheet href="http://127.0.0.1:1/x.css">'
    letter = civi_request(
        circumstances=typed,
        applicant=claire(last_name='<object data="file:///etc/hostname">'),
        claims=[ClaimLine("url(file:///etc/passwd)", Decimal(1), basis="https://example.org/")],
    )
    html = render_html(letter)
    assert "<img" not in html and "<object" not in html and "<link" not in html
    text = pdf_text(render_pdf(letter))
    assert "file:///etc/passwd" in text  # printed as the text she typed
    assert "root:" not in text
    assert not [url for url in fetched if "/etc/" in url or url.startswith("http")]
