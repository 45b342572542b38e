"""The presence plan page writes its figures as Swedes do (a decimal comma, a fixed number of
decimals per kind) and says what "risk covered" and the simple plan it beats are."""

from __future__ import annotations

from types import SimpleNamespace

from samverkan.core.i18n import translations
from samverkan.core.templating import environment
from samverkan.core.timeutil import IsoWeek
from samverkan.presence.present import TeamWeek


def _render(objective: float, greedy: float) -> str:
    tr = translations("sv")
    plan = SimpleNamespace(
        id=1, week="2026-W49", group_id=1, status="optimal", objective=objective,
        greedy_objective=greedy,
    )  # fmt: skip
    return environment().get_template("presence/plan.html").render(
        _=tr.gettext, ngettext=tr.ngettext, lang="sv", plan=plan, week=IsoWeek.parse("2026-W49"),
        days=[], timetable=[], by_place=[], hours=8, span=str, ratio=objective / greedy,
        can_plan=False, team_weeks=[TeamWeek("Team Ryd", 40.0, 7.5, 8)], csrf_token="",
        principal=None, user=None, nav=[], path="/", request=None,
        settings=SimpleNamespace(tile_url="", tile_attribution=""),
    )  # fmt: skip


def test_it_writes_the_plans_figures_with_decimal_commas() -> None:
    page = _render(11.0412, 10.7301)
    assert "Täckt risk: 11,04." in page
    assert "2,9 % mer än en enkel plan" in page and "(10,73)" in page
    assert "girig" not in page
    assert "×)" not in page  # no bare ratio
    assert (
        '<td class="num" data-label="Timmar i veckan">40,0</td>'
        '<td class="num" data-label="Hålls av teamets insatser">7,5</td>' in page
    )


def test_it_says_when_the_simple_plan_covers_more() -> None:
    page = _render(10.0, 10.5)
    assert "4,8 % mindre än en enkel plan" in page and "minsta timmar" in page
