import pytest
from django.utils import translation
from django.utils.html import escape

from kumppanuus.notifications.models import Feedback, Message

URL = "/saavutettavuusseloste/"


def feedback(**changes) -> dict:
    data = {
        "message": "Lomakkeen virheilmoitus ei näy ruudunlukijalla.",
        "page": "/tili/kirjaudu/",
        "name": "Aino Asiakas",
        "email": "aino@example.fi",
    }
    data.update(changes)
    return data


def test_feedback_is_stored_and_emailed_to_the_feedback_address(
    client, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_EMAIL = "palaute@kunta.example.fi"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, feedback(), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    with translation.override("fi"):
        thanks = escape(translation.gettext("Thank you. Your feedback has been sent."))
    assert thanks in response.content.decode()
    stored = Feedback.objects.get()
    assert (stored.message, stored.page, stored.name, stored.email, stored.language) == (
        "Lomakkeen virheilmoitus ei näy ruudunlukijalla.",
        "/tili/kirjaudu/",
        "Aino Asiakas",
        "aino@example.fi",
        "fi",
    )
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["palaute@kunta.example.fi"]
    assert "Lomakkeen virheilmoitus ei näy ruudunlukijalla." in email.body
    assert "aino@example.fi" in email.body
    message = Message.objects.get(kind="feedback")
    assert message.status == Message.Status.SENT


def test_only_the_message_is_required(client, db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"message": "Kontrasti on liian heikko."})

    assert response.status_code == 302
    assert Feedback.objects.get().email == ""
    assert len(mailoutbox) == 1


def test_the_language_of_the_page_is_recorded(client, db, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "sv"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, feedback())

    assert Feedback.objects.get().language == "sv"


def test_an_empty_message_is_refused_with_the_error_summary(client, db, mailoutbox):
    response = client.post(URL, feedback(message="   "))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_message"' in page
    assert 'value="Aino Asiakas"' in page
    assert not Feedback.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "changes",
    [
        {"message": "x" * 5001},
        {"email": "ei-osoite"},
        {"page": "/" + "a" * 500},
    ],
    ids=["oversized message", "invalid email", "oversized page"],
)
def test_bad_input_is_refused_and_nothing_is_saved(client, db, mailoutbox, changes):
    response = client.post(URL, feedback(**changes))

    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert not Feedback.objects.exists()
    assert mailoutbox == []


def test_html_in_the_feedback_is_escaped_in_the_email(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    hostile = '<script>alert("x")</script> & <a href="http://evil.example">klikkaa</a>'

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, feedback(message=hostile, name="<b>Mallory</b>"))

    email = mailoutbox[0]
    html = email.alternatives[0][0]
    assert "<script>" not in html
    assert "<a href=" not in html
    assert "<b>Mallory</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;a href=" in html
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html
    # The text part is plain text: shown as typed, not HTML-escaped.
    assert hostile in email.body
