"""Links of many rows from one reverse().

List pages draw their rows in Python (a tag with format_html or html.escape, not
a template per row); reversing a URL per row would be a third of their time.
`url_maker` reverses the URL once with stand-ins and returns a function that puts
each row's values in their place.
"""

from django.urls import reverse

# Digits pass every converter the portal's per-row URL parts use (int, str, slug).
_STAND_IN = 987654320


def url_maker(name: str, *fixed, arity: int = 1):
    """A function giving ``reverse(name, args=[*fixed, *values])`` for `arity` values.

    The values are put in with str(): pass what the pattern accepts (a pk, a slug or
    a code read from the database), as reverse() would be given.
    """
    stand_ins = [str(_STAND_IN + position) for position in range(arity)]
    rest = reverse(name, args=[*fixed, *stand_ins])
    pieces = []
    for stand_in in stand_ins:
        head, rest = rest.split(stand_in, 1)
        pieces.append(head)

    def url(*values) -> str:
        filled = zip(pieces, values, strict=True)
        return "".join(f"{piece}{value}" for piece, value in filled) + rest

    return url
