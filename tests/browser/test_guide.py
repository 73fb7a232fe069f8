"""Five victims tell their whole story in a real browser, on a phone and on a desktop.

Each walk checks every screen with axe-core and for sideways scrolling, then what her
plan must say: the right routes, amounts and dates in her language, plain words first,
the law only under "Legal detail", and a real next step where no service is listed.
"""

import re

import pytest

DESKTOP = {"width": 1280, "height": 800}


def plain(text: str) -> str:
    """Rendered text with French thin and non-breaking spaces as plain ones."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def walk(page, live_server, guide_data, assert_accessible):
    """Answer the guide screen by screen; every screen is checked before it is answered."""

    def check_screen():
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.evaluate("window.innerWidth")
        assert width <= viewport, f"{page.url} scrolls sideways: {width} px for {viewport} px"

    def go(viewport, language, screens):
        page.set_viewport_size(viewport)
        if language != "fr":
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        page.goto(live_server.url + "/guide/danger/")
        for expected, answers in screens:
            assert page.url.endswith(f"/guide/{expected}/"), (expected, page.url)
            check_screen()
            for name, value in answers.items():
                if name == "search":
                    page.fill("input[name=place]", value[0])
                    page.click("button[name=action][value=search]")
                    check_screen()
                    page.check(f"input[name=commune][value='{value[1]}']")
                elif isinstance(value, bool):
                    page.check(f"input[name={name}]")
                elif isinstance(value, list):
                    for item in value:
                        page.check(f"input[name={name}][value={item}]")
                elif page.locator(f"input[name={name}][type=radio]").count():
                    page.check(f"input[name={name}][value={value}]")
                else:
                    page.fill(f"input[name={name}]", value)
            page.click("form.question button[type=submit]:not([name=action])")
        assert page.url.endswith("/guide/plan/"), page.url
        check_screen()
        assert "law.md" not in page.content() and "§" not in page.inner_text("main")
        return page

    return go


def section(page, heading_id):
    return plain(page.locator(f"section[aria-labelledby={heading_id}]").inner_text())


def remedy(page, remedy_id):
    return page.locator("section.remedy", has=page.locator(f"#remedy-{remedy_id}"))


def summary(page, remedy_id):
    return plain(" ".join(remedy(page, remedy_id).locator("p.summary").all_inner_texts()))


def test_marseille_bag_snatched_and_a_fall(walk, page, external_requests):
    """A 72-year-old: theft, then 10 days of ITT from the fall; her card used the next day."""
    walk(
        DESKTOP,
        "fr",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "no"}),
            ("what", {"situations": ["theft"]}),
            ("when", {"date": "2026-11-20"}),
            ("where", {"search": ("13001", "13201")}),
            ("author", {"author": "unknown"}),
            ("harm", {"injured": "yes", "itt_days": "10"}),
            (
                "losses",
                {
                    "insurances": ["home", "payment_card"],
                    "card_debit_date": "2026-11-21",
                    "other_compensation": "no",
                    "serious_situation": "yes",
                },
            ),
            ("procedure", {"complaint": "yes", "complaint_date": "2026-11-20"}),
            ("about", {"birth_date": "1954-05-02", "annual_income": "14000"}),
        ],
    )
    assert "carte grise" not in page.content()  # no vehicle question was asked
    capped = summary(page, "civi_capped")
    assert "4 822,50 €" in capped and capped.count("4 822,50 €") == 1
    insurance = summary(page, "insurance")
    assert "Contestez le paiement auprès de votre banque au plus tard le 21 décembre 2027" in (
        insurance
    )
    assert "Prévenez quand même votre assureur" in insurance  # two working days, passed
    help_ = section(page, "help")
    assert "Nous ne connaissons pas encore les services de ce lieu" in help_
    assert "116 006" in help_
    page.get_by_role("link", name="Demander à être rappelé·e").last.click()
    assert page.url.endswith("/guide/callback/")
    assert external_requests == []


def test_lille_a_teenager_on_a_small_phone(walk, page):
    """A 16-year-old harassed and threatened: the 119 and words for her first."""
    walk(
        {"width": 320, "height": 640},
        "fr",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "yes"}),
            ("what", {"situations": ["harassment", "threats"]}),
            ("when", {"date": "2026-11-01"}),
            ("where", {"search": ("Lille", "59350")}),
            ("author", {"author": "known"}),
            ("harm", {"injured": "yes"}),
            ("procedure", {"complaint": "no"}),
            ("about", {"birth_date": "2010-03-01"}),
        ],
    )
    now = section(page, "now")
    assert now.index("119") < now.index("116 006")
    assert "Ce qui s'est passé n'est pas de ta faute" in now
    young = section(page, "young")
    assert "adulte de confiance" in young
    assert "18 ans" in young


def test_nancy_former_partner_violence(walk, page, live_server):
    walk(
        DESKTOP,
        "fr",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "no"}),
            ("what", {"situations": ["hit"]}),
            ("when", {"date": "2026-10-20"}),
            ("where", {"search": ("54000", "54395")}),
            ("author", {"author": "partner", "cohabiting": "no", "grave_danger": "yes"}),
            ("harm", {"injured": "yes", "itt_days": "10"}),
            ("procedure", {"complaint": "no"}),
            ("about", {}),
        ],
    )
    assert "3919" in section(page, "now")
    protection = section(page, "protection")
    assert "Ordonnance de protection" in protection
    assert "Téléphone grave danger" in protection
    assert "5 000 €" in summary(page, "civi_full")  # violence by a former partner, ITT < 1 month
    assert "bracelet" in summary(page, "complaint")
    assert "référent" not in plain(page.inner_text("main"))  # no terrorism line here
    # The law is on demand: closed by default, there when opened.
    detail = remedy(page, "civi_full").locator("details.legal-detail")
    assert not detail.evaluate("element => element.open")
    detail.locator("summary").click()
    assert "706-3" in detail.inner_text()


def test_epinal_burglary_with_violence_in_english(walk, page):
    """A burgled man who was hit: his home insurance is asked, no vehicle question."""
    walk(
        DESKTOP,
        "en",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "no"}),
            ("what", {"situations": ["hit", "theft"]}),
            ("when", {"date": "2026-11-27"}),
            ("where", {"search": ("epinal", "88160")}),
            ("author", {"author": "unknown"}),
            ("harm", {"injured": "yes", "itt_days": "40"}),
            ("losses", {"insurances": ["home"], "loss_known_on": "2026-11-27"}),
            ("procedure", {"complaint": "yes", "complaint_date": "2026-11-28"}),
            ("about", {}),
        ],
    )
    main = plain(page.inner_text("main"))
    assert page.get_attribute("html", "lang") == "en"
    assert "Open to you" in remedy(page, "civi_full").inner_text()  # 40 days of ITT
    assert "Tell your insurer by 1 December 2026" in summary(page, "insurance")
    assert "Victim helpline (116 006)" in main  # national numbers in English
    assert "every day: 9 am – 7 pm (perhaps until 8 pm)" in main
    assert "03 29 34 92 91" in main  # the Épinal victim bureau, from the seed
    for french in ("Plafond", "Ouvert maintenant", "Numéro d'aide"):
        assert french not in main


def test_lyon_after_a_terrorist_attack_abroad(walk, page):
    walk(
        {"width": 390, "height": 800},
        "fr",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "no"}),
            ("what", {"situations": ["terrorism"]}),
            ("when", {"date": "2026-06-01"}),
            ("where", {"abroad": True}),
            ("home", {"search": ("Lyon", "69383"), "french_national": "yes"}),
            ("author", {"author": "unknown"}),
            ("harm", {"injured": "yes", "itt_days": "45"}),
            ("losses", {}),
            ("procedure", {"complaint": "no"}),
            ("about", {}),
        ],
    )
    abroad = section(page, "abroad")
    assert "FGTI" in abroad
    assert "Lyon" in section(page, "help")  # the help near home, not near the attack
    assert "FGTI" in summary(page, "guarantee_fund_direct")
    assert "CIVI" not in " ".join(
        t for t in page.locator("#money ~ section.remedy h3").all_inner_texts() if "Possible" in t
    )


def test_changing_what_happened_says_what_no_longer_applies(walk, page, live_server):
    walk(
        DESKTOP,
        "fr",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "no"}),
            ("what", {"situations": ["car_burnt"]}),
            ("when", {"date": "2026-11-01"}),
            ("where", {"search": ("epinal", "88160")}),
            ("author", {"author": "unknown"}),
            ("harm", {"injured": "no"}),
            ("losses", {"registered": "yes", "inspection_ok": "yes", "insured": "yes"}),
            ("procedure", {"complaint": "yes"}),
            ("about", {}),
        ],
    )
    page.goto(live_server.url + "/guide/what/")
    page.uncheck("input[name=situations][value=car_burnt]")
    page.check("input[name=situations][value=theft]")
    page.click("form.question button[type=submit]")
    notice = page.get_by_role("status").inner_text()
    assert "Pertes et assurances" in notice


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
    page.goto(live_server.url + "/guide/when/")
    page.fill("input[name=date]", "0201-01-01")
    page.get_by_role("button", name="Continuer").click()
    assert re.search("1900", page.get_by_role("alert").inner_text())
    assert_accessible(page)


def test_the_plan_as_a_pdf_in_spanish(walk, page):
    walk(
        DESKTOP,
        "es",
        [
            ("danger", {"danger": "no"}),
            ("age", {"minor": "no"}),
            ("what", {"situations": ["theft"]}),
            ("when", {"date": "2026-01-15"}),
            ("where", {"search": ("verdun", "55545")}),
            ("author", {"author": "unknown"}),
            ("harm", {"injured": "no"}),
            ("losses", {}),
            ("procedure", {"complaint": "yes"}),
            ("about", {}),
        ],
    )
    assert "CIDFF" in page.content()  # the Meuse association of the seed
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar en PDF").click()
    assert download.value.suggested_filename == "plan.pdf"
