"""The demo city's 介護予防・日常生活圏域ニーズ調査 results (令和4年度 and 令和7年度, as a city
surveys before each plan period) and one 地域課題 raised from the gap analysis.

The figures follow the registry's planted unevenness: 丘陵圏域 (hardly any weekly 通いの場,
hilly) has the most 閉じこもり and the least 社会参加; 南部圏域 (the most 75+) the most 運動器 and
転倒 risk. Values are shares of respondents in %, within the range national surveys report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sasaeai.accounts.models import User
from sasaeai.areas.models import Area, Municipality
from sasaeai.core.history import history_user

from .gaps import gap_challenge_create
from .models import NeedsSurveyValue

INDICATORS = (
    "運動器機能の低下",
    "転倒リスク",
    "閉じこもり傾向",
    "認知機能の低下",
    "うつ傾向",
    "社会参加なし",
    "地域づくりへの参加意向（参加者として）",
    "地域づくりへの参加意向（企画・運営として）",
)
# 令和7年度 values per area, in the order of INDICATORS.
VALUES_2025 = {
    "中央圏域": (12.8, 28.9, 16.2, 41.0, 36.5, 38.0, 52.1, 28.4),
    "北部圏域": (13.5, 30.2, 18.0, 42.3, 37.0, 40.2, 50.3, 27.0),
    "南部圏域": (17.9, 35.6, 19.4, 44.8, 38.2, 42.5, 47.0, 24.8),
    "東部圏域": (14.1, 31.0, 17.1, 43.0, 36.9, 39.6, 49.5, 26.3),
    "西部圏域": (13.2, 29.8, 18.8, 42.1, 37.4, 41.8, 48.8, 25.9),
    "駅前圏域": (11.6, 27.5, 14.9, 40.2, 35.8, 35.1, 54.0, 30.2),
    "丘陵圏域": (16.4, 33.9, 26.5, 45.6, 40.1, 51.3, 43.2, 21.7),
}
# 令和4年度: each figure 1.2 points lower (risks grew as the population aged).
EARLIER = (2022, Decimal("-1.2"))
LATEST = 2025
DEMO_CHALLENGE_AREA = "丘陵圏域"


@dataclass(frozen=True)
class Summary:
    values: int
    challenges: int


def build(*, municipality: Municipality) -> Summary:
    """Survey values for both years, then a カルテ-based 地域課題 for 丘陵圏域."""
    user = User.objects.get(username="demo-sc1")
    areas = {a.name: a for a in Area.objects.layer2().filter(municipality=municipality)}
    rows = []
    for name, values in VALUES_2025.items():
        for indicator, value in zip(INDICATORS, values, strict=True):
            latest = Decimal(str(value))
            for year, figure in ((LATEST, latest), (EARLIER[0], latest + EARLIER[1])):
                rows.append(
                    NeedsSurveyValue(
                        municipality=municipality,
                        area=areas[name],
                        indicator=indicator,
                        fiscal_year=year,
                        value=figure,
                    )
                )
    with history_user(user):
        for row in rows:
            row.save()
    gap_challenge_create(
        municipality=municipality,
        area=areas[DEMO_CHALLENGE_AREA],
        category=None,
        fiscal_year=None,
        title="丘陵圏域：週1回以上の通いの場に歩いて行けない高齢者が多い",
        description=(
            "地域カルテから。坂が多く、奈良橋では65歳以上のほとんどが800m圏外。"
            "閉じこもり傾向と社会参加なしも市内で最も高い。"
        ),
        user=user,
    )
    return Summary(values=len(rows), challenges=1)
