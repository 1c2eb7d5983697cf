from pathlib import Path

import pytest

from tests.conftest import REPO
from utils.config import Settings, settings_from
from utils.errors import ConfigError


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
