"""The territory catalogue: every message in French, English and Spanish, same placeholders."""

import string

import pytest

from appui.territory import messages


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_every_message_has_three_languages_with_the_same_placeholders(key):
    entry = messages.CATALOGUE[key]
    assert set(entry) == set(messages.LANGUAGES)
    fields = {
        lang: {name for _, name, _, _ in string.Formatter().parse(text) if name}
        for lang, text in entry.items()
    }
    assert fields["en"] == fields["fr"] == fields["es"]
    assert all(text.strip() for text in entry.values())


def test_unknown_language_falls_back_to_french():
    assert messages.text("q.required", "de") == messages.text("q.required", "fr")
