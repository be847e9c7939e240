from django.urls import path

from . import survey_urls, views

app_name = "forums"

urlpatterns = [
    path("foorumit/", views.forum_list, name="list"),
    path("foorumit/uusi/", views.forum_create, name="create"),
    path("foorumit/kalenteri.ics", views.feed_all, name="feed_all"),
    path("foorumit/<int:pk>/", views.forum_detail, name="detail"),
    path("foorumit/<int:pk>/kalenteri.ics", views.feed, name="feed"),
    path("foorumit/<int:pk>/muokkaa/", views.forum_edit, name="edit"),
    path("foorumit/<int:pk>/jasenet/", views.forum_members, name="members"),
    path(
        "foorumit/<int:pk>/jasenet/<int:membership_pk>/paata/",
        views.member_end,
        name="member_end",
    ),
    path("foorumit/<int:pk>/koordinaattorit/", views.coordinator_add, name="coordinator_add"),
    path("foorumit/<int:pk>/uusi-tapaaminen/", views.meeting_create, name="meeting_create"),
    path("foorumit/rytmi/", views.rhythm, name="rhythm"),
    path("kalenteri/", views.calendar, name="calendar"),
    path("tapaamiset/<int:pk>/", views.meeting_detail, name="meeting"),
    path("tapaamiset/<int:pk>/kalenteriin.ics", views.meeting_ics, name="meeting_ics"),
    path("tapaamiset/<int:pk>/vastaa/", views.meeting_answer, name="meeting_answer"),
    path("tapaamiset/<int:pk>/ilmoittaudu/", views.guest_register, name="register"),
    path(
        "tapaamiset/<int:pk>/asiakirjat/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path("tapaamiset/<int:pk>/hallinta/", views.meeting_manage, name="meeting_manage"),
    path("tapaamiset/<int:pk>/hallinta/muokkaa/", views.meeting_edit, name="meeting_edit"),
    path("tapaamiset/<int:pk>/hallinta/kutsu/", views.meeting_invite, name="meeting_invite"),
    path("tapaamiset/<int:pk>/hallinta/peru/", views.meeting_cancel, name="meeting_cancel"),
    path("tapaamiset/<int:pk>/hallinta/lasnaolo/", views.meeting_attendance, name="attendance"),
    path("tapaamiset/<int:pk>/hallinta/tuloste/", views.meeting_print, name="print"),
    path(
        "tapaamiset/<int:pk>/hallinta/lasnaolo.<str:fmt>",
        views.attendance_export,
        name="attendance_export",
    ),
    path(
        "tapaamiset/<int:pk>/hallinta/esityslista/<int:item_pk>/poista/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path("vastaa/<str:token>/", views.answer, name="answer"),
]

# Feedback and surveys (forums/surveys.py).
urlpatterns += survey_urls.urlpatterns
