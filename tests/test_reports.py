"""A visitor's report: plain words, limits, and the missions a form offers."""

import datetime as dt

from utils.live.reports import LIMITS, check_form, missions_in, too_many
from utils.places.embassies import Embassies


def test_a_form_over_its_limits_or_with_no_place_says_which_field():
    checked = check_form({"date": dt.date(2019, 3, 27), "organisations": "x" * (LIMITS["organisations"] + 1), "contact": "not an address"})
    assert any(problem.startswith("Organisations: 301 characters") for problem in checked.problems)
    assert any("is not an e-mail address" in problem for problem in checked.problems)
    assert any(problem.startswith("Where:") for problem in checked.problems)
    fine = check_form({"date": dt.date(2019, 3, 27), "city": " Seoul ", "contact": "a@b.org"})
    assert fine.problems == () and fine.cells == {"date": "2019-03-27", "city": "Seoul"} and fine.contact == "a@b.org"
    assert check_form({"date": dt.date(2019, 3, 27), "city": "Seoul"}, trap="http://spam").trap


def test_the_rate_limit_speaks_plainly():
    assert too_many(0, 0) == ""
    assert "wait a little" in too_many(3, 0) and "try again later" in too_many(0, 20)
    assert too_many(0, 17, adding=3) == "" and "try again later" in too_many(0, 18, adding=3)  # a batch counts as its rows
    assert too_many(2, 0, adding=2).startswith("Sending 2 more would pass the 3 reports this site takes from one visitor")


def test_the_missions_in_a_country_put_embassies_first():
    missions = missions_in(Embassies.open(), "KR")
    chinese = [mission for mission in missions if mission.sender == "CN"]
    assert chinese[0].name == "Embassy of China, Seoul"
    assert all(mission.country == "KR" and mission.kind != "honorary consulate" for mission in missions)
    assert [mission.group for mission in missions] == sorted((mission.group for mission in missions), key=lambda group: group != "embassy")


def test_the_forms_problems_are_said_in_the_visitors_language():
    from utils.i18n import words_in

    checked = check_form({"date": None, "contact": "nobody"}, words=words_in("ko"))
    assert checked.problems == (
        "이메일: 이메일 주소가 아닙니다 ('nobody')",
        "어디: 도시나 국가를 주거나 대사관을 고르세요 (서한이나 청원은 보낸 곳)",
        "날짜: 일어난 날",
    )
    assert too_many(3, 0, words_in("zh-Hant")) == "你在過去幾分鐘已送出 3 份報告。請稍等再送出另一份。"
