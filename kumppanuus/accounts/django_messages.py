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
