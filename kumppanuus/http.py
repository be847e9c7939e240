def posted(request):
    """The form data of a POST, else None: ``Form(posted(request))``.

    Unlike ``request.POST or None``, an empty POST still binds the form, so it
    gets its errors and a 400 instead of passing for a first visit.
    """
    return request.POST if request.method == "POST" else None


def form_status(*forms) -> int:
    """400 when a submitted form has errors, so bad input never looks like success."""
    return 400 if any(form.is_bound and form.errors for form in forms) else 200


class BadRequestOnInvalidFormMixin:
    """For class-based form views: a failed form is re-shown with status 400."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
