"""People's names the Vietnamese way: family and middle names first, then the given name
("Nguyễn Thị Thường Trực"), never the Western order of Django's full name ("Thường Trực Nguyễn Thị").
Django's user keeps the given name in ``first_name`` and the family and middle names in ``last_name``."""


def person_name(user) -> str:
    """The name to show for a person: ``last_name first_name``, or the username when no name is set."""
    if user is None:
        return "—"
    parts = [(getattr(user, "last_name", "") or "").strip(), (getattr(user, "first_name", "") or "").strip()]
    name = " ".join(part for part in parts if part)
    return name or (user.get_username() if hasattr(user, "get_username") else str(user))
