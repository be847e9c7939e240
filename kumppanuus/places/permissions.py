import rules

from kumppanuus.accounts.access import register_queryset_filter

OFFICIALS_GROUP = "officials"


@rules.predicate
def is_contact_person_of(user, municipality):
    if not user.is_authenticated or municipality is None:
        return False
    return municipality.contact_persons.filter(user=user).exists()


@rules.predicate
def is_any_contact_person(user):
    return user.is_authenticated and user.contact_roles.exists()


# Officials: municipal contact persons, administrators and the people an
# administrator has put in the officials group (coordinators, grant officers).
is_official = rules.is_superuser | rules.is_group_member(OFFICIALS_GROUP) | is_any_contact_person

rules.add_perm("places.view_officials_pages", is_official)
rules.add_perm("places.manage_municipality", rules.is_superuser | is_contact_person_of)
register_queryset_filter(
    "places.manage_municipality",
    lambda user, municipalities: municipalities.filter(contact_persons__user=user).distinct(),
)
