"""Feedback after meetings and surveys between them: set up, sent once, answered, results."""

import csv
import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forums import survey_services
from forums.models import Meeting, Survey, SurveyAnswer, SurveyResponse, SurveyTemplate
from kumppanuus import signed_links
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import messages_send_due
from tests import factories
from tests.forums.conftest import make_forum, make_invitee, make_meeting, make_member

KIND = survey_services.SURVEY_KIND


def link_in(mail):
    return re.search(r"https?://\S+(/kysely/\S+/)", mail.body).group(1)


def answer_path(survey, email):
    return reverse("forums:survey_answer", args=[survey_services.survey_token(survey, email)])


def rating_answers(survey, rating=4, text=""):
    data = {}
    for question in survey.questions.all():
        data[f"q{question.pk}"] = rating if question.is_rating else text
    return data


def pending(survey):
    return Message.objects.filter(kind=KIND, object_id=survey.pk, status="pending")


@pytest.fixture
def meeting_with_people(forum):
    meeting = make_meeting(forum, title="JANE:n syyskokous")
    yes = make_invitee(meeting, "kylla@example.fi", answer="yes")
    no = make_invitee(meeting, "ei@example.fi", answer="no")
    return meeting, yes, no


def make_feedback(client, coordinator, meeting, **data):
    client.force_login(coordinator)
    response = client.post(
        reverse("forums:meeting_survey", args=[meeting.pk]),
        {"title": "Palaute syyskokouksesta", "days_open": "14", **data},
    )
    survey = Survey.objects.get(meeting=meeting)
    assert response.url == reverse("forums:survey", args=[survey.pk])
    return survey


# A meeting's feedback -------------------------------------------------------


def test_feedback_is_planned_for_the_meetings_end_to_those_who_said_yes(
    client, coordinator, meeting_with_people
):
    meeting, yes, no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    assert [q.text for q in survey.questions.all()][1] == "Millaista hyötyä näet toiminnassa?"
    planned = pending(survey)
    assert [(m.recipient_email, m.due_at) for m in planned] == [(yes.email, meeting.ends_at)]
    # A later yes joins the plan; a change of mind leaves it.
    make_invitee(meeting, "myohemmin@example.fi", answer="yes")
    assert pending(survey).count() == 2
    no.answer = "yes"
    no.save()
    yes.answer = "no"
    yes.save()
    assert sorted(pending(survey).values_list("recipient_email", flat=True)) == [
        "ei@example.fi",
        "myohemmin@example.fi",
    ]


def test_the_plan_follows_the_meeting_when_it_moves_and_stops_when_it_is_cancelled(
    client, coordinator, meeting_with_people
):
    meeting, yes, _no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    starts = timezone.localtime(meeting.starts_at) + timedelta(days=7)
    response = client.post(
        reverse("forums:meeting_edit", args=[meeting.pk]),
        {
            "title": meeting.title,
            "kind": "kokous",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Carelicum",
            "reminder_days": "2",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert [m.due_at for m in pending(survey)] == [meeting.ends_at]
    assert Message.objects.filter(kind=KIND, status="cancelled").count() == 1

    client.post(reverse("forums:meeting_cancel", args=[meeting.pk]))
    assert not pending(survey).exists()


def test_after_the_meeting_participants_get_one_email_and_answer_from_its_link(
    client, coordinator, meeting_with_people, mailoutbox
):
    meeting, yes, no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    client.logout()
    with time_machine.travel(meeting.ends_at + timedelta(minutes=1), tick=False):
        messages_send_due()
        assert [mail.to for mail in mailoutbox] == [[yes.email]]
        mail = mailoutbox[0]
        assert "Palaute syyskokouksesta" in mail.subject
        assert "Europe/Helsinki" in mail.body
        link = link_in(mail)

        page = client.get(link)
        assert page.status_code == 200
        assert "Millaista hyötyä näet toiminnassa?" in page.content.decode()
        data = rating_answers(survey, 5, "Verkostoja ja tietoa")
        response = client.post(link, data, follow=True)
        assert "Kiitos vastauksistasi" in response.content.decode()
        # Changing the answers keeps one response per person.
        client.post(link, rating_answers(survey, 3, "Tietoa"))
        response_row = SurveyResponse.objects.get(survey=survey)
        assert response_row.email == yes.email
        ratings = SurveyAnswer.objects.filter(response=response_row, rating__isnull=False)
        assert {a.rating for a in ratings} == {3}
        assert SurveyAnswer.objects.filter(text="Tietoa").count() == 2
        assert SurveyAnswer.objects.count() == 3

        # Attendance marked afterwards: the one who said no but came gets it now, once.
        client.force_login(coordinator)
        client.post(reverse("forums:attendance", args=[meeting.pk]), {"present": [yes.pk, no.pk]})
        messages_send_due()
        assert [mail.to for mail in mailoutbox] == [[yes.email], [no.email]]
        status = client.get(reverse("forums:survey", args=[survey.pk])).content.decode()
        assert "kysely lähti sen osallistujille" in status
        survey_services.survey_plan(survey)
        client.post(reverse("forums:attendance", args=[meeting.pk]), {"present": [yes.pk, no.pk]})
        messages_send_due()
        assert len(mailoutbox) == 2
    assert Message.objects.filter(kind=KIND, status="sent").count() == 2


def test_a_meeting_moved_into_the_past_sends_its_feedback_once_now(
    client, coordinator, meeting_with_people, mailoutbox
):
    meeting, yes, _no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    meeting.starts_at = timezone.now() - timedelta(hours=3)
    meeting.ends_at = timezone.now() - timedelta(hours=1)
    meeting.save()
    assert [m.due_at for m in pending(survey)] == [meeting.ends_at]
    messages_send_due()
    meeting.save()
    messages_send_due()
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        messages_send_due()
    assert [mail.to for mail in mailoutbox] == [[yes.email]]


def test_a_participant_unmarked_before_the_email_goes_gets_none(
    client, coordinator, meeting_with_people, mailoutbox
):
    meeting, yes, no = meeting_with_people
    make_feedback(client, coordinator, meeting)
    with time_machine.travel(meeting.ends_at - timedelta(minutes=5), tick=False):
        client.force_login(coordinator)
        client.post(reverse("forums:attendance", args=[meeting.pk]), {"present": [no.pk]})
    with time_machine.travel(meeting.ends_at + timedelta(minutes=1), tick=False):
        messages_send_due()
    assert [mail.to for mail in mailoutbox] == [[no.email]]


def test_a_closed_survey_takes_no_answers(client, coordinator, meeting_with_people):
    meeting, yes, _no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    path = answer_path(survey, yes.email)
    with time_machine.travel(meeting.ends_at + timedelta(days=15), tick=False):
        assert "suljettu" in client.get(path).content.decode()
        response = client.post(path, rating_answers(survey))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_bad_answers_are_refused_with_400_and_nothing_saved(
    client, coordinator, meeting_with_people
):
    meeting, yes, _no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    path = answer_path(survey, yes.email)
    client.logout()
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        for bad in [
            rating_answers(survey, 7),
            rating_answers(survey, "viisi"),
            {},  # the rating is required
            rating_answers(survey, 4, "x" * 4001),
        ]:
            response = client.post(path, bad)
            assert response.status_code == 400, bad
            assert "error-summary" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_signed_link_works_only_for_its_survey_and_person(
    client, coordinator, meeting_with_people
):
    meeting, yes, _no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    other = survey_services.forum_survey_create(
        forum=meeting.forum,
        template=None,
        title="Toinen",
        closes_at=timezone.now() + timedelta(days=30),
    )
    client.logout()
    token = survey_services.survey_token(survey, yes.email)
    with time_machine.travel(meeting.ends_at + timedelta(hours=1), tick=False):
        tampered = token[:-2] + ("xx" if not token.endswith("xx") else "yy")
        assert client.get(reverse("forums:survey_answer", args=[tampered])).status_code == 400
        meeting_answer = signed_links.sign(
            "meeting_answer", {"survey": survey.pk, "email": yes.email}
        )
        assert (
            client.post(
                reverse("forums:survey_answer", args=[meeting_answer]), rating_answers(survey)
            ).status_code
            == 400
        )
        # The survey's questions do not fit another survey's link, and nothing crosses over.
        client.post(answer_path(survey, yes.email), rating_answers(survey, 2))
        client.post(answer_path(survey, "toinen@example.fi"), rating_answers(survey, 5))
    assert sorted(SurveyResponse.objects.values_list("survey", "email")) == [
        (survey.pk, "kylla@example.fi"),
        (survey.pk, "toinen@example.fi"),
    ]
    assert not other.responses.exists()
    mine = SurveyAnswer.objects.filter(response__email=yes.email, rating__isnull=False)
    assert {a.rating for a in mine} == {2}


def test_questions_are_edited_until_someone_answers(client, coordinator, meeting_with_people):
    meeting, yes, _no = meeting_with_people
    survey = make_feedback(client, coordinator, meeting)
    questions = list(survey.questions.all())
    url = reverse("forums:survey", args=[survey.pk])
    data = {
        "title": "Palaute",
        "title_sv": "Respons",
        "introduction": "",
        "days_open": "10",
        "questions-TOTAL_FORMS": str(len(questions) + 1),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "30",
    }
    for index, question in enumerate(questions):
        data |= {
            f"questions-{index}-id": question.pk,
            f"questions-{index}-survey": survey.pk,
            f"questions-{index}-kind": question.kind,
            f"questions-{index}-text": question.text,
            f"questions-{index}-text_sv": question.text_sv,
            f"questions-{index}-ORDER": index + 1,
        }
    data["questions-2-DELETE"] = "on"
    new = len(questions)
    data |= {
        f"questions-{new}-kind": "rating",
        f"questions-{new}-text": "Saitko äänesi kuuluviin?",
        f"questions-{new}-text_sv": "Blev du hörd?",
        f"questions-{new}-ORDER": "0",
    }
    bad = data | {"questions-0-text": "", "questions-0-kind": "kysymys"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert survey.questions.count() == 3

    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert [(q.order, q.text) for q in survey.questions.all()] == [
        (1, "Saitko äänesi kuuluviin?"),
        (2, questions[0].text),
        (3, questions[1].text),
    ]
    survey.refresh_from_db()
    assert (survey.title_sv, survey.days_open) == ("Respons", 10)

    survey_services.response_save(
        survey=survey, email=yes.email, language="fi", answers={survey.questions.first(): 4}
    )
    page = client.get(url).content.decode()
    assert "questions-TOTAL_FORMS" not in page
    client.post(url, data | {"questions-0-text": "Muutettu"})
    assert not survey.questions.filter(text="Muutettu").exists()


def test_a_survey_needs_days_between_1_and_90(client, coordinator, meeting_with_people):
    meeting, _yes, _no = meeting_with_people
    client.force_login(coordinator)
    url = reverse("forums:meeting_survey", args=[meeting.pk])
    response = client.post(url, {"title": "Palaute", "days_open": "0"})
    assert response.status_code == 400
    response = client.post(url, {"title": "", "days_open": "400"})
    assert response.status_code == 400
    assert not Survey.objects.exists()


def test_a_cancelled_meeting_gets_no_survey(client, coordinator, forum):
    meeting = make_meeting(forum, status=Meeting.Status.CANCELLED)
    client.force_login(coordinator)
    response = client.post(
        reverse("forums:meeting_survey", args=[meeting.pk]), {"title": "Palaute", "days_open": "14"}
    )
    assert response.status_code == 302
    assert not Survey.objects.exists()


# Surveys between meetings --------------------------------------------------


def test_coordinator_sends_a_survey_to_the_members_once_each(
    client, coordinator, forum, member_user, mailoutbox
):
    past_member = make_member(forum, term_start=timezone.localdate() - timedelta(days=400))
    past_member.term_end = timezone.localdate() - timedelta(days=10)
    past_member.save()
    client.force_login(coordinator)
    create = reverse("forums:survey_create", args=[forum.pk])
    closes = timezone.localtime() + timedelta(days=14)
    response = client.post(
        create, {"title": "Kumppanuuspöydän e-kysely", "closes_at": "2020-01-01T12:00"}
    )
    assert response.status_code == 400
    assert not Survey.objects.exists()
    response = client.post(
        create,
        {"title": "Kumppanuuspöydän e-kysely", "closes_at": closes.strftime("%Y-%m-%dT%H:%M")},
    )
    survey = Survey.objects.get()
    assert response.url == reverse("forums:survey", args=[survey.pk])
    assert survey.meeting is None and survey.sent_at is None
    # Not sent yet: its link takes no answers.
    assert client.get(answer_path(survey, member_user.email)).status_code == 200
    assert client.post(answer_path(survey, member_user.email), {}).status_code == 400

    client.post(reverse("forums:survey_send", args=[survey.pk]))
    messages_send_due()
    assert [mail.to for mail in mailoutbox] == [[member_user.email]]
    newcomer = make_member(forum)
    client.post(reverse("forums:survey_send", args=[survey.pk]))
    client.post(reverse("forums:survey_send", args=[survey.pk]))
    messages_send_due()
    assert [mail.to for mail in mailoutbox] == [[member_user.email], [newcomer.user.email]]

    client.logout()
    link = link_in(mailoutbox[0])
    assert client.post(link, rating_answers(survey, 4, "Hyvä")).status_code == 302
    assert survey.responses.count() == 1


def test_a_template_of_the_forum_is_made_edited_and_used(client, coordinator, forum):
    client.force_login(coordinator)
    response = client.post(
        reverse("forums:survey_template_create", args=[forum.pk]),
        {"name": "Jäsenkysely", "name_sv": "Medlemsenkät", "shared": "on"},
    )
    template = SurveyTemplate.objects.get()
    # Only administrators share templates.
    assert template.forum == forum
    assert response.url == reverse("forums:survey_template", args=[forum.pk, template.pk])
    edit = client.get(response.url)
    assert edit.status_code == 200
    page = client.get(reverse("forums:surveys", args=[forum.pk])).content.decode()
    assert "Jäsenkysely" in page

    response = client.post(
        reverse("forums:survey_create", args=[forum.pk]),
        {
            "template": template.pk,
            "title": "Kevään kysely",
            "closes_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    survey = Survey.objects.get()
    assert survey.questions.count() == template.questions.count() == 3


def test_shared_templates_are_edited_by_administrators_only(client, coordinator, forum, admin_user):
    shared = survey_services.template_create(forum=None, name="Yhteinen", name_sv="", shared=True)
    other_forum = make_forum("Toinen", coordinator=factories.make_user())
    own_elsewhere = survey_services.template_create(
        forum=other_forum, name="Toisen", name_sv="", shared=False
    )
    client.force_login(coordinator)
    assert (
        client.get(reverse("forums:survey_template", args=[forum.pk, shared.pk])).status_code == 403
    )
    assert (
        client.get(reverse("forums:survey_template", args=[forum.pk, own_elsewhere.pk])).status_code
        == 404
    )
    client.force_login(admin_user)
    assert (
        client.get(reverse("forums:survey_template", args=[forum.pk, shared.pk])).status_code == 200
    )


# Results -------------------------------------------------------------------


def _answered_survey(forum, people=5):
    meeting = make_meeting(forum, title="Pidetty kokous")
    survey = survey_services.meeting_survey_create(meeting=meeting, template=None, title="Palaute")
    rating, text, _wish = survey.questions.all()
    for number in range(people):
        survey_services.response_save(
            survey=survey,
            email=f"vastaaja{number}@example.fi",
            language="fi",
            answers={rating: number % 5 + 1, text: f"Avoin vastaus {number}"},
        )
    return survey


def test_results_show_a_chart_and_its_numbers_as_a_table(client, coordinator, forum):
    survey = _answered_survey(forum, people=6)
    client.force_login(coordinator)
    page = client.get(reverse("forums:survey_results", args=[survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg role="img"' in html
    assert "<table" in html and "<caption" in html
    # 6 answers: the value 1 twice, 2–5 once; average 16/6.
    rows = re.findall(r'<tr><th scope="row">(\d)</th><td>(\d+)</td>', html)
    assert rows == [("1", "2"), ("2", "1"), ("3", "1"), ("4", "1"), ("5", "1")]
    assert "2,67" in html
    assert "Avoin vastaus 5" in html
    assert "vastaaja" not in html  # answers are shown without who gave them


def test_results_export_as_csv_and_xlsx(client, coordinator, forum):
    survey = _answered_survey(forum, people=3)
    text_question = survey.questions.all()[1]
    survey_services.response_save(
        survey=survey,
        email="kaava@example.fi",
        language="fi",
        answers={survey.questions.first(): 5, text_question: "=HYPERLINK(1)"},
    )
    client.force_login(coordinator)
    response = client.get(reverse("forums:survey_export", args=[survey.pk, "csv"]))
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    summary = next(row for row in rows if row and row[0].startswith("Kuinka"))
    assert summary[1:6] == ["1", "1", "1", "0", "1"]
    assert summary[6] == "2,75" and summary[7] == "4"
    assert ["Millaista hyötyä näet toiminnassa?", "'=HYPERLINK(1)"] in rows

    response = client.get(reverse("forums:survey_export", args=[survey.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    ratings = workbook.worksheets[0]
    values = [[cell.value for cell in row] for row in ratings.iter_rows()]
    assert [*values[4][1:6], values[4][6], values[4][7]] == [1, 1, 1, 0, 1, 2.75, 4]
    assert len(list(workbook.worksheets[1].iter_rows())) == 5
    assert client.get(reverse("forums:survey_export", args=[survey.pk, "pdf"])).status_code == 404


def test_results_are_private_to_the_forums_coordinators_and_administrators(
    client, forum, member_user, admin_user
):
    survey = _answered_survey(forum)
    url = reverse("forums:survey_results", args=[survey.pk])
    assert client.get(url).status_code == 302
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    client.force_login(make_forum("Muu", coordinator=factories.make_user()).coordinators.get().user)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("forums:survey_results", args=[9999])).status_code == 404


def test_the_results_page_runs_the_same_queries_at_5_and_50_responses(
    client, coordinator, forum, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _answered_survey(forum, people=5)
    large = _answered_survey(forum, people=50)
    client.force_login(coordinator)
    client.get(reverse("forums:survey_results", args=[small.pk]))
    with CaptureQueriesContext(connection) as at_five:
        small_page = client.get(reverse("forums:survey_results", args=[small.pk])).content
    with django_assert_max_num_queries(len(at_five)):
        large_page = client.get(reverse("forums:survey_results", args=[large.pk])).content
    assert large_page.count(b"Avoin vastaus") == 50 > small_page.count(b"Avoin vastaus") == 5


def test_the_forums_survey_list_runs_the_same_queries_at_5_and_50_surveys(
    client, coordinator, forum, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(count, name):
        target = make_forum(name, coordinator=coordinator)
        for number in range(count):
            meeting = make_meeting(target, title=f"Kokous {number}")
            survey_services.meeting_survey_create(
                meeting=meeting, template=None, title=f"Kysely {number}"
            )
            survey_services.template_create(
                forum=target, name=f"Pohja {number}", name_sv="", shared=False
            )
        return target

    small, large = fill(5, "Pieni"), fill(50, "Suuri")
    client.force_login(coordinator)
    client.get(reverse("forums:surveys", args=[small.pk]))
    with CaptureQueriesContext(connection) as at_five:
        small_page = client.get(reverse("forums:surveys", args=[small.pk])).content
    with django_assert_max_num_queries(len(at_five)):
        large_page = client.get(reverse("forums:surveys", args=[large.pk])).content
    assert large_page.count(b">Kysely ") == 50 > small_page.count(b">Kysely ") == 5


def test_demo_has_feedback_with_answers_and_loads_twice(db):
    from associations.demo import load_demo as load_associations_demo
    from forums.demo import load_demo

    load_associations_demo()
    load_demo()
    load_demo()
    feedback = Survey.objects.filter(meeting__forum__name__startswith="JANE")
    assert feedback.count() == 3
    assert all(survey.responses.count() >= 3 for survey in feedback)
    assert SurveyTemplate.objects.filter(forum__isnull=True).count() == 1


def test_a_persons_download_includes_their_survey_answers(client, forum, member_user):
    survey = _answered_survey(forum, people=1)
    survey_services.response_save(
        survey=survey,
        email=member_user.email,
        language="fi",
        answers={survey.questions.first(): 2},
    )
    client.force_login(member_user)
    data = client.get(reverse("accounts:my_data")).json()
    assert [(a["survey"], a["rating"]) for a in data["survey_answers"]] == [("Palaute", 2)]


def test_responses_lose_their_email_60_days_after_the_survey_closes(forum):
    from forums.tasks import forget_guests

    survey = _answered_survey(forum, people=2)
    closes = survey.closing_time
    with time_machine.travel(closes + timedelta(days=59), tick=False):
        forget_guests()
        assert survey.responses.filter(email__endswith="@example.fi").count() == 2
    with time_machine.travel(closes + timedelta(days=61), tick=False):
        forget_guests()
    assert not survey.responses.filter(email__endswith="@example.fi").exists()
    assert SurveyAnswer.objects.filter(question__survey=survey).count() == 4


def test_marking_attendance_after_the_meeting_costs_the_same_per_person_at_5_and_50(
    client, coordinator, forum, mailoutbox
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def held(count):
        meeting = make_meeting(forum, title=f"Iso tapaaminen {count}")
        invitees = [
            make_invitee(meeting, f"osallistuja{count}-{n}@example.fi", answer="yes")
            for n in range(count)
        ]
        survey_services.meeting_survey_create(meeting=meeting, template=None, title="Palaute")
        return meeting, invitees

    small, large = held(5), held(50)
    client.force_login(coordinator)
    queries = {}
    with time_machine.travel(large[0].ends_at + timedelta(hours=1), tick=False):
        client.force_login(coordinator)
        for meeting, invitees in (small, large):
            with CaptureQueriesContext(connection) as captured:
                client.post(
                    reverse("forums:attendance", args=[meeting.pk]),
                    {"present": [i.pk for i in invitees[1:]]},
                )
            queries[len(invitees)] = len(captured)
        messages_send_due()
    # Everyone marked present gets the feedback once; the one not present none.
    assert len(mailoutbox) == 4 + 49
    per_person = (queries[50] - queries[5]) / 45
    assert per_person <= 12, queries
