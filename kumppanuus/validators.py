"""Validators shared by the forms of several apps."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kumppanuus import phones


def validate_phone_number(value: str) -> None:
    """A Finnish number (040 123 4567) or an international one (+46 8 123 456 78)."""
    number = phones.parse(value)
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a phone number, for example 040 123 4567 or +358 40 123 4567."),
            code="invalid_phone",
        )


def validate_public_email(value: str) -> None:
    """A public address must be reachable from the internet: no localhost, no IP address."""
    domain = value.rpartition("@")[2].strip("[]").lower()
    try:
        validate_ipv46_address(domain.removeprefix("ipv6:"))
        is_ip = True
    except ValidationError:
        is_ip = False
    if is_ip or "." not in domain or domain == "localhost" or domain.endswith(".localhost"):
        raise ValidationError(
            _("Enter an email address with a domain name, such as info@yhdistys.fi."),
            code="invalid_public_email",
        )


def validate_postal_code(value: str) -> None:
    """Five digits 0–9 (not other scripts' digits, which Python's isdigit() accepts)."""
    if not (len(value) == 5 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A postal code has five digits."), code="invalid_postal_code")


def validate_iban(value: str) -> None:
    """A bank account number in IBAN form (FI21 1234 5600 0007 85), checksum included."""
    from stdnum import iban
    from stdnum.exceptions import ValidationError as NumberError

    try:
        iban.validate(value)
    except NumberError:
        raise ValidationError(
            _("Enter the bank account as an IBAN, for example FI21 1234 5600 0007 85."),
            code="invalid_iban",
        ) from None


def compact_iban(value: str) -> str:
    """The IBAN without spaces, in capitals (how it is stored)."""
    from stdnum import iban

    return iban.compact(value or "")


def format_iban(value: str) -> str:
    """The IBAN in groups of four, as printed on a bank statement."""
    from stdnum import iban

    return iban.format(value) if value else ""


def iban_form_field(**kwargs):
    """A form field that takes an IBAN with or without spaces and stores it compact."""
    from django import forms

    class IbanField(forms.CharField):
        def to_python(self, value):
            return compact_iban(super().to_python(value))

        def prepare_value(self, value):
            try:
                return format_iban(value) if value else value
            except Exception:  # an invalid value is shown as typed
                return value

    kwargs.setdefault("label", _("Bank account (IBAN)"))
    kwargs.setdefault("required", False)
    kwargs.setdefault("max_length", 50)
    kwargs.setdefault("validators", [validate_iban])
    field = IbanField(**kwargs)
    field.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
    return field


def validate_plain_text(value: str) -> None:
    """Plain text only: a value with HTML tags or comments is refused, so none is ever stored.

    Pages escape what they show anyway; refusing markup also keeps it out of
    emails, exports and anything else that reads the text later. A lone "<" as
    in "alle <50 henkeä" is text and passes.
    """
    if value and strip_tags(value) != value:
        raise ValidationError(
            _("Write plain text without HTML markup (such as <b> or <script>)."),
            code="markup",
        )
