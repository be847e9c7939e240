from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .kinds import kind_label
from .models import Feedback, Message
from .tasks import send_message


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        used = Message.objects.order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, kind_label(kind)) for kind in used]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind_name", "recipient_email", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", KindFilter]
    search_fields = ["recipient_email", "kind"]
    date_hierarchy = "created_at"
    # The context may hold a one-time link, so it is not shown.
    readonly_fields = [f.name for f in Message._meta.fields if f.name not in {"id", "context"}]
    exclude = ["context"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj):
        return kind_label(obj.kind)

    @admin.action(description=_("Send again the selected unsent messages"))
    def resend(self, request, queryset):
        ids = list(queryset.exclude(status=Message.Status.SENT).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(status=Message.Status.PENDING)
        for message_id in ids:
            send_message.delay(message_id)
        self.message_user(
            request,
            ngettext("%d message queued.", "%d messages queued.", len(ids)) % len(ids),
            messages.SUCCESS,
        )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "name", "email", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    readonly_fields = ["name", "email", "page", "message", "language", "created_at"]
