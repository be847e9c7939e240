import rules

from kumppanuus.places.models import Municipality
from kumppanuus.places.permissions import is_contact_person_of


@rules.predicate
def is_contact_person_of_owner(user, owner):
    """A municipality's guideline is kept by its contact persons; a county's by administrators."""
    return isinstance(owner, Municipality) and is_contact_person_of(user, owner)


# The object is the guideline's owner: a Municipality or a WellbeingCounty.
rules.add_perm("partnerships.edit_guideline", rules.is_superuser | is_contact_person_of_owner)
