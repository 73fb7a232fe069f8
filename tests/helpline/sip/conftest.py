"""The ``sip`` marker: tests that place real SIP calls (Kamailio and SIPp)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "sip: places a real SIP call through Kamailio with SIPp (needs kamailio, "
        "kamailio-utils-modules, kamailio-tls-modules and sip-tester)",
    )
