"""Try ytmt end to end without Last.fm or YouTube Music accounts.

Start a Last.fm emulator serving a real history, in its own terminal::

    .venv/bin/python -m tests.support.demo emulator HISTORY_FILE --port 8765

write credentials the fake accepts, in place of the setup page's
YouTube Music step::

    .venv/bin/python -m tests.support.demo browser-json browser.json

then point ytmt at the emulator and at the YouTube Music fake in `.env`::

    LASTFM_API_URL=http://127.0.0.1:8765/2.0/
    LASTFM_USER=demo
    LASTFM_API_KEY=0123456789abcdef0123456789abcdef
    YTMUSIC_CLIENT_FACTORY=tests.support.demo.factory
    YTMT_DEMO_HISTORY=HISTORY_FILE

The fake lives in the memory of the process that uses it (the web app's
worker, or one `runsync` command), so its playlists last as long as that
process. Its catalogue is built from the same history on first use.
"""

import argparse
import os
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.support import ytmusic_fake
from tests.support.catalogue import build_catalogue
from tests.support.histories import load_history, shift_to_now

DEMO_API_KEY = "0123456789abcdef0123456789abcdef"

_seeded = threading.Lock()
_seeded_path: str | None = None


def factory(auth: str | None = None, **kwargs: Any) -> ytmusic_fake.FakeYTMusic:
    """Return a fake client whose catalogue contains YTMT_DEMO_HISTORY's songs."""
    global _seeded_path
    path = os.environ.get("YTMT_DEMO_HISTORY", "")
    with _seeded:
        if path and path != _seeded_path:
            scrobbles = load_history(Path(path))
            build_catalogue(ytmusic_fake.reset(), scrobbles)
            _seeded_path = path
    return ytmusic_fake.factory(auth=auth, **kwargs)


def serve_emulator(history: Path, port: int, user: str) -> None:
    from tests.support.lastfm_emulator import LastfmEmulator

    scrobbles = shift_to_now(load_history(history), datetime.now(UTC))
    emulator = LastfmEmulator(scrobbles, user=user, api_key=DEMO_API_KEY, port=port)
    emulator.start()
    print(f"Last.fm emulator for user {user!r} on {emulator.url}", flush=True)
    print(f"{len(scrobbles)} scrobbles; API key {DEMO_API_KEY}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    emulator.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    emulator = commands.add_parser("emulator", help="serve a history like Last.fm")
    emulator.add_argument("history", type=Path)
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument("--user", default="demo")
    credentials = commands.add_parser(
        "browser-json", help="write a browser.json the fake accepts"
    )
    credentials.add_argument("path", type=Path)
    options = parser.parse_args(argv)
    if options.command == "browser-json":
        ytmusic_fake.write_browser_json(options.path)
        print(f"Wrote demo YouTube Music credentials to {options.path}")
        return 0
    serve_emulator(options.history, options.port, options.user)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
