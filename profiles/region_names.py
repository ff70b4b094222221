"""The names of states and provinces in the reader's language, for makemessages to find.

The gazetteer (reference_data.load_cities) stores a city's region under its English name, the
msgid here; City.label gives it through translated(), so "Vancouver, British Columbia, CA" reads
"Vancouver, Colombie-Britannique, CA" in French without a query. Only the names French or
Spanish write differently are listed ("Ontario" and "Texas" read the same in all three). They
carry the context "state or province", so that "Georgia" or "New York" never takes another
catalogue's translation of the same word.
"""

from __future__ import annotations

import functools
import unicodedata

from django.conf import settings
from django.utils import translation

from .taxonomy_names import pgettext

CONTEXT = "state or province"


def translated(name: str) -> str:
    """A state's or province's name in the active language."""
    return _translated(translation.get_language(), name)


# A page of search results names each mentor's region: the catalogues are fixed for the life of
# the process, so each name's translation is looked up once per language.
@functools.lru_cache(maxsize=512)
def _translated(language: str | None, name: str) -> str:
    return translation.pgettext(CONTEXT, name) if name else name


def in_english(written: str) -> str:
    """The gazetteer's English name of a region written in any of the site's languages
    ("Colombie-Britannique", "columbia britanica"), or `written` as it was."""
    return _english_names().get(folded(written), written)


def folded(text: str) -> str:
    """`text` without accents or case, as a member may type it."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.cache
def _english_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for region in REGIONS:
                names[folded(translation.pgettext(CONTEXT, region))] = region
    return names


REGIONS = [
    # Canadian provinces and territories.
    pgettext(CONTEXT, "British Columbia"),
    pgettext(CONTEXT, "New Brunswick"),
    pgettext(CONTEXT, "Newfoundland and Labrador"),
    pgettext(CONTEXT, "Northwest Territories"),
    pgettext(CONTEXT, "Nova Scotia"),
    pgettext(CONTEXT, "Prince Edward Island"),
    pgettext(CONTEXT, "Quebec"),
    # US states and the District of Columbia.
    pgettext(CONTEXT, "California"),
    pgettext(CONTEXT, "District of Columbia"),
    pgettext(CONTEXT, "Florida"),
    pgettext(CONTEXT, "Georgia"),
    pgettext(CONTEXT, "Hawaii"),
    pgettext(CONTEXT, "Louisiana"),
    pgettext(CONTEXT, "Michigan"),
    pgettext(CONTEXT, "Missouri"),
    pgettext(CONTEXT, "New Hampshire"),
    pgettext(CONTEXT, "New Jersey"),
    pgettext(CONTEXT, "New Mexico"),
    pgettext(CONTEXT, "New York"),
    pgettext(CONTEXT, "North Carolina"),
    pgettext(CONTEXT, "North Dakota"),
    pgettext(CONTEXT, "Oregon"),
    pgettext(CONTEXT, "Pennsylvania"),
    pgettext(CONTEXT, "South Carolina"),
    pgettext(CONTEXT, "South Dakota"),
    pgettext(CONTEXT, "Virginia"),
    pgettext(CONTEXT, "West Virginia"),
]
