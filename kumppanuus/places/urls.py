from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("kunnat/<str:code>/yhteyshenkilot/", views.contact, name="contact"),
]
