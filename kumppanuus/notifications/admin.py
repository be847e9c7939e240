from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .kinds import kind_choices
from .models import Feedback, Message, OptOut
from .services import message_resend


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "kind_label",
        "recipient_email",
        "status",
        "due_at",
        "sent_at",
        "attempts",
    ]
    list_filter = ["status", KindFilter]
    search_fields = ["recipient_email", "kind"]
    date_hierarchy = "created_at"
    # The stored context holds no secret (links with tokens are made at send time).
    readonly_fields = [f.name for f in Message._meta.fields if f.name != "id"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, message):
        return message.kind_label

    @admin.action(description=_("Send again the selected unsent messages"))
    def resend(self, request, queryset):
        with transaction.atomic():
            count = sum(message_resend(message) for message in queryset)
        self.message_user(
            request,
            ngettext("%d message queued.", "%d messages queued.", count) % count,
            messages.SUCCESS,
        )


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "group", "created_at"]
    list_filter = ["group"]
    search_fields = ["email"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "name", "email", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    readonly_fields = ["name", "email", "page", "message", "language", "created_at"]
