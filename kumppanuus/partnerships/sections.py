"""The eight sections of a cooperation guideline (järjestöyhteistyön ohje), as the seeds list them.

Each section has guidance for the person who writes it and an example that a
new guideline starts from (the template), both translated; the live data that
a section shows below its text comes from the panels registered for
``kumppanuus.panels.guideline_section(key)``.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


@dataclass(frozen=True)
class Section:
    key: str
    slug: str
    title: str
    guidance: str
    example: str
    example_points: tuple[str, ...] = ()

    def template_html(self, language: str) -> str:
        """The example as the starting text of a new guideline, in the given language."""
        with override(language):
            html = f"<p>{escape(str(self.example))}</p>"
            if self.example_points:
                items = "".join(f"<li>{escape(str(point))}</li>" for point in self.example_points)
                html += f"<ul>{items}</ul>"
        return html


SECTIONS = (
    Section(
        "strategy",
        "strategia",
        _("Municipal strategy priorities"),
        _(
            "Say which goals of the municipal strategy and the welfare report associations "
            "can help with, and how the municipality values their work. Keep it short and "
            "link to the strategy itself."
        ),
        _(
            "The municipality sees associations as a resource and a partner. Our strategy "
            "emphasises the wellbeing of residents, local vitality and a pleasant living "
            "environment, and we pursue them together with associations."
        ),
        (
            _("Residents' wellbeing and health"),
            _("Participation and community in the villages and neighbourhoods"),
            _("Local vitality and volunteering"),
        ),
    ),
    Section(
        "forums",
        "foorumit",
        _("Forms of forum activity"),
        _(
            "Describe where the municipality and associations meet: an association forum, "
            "wellbeing get-togethers (hyvinvointihytinät) two or three times a year, working "
            "groups, an association panel. Say who convenes them and how an association takes "
            "part. The portal lists the forums and their next meetings below the text."
        ),
        _(
            "The municipality and local associations meet at open wellbeing get-togethers "
            "two or three times a year. Every association working in the municipality is "
            "welcome; the invitation is published in the portal's calendar."
        ),
    ),
    Section(
        "agreements",
        "kumppanuussopimukset",
        _("Principles of partnership agreements"),
        _(
            "Say when the municipality makes a partnership agreement with an association and "
            "how an association proposes one. The principles: equal parties, a shared goal, "
            "agreed rules, openness, reciprocity, joint decisions and shared responsibility."
        ),
        _(
            "A partnership agreement records a shared goal and what each party brings to it: "
            "money, premises or work. It is made for a fixed period and reviewed together."
        ),
        (
            _("The parties are equal and decide together."),
            _("The goals, responsibilities and resources are written down."),
            _("The agreement is reviewed at least once a year."),
        ),
    ),
    Section(
        "grants",
        "avustukset",
        _("Grant criteria"),
        _(
            "Say which grants the municipality gives, who may apply, on what criteria, and "
            "when. Harmonise the application periods of the departments and serve associations "
            "at one point of contact. Tell about the extra points (porkkanat) for applications "
            "that serve the welfare priorities. The rounds and their periods are listed below."
        ),
        _(
            "The municipality's grants are applied for in the portal. The application periods "
            "of all departments are the same each year, and applications that serve the "
            "priorities of the welfare plan get extra points."
        ),
    ),
    Section(
        "premises",
        "toimitilat",
        _("Principles for the use of premises"),
        _(
            "Say which municipal premises associations may use, on what terms and at what "
            "price, and how to book them. Associations value predictable prices and knowing "
            "the terms in advance."
        ),
        _(
            "Associations may use the municipality's meeting rooms, school gyms and village "
            "halls for their activities. Use for non-profit activities open to residents is "
            "free of charge or at a reduced price."
        ),
    ),
    Section(
        "welfare",
        "hyvinvointityo",
        _("Associations' part in welfare work"),
        _(
            "Say how associations take part in planning, carrying out and evaluating the "
            "municipality's welfare report and plan, and who coordinates it. The welfare "
            "priorities are listed below the text."
        ),
        _(
            "Associations take part in preparing the welfare report and plan. The welfare "
            "coordinator gathers their views at the wellbeing get-togethers and reports back "
            "on what was done."
        ),
    ),
    Section(
        "contacts",
        "yhteyshenkilot",
        _("Contact persons for associations"),
        _(
            "Name who in the municipality answers associations' questions and on which "
            "matters, so that no one has to guess who is responsible for what. The public "
            "contact persons are listed below the text."
        ),
        _(
            "The municipality's contact persons for associations answer questions about "
            "cooperation, grants and premises, and forward other questions to the right place."
        ),
    ),
    Section(
        "communication",
        "tiedottaminen",
        _("Communication principles"),
        _(
            "Say how the municipality tells associations about grants, events and decisions, "
            "and how associations can bring their own news and events to residents."
        ),
        _(
            "The municipality tells associations about grants, events and decisions in the "
            "portal and by email. Associations may publish their events in the municipality's "
            "event calendar."
        ),
    ),
)

SECTION_KEYS = tuple(section.key for section in SECTIONS)
BY_KEY = {section.key: section for section in SECTIONS}
BY_SLUG = {section.slug: section for section in SECTIONS}


def template_sections(language: str) -> dict[str, str]:
    """The starting text of a new guideline: each section's example."""
    return {section.key: section.template_html(language) for section in SECTIONS}
