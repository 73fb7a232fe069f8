"""The helpline's foundations: the competent association for a caller's town, the number
kept as a keyed hash, and the counters."""

from appui.cases.services import competent_organisation
from appui.helpline import numbers
from tests.helpline.conftest import VERDUN


def test_a_caller_from_verdun_is_routed_to_the_meuse_association(meuse):
    assert competent_organisation(VERDUN) == meuse


def test_one_number_written_three_ways_has_one_key_and_shows_only_its_end():
    keys = {numbers.number_key(n) for n in ("+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78")}
    assert len(keys) == 1
    assert "612345678" not in next(iter(keys))
    assert numbers.mask("06 12 34 56 78") == "•• •• •• •• 78"
    assert numbers.number_key("") == ""
