from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("viestit/peru/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("tili/viestit/", views.message_settings, name="settings"),
    path("viestit/<int:pk>/laheta-uudelleen/", views.resend, name="resend"),
]
