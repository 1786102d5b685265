"""Settings: the home given is the home read, and the version has one source."""

from __future__ import annotations

import subprocess
import sys

from newsmt import __version__
from newsmt.config import Settings


def test_settings_read_the_newsmt_toml_of_the_home_they_are_given(tmp_path, monkeypatch):
    given, other = tmp_path / "given", tmp_path / "other"
    for home, name in ((given, "Given"), (other, "Other")):
        home.mkdir()
        (home / "newsmt.toml").write_text(f'site_name = "{name}"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSMT_HOME", str(other))
    assert Settings(home=given).site_name == "Given"
    assert Settings().site_name == "Other"
    monkeypatch.setenv("NEWSMT_SITE_NAME", "Env")
    assert Settings(home=given).site_name == "Env"  # the environment still wins over the file


def test_the_environment_of_the_developer_never_reaches_a_test():
    import os

    assert not [
        k
        for k in os.environ
        if k.startswith("NEWSMT_") and k not in ("NEWSMT_HOME", "NEWSMT_TEST_POSTGRES_URL")
    ]


def test_version_has_one_source():
    from importlib.metadata import version

    out = subprocess.run(
        [sys.executable, "-m", "newsmt.cli", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.strip() == f"newsmt {__version__}"
    assert version("newsmt") == __version__
    assert __version__ in Settings().user_agent
