"""The one way the portal sends email.

A message has a name (kind) and three templates under
templates/notifications/<kind>/: subject.txt, body.txt and body.html. It is
recorded under its key (kind, object, recipient, due moment) before anything
is sent, waits in the table until it is due, and is rendered in the
recipient's language at send time.

Sending is one mechanism for everything: a message due now is sent right
after the transaction commits; every minute the sweep (``messages_send_due``,
run by beat) claims the due messages oldest first in batches and sends them,
which also picks up what a crash or an outage left unsent. There are no
Celery retries beside it: a failed attempt puts the message back with a later
``send_after``. Each message is claimed on its own row just before it is handed
to the mail server and marked sent right after, so a retried task, a second
sweep or a second worker never sends it twice; only a message in flight when a
worker is killed can go out twice (nothing can know whether the server took it).
"""

import hashlib
import json
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from kumppanuus import signed_links

from .kinds import Extras, get_kind
from .models import Feedback, Message, OptOut

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BATCH_SIZE = 100
UNSUBSCRIBE_PURPOSE = "unsubscribe"


def _lease() -> timedelta:
    return timedelta(seconds=settings.MESSAGE_CLAIM_SECONDS)


def _backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … up to an hour between failed attempts of one message."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _key(*, kind: str, target, recipient_email: str, due_at: datetime) -> dict:
    return {
        "kind": kind,
        "content_type": ContentType.objects.get_for_model(target),
        "object_id": target.pk,
        "recipient_email": recipient_email.strip().lower(),
        "due_at": due_at,
    }


def message_queue(
    *,
    kind: str,
    target,
    recipient_email: str,
    language: str,
    due_at: datetime,
    context: dict | None = None,
) -> Message:
    """Record a message under its key; it is sent once it is due.

    A message due now (or earlier) goes out right after the transaction
    commits; one due later waits for the sweep. Queueing the same key again
    returns the message already recorded; a cancelled one is wanted again.
    The context must hold no secret (the admin shows it): links with tokens
    are made at send time by the kind's ``prepare``.
    """
    key = _key(kind=kind, target=target, recipient_email=recipient_email, due_at=due_at)
    defaults = {"language": language, "context": context or {}, "send_after": due_at}
    try:
        with transaction.atomic():
            message, created = Message.objects.get_or_create(**key, defaults=defaults)
    except IntegrityError:
        message, created = Message.objects.get(**key), False
    if not created and message.status == Message.Status.CANCELLED:
        revived = Message.objects.filter(pk=message.pk, status=Message.Status.CANCELLED).update(
            status=Message.Status.PENDING, cancelled_at=None, attempts=0, **defaults
        )
        message.refresh_from_db()
        created = bool(revived)
    if created and due_at <= timezone.now():
        _send_after_commit(message.pk)
    return message


class _SendAfterCommit:
    """One task per transaction for the messages due now that it queued."""

    def __init__(self, message_id: int):
        self.ids = [message_id]
        self.done = False

    def __call__(self):
        from .tasks import deliver_messages

        self.done = True
        for start in range(0, len(self.ids), BATCH_SIZE):
            deliver_messages.delay(self.ids[start : start + BATCH_SIZE])


def _send_after_commit(message_id: int) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Join the callback this transaction already has, if any: a hundred
        # invitations become one task and one SMTP connection, not a hundred.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _SendAfterCommit) and not callback.done:
                callback.ids.append(message_id)
                return
    transaction.on_commit(_SendAfterCommit(message_id))


def message_cancel(*, target, kind: str | None = None, recipient_email: str | None = None) -> int:
    """Call off the pending messages of target (of one kind, to one person). Returns how many.

    A message already being handed to the mail server is not called off; the
    kind's still-wanted check catches what changed before that moment.
    """
    messages = Message.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        status=Message.Status.PENDING,
    )
    if kind:
        messages = messages.filter(kind=kind)
    if recipient_email:
        messages = messages.filter(recipient_email=recipient_email.strip().lower())
    return messages.update(
        status=Message.Status.CANCELLED, cancelled_at=timezone.now(), claimed_until=None
    )


@transaction.atomic
def message_replan(
    *,
    kind: str,
    target,
    due_at: datetime | Iterable[datetime],
    recipients: Iterable[tuple[str, str]],
    context: dict | None = None,
) -> list[Message]:
    """Plan the messages of one kind on target anew: for these (email, language) at these moments.

    Pending messages of the kind for another moment or another person are
    cancelled and the new ones recorded, in one transaction: a reminder that
    follows its meeting to a new time is never sent for the old one. Moments
    already past are not planned.
    """
    moments = [due_at] if isinstance(due_at, datetime) else list(due_at)
    now = timezone.now()
    moments = [moment for moment in moments if moment > now]
    recipients = {email.strip().lower(): language for email, language in recipients}
    ct = ContentType.objects.get_for_model(target)
    wanted = Q(due_at__in=moments, recipient_email__in=list(recipients))
    Message.objects.filter(
        content_type=ct, object_id=target.pk, kind=kind, status=Message.Status.PENDING
    ).exclude(wanted).update(status=Message.Status.CANCELLED, cancelled_at=now, claimed_until=None)
    return [
        message_queue(
            kind=kind,
            target=target,
            recipient_email=email,
            language=language,
            due_at=moment,
            context=context,
        )
        for moment in moments
        for email, language in recipients.items()
    ]


def message_resend(message: Message) -> bool:
    """Send a failed (or stuck) message again now. False if it was sent or is being sent."""
    updated = (
        Message.objects.filter(pk=message.pk)
        .exclude(status__in=[Message.Status.SENT, Message.Status.SENDING])
        .update(
            status=Message.Status.PENDING,
            attempts=0,
            last_error="",
            send_after=timezone.now(),
            claimed_until=None,
            cancelled_at=None,
        )
    )
    if updated:
        _send_after_commit(message.pk)
    return bool(updated)


def delivery_status(target, *, kinds: Iterable[str] | None = None) -> dict[str, Message]:
    """Each recipient's latest message about target (of these kinds), in one query."""
    messages = Message.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )
    if kinds is not None:
        messages = messages.filter(kind__in=list(kinds))
    latest = messages.values("recipient_email").annotate(latest=Max("pk")).values("latest")
    return {
        message.recipient_email: message
        for message in Message.objects.filter(pk__in=latest).order_by("recipient_email")
    }


# Sending -------------------------------------------------------------------


def _message_id(message: Message) -> str:
    """The same Message-ID for the same key, so a resend after a crash is recognisable."""
    due = message.due_at.astimezone(UTC).isoformat()
    key = f"{message.kind}|{message.content_type_id}|{message.object_id}|"
    key += f"{message.recipient_email}|{due}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "kumppanuus.invalid"
    return f"<{digest}@{domain}>"


def unsubscribe_url(email: str, group: str) -> str:
    token = signed_links.sign(UNSUBSCRIBE_PURPOSE, {"email": email.lower(), "group": group})
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


# Stand-ins for what differs between recipients of a shared rendering.
_RECIPIENT = "kumppanuus-recipient-email-placeholder"
_UNSUBSCRIBE = "https://kumppanuus.invalid/unsubscribe-url-placeholder"


def render_message(
    message: Message, extras: Extras | None = None, shared: dict | None = None
) -> tuple[str, str, str]:
    """Subject, text and HTML in the recipient's language.

    With ``shared`` (a dict kept for one batch), a kind marked ``shared_render``
    is rendered once per language, object and context, and only the
    recipient's address and unsubscribe link are put in for each person.
    """
    kind = get_kind(message.kind)
    unsubscribe = (
        unsubscribe_url(message.recipient_email, kind.group) if kind.bulk and kind.group else ""
    )
    if shared is None or not kind.shared_render or (extras and extras.context):
        return _render(message, extras, message.recipient_email, unsubscribe)
    key = (
        message.kind,
        message.language,
        message.content_type_id,
        message.object_id,
        json.dumps(message.context, sort_keys=True, cls=DjangoJSONEncoder),
    )
    if key not in shared:
        shared[key] = _render(message, extras, _RECIPIENT, _UNSUBSCRIBE if unsubscribe else "")
    subject, text, html = shared[key]

    def personal(part, quote=str):
        return part.replace(_RECIPIENT, quote(message.recipient_email)).replace(
            _UNSUBSCRIBE, quote(unsubscribe)
        )

    return personal(subject), personal(text), personal(html, escape)


def _render(message, extras, recipient_email, unsubscribe) -> tuple[str, str, str]:
    context = {
        **message.context,
        **(extras.context if extras else {}),
        "target": message.target,
        "site_url": settings.SITE_URL,
        "recipient_email": recipient_email,
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(message.language):
        base = f"notifications/{message.kind}/"
        subject = render_to_string(base + "subject.txt", context).strip()
        text = render_to_string(base + "body.txt", context)
        html = render_to_string(base + "body.html", context)
    return " ".join(subject.split()), text, html


def build_email(
    message: Message, connection=None, shared: dict | None = None
) -> EmailMultiAlternatives:
    """The email of a recorded message, made from its object's current state."""
    kind = get_kind(message.kind)
    extras = kind.prepare(message) if kind.prepare else Extras()
    subject, text, html = render_message(message, extras, shared)
    headers = {"Message-ID": _message_id(message), "Auto-Submitted": "auto-generated"}
    if kind.bulk:
        headers["Precedence"] = "bulk"
        if kind.group:
            headers["List-Unsubscribe"] = (
                f"<{unsubscribe_url(message.recipient_email, kind.group)}>"
            )
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers.update(extras.headers)
    email = EmailMultiAlternatives(
        subject,
        text,
        to=[message.recipient_email],
        reply_to=extras.reply_to or None,
        headers=headers,
        connection=connection,
    )
    email.attach_alternative(html, "text/html")
    if extras.calendar:
        method, ics = extras.calendar
        mimetype = f"text/calendar; method={method}"
        email.attach_alternative(ics, mimetype)
        email.attach("invite.ics" if method != "CANCEL" else "cancel.ics", ics, mimetype)
    for attachment in extras.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


def _claimable_one(now) -> Q:
    return Q(status=Message.Status.PENDING, send_after__lte=now) | Q(
        status=Message.Status.SENDING, claimed_until__lt=now
    )


def messages_claim_due(*, limit: int = BATCH_SIZE) -> list[int]:
    """Claim the next due messages, oldest first, for one sender for a while."""
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    due = Q(status=Message.Status.PENDING, send_after__lte=now) & free | Q(
        status=Message.Status.SENDING, claimed_until__lt=now
    )
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("send_after", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            # A message left "sending" by a crashed sender is due again.
            Message.objects.filter(pk__in=ids).update(
                status=Message.Status.PENDING, claimed_until=now + _lease()
            )
    return ids


class MailServerDown(Exception):
    """The mail server could not be reached: nothing was attempted."""


def _finish(message: Message, status: str, *, attempted: bool, error: str = "") -> None:
    now = timezone.now()
    values = {"status": status, "claimed_until": None, "last_error": error[:2000]}
    if attempted:
        values["attempts"] = F("attempts") + 1
    if status == Message.Status.SENT:
        values["sent_at"] = now
    elif status == Message.Status.CANCELLED:
        values["cancelled_at"] = now
    Message.objects.filter(pk=message.pk).update(**values)


def _failed_attempt(message: Message, error: Exception) -> None:
    attempts = message.attempts + 1
    now = timezone.now()
    if attempts >= MAX_ATTEMPTS:
        _finish(message, Message.Status.FAILED, attempted=True, error=repr(error))
        logger.error("Message %s failed for good: %r", message.pk, error)
        return
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.PENDING,
        attempts=F("attempts") + 1,
        last_error=repr(error)[:2000],
        send_after=now + _backoff(attempts),
        claimed_until=None,
    )
    logger.warning("Message %s not sent (attempt %s): %r", message.pk, attempts, error)


@contextmanager
def _quick_commits():
    """Each message's status is committed on its own, without waiting for the disk.

    A crash of the worker loses nothing (the database has the commits); a crash
    of the database server itself may forget the last fraction of a second of
    them, and those few messages would be sent again.
    """
    quick = db_connection.vendor == "postgresql" and not db_connection.in_atomic_block
    if quick:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if quick:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def messages_deliver(ids: list[int]) -> int:
    """Send those of the given messages that are due and unsent; returns how many were sent.

    Raises MailServerDown when the server cannot be reached; those messages
    then wait for the next sweep without counting an attempt.
    """
    messages = list(
        Message.objects.filter(
            pk__in=ids, status__in=[Message.Status.PENDING, Message.Status.SENDING]
        )
        .prefetch_related("target")
        .order_by("send_after", "pk")
    )
    if not messages:
        return 0
    opted_out = set(
        OptOut.objects.filter(
            email__in={message.recipient_email for message in messages}
        ).values_list("email", "group")
    )
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        _server_down([message.pk for message in messages], error)
        raise MailServerDown from error
    with _quick_commits():
        return _deliver_claimed(messages, connection, opted_out)


def _deliver_claimed(messages, connection, opted_out) -> int:
    sent = 0
    shared = {}  # renderings shared by the batch's recipients (Kind.shared_render)
    try:
        for index, message in enumerate(messages):
            now = timezone.now()
            claimed = Message.objects.filter(_claimable_one(now), pk=message.pk).update(
                status=Message.Status.SENDING, claimed_until=now + _lease()
            )
            if not claimed:
                continue
            outcome = _send_one(message, connection, opted_out, shared)
            if outcome is True:
                sent += 1
            elif isinstance(outcome, Exception):
                # The connection broke: open a new one or leave the rest for the sweep.
                connection.close()
                try:
                    connection.open()
                except Exception as error:
                    _server_down([m.pk for m in messages[index + 1 :]], error)
                    raise MailServerDown from error
    finally:
        connection.close()
    return sent


def _send_one(
    message: Message, connection, opted_out: set, shared: dict
) -> bool | Exception | None:
    """True when sent; the error when the connection broke; None otherwise."""
    kind = get_kind(message.kind)
    try:
        if message.target is None:
            _finish(message, Message.Status.CANCELLED, attempted=False, error="object deleted")
            return None
        if kind.group and (message.recipient_email, kind.group) in opted_out:
            _finish(message, Message.Status.CANCELLED, attempted=False, error="opted out")
            return None
        if kind.still_wanted and not kind.still_wanted(message):
            _finish(message, Message.Status.CANCELLED, attempted=False, error="no longer wanted")
            return None
        email = build_email(message, connection, shared)
    except Exception as error:
        logger.exception("Message %s could not be built", message.pk)
        _failed_attempt(message, error)
        return None
    try:
        email.send()
    except (SMTPResponseException, SMTPRecipientsRefused) as error:
        # The server answered and refused this one message.
        _failed_attempt(message, error)
        return None
    except Exception as error:
        _failed_attempt(message, error)
        return error
    _finish(message, Message.Status.SENT, attempted=True)
    return True


def _server_down(ids: list[int], error: Exception) -> None:
    """Nothing was attempted: release the claims so the oldest go first when it is back."""
    Message.objects.filter(pk__in=ids, status=Message.Status.PENDING).update(
        claimed_until=None, last_error=repr(error)[:2000]
    )
    logger.warning("Mail server unreachable, %s messages wait: %r", len(ids), error)


def messages_send_due(*, max_batches: int | None = None) -> int:
    """The sweep: send every due message, oldest first, in claimed batches. Returns how many."""
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        ids = messages_claim_due()
        if not ids:
            break
        batches += 1
        try:
            sent += messages_deliver(ids)
        except MailServerDown:
            break
    return sent


# Opting out of optional groups ---------------------------------------------


def opted_out_groups(email: str) -> set[str]:
    return set(OptOut.objects.filter(email=email.lower()).values_list("group", flat=True))


@transaction.atomic
def optout_set(*, email: str, groups_off: Iterable[str], groups_on: Iterable[str] = ()) -> None:
    email = email.lower()
    OptOut.objects.filter(email=email, group__in=list(groups_on)).delete()
    for group in groups_off:
        OptOut.objects.get_or_create(email=email, group=group)


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
