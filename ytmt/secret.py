"""Find or create Django's SECRET_KEY so a fresh install needs no manual step."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Values copied from sample files: refusing them stops a published key from
# signing real sessions.
SAMPLE_VALUES = {"", "change-me", "changeme", "your-secret-key", "secret"}


def load_or_create_secret_key(
    env_value: str | None, key_file: str | None, generated_path: Path
) -> str:
    """Return the key from the environment, SECRET_KEY_FILE or cache/secret_key.

    When none is set, generate a key once and keep it in ``generated_path``
    with mode 0600, so sessions survive restarts.
    """
    if env_value is not None:
        if env_value.strip().lower() in SAMPLE_VALUES:
            raise ImproperlyConfigured(
                "SECRET_KEY is empty or still the sample value. Remove it from "
                ".env to have one generated, or set it to the output of: "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return env_value

    if key_file:
        try:
            return Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE={key_file} cannot be read ({error.strerror}). "
                "Point it at a readable file or unset it."
            ) from error

    if generated_path.exists():
        return generated_path.read_text(encoding="utf-8").strip()

    generated_path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL makes two processes starting together agree on one key.
    try:
        fd = os.open(generated_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return generated_path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
