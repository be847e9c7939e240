from django.contrib import admin

from kumppanuus.pagecache import RefreshPublicPagesAdmin

from .models import AgendaItem, Coordinator, Forum, Invitee, Meeting, MeetingDocument, Membership


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    autocomplete_fields = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fk_name = "forum"
    exclude = ["substitute_for"]


@admin.register(Forum)
class ForumAdmin(RefreshPublicPagesAdmin):
    page_cache_topics = ("forums",)
    list_display = ["name", "kind", "meetings_per_year", "is_open"]
    list_filter = ["kind", "is_open"]
    search_fields = ["name", "name_sv"]
    inlines = [CoordinatorInline, MembershipInline]
    filter_horizontal = [
        "organiser_municipalities",
        "organiser_counties",
        "organiser_associations",
        "area_municipalities",
    ]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(RefreshPublicPagesAdmin):
    page_cache_topics = ("forums",)
    list_display = ["title", "forum", "starts_at", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "forum__name"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(Invitee)
class InviteeAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "meeting", "answer", "waiting_position", "attended"]
    list_filter = ["answer", "is_guest"]
    search_fields = ["name", "email", "meeting__title"]
    raw_id_fields = ["meeting", "user"]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(RefreshPublicPagesAdmin):
    page_cache_topics = ("forums",)
    list_display = ["title", "meeting", "is_public", "uploaded_at"]
    raw_id_fields = ["meeting"]
    fields = ["meeting", "title", "original_name", "is_public", "uploaded_by"]
