import pytest

from utils.places.countries import country_code, country_name


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


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("المغرب", "MA"),
        ("Россия", "RU"),
        ("Российская Федерация", "RU"),
        ("日本", "JP"),
        ("대한민국", "KR"),
        ("한국", "KR"),
        ("中国", "CN"),
        ("中國", "CN"),
        ("韩国", "KR"),
        ("Corée du Sud", "KR"),
        ("Marruecos", "MA"),
        ("Volksrepublik China", "CN"),
        ("Países Bajos", "NL"),
        ("Filipinas", "PH"),
    ],
)
def test_countries_written_in_other_languages_and_scripts(written, code):
    assert country_code(written) == code


def test_a_city_or_a_word_is_not_a_country():
    assert [country_code(text) for text in ("Paris", "Seoul", "서울", "Москва", "embassy", "")] == [None] * 6
