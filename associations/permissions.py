import rules

from kumppanuus.accounts.access import register_queryset_filter
from kumppanuus.compiled import CompiledQuery
from kumppanuus.places.models import ContactPerson
from kumppanuus.places.permissions import is_official

from .models import Representation

# Every page of an association's own asks this (compiled once, kumppanuus.compiled).
_REPRESENTS = CompiledQuery(
    lambda association, user: (
        Representation.objects.filter(association=association, user=user)
        .order_by()
        .values("pk")[:1]
    ),
    association=int,
    user=int,
)


@rules.predicate
def is_representative(user, association):
    if not user.is_authenticated or association is None:
        return False
    return bool(_REPRESENTS(association=association.pk, user=user.pk))


@rules.predicate
def is_contact_person_of_unrepresented(user, association):
    """A contact person of one of the association's municipalities, when no one represents it."""
    if not user.is_authenticated or association is None:
        return False
    if association.representations.exists():
        return False
    return ContactPerson.objects.filter(
        user=user, municipality__in=association.municipalities.all()
    ).exists()


@rules.predicate
def is_contact_person_of_its_municipality(user, association):
    if not user.is_authenticated or association is None:
        return False
    return ContactPerson.objects.filter(
        user=user, municipality__in=association.municipalities.all()
    ).exists()


can_manage = is_representative | rules.is_superuser

rules.add_perm("associations.edit_association", can_manage)
rules.add_perm("associations.view_association_history", can_manage)
rules.add_perm("associations.manage_representatives", can_manage)
# A request to represent an association that has no representative goes to
# the contact persons of its municipalities.
rules.add_perm(
    "associations.decide_representation_request", can_manage | is_contact_person_of_unrepresented
)
rules.add_perm("associations.request_to_represent", rules.is_authenticated & ~is_representative)
rules.add_perm("associations.export_directory", is_official)


@rules.predicate
def manages_requested_association(user, request):
    return can_manage(user, request.association)


rules.add_perm("associations.manage_representation_request", manages_requested_association)
rules.add_perm(
    "associations.verify_association", rules.is_superuser | is_contact_person_of_its_municipality
)

register_queryset_filter(
    "associations.edit_association",
    lambda user, associations: associations.filter(representations__user=user).distinct(),
)
