"""Map a sync failure to what the user should do next."""


def hint_for(error: BaseException) -> str:
    """Return advice for ``error``, or an empty string when there is none."""
    return getattr(error, "hint", "") or ""
