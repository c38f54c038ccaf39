"""Static checks of deploy/Dockerfile, deploy/docker-compose.yml and
.dockerignore, since no Docker engine runs the build in tests."""

import fnmatch
import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "deploy" / "Dockerfile"
COMPOSE = REPO / "deploy" / "docker-compose.yml"
DOCKERIGNORE = REPO / ".dockerignore"


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for word, args in self.instructions if word == keyword]

    def one(self, keyword: str) -> str:
        values = self.all(keyword)
        assert len(values) == 1, f"{keyword} appears {len(values)} times"
        return values[0]


def parse_dockerfile(text: str) -> list[Stage]:
    """Split the Dockerfile into stages of (INSTRUCTION, arguments)."""
    joined = re.sub(r"\\\n", " ", text)
    stages: list[Stage] = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arguments = line.partition(" ")
        arguments = " ".join(arguments.split())
        if keyword.upper() == "FROM":
            parts = arguments.split()
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(image=parts[0], name=name))
        else:
            stages[-1].instructions.append((keyword.upper(), arguments))
    return stages


@pytest.fixture(scope="module")
def stages() -> dict[str, Stage]:
    parsed = parse_dockerfile(DOCKERFILE.read_text())
    return {stage.name or "final": stage for stage in parsed}


@pytest.fixture(scope="module")
def service() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]["ytmt"]


def env_values(stage: Stage) -> dict[str, str]:
    values: dict[str, str] = {}
    for arguments in stage.all("ENV"):
        for pair in shlex.split(arguments):
            key, _, value = pair.partition("=")
            values[key] = value
    return values


def test_stages_and_base_images(stages: dict[str, Stage]) -> None:
    assert list(stages) == ["assets", "builder", "final"]
    assert stages["assets"].image.startswith("node:")
    assert stages["builder"].image == "python:3.11-slim"
    assert stages["final"].image == "python:3.11-slim"


def test_assets_stage_builds_bundle(stages: dict[str, Stage]) -> None:
    runs = stages["assets"].all("RUN")

    assert runs == ["npm ci --no-audit --no-fund", "npm run build"]
    assert stages["assets"].all("COPY")[0] == "package.json package-lock.json ./"


def test_builder_makes_venv_catalogs_and_static(stages: dict[str, Stage]) -> None:
    builder = stages["builder"]
    runs = " && ".join(builder.all("RUN"))

    assert env_values(builder)["PATH"] == "/opt/venv/bin:$PATH"
    assert "python -m venv /opt/venv" in runs
    assert "pip install -r requirements/base.txt" in runs
    assert "apt-get install -y --no-install-recommends gettext" in runs
    assert "python manage.py compilemessages" in runs
    assert re.search(r"SECRET_KEY=\S+ python manage.py collectstatic --noinput", runs)
    assert "COPY --from=assets /src/static/dist/ static/dist/" in [
        f"COPY {arguments}" for arguments in builder.all("COPY")
    ]


def test_dependencies_install_before_source_copy(stages: dict[str, Stage]) -> None:
    instructions = stages["builder"].instructions
    requirements = instructions.index(
        ("COPY", "requirements/base.txt requirements/base.txt")
    )
    install = instructions.index(("RUN", "pip install -r requirements/base.txt"))
    source = instructions.index(("COPY", ". ."))

    assert requirements < install < source


def test_final_stage_has_only_run_time_tools(stages: dict[str, Stage]) -> None:
    final = stages["final"]
    runs = " && ".join(final.all("RUN"))

    assert (
        "apt-get install -y --no-install-recommends gosu passwd util-linux curl" in runs
    )
    assert "gettext" not in runs
    assert "npm" not in runs
    assert "groupadd --gid 1000 lastfm" in runs
    assert "useradd --uid 1000 --gid lastfm" in runs
    assert "rm -rf /var/lib/apt/lists/*" in runs


def test_final_stage_copies_build_results(stages: dict[str, Stage]) -> None:
    copies = stages["final"].all("COPY")

    assert "--from=builder /opt/venv /opt/venv" in copies
    assert "--from=builder /src/ /app/" in copies
    assert "deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh" in copies


def test_final_stage_runtime_settings(stages: dict[str, Stage]) -> None:
    final = stages["final"]
    env = env_values(final)

    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["YTMT_HOME"] == "/app"
    assert final.one("WORKDIR") == "/app"
    assert final.one("EXPOSE") == "2002"
    assert json.loads(final.one("ENTRYPOINT")) == ["docker-entrypoint.sh"]
    assert json.loads(final.one("CMD")) == [
        "gunicorn",
        "--config",
        "deploy/gunicorn.conf.py",
        "ytmt.wsgi:application",
    ]


def test_final_stage_starts_as_root_for_entrypoint(stages: dict[str, Stage]) -> None:
    # The entrypoint needs root to match ids, then drops to lastfm with gosu.
    assert stages["final"].all("USER") == []


def test_dockerfile_healthcheck_matches_compose(
    stages: dict[str, Stage], service: dict
) -> None:
    healthcheck = stages["final"].one("HEALTHCHECK")
    options = dict(re.findall(r"--([a-z-]+)=(\S+)", healthcheck))
    command = json.loads(healthcheck.split(" CMD ", 1)[1])
    compose = service["healthcheck"]

    assert options == {
        "interval": compose["interval"],
        "timeout": compose["timeout"],
        "start-period": compose["start_period"],
        "retries": str(compose["retries"]),
    }
    assert ["CMD", *command] == compose["test"]


def test_copy_sources_exist(stages: dict[str, Stage]) -> None:
    for stage in stages.values():
        for arguments in stage.all("COPY"):
            if arguments.startswith("--from="):
                continue
            *sources, _destination = arguments.split()
            for source in sources:
                assert (REPO / source).exists(), f"COPY source {source} is missing"


def test_compose_ports_restart_and_timezone(service: dict) -> None:
    assert service["ports"] == ["${YTMT_PORT:-2002}:2002"]
    assert service["restart"] == "unless-stopped"
    assert service["environment"]["TZ"] == "${TZ:-UTC}"


def test_compose_healthcheck(service: dict) -> None:
    assert service["healthcheck"] == {
        "test": ["CMD", "curl", "-f", "http://localhost:2002/healthz"],
        "interval": "30s",
        "timeout": "10s",
        "retries": 3,
        "start_period": "10s",
    }


def test_compose_memory_limits(service: dict) -> None:
    resources = service["deploy"]["resources"]

    assert resources["limits"] == {"memory": "512M"}
    assert resources["reservations"] == {"memory": "128M"}


def test_compose_volumes(service: dict) -> None:
    assert service["volumes"] == [
        "/etc/localtime:/etc/localtime:ro",
        "../cache:/app/cache",
        "../config:/app/config",
        "../browser.json:/app/browser.json",
        "../.env:/app/.env",
        "../.env.example:/app/.env.example:ro",
    ]


def test_compose_builds_from_repository_root(service: dict) -> None:
    context = (COMPOSE.parent / service["build"]["context"]).resolve()

    assert context == REPO
    assert (context / service["build"]["dockerfile"]) == DOCKERFILE
    assert (context / ".env.example").is_file()


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def is_ignored(path: str, patterns: list[str]) -> bool:
    """Apply .dockerignore rules in order; a later !pattern re-includes."""
    ignored = False
    parts = path.split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!")
        candidates = [pattern, pattern.removeprefix("**/")]
        if any(fnmatch.fnmatch(prefix, p) for prefix in prefixes for p in candidates):
            ignored = not negated
    return ignored


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.local",
        "browser.json",
        "node_modules/esbuild/package.json",
        "cache/ytmt.sqlite3",
        "cache/secret_key",
        "config/search_overrides.json",
        ".venv/bin/python",
        "sync/__pycache__/conf.cpython-311.pyc",
        ".git/HEAD",
        "static/dist/app.js",
        "staticfiles/manifest.json",
    ],
)
def test_dockerignore_excludes_state_and_caches(path: str) -> None:
    assert is_ignored(path, dockerignore_patterns())


@pytest.mark.parametrize(
    "path",
    [
        ".env.example",
        "manage.py",
        "package.json",
        "package-lock.json",
        "requirements/base.txt",
        "deploy/docker-entrypoint.sh",
        "deploy/gunicorn.conf.py",
        "static/src/main.js",
        "static/build.mjs",
        "locale/de/LC_MESSAGES/django.po",
        "config/.gitkeep",
        "templates/base.html",
    ],
)
def test_dockerignore_keeps_build_inputs(path: str) -> None:
    assert not is_ignored(path, dockerignore_patterns())


def test_dockerfile_passes_hadolint() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        pytest.skip(f"hadolint not installed at {hadolint}")

    completed = subprocess.run(
        [str(hadolint), str(DOCKERFILE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert completed.stdout == ""
    assert completed.returncode == 0
