from django import forms


class QuickSelect(forms.Select):
    """A select that renders its options in one template instead of one template each.

    Django includes a template per option; with 300 municipalities that is most
    of a page's rendering time. Options carry only value, label and selected.
    """

    template_name = "widgets/quick_select.html"
