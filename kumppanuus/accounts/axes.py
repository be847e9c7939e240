def login_name(request, credentials) -> str:
    """The login name that django-axes throttles: the email address, in lower case.

    Both the portal's login form and the admin's pass it as "username"; the
    user model names it "email". Lower case so that capitals do not dodge the lock.
    """
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return (value or "").strip().lower()
