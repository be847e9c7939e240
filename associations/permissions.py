import rules

from kumppanuus.places.permissions import is_official


@rules.predicate
def is_representative(user, association):
    if not user.is_authenticated or association is None:
        return False
    return association.representations.filter(user=user).exists()


can_manage = is_representative | rules.is_staff

rules.add_perm("associations.change_association", can_manage)
rules.add_perm("associations.view_association_history", can_manage)
rules.add_perm("associations.manage_representatives", can_manage)
rules.add_perm("associations.request_to_represent", rules.is_authenticated & ~is_representative)
rules.add_perm("associations.export_directory", is_official)


@rules.predicate
def manages_requested_association(user, request):
    return can_manage(user, request.association)


rules.add_perm("associations.manage_representation_request", manages_requested_association)
