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


def _settings_table_script():  # type: ignore[no-untyped-def]
    """scripts/settings_table.py, which makes the README's table of settings."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "settings_table.py"
    spec = importlib.util.spec_from_file_location("settings_table", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readme() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_has_one_line_of_help():
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} has no help (Field(description=…))"
        assert "\n" not in field.description, f"the help of {name} is more than one line"


def test_the_readme_shows_every_setting_with_its_help():
    """As datasette checks its settings docs: the table in the README is the one the
    settings make; `python scripts/settings_table.py --write` brings it up to date."""
    script = _settings_table_script()
    readme = _readme()
    assert script.START in readme and script.END in readme
    assert script.with_table(readme) == readme, (
        "README.md's settings table is out of date: python scripts/settings_table.py --write"
    )
    table = script.table()
    for name, field in Settings.model_fields.items():
        assert f"| `NEWSMT_{name.upper()}` |" in table
        assert str(field.description).replace("|", "\\|") in table


def test_the_readme_names_no_setting_that_does_not_exist():
    import re

    not_settings = {"NEWSMT_EVAL_DIR", "NEWSMT_VERBOSE", "NEWSMT_TEST_POSTGRES_URL"}
    settings = {f"NEWSMT_{name.upper()}" for name in Settings.model_fields}
    named = set(re.findall(r"NEWSMT_[A-Z0-9_]*[A-Z0-9]", _readme()))
    assert named - settings - not_settings == set()


def test_settings_carry_no_disclaimer_text_and_write_nothing(tmp_path):
    """Reading settings creates no folder; the home is made by newsmt.home.ensure_dirs, and
    the disclaimer wording lives in newsmt.render.disclaimer unless a newsroom sets one."""
    from newsmt.home import ensure_dirs

    settings = Settings(home=tmp_path / "home")
    assert not (tmp_path / "home").exists()
    assert settings.disclaimer_unreviewed is None and settings.disclaimer_reviewed is None
    assert not [n for n in dir(Settings) if n in ("ensure_dirs", "bump_site_version")]
    ensure_dirs(settings)
    for folder in (settings.home, settings.site_dir, settings.screenshots_dir, settings.logs_dir):
        assert folder.is_dir()
