"""Random JSON at the CLI and over HTTP: a valid assessment or field errors, nothing else."""

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appui.api.schemas import AssessmentOut, ErrorsOut
from appui.rights import cli

from .conftest import CONTRACT_EXAMPLE

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
# Mutations of a valid document reach the engine far more often than random JSON does.
paths = [
    (part, key)
    for part, value in CONTRACT_EXAMPLE.items()
    if isinstance(value, dict)
    for key in value
] + [
    # Growth of the contract (docs/rights.md): not in the contract's own example.
    ("offence", "other_categories"),
    ("offence", "public"),
    ("offence", "discriminatory"),
    ("victim", "direct_victim_birth_date"),
    *(
        ("insurance", key)
        for key in (
            "home",
            "vehicle",
            "payment_card",
            "legal_protection",
            "loss_known_on",
            "card_debit_date",
        )
    ),
]
categories = st.lists(st.sampled_from(["theft", "fraud", "violence", "threats", "x"]), max_size=3)


@st.composite
def mutated_facts(draw):
    facts = json.loads(json.dumps(CONTRACT_EXAMPLE))
    for part, key in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=6)):
        facts.setdefault(part, {})[key] = draw(scalars | st.dates().map(str) | categories)
    if draw(st.booleans()):
        facts["as_of"] = draw(st.dates().map(str) | scalars)
    return facts


inputs = documents.map(json.dumps) | mutated_facts().map(json.dumps) | st.text(max_size=60)


def check(status_ok: bool, body: dict) -> None:
    if status_ok:
        AssessmentOut.model_validate(body)
    else:
        ErrorsOut.model_validate(body)
        assert body["errors"]


@settings(max_examples=300, deadline=None)
@given(raw=inputs)
def test_cli_answers_only_assessments_or_errors(raw):
    out = io.StringIO()
    code = cli.run("-", "en", stdin=io.StringIO(raw), stdout=out)
    assert code in (0, 2)
    check(code == 0, json.loads(out.getvalue()))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=inputs)
def test_http_answers_only_assessments_or_errors(client, raw):
    response = client.post("/api/rights/assess", data=raw, content_type="application/json")
    assert response.status_code in (200, 422)
    check(response.status_code == 200, response.json())
