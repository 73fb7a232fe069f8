import copy

import pytest

from appui.rights.examples import CONTRACT_EXAMPLE, TIMELINE_EXAMPLE


@pytest.fixture
def example():
    return copy.deepcopy(CONTRACT_EXAMPLE)


@pytest.fixture
def timeline_example():
    return copy.deepcopy(TIMELINE_EXAMPLE)


def remedy(assessment: dict, id: str) -> dict:
    return next(r for r in assessment["remedies"] if r["id"] == id)
