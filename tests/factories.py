"""Builders for test data. Each returns a saved object; keyword arguments override."""

import itertools

from django.contrib.auth.models import Group

from associations.demo import business_ids
from associations.models import Association, FieldOfActivity, Representation, TargetGroup
from kumppanuus.accounts.models import User
from kumppanuus.places.models import ContactPerson, Municipality, WellbeingCounty
from kumppanuus.places.permissions import OFFICIALS_GROUP

PASSWORD = "test-salasana-123"
_ids = business_ids(5000000)
_counter = itertools.count(1)


def next_business_id() -> str:
    return next(_ids)


def make_user(email=None, **fields) -> User:
    email = email or f"user{next(_counter)}@example.fi"
    fields.setdefault("first_name", "Testi")
    fields.setdefault("last_name", email.split("@")[0].title())
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


def make_official(email=None) -> User:
    user = make_user(email)
    user.groups.add(Group.objects.get_or_create(name=OFFICIALS_GROUP)[0])
    return user


def make_county(code="14", name_fi="Pohjois-Karjalan hyvinvointialue") -> WellbeingCounty:
    return WellbeingCounty.objects.get_or_create(code=code, defaults={"name_fi": name_fi})[0]


def real_municipality(code) -> Municipality:
    """One of the official municipalities that the migration loads (tests/conftest.py)."""
    return Municipality.objects.get(code=code)


def make_municipality(code=None, name_fi=None, county=None, **fields) -> Municipality:
    """A real municipality by its code, or a test-only one on a code no real one uses."""
    if code is not None and (existing := Municipality.objects.filter(code=code).first()):
        changes = {"name_fi": name_fi, **fields}
        changes = {name: value for name, value in changes.items() if value is not None}
        if county is not None:
            changes["county"] = county
        if changes:
            for name, value in changes.items():
                setattr(existing, name, value)
            existing.save()
        return existing
    number = next(_counter)
    if code is None:
        taken = set(Municipality.objects.values_list("code", flat=True))
        code = next(f"{n:03d}" for n in range(999, -1, -1) if f"{n:03d}" not in taken)
    return Municipality.objects.create(
        code=code,
        name_fi=name_fi or f"Testikunta {number}",
        county=county or make_county(),
        **fields,
    )


def make_association(name=None, municipalities=(), fields=(), target_groups=(), **values):
    number = next(_counter)
    values.setdefault("business_id", next_business_id())
    association = Association.objects.create(name=name or f"Yhdistys {number} ry", **values)
    association.municipalities.set(municipalities)
    association.fields.set(fields)
    association.target_groups.set(target_groups)
    return association


def make_representative(association, user=None, role=Representation.Role.CHAIR) -> User:
    user = user or make_user()
    Representation.objects.create(association=association, user=user, role=role)
    return user


def make_contact_person(municipality, user=None, **fields) -> User:
    user = user or make_user()
    ContactPerson.objects.create(user=user, municipality=municipality, **fields)
    return user


def field(slug="liikunta") -> FieldOfActivity:
    return FieldOfActivity.objects.get(slug=slug)


def target_group(slug="nuoret") -> TargetGroup:
    return TargetGroup.objects.get(slug=slug)
