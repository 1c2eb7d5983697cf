"""The hosting recipe (Dockerfile, deploy/): linted, and its start command run as the image would run it.

This machine has no Docker daemon, so the image is not built here: hadolint checks the Dockerfile, and the
image's own CMD and HEALTHCHECK are run from a clean virtual environment (requirements.txt and the project, the
catalogs compiled, as the image's RUN lines do) with the public site's settings.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from tests.conftest import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")


def instruction(name: str) -> str:
    """The text of a Dockerfile instruction, its continued lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return next(line[len(name) :].strip() for line in joined.splitlines() if line.startswith(name + " "))


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    done = subprocess.run([hadolint, "--failure-threshold", "info", "-"], input=DOCKERFILE, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_runs_as_no_root_user_and_builds_the_gazetteer_at_build():
    assert instruction("FROM").startswith("python:3.11-slim")
    assert instruction("USER") not in ("root", "0")
    assert "Gazetteer.open(Path('/opt/gazetteer'))" in DOCKERFILE  # built into the image, not at the first visit
    assert "/_stcore/health" in instruction("HEALTHCHECK")
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored


def test_the_images_build_step_runs(tmp_path):
    """What the image runs once at build (the gazetteer's index, the served map files), run here with its paths
    moved into a folder of the test's: an import the code no longer has fails here, not in an operator's build."""
    script = re.search(r'python -c "([^"]+)"', DOCKERFILE).group(1)
    script = script.replace("/opt/gazetteer", str(tmp_path / "gazetteer")).replace("/app/static", str(tmp_path / "static"))
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "static" / "vendor").is_dir()


def test_compose_has_postgres_two_app_processes_and_a_sticky_proxy():
    compose = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "app1", "app2", "proxy"} and services["db"]["image"].startswith("postgres")
    assert services["app1"]["env_file"] == "public.env" and services["app2"]["build"] == ".."
    nginx = (REPO / "deploy" / "nginx.conf").read_text()
    assert "hash $sm_route consistent;" in nginx and "Upgrade $http_upgrade" in nginx


def env_example() -> dict[str, str]:
    pairs = [
        line.split("=", 1)
        for line in (REPO / "deploy" / "public.env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]
    return {name: value for name, value in pairs}


def clean_copy(folder: Path) -> tuple[Path, Path]:
    """The project copied as the image's `COPY . .` takes it (.dockerignore's folders left out), in a new virtual
    environment with nothing but requirements.txt and the project, installed as the image installs them (pip from the
    registry; its cache makes a second run quick), the catalogs compiled: the copy, and the environment's python."""
    ignored = [
        line.strip().strip("/") for line in (REPO / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    source = folder / "app"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*ignored, "tests", "bench", "build", "*.egg-info", "__pycache__"))
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True, timeout=120)
    python = folder / "venv" / "bin" / "python"
    for step in (["-r", "requirements.txt"], ["--no-deps", "-e", "."], None):
        command = [str(python), "-m", "pip", "install", "-q", *step] if step else [str(python), "-m", "utils", "catalogs", "compile"]
        done = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, done.stderr[-3000:]
    return source, python


def test_the_images_start_command_serves_a_public_site_from_a_clean_venv(tmp_path):
    settings = env_example()
    assert settings["SOLIDARITY_MAP_PUBLIC"] == "1" and settings["SOLIDARITY_MAP_ALLOW_UPLOAD"] == "0"
    source, python = clean_copy(tmp_path)
    assert (source / "utils" / "i18n" / "locales" / "ko_KR" / "LC_MESSAGES" / "messages.mo").is_file()  # the languages, compiled
    command = json.loads(instruction("CMD"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(python), "-m", *command] + [f"--server.port={port}", "--server.address=127.0.0.1"]
    env = {
        **os.environ,
        **settings,
        "SOLIDARITY_MAP_DATABASE_URL": f"sqlite:///{tmp_path / 'actions.db'}",  # the compose file's PostgreSQL stands apart
        "SOLIDARITY_MAP_GEOCODE_CACHE": str(tmp_path / "cache.jsonl"),
        "SOLIDARITY_MAP_OFFLINE": "1",
    }
    log = (tmp_path / "app.log").open("w")
    app = subprocess.Popen(command, cwd=source, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        health = json.loads(instruction("HEALTHCHECK").split("CMD", 1)[1])
        health[-1] = health[-1].replace("8501", str(port))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and subprocess.run([str(python), *health[1:]], capture_output=True).returncode != 0:
            time.sleep(0.5)
        assert subprocess.run([str(python), *health[1:]], capture_output=True).returncode == 0, (tmp_path / "app.log").read_text()[-2000:]
        request = urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/upload_file/x/y", data=b"a,b\n", method="PUT")
        try:
            urllib.request.urlopen(request, timeout=10)
            refused = False
        except urllib.error.HTTPError as error:
            refused = error.code in (400, 403, 404, 413)
        assert refused  # a public site takes no file
    finally:
        app.terminate()
        app.wait(10)
        log.close()
