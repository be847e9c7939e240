from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kumppanuus import pagecache

from .models import Invitation, User
from .roles import invitation_role_label, role_label


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["first_name", "last_name", "phone", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        # A name or a deactivation changes the public lists of contact persons.
        super().save_model(request, obj, form, change)
        pagecache.invalidate()


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        used = Invitation.objects.order_by("role").values_list("role", flat=True).distinct()
        return [(role, role_label(role)) for role in used]

    def queryset(self, request, queryset):
        return queryset.filter(role=self.value()) if self.value() else queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "role_name",
        "content_type",
        "object_id",
        "created_at",
        "accepted_at",
    ]
    list_filter = [RoleFilter]
    search_fields = ["email"]
    readonly_fields = ["token", "created_at", "accepted_at", "accepted_by", "invited_by"]

    @admin.display(description=_("role"), ordering="role")
    def role_name(self, obj):
        return invitation_role_label(obj.role, obj.title)


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes' admin of login attempts, its status column in the reader's language."""

    @admin.display(description=_("status"))
    def status(self, obj):
        return super().status(obj)


if admin.site.is_registered(AccessAttempt):  # AXES_ENABLE_ADMIN may turn axes' admin off
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LoginAttemptAdmin)
