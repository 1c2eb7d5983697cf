from pathlib import Path

import pytest

from tests.conftest import REPO
from utils.errors import ConfigError
from utils.settings import Settings, settings_from


def test_defaults_need_no_setting():
    settings = settings_from({})
    assert settings == Settings()
    assert settings.data.name == "actions.csv" and settings.offline is False


def test_environment_variables_fill_settings():
    settings = settings_from({"SOLIDARITY_MAP_OFFLINE": "1", "SOLIDARITY_MAP_DATA": "/tmp/x.csv", "SOLIDARITY_MAP_MAX_UPLOAD_MB": "5"})
    assert settings.offline is True and settings.data == Path("/tmp/x.csv") and settings.max_upload_mb == 5


def test_secrets_fill_what_the_environment_leaves():
    settings = settings_from({}, {"allow_upload": False, "nominatim_domain": "nominatim.example.org"})
    assert settings.allow_upload is False and settings.nominatim_domain == "nominatim.example.org"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SOLIDARITY_MAP_OFFLINE", "maybe"),
        ("SOLIDARITY_MAP_MAX_UPLOAD_MB", "lots"),
        ("SOLIDARITY_MAP_NOMINATIM_SCHEME", "ftp"),
        ("SOLIDARITY_MAP_NOMINATIM_TIMEOUT", "-1"),
    ],
)
def test_wrong_setting_fails_with_its_name(name, value):
    with pytest.raises(ConfigError, match=name):
        settings_from({name: value})


def test_streamlit_shows_visitors_no_error_details_no_developer_menu_and_no_upload_until_the_app_opens_it():
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["maxUploadSize"] == 0


def test_a_public_site_closes_uploads_whatever_allow_upload_says():
    settings = settings_from({"SOLIDARITY_MAP_PUBLIC": "1", "SOLIDARITY_MAP_ALLOW_UPLOAD": "1"})
    assert settings.public and not settings.uploads_open
    assert settings_from({}).uploads_open


def readme_settings() -> dict[str, str]:
    """The manual's table of settings (docs/settings.md): variable -> its default cell."""
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    table = text[text.index("## Settings") :].split("\n## ")[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`SOLIDARITY_MAP_"):
            rows[cells[0].strip("`")] = cells[1]
    return rows


def said_default(value: object) -> str:
    """A default as the README writes it: 0/1 for a switch, 10 for 10.0, a path from the project or from ~."""
    import dataclasses
    from pathlib import Path

    from utils.settings import REPO as PROJECT

    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Path):
        for base, said in ((PROJECT, ""), (Path.home(), "~/")):
            if value.is_relative_to(base):
                return said + str(value.relative_to(base))
    assert not dataclasses.is_dataclass(value)
    return str(value)


def test_the_readme_lists_every_setting_with_its_default_and_no_other():
    import dataclasses

    from utils.settings import PREFIX

    listed = readme_settings()
    fields = {PREFIX + field.name.upper(): field.default for field in dataclasses.fields(Settings)}
    assert sorted(listed) == sorted(fields)
    for name, default in fields.items():
        cell = listed[name]
        if default == "":  # nothing set: the README says what happens instead, in words
            assert not (cell.startswith("`") and cell.endswith("`")), f"{name}: {cell}"
        else:
            assert cell == f"`{said_default(default)}`", f"{name}: the README says {cell}, the settings {said_default(default)}"
