from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.history.services import field_label, history_for
from kumppanuus.http import form_status, posted
from kumppanuus.pagecache import cache_for_anonymous
from kumppanuus.places.models import Municipality
from kumppanuus.uploads import private_download

from . import services
from .forms import AgreementForm, AttachmentForm, DatesForm, PartyForm, TerminateForm
from .models import Agreement, Attachment, Party
from .permissions import can_accept_for

PAGE_SIZE = 20
EDIT = "agreements.edit_agreement"


def _parties():
    return Prefetch(
        "parties",
        queryset=Party.objects.select_related("association", "accepted_by").order_by(
            "association__name", "pk"
        ),
    )


def _visible_agreement(request, pk) -> Agreement:
    """An agreement past its draft for everyone; a draft only for its editors and parties."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("municipality", "county").prefetch_related(
            _parties(), "reviews", "attachments"
        ),
        pk=pk,
    )
    if agreement.is_draft and not request.user.has_perm("agreements.view_agreement", agreement):
        raise Http404
    return agreement


def _state_error(request, agreement, error):
    return render(
        request,
        "agreements/state_error.html",
        {"agreement": agreement, "message": error.message},
        status=409,
    )


@cache_for_anonymous("agreements", "associations", "places")
def agreement_list(request):
    """The public list of active agreements, by municipality if asked."""
    agreements = (
        Agreement.objects.active()
        .select_related("municipality", "county")
        .prefetch_related(_parties())
        .order_by("ends_on", "pk")
    )
    municipality = None
    if code := request.GET.get("municipality"):
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise Http404
        agreements = agreements.filter(municipality=municipality)
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/list.html",
        {
            "page": page,
            "municipality": municipality,
            "querystring": f"municipality={municipality.code}" if municipality else "",
        },
    )


def agreement_detail(request, pk):
    agreement = _visible_agreement(request, pk)
    user = request.user
    can_edit = user.has_perm(EDIT, agreement)
    parties = list(agreement.parties.all())
    acceptable = [p for p in parties if agreement.is_draft and not p.accepted_at]
    acceptable = [p for p in acceptable if can_accept_for(user, p)]
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "can_edit": can_edit,
            "acceptable": acceptable,
            "can_see_history": user.has_perm("agreements.view_history", agreement),
            "attachment_form": AttachmentForm() if can_edit else None,
        },
    )


@login_required
def agreement_manage(request, code):
    """Every agreement of the municipality, drafts too, for its contact persons."""
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    agreements = municipality.agreements.prefetch_related(_parties()).order_by(
        "status", "ends_on", "pk"
    )
    return render(
        request,
        "agreements/manage.html",
        {"municipality": municipality, "agreements": agreements},
    )


def _party_forms(request, agreement):
    return [
        (party, PartyForm(posted(request), instance=party, prefix=f"party-{party.pk}"))
        for party in agreement.parties.all()
    ]


@login_required
def agreement_create(request, code):
    municipality = get_object_for_user(
        request, Municipality, "places.manage_municipality", code=code
    )
    form = AgreementForm(posted(request), municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in ("title", "goals", "starts_on", "ends_on")
        }
        agreement = services.agreement_create(
            data=data,
            parties=[{"association": None}]
            + [{"association": a} for a in form.cleaned_data["associations"]],
            review_dates=form.cleaned_data["review_dates"],
            user=request.user,
            municipality=municipality,
        )
        messages.success(
            request,
            _(
                "The draft has been saved. Write down each party's responsibilities and "
                "resources, then ask the parties to accept it."
            ),
        )
        return redirect("agreements:edit", agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {
            "municipality": municipality,
            "form": form,
            "party_forms": [],
            "cancel_url": reverse("agreements:manage", args=[municipality.code]),
        },
        status=form_status(form),
    )


@login_required
def agreement_edit(request, pk):
    agreement = get_object_for_user(
        request,
        Agreement.objects.select_related("municipality").prefetch_related(_parties(), "reviews"),
        EDIT,
        pk=pk,
    )
    if not agreement.is_draft:
        return _state_error(
            request,
            agreement,
            services.StateError(
                _("Only a draft can be changed. Move its dates or terminate it instead.")
            ),
        )
    if agreement.municipality_id is None:
        raise PermissionDenied  # a county's agreement is kept in the admin
    form = AgreementForm(posted(request), instance=agreement, municipality=agreement.municipality)
    party_forms = _party_forms(request, agreement)
    if (
        request.method == "POST"
        and form.is_valid()
        and all(party_form.is_valid() for _party, party_form in party_forms)
    ):
        with transaction.atomic():
            chosen = set(form.cleaned_data["associations"])
            current = {p.association: p for p in agreement.parties.all() if p.association_id}
            for association, party in current.items():
                if association not in chosen:
                    party.delete()
            for association in chosen - set(current):
                Party.objects.create(agreement=agreement, association=association)
            kept = {
                party: party_form.cleaned_data
                for party, party_form in party_forms
                if party.association is None or party.association in chosen
            }
            had_acceptances = any(p.accepted_at for p in agreement.parties.all())
            agreement = services.agreement_update(
                agreement=agreement,
                data={n: form.cleaned_data[n] for n in ("title", "goals", "starts_on", "ends_on")},
                parties=kept,
                review_dates=form.cleaned_data["review_dates"],
                user=request.user,
            )
        reset = had_acceptances and not agreement.parties.filter(accepted_at__isnull=False).exists()
        messages.success(
            request,
            _("The draft has been saved. The acceptances given so far were reset by the change.")
            if reset
            else _("The draft has been saved."),
        )
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {
            "agreement": agreement,
            "municipality": agreement.municipality,
            "form": form,
            "party_forms": party_forms,
            "cancel_url": agreement.get_absolute_url(),
        },
        status=form_status(form, *(party_form for _party, party_form in party_forms)),
    )


@login_required
def agreement_accept(request, pk, party_pk):
    """A party's person accepts the agreement for that party."""
    agreement = _visible_agreement(request, pk)
    party = get_object_or_404(
        Party.objects.filter(agreement=agreement).select_related("association"), pk=party_pk
    )
    # Not has_perm: an administrator holds every permission, but only a party accepts for itself.
    if not can_accept_for(request.user, party):
        raise PermissionDenied
    if request.method != "POST":
        if not agreement.is_draft or party.accepted_at:
            return _state_error(
                request,
                agreement,
                services.StateError(
                    _("%(party)s has already accepted the agreement.") % {"party": party}
                    if party.accepted_at
                    else _("The agreement is no longer a draft waiting for acceptance.")
                ),
            )
        return render(
            request,
            "confirm.html",
            {
                "title": _("Accept the agreement"),
                "question": _(
                    "Accept the partnership agreement “%(title)s” for %(party)s? Accept only "
                    "when you may commit %(party)s to it."
                )
                % {"title": agreement.title, "party": party},
                "submit_label": _("Accept for %(party)s") % {"party": party},
                "cancel_url": agreement.get_absolute_url(),
            },
        )
    try:
        agreement = services.agreement_accept(party=party, user=request.user)
    except services.StateError as error:
        return _state_error(request, agreement, error)
    if agreement.status == Agreement.Status.ACTIVE:
        messages.success(request, _("Every party has accepted: the agreement is now active."))
    elif agreement.status == Agreement.Status.AGREED:
        messages.success(
            request,
            _("Every party has accepted: the agreement is agreed and becomes active on %(date)s.")
            % {"date": agreement.starts_on.strftime("%d.%m.%Y")},
        )
    else:
        messages.success(
            request,
            _("Accepted for %(party)s. The other parties still have to accept.") % {"party": party},
        )
    return redirect("agreements:detail", agreement.pk)


@login_required
def agreement_dates(request, pk):
    agreement = get_object_for_user(
        request, Agreement.objects.prefetch_related("reviews"), EDIT, pk=pk
    )
    if not agreement.is_in_force:
        return _state_error(
            request,
            agreement,
            services.StateError(_("Only the dates of an agreed or active agreement can be moved.")),
        )
    form = DatesForm(posted(request), agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_change_dates(
                agreement=agreement,
                ends_on=form.cleaned_data["ends_on"],
                review_dates=form.cleaned_data["review_dates"],
                user=request.user,
            )
        except services.StateError as error:
            return _state_error(request, agreement, error)
        messages.success(request, _("The dates have been changed and the reminders re-planned."))
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/dates.html",
        {"agreement": agreement, "form": form, "cancel_url": agreement.get_absolute_url()},
        status=form_status(form),
    )


@login_required
def agreement_terminate(request, pk):
    agreement = get_object_for_user(request, Agreement, EDIT, pk=pk)
    if not agreement.is_in_force:
        return _state_error(
            request,
            agreement,
            services.StateError(_("Only an agreed or active agreement can be terminated.")),
        )
    form = TerminateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_terminate(
                agreement=agreement, note=form.cleaned_data["note"], user=request.user
            )
        except services.StateError as error:
            return _state_error(request, agreement, error)
        messages.success(request, _("The agreement has been terminated. No more reminders."))
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/terminate.html",
        {"agreement": agreement, "form": form, "cancel_url": agreement.get_absolute_url()},
        status=form_status(form),
    )


@login_required
def attachment_add(request, pk):
    agreement = get_object_for_user(request, Agreement, EDIT, pk=pk)
    form = AttachmentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.attachment_add(
            agreement=agreement, upload=form.cleaned_data["file"], user=request.user
        )
        messages.success(request, _("The attachment has been added."))
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/attachment_form.html",
        {"agreement": agreement, "form": form},
        status=form_status(form),
    )


def attachment_download(request, pk, attachment_pk):
    agreement = _visible_agreement(request, pk)
    return private_download(
        request,
        Attachment.objects.filter(agreement=agreement),
        "agreements.view_agreement",
        pk=attachment_pk,
    )


@login_required
def attachment_delete(request, pk, attachment_pk):
    agreement = get_object_for_user(request, Agreement, EDIT, pk=pk)
    attachment = get_object_or_404(agreement.attachments, pk=attachment_pk)
    if request.method != "POST":
        return render(
            request,
            "confirm.html",
            {
                "title": _("Remove an attachment"),
                "question": _("Remove the attachment “%(name)s”?")
                % {"name": attachment.original_name},
                "submit_label": _("Remove"),
                "danger": True,
                "cancel_url": agreement.get_absolute_url(),
            },
        )
    services.attachment_remove(attachment=attachment, user=request.user)
    messages.success(request, _("The attachment has been removed."))
    return redirect("agreements:detail", agreement.pk)


@login_required
def agreement_history(request, pk):
    agreement = get_object_for_user(
        request, Agreement.objects.prefetch_related("parties"), "agreements.view_history", pk=pk
    )
    page = Paginator(history_for(agreement), 50).get_page(request.GET.get("page"))
    extra = {"review_dates": _("Review dates")}
    for change in page.object_list:
        change.rows = [
            (field_label(Agreement, name, extra), old, new)
            for name, (old, new) in change.changes.items()
        ]
    return render(request, "agreements/history.html", {"agreement": agreement, "page": page})
