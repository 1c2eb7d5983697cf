import pytest

from utils.countries import country_code, country_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("UK", "GB"),
        ("US", "US"),
        ("The Netherlands", "NL"),
        ("South Korea", "KR"),
        ("KOR", "KR"),
        ("Suisse", "CH"),
        ("Deutschland", "DE"),
        ("Hong Kong", "HK"),
        ("Kosovo", "XK"),
    ],
)
def test_spellings_people_use_give_one_code(text, code):
    assert country_code(text) == code


def test_unknown_country_is_none_not_a_guess():
    assert country_code("Narnia") is None and country_code("") is None


def test_short_names_for_display():
    assert country_name("KR") == "South Korea" and country_name("PT") == "Portugal"
