"""A new user opens the API docs, posts the facts of a seed example, and reads the answer."""

import json

# The seed's 2019 example: a theft victim in the Vosges with one dependant, resources of
# 1 700 € a month (the seed's ceiling is 1 732 € with one dependant), 2019 parameters.
SEED_2019 = {
    "as_of": "2019-06-01",
    "offence": {
        "category": "theft",
        "class": "delit",
        "date": "2019-05-02",
        "in_france": True,
        "department": "88",
        "author_known": False,
    },
    "victim": {"natural_person": True, "french_national": True},
    "situation": {
        "annual_income": 20400,
        "household_extra_persons": 1,
        "serious_situation": True,
        "other_compensation": False,
    },
}


def test_try_it_out_in_the_interactive_docs(page, live_server, page_errors, external_requests):
    page.goto(live_server.url + "/api/docs")
    operation = page.locator("#operations-rights-appui_api_rights_assess")
    operation.locator("button.opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("textarea.body-param__text").fill(json.dumps(SEED_2019))
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("200")
    body = json.loads(page.locator(".live-responses-table .microlight").first.inner_text())
    capped = next(r for r in body["remedies"] if r["id"] == "civi_capped")
    assert capped["status"] == "eligible"
    assert capped["cap"] == 4638  # 3 × 1 546 € (the seed's single-person ceiling)
    assert external_requests == []
    assert [e for e in page_errors if "Content Security Policy" in e] == []


def test_bad_facts_in_the_docs_show_field_errors(page, live_server):
    page.goto(live_server.url + "/api/docs")
    operation = page.locator("#operations-rights-appui_api_rights_assess")
    operation.locator("button.opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("textarea.body-param__text").fill(
        '{"offence": {"category": "theft", "date": "2999-01-01"}}'
    )
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("422")
    body = json.loads(page.locator(".live-responses-table .microlight").first.inner_text())
    assert body["errors"][0]["field"] == "offence.date"
