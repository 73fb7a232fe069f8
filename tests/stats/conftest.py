from tests.cases.conftest import *  # noqa: F403  (the same organisations, staff and logins)
