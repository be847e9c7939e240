"""Phone numbers: parsed with phonenumbers as Finnish unless they carry a country code."""

import phonenumbers

REGION = "FI"


def parse(value: str) -> phonenumbers.PhoneNumber | None:
    """The number, or None when value is not a possible phone number."""
    if not value or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def national(value: str) -> str:
    """As people in Finland write it (040 123 4567); foreign numbers in international form."""
    number = parse(value)
    if number is None:
        return value
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def e164(value: str) -> str:
    """+358401234567, for tel: links; empty when value is not a phone number."""
    number = parse(value)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
