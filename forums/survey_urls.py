from django.urls import path

from . import surveys

urlpatterns = [
    path("foorumit/<int:pk>/kyselyt/", surveys.forum_surveys, name="surveys"),
    path("foorumit/<int:pk>/kyselyt/uusi/", surveys.forum_survey_create, name="survey_create"),
    path(
        "foorumit/<int:pk>/kyselyt/pohjat/uusi/",
        surveys.template_create,
        name="survey_template_create",
    ),
    path(
        "foorumit/<int:pk>/kyselyt/pohjat/<int:template_pk>/",
        surveys.template_edit,
        name="survey_template",
    ),
    path("tapaamiset/<int:pk>/hallinta/palaute/", surveys.meeting_survey, name="meeting_survey"),
    path("kyselyt/<int:pk>/", surveys.survey_edit, name="survey"),
    path("kyselyt/<int:pk>/laheta/", surveys.survey_send, name="survey_send"),
    path("kyselyt/<int:pk>/tulokset/", surveys.survey_results, name="survey_results"),
    path("kyselyt/<int:pk>/tulokset.<str:fmt>", surveys.survey_export, name="survey_export"),
    path("kysely/<str:token>/", surveys.survey_answer, name="survey_answer"),
]
