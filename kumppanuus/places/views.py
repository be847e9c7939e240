from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kumppanuus import pagecache
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.http import form_status

from . import services
from .forms import ContactPersonForm, InviteContactPersonForm
from .models import ContactPerson, Municipality


@login_required
def contact(request, code):
    """A contact person keeps their own public details and invites colleagues."""
    municipality = get_object_for_user(
        request, Municipality, "places.change_municipality", code=code
    )
    own = ContactPerson.objects.filter(municipality=municipality, user=request.user).first()
    details = ContactPersonForm(
        request.POST if "save_details" in request.POST else None, instance=own, prefix="own"
    )
    invite = InviteContactPersonForm(
        request.POST if "invite" in request.POST else None,
        municipality=municipality,
        invited_by=request.user,
        prefix="invite",
    )
    if own is not None and details.is_bound and details.is_valid():
        details.save()
        pagecache.invalidate()
        messages.success(request, _("Your contact details have been saved."))
        return redirect("places:contact", municipality.code)
    if invite.is_bound and invite.is_valid():
        services.contact_person_invite(
            municipality=municipality,
            email=invite.cleaned_data["email"],
            title=invite.cleaned_data["title"],
            invited_by=request.user,
            language=request.LANGUAGE_CODE,
        )
        messages.success(
            request,
            _("An invitation has been sent to %(email)s.")
            % {"email": invite.cleaned_data["email"]},
        )
        return redirect("places:contact", municipality.code)
    return render(
        request,
        "places/contact.html",
        {
            "municipality": municipality,
            "own": own,
            "details": details if own is not None else None,
            "invite": invite,
            "contacts": municipality.contact_persons.select_related("user"),
        },
        status=form_status(details, invite),
    )
