"""「あなたに合う活動」's ranking (portal.matching), without the database: places built by hand,
the order and the reasons worked out by hand from the rules in the module's docstring."""

import datetime

from sasaeai.portal.matching import (
    Answers,
    Candidate,
    Session,
    rank,
    walking_minutes,
)
from sasaeai.resources.constants import Activity

T = datetime.time
TUESDAY, THURSDAY = 1, 3
EVERY_DAY = frozenset(range(7))


def place(pk: int, name: str, kana: str, **kwargs: object) -> Candidate:
    return Candidate(pk=pk, name=name, kana=kana, **kwargs)  # type: ignore[arg-type]


def tuesday(opens: T, closes: T | None = None) -> Session:
    return Session(frozenset({TUESDAY}), opens, closes)


# The resident: likes 体操 and 茶話会, can go on Tuesday mornings, walks 10 minutes, would like
# 送迎, lives in a 町丁目 of 北部圏域, wants to take part.
RESIDENT = Answers(
    interests=frozenset({Activity.EXERCISE, Activity.TEA}),
    days=frozenset({TUESDAY}),
    times=frozenset({"am"}),
    walk=10,
    transport=True,
    home_area="北部圏域",
)
PLACES = [
    # 体操 +3, Tue 10:00–11:30 is a morning +2, 600 m = 7.5 → 8 min ≤ 10 +2: 7 points.
    place(1, "いきいき体操", "いきいきたいそう", activities=(Activity.EXERCISE,),
          sessions=(tuesday(T(10), T(11, 30)),), metres=600.0),
    # 茶話会 +3, Tue 13:30–15:00 is no morning (0), 400 m = 5 min +2: 5 points.
    place(2, "さくら茶話会", "さくらさわかい", activities=(Activity.TEA,),
          sessions=(tuesday(T(13, 30), T(15)),), metres=400.0),
    # 体操 +3, Tue 9:30–11:00 +2, 2,000 m = 25 min > 10 but 送迎あり and 送迎 wanted +2: 7.
    place(3, "送迎つき体操教室", "そうげいつきたいそうきょうしつ", activities=(Activity.EXERCISE,),
          sessions=(tuesday(T(9, 30), T(11)),), metres=2000.0, pickup=True),
    # 1,200 m = 15 min > 10 and no 送迎: left out.
    place(4, "青空体操", "あおぞらたいそう", activities=(Activity.EXERCISE,),
          sessions=(Session(frozenset({THURSDAY}), T(9), T(10)),), metres=1200.0),
    # No position: 北部圏域 is the resident's 圏域 +2; Tue 11:00–13:00 overlaps the morning +2;
    # 茶話会 +3 (会食 was not asked): 7 points, distance unknown (after the known ones).
    place(5, "北部ふれあい会食", "ほくぶふれあいかいしょく",
          activities=(Activity.MEAL, Activity.TEA), sessions=(tuesday(T(11), T(13)),),
          area_names=frozenset({"北部圏域"})),
    # No position, in another 圏域 and no 送迎: left out.
    place(6, "南部サロン", "なんぶさろん", activities=(Activity.TEA,),
          sessions=(tuesday(T(10), T(12)),), area_names=frozenset({"南部圏域"})),
    # 毎日 6:30 (a start only) is a Tuesday morning +2; 体操 +3; 800 m = exactly 10 min ≤ 10
    # +2: 7 points, 800 m.
    place(7, "朝のラジオ体操", "あさのらじおたいそう", activities=(Activity.EXERCISE,),
          sessions=(Session(EVERY_DAY, T(6, 30)),), metres=800.0),
    # As さくら茶話会 (5 points, 400 m): the tie goes to 50音順, あおば before さくら.
    place(8, "あおば茶話会", "あおばさわかい", activities=(Activity.TEA,),
          sessions=(tuesday(T(13)),), metres=400.0),
]  # fmt: skip


def test_walking_minutes_are_80_metres_a_minute_rounded_up() -> None:
    # 560 / 80 = 7 exactly; 561 / 80 = 7.0125 → 8; 1 m is a minute.
    assert [walking_minutes(m) for m in (560, 561, 1)] == [7, 8, 1]


def test_the_places_are_ranked_by_the_points_table() -> None:
    # 7 points: いきいき体操 (600 m), 朝のラジオ体操 (800 m), 送迎つき体操教室 (2,000 m),
    # 北部ふれあい会食 (distance unknown, last of the four); then 5 points at 400 m each,
    # あおば before さくら. 青空体操 and 南部サロン are out of reach without 送迎.
    found = rank(PLACES, RESIDENT)
    assert [(m.candidate.name, m.points) for m in found] == [
        ("いきいき体操", 7),
        ("朝のラジオ体操", 7),
        ("送迎つき体操教室", 7),
        ("北部ふれあい会食", 7),
        ("あおば茶話会", 5),
        ("さくら茶話会", 5),
    ]
    assert [m.reason_text for m in found] == [
        "火曜の午前・歩いて約8分・体操",
        "火曜の午前・歩いて約10分・体操",
        "火曜の午前・送迎あり・体操",
        "火曜の午前・同じ圏域（北部圏域）・茶話会",
        "歩いて約5分・茶話会",
        "歩いて約5分・茶話会",
    ]


def test_without_transport_a_place_beyond_reach_is_left_out_even_with_pickup() -> None:
    answers = Answers(interests=frozenset({Activity.EXERCISE}), walk=10)
    # Within 10 min (+2): いきいき体操 8 min and 朝のラジオ体操 10 min, each with 体操 (+3) = 5;
    # あおば茶話会 and さくら茶話会, 5 min each, no 体操 = 2 (tie at 400 m: 50音順).
    # 送迎つき体操教室 (25 min) is out: 送迎 was not asked for. Without a 町丁目, the places with
    # no position (北部ふれあい会食, 南部サロン) cannot be told near or far: 0 points, not listed.
    assert [(m.candidate.name, m.reason_text) for m in rank(PLACES, answers)] == [
        ("いきいき体操", "歩いて約8分・体操"),
        ("朝のラジオ体操", "歩いて約10分・体操"),
        ("あおば茶話会", "歩いて約5分"),
        ("さくら茶話会", "歩いて約5分"),
    ]


def test_someone_who_cannot_walk_gets_places_with_pickup_and_those_with_no_venue() -> None:
    answers = Answers(walk=0, days=frozenset({TUESDAY}))
    delivery = place(9, "配食サービス", "はいしょくさーびす", sessions=(tuesday(T(11)),))
    # 送迎つき体操教室: Tue +2, 送迎 (implied by 歩くのは難しい) +2 = 4; 配食サービス (no venue,
    # distance unknown, kept): Tue +2. Every other place has a known distance or 圏域 and no 送迎.
    assert [(m.candidate.name, m.points, m.reason_text) for m in rank([*PLACES, delivery], answers)] == [
        ("送迎つき体操教室", 4, "火曜・送迎あり"),
        ("配食サービス", 2, "火曜"),
    ]  # fmt: skip


def test_a_helper_is_shown_the_places_asking_for_help_first() -> None:
    answers = Answers(help=True, times=frozenset({"pm"}))
    salon = place(10, "縁側サロン", "えんがわさろん", open_roles=2)
    # さくら茶話会 13:30 and あおば茶話会 13:00 are afternoons (+2 each); 北部ふれあい会食
    # 11:00–13:00 overlaps the afternoon (+2); 縁側サロン asks for help (+3), so it comes first.
    # The three at 2 points: the known distances (400 m, 400 m) first, あおば before さくら.
    assert [(m.candidate.name, m.reason_text) for m in rank([*PLACES, salon], answers)] == [
        ("縁側サロン", "お手伝いを募集中"),
        ("あおば茶話会", "午後"),
        ("さくら茶話会", "午後"),
        ("北部ふれあい会食", "午後"),
    ]


def test_nothing_answered_ranks_nothing() -> None:
    assert rank(PLACES, Answers()) == []
