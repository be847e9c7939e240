"""The one way the portal sends email.

A message has a name (kind) and three templates under
templates/notifications/<kind>/: subject.txt, body.txt and body.html. It is
rendered in the recipient's language and recorded with its key before it is
sent by a Celery task.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Feedback, Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def message_queue(
    *,
    kind: str,
    target,
    recipient_email: str,
    language: str,
    due_at: datetime,
    context: dict | None = None,
) -> Message:
    """Record a message under its key and send it once the transaction commits.

    Queueing the same key again returns the message already recorded.
    """
    key = {
        "kind": kind,
        "content_type": ContentType.objects.get_for_model(target),
        "object_id": target.pk,
        "recipient_email": recipient_email.lower(),
        "due_at": due_at,
    }
    try:
        with transaction.atomic():
            message, created = Message.objects.get_or_create(
                **key, defaults={"language": language, "context": context or {}}
            )
    except IntegrityError:
        return Message.objects.get(**key)
    if created:
        from .tasks import send_message

        transaction.on_commit(lambda: send_message.delay(message.pk))
    return message


def render_message(message: Message) -> tuple[str, str, str]:
    context = {
        **message.context,
        "target": message.target,
        "site_url": settings.SITE_URL,
        "recipient_email": message.recipient_email,
    }
    with translation.override(message.language):
        base = f"notifications/{message.kind}/"
        subject = render_to_string(base + "subject.txt", context).strip()
        text = render_to_string(base + "body.txt", context)
        html = render_to_string(base + "body.html", context)
    return " ".join(subject.split()), text, html


def message_deliver(message_id: int) -> bool:
    """Send one recorded message unless it has been sent. Returns True if sent now.

    The row stays locked while the email goes out, so two workers holding the
    same id cannot both send it. A failed send is recorded and committed before
    the error is raised again for the task to retry.
    """
    failure = None
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == Message.Status.SENT:
            return False
        message.attempts += 1
        try:
            subject, text, html = render_message(message)
            email = EmailMultiAlternatives(subject, text, to=[message.recipient_email])
            email.attach_alternative(html, "text/html")
            email.send()
        except Exception as error:
            failure = error
            message.last_error = repr(error)[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = Message.Status.FAILED
        else:
            message.status = Message.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    if failure is not None:
        raise failure
    return True


def unsent_message_ids(*, older_than: datetime) -> list[int]:
    return list(
        Message.objects.filter(
            status=Message.Status.PENDING, created_at__lt=older_than, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:1000]
    )


@transaction.atomic
def feedback_submit(*, data: dict, language: str):
    feedback = Feedback.objects.create(language=language, **data)
    message_queue(
        kind="feedback",
        target=feedback,
        recipient_email=settings.FEEDBACK_EMAIL,
        language="fi",
        due_at=feedback.created_at,
    )
    return feedback
