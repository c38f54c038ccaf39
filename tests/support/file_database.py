"""A file-backed SQLite database for tests that use the database from threads.

The default test database is SQLite in memory with a shared cache. There a
second writer gets "database table is locked" at once instead of waiting, so
tests that run a sync, a scheduler or two competing lease holders in threads
use a real file with the app's WAL and busy-timeout options instead.

Use it from a test module:

    from tests.support.file_database import file_database  # noqa: F401

and mark the tests `pytest.mark.django_db(transaction=True)` and
`pytest.mark.usefixtures("file_database")`.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections


@pytest.fixture(scope="module")
def file_database(
    django_db_setup: None, django_db_blocker, tmp_path_factory
) -> Iterator[Path]:
    """Point the default connection at a new SQLite file for one module."""
    path = tmp_path_factory.mktemp("database") / "test.sqlite3"
    settings_dict = connections.settings["default"]
    if settings_dict["ENGINE"] != "django.db.backends.sqlite3":
        # Other databases already let threads wait for each other's locks.
        yield path
        return

    connection = connections["default"]
    previous_name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        # Django never closes an in-memory SQLite connection, because that
        # would drop the database. Set it aside for the modules that follow.
        connection.ensure_connection()
        memory_connection = connection.connection
        connection.connection = None
        # Connections opened later, in any thread, read these dicts.
        for values in (connection.settings_dict, settings_dict):
            values["NAME"] = str(path)
        call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    try:
        yield path
    finally:
        with django_db_blocker.unblock():
            connection.close()
            for values in (connection.settings_dict, settings_dict):
                values["NAME"] = previous_name
            connection.connection = memory_connection
