"""Demo forums: JANE with members and a year of meetings, Kumppanuuspöytä, the Hytinät,
two open järjestöfoorumit and the JAKE network with its thematic groups.

`load_demo()` is idempotent: run it again and nothing is duplicated. It expects
the associations demo (its users) but creates the coordinator if missing.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from associations.demo import DEMO_PASSWORD
from kumppanuus.accounts.models import User
from kumppanuus.places.models import Municipality, WellbeingCounty
from kumppanuus.places.regions import NORTH_KARELIA_COUNTY

from . import services
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


JAKE_COORDINATOR = ("jake.koordinaattori@demo.kumppanuus.fi", "Jaana", "Verkostokoordinaattori")
JAKE_GROUPS = [
    ("Terveys", "Hälsa"),
    ("Monikulttuurisuus", "Mångkultur"),
    ("Kylähyvinvointi", "Byarnas välfärd"),
    ("Vapaaehtoistoiminta", "Frivilligverksamhet"),
]
# (name, Swedish name, area municipality codes, invitation list filter, day offset)
ASSOCIATION_FORUMS = [
    (
        "Joensuun seudun järjestöfoorumi",
        "Joensuuregionens organisationsforum",
        ["167", "426", "276", "309"],
        {"municipality": "426"},
        35,
    ),
    (
        "Pielisen Karjalan järjestöfoorumi",
        "Pielisen Karjalas organisationsforum",
        ["422", "541", "141"],
        {"field": "liikunta"},
        60,
    ),
]
DECISIONS = {
    "Kokouksen avaus": "Puheenjohtaja avasi kokouksen, ja kokous todettiin päätösvaltaiseksi.",
    "Hyvinvointialueen ajankohtaiset": "Merkittiin tiedoksi.",
    "Järjestöavustukset": "Päätettiin esittää hyvinvointialueelle avustusten tason säilyttämistä.",
}


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
    county = WellbeingCounty.objects.filter(code=NORTH_KARELIA_COUNTY["code"]).first()

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
            for item in meeting.agenda_items.filter(decision=""):
                item.decision = DECISIONS.get(item.title, "")
                item.save(update_fields=["decision"])
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

    # The shared secretariat: the secretary coordinates JANE too.
    secretary = User.objects.get(email=JANE_MEMBERS[2][0])
    Coordinator.objects.get_or_create(forum=jane, user=secretary)

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
    Coordinator.objects.get_or_create(forum=table, user=coordinator)
    _meeting(
        table, "Kumppanuuspöytä: syksyn tapaaminen", 45, kind=Meeting.Kind.WORKSHOP, capacity=40
    )
    _association_forums(coordinator, county)
    _jake(county)

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
    _held_hytina(hytinat[0])
    return {"forums": Forum.objects.count(), "meetings": Meeting.objects.count()}


def _held_hytina(forum) -> None:
    """A past Hytinä in Liperi: a memo and a head count at the door."""
    meeting = _meeting(
        forum,
        f"{forum.name}: kevään tapaaminen",
        -60,
        kind=Meeting.Kind.FORUM,
        hour=17,
        place="Liperin kunnantalo",
        address="Keskustie 10, Liperi",
        step_free=True,
        head_count=38,
    )
    if not meeting.minutes:
        item = AgendaItem.objects.create(
            meeting=meeting, order=1, title="Kylien hyvinvointisuunnitelma"
        )
        item.decision = "Kyläyhdistykset kokoavat toiveensa kuntaan syyskuun loppuun mennessä."
        item.save(update_fields=["decision"])
        meeting.minutes_kind = Meeting.MinutesKind.MEMO
        meeting.minutes = "Paikalla kunnan, hyvinvointialueen ja 14 yhdistyksen edustajia."
        meeting.minutes_visibility = Meeting.MinutesVisibility.PUBLIC
        meeting.save(update_fields=["minutes_kind", "minutes", "minutes_visibility"])


def _association_forums(coordinator, county) -> None:
    """Two open järjestöfoorumit; their invitation lists are built by a filter."""
    from associations.models import FieldOfActivity

    for name, name_sv, codes, list_filter, offset in ASSOCIATION_FORUMS:
        forum, _ = Forum.objects.get_or_create(
            name=name,
            defaults={
                "name_sv": name_sv,
                "kind": Forum.Kind.ASSOCIATION_FORUM,
                "description": "Avoin tapaaminen kaikille alueen yhdistyksille.",
                "meetings_per_year": 3,
                "is_open": True,
                "organiser_other": "Pohjois-Karjalan maakuntaliitto",
            },
        )
        area = list(Municipality.objects.filter(code__in=codes))
        forum.area_municipalities.add(*area)
        forum.organiser_municipalities.add(*area[:1])
        if county:
            forum.organiser_counties.add(county)
        Coordinator.objects.get_or_create(forum=forum, user=coordinator)
        meeting = _meeting(
            forum,
            f"{name}: hyvinvointialueen järjestöavustukset",
            offset,
            kind=Meeting.Kind.FORUM,
            capacity=60,
            hour=17,
            place="Joensuun kaupungintalo" if "Joensuu" in name else "Nurmeksen kaupungintalo",
            step_free=True,
            induction_loop=True,
            accessible_toilet=True,
        )
        criteria = {}
        if "municipality" in list_filter:
            criteria["municipality"] = Municipality.objects.filter(
                code=list_filter["municipality"]
            ).first()
        if "field" in list_filter:
            criteria["field"] = FieldOfActivity.objects.filter(slug=list_filter["field"]).first()
        if all(criteria.values()):
            services.invitees_add_representatives(meeting=meeting, **criteria)


def _jake(county) -> None:
    """The JAKE development network and its thematic working groups as child forums."""
    coordinator = _user(*JAKE_COORDINATOR)
    jake, _ = Forum.objects.get_or_create(
        name="JAKE – järjestöjen kehittämisverkosto",
        defaults={
            "name_sv": "JAKE – organisationernas utvecklingsnätverk",
            "kind": Forum.Kind.DEVELOPMENT_NETWORK,
            "description": "Johtoryhmä, yhteistyökoordinaattori, projektitiimi ja teematyöryhmät.",
            "meetings_per_year": 2,
            "organiser_other": "Pohjois-Karjalan maakuntaliitto",
        },
    )
    if county:
        jake.organiser_counties.add(county)
    Coordinator.objects.get_or_create(forum=jake, user=coordinator)
    _meeting(
        jake, "JAKE:n kehittämispäivät", 75, kind=Meeting.Kind.DEVELOPMENT_DAY, hours=7, hour=9
    )
    for number, (name, name_sv) in enumerate(JAKE_GROUPS):
        group, _ = Forum.objects.get_or_create(
            name=f"JAKE: {name}",
            defaults={
                "name_sv": f"JAKE: {name_sv}",
                "kind": Forum.Kind.THEMATIC_GROUP,
                "parent": jake,
                "description": f"JAKE-verkoston teematyöryhmä: {name.lower()}.",
                "meetings_per_year": 3,
            },
        )
        Coordinator.objects.get_or_create(forum=group, user=coordinator)
        _meeting(
            group,
            f"{name}-teemaryhmän työpaja",
            25 + number * 10,
            kind=Meeting.Kind.WORKSHOP,
            hours=4,
            hour=9,
            online_url="https://teams.example/jake",
        )


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
