"""A victim's appointment link and a calendar feed's address are secrets: no log line may
carry them (Django's request log, gunicorn's access log)."""

import logging

from appui.core.logfilters import GunicornLogger, RedactSecretPaths, redact

TOKEN = "Zr3k9Qm2VfXw8LpT0aBcDeFgHiJkLmNo"


def test_the_secret_segment_is_blanked_and_the_rest_kept():
    assert (
        redact(f"Conflict: /rendez-vous/{TOKEN}/deplacer/") == "Conflict: /rendez-vous/…/deplacer/"
    )
    assert redact(f"GET /pro/agenda/flux/{TOKEN}.ics HTTP/1.1") == "GET /pro/agenda/flux/… HTTP/1.1"
    assert redact("Not Found: /pro/files/12/") == "Not Found: /pro/files/12/"


def test_django_request_records_pass_through_the_filter_redacted():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Conflict", f"/rendez-vous/{TOKEN}/"),
        None,
    )
    record.request = object()
    assert RedactSecretPaths().filter(record)
    assert TOKEN not in record.getMessage() and record.request is None


def test_gunicorn_access_lines_are_redacted():
    class Response:
        status = "409 Conflict"
        response_length = 10
        sent = 10
        headers = []

    class Request:
        headers = []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/rendez-vous/{TOKEN}/",
        "PATH_INFO": f"/rendez-vous/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
    }
    import datetime as dt

    logger = GunicornLogger.__new__(GunicornLogger)
    atoms = logger.atoms(Response(), Request(), environ, dt.timedelta(seconds=0.01))
    assert TOKEN not in atoms["r"] and TOKEN not in atoms["U"]
