from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One email to one person, recorded before it is sent.

    The key (kind, object, recipient, due moment) is unique, so a retry, a
    second sweep or a second beat can never send the same message twice. A
    message waits in the table until it is due; the sweep claims due rows and
    sends them (see services.py).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    recipient_email = models.EmailField(_("recipient"))
    due_at = models.DateTimeField(_("due"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the next attempt may start: the due moment, later after a failure.
    send_after = models.DateTimeField(_("next attempt"))
    # A claimed message belongs to one sender until this moment; after it, the
    # sweep may take it again (the sender crashed).
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient_email", "due_at"],
                name="message_once_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(
                fields=["send_after"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="message_due_queue",
            ),
            models.Index(fields=["content_type", "object_id", "kind"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_email}"

    @property
    def kind_label(self):
        from .kinds import kind_label

        return kind_label(self.kind)


class OptOut(models.Model):
    """A person does not want the optional messages of one group (kinds.register_group)."""

    email = models.EmailField(_("email address"))
    group = models.CharField(_("message group"), max_length=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("message opt-out")
        verbose_name_plural = _("message opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["email", "group"], name="optout_once_per_group"),
        ]

    def __str__(self):
        return f"{self.email}: {self.group}"


class Feedback(models.Model):
    """Feedback on accessibility (the channel that the accessibility statement promises)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    page = models.CharField(_("page"), max_length=500, blank=True)
    message = models.TextField(_("feedback"), max_length=5000)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]

    def __str__(self):
        return self.message[:60]
