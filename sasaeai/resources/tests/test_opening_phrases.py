"""Opening hours as people write them, read by `parse_opening`: one row per real-style phrase.

Each row: (曜日 cell, 時間 cell, 備考 cell) → the schedules (pattern, weekdays 0=月…6=日, nths,
times, 祝日/年末年始 flags, note) and the text that could not be read, verbatim. The expected values
are worked out by reading the Japanese, not by running the code.
"""

from datetime import time

import pytest

from sasaeai.resources.constants import SchedulePattern
from sasaeai.resources.opening import ParsedOpening, parse_opening
from sasaeai.resources.scheduling import ScheduleSpec as S

P = SchedulePattern
MON_FRI = (0, 1, 2, 3, 4)  # 月0 火1 水2 木3 金4
MON_SAT = (0, 1, 2, 3, 4, 5)
OPEN_HOLIDAYS = "祝日も開所"  # 祝日 is no weekday in the model; named as an open day it is a note

ROWS = [
    # --- days ---------------------------------------------------------------------------
    ("月火水木金", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),
    ("月〜金", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),  # 〜 U+301C
    ("月～金", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),  # ～ U+FF5E
    ("月-金", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),
    ("月‐金", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),  # ‐ U+2010
    ("月－金", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),  # － U+FF0D
    ("月曜日〜金曜日", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),  # the 日 of 曜日 is no 日曜
    ("月・水・金", "", "", [S(P.WEEKLY, weekdays=(0, 2, 4))], []),
    ("月水金", "", "", [S(P.WEEKLY, weekdays=(0, 2, 4))], []),
    ("火曜日と金曜日", "", "", [S(P.WEEKLY, weekdays=(1, 4))], []),
    ("平日", "", "", [S(P.WEEKLY, weekdays=MON_FRI)], []),
    ("月〜土", "", "", [S(P.WEEKLY, weekdays=MON_SAT)], []),
    ("火〜日", "", "", [S(P.WEEKLY, weekdays=(1, 2, 3, 4, 5, 6))], []),
    ("土日祝", "", "", [S(P.WEEKLY, weekdays=(5, 6), note=OPEN_HOLIDAYS)], []),
    ("日曜・祝日", "", "", [S(P.WEEKLY, weekdays=(6,), note=OPEN_HOLIDAYS)], []),
    ("毎日", "", "", [S(P.DAILY)], []),
    ("月火水木金土日", "", "", [S(P.DAILY)], []),  # all seven days is 毎日
    ("月〜日", "", "", [S(P.DAILY)], []),
    ("年中無休", "", "", [S(P.DAILY)], []),
    ("毎週火曜", "", "", [S(P.WEEKLY, weekdays=(1,))], []),
    ("毎週 水曜日", "", "", [S(P.WEEKLY, weekdays=(2,))], []),
    ("毎週月・水・金曜日", "", "", [S(P.WEEKLY, weekdays=(0, 2, 4))], []),
    ("第2・第4水曜", "", "", [S(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,))], []),
    ("毎月第１・第３月曜日", "", "", [S(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(0,))], []),
    ("最終金曜", "", "", [S(P.NTH_WEEKDAY, nths=(-1,), weekdays=(4,))], []),
    ("隔週木曜", "", "", [S(P.BIWEEKLY, weekdays=(3,))], []),  # start_date unknown: see below
    ("週2回（火・金）", "", "", [S(P.TIMES_PER_WEEK, count=2, weekdays=(1, 4))], []),
    # 「月2回」 named as two nths of one weekday is simply 第1・第3火曜
    ("月2回（第1・第3火曜）", "", "", [S(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(1,))], []),
    ("毎月15日", "", "", [S(P.MONTHLY_DAY, month_days=(15,))], []),
    ("年4回", "", "", [S(P.IRREGULAR, count=4)], []),
    # --- times --------------------------------------------------------------------------
    ("月〜金", "8:30〜17:00", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(8, 30), closes_at=time(17, 0))], []),
    ("平日", "８：３０～１７：００", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(8, 30), closes_at=time(17, 0))], []),
    ("月〜金", "9時〜12時", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(12, 0))], []),
    ("毎週火曜", "9時半〜11時", "", [S(P.WEEKLY, weekdays=(1,), opens_at=time(9, 30), closes_at=time(11, 0))], []),
    # 午後5時 = 17:00
    ("月〜金", "午前9時〜午後5時", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0))], []),
    # 午後 carries over to the end: 午後1時半 = 13:30, 3時 = 15:00
    ("毎週火曜", "午後1時半〜3時", "", [S(P.WEEKLY, weekdays=(1,), opens_at=time(13, 30), closes_at=time(15, 0))], []),
    ("月〜土", "10:00-", "", [S(P.WEEKLY, weekdays=MON_SAT, opens_at=time(10, 0))], []),
    ("月〜金", "〜17:00", "", [S(P.WEEKLY, weekdays=MON_FRI, closes_at=time(17, 0))], []),
    ("月〜金", "17時まで", "", [S(P.WEEKLY, weekdays=MON_FRI, closes_at=time(17, 0))], []),
    ("月〜金", "9〜17時", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0))], []),
    ("毎週 水曜日 10時から12時まで", "", "", [S(P.WEEKLY, weekdays=(2,), opens_at=time(10, 0), closes_at=time(12, 0))], []),
    ("受付時間 平日8時30分〜17時15分", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(8, 30), closes_at=time(17, 15))], []),
    ("毎週土曜", "午前10時〜正午", "", [S(P.WEEKLY, weekdays=(5,), opens_at=time(10, 0), closes_at=time(12, 0))], []),
    # 24時間 has no closing time after the opening one: kept as the note, no times
    ("毎日", "24時間", "", [S(P.DAILY, note="24時間")], []),
    ("年中無休 24時間365日", "", "", [S(P.DAILY, note="24時間")], []),
    # --- closures -----------------------------------------------------------------------
    ("月〜金", "9:00〜17:00", "祝日・年末年始休み", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0), closed_on_holidays=True, closed_year_end=True)], []),
    ("月〜金", "", "国民の祝日に関する法律に規定する休日及び年末年始（12月29日から翌年の1月3日まで）は終日利用不可", [S(P.WEEKLY, weekdays=MON_FRI, closed_on_holidays=True, closed_year_end=True)], []),
    ("月〜金", "", "国民の祝日及び年末年始（１２月２９日から翌年の１月３日）は終日利用不可", [S(P.WEEKLY, weekdays=MON_FRI, closed_on_holidays=True, closed_year_end=True)], []),
    ("月〜金 8:30〜17:00（祝日・年末年始を除く）", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(8, 30), closes_at=time(17, 0), closed_on_holidays=True, closed_year_end=True)], []),
    # 土日 closed agrees with 月〜金 open; only 祝 is news
    ("月〜金（土日祝休み）", "", "", [S(P.WEEKLY, weekdays=MON_FRI, closed_on_holidays=True)], []),
    ("月〜土 9:00〜19:00（日・祝日・年末年始は休館）", "", "", [S(P.WEEKLY, weekdays=MON_SAT, opens_at=time(9, 0), closes_at=time(19, 0), closed_on_holidays=True, closed_year_end=True)], []),
    ("月〜金", "9:00〜17:00", "定休日：土日・祝日", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0), closed_on_holidays=True)], []),
    ("火〜日", "9:00〜17:00", "月曜休館", [S(P.WEEKLY, weekdays=(1, 2, 3, 4, 5, 6), opens_at=time(9, 0), closes_at=time(17, 0))], []),
    ("毎日 祝日休み", "", "", [S(P.DAILY, closed_on_holidays=True)], []),
    ("毎日 年末年始休業", "", "", [S(P.DAILY, closed_year_end=True)], []),
    # --- several things in one cell -----------------------------------------------------
    # a lunch break: two openings on the same days
    ("月〜金 9:00〜12:00、13:00〜17:00", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(12, 0)), S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(13, 0), closes_at=time(17, 0))], []),
    ("月〜金 9:00〜17:00 土 9:00〜12:00", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0)), S(P.WEEKLY, weekdays=(5,), opens_at=time(9, 0), closes_at=time(12, 0))], []),
    ("月〜金", "9:00〜17:00（土曜は9:00〜12:00）", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0)), S(P.WEEKLY, weekdays=(5,), opens_at=time(9, 0), closes_at=time(12, 0))], []),
    ("平日 9:00〜18:00 土曜 9:00〜13:00 日祝休み", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(18, 0), closed_on_holidays=True), S(P.WEEKLY, weekdays=(5,), opens_at=time(9, 0), closes_at=time(13, 0), closed_on_holidays=True)], []),
    ("火・木", "13:30〜15:30", "祝日も開所", [S(P.WEEKLY, weekdays=(1, 3), opens_at=time(13, 30), closes_at=time(15, 30), note="祝日も開所")], []),
    ("第2・第4水曜 10：00～12：00（祝日・年末年始は休み）", "", "", [S(P.NTH_WEEKDAY, nths=(2, 4), weekdays=(2,), opens_at=time(10, 0), closes_at=time(12, 0), closed_on_holidays=True, closed_year_end=True)], []),
    ("隔週の木曜日 13:30〜15:30", "", "", [S(P.BIWEEKLY, weekdays=(3,), opens_at=time(13, 30), closes_at=time(15, 30))], []),
    ("土日祝日 10時〜16時", "", "", [S(P.WEEKLY, weekdays=(5, 6), opens_at=time(10, 0), closes_at=time(16, 0), note=OPEN_HOLIDAYS)], []),
    # 休館日 named with its exception: the exception cannot be a flag
    ("火〜日", "9:00〜17:00", "休館日：月曜日（祝日の場合は翌日）", [S(P.WEEKLY, weekdays=(1, 2, 3, 4, 5, 6), opens_at=time(9, 0), closes_at=time(17, 0))], ["祝日の場合は翌日"]),
    ("土日祝", "", "祝日も開所", [S(P.WEEKLY, weekdays=(5, 6), note=OPEN_HOLIDAYS)], []),  # said once
    ("月〜土", "9:00〜18:00（日曜休み）", "", [S(P.WEEKLY, weekdays=MON_SAT, opens_at=time(9, 0), closes_at=time(18, 0))], []),
    # 「土日祝休み」 closes 土・日・祝, not the 金 of the list before it
    ("月水金 土日祝休み", "", "", [S(P.WEEKLY, weekdays=(0, 2, 4), closed_on_holidays=True)], []),
    ("毎日祝日休み", "", "", [S(P.DAILY, closed_on_holidays=True)], []),  # the 日 of 毎日 is no 日曜
    ("毎日　６：００～２２：００", "", "", [S(P.DAILY, opens_at=time(6, 0), closes_at=time(22, 0))], []),
    ("週1回（水）", "", "", [S(P.TIMES_PER_WEEK, count=1, weekdays=(2,))], []),
    ("毎月第2土曜日 10:00〜11:30", "", "", [S(P.NTH_WEEKDAY, nths=(2,), weekdays=(5,), opens_at=time(10, 0), closes_at=time(11, 30))], []),
    ("毎月15日 13:30〜", "", "", [S(P.MONTHLY_DAY, month_days=(15,), opens_at=time(13, 30))], []),
    # 午後 carries over: 午後1時半 = 13:30, 3時 = 15:00
    ("第1・3月曜日 午後1時半〜3時", "", "", [S(P.NTH_WEEKDAY, nths=(1, 3), weekdays=(0,), opens_at=time(13, 30), closes_at=time(15, 0))], []),
    # --- flagged: kept verbatim, never guessed ------------------------------------------
    # 受付 hours inside a 24時間 place: the time belongs to 「受付は」, so it is not the opening
    ("毎日", "24時間（受付は9:00〜17:00）", "", [S(P.DAILY, note="24時間")], ["受付は9:00〜17:00"]),
    ("要相談", "", "", [], ["要相談"]),
    ("随時", "", "", [], ["随時"]),
    ("日中のみ", "", "", [], ["日中のみ"]),  # the 日 of 日中 is no 日曜
    ("祝日", "", "", [], ["祝日"]),  # 祝日 alone is no day of the week
    ("不定期（月1回程度）", "", "", [S(P.IRREGULAR)], ["月1回程度"]),
    ("週3回程度", "", "", [], ["週3回程度"]),
    ("月〜金 9:00〜17:00 冬季休業あり", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0))], ["冬季休業あり"]),
    ("毎週土曜 25時〜26時", "", "", [S(P.WEEKLY, weekdays=(5,))], ["25時〜26時"]),  # no such hours
    # not the model's 12/29–1/3: no flag
    ("月〜金", "", "年末年始（12月28日〜1月4日）休み", [S(P.WEEKLY, weekdays=MON_FRI)], ["年末年始（12月28日〜1月4日）休み"]),
    # closed on a day it is said to be open on
    ("月〜土", "9:00〜18:00（土曜休み）", "", [S(P.WEEKLY, weekdays=MON_SAT, opens_at=time(9, 0), closes_at=time(18, 0))], ["土曜休み"]),
    # an excluded lunch hour is no opening
    ("月〜金 9:00〜17:00（12:00〜13:00は除く）", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0))], ["12:00〜13:00は除く"]),
    # a seasonal closing time belongs to its season, kept as written (full width too)
    ("月〜金　９：００〜１７：００　冬期は１６：００まで", "", "", [S(P.WEEKLY, weekdays=MON_FRI, opens_at=time(9, 0), closes_at=time(17, 0))], ["冬期は１６：００まで"]),
    ("毎週火曜 雨の日は中止", "", "", [S(P.WEEKLY, weekdays=(1,))], ["雨の日は中止"]),
    ("月水金 午前中", "", "", [S(P.WEEKLY, weekdays=(0, 2, 4))], ["午前中"]),
    # 3 times a month but only two nths named: for a person to settle
    ("月3回（第1・第3火曜）", "", "", [], ["月3回（第1・第3火曜）"]),
    # hours with no day: no schedule, every cell comes back as it was
    ("", "9〜17時", "", [], ["9〜17時"]),
    ("開館時間：9:00〜17:00", "", "休館日：月曜日（祝日の場合は翌日）", [], ["開館時間：9:00〜17:00", "休館日：月曜日（祝日の場合は翌日）"]),
    ("", "", "", [], []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("days", "hours", "note", "specs", "unparsed"),
    [pytest.param(*row, id="|".join(p for p in row[:3] if p) or "empty") for row in ROWS],
)
def test_parse_opening_reads_the_phrase(
    days: str, hours: str, note: str, specs: list[S], unparsed: list[str]
) -> None:
    assert parse_opening(days, hours, note) == ParsedOpening(specs=specs, unparsed=unparsed)


def test_the_table_has_at_least_sixty_phrases() -> None:
    assert len(ROWS) >= 60


def test_biweekly_without_its_first_day_is_flagged() -> None:
    # Text never names the first meeting of 隔週, so the spec has none and problems() asks for it.
    parsed = parse_opening("隔週木曜")
    assert parsed.specs[0].start_date is None
    assert parsed.problems() == ["隔週の開始日（初回の開催日）を入力してください。"]


def test_complete_only_when_nothing_is_left_over() -> None:
    assert parse_opening("月〜金", "8:30〜17:00").complete is True
    assert parse_opening("月〜金 冬季休業あり").complete is False
    assert parse_opening("要相談").complete is False
