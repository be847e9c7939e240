"""Django's own messages that its shipped catalogues leave untranslated.

Django 5.2's Finnish catalogue has no translation for the minimum length
validator's error, so Finnish pages showed it in English. The project's
catalogue (LOCALE_PATHS) is searched before Django's, so listing the messages
here puts them into locale/*/django.po with `make makemessages`, where they are
translated. This module is never imported; only makemessages reads it.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
# Django's Finnish "liian lähellä kohdetta sukunimi" reads oddly.
gettext_lazy("The password is too similar to the %(verbose_name)s.")

# django-axes (login records in the admin) ships no Finnish or Swedish catalogue.
gettext_lazy("User Agent")
gettext_lazy("IP Address")
gettext_lazy("Username")
gettext_lazy("HTTP Accept")
gettext_lazy("Path")
gettext_lazy("Attempt Time")
gettext_lazy("Access lock out")
gettext_lazy("access failure")
gettext_lazy("access failures")
gettext_lazy("GET Data")
gettext_lazy("POST Data")
gettext_lazy("Failed Logins")
gettext_lazy("access attempt")
gettext_lazy("access attempts")
gettext_lazy("Access Attempt")
gettext_lazy("Expires At")
gettext_lazy("The time when access attempt expires and is no longer valid.")
gettext_lazy("access attempt expiration")
gettext_lazy("access attempt expirations")
gettext_lazy("Logout Time")
gettext_lazy("Session key hash (sha256)")
gettext_lazy("access log")
gettext_lazy("access logs")
gettext_lazy("Locked Out")
gettext_lazy("Form Data")
gettext_lazy("Meta Data")
gettext_lazy("Clean up expired attempts")
gettext_lazy("Not set")
gettext_lazy("Attempt Remaining")

# The admin's model list (visually hidden column headings), untranslated in Django 5.2's
# Finnish catalogue.
gettext_lazy("Model name")
gettext_lazy("Add link")
gettext_lazy("Change or view list link")
