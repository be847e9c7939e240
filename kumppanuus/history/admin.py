from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The history is a record: it is read here, never written."""

    list_display = ["created_at", "target_name", "action_label", "user"]
    list_filter = ["content_type", "action"]
    search_fields = ["user__email", "note"]
    list_select_related = ["user", "content_type"]
    readonly_fields = [
        "content_type",
        "object_id",
        "user",
        "action",
        "changes",
        "note",
        "created_at",
    ]

    @admin.display(description=_("object"))
    def target_name(self, change):
        return f"{change.content_type.name}: {change.target}"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, change):
        return change.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
