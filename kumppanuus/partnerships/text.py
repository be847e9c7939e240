"""Formatted section text: sanitised on save (nh3), and compared word by word."""

import difflib
import html
import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Headings, paragraphs, lists, links and tables; nothing that runs or styles.
ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "b", "i", "u", "blockquote",
    "ul", "ol", "li", "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_LENGTH = 20_000


def clean_html(value: str) -> str:
    """The section text with only harmless markup left: no script, event handlers,
    javascript: links or style attributes are ever stored."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


_BLOCK_END = re.compile(r"</(p|h[2-4]|li|tr|blockquote|table|caption)>|<br\s*/?>|<hr\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]>", re.I)


def html_to_text(value: str) -> str:
    """The words of the section, a line for each paragraph, heading, item and table row."""
    value = _BLOCK_END.sub("\n", value or "")
    value = _CELL_END.sub(" | ", value)
    value = re.sub(r"<li[^>]*>", "• ", value, flags=re.I)
    text = html.unescape(nh3.clean(value, tags=set()))
    lines = [" ".join(line.split()).rstrip(" |") for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def is_empty(value: str) -> bool:
    return not html_to_text(value).strip()


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> SafeString:
    """The change from old to new text as escaped HTML with <ins> and <del>.

    Each change also says in words, for screen readers (which do not announce
    ins and del), where removed or added text starts and ends.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(_marked("del", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(_marked("ins", "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def _marked(tag: str, text: str) -> str:
    if tag == "del":
        start, end = _("[removed:"), _("end of removed]")
    else:
        start, end = _("[added:"), _("end of added]")
    return (
        f'<{tag}><span class="visually-hidden">{escape(start)} </span>{escape(text)}'
        f'<span class="visually-hidden"> {escape(end)}</span></{tag}>'
    )
