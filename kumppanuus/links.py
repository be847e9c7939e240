"""Links of many rows from one reverse().

List pages draw their rows in Python (a tag with format_html or html.escape, not
a template per row); reversing a URL per row would be a third of their time.
`url_maker` reverses the URL once with stand-ins and returns a function that puts
each row's values in their place. The pieces are kept per script prefix and URL
configuration, so a page's url_maker() calls reverse nothing after the first.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Digits pass every converter the portal's per-row URL parts use (int, str, slug).
_STAND_IN = 987654320


def url_maker(name: str, *fixed, arity: int = 1):
    """A function giving ``reverse(name, args=[*fixed, *values])`` for `arity` values.

    The values are put in with str(): pass what the pattern accepts (a pk, a slug or
    a code read from the database), as reverse() would be given.
    """
    pieces, rest = _pieces(name, tuple(fixed), arity, get_script_prefix(), get_urlconf())

    def url(*values) -> str:
        filled = zip(pieces, values, strict=True)
        return "".join(f"{piece}{value}" for piece, value in filled) + rest

    return url


@lru_cache(maxsize=512)
def _pieces(name, fixed, arity, prefix, urlconf) -> tuple[list[str], str]:
    """The URL's text before each value and after the last (prefix and urlconf: the key)."""
    stand_ins = [str(_STAND_IN + position) for position in range(arity)]
    rest = reverse(name, args=[*fixed, *stand_ins], urlconf=urlconf)
    pieces = []
    for stand_in in stand_ins:
        head, rest = rest.split(stand_in, 1)
        pieces.append(head)
    return pieces, rest


@receiver(setting_changed)
def _forget_pieces(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _pieces.cache_clear()
