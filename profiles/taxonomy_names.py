"""Every name of the taxonomy (profiles/data/expertise.json), for makemessages to find.

The names live in the database, where staff may add more in the admin; str() of a group, an
area, a library type or a career stage gives its name through translated(), with the English
name as the msgid. They carry the context "taxonomy", so that a short name ("Public",
"Archives", "Privacy") never takes another catalogue's translation of the same word.
tests/profiles/test_taxonomy_names.py fails when a name in the database is missing here, so a
new one is never shown untranslated without anyone noticing: add it here and to the catalogues.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.utils import translation

CONTEXT = "taxonomy"


def translated(name: str) -> str:
    """A taxonomy name in the active language."""
    return _translated(translation.get_language(), name)


def translator() -> Callable[[str], str]:
    """translated() for the active language, asked once: for lists of hundreds of names."""
    return functools.partial(_translated, translation.get_language())


# A search form names every area, type and stage, a page of results each mentor's: hundreds of
# look-ups a page. The catalogues are fixed for the life of the process, so each name's
# translation is looked up once per language.
@functools.lru_cache(maxsize=4096)
def _translated(language: str | None, name: str) -> str:
    return translation.pgettext(CONTEXT, name)


def pgettext(context: str, message: str) -> str:
    """Marks a name for makemessages (which reads pgettext calls with their context) and gives
    it back untranslated: Django has no pgettext_noop."""
    return message


EXPERTISE_GROUPS = [
    pgettext("taxonomy", "Technical services and metadata"),
    pgettext("taxonomy", "Collections"),
    pgettext("taxonomy", "Reference and user services"),
    pgettext("taxonomy", "Teaching and learning"),
    pgettext("taxonomy", "Youth and school services"),
    pgettext("taxonomy", "Public and community services"),
    pgettext("taxonomy", "Library technology and systems"),
    pgettext("taxonomy", "Research support, scholarly communication and data"),
    pgettext("taxonomy", "Archives and special collections"),
    pgettext("taxonomy", "Leadership, management and administration"),
    pgettext("taxonomy", "Advocacy, policy and community relations"),
    pgettext("taxonomy", "Professional development and career"),
]

EXPERTISE_AREAS = [
    pgettext("taxonomy", "Cataloging (original and copy)"),
    pgettext("taxonomy", "Metadata creation and management"),
    pgettext("taxonomy", "Authority control"),
    pgettext("taxonomy", "Classification (LC, Dewey)"),
    pgettext("taxonomy", "Linked data and BIBFRAME"),
    pgettext("taxonomy", "Acquisitions"),
    pgettext("taxonomy", "Serials and continuing resources"),
    pgettext("taxonomy", "Electronic resources management"),
    pgettext("taxonomy", "Licensing and vendor negotiation"),
    pgettext("taxonomy", "Preservation and conservation"),
    pgettext("taxonomy", "Digitization and reformatting"),
    pgettext("taxonomy", "Collection development and management"),
    pgettext("taxonomy", "Collection assessment and weeding"),
    pgettext("taxonomy", "World language collections"),
    pgettext("taxonomy", "Graphic novels and comics"),
    pgettext("taxonomy", "Film, media and audiovisual collections"),
    pgettext("taxonomy", "Games and gaming collections"),
    pgettext("taxonomy", "Open educational resources"),
    pgettext("taxonomy", "Reference services"),
    pgettext("taxonomy", "Virtual reference and chat"),
    pgettext("taxonomy", "Readers' advisory"),
    pgettext("taxonomy", "Access services and circulation"),
    pgettext("taxonomy", "Interlibrary loan and resource sharing"),
    pgettext("taxonomy", "User experience (UX)"),
    pgettext("taxonomy", "Genealogy and local history"),
    pgettext("taxonomy", "Government information and documents"),
    pgettext("taxonomy", "Business and career information"),
    pgettext("taxonomy", "Consumer health information"),
    pgettext("taxonomy", "Information literacy instruction"),
    pgettext("taxonomy", "Instructional design"),
    pgettext("taxonomy", "Online and distance learning"),
    pgettext("taxonomy", "First-year experience programs"),
    pgettext("taxonomy", "Assessment of student learning"),
    pgettext("taxonomy", "Digital and media literacy"),
    pgettext("taxonomy", "Children's services"),
    pgettext("taxonomy", "Early literacy and storytime"),
    pgettext("taxonomy", "Teen and young adult services"),
    pgettext("taxonomy", "School librarianship"),
    pgettext("taxonomy", "Children's and young adult literature"),
    pgettext("taxonomy", "Summer reading and learning programs"),
    pgettext("taxonomy", "Collaboration with teachers and curriculum"),
    pgettext("taxonomy", "Adult services and programming"),
    pgettext("taxonomy", "Outreach and community engagement"),
    pgettext("taxonomy", "Services to underserved populations"),
    pgettext("taxonomy", "Accessibility and services for people with disabilities"),
    pgettext("taxonomy", "Services to incarcerated people"),
    pgettext("taxonomy", "Literacy and ESL programs"),
    pgettext("taxonomy", "Makerspaces and STEAM programming"),
    pgettext("taxonomy", "Integrated library systems and library services platforms"),
    pgettext("taxonomy", "Discovery systems"),
    pgettext("taxonomy", "Web development and content management"),
    pgettext("taxonomy", "Library IT and infrastructure"),
    pgettext("taxonomy", "Systems librarianship"),
    pgettext("taxonomy", "Emerging technologies and AI"),
    pgettext("taxonomy", "Digital libraries and repositories platforms"),
    pgettext("taxonomy", "Scholarly communication"),
    pgettext("taxonomy", "Open access and publishing"),
    pgettext("taxonomy", "Copyright and fair use"),
    pgettext("taxonomy", "Institutional repositories"),
    pgettext("taxonomy", "Research data management"),
    pgettext("taxonomy", "Data curation and visualization"),
    pgettext("taxonomy", "Digital humanities and digital scholarship"),
    pgettext("taxonomy", "Bibliometrics and research impact"),
    pgettext("taxonomy", "Subject liaison work"),
    pgettext("taxonomy", "Systematic reviews and evidence synthesis"),
    pgettext("taxonomy", "GIS and geospatial data"),
    pgettext("taxonomy", "Archival processing and description"),
    pgettext("taxonomy", "Records management"),
    pgettext("taxonomy", "Special collections and rare books"),
    pgettext("taxonomy", "Digital preservation"),
    pgettext("taxonomy", "Digital asset management"),
    pgettext("taxonomy", "Oral history"),
    pgettext("taxonomy", "Library administration and directorship"),
    pgettext("taxonomy", "Strategic planning"),
    pgettext("taxonomy", "Budgeting and finance"),
    pgettext("taxonomy", "Human resources and organizational development"),
    pgettext("taxonomy", "Supervision and team leadership"),
    pgettext("taxonomy", "Change management"),
    pgettext("taxonomy", "Facilities and space planning"),
    pgettext("taxonomy", "Project management"),
    pgettext("taxonomy", "Assessment, statistics and evaluation"),
    pgettext("taxonomy", "Consortia and cooperatives"),
    pgettext("taxonomy", "Library consulting"),
    pgettext("taxonomy", "State library agency work"),
    pgettext("taxonomy", "Advocacy and legislation"),
    pgettext("taxonomy", "Marketing and public relations"),
    pgettext("taxonomy", "Intellectual freedom and materials challenges"),
    pgettext("taxonomy", "Privacy"),
    pgettext("taxonomy", "Equity, diversity and inclusion"),
    pgettext("taxonomy", "Fundraising, Friends groups and foundations"),
    pgettext("taxonomy", "Trustees and library governance"),
    pgettext("taxonomy", "Grant writing"),
    pgettext("taxonomy", "Sustainability in libraries"),
    pgettext("taxonomy", "Job searching and interviewing"),
    pgettext("taxonomy", "Tenure and promotion"),
    pgettext("taxonomy", "Research and publishing in LIS"),
    pgettext("taxonomy", "Association service and leadership"),
    pgettext("taxonomy", "Mentoring and coaching"),
    pgettext("taxonomy", "Career transitions"),
]

LIBRARY_TYPES = [
    pgettext("taxonomy", "Academic: community/2-year college"),
    pgettext("taxonomy", "Academic: 4-year college"),
    pgettext("taxonomy", "Academic: university or research institution"),
    pgettext("taxonomy", "Public"),
    pgettext("taxonomy", "School: elementary"),
    pgettext("taxonomy", "School: middle"),
    pgettext("taxonomy", "School: high school"),
    pgettext("taxonomy", "School: K-12 / district office"),
    pgettext("taxonomy", "Special / corporate"),
    pgettext("taxonomy", "Archives"),
    pgettext("taxonomy", "Government (federal, state, local; depository)"),
    pgettext("taxonomy", "Health sciences / medical / hospital"),
    pgettext("taxonomy", "Law (academic, firm, court or county)"),
    pgettext("taxonomy", "Military / armed forces"),
    pgettext("taxonomy", "Prison / correctional"),
    pgettext("taxonomy", "Tribal / Native and Indigenous"),
    pgettext("taxonomy", "Religious / theological"),
    pgettext("taxonomy", "Museum"),
    pgettext("taxonomy", "State library agency"),
    pgettext("taxonomy", "Library consortium, system or network"),
    pgettext("taxonomy", "Library school / LIS program"),
    pgettext("taxonomy", "Vendor / information industry"),
    pgettext("taxonomy", "Consultancy / self-employed"),
]

CAREER_STAGES = [
    pgettext("taxonomy", "LIS student"),
    pgettext("taxonomy", "Library support staff / paraprofessional"),
    pgettext("taxonomy", "New professional (0-2 years)"),
    pgettext("taxonomy", "Early career (under 5 years)"),
    pgettext("taxonomy", "Mid-career (5-15 years)"),
    pgettext("taxonomy", "Senior / experienced (15+ years)"),
    pgettext("taxonomy", "New manager or first-year director"),
    pgettext("taxonomy", "Administrator / director"),
    pgettext("taxonomy", "Career changer or returning to the profession"),
    pgettext("taxonomy", "Retired"),
]

ALL_NAMES = frozenset(EXPERTISE_GROUPS + EXPERTISE_AREAS + LIBRARY_TYPES + CAREER_STAGES)
