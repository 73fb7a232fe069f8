"""Random JSON at the timeline's command line and over HTTP: a valid timeline or field
errors, nothing else (never a server error)."""

import io
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appui.api.schemas import ErrorsOut, TimelineOut
from appui.rights import cli
from appui.rights.examples import TIMELINE_EXAMPLE
from appui.rights.procedures import ALL_EVENT_TYPES, EVENT_TYPES, EXTRA_FIELDS

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
days = st.dates().map(str)
event_keys = st.sampled_from(["type", "date", "amount", "hearing", "class", "press", "x"])
event_values = (
    scalars
    | days
    | st.sampled_from(ALL_EVENT_TYPES)
    | st.sampled_from(["crime", "delit", "contravention"])
    | st.floats(min_value=-1, max_value=2e9)
)


near = st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 3, 8)).map(str)
amounts = st.sampled_from([0, 4200, 1000.5])
classes = st.sampled_from(["crime", "delit", "contravention"])


@st.composite
def mutated_procedures(draw):
    """The contract's example with some fields changed, events added, removed or reordered:
    mutations reach the sequence rules far more often than random JSON does."""
    body = json.loads(json.dumps(TIMELINE_EXAMPLE))
    events = body["events"]
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["set", "add", "add", "add", "drop", "top"]))
        if action == "set" and events:
            chosen = draw(st.sampled_from(events))
            chosen[draw(event_keys)] = draw(event_values)
        elif action == "add":
            # Mostly a well-formed CIVI event near the example's dates: the sequence rules
            # (what may follow what) get exercised, not only the field checks.
            kind = draw(st.sampled_from(EVENT_TYPES["civi"]) | st.sampled_from(ALL_EVENT_TYPES))
            new = {"type": kind, "date": draw(near)}
            for name in EXTRA_FIELDS.get(kind, {}):
                new[name] = draw(
                    {"amount": amounts, "hearing": near | days, "class": classes}.get(
                        name, st.booleans()
                    )
                )
            if draw(st.integers(0, 4)) == 0:
                new[draw(event_keys)] = draw(event_values)
            events.insert(draw(st.integers(0, len(events))), new)
        elif action == "drop" and events:
            events.pop(draw(st.integers(0, len(events) - 1)))
        else:
            key = draw(st.sampled_from(["procedure", "as_of", "department", "events", "y"]))
            body[key] = draw(
                scalars | days | st.sampled_from(["civi", "sarvi", "civil_party", "57", "2A"])
            )
    return body


inputs = documents.map(json.dumps) | mutated_procedures().map(json.dumps) | st.text(max_size=60)


def check(status_ok: bool, body: dict) -> None:
    if status_ok:
        TimelineOut.model_validate(body)
    else:
        ErrorsOut.model_validate(body)
        assert body["errors"]


@settings(max_examples=400, deadline=None)
@given(raw=inputs)
def test_cli_answers_only_timelines_or_errors(raw):
    out = io.StringIO()
    code = cli.run("-", "en", stdin=io.StringIO(raw), stdout=out, action="timeline")
    assert code in (0, 2)
    check(code == 0, json.loads(out.getvalue()))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=inputs, lang=st.sampled_from(["fr", "en", "es"]))
def test_http_answers_only_timelines_or_errors(client, raw, lang):
    response = client.post(
        f"/api/rights/timeline?lang={lang}", data=raw, content_type="application/json"
    )
    assert response.status_code in (200, 422)
    check(response.status_code == 200, response.json())
