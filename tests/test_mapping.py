from tests.conftest import REPO
from utils.actions.mapping import propose_mapping, read_headers


def test_real_file_columns_are_proposed_from_their_names():
    raw = (REPO / "tests" / "data" / "womens_march_2017_crowd_estimates.csv").read_bytes()
    headers, sample = read_headers(raw)
    assert headers == ["City", "State", "Country", "Estimate (low)", "Estimate (high)", "Average"]
    assert sample[:3] == ["Abilene", "TX", "US"]
    assert propose_mapping(headers) == {
        "City": "city",
        "State": "region",
        "Country": "country",
        "Estimate (low)": "",
        "Estimate (high)": "",
        "Average": "participants",
    }


def test_each_of_our_columns_is_proposed_once():
    mapping = propose_mapping(["Town", "City", "Union", "Organisation", "When"])
    assert mapping == {"Town": "", "City": "city", "Union": "organisations", "Organisation": "", "When": "date"}
