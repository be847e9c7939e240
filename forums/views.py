from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kumppanuus import signed_links
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.accounts.models import User, person_name
from kumppanuus.accounts.services import invitation_create
from kumppanuus.compiled import CompiledQuery, CompiledShapes
from kumppanuus.http import form_status, posted
from kumppanuus.links import url_maker
from kumppanuus.notifications.services import delivery_status
from kumppanuus.pagecache import cache_for_anonymous
from kumppanuus.paging import BoundedPaginator
from kumppanuus.places.models import Municipality, WellbeingCounty, localized
from kumppanuus.uploads import private_download

from . import exports, services
from .forms import (
    AgendaItemForm,
    AnswerForm,
    CalendarFilterForm,
    CoordinatorAddForm,
    DocumentForm,
    ForumForm,
    GuestRegistrationForm,
    HeadCountForm,
    InviteByFilterForm,
    MeetingForm,
    MemberAddForm,
    MinutesForm,
)
from .models import (
    MAX_DURATION,
    AgendaItem,
    Forum,
    Invitee,
    Meeting,
    MeetingDocument,
    Membership,
    forum_ids_of_municipality,
    name_search_text,
    not_over,
)
from .panels import MEETING_VALUES, meeting_rows

MANAGE = "forums.manage_forum"
CALENDAR_LIMIT = 200
CALENDAR_PAGE = 50
# The calendar pages through at most this many meetings (20 pages).
CALENDAR_MAX = 1000
# Feeds keep recent past meetings, so a subscribed calendar does not lose them at once.
FEED_PAST = timedelta(days=90)


def _year_bounds(now=None):
    now = timezone.localtime(now)
    start = datetime(now.year, 1, 1, tzinfo=now.tzinfo)
    end = datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo)
    return start, end


def _with_rhythm(forums):
    start, end = _year_bounds()
    return forums.annotate(
        held_this_year=Count(
            "meetings",
            filter=Q(
                meetings__status=Meeting.Status.HELD,
                meetings__starts_at__gte=start,
                meetings__starts_at__lt=end,
            ),
        )
    )


# Public pages --------------------------------------------------------------


@cache_for_anonymous("forums")
def forum_list(request):
    forums = _with_rhythm(Forum.objects.filter(parent__isnull=True)).prefetch_related(
        "area_municipalities", "children"
    )
    return render(request, "forums/list.html", {"forums": forums})


PAST_SHOWN = 20


def _named(places, role):
    return places.annotate(role=Value(role)).order_by().values("role", "name_fi", "name_sv")


# Organising municipalities and counties and the area, in one query compiled once.
_FORUM_PLACES = CompiledQuery(
    lambda forum: (
        _named(Municipality.objects.filter(organised_forums=forum), "organiser")
        .union(
            _named(WellbeingCounty.objects.filter(organised_forums=forum), "county"),
            _named(Municipality.objects.filter(forums=forum), "area"),
            all=True,
        )
        .order_by("role", "name_fi")
    ),
    forum=int,
)


def _forum_places(forum):
    """Organising municipalities and counties and the area, each by name in the reader's
    language."""
    places = {"organiser": [], "county": [], "area": []}
    for row in _FORUM_PLACES(forum=forum.pk):
        places[row["role"]].append(localized(row["name_fi"], row["name_sv"]))
    return places


# The forum's coming meetings, its PAST_SHOWN latest past ones and those held this year.
_FORUM_MEETINGS = CompiledQuery(
    lambda forum, now, since, year_start, year_end: (
        Meeting.objects.public()
        .filter(forum=forum)
        .filter(
            not_over(now, since)
            | Q(
                pk__in=Meeting.objects.public()
                .filter(forum=forum, ends_at__lt=now)
                .order_by("-starts_at")
                .values("pk")[:PAST_SHOWN]
            )
            | Q(status=Meeting.Status.HELD, starts_at__gte=year_start, starts_at__lt=year_end)
        )
        .values("pk", "title", "status", "starts_at", "ends_at")
    ),
    forum=int,
    now=datetime,
    since=datetime,
    year_start=datetime,
    year_end=datetime,
)


_FORUM_MEMBERS = CompiledQuery(
    lambda forum, today: (
        Membership.objects.current(today)
        .filter(forum=forum)
        .values("role", "organisation", "user__first_name", "user__last_name", "user__email")
        .order_by("role", "user__last_name")
    ),
    forum=int,
    today=date,
)


def _forum_members(forum) -> list[SimpleNamespace]:
    """The current members: name (as the person's str: full name or email), role, organisation."""
    roles = dict(Membership.Role.choices)
    return [
        SimpleNamespace(
            name=person_name(row["user__first_name"], row["user__last_name"], row["user__email"]),
            role=roles.get(row["role"], row["role"]),
            organisation=row["organisation"],
        )
        for row in _FORUM_MEMBERS(forum=forum.pk, today=timezone.localdate())
    ]


def _forum_meetings(forum):
    """The forum's coming meetings, its latest past ones and its rhythm, in one query.

    Returns (coming soonest first, the PAST_SHOWN latest past, the number held
    this year): the query also reads the meetings held this year, a few dozen at
    most, instead of a GROUP BY on the forum's query. Rows as meeting_items reads them.
    """
    now = timezone.now()
    start, end = _year_bounds(now)
    meetings = [
        SimpleNamespace(**row)
        for row in _FORUM_MEETINGS(
            forum=forum.pk, now=now, since=now - MAX_DURATION, year_start=start, year_end=end
        )
    ]
    coming = sorted((m for m in meetings if m.ends_at >= now), key=lambda m: (m.starts_at, m.pk))
    latest = sorted(
        (m for m in meetings if m.ends_at < now), key=lambda m: m.starts_at, reverse=True
    )
    held_this_year = sum(
        1 for m in meetings if m.status == Meeting.Status.HELD and start <= m.starts_at < end
    )
    return coming, latest[:PAST_SHOWN], held_this_year


@cache_for_anonymous("forums")
def forum_detail(request, pk):
    # The forum and its groups in one query.
    forums = list(
        Forum.objects.filter(Q(pk=pk) | Q(parent_id=pk))
        .select_related("parent")
        .order_by("name", "pk")
    )
    forum = next((f for f in forums if f.pk == pk), None)
    if forum is None:
        raise Http404
    coming, past, forum.held_this_year = _forum_meetings(forum)
    places = _forum_places(forum)
    return render(
        request,
        "forums/detail.html",
        {
            "forum": forum,
            "coming": coming,
            "past": past,
            "members": _forum_members(forum),
            "children": [f for f in forums if f.parent_id == pk],
            "organiser_municipalities": places["organiser"],
            "organiser_counties": places["county"],
            "area": places["area"],
            "can_manage": request.user.has_perm(MANAGE, forum),
        },
    )


def _sees_every_document(request, meeting) -> bool:
    """Members-only documents are for members and coordinators; the public ones for anyone."""
    return request.user.has_perm("forums.view_meeting_documents", meeting)


def _visible_documents(request, meeting):
    documents = meeting.documents.all()
    if not _sees_every_document(request, meeting):
        documents = documents.filter(is_public=True)
    return documents


# The meeting page's agenda and documents, compiled once (kumppanuus.compiled).
_AGENDA = CompiledQuery(
    lambda meeting: (
        AgendaItem.objects.filter(meeting=meeting)
        .values("title", "presenter", "duration_minutes", "description", "decision")
        .order_by("order", "pk")
    ),
    meeting=int,
)


def _documents(meeting, **only):
    return (
        MeetingDocument.objects.filter(meeting=meeting, **only)
        .values("pk", "title", "is_public")
        .order_by("uploaded_at", "pk")
    )


_DOCUMENTS = CompiledQuery(_documents, meeting=int)
_PUBLIC_DOCUMENTS = CompiledQuery(lambda meeting: _documents(meeting, is_public=True), meeting=int)


def _document_rows(request, meeting) -> list[dict]:
    """The documents the reader may open (as _visible_documents), each with its url."""
    if _sees_every_document(request, meeting):
        rows = _DOCUMENTS(meeting=meeting.pk)
    else:
        rows = _PUBLIC_DOCUMENTS(meeting=meeting.pk)
    url = url_maker("forums:document", meeting.pk)
    for row in rows:
        row["url"] = url(row["pk"])
    return rows


def _minutes_visible(request, meeting):
    if not meeting.minutes_published:
        return False
    if meeting.minutes_visibility == Meeting.MinutesVisibility.PUBLIC:
        return True
    return request.user.has_perm("forums.view_meeting_documents", meeting)


@cache_for_anonymous("forums")
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.public().select_related("forum"), pk=pk)
    own = None
    answer_form = None
    if request.user.is_authenticated:
        own = meeting.invitees.filter(user=request.user).first()
        if request.user.has_perm("forums.answer_meeting", meeting) and meeting.registration_open:
            initial = {"answer": own.answer, "note": own.note} if own else {}
            answer_form = AnswerForm(initial=initial)
    guest_form = None
    if meeting.forum.is_open and meeting.registration_open and not request.user.is_authenticated:
        guest_form = GuestRegistrationForm()
    return render(
        request,
        "forums/meeting.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "agenda": _AGENDA(meeting=meeting.pk),
            "documents": _document_rows(request, meeting),
            "show_minutes": _minutes_visible(request, meeting),
            "own": own,
            "answer_form": answer_form,
            "guest_form": guest_form,
            # Places taken: shown only for a meeting with a capacity.
            "confirmed": meeting.invitees.filter(
                answer=Invitee.Answer.YES, waiting_position__isnull=True
            ).count()
            if meeting.capacity
            else None,
            "can_manage": request.user.has_perm(MANAGE, meeting.forum),
        },
    )


def document_download(request, pk, document_pk):
    """Public documents to anyone; members-only ones to members and coordinators, 404 to others."""
    meeting = get_object_or_404(Meeting.objects.public(), pk=pk)
    documents = _visible_documents(request, meeting)
    return private_download(request, documents, "forums.view_document", pk=document_pk)


def _calendar_rows(
    now,
    since,
    q=None,
    forum=None,
    forum_kind=None,
    municipality=None,
    kind=None,
    start=None,
    end=None,
):
    """The coming meetings that the calendar's filters given (not None) choose."""
    meetings = Meeting.objects.coming(now, since)
    if forum is not None:
        meetings = meetings.filter(forum=forum)
    if q is not None:
        meetings = meetings.filter(
            forum__in=Forum.objects.filter(name_search__contains=q).values("pk")
        )
    if forum_kind is not None:
        meetings = meetings.filter(forum__kind=forum_kind)
    if municipality is not None:
        meetings = meetings.filter(forum__in=forum_ids_of_municipality(municipality))
    if kind is not None:
        meetings = meetings.filter(kind=kind)
    if start is not None:
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    # What a row shows, as values (no model instances for 50 rows).
    return meetings.values(*MEETING_VALUES).order_by("starts_at", "pk")


# One compiled query per set of filters given (kumppanuus.compiled).
_CALENDAR = CompiledShapes(
    _calendar_rows,
    now=datetime,
    since=datetime,
    q=str,
    forum=int,
    forum_kind=str,
    municipality=int,
    kind=str,
    start=datetime,
    end=datetime,
)


def _filtered_meetings(form):
    now = timezone.now()
    filters = {"now": now, "since": now - MAX_DURATION}
    data = form.cleaned_data if form.is_valid() else {}
    month = data.get("month")
    if month:
        following = month.replace(
            year=month.year + month.month // 12, month=month.month % 12 + 1, day=1
        )
        filters["start"] = timezone.make_aware(datetime.combine(month.replace(day=1), time()))
        filters["end"] = timezone.make_aware(datetime.combine(following, time()))
    if data.get("q"):
        filters["q"] = name_search_text(data["q"])
    if data.get("forum"):
        filters["forum"] = data["forum"].pk
    if data.get("municipality"):
        filters["municipality"] = data["municipality"].pk
    for name in ("forum_kind", "kind"):
        if data.get(name):
            filters[name] = data[name]
    return _CALENDAR.paged(**{name: filters.get(name) for name in _CALENDAR.types})


@cache_for_anonymous("forums")
def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    meetings = _filtered_meetings(form)
    # Bounded depth: the first CALENDAR_MAX meetings, counted no further (a month or
    # another filter reaches the later ones; the page says so).
    paginator = BoundedPaginator(meetings, CALENDAR_PAGE, limit=CALENDAR_MAX)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    forum = form.cleaned_data.get("forum") if form.is_valid() else None
    without_forum = query.copy()
    without_forum.pop("forum", None)
    return render(
        request,
        "forums/calendar.html",
        {
            "form": form,
            "forum": forum,
            "without_forum": without_forum.urlencode(),
            "meetings": meeting_rows(page.object_list),
            "page": page,
            "bounded": paginator.is_bounded,
            "limit": CALENDAR_MAX,
            "querystring": query.urlencode(),
            "feed_url": request.build_absolute_uri(reverse("forums:feed_all")),
        },
        status=form_status(form),
    )


def _ics(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@cache_for_anonymous("forums")
def feed_all(request):
    meetings = Meeting.objects.public().filter(starts_at__gte=timezone.now() - _feed_past())
    return _ics(
        services.meetings_feed(meetings[: CALENDAR_LIMIT * 5], "Kumppanuus"), "kumppanuus.ics"
    )


def _feed_past():
    return FEED_PAST


@cache_for_anonymous("forums")
def feed(request, pk):
    forum = get_object_or_404(Forum, pk=pk)
    meetings = forum.meetings.public().filter(starts_at__gte=timezone.now() - _feed_past())
    return _ics(services.meetings_feed(meetings, forum.name), f"forum-{forum.pk}.ics")


@cache_for_anonymous("forums")
def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting.objects.public(), pk=pk)
    return _ics(services.meetings_feed([meeting], meeting.forum.name), f"meeting-{meeting.pk}.ics")


@signed_links.signed_view(services.ANSWER_PURPOSE, max_age=services.ANSWER_LINK_AGE)
def answer(request, value):
    """Answer an invitation from the email's link, without logging in."""
    invitee = (
        Invitee.objects.filter(pk=value.get("invitee"), meeting_id=value.get("meeting"))
        .select_related("meeting__forum")
        .first()
    )
    if invitee is None:
        return signed_links.bad_link_response(request, signed_links.BadLink())
    meeting = invitee.meeting
    form = AnswerForm(posted(request), initial={"answer": invitee.answer, "note": invitee.note})
    is_open = meeting.status != Meeting.Status.CANCELLED and meeting.ends_at > timezone.now()
    if request.method == "POST" and is_open and form.is_valid():
        invitee = services.answer_record(
            invitee=invitee, answer=form.cleaned_data["answer"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("Thank you, your answer has been saved."))
        return redirect(request.path)
    return render(
        request,
        "forums/answer.html",
        {"invitee": invitee, "meeting": meeting, "form": form, "is_open": is_open},
        status=form_status(form),
    )


@login_required
@require_POST
def meeting_answer(request, pk):
    meeting = get_object_for_user(request, Meeting.objects.public(), "forums.answer_meeting", pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid() and meeting.registration_open:
        invitee = services._invitee_for_user(meeting, request.user)
        services.answer_record(
            invitee=invitee, answer=form.cleaned_data["answer"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("Thank you, your answer has been saved."))
    else:
        messages.error(request, _("Choose whether you will attend."))
    return redirect(meeting)


def guest_register(request, pk):
    meeting = get_object_or_404(Meeting.objects.public().select_related("forum"), pk=pk)
    if not (meeting.forum.is_open and meeting.registration_open):
        return render(request, "forums/registration_closed.html", {"meeting": meeting}, status=400)
    form = GuestRegistrationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitee = services.guest_register(
                meeting=meeting,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                note=data["note"],
                language=get_language()[:2],
            )
        except services.AlreadyRegistered:
            form.add_error(
                "email",
                _(
                    "This email address has already registered. "
                    "Use the link in your email to change it."
                ),
            )
        else:
            if invitee.is_waiting:
                messages.info(
                    request,
                    _(
                        "The meeting is full. You are number %(position)s on the waiting list; "
                        "we will tell you by email if a place frees up."
                    )
                    % {"position": invitee.waiting_position},
                )
            else:
                messages.success(
                    request, _("You are registered. A confirmation is on its way to your email.")
                )
            return redirect(meeting)
    return render(
        request,
        "forums/register.html",
        {"meeting": meeting, "form": form, "cancel_url": meeting.get_absolute_url()},
        status=form_status(form),
    )


# Coordinator pages ---------------------------------------------------------


@login_required
def forum_create(request):
    if not request.user.has_perm("forums.create_forum"):
        raise PermissionDenied
    form = ForumForm(posted(request))
    if request.method == "POST" and form.is_valid():
        forum = form.save(commit=False)
        services.forum_save(forum=forum, by=request.user, creating=True, save_related=form.save_m2m)
        messages.success(request, _("The forum has been created."))
        return redirect(forum)
    return render(
        request,
        "forums/form.html",
        {"form": form, "title": _("New forum"), "cancel_url": reverse("forums:list")},
        status=form_status(form),
    )


@login_required
def forum_edit(request, pk):
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    form = ForumForm(posted(request), instance=forum)
    if request.method == "POST" and form.is_valid():
        forum = form.save(commit=False)
        services.forum_save(
            forum=forum, by=request.user, creating=False, save_related=form.save_m2m
        )
        messages.success(request, _("The changes have been saved."))
        return redirect(forum)
    return render(
        request,
        "forums/form.html",
        {
            "form": form,
            "title": _("Edit forum"),
            "forum": forum,
            "cancel_url": forum.get_absolute_url(),
        },
        status=form_status(form),
    )


def _members_page(request, forum, form=None, coordinator_form=None):
    memberships = forum.memberships.select_related("user", "substitute_for__user").order_by(
        "-term_end", "role"
    )
    form = form or MemberAddForm(forum=forum)
    coordinator_form = coordinator_form or CoordinatorAddForm(prefix="coordinator")
    return render(
        request,
        "forums/members.html",
        {
            "forum": forum,
            "form": form,
            "coordinator_form": coordinator_form,
            "current": [m for m in memberships if m.is_current],
            "past": [m for m in memberships if not m.is_current],
            "coordinators": forum.coordinators.select_related("user"),
        },
        status=form_status(form, coordinator_form),
    )


@login_required
def forum_members(request, pk):
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    form = MemberAddForm(posted(request), forum=forum)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(email__iexact=data["email"]).first()
        if user is not None:
            services.member_add(
                forum=forum,
                user=user,
                role=data["role"],
                organisation=data["organisation"],
                substitute_for=data["substitute_for"],
                term_start=data["term_start"],
                term_end=data["term_end"],
            )
            messages.success(request, _("%(person)s is now a member.") % {"person": user})
        else:
            invitation_create(
                email=data["email"],
                role=services.MEMBER_ROLE,
                target=forum,
                invited_by=request.user,
                title=data["role"],
                language=get_language()[:2],
            )
            messages.success(
                request, _("An invitation has been sent to %(email)s.") % {"email": data["email"]}
            )
        return redirect("forums:members", forum.pk)
    return _members_page(request, forum, form=form)


@login_required
@require_POST
def member_end(request, pk, membership_pk):
    """End a member's term today (the last day); they stay in the forum's history."""
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    membership = get_object_or_404(forum.memberships.current(), pk=membership_pk)
    services.member_end(membership=membership)
    messages.success(request, _("The term of %(person)s ends today.") % {"person": membership.user})
    return redirect("forums:members", forum.pk)


@login_required
@require_POST
def coordinator_add(request, pk):
    """Another coordinator: a person with an account at once, others by an invitation."""
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    form = CoordinatorAddForm(request.POST, prefix="coordinator")
    if not form.is_valid():
        return _members_page(request, forum, coordinator_form=form)
    email = form.cleaned_data["email"]
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        services.coordinator_add(forum=forum, user=user)
        messages.success(request, _("%(person)s now coordinates the forum.") % {"person": user})
    else:
        invitation_create(
            email=email,
            role=services.COORDINATOR_ROLE,
            target=forum,
            invited_by=request.user,
            language=get_language()[:2],
        )
        messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": email})
    return redirect("forums:members", forum.pk)


@login_required
def meeting_create(request, pk):
    forum = get_object_for_user(request, Forum, MANAGE, pk=pk)
    form = MeetingForm(posted(request), instance=Meeting(forum=forum))
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(meeting=form.instance, changed=form.changed_data)
        messages.success(
            request,
            _("The meeting has been saved as a draft. Add the agenda and send the invitations."),
        )
        return redirect("forums:meeting_manage", meeting.pk)
    return render(
        request,
        "forums/form.html",
        {
            "form": form,
            "title": _("New meeting"),
            "forum": forum,
            "cancel_url": forum.get_absolute_url(),
            "time_zone_note": True,
        },
        status=form_status(form),
    )


@login_required
def meeting_edit(request, pk):
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk)
    form = MeetingForm(posted(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_save(meeting=form.instance, changed=form.changed_data)
        messages.success(request, _("The changes have been saved."))
        return redirect("forums:meeting_manage", meeting.pk)
    return render(
        request,
        "forums/form.html",
        {
            "form": form,
            "title": _("Edit meeting"),
            "forum": meeting.forum,
            "cancel_url": reverse("forums:meeting_manage", args=[meeting.pk]),
            "time_zone_note": True,
        },
        status=form_status(form),
    )


@login_required
def meeting_manage(request, pk):
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk, related=("forum",))
    agenda_form = AgendaItemForm(prefix="agenda")
    document_form = DocumentForm(prefix="document")
    agenda = list(meeting.agenda_items.all())
    minutes_form = MinutesForm(instance=meeting, prefix="minutes", agenda=agenda)
    filter_form = InviteByFilterForm(prefix="filter")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "agenda":
            agenda_form = AgendaItemForm(request.POST, prefix="agenda")
            if agenda_form.is_valid():
                services.agenda_item_add(meeting=meeting, item=agenda_form.save(commit=False))
                messages.success(request, _("The agenda item has been added."))
                return redirect(request.path)
            status = form_status(agenda_form)
        elif action == "document":
            document_form = DocumentForm(request.POST, request.FILES, prefix="document")
            if document_form.is_valid():
                data = document_form.cleaned_data
                services.document_add(
                    meeting=meeting,
                    upload=data["file"],
                    title=data["title"],
                    is_public=data["is_public"],
                    by=request.user,
                )
                messages.success(request, _("The document has been added."))
                return redirect(request.path)
            status = form_status(document_form)
        elif action == "filter":
            filter_form = InviteByFilterForm(request.POST, prefix="filter")
            if filter_form.is_valid():
                added = services.invitees_add_representatives(
                    meeting=meeting, **filter_form.cleaned_data
                )
                messages.success(
                    request,
                    _(
                        "Added to the invitation list: %(count)s. "
                        "Send the invitations when the list is ready."
                    )
                    % {"count": added},
                )
                return redirect(request.path)
            status = form_status(filter_form)
        elif action == "minutes":
            # A copy: a rejected form must not leave its values on the page's meeting.
            minutes_form = MinutesForm(
                request.POST,
                instance=Meeting.objects.get(pk=meeting.pk),
                prefix="minutes",
                agenda=agenda,
            )
            if minutes_form.is_valid():
                services.minutes_save(
                    meeting=meeting,
                    minutes=minutes_form.cleaned_data["minutes"],
                    visibility=minutes_form.cleaned_data["minutes_visibility"],
                    kind=minutes_form.cleaned_data["minutes_kind"],
                    decisions=minutes_form.decisions(),
                )
                messages.success(request, _("The minutes have been saved."))
                return redirect(request.path)
            status = form_status(minutes_form)
    invitees = list(meeting.invitees.order_by("waiting_position", "name"))
    statuses = delivery_status(meeting)
    return render(
        request,
        "forums/meeting_manage.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "agenda": agenda,
            "documents": meeting.documents.all(),
            "invitees": invitees,
            "attended": sum(1 for invitee in invitees if invitee.attended),
            "delivery_rows": [(i.name or i.email, statuses.get(i.email)) for i in invitees],
            "agenda_form": agenda_form,
            "document_form": document_form,
            "minutes_form": minutes_form,
            "filter_form": filter_form,
        },
        status=status,
    )


@login_required
@require_POST
def meeting_invite(request, pk):
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk)
    if meeting.status == Meeting.Status.CANCELLED:
        messages.error(request, _("A cancelled meeting cannot be invited to."))
    else:
        count = services.invitations_send(meeting=meeting)
        messages.success(request, _("Invitations sent: %(count)s.") % {"count": count})
    return redirect("forums:meeting_manage", meeting.pk)


@login_required
def meeting_cancel(request, pk):
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk)
    if request.method == "POST":
        services.meeting_cancel(meeting=meeting)
        messages.success(request, _("The meeting has been cancelled and the invitees told."))
        return redirect("forums:meeting_manage", meeting.pk)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Cancel the meeting"),
            "question": _("Cancel %(meeting)s? Everyone invited gets a cancellation.")
            % {"meeting": meeting},
            "submit_label": _("Cancel the meeting"),
            "danger": True,
            "cancel_url": reverse("forums:meeting_manage", args=[meeting.pk]),
        },
    )


@login_required
def meeting_attendance(request, pk):
    """Tick who attended (prefilled from the answers); open events also take a head count."""
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk, related=("forum",))
    invitees = list(meeting.invitees.order_by("name"))
    head_form = None
    if meeting.forum.is_open:
        head_form = HeadCountForm(posted(request), initial={"head_count": meeting.head_count})
    status = 200
    if request.method == "POST":
        if head_form is None or head_form.is_valid():
            present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
            extra = {"head_count": head_form.cleaned_data["head_count"]} if head_form else {}
            services.attendance_record(meeting=meeting, present_ids=present, **extra)
            messages.success(request, _("The attendance has been saved."))
            return redirect("forums:meeting_manage", meeting.pk)
        status = form_status(head_form)
        ticked = set(request.POST.getlist("present"))
        for invitee in invitees:
            invitee.attended = str(invitee.pk) in ticked
    for invitee in invitees:
        invitee.prefilled = (
            invitee.attended
            if invitee.attended is not None
            else invitee.answer == Invitee.Answer.YES and not invitee.is_waiting
        )
    return render(
        request,
        "forums/attendance.html",
        {"meeting": meeting, "invitees": invitees, "head_form": head_form},
        status=status,
    )


@login_required
@require_POST
def agenda_remove(request, pk, item_pk):
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk)
    services.agenda_item_remove(item=get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk))
    messages.success(request, _("The agenda item has been removed."))
    return redirect("forums:meeting_manage", meeting.pk)


@login_required
def attendance_export(request, pk, fmt):
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk)
    if fmt == "csv":
        return exports.attendance_csv(meeting)
    if fmt == "xlsx":
        return exports.attendance_xlsx(meeting)
    raise Http404


@login_required
def rhythm(request):
    """Every forum's meetings held this year against its target, for officials."""
    if not request.user.has_perm("forums.view_rhythm"):
        raise PermissionDenied
    forums = _with_rhythm(Forum.objects.all()).annotate(
        coming=Count("meetings", filter=Q(meetings__status=Meeting.Status.INVITED))
    )
    return render(request, "forums/rhythm.html", {"forums": forums.order_by("name")})


@login_required
def meeting_print(request, pk):
    """The invitation, attendance list and minutes on one printable page."""
    meeting = get_object_for_user(request, Meeting, MANAGE, pk=pk, related=("forum",))
    return render(
        request,
        "forums/print.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "agenda": meeting.agenda_items.all(),
            "invitees": meeting.invitees.order_by("name", "pk"),
        },
    )
