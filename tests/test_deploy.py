"""What cannot run here (Docker, systemd) is still checked: the Dockerfile by hadolint, the
compose file against the Compose specification's schema, and both, with the systemd units,
against newsmt's own commands and settings."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from newsmt.config import Settings
from newsmt.pipeline.table import QUEUES, TABLE

ROOT = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    assert Path(found).exists(), f"{name} is a dev dependency: pip install -e '.[dev]'"
    return found


def test_the_dockerfile_passes_hadolint():
    result = subprocess.run(
        [tool("hadolint"), str(ROOT / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_file_follows_the_compose_specification():
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(ROOT / "compose.yaml")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_and_systemd_use_real_queues_settings_and_health_checks():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    queues = set()
    for service in services.values():
        command = service.get("command", [])
        if command[:2] == ["newsmt", "worker"]:
            queues |= set(command[command.index("--queues") + 1].split(","))
    assert queues == set(QUEUES)  # every queue has a worker
    assert {"web", "scheduler", "postgres", "redis"} <= set(services)
    for name in ("web", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    known = {f"NEWSMT_{field.upper()}" for field in Settings.model_fields}
    used = set(compose["x-newsmt"]["environment"]) | set(
        re.findall(r"^(NEWSMT_\w+)=", (ROOT / "deploy/systemd/newsmt.env").read_text(), re.M)
    )
    assert used <= known, used - known
    worker_unit = (ROOT / "deploy/systemd/newsmt-worker@.service").read_text("utf-8")
    assert "newsmt worker --queues %i" in worker_unit


def test_the_queues_are_those_of_the_stage_table_everywhere():
    """One stage table: the queues, the worker's default and the deployment files agree."""
    import inspect

    from newsmt.cli.worker_commands import worker

    assert tuple(dict.fromkeys(s.queue for s in TABLE if s.queue)) == QUEUES
    default = inspect.signature(worker).parameters["queues"].default
    assert default.split(",") == list(QUEUES)
    readme = (ROOT / "README.md").read_text("utf-8")
    for queue in QUEUES:  # the systemd instances the README tells operators to enable
        assert f"newsmt-worker@{queue}" in readme, queue
