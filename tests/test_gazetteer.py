import pytest

from utils.places.gazetteer import Gazetteer, index_path, name_key


@pytest.fixture(scope="module")
def gazetteer(gazetteer_dir):
    return Gazetteer.open(gazetteer_dir)


def test_name_keys_fold_accents_and_keep_other_scripts():
    assert name_key("  São  Paulo ") == "sao paulo"
    assert name_key("서울") == "서울"
    assert name_key("St. Louis") == "saint louis"


def test_index_is_built_once_and_reused(gazetteer, gazetteer_dir):
    assert index_path(gazetteer_dir).exists()
    assert Gazetteer.open(gazetteer_dir).path == gazetteer.path


def test_region_and_country_lookups(gazetteer):
    assert gazetteer.region_code("Texas", "US") == "TX"
    assert gazetteer.region_code("Metro Manila", "PH") == ""
    assert gazetteer.country("PT").label == "Portugal"
    assert gazetteer.region("HI", "US").precision == "region"


def test_region_narrows_namesakes(gazetteer):
    assert gazetteer.city("Portland", "US", "ME").label == "Portland, ME, United States"
    assert gazetteer.city("Portland", "US", "OR").note == ""


def test_short_unknown_names_are_not_guessed(gazetteer):
    assert gazetteer.city("Qqq", "US") is None


def test_a_city_by_its_name_in_another_script_and_its_names_in_other_scripts(gazetteer):
    assert gazetteer.names_of("首尔") == ["Seoul"] and gazetteer.names_of("서울") == ["Seoul"]
    scripts = gazetteer.scripts_of("Seoul", "KR")
    assert {"서울", "首尔", "首爾"} <= set(scripts) and all(not name.isascii() for name in scripts)
    assert gazetteer.scripts_of("Nowhere-on-earth") == []
