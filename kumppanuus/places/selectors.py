"""What the municipality's page and its guideline both show of the municipality's own data:
its public contact persons and its welfare priorities in force, each one compiled query."""

from types import SimpleNamespace

from django.db.models import IntegerField, Value

from kumppanuus.compiled import CompiledQuery

from .models import ContactPerson, WelfarePriority

_CONTACTS = CompiledQuery(
    lambda municipality: (
        ContactPerson.objects.filter(
            municipality=municipality, is_public=True, user__is_active=True
        )
        .values("title", "public_email", "public_phone", "user__first_name", "user__last_name")
        .order_by("user__last_name", "pk")
    ),
    municipality=int,
)


def public_contacts(municipality: int) -> list[SimpleNamespace]:
    """The contact persons who agreed to be shown and whose account is in use: full_name,
    title, public_email and public_phone."""
    return [
        SimpleNamespace(
            # User.get_full_name()
            full_name=f"{row['user__first_name']} {row['user__last_name']}".strip(),
            title=row["title"],
            public_email=row["public_email"],
            public_phone=row["public_phone"],
        )
        for row in _CONTACTS(municipality=municipality)
    ]


_PRIORITIES = CompiledQuery(
    lambda municipality, year: (
        # The year as an expression: a plain value out of a PositiveIntegerField's range, as
        # CompiledQuery's negative samples are, makes Django leave the condition out of the SQL.
        WelfarePriority.objects.filter(
            municipality=municipality, last_year__gte=Value(year, output_field=IntegerField())
        )
        .values("pk", "title", "description", "age_group", "theme", "first_year", "last_year")
        .order_by(*WelfarePriority._meta.ordering)
    ),
    municipality=int,
    year=int,
)


def priorities_in_force(municipality: int, year: int) -> list[dict]:
    """The welfare priorities in force in the year or later, as values with their age
    group's and theme's names (age_group_label, theme_label)."""
    ages = dict(WelfarePriority.AgeGroup.choices)
    themes = dict(WelfarePriority.Theme.choices)
    rows = _PRIORITIES(municipality=municipality, year=year)
    for row in rows:
        row["age_group_label"] = ages.get(row["age_group"], row["age_group"])
        row["theme_label"] = themes.get(row["theme"], row["theme"])
    return rows
