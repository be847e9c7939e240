from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kumppanuus import pagecache
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.accounts.models import Invitation
from kumppanuus.accounts.services import invitation_limit_reached, invitation_revoke
from kumppanuus.http import form_status, posted
from kumppanuus.pagecache import cache_for_anonymous

from . import services
from .forms import (
    ContactPersonForm,
    InviteContactPersonForm,
    PremisesFilterForm,
    PremisesForm,
    WelfarePriorityForm,
)
from .models import ContactPerson, Municipality, Premises


@login_required
def contact(request, code):
    """A contact person keeps their own public details and invites colleagues."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
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
        pagecache.invalidate("places")
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
            "invitations": _open_invitations(municipality),
        },
        status=form_status(details, invite),
    )


def _open_invitations(municipality):
    return (
        Invitation.objects.for_target(municipality).open().filter(role=services.CONTACT_PERSON_ROLE)
    )


@login_required
def contact_remove(request, code, contact_pk):
    """GET asks for confirmation on a page of its own; POST removes the contact person."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    contact = get_object_or_404(
        ContactPerson.objects.select_related("user"), pk=contact_pk, municipality=municipality
    )
    back = reverse("places:contact", args=[municipality.code])
    if request.method != "POST":
        return render(
            request,
            "confirm.html",
            {
                "title": _("Remove a contact person"),
                "question": _("Remove %(person)s (%(email)s) from the contact persons of %(name)s?")
                % {"person": contact.user, "email": contact.user.email, "name": municipality},
                "submit_label": _("Remove"),
                "danger": True,
                "cancel_url": back,
            },
        )
    try:
        services.contact_person_remove(contact=contact)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(back)
    messages.success(
        request,
        _("%(person)s is no longer a contact person of %(name)s.")
        % {"person": contact.user, "name": municipality},
    )
    if contact.user_id == request.user.pk and not request.user.is_superuser:
        return redirect("dashboard")
    return redirect(back)


@login_required
@require_POST
def invitation_cancel(request, code, invitation_pk):
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    invitation = get_object_or_404(_open_invitations(municipality), pk=invitation_pk)
    invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s has been cancelled.") % {"email": invitation.email}
    )
    return redirect("places:contact", municipality.code)


@login_required
@require_POST
def invitation_resend(request, code, invitation_pk):
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    invitation = get_object_or_404(_open_invitations(municipality), pk=invitation_pk)
    if invitation_limit_reached(request.user):
        messages.error(
            request,
            _("You have sent the most invitations allowed in one hour. Please try again later."),
        )
        return redirect("places:contact", municipality.code)
    services.contact_person_invite(
        municipality=municipality,
        email=invitation.email,
        title=invitation.title,
        invited_by=request.user,
        language=invitation.language,
    )
    messages.success(
        request, _("The invitation has been sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("places:contact", municipality.code)


@login_required
def priorities(request, code):
    """A contact person keeps the municipality's welfare priorities (hyvinvointikertomus)."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    form = WelfarePriorityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.welfare_priority_save(form=form, municipality=municipality, user=request.user)
        messages.success(request, _("The priority has been saved."))
        return redirect("places:priorities", municipality.code)
    return render(
        request,
        "places/priorities.html",
        {
            "municipality": municipality,
            "priorities": municipality.welfare_priorities.all(),
            "form": form,
            "submit_label": _("Add the priority"),
        },
        status=form_status(form),
    )


@login_required
def priority_edit(request, code, pk):
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    priority = get_object_or_404(municipality.welfare_priorities, pk=pk)
    form = WelfarePriorityForm(posted(request), instance=priority)
    back = reverse("places:priorities", args=[municipality.code])
    if request.method == "POST" and form.is_valid():
        services.welfare_priority_save(form=form, municipality=municipality, user=request.user)
        messages.success(request, _("The priority has been saved."))
        return redirect(back)
    return render(
        request,
        "places/priority_edit.html",
        {"municipality": municipality, "form": form, "cancel_url": back},
        status=form_status(form),
    )


@login_required
def priority_delete(request, code, pk):
    """GET asks for confirmation on a page of its own; POST removes the priority."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    priority = get_object_or_404(municipality.welfare_priorities, pk=pk)
    back = reverse("places:priorities", args=[municipality.code])
    confirm = {
        "title": _("Remove a welfare priority"),
        "question": _("Remove the priority “%(title)s” of %(name)s?")
        % {"title": priority.title, "name": municipality},
        "submit_label": _("Remove"),
        "danger": True,
        "cancel_url": back,
    }
    if request.method != "POST":
        return render(request, "confirm.html", confirm)
    try:
        services.welfare_priority_delete(priority=priority, user=request.user)
    except ProtectedError:
        # Grant applications (a higher layer) name it; they keep what they said.
        messages.error(
            request,
            _(
                "The priority is named in grant applications and cannot be removed. "
                "Change its period so that it ends instead."
            ),
        )
        return render(request, "confirm.html", confirm, status=409)
    messages.success(request, _("The priority has been removed."))
    return redirect(back)


PREMISES_PAGE_SIZE = 20


@cache_for_anonymous("places")
def premises_list(request):
    """The public list of premises: search by name, filter by municipality and capacity."""
    form = PremisesFilterForm(request.GET or None)
    premises = Premises.objects.select_related("municipality")
    if form.is_bound and form.is_valid():
        premises = premises.search(
            municipality=form.cleaned_data["municipality"],
            min_capacity=form.cleaned_data["capacity"],
            name=form.cleaned_data["q"].strip(),
        )
    elif form.is_bound:
        premises = premises.none()
    order = "municipality__name_sv" if request.LANGUAGE_CODE == "sv" else "municipality__name_fi"
    page = Paginator(premises.order_by(order, "name", "pk"), PREMISES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "places/premises_list.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def premises_manage(request, code):
    """A contact person keeps the premises the municipality offers to associations."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    form = PremisesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.premises_save(form=form, municipality=municipality, user=request.user)
        messages.success(request, _("The premises have been saved."))
        return redirect("places:premises_manage", municipality.code)
    return render(
        request,
        "places/premises_manage.html",
        {
            "municipality": municipality,
            "premises": municipality.premises.all(),
            "form": form,
            "submit_label": _("Add the premises"),
        },
        status=form_status(form),
    )


@login_required
def premises_edit(request, code, pk):
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    premises = get_object_or_404(municipality.premises, pk=pk)
    form = PremisesForm(posted(request), instance=premises)
    back = reverse("places:premises_manage", args=[municipality.code])
    if request.method == "POST" and form.is_valid():
        services.premises_save(form=form, municipality=municipality, user=request.user)
        messages.success(request, _("The premises have been saved."))
        return redirect(back)
    return render(
        request,
        "places/premises_edit.html",
        {"municipality": municipality, "form": form, "cancel_url": back},
        status=form_status(form),
    )


@login_required
def premises_delete(request, code, pk):
    """GET asks for confirmation on a page of its own; POST removes the premises."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    premises = get_object_or_404(municipality.premises, pk=pk)
    back = reverse("places:premises_manage", args=[municipality.code])
    if request.method != "POST":
        return render(
            request,
            "confirm.html",
            {
                "title": _("Remove premises"),
                "question": _("Remove the premises “%(name)s” of %(municipality)s?")
                % {"name": premises.name, "municipality": municipality},
                "submit_label": _("Remove"),
                "danger": True,
                "cancel_url": back,
            },
        )
    services.premises_delete(premises=premises, user=request.user)
    messages.success(request, _("The premises have been removed."))
    return redirect(back)
