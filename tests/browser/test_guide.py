"""Three victims complete the guide in a real browser, with the keyboard where it matters.

Each checks her plan, its PDF and the quick exit; axe-core checks every screen she sees.
"""


def plain(text: str) -> str:
    """Rendered text with French thin and non-breaking spaces as plain ones."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_epinal_burnt_car(page, live_server, guide_data, assert_accessible, external_requests):
    page.goto(live_server.url + "/guide/")
    assert_accessible(page)
    page.get_by_role("link", name="Commencer").click()
    for label in ("Non",):
        assert_accessible(page)
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Ma voiture ou ma moto a été incendiée").check()
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Quand est-ce arrivé ?").fill("2025-02-01")
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Commune ou code postal où c'est arrivé").fill("epinal")
    page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page)
    page.get_by_label("Épinal (88000)").check()
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Je ne sais pas qui l'a fait").check()
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    for question, reply in (
        ("Un assureur, l'auteur ou un autre organisme a-t-il déjà payé tout le préjudice ?", "Non"),
        ("Le certificat d'immatriculation (carte grise) était-il à votre nom ?", "Oui"),
        ("Le contrôle technique était-il à jour ?", "Oui"),
        ("Le véhicule était-il assuré ?", "Oui"),
    ):
        page.get_by_role("group", name=question).get_by_label(reply, exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_role("group", name="Avez-vous porté plainte ?").get_by_label("Oui").check()
    page.get_by_label("Date de la plainte").fill("2025-02-02")
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Revenu annuel de votre foyer", exact=False).fill("15000")
    page.get_by_role("button", name="Continuer").click()

    assert page.get_by_role("heading", name="Votre plan").is_visible()
    assert_accessible(page)
    vehicle = page.locator("section.remedy", has=page.locator("#remedy-civi_vehicle"))
    assert "Ouvert pour vous" in vehicle.inner_text()
    assert "4 822,50 €" in plain(vehicle.inner_text())  # 706-14-1 cap, 2025 ceiling
    assert "03 29 34 92 91" in page.content()  # the BAV of Épinal, from the seed
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF").click()
    assert download.value.suggested_filename == "plan.pdf"
    assert external_requests == []


def test_nancy_partner_violence_and_quick_exit(
    page, live_server, guide_data, assert_accessible, external_requests
):
    page.goto(live_server.url + "/guide/danger/")
    page.get_by_label("Oui", exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_role("heading", name="Appelez à l'aide maintenant").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Continuer").click()
    page.get_by_label("On m'a frappé·e ou blessé·e").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Quand est-ce arrivé ?").fill("2025-02-20")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Commune ou code postal où c'est arrivé").fill("54000")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_label("Nancy (54000)", exact=False).first.check()
    page.get_by_role("button", name="Continuer").click()
    assert_accessible(page)
    page.get_by_label("Mon conjoint ou ex-conjoint", exact=False).check()
    page.get_by_role("group", name="Vivez-vous encore avec cette personne ?").get_by_label(
        "Non"
    ).check()
    page.get_by_role(
        "group", name="Vous sentez-vous en grave danger face à cette personne ?"
    ).get_by_label("Oui").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role(
        "group", name="Avez-vous été blessé·e, physiquement ou psychologiquement ?"
    ).get_by_label("Oui").check()
    page.get_by_label("Jours d'incapacité totale de travail", exact=False).fill("10")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("group", name="Avez-vous porté plainte ?").get_by_label("Non").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()  # "about you" skipped

    plan = page.content()
    assert_accessible(page)
    assert "Ordonnance de protection du juge aux affaires familiales" in plan
    assert "Téléphone grave danger (TGD)" in plan
    assert "3919" in plan
    civi = page.locator("section.remedy", has=page.locator("#remedy-civi_full"))
    assert "5 000 €" in plain(civi.inner_text())  # 706-3 as amended in 2023, ITT under a month
    # Quick exit: Escape twice leaves for the neutral site and the plan is not in history.
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert not page.url.startswith(live_server.url)
    assert any("google" in url for url in external_requests)


def test_verdun_in_spanish(page, live_server, guide_data, assert_accessible):
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto(live_server.url + "/guide/danger/")
    assert page.get_attribute("html", "lang") == "es"
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Robo o robo con allanamiento").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("¿Cuándo ocurrió?").fill("2025-01-15")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Municipio o código postal donde ocurrió").fill("verdun")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_label("Verdun (55100)").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("No sé quién lo hizo").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("button", name="Continuar").click()  # losses unanswered
    page.get_by_role("group", name="¿Ha presentado una denuncia?").get_by_label("Sí").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("button", name="Continuar").click()
    assert page.get_by_role("heading", name="Su plan").is_visible()
    assert_accessible(page)
    content = page.content()
    assert "CIDFF" in content  # the Meuse association of the seed
    assert "03 29 86 70 41" in content
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar en PDF").click()
    assert download.value.suggested_filename == "plan.pdf"


def test_other_guide_pages_and_errors_pass_axe(page, live_server, guide_data, assert_accessible):
    for path in ("/guide/safety/", "/guide/urgent/", "/guide/harm/", "/guide/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/guide/danger/")
    page.get_by_role("button", name="Continuer").click()  # nothing chosen
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/guide/where/")
    page.get_by_label("Commune ou code postal où c'est arrivé").fill("zzqqxx")
    page.get_by_role("button", name="Rechercher").click()
    assert "zzqqxx" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
