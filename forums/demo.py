"""Demo forums: JANE with members and a year of meetings, Kumppanuuspöytä, the Hytinät.

`load_demo()` is idempotent: run it again and nothing is duplicated. It expects
the associations demo (its users) but creates the coordinator if missing.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from associations.demo import DEMO_PASSWORD
from kumppanuus.accounts.models import User
from kumppanuus.places.models import Municipality, WellbeingCounty

from .models import AgendaItem, Coordinator, Forum, Invitee, Meeting, Membership

COORDINATOR_EMAIL = "koordinaattori@demo.kumppanuus.fi"
HYTINA_MUNICIPALITIES = [("426", "Liperi"), ("309", "Outokumpu"), ("276", "Kontiolahti"),
                         ("141", "Juuka"), ("260", "Kitee")]  # fmt: skip
JANE_MEMBERS = [
    ("jane.pj@demo.kumppanuus.fi", "Pirjo", "Puheenjohtaja", "chair", "PK Setlementti"),
    ("jane.vpj@demo.kumppanuus.fi", "Ville", "Varapuheenjohtaja", "vice_chair", "Joensuun Latu ry"),
    ("jane.siht@demo.kumppanuus.fi", "Sanna", "Sihteeri", "secretary", "Hyvinvointialue"),
    ("jane.jasen@demo.kumppanuus.fi", "Jussi", "Jäsen", "member", "MTK Pohjois-Karjala"),
    ("jane.asiantuntija@demo.kumppanuus.fi", "Aila", "Asiantuntija", "expert", "Siun sote"),
]  # fmt: skip


def _user(email, first, last):
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _at(day_offset: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _meeting(forum, title, day_offset, *, hours=2, **fields):
    starts = _at(day_offset, fields.pop("hour", 13))
    now = timezone.now()
    status = Meeting.Status.HELD if starts < now else Meeting.Status.INVITED
    meeting, _ = Meeting.objects.get_or_create(
        forum=forum,
        title=title,
        defaults={"starts_at": starts, "ends_at": starts + timedelta(hours=hours), "status": status}
        | fields,
    )
    return meeting


@transaction.atomic
def load_demo() -> dict:
    coordinator = _user(COORDINATOR_EMAIL, "Kalle", "Koordinaattori")
    county = WellbeingCounty.objects.filter(code="12").first() or WellbeingCounty.objects.first()

    jane, _ = Forum.objects.get_or_create(
        name="JANE – järjestöjen neuvottelukunta",
        defaults={
            "name_sv": "JANE – organisationernas delegation",
            "kind": Forum.Kind.ADVISORY_BOARD,
            "description": "Järjestöjen ja hyvinvointialueen yhteinen neuvottelukunta.",
            "meetings_per_year": 6,
        },
    )
    if county:
        jane.organiser_counties.add(county)
    Coordinator.objects.get_or_create(forum=jane, user=coordinator)
    for email, first, last, role, organisation in JANE_MEMBERS:
        user = _user(email, first, last)
        Membership.objects.get_or_create(
            forum=jane,
            user=user,
            defaults={
                "role": role,
                "organisation": organisation,
                "term_start": timezone.localdate() - timedelta(days=400),
            },
        )
    offsets = [-150, -90, -30, 30, 90, 150]
    for number, offset in enumerate(offsets, start=1):
        meeting = _meeting(
            jane,
            f"JANE:n kokous {number}",
            offset,
            place="Carelicum",
            address="Koskikatu 5, Joensuu",
            step_free=True,
            induction_loop=True,
            accessible_toilet=True,
        )
        if not meeting.agenda_items.exists():
            for order, item in enumerate(
                ["Kokouksen avaus", "Hyvinvointialueen ajankohtaiset", "Järjestöavustukset"], 1
            ):
                AgendaItem.objects.create(meeting=meeting, order=order, title=item)
        if meeting.status == Meeting.Status.HELD and not meeting.minutes:
            meeting.minutes = "Kokous avattiin. Käytiin läpi ajankohtaiset asiat."
            meeting.minutes_visibility = Meeting.MinutesVisibility.PUBLIC
            meeting.save(update_fields=["minutes", "minutes_visibility"])
        for membership in jane.memberships.select_related("user"):
            Invitee.objects.get_or_create(
                meeting=meeting,
                email=membership.user.email,
                defaults={
                    "user": membership.user,
                    "name": str(membership.user),
                    "organisation": membership.organisation,
                    "invited_at": meeting.created_at,
                    "answer": Invitee.Answer.YES,
                    "attended": True if meeting.status == Meeting.Status.HELD else None,
                },
            )

    table, _ = Forum.objects.get_or_create(
        name="Kumppanuuspöytä",
        defaults={
            "name_sv": "Partnerskapsbordet",
            "kind": Forum.Kind.PARTNERSHIP_TABLE,
            "description": "Kuntien, hyvinvointialueen ja järjestöjen yhteinen kumppanuuspöytä.",
            "meetings_per_year": 4,
            "is_open": True,
        },
    )
    _meeting(
        table, "Kumppanuuspöytä: syksyn tapaaminen", 45, kind=Meeting.Kind.WORKSHOP, capacity=40
    )

    hytinat = []
    for code, name in HYTINA_MUNICIPALITIES:
        municipality = Municipality.objects.filter(code=code).first()
        forum, _ = Forum.objects.get_or_create(
            name=f"Hyvinvointihytinät {name}",
            defaults={
                "kind": Forum.Kind.WELLBEING_GATHERING,
                "description": f"Kunnan, hyvinvointialueen ja järjestöjen tapaaminen: {name}.",
                "meetings_per_year": 3,
                "is_open": True,
            },
        )
        if municipality:
            forum.area_municipalities.add(municipality)
            forum.organiser_municipalities.add(municipality)
        Coordinator.objects.get_or_create(forum=forum, user=coordinator)
        _meeting(
            forum,
            f"Hyvinvointihytinät {name}",
            20 + len(hytinat) * 7,
            kind=Meeting.Kind.FORUM,
            capacity=30,
            hour=17,
        )
        hytinat.append(forum)
    load_feedback_demo(jane)
    return {"forums": Forum.objects.count(), "meetings": Meeting.objects.count()}


def demo_summary() -> list[str]:
    """The forums' demo loader (kumppanuus.demo)."""
    result = load_demo()
    return [f"Forums ready: {result['forums']} forums, {result['meetings']} meetings."]


# Feedback -------------------------------------------------------------------

FEEDBACK_ANSWERS = [
    # (email, rating, benefit, wish)
    ("jane.pj@demo.kumppanuus.fi", 5, "Tieto kulkee hyvinvointialueen ja järjestöjen välillä.", ""),
    ("jane.vpj@demo.kumppanuus.fi", 4, "Verkostoja ja yhteishankkeita.", "Aikaa keskustelulle."),
    ("jane.siht@demo.kumppanuus.fi", 4, "", "Materiaalit etukäteen."),
    ("jane.jasen@demo.kumppanuus.fi", 3, "Saamme äänemme kuuluviin päätöksenteossa.", ""),
]  # fmt: skip


def load_feedback_demo(forum) -> None:
    """A shared question template, and feedback with answers on the held meetings (idempotent).

    The feedback emails count as sent in the past (their messages are recorded
    as sent), so loading the demo sends nobody anything.
    """
    from django.contrib.contenttypes.models import ContentType

    from kumppanuus.notifications.models import Message

    from .models import Survey, SurveyQuestion, SurveyTemplate, SurveyTemplateQuestion
    from .survey_services import DEFAULT_QUESTIONS, SURVEY_KIND, response_save

    template, created = SurveyTemplate.objects.get_or_create(
        forum=None,
        name="Palautekysely tapaamisesta",
        defaults={"name_sv": "Responsenkät om mötet"},
    )
    if created:
        for order, (kind, text, text_sv) in enumerate(DEFAULT_QUESTIONS, start=1):
            SurveyTemplateQuestion.objects.create(
                template=template, order=order, kind=kind, text=text, text_sv=text_sv
            )
    survey_type = ContentType.objects.get_for_model(Survey)
    held = forum.meetings.filter(status=Meeting.Status.HELD).order_by("starts_at")
    for meeting in held:
        survey, created = Survey.objects.get_or_create(
            meeting=meeting,
            defaults={
                "forum": forum,
                "title": f"Palaute: {meeting.title}",
                "title_sv": f"Respons: {meeting.title}",
            },
        )
        if created:
            for order, (kind, text, text_sv) in enumerate(DEFAULT_QUESTIONS, start=1):
                SurveyQuestion.objects.create(
                    survey=survey, order=order, kind=kind, text=text, text_sv=text_sv
                )
        for invitee in meeting.invitees.filter(attended=True):
            Message.objects.get_or_create(
                kind=SURVEY_KIND,
                content_type=survey_type,
                object_id=survey.pk,
                recipient_email=invitee.email.lower(),
                due_at=meeting.ends_at,
                defaults={
                    "language": invitee.language,
                    "send_after": meeting.ends_at,
                    "status": Message.Status.SENT,
                    "sent_at": meeting.ends_at,
                    "attempts": 1,
                    "context": {"survey_title": survey.title},
                },
            )
        if survey.responses.exists():
            continue
        rating, benefit, wish = survey.questions.order_by("order")[:3]
        for email, score, benefit_text, wish_text in FEEDBACK_ANSWERS:
            response_save(
                survey=survey,
                email=email,
                language="fi",
                answers={rating: score, benefit: benefit_text, wish: wish_text},
            )
