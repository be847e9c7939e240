from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kumppanuus import paging, panels
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.accounts.models import Invitation
from kumppanuus.accounts.services import invitation_limit_reached, invitation_revoke
from kumppanuus.compiled import get_one
from kumppanuus.history.services import history_for
from kumppanuus.http import form_status, posted
from kumppanuus.pagecache import cache_for_anonymous
from kumppanuus.places.models import Municipality, WellbeingCounty
from kumppanuus.places.selectors import (
    priorities_in_force,
    public_contact_persons,
    public_contacts,
)

from . import exports, representatives, selectors, services
from .forms import (
    AssociationForm,
    DirectoryFilterForm,
    InviteRepresentativeForm,
    NewAssociationForm,
    RepresentationRequestForm,
)
from .models import Association, Representation, RepresentationRequest

PAGE_SIZE = 20


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


class BoundedPaginator(paging.BoundedPaginator):
    """The directory's pages: at most LIMIT rows (kumppanuus.paging).

    A list of at most LIMIT rows (a municipality, a rare field) has its ids read
    at once in its order: sorting a few hundred matches is cheaper than walking
    the whole name index to find them. A longer one (one row in a hundred or
    more) stays a queryset that a page reads from the index (see
    _association_page). A ranked search (a list of ids) that stopped at its
    candidates is "more than" that many.
    """

    LIMIT = selectors.MAX_RESULTS

    def __init__(self, rows, per_page):
        self.capped = getattr(rows, "capped", False)
        if self.capped:
            self.LIMIT = min(self.LIMIT, len(rows))
        super().__init__(rows, per_page, limit=self.LIMIT)
        if not isinstance(rows, list) and self.found <= self.LIMIT:
            self.object_list = list(rows[: self.LIMIT])

    @property
    def is_bounded(self) -> bool:
        return self.capped or super().is_bounded


def _cursor(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _association_page(request, rows):
    """A page of associations that stays fast deep in a long list.

    The sort and the limit run on ids alone (a queryset or a ranked list of
    ids); only the page's rows are loaded, with their municipalities and
    fields, in a constant number of queries. In a long list "next" and
    "previous" carry the id of the row at the page's edge (after=, before=), so
    that a page reached by them reads only its own rows (DirectoryRows.keyset);
    a page number alone (a bookmark) reads up to its rows, no deeper than the
    limit.
    """
    if not isinstance(rows, list | selectors.DirectoryRows):
        rows = rows.values_list("pk", flat=True)
    paginator = BoundedPaginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    long_list = not isinstance(paginator.object_list, list)
    ids = None
    if long_list and isinstance(rows, selectors.DirectoryRows):
        after, before = _cursor(request, "after"), _cursor(request, "before")
        if after or before:
            size = page.end_index() - page.start_index() + 1
            ids = rows.keyset(after or before, size, backwards=not after)
    if not ids:
        ids = list(page.object_list)
    page.object_list = Association.objects.for_listing(ids)
    if page.object_list and long_list:
        page.after, page.before = page.object_list[-1].pk, page.object_list[0].pk
    return page


def _filtered_directory(request, bounded=True):
    form = DirectoryFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    queryset = selectors.directory(
        query=data.get("q", ""),
        municipality=data.get("municipality"),
        field=data.get("field"),
        target=data.get("target"),
        sort=data.get("sort", ""),
        bounded=bounded,
    )
    return form, queryset


@cache_for_anonymous("associations", "places")
def directory(request):
    form, queryset = _filtered_directory(request)
    if queryset is None:
        return render(request, "associations/directory.html", {"form": form}, status=400)
    page = _association_page(request, queryset)
    query_without_page = request.GET.copy()
    for name in ("page", "after", "before"):
        query_without_page.pop(name, None)
    return render(
        request,
        "associations/directory.html",
        {
            "form": form,
            "page": page,
            "querystring": query_without_page.urlencode(),
            "can_export": request.user.has_perm("associations.export_directory"),
        },
    )


@login_required
def directory_export(request, fmt):
    if not request.user.has_perm("associations.export_directory"):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, queryset = _filtered_directory(request, bounded=False)
    if queryset is None:
        return render(request, "associations/directory.html", {"form": form}, status=400)
    exporter = exports.as_xlsx if fmt == "xlsx" else exports.as_csv
    return exporter(queryset, "yhdistykset")


def _detail_topics():
    return ("associations", "places", *panels.page_topics(panels.ASSOCIATION))


@cache_for_anonymous(topics_from=_detail_topics)
def detail(request, pk, slug=None):
    association = get_object_or_404(Association, pk=pk)
    can_manage = request.user.has_perm("associations.edit_association", association)
    if not association.is_active and not can_manage:
        raise Http404
    if slug != association.slug:
        return redirect(association, permanent=True)
    request_pending = (
        request.user.is_authenticated
        and association.representation_requests.filter(
            user=request.user, status=RepresentationRequest.Status.PENDING
        ).exists()
    )
    places, fields, targets = selectors.association_relations(association)
    return render(
        request,
        "associations/detail.html",
        {
            "association": association,
            "places": places,
            "fields": fields,
            "targets": targets,
            "can_manage": can_manage,
            "request_pending": request_pending,
            "can_request": not request_pending
            and request.user.has_perm("associations.request_to_represent", association),
            "panels": panels.render_panels(request, panels.ASSOCIATION, association),
        },
    )


@cache_for_anonymous("associations", "places")
def municipality_list(request):
    """Every municipality in force by its service organiser, named in the reader's language,
    with its number of associations and its public contact persons."""
    order = "name_sv" if request.LANGUAGE_CODE == "sv" else "name_fi"
    municipalities = (
        Municipality.objects.current()
        .annotate(
            association_count=Count(
                "associations", filter=Q(associations__is_active=True), distinct=True
            )
        )
        .prefetch_related(
            Prefetch(
                "contact_persons",
                queryset=public_contact_persons(),
                to_attr="public_contacts",
            )
        )
        .order_by(order)
    )
    by_county = {}
    for municipality in municipalities:
        by_county.setdefault(municipality.county_id, []).append(municipality)
    counties = WellbeingCounty.objects.filter(pk__in=[pk for pk in by_county if pk])
    groups = [
        (str(county), county.code, by_county[county.pk]) for county in counties.order_by(order)
    ]
    if None in by_county:
        groups.append((_("Åland (no wellbeing services county)"), "none", by_county[None]))
    return render(
        request,
        "associations/municipality_list.html",
        {"groups": groups},
    )


def _municipality_topics():
    return ("associations", "places", *panels.page_topics(panels.MUNICIPALITY))


@cache_for_anonymous(topics_from=_municipality_topics)
def municipality_detail(request, code):
    """The municipality's cooperation home: its own facts here, the rest from the apps' panels
    (guideline, forums, grants, agreements, premises; kumppanuus.panels), associations last."""
    municipality = get_one(Municipality, code=code, related=("county", "successor"))
    if municipality is None:
        raise Http404
    year = timezone.localdate().year
    contacts = public_contacts(municipality, year)
    associations = selectors.directory(municipality=municipality)
    priorities = priorities_in_force(municipality, year)
    return render(
        request,
        "associations/municipality_detail.html",
        {
            "municipality": municipality,
            "contacts": contacts,
            "priorities": priorities,
            "panels": panels.render_panels(request, panels.MUNICIPALITY, municipality),
            "can_manage": request.user.is_authenticated
            and request.user.has_perm("places.manage_municipality", municipality),
            "page": _association_page(request, associations),
        },
    )


@login_required
def create(request):
    form = NewAssociationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        association = services.association_create(
            data=form.cleaned_data,
            user=request.user,
            role=form.cleaned_data["my_role"],
            verified=request.user.is_superuser,
        )
        messages.success(
            request,
            _(
                "The association has been registered and you represent it. A contact person "
                "of its municipality will verify it; until then its page says it is not yet "
                "verified."
            )
            if not association.is_verified
            else _("The association has been registered. You represent it."),
        )
        return redirect("associations:manage", association.pk)
    return render(
        request,
        "associations/form.html",
        {"form": form, "creating": True, "cancel_url": reverse("dashboard")},
        status=form_status(form),
    )


@login_required
def edit(request, pk):
    association = get_object_for_user(request, Association, "associations.edit_association", pk=pk)
    form = AssociationForm(posted(request), instance=association)
    if request.method == "POST" and form.is_valid():
        services.association_update(
            association=association, data=form.cleaned_data, user=request.user
        )
        messages.success(request, _("The changes have been saved."))
        return redirect("associations:manage", association.pk)
    return render(
        request,
        "associations/form.html",
        {
            "form": form,
            "association": association,
            "cancel_url": reverse("associations:manage", args=[association.pk]),
        },
        status=form_status(form),
    )


@login_required
def manage(request, pk):
    """The association's own page: representatives, invitations and requests."""
    association = get_object_for_user(
        request, Association, "associations.manage_representatives", pk=pk
    )
    form = InviteRepresentativeForm(
        posted(request), association=association, invited_by=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.representative_invite(
            association=association,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            language=request.LANGUAGE_CODE,
        )
        messages.success(
            request, _("An invitation has been sent to %(email)s.") % form.cleaned_data
        )
        return redirect("associations:manage", association.pk)
    return render(
        request,
        "associations/manage.html",
        {
            "association": association,
            "form": form,
            "representatives": representatives.representatives(association),
            "requests": representatives.pending_requests(association),
            "invitations": representatives.open_invitations(
                association, services.REPRESENTATIVE_ROLE
            ),
        },
        status=form_status(form),
    )


@login_required
def representative_remove(request, pk, representation_pk):
    """GET asks for confirmation on a page of its own; POST removes."""
    association = get_object_for_user(
        request, Association, "associations.manage_representatives", pk=pk
    )
    representation = get_object_or_404(
        Representation.objects.select_related("user"),
        pk=representation_pk,
        association=association,
    )
    if request.method != "POST":
        person = representation.user
        return render(
            request,
            "confirm.html",
            {
                "title": _("Remove a representative"),
                "question": _("Remove %(person)s (%(email)s) from the representatives of %(name)s?")
                % {"person": person, "email": person.email, "name": association},
                "submit_label": _("Remove"),
                "danger": True,
                "cancel_url": reverse("associations:manage", args=[association.pk]),
            },
        )
    try:
        services.representative_remove(representation=representation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("associations:manage", association.pk)
    messages.success(
        request,
        _("%(person)s no longer represents the association.") % {"person": representation.user},
    )
    if representation.user == request.user and not request.user.is_superuser:
        return redirect(association)
    return redirect("associations:manage", association.pk)


@login_required
def request_decide(request, pk, request_pk, decision):
    """GET asks for confirmation on a page of its own; POST decides."""
    if decision not in ("approve", "reject"):
        raise Http404
    association = get_object_for_user(
        request, Association, "associations.decide_representation_request", pk=pk
    )
    representation_request = get_object_or_404(
        RepresentationRequest.objects.select_related("user"), pk=request_pk, association=association
    )
    # A municipal contact person decides for an association no one represents yet.
    back = (
        reverse("associations:manage", args=[association.pk])
        if request.user.has_perm("associations.manage_representatives", association)
        else reverse("dashboard")
    )
    if request.method != "POST":
        names = {"person": representation_request.user, "name": association}
        approve = decision == "approve"
        return render(
            request,
            "confirm.html",
            {
                "title": _("Approve the request") if approve else _("Reject the request"),
                "question": (
                    _("Approve the request of %(person)s to represent %(name)s?")
                    if approve
                    else _("Reject the request of %(person)s to represent %(name)s?")
                )
                % names,
                "submit_label": _("Approve") if approve else _("Reject"),
                "danger": not approve,
                "cancel_url": back,
            },
        )
    try:
        services.representation_request_decide(
            request=representation_request, by=request.user, approve=decision == "approve"
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if decision == "approve":
            messages.success(request, _("The request has been approved."))
        else:
            messages.success(request, _("The request has been rejected."))
    return redirect(back)


@login_required
@require_POST
def verify(request, pk):
    association = get_object_for_user(
        request, Association, "associations.verify_association", pk=pk
    )
    services.association_verify(association=association, by=request.user)
    messages.success(request, _("%(name)s has been verified.") % {"name": association})
    return redirect("dashboard")


def _open_representative_invitation(association, invitation_pk):
    invitations = Invitation.objects.for_target(association).open()
    return get_object_or_404(invitations, pk=invitation_pk, role=services.REPRESENTATIVE_ROLE)


@login_required
@require_POST
def invitation_cancel(request, pk, invitation_pk):
    association = get_object_for_user(
        request, Association, "associations.manage_representatives", pk=pk
    )
    invitation = _open_representative_invitation(association, invitation_pk)
    invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s has been cancelled.") % {"email": invitation.email}
    )
    return redirect("associations:manage", association.pk)


@login_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    association = get_object_for_user(
        request, Association, "associations.manage_representatives", pk=pk
    )
    invitation = _open_representative_invitation(association, invitation_pk)
    if invitation_limit_reached(request.user):
        messages.error(
            request,
            _("You have sent the most invitations allowed in one hour. Please try again later."),
        )
        return redirect("associations:manage", association.pk)
    services.representative_invite(
        association=association,
        email=invitation.email,
        role=invitation.title,
        invited_by=request.user,
        language=invitation.language,
    )
    messages.success(
        request, _("The invitation has been sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("associations:manage", association.pk)


@login_required
def request_to_represent(request, pk):
    association = get_object_or_404(Association.objects.public(), pk=pk)
    if not request.user.has_perm("associations.request_to_represent", association):
        messages.info(request, _("You already represent this association."))
        return redirect("associations:manage", association.pk)
    pending = association.representation_requests.filter(
        user=request.user, status=RepresentationRequest.Status.PENDING
    ).exists()
    form = RepresentationRequestForm(posted(request), association=association, user=request.user)
    if request.method == "POST" and not pending and form.is_valid():
        services.representation_request_create(
            association=association,
            user=request.user,
            role=form.cleaned_data["role"],
            message=form.cleaned_data["message"],
        )
        if association.representations.exists():
            sent = _(
                "Your request has been sent. A representative of the association will decide it."
            )
        else:
            sent = _(
                "Your request has been sent. The association has no representative yet, so the "
                "contact persons of its municipality will decide it."
            )
        messages.success(request, sent)
        return redirect(association)
    return render(
        request,
        "associations/request_form.html",
        {
            "association": association,
            "form": form,
            "pending": pending,
            "has_representatives": association.representations.exists(),
            "cancel_url": association.get_absolute_url(),
        },
        status=409 if request.method == "POST" and pending else form_status(form),
    )


@login_required
def history(request, pk):
    association = get_object_for_user(
        request, Association, "associations.view_association_history", pk=pk
    )
    changes = history_for(association)
    return render(
        request,
        "associations/history.html",
        {"association": association, "page": _page(request, changes, size=50)},
    )
