"""Names listed in a sentence: "A, B och C", and semicolons between names that hold a comma
("Linköping, övriga tätorten"), so that the list cannot be read two ways."""

from __future__ import annotations

import pytest

from samverkan.core.i18n import translations
from samverkan.core.templating import environment


def _render(names: list[str], lang: str) -> str:
    template = environment().from_string("{{ names|names }}")
    return template.render(names=names, _=translations(lang).gettext)


@pytest.mark.parametrize(
    ("names", "lang", "text"),
    [
        ([], "sv", ""),
        (["Ryd"], "sv", "Ryd"),
        (["Berga", "Ryd"], "sv", "Berga och Ryd"),
        (["Berga", "Ryd", "Skäggetorp"], "sv", "Berga, Ryd och Skäggetorp"),
        (["Berga", "Ryd", "Skäggetorp"], "en", "Berga, Ryd and Skäggetorp"),
        (
            ["Berga", "Linköping, övriga tätorten", "Ryd"],
            "sv",
            "Berga; Linköping, övriga tätorten; Ryd",
        ),
    ],
)
def test_names_read_one_way_only(names: list[str], lang: str, text: str) -> None:
    assert _render(names, lang) == text
