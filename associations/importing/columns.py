"""The columns of an import file: their names in English and Finnish."""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from .report import ImportFileError


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    help: str


COLUMNS = [
    Column("name", ("nimi",), gettext_lazy("Name of the association. Required.")),
    Column(
        "name_sv",
        ("nimi_sv", "ruotsinkielinen nimi"),
        gettext_lazy("Name in Swedish, if any."),
    ),
    Column(
        "business_id",
        ("y-tunnus", "ytunnus"),
        gettext_lazy(
            "Business ID, like 1234567-1. A row whose business ID is already in the "
            "portal updates that association."
        ),
    ),
    Column(
        "register_number",
        ("rekisterinumero",),
        gettext_lazy("The old number in the register of associations."),
    ),
    Column(
        "registered",
        ("rekisteröity",),
        gettext_lazy(
            "Registered association: yes or no (kyllä/ei, 1/0, true/false). "
            "Empty means yes for a new association. A registered association needs a "
            "business ID."
        ),
    ),
    Column(
        "municipalities",
        ("kunnat",),
        gettext_lazy(
            "Municipalities of operation: codes (426) or names in Finnish or Swedish, "
            "separated by semicolons or commas. Required."
        ),
    ),
    Column(
        "fields",
        ("toimialat",),
        gettext_lazy("Fields of activity: identifiers or names in any language, separated."),
    ),
    Column(
        "target_groups",
        ("kohderyhmät",),
        gettext_lazy("Target groups: identifiers or names in any language, separated."),
    ),
    Column("description", ("kuvaus",), gettext_lazy("Description.")),
    Column("website", ("verkkosivu",), gettext_lazy("Website address.")),
    Column("email", ("sähköposti",), gettext_lazy("Public email address.")),
    Column("phone", ("puhelin",), gettext_lazy("Public phone number.")),
    Column("street_address", ("katuosoite",), gettext_lazy("Street address.")),
    Column("postal_code", ("postinumero",), gettext_lazy("Postal code, five digits.")),
    Column("post_office", ("postitoimipaikka",), gettext_lazy("Post office.")),
    Column("member_count", ("jäsenmäärä",), gettext_lazy("Number of members.")),
    Column("founded_year", ("perustamisvuosi",), gettext_lazy("Year founded.")),
    Column(
        "active",
        ("aktiivinen",),
        gettext_lazy("Shown in the directory: yes or no. Empty means yes for a new association."),
    ),
]

# The column titles of the directory export (associations/exports.py), so that an
# exported file can be edited and imported again in any of the three languages.
EXPORT_TITLES = {
    "name": "Name",
    "name_sv": "Name in Swedish",
    "business_id": "Business ID",
    "municipalities": "Municipalities",
    "fields": "Fields of activity",
    "target_groups": "Target groups",
    "website": "Website",
    "email": "Email",
    "phone": "Phone",
    "street_address": "Street address",
    "postal_code": "Postal code",
    "post_office": "Post office",
    "member_count": "Number of members",
    "founded_year": "Year founded",
}

# Where a column's errors are reported: the name of the form field.
FORM_FIELD = {"registered": "is_registered", "active": "is_active"}


def column_guide() -> list[tuple[str, str, str]]:
    """(column, Finnish aliases, explanation) for the help on the import page."""
    return [(c.key, ", ".join(c.aliases), str(c.help)) for c in COLUMNS]


# Reading the file


def _normalize_header(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").casefold()
    return " ".join(text.replace("_", " ").replace("-", " ").split())


def _header_aliases() -> dict[str, str]:
    aliases = {}
    for column in COLUMNS:
        for alias in (column.key, *column.aliases):
            aliases[_normalize_header(alias)] = column.key
    aliases[_normalize_header("is_registered")] = "registered"
    aliases[_normalize_header("is_active")] = "active"
    for language in ("en", "fi", "sv"):
        with override(language):
            for key, title in EXPORT_TITLES.items():
                aliases.setdefault(_normalize_header(_(title)), key)
    return aliases


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    aliases = _header_aliases()
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        if not title:
            continue
        key = aliases.get(_normalize_header(title))
        if key is None:
            ignored.append(title)
        elif key in columns:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row.") % {"column": title},
                code="duplicate_column",
            )
        else:
            columns[key] = index
    if "name" not in columns:
        raise ImportFileError(
            _(
                "The header row has no column for the name (“name” or “nimi”). The first "
                "row of the file must name the columns."
            ),
            code="missing_name_column",
        )
    return columns, ignored


# Validating rows
