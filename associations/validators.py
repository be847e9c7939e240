from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import associationid, ytunnus


def normalize_business_id(value: str) -> str:
    """Validate a Y-tunnus and return it as 1234567-1.

    Accepts the forms people type: with or without the hyphen, spaces, or the
    FI prefix of the VAT number (FI12345678).
    """
    raw = (value or "").strip().upper().replace(" ", "")
    if raw.startswith("FI"):
        raw = raw[2:]
    try:
        return ytunnus.format(ytunnus.validate(raw))
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The business ID %(value)s has a wrong check digit. Check the number."),
            code="invalid_checksum",
            params={"value": value},
        ) from None
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("A business ID has seven digits, a hyphen and a check digit, like 1234567-1."),
            code="invalid_length",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("A business ID has seven digits, a hyphen and a check digit, like 1234567-1."),
            code="invalid_format",
        ) from None


def normalize_register_number(value: str) -> str:
    """Validate the legacy association register number (yhdistysrekisterinumero)."""
    try:
        return associationid.format(associationid.validate(value))
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("The association register number %(value)s is not valid."),
            code="invalid_register_number",
            params={"value": value},
        ) from None
