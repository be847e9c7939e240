"""Who may do what with an agreement.

Drafting and editing: the contact persons of the agreement's municipality and
administrators (an agreement of a wellbeing services county: administrators,
as the portal has no contact persons for counties). Accepting: each party for
itself only: an association's representatives for the association, the
municipality's contact persons for the municipality (administrators for a
county). A draft is seen by its editors and its parties' people; after that
every agreement is public.
"""

import rules

from kumppanuus.accounts.access import register_queryset_filter


def _agreement(obj):
    from .models import Agreement

    return obj if isinstance(obj, Agreement) else getattr(obj, "agreement", None)


@rules.predicate
def is_contact_person_of_its_municipality(user, obj):
    agreement = _agreement(obj)
    if not user.is_authenticated or agreement is None or agreement.municipality_id is None:
        return False
    return agreement.municipality.contact_persons.filter(user=user).exists()


@rules.predicate
def speaks_for_a_party(user, obj):
    """The user may accept for at least one of the agreement's parties."""
    agreement = _agreement(obj)
    if not user.is_authenticated or agreement is None:
        return False
    return any(can_accept_for(user, party) for party in agreement.parties.all())


@rules.predicate
def is_past_draft(user, obj):
    agreement = _agreement(obj)
    return agreement is not None and not agreement.is_draft


def can_accept_for(user, party) -> bool:
    """Whether the user speaks for the party. Not a rules permission: Django gives an
    administrator every permission, and no one but a party accepts for it (for a county,
    which has no contact persons in the portal, administrators do)."""
    if not user.is_authenticated:
        return False
    if party.association_id is not None:
        return party.association.representations.filter(user=user).exists()
    agreement = party.agreement
    if agreement.municipality_id is not None:
        return agreement.municipality.contact_persons.filter(user=user).exists()
    return user.is_superuser


can_edit = rules.is_superuser | is_contact_person_of_its_municipality

rules.add_perm("agreements.edit_agreement", can_edit)
rules.add_perm("agreements.view_agreement", is_past_draft | can_edit | speaks_for_a_party)
register_queryset_filter(
    "agreements.edit_agreement",
    lambda user, agreements: agreements.filter(municipality__contact_persons__user=user).distinct(),
)
rules.add_perm("agreements.view_history", can_edit | speaks_for_a_party)
