"""What the municipality's page and its guideline both show of the municipality's own data:
its public contact persons and its welfare priorities in force, read together in one
compiled query and kept on the municipality's instance for the rest of the request."""

from types import SimpleNamespace

from django.db.models import CharField, F, IntegerField, Value

from kumppanuus.compiled import CompiledQuery

from .models import ContactPerson, WelfarePriority

_CONTACT, _PRIORITY = 0, 1


def public_contact_persons(municipality=None):
    """Contact persons shown to everyone: they agreed to it and their account is in use."""
    contacts = ContactPerson.objects.filter(is_public=True, user__is_active=True)
    if municipality is not None:
        contacts = contacts.filter(municipality=municipality)
    return contacts.select_related("user")


def _facts(municipality, year):
    """One UNION of the two lists, in one order: each row a kind, three numbers (n1..n3),
    five texts (a..e) and two texts to sort by (s1, s2)."""
    text, number = CharField(), IntegerField()
    contacts = (
        public_contact_persons(municipality)
        .order_by()
        .values(
            kind=Value(_CONTACT, number),
            n1=F("pk"),
            n2=Value(0, number),
            n3=Value(0, number),
            a=F("title"),
            b=F("public_email"),
            c=F("public_phone"),
            d=F("user__first_name"),
            e=F("user__last_name"),
            s1=F("user__last_name"),
            s2=Value("", text),
        )
    )
    priorities = (
        WelfarePriority.objects.filter(municipality=municipality, last_year__gte=year)
        .order_by()
        .values(
            kind=Value(_PRIORITY, number),
            n1=F("pk"),
            n2=F("first_year"),
            n3=F("last_year"),
            a=F("title"),
            b=F("description"),
            c=F("age_group"),
            d=F("theme"),
            e=Value("", text),
            s1=F("age_group"),
            s2=F("title"),
        )
    )
    # Contacts by last name; priorities as WelfarePriority's ordering (-last_year,
    # age_group, title); the number last.
    return contacts.union(priorities, all=True).order_by("kind", "-n3", "s1", "s2", "n1")


_FACTS = CompiledQuery(_facts, municipality=int, year=int)


def _read(municipality, year) -> tuple[list, list]:
    kept = municipality.__dict__.get("_places_facts")
    if kept is not None and kept[0] == year:
        return kept[1]
    ages = dict(WelfarePriority.AgeGroup.choices)
    themes = dict(WelfarePriority.Theme.choices)
    contacts, priorities = [], []
    for row in _FACTS(municipality=municipality.pk, year=year):
        if row["kind"] == _CONTACT:
            contacts.append(
                SimpleNamespace(
                    full_name=f"{row['d']} {row['e']}".strip(),  # User.get_full_name()
                    title=row["a"],
                    public_email=row["b"],
                    public_phone=row["c"],
                )
            )
        else:
            priorities.append(
                {
                    "pk": row["n1"],
                    "title": row["a"],
                    "description": row["b"],
                    "age_group": row["c"],
                    "theme": row["d"],
                    "first_year": row["n2"],
                    "last_year": row["n3"],
                    "age_group_label": ages.get(row["c"], row["c"]),
                    "theme_label": themes.get(row["d"], row["d"]),
                }
            )
    municipality.__dict__["_places_facts"] = (year, (contacts, priorities))
    return contacts, priorities


def public_contacts(municipality, year) -> list[SimpleNamespace]:
    """The contact persons who agreed to be shown and whose account is in use: full_name,
    title, public_email and public_phone (year: that of priorities_in_force)."""
    return _read(municipality, year)[0]


def priorities_in_force(municipality, year) -> list[dict]:
    """The welfare priorities in force in the year or later, as values with their age
    group's and theme's names (age_group_label, theme_label)."""
    return _read(municipality, year)[1]
