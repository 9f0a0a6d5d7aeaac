"""The 地域資源 registry of the demo city サンプル市: deterministic from a seed, written through the
services (readings, 50音 keys, frequency bands and history are real) by the demo 第1層SC.

The city is deliberately uneven, so that gap analyses have something to find:
丘陵圏域 has almost no weekly 通いの場, 西部圏域 has no mobility support at all, and most records of
東部圏域 have not been checked for over a year (relative to REFERENCE_DATE).
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sasaeai.accounts.models import User
from sasaeai.areas.models import Area, Municipality, Town
from sasaeai.resources.matching import similar_names

from .constants import (
    Activity,
    ContactRole,
    FrequencyBand,
    OrganizationType,
    ResourceKind,
    ResourceStatus,
    SchedulePattern,
    SupportType,
    TargetGroup,
    VenueType,
    VerificationMethod,
)
from .models import Location, Organization, Resource
from .scheduling import LAST, ScheduleSpec
from .services import (
    ResourceInput,
    contact_save,
    location_save,
    organization_save,
    resource_save,
    resource_verify,
)
from .validators import corporate_number_check_digit

SC_USERNAME = "demo-sc1"  # accounts.demo's 第1層SC records everything
REFERENCE_DATE = datetime.date(2026, 11, 1)  # verification dates lie before it
HILLS, WEST, EAST = "丘陵圏域", "西部圏域", "東部圏域"
FY_START = datetime.date(2026, 4, 1)

# Two place labels per 町丁目 for names (a neighbourhood or a nickname), chosen so that no label
# is part of another: 「いきいき百歳体操 桜が丘」 must not look like a duplicate of 「…桜が丘東」.
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "中央一丁目": (("中央", "ちゅうおう"), ("けやき", "けやき")),
    "中央二丁目": (("ひばり", "ひばり"), ("市役所前", "しやくしょまえ")),
    "中央三丁目": (("つつじ", "つつじ"), ("あおば", "あおば")),
    "本町": (("本町", "ほんちょう"), ("なかよし", "なかよし")),
    "桜が丘一丁目": (("桜が丘", "さくらがおか"), ("ふじ", "ふじ")),
    "桜が丘二丁目": (("はなみずき", "はなみずき"), ("もみじ", "もみじ")),
    "清水": (("清水", "しみず"), ("せせらぎ", "せせらぎ")),
    "芋窪": (("芋窪", "いもくぼ"), ("やまぶき", "やまぶき")),
    "向原": (("向原", "むこうはら"), ("すずらん", "すずらん")),
    "新堀": (("新堀", "しんぼり"), ("あじさい", "あじさい")),
    "仲原": (("仲原", "なかはら"), ("こすもす", "こすもす")),
    "南街一丁目": (("南街", "なんがい"), ("ひまわり", "ひまわり")),
    "南街二丁目": (("たんぽぽ", "たんぽぽ"), ("すみれ", "すみれ")),
    "立野": (("立野", "たての"), ("なのはな", "なのはな")),
    "上北台": (("上北台", "かみきただい"), ("ゆりのき", "ゆりのき")),
    "狭山": (("狭山", "さやま"), ("かえで", "かえで")),
    "湖畔": (("湖畔", "こはん"), ("しらさぎ", "しらさぎ")),
    "蔵敷": (("蔵敷", "ぞうしき"), ("くすのき", "くすのき")),
    "駅前一丁目": (("駅前", "えきまえ"), ("いちょう", "いちょう")),
    "駅前二丁目": (("つばめ", "つばめ"), ("ほたる", "ほたる")),
    "緑町": (("緑町", "みどりちょう"), ("みどり", "みどり")),
    "日向": (("日向", "ひなた"), ("さつき", "さつき")),
    "奈良橋": (("奈良橋", "ならはし"), ("やまゆり", "やまゆり")),
    "高木": (("高木", "たかぎ"), ("くぬぎ", "くぬぎ")),
    "多摩湖": (("多摩湖", "たまこ"), ("みずべ", "みずべ")),
}

# 通いの場 per area (175 in all); 丘陵圏域 and 東部圏域 are thinner.
KAYOI_PER_AREA = {
    "中央圏域": 28,
    "北部圏域": 28,
    "東部圏域": 24,
    "南部圏域": 28,
    "西部圏域": 24,
    "駅前圏域": 25,
    HILLS: 18,
}
# Primary activities of the 175 near the national mix: 95/175 = 54.3 % 体操, 37 = 21.1 % 趣味,
# 23 = 13.1 % 茶話会, the other 20 spread.
ACTIVITY_QUOTA = {
    Activity.EXERCISE: 95,
    Activity.HOBBY: 37,
    Activity.TEA: 23,
    Activity.DEMENTIA_PREVENTION: 5,
    Activity.INTERGENERATIONAL: 4,
    Activity.MEAL: 3,
    Activity.LIFELONG_LEARNING: 3,
    Activity.FARMING: 2,
    Activity.VOLUNTEERING: 2,
    Activity.WORK: 1,
}
# Frequency bands of the 175: 68 = 38.9 % 週1回以上, 42 = 24 %, 56 = 32 %, 9 = 5.1 %.
BAND_QUOTA = {
    FrequencyBand.WEEKLY_OR_MORE: 68,
    FrequencyBand.TWO_OR_THREE_MONTHLY: 42,
    FrequencyBand.MONTHLY: 56,
    FrequencyBand.LESS_OR_IRREGULAR: 9,
}
HILLS_WEEKLY = 1  # "almost none"

# Named exactly as in the brief; their activity comes out of ACTIVITY_QUOTA.
SPECIAL_KAYOI = (
    ("いきいき百歳体操 桜が丘", "いきいきひゃくさいたいそう さくらがおか", "桜が丘一丁目", Activity.EXERCISE),
    ("ふれあいサロン本町", "ふれあいさろんほんちょう", "本町", Activity.TEA),
    ("男の料理教室", "おとこのりょうりきょうしつ", "中央二丁目", Activity.HOBBY),
    ("囲碁・将棋クラブ", "いご・しょうぎくらぶ", "南街一丁目", Activity.HOBBY),
    ("脳トレ教室", "のうとれきょうしつ", "駅前一丁目", Activity.DEMENTIA_PREVENTION),
    ("こども食堂 みどり", "こどもしょくどう みどり", "緑町", Activity.INTERGENERATIONAL),
)  # fmt: skip

# Name templates per primary activity: {p} is a place label, {k} its reading.
KAYOI_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    Activity.EXERCISE: (
        ("いきいき百歳体操 {p}", "いきいきひゃくさいたいそう {k}"),
        ("{p}元気アップ体操の会", "{k}げんきあっぷたいそうのかい"),
        ("シルバーリハビリ体操 {p}", "しるばーりはびりたいそう {k}"),
        ("{p}ストレッチ教室", "{k}すとれっちきょうしつ"),
        ("貯筋体操クラブ {p}", "ちょきんたいそうくらぶ {k}"),
        ("{p}ウォーキングの会", "{k}うぉーきんぐのかい"),
        ("ラジオ体操の会 {p}", "らじおたいそうのかい {k}"),
        ("{p}すこやか体操", "{k}すこやかたいそう"),
        ("{p}太極拳の会", "{k}たいきょくけんのかい"),
        ("介護予防体操 {p}", "かいごよぼうたいそう {k}"),
        ("{p}転倒予防教室", "{k}てんとうよぼうきょうしつ"),
        ("椅子ヨガの会 {p}", "いすよがのかい {k}"),
    ),
    Activity.HOBBY: (
        ("{p}囲碁クラブ", "{k}いごくらぶ"),
        ("{p}手芸の会", "{k}しゅげいのかい"),
        ("俳句の会 {p}", "はいくのかい {k}"),
        ("{p}カラオケ同好会", "{k}からおけどうこうかい"),
        ("書道サークル {p}", "しょどうさーくる {k}"),
        ("健康麻雀 {p}", "けんこうまーじゃん {k}"),
        ("歌声喫茶 {p}", "うたごえきっさ {k}"),
        ("{p}折り紙の会", "{k}おりがみのかい"),
        ("{p}写真クラブ", "{k}しゃしんくらぶ"),
        ("絵手紙の会 {p}", "えてがみのかい {k}"),
    ),
    Activity.TEA: (
        ("ふれあいサロン{p}", "ふれあいさろん{k}"),
        ("{p}お茶のみ会", "{k}おちゃのみかい"),
        ("おしゃべりサロン {p}", "おしゃべりさろん {k}"),
        ("{p}ふれあい喫茶", "{k}ふれあいきっさ"),
        ("{p}ひだまりカフェ", "{k}ひだまりかふぇ"),
        ("{p}よりあい処", "{k}よりあいどころ"),
    ),
    Activity.DEMENTIA_PREVENTION: (
        ("認知症カフェ {p}", "にんちしょうかふぇ {k}"),
        ("{p}脳いきいき教室", "{k}のういきいききょうしつ"),
    ),
    Activity.INTERGENERATIONAL: (
        ("多世代交流サロン {p}", "たせだいこうりゅうさろん {k}"),
        ("{p}昔遊びの会", "{k}むかしあそびのかい"),
    ),
    Activity.MEAL: (
        ("{p}ふれあい会食会", "{k}ふれあいかいしょくかい"),
        ("{p}みんなの食堂", "{k}みんなのしょくどう"),
    ),
    Activity.LIFELONG_LEARNING: (
        ("{p}シニア学びの会", "{k}しにあまなびのかい"),
        ("スマホ教室 {p}", "すまほきょうしつ {k}"),
    ),
    Activity.FARMING: (("{p}ふれあい農園の会", "{k}ふれあいのうえんのかい"),),
    Activity.VOLUNTEERING: (("絵本読み聞かせの会 {p}", "えほんよみきかせのかい {k}"),),
    Activity.WORK: (("{p}手仕事工房", "{k}てしごとこうぼう"),),
}

# Which kind of organisation runs a 通いの場 of each activity (keys of Builder.organization).
KAYOI_RUNNERS: dict[str, tuple[str, ...]] = {
    Activity.EXERCISE: ("nbh", "nbh", "senior", "group", "prevention", "resident"),
    Activity.HOBBY: ("senior", "senior", "group", "resident", "learning"),
    Activity.TEA: ("group", "minsei", "shakyo", "nbh", "senior"),
    Activity.DEMENTIA_PREVENTION: ("houkatsu", "care_midori", "clinic"),
    Activity.INTERGENERATIONAL: ("school", "kodomo", "nbh"),
    Activity.MEAL: ("shakyo", "kodomo"),
    Activity.LIFELONG_LEARNING: ("learning", "coop"),
    Activity.FARMING: ("group", "senior"),
    Activity.VOLUNTEERING: ("shakyo", "group"),
    Activity.WORK: ("silver",),
}

ALL = "all"
# City-wide organisations: key, name, kana, type, serial of a fictional 法人番号 (0 = none),
# areas where active. 国税庁 (7000012050002) is the only real number, used by the test only.
CITY_ORGANIZATIONS: tuple[tuple[str, str, str, str, int, Any], ...] = (
    ("shakyo", "社会福祉法人サンプル市社会福祉協議会", "しゃかいふくしほうじんさんぷるししゃかいふくしきょうぎかい", OrganizationType.SOCIAL_WELFARE_COUNCIL, 1, ALL),
    ("prevention", "サンプル市 高齢福祉課 介護予防係", "さんぷるし こうれいふくしか かいごよぼうがかり", OrganizationType.GOV_PREVENTION, 0, ALL),
    ("learning", "サンプル市 生涯学習課", "さんぷるし しょうがいがくしゅうか", OrganizationType.GOV_OTHER, 0, ALL),
    ("silver", "公益社団法人サンプル市シルバー人材センター", "こうえきしゃだんほうじんさんぷるししるばーじんざいせんたー", OrganizationType.SILVER_CENTER, 2, ALL),
    ("npo_net", "NPO法人まちかど支え合いネット", "えぬぴーおーほうじんまちかどささえあいねっと", OrganizationType.NPO, 3, ("中央圏域", "北部圏域", "南部圏域", "駅前圏域")),
    ("odekake", "NPO法人おでかけサポートさくら", "えぬぴーおーほうじんおでかけさぽーとさくら", OrganizationType.NPO, 4, ("中央圏域", "北部圏域", "東部圏域", "南部圏域", "駅前圏域", HILLS)),
    ("minsei", "サンプル市民生委員・児童委員協議会", "さんぷるしみんせいいいん・じどういいんきょうぎかい", OrganizationType.WELFARE_COMMISSIONER, 0, ALL),
    ("dentist", "一般社団法人サンプル市歯科医師会", "いっぱんしゃだんほうじんさんぷるししかいしかい", OrganizationType.PROFESSIONAL, 5, ALL),
    ("rehab", "サンプル市リハビリ専門職連絡会", "さんぷるしりはびりせんもんしょくれんらくかい", OrganizationType.PROFESSIONAL, 0, ALL),
    ("clinic", "医療法人社団けやき会", "いりょうほうじんしゃだんけやきかい", OrganizationType.MEDICAL, 6, ("中央圏域",)),
    ("care_midori", "社会福祉法人みどり福祉会", "しゃかいふくしほうじんみどりふくしかい", OrganizationType.CARE_PROVIDER, 7, ("駅前圏域", "南部圏域")),
    ("care_wa", "株式会社ケアサポート和", "かぶしきがいしゃけあさぽーとなごみ", OrganizationType.CARE_PROVIDER, 8, (EAST, "北部圏域")),
    ("mart", "株式会社まちかどマート", "かぶしきがいしゃまちかどまーと", OrganizationType.BUSINESS, 9, (WEST, HILLS, EAST, "中央圏域")),
    ("deli", "ほっとデリ株式会社", "ほっとでりかぶしきがいしゃ", OrganizationType.BUSINESS, 10, ALL),
    ("school", "サンプル市立南街小学校", "さんぷるしりつなんがいしょうがっこう", OrganizationType.SCHOOL, 0, ("南部圏域",)),
    ("coop", "サンプル生活協同組合", "さんぷるせいかつきょうどうくみあい", OrganizationType.OTHER, 11, ALL),
    ("resident", "体操ボランティア有志", "たいそうぼらんてぃあゆうし", OrganizationType.RESIDENT, 0, ("北部圏域", "中央圏域")),
    ("kodomo", "みどりこども食堂実行委員会", "みどりこどもしょくどうじっこういいんかい", OrganizationType.RESIDENT_GROUP, 0, ("駅前圏域",)),
)  # fmt: skip

# One 地域包括支援センター per area, named after a place (「…東部」/「…南部」 would look alike).
HOUKATSU = {
    "中央圏域": ("中央", "ちゅうおう"),
    "北部圏域": ("桜が丘", "さくらがおか"),
    EAST: ("向原", "むこうはら"),
    "南部圏域": ("南街", "なんがい"),
    WEST: ("狭山", "さやま"),
    "駅前圏域": ("駅前", "えきまえ"),
    HILLS: ("多摩湖", "たまこ"),
}

# Services found in (some) areas: name, kana, kind, support types, schedule, runner, areas.
AREA_SERVICES: tuple[tuple[str, str, str, tuple[str, ...], str, str, Any], ...] = (
    ("見守りネットワーク {p}", "みまもりねっとわーく {k}", ResourceKind.LIFE_SUPPORT, (SupportType.WATCHING,), "as_needed", "minsei", ALL),
    ("ゴミ出しボランティア {p}", "ごみだしぼらんてぃあ {k}", ResourceKind.LIFE_SUPPORT, (SupportType.GARBAGE,), "twice", "group", ALL),
    ("地域包括支援センター{h}", "ちいきほうかつしえんせんたー{hk}", ResourceKind.CONSULTATION, (), "office", "houkatsu", ALL),
    ("おでかけ支援 {p}号", "おでかけしえん {k}ごう", ResourceKind.MOBILITY, (SupportType.MOBILITY,), "weekly", "odekake", ("中央圏域", "北部圏域", EAST, "南部圏域", "駅前圏域", HILLS)),
    ("傾聴ボランティア {p}", "けいちょうぼらんてぃあ {k}", ResourceKind.WORK_VOLUNTEER, (), "monthly", "shakyo", ALL),
    ("介護予防サポーター {p}", "かいごよぼうさぽーたー {k}", ResourceKind.WORK_VOLUNTEER, (), "monthly", "prevention", ALL),
    ("子ども見守り隊 {p}", "こどもみまもりたい {k}", ResourceKind.WORK_VOLUNTEER, (), "twice", "nbh", ALL),
    ("ちょこっと支え隊 {p}", "ちょこっとささえたい {k}", ResourceKind.LIFE_SUPPORT, (SupportType.HOUSEWORK, SupportType.GARBAGE, SupportType.SHOPPING), "as_needed", "npo_net", ("中央圏域", "北部圏域", "南部圏域", "駅前圏域")),
    ("まちの保健室 {p}", "まちのほけんしつ {k}", ResourceKind.CONSULTATION, (), "monthly", "houkatsu", ("中央圏域", "南部圏域", HILLS)),
    ("フードパントリー {p}", "ふーどぱんとりー {k}", ResourceKind.OTHER, (), "monthly", "coop", ("中央圏域", EAST, "駅前圏域")),
)  # fmt: skip

# Offices and special venues: key, name, kana, type, town.
OFFICES = (
    ("welfare", "サンプル市総合福祉センター", "さんぷるしそうごうふくしせんたー", VenueType.OTHER, "中央一丁目"),
    ("silver", "シルバー人材センター事務所", "しるばーじんざいせんたーじむしょ", VenueType.OTHER, "本町"),
    ("deli", "ほっとデリ 調理センター", "ほっとでり ちょうりせんたー", VenueType.SHOP, "駅前二丁目"),
    ("clinic", "けやき内科クリニック", "けやきないかくりにっく", VenueType.MEDICAL, "中央三丁目"),
    ("day", "デイサービスけやき", "でいさーびすけやき", VenueType.CARE_FACILITY, "駅前二丁目"),
    ("home", "小規模多機能ホームひだまり", "しょうきぼたきのうほーむひだまり", VenueType.CARE_FACILITY, "南街二丁目"),
    ("care_wa", "ケアサポート和 新堀事業所", "けあさぽーとなごみ しんぼりじぎょうしょ", VenueType.CARE_FACILITY, "新堀"),
    ("school", "南街小学校 ふれあいルーム", "なんがいしょうがっこう ふれあいるーむ", VenueType.SCHOOL, "南街一丁目"),
    ("mart", "まちかどマート 本店", "まちかどまーと ほんてん", VenueType.SHOP, "中央二丁目"),
)  # fmt: skip
# 個人宅・空き家 venues, each given to one 通いの場 of its town's area.
PRIVATE_HOMES = (
    ("陽だまりの家", "ひだまりのいえ", "清水"),
    ("えんがわハウス", "えんがわはうす", "立野"),
    ("空き家活用 ふるさと庵", "あきやかつよう ふるさとあん", "高木"),
    ("縁側の家 こもれび", "えんがわのいえ こもれび", "新堀"),
)
# Venues typed with only an address: the service puts them at their 町丁目's centroid.
ADDRESS_ONLY = (
    ("清水第二集会所", "しみずだいにしゅうかいじょ", "清水", "2-14-3"),
    ("桜が丘二丁目会館", "さくらがおかにちょうめかいかん", "桜が丘2丁目", "8-1"),
    ("上北台ふれあいルーム", "かみきただいふれあいるーむ", "上北台", "1-20-5"),
)
# Venues with neither coordinates nor a known 町字: they land on the 位置未確定 list.
UNPLACED = (
    ("旧青年館", "きゅうせいねんかん", ""),
    ("北原ふれあい広場", "きたはらふれあいひろば", "北原"),
)

# City-wide services: name, kana, kind, support types, schedule, runner, venue keys.
CITY_SERVICES: tuple[tuple[str, str, str, tuple[str, ...], str, str, tuple[str, ...]], ...] = (
    ("買い物支援 おたすけ便", "かいものしえん おたすけびん", ResourceKind.LIFE_SUPPORT, (SupportType.SHOPPING,), "weekly", "npo_net", ("welfare",)),
    ("移動販売 まちかど号", "いどうはんばい まちかどごう", ResourceKind.LIFE_SUPPORT, (SupportType.SHOPPING,), "three", "mart", ("hall:狭山", "hall:湖畔", "hall:奈良橋", "hall:向原")),
    ("配食サービス ほっとデリ", "はいしょくさーびす ほっとでり", ResourceKind.LIFE_SUPPORT, (SupportType.MEAL_DELIVERY, SupportType.WATCHING), "daily", "deli", ("deli",)),
    ("ふれあい配食", "ふれあいはいしょく", ResourceKind.LIFE_SUPPORT, (SupportType.MEAL_DELIVERY,), "twice", "shakyo", ("welfare",)),
    ("シルバー人材センター 家事援助サービス", "しるばーじんざいせんたー かじえんじょさーびす", ResourceKind.LIFE_SUPPORT, (SupportType.HOUSEWORK, SupportType.GARBAGE), "office", "silver", ("silver",)),
    ("シルバー人材センター 就業相談", "しるばーじんざいせんたー しゅうぎょうそうだん", ResourceKind.WORK_VOLUNTEER, (), "office", "silver", ("silver",)),
    ("福祉有償運送 さくら", "ふくしゆうしょううんそう さくら", ResourceKind.MOBILITY, (SupportType.MOBILITY,), "office", "odekake", ("hall:桜が丘一丁目",)),
    ("買い物ツアー 送迎便", "かいものつあー そうげいびん", ResourceKind.LIFE_SUPPORT, (SupportType.SHOPPING, SupportType.MOBILITY), "biweekly", "care_wa", ("hall:向原",)),
    ("社協 ふくし何でも相談", "しゃきょう ふくしなんでもそうだん", ResourceKind.CONSULTATION, (), "office", "shakyo", ("welfare",)),
    ("オレンジ相談室", "おれんじそうだんしつ", ResourceKind.CONSULTATION, (), "monthly", "clinic", ("clinic",)),
    ("歯と口の健康相談", "はとくちのけんこうそうだん", ResourceKind.CONSULTATION, (), "seasonal", "dentist", ("welfare",)),
    ("デイサービスけやき", "でいさーびすけやき", ResourceKind.CARE_PROVIDER, (), "six", "care_midori", ("day",)),
    ("小規模多機能ホームひだまり", "しょうきぼたきのうほーむひだまり", ResourceKind.CARE_PROVIDER, (), "daily", "care_midori", ("home",)),
    ("訪問介護ステーション わかば", "ほうもんかいごすてーしょん わかば", ResourceKind.CARE_PROVIDER, (SupportType.HOUSEWORK,), "office", "care_wa", ("care_wa",)),
    ("居宅介護支援事業所 なごみ", "きょたくかいごしえんじぎょうしょ なごみ", ResourceKind.CARE_PROVIDER, (), "office", "care_wa", ("care_wa",)),
    ("図書館ボランティア", "としょかんぼらんてぃあ", ResourceKind.WORK_VOLUNTEER, (), "weekly", "learning", ("welfare",)),
    ("昔遊びの先生ボランティア", "むかしあそびのせんせいぼらんてぃあ", ResourceKind.WORK_VOLUNTEER, (), "seasonal", "school", ("school",)),
    ("シニアのスマホ相談会", "しにあのすまほそうだんかい", ResourceKind.OTHER, (), "monthly", "coop", ("hall:駅前一丁目",)),
    ("生協 くらしの助け合い", "せいきょう くらしのたすけあい", ResourceKind.LIFE_SUPPORT, (SupportType.HOUSEWORK,), "as_needed", "coop", ("hall:日向",)),
    ("電球交換お手伝い隊", "でんきゅうこうかんおてつだいたい", ResourceKind.LIFE_SUPPORT, (SupportType.HOUSEWORK,), "as_needed", "resident", ("hall:芋窪",)),
    ("ふれあい電話訪問", "ふれあいでんわほうもん", ResourceKind.LIFE_SUPPORT, (SupportType.WATCHING,), "weekly", "shakyo", ("welfare",)),
    ("リハビリ専門職の出前講座", "りはびりせんもんしょくのでまえこうざ", ResourceKind.OTHER, (), "seasonal", "rehab", ("welfare",)),
    ("防災まちあるきの会", "ぼうさいまちあるきのかい", ResourceKind.OTHER, (), "seasonal", "minsei", ("unplaced:0",)),
    ("グラウンド・ゴルフ愛好会", "ぐらうんど・ごるふあいこうかい", ResourceKind.OTHER, (), "monthly", "resident", ("unplaced:1",)),
    ("花いっぱい運動", "はないっぱいうんどう", ResourceKind.WORK_VOLUNTEER, (), "monthly", "resident", ("unplaced:1",)),
)  # fmt: skip

TIMES = ((9, 30, 11, 30), (10, 0, 11, 30), (10, 0, 12, 0), (13, 30, 15, 0), (14, 0, 16, 0))
SURNAMES = ("見本", "仮名", "架空", "例示", "試作", "模擬", "想定", "仮置")
GIVEN_NAMES = ("花子", "太郎", "一郎", "和子", "次郎", "良子", "三郎", "幸子", "春江", "正男")


def corporate_number(serial: int) -> str:
    """A fictional 法人番号: base 9999 + serial (no 登記所 code of that form), with its check digit."""
    base = f"9999{serial:08d}"
    return f"{corporate_number_check_digit(base)}{base}"


@dataclass
class Summary:
    """What the demo registry contains, for the command's message."""

    resources: int = 0
    organizations: int = 0
    locations: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)


@dataclass
class Slot:
    """One 通いの場 to create: where, what, how often."""

    area: Area
    town: Town
    activity: str
    name: tuple[str, str] | None = None  # (name, kana) when fixed
    band: str = ""
    venue: Location | None = None


class NamePicker:
    """Chooses names no duplicate finder would pair with an earlier one (planted pairs aside)."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def pick(self, candidates: Sequence[tuple[str, str]]) -> tuple[str, str]:
        for name, kana in candidates:
            if not any(similar_names(name, other) for other in self.used):
                self.used.append(name)
                return name, kana
        self.used.append(candidates[0][0])  # every candidate clashes: keep the first anyway
        return candidates[0]


def offset(rng: random.Random, lat: float, lng: float) -> tuple[float, float]:
    """A point a few metres to ~300 m from (lat, lng) in a random direction."""
    metres, angle = rng.uniform(5, 300), rng.uniform(0, 2 * math.pi)
    d_lat = metres * math.cos(angle) / 111_320
    d_lng = metres * math.sin(angle) / (111_320 * math.cos(math.radians(lat)))
    return round(lat + d_lat, 6), round(lng + d_lng, 6)


def first_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def spec_for_band(rng: random.Random, band: str) -> ScheduleSpec:
    """A schedule of the band in one of the patterns people use for it, with times and closures."""
    opens_h, opens_m, closes_h, closes_m = rng.choice(TIMES)
    common: dict[str, Any] = {
        "opens_at": datetime.time(opens_h, opens_m),
        "closes_at": datetime.time(closes_h, closes_m),
        "closed_on_holidays": rng.random() < 0.3,
        "closed_year_end": rng.random() < 0.4,
    }
    day = rng.randrange(5)
    roll = rng.random()
    if band == FrequencyBand.WEEKLY_OR_MORE:
        if roll < 0.6:
            return ScheduleSpec(SchedulePattern.WEEKLY, weekdays=(day,), **common)
        if roll < 0.85:
            return ScheduleSpec(
                SchedulePattern.TIMES_PER_WEEK, count=2, weekdays=(day % 3, day % 3 + 2), **common
            )
        if roll < 0.93:
            return ScheduleSpec(SchedulePattern.TIMES_PER_MONTH, count=4, **common)
        return ScheduleSpec(SchedulePattern.DAILY, **{**common, "closed_year_end": True})
    if band == FrequencyBand.TWO_OR_THREE_MONTHLY:
        if roll < 0.45:
            nths = rng.choice(((1, 3), (2, 4)))
            return ScheduleSpec(SchedulePattern.NTH_WEEKDAY, nths=nths, weekdays=(day,), **common)
        if roll < 0.7:
            start = first_on_or_after(FY_START, day)
            return ScheduleSpec(
                SchedulePattern.BIWEEKLY, weekdays=(day,), start_date=start, **common
            )
        if roll < 0.85:
            return ScheduleSpec(SchedulePattern.TIMES_PER_MONTH, count=2, **common)
        return ScheduleSpec(SchedulePattern.MONTHLY_DAY, month_days=(5, 20), **common)
    if band == FrequencyBand.MONTHLY:
        if roll < 0.6:
            nth = rng.choice((1, 2, 3, 4, LAST))
            return ScheduleSpec(SchedulePattern.NTH_WEEKDAY, nths=(nth,), weekdays=(day,), **common)
        if roll < 0.85:
            return ScheduleSpec(
                SchedulePattern.MONTHLY_DAY, month_days=(rng.randint(1, 28),), **common
            )
        return ScheduleSpec(SchedulePattern.TIMES_PER_MONTH, count=1, **common)
    return seasonal(rng, common) if roll < 0.7 else irregular(rng, common)


def seasonal(rng: random.Random, common: dict[str, Any]) -> ScheduleSpec:
    """年4回, on dated meetings across the fiscal year."""
    day = rng.randint(5, 25)
    dates = tuple(datetime.date(2026 + (m < 4), m, day) for m in (5, 8, 11, 2))
    return ScheduleSpec(SchedulePattern.IRREGULAR, count=4, dates=dates, **common)


def irregular(rng: random.Random, common: dict[str, Any]) -> ScheduleSpec:
    """不定期, with the next few meetings dated."""
    dates = tuple(
        sorted({datetime.date(2026, rng.randint(9, 12), rng.randint(1, 28)) for _ in range(3)})
    )
    return ScheduleSpec(
        SchedulePattern.IRREGULAR, dates=dates, note="日程は回覧板でお知らせ", **common
    )


def service_spec(rng: random.Random, key: str) -> ScheduleSpec:
    """The schedule of a service by its kind of opening."""
    office: dict[str, Any] = {"opens_at": datetime.time(8, 30), "closes_at": datetime.time(17, 15)}
    closed: dict[str, Any] = {"closed_on_holidays": True, "closed_year_end": True}
    if key == "office":
        return ScheduleSpec(
            SchedulePattern.TIMES_PER_WEEK, count=5, weekdays=(0, 1, 2, 3, 4), **office, **closed
        )
    if key == "six":
        return ScheduleSpec(
            SchedulePattern.TIMES_PER_WEEK,
            count=6,
            weekdays=(0, 1, 2, 3, 4, 5),
            **office,
            closed_year_end=True,
        )
    if key == "daily":
        return ScheduleSpec(
            SchedulePattern.DAILY,
            opens_at=datetime.time(11),
            closes_at=datetime.time(13),
            closed_year_end=True,
        )
    if key == "twice":
        return ScheduleSpec(
            SchedulePattern.TIMES_PER_WEEK,
            count=2,
            weekdays=(0, 3),
            opens_at=datetime.time(8),
            closes_at=datetime.time(9),
        )
    if key == "three":
        return ScheduleSpec(
            SchedulePattern.TIMES_PER_WEEK,
            count=3,
            weekdays=(1, 3, 5),
            opens_at=datetime.time(10),
            closes_at=datetime.time(15),
        )
    if key == "as_needed":
        return ScheduleSpec(SchedulePattern.IRREGULAR, note="随時（要連絡）")
    if key == "seasonal":
        return seasonal(rng, {"opens_at": datetime.time(10), "closes_at": datetime.time(12)})
    band = {"weekly": FrequencyBand.WEEKLY_OR_MORE, "biweekly": FrequencyBand.TWO_OR_THREE_MONTHLY}
    spec = spec_for_band(rng, band.get(key, FrequencyBand.MONTHLY))
    if key == "biweekly" and spec.pattern != SchedulePattern.BIWEEKLY:
        start = first_on_or_after(FY_START, 2)
        return ScheduleSpec(SchedulePattern.BIWEEKLY, weekdays=(2,), start_date=start)
    return spec


class Builder:
    """Builds the registry in a fixed order so that one seed always gives the same data."""

    def __init__(self, municipality: Municipality, seed: int) -> None:
        self.city = municipality
        self.rng = random.Random(seed + 1)  # the areas demo uses `seed` itself
        self.user = User.objects.get(username=SC_USERNAME)
        self.towns = list(
            Town.objects.filter(municipality=municipality).select_related("area").order_by("code")
        )
        self.town = {t.name: t for t in self.towns}
        self.areas = list(Area.objects.layer2().filter(municipality=municipality).order_by("code"))
        self.names = {"resource": NamePicker(), "org": NamePicker(), "venue": NamePicker()}
        # Names given later (the brief's own and the planted duplicates) must stay unique too.
        self.names["resource"].used += [s[0] for s in SPECIAL_KAYOI] + ["いきいきサロン中央"]
        self.orgs: dict[str, Organization] = {}
        self.streets: set[tuple[int, str]] = set()
        self.venues: dict[str, Location] = {}
        self.resources: list[tuple[Resource, Area | None]] = []
        self.summary = Summary()

    def towns_of(self, area: Area) -> list[Town]:
        return [t for t in self.towns if t.area_id == area.pk]

    def labels(self, area: Area) -> list[tuple[str, str]]:
        return [label for t in self.towns_of(area) for label in PLACES[t.name]]

    # --- organisations --------------------------------------------------------------------

    def org_save(
        self, key: str, name: str, kana: str, type_: str, areas: list[Area], **extra: Any
    ) -> Organization:
        name, kana = self.names["org"].pick([(name, kana)])
        org = organization_save(
            municipality=self.city,
            user=self.user,
            name=name,
            kana=kana,
            type=type_,
            areas=areas,
            **extra,
        )
        self.orgs[key] = org
        self.summary.organizations += 1
        return org

    def build_organizations(self) -> None:
        by_name = {a.name: a for a in self.areas}
        for key, name, kana, type_, serial, areas in CITY_ORGANIZATIONS:
            active = self.areas if areas == ALL else [by_name[a] for a in areas]
            number = corporate_number(serial) if serial else ""
            self.org_save(key, name, kana, type_, active, corporate_number=number)
        for area in self.areas:
            label, label_kana = HOUKATSU[area.name]
            self.org_save(
                f"houkatsu:{area.pk}",
                f"地域包括支援センター{label}",
                f"ちいきほうかつしえんせんたー{label_kana}",
                OrganizationType.COMMUNITY_SUPPORT_CENTER,
                [area],
            )
            self.build_area_groups(area)
        for town in self.towns:
            (label, kana), _second = PLACES[town.name]
            self.org_save(
                f"nbh:{town.pk}",
                f"{label}自治会",
                f"{kana}じちかい",
                OrganizationType.NEIGHBORHOOD,
                [town.area] if town.area else [],  # every demo town has its area
            )

    def build_area_groups(self, area: Area) -> None:
        labels = self.labels(area)
        name, kana = self.names["org"].pick([(f"{p}寿会", f"{k}ことぶきかい") for p, k in labels])
        self.org_save(f"senior:{area.pk}", name, kana, OrganizationType.SENIOR_CLUB, [area])
        name, kana = self.names["org"].pick(
            [(f"{p}支え合いの会", f"{k}ささえあいのかい") for p, k in reversed(labels)]
        )
        self.org_save(f"group:{area.pk}", name, kana, OrganizationType.RESIDENT_GROUP, [area])

    def organization(self, key: str, town: Town | None) -> Organization:
        """The runner by key; per-area and per-town keys are resolved for the given town."""
        if town is not None and key in ("senior", "group", "houkatsu"):
            return self.orgs[f"{key}:{town.area_id}"]
        if town is not None and key == "nbh":
            return self.orgs[f"nbh:{town.pk}"]
        return self.orgs[key]

    # --- venues ---------------------------------------------------------------------------

    def venue_save(
        self,
        key: str,
        name: str,
        kana: str,
        venue_type: str,
        town: Town | None,
        *,
        also: Sequence[tuple[str, str]] = (),
        **extra: Any,
    ) -> Location:
        name, kana = self.names["venue"].pick([(name, kana), *also])
        values: dict[str, Any] = {"prefecture": "東京都", "city": "サンプル市"}
        if town is not None:
            assert town.latitude is not None and town.longitude is not None
            values["latitude"], values["longitude"] = offset(
                self.rng, town.latitude, town.longitude
            )
            values |= {"town": town, "town_text": town.name, "street": self.street(town)}
        values |= extra
        location = location_save(
            municipality=self.city,
            user=self.user,
            name=name,
            kana=kana,
            venue_type=venue_type,
            **values,
        )
        self.venues[key] = location
        self.summary.locations += 1
        return location

    def street(self, town: Town) -> str:
        """A block number not yet used in the town (two venues at one address look alike)."""
        while True:
            block = f"{self.rng.randint(1, 25)}-{self.rng.randint(1, 20)}"
            street = block if "丁目" in town.name else f"{self.rng.randint(1, 4)}-{block}"
            if (town.pk, street) not in self.streets:
                self.streets.add((town.pk, street))
                return street

    def build_venues(self) -> None:
        third = (
            (VenueType.PARK, "{p}公園", "{k}こうえん"),
            (VenueType.SCHOOL, "{p}小学校 余裕教室", "{k}しょうがっこう よゆうきょうしつ"),
            (
                VenueType.CARE_FACILITY,
                "{p}の郷 地域交流スペース",
                "{k}のさと ちいきこうりゅうすぺーす",
            ),
            (VenueType.SHOP, "{p}商店会 空き店舗", "{k}しょうてんかい あきてんぽ"),
            (VenueType.FARM, "{p}ふれあい農園", "{k}ふれあいのうえん"),
        )
        for index, town in enumerate(self.towns):
            (p1, k1), (p2, k2) = PLACES[town.name]
            self.venue_save(
                f"hall:{town.name}",
                f"{p1}自治会館",
                f"{k1}じちかいかん",
                VenueType.COMMUNITY_HALL,
                town,
            )
            self.venue_save(
                f"room:{town.name}",
                f"{p2}集会所",
                f"{k2}しゅうかいじょ",
                VenueType.COMMUNITY_HALL,
                town,
            )
            venue_type, name, kana = third[index % len(third)]
            self.venue_save(
                f"extra:{town.name}",
                name.format(p=p2),
                kana.format(k=k2),
                venue_type,
                town,
                also=[(name.format(p=p1), kana.format(k=k1))],
            )
        for key, name, kana, venue_type, town_name in OFFICES:
            self.venue_save(key, name, kana, venue_type, self.town[town_name])
        for index, (name, kana, town_name) in enumerate(PRIVATE_HOMES):
            self.venue_save(
                f"private:{index}", name, kana, VenueType.PRIVATE_HOME, self.town[town_name]
            )
        for index, (name, kana, town_text, street) in enumerate(ADDRESS_ONLY):
            self.venue_save(
                f"address:{index}",
                name,
                kana,
                VenueType.COMMUNITY_HALL,
                None,
                town_text=town_text,
                street=street,
            )
        for index, (name, kana, town_text) in enumerate(UNPLACED):
            self.venue_save(
                f"unplaced:{index}", name, kana, VenueType.OTHER, None, town_text=town_text
            )

    # --- resources ------------------------------------------------------------------------

    def resource(self, data: ResourceInput, area: Area | None) -> Resource:
        resource = resource_save(municipality=self.city, user=self.user, data=data)
        self.resources.append((resource, area))
        self.summary.resources += 1
        self.summary.by_kind[data.kind] += 1
        return resource

    def kayoi_slots(self) -> list[Slot]:
        """Every 通いの場 with its area, town and activity; the named ones first in each area."""
        quota = Counter(ACTIVITY_QUOTA)
        for *_names, _town, activity in SPECIAL_KAYOI:
            quota[activity] -= 1
        activities = [a for a, n in quota.items() for _ in range(n)]
        self.rng.shuffle(activities)
        slots: list[Slot] = []
        for area in self.areas:
            towns = self.towns_of(area)
            specials = [s for s in SPECIAL_KAYOI if self.town[s[2]].area_id == area.pk]
            for name, kana, town_name, activity in specials:
                slots.append(Slot(area, self.town[town_name], activity, name=(name, kana)))
            for _ in range(KAYOI_PER_AREA[area.name] - len(specials)):
                slots.append(Slot(area, self.rng.choice(towns), activities.pop()))
        self.assign_bands(slots)
        return slots

    def assign_bands(self, slots: list[Slot]) -> None:
        """Shuffle the band quota over the slots, keeping 丘陵圏域 almost without weekly ones."""
        bands = [b for b, n in BAND_QUOTA.items() for _ in range(n)]
        self.rng.shuffle(bands)
        hills = [s for s in slots if s.area.name == HILLS]
        weekly = [b for b in bands if b == FrequencyBand.WEEKLY_OR_MORE]
        others = [b for b in bands if b != FrequencyBand.WEEKLY_OR_MORE]
        hill_bands = weekly[:HILLS_WEEKLY] + others[: len(hills) - HILLS_WEEKLY]
        rest = weekly[HILLS_WEEKLY:] + others[len(hills) - HILLS_WEEKLY :]
        self.rng.shuffle(rest)
        for slot, band in zip(hills, hill_bands, strict=True):
            slot.band = band
        for slot, band in zip([s for s in slots if s.area.name != HILLS], rest, strict=True):
            slot.band = band

    def place_featured_venues(self, slots: list[Slot]) -> None:
        """Give each private home and address-only venue to one 通いの場 of its area."""
        featured = [self.venues[f"private:{i}"] for i in range(len(PRIVATE_HOMES))]
        featured += [self.venues[f"address:{i}"] for i in range(len(ADDRESS_ONLY))]
        for venue in featured:
            slot = next(
                s
                for s in slots
                if s.area.pk == venue.area_id and s.venue is None and s.name is None
            )
            slot.venue = venue
            assert venue.town is not None
            slot.town = venue.town

    def build_kayoi(self) -> None:
        slots = self.kayoi_slots()
        self.place_featured_venues(slots)
        for slot in slots:
            name, kana = slot.name or self.kayoi_name(slot)
            venue = slot.venue or self.town_venue(slot.town)
            self.resource(self.kayoi_input(slot, name, kana, venue), slot.area)

    def kayoi_name(self, slot: Slot) -> tuple[str, str]:
        own = list(PLACES[slot.town.name])
        others = [label for label in self.labels(slot.area) if label not in own]
        candidates = [
            (name.format(p=p), kana.format(k=k))
            for p, k in own + others
            for name, kana in self.rng.sample(
                KAYOI_NAMES[slot.activity], len(KAYOI_NAMES[slot.activity])
            )
        ]
        return self.names["resource"].pick(candidates)

    def town_venue(self, town: Town) -> Location:
        keys = [f"hall:{town.name}", f"room:{town.name}", f"extra:{town.name}"]
        return self.venues[self.rng.choice(keys)]

    def kayoi_input(self, slot: Slot, name: str, kana: str, venue: Location) -> ResourceInput:
        rng = self.rng
        runner = self.organization(rng.choice(KAYOI_RUNNERS[slot.activity]), slot.town)
        extra = [Activity.TEA] if slot.activity == Activity.EXERCISE and rng.random() < 0.4 else []
        targets = (
            [TargetGroup.EVERYONE]
            if slot.activity == Activity.INTERGENERATIONAL
            else [TargetGroup.OLDER_PEOPLE]
        )
        return ResourceInput(
            name=name,
            kana=kana,
            kind=ResourceKind.KAYOI,
            organization=runner,
            primary_activity=slot.activity,
            activities=extra,
            target_groups=targets,
            schedules=(spec_for_band(rng, slot.band),),
            locations=(venue,),
            fields=self.kayoi_fields(runner),
        )

    def kayoi_fields(self, runner: Organization) -> dict[str, Any]:
        rng = self.rng
        fields: dict[str, Any] = {
            "resident_led": runner.type
            in (
                OrganizationType.NEIGHBORHOOD,
                OrganizationType.SENIOR_CLUB,
                OrganizationType.RESIDENT_GROUP,
                OrganizationType.RESIDENT,
            ),
            "pickup": rng.random() < 0.08,
            "barrier_free": rng.random() < 0.3,
            "registration_required": rng.random() < 0.2,
            "is_public": rng.random() > 0.04,
            "status": rng.choices(
                [ResourceStatus.ACTIVE, ResourceStatus.PAUSED, ResourceStatus.PREPARING], [94, 4, 2]
            )[0],
        }
        if rng.random() < 0.6:
            fields["fee_free"] = True
        else:
            fields |= {
                "fee_amount": rng.choice((100, 100, 200, 300, 500)),
                "fee_note": "1回（お茶代・材料費）",
            }
        if rng.random() < 0.9:
            fields |= self.participants()
        return fields

    def participants(self) -> dict[str, int | None]:
        """Registered participants whose parts add up: male + female = total, 65–74 + 75+ ≤ total."""
        rng = self.rng
        total = rng.randint(8, 35)
        male = round(total * rng.uniform(0.1, 0.35))
        older = round(total * rng.uniform(0.4, 0.65))
        younger = min(total - older, round(total * rng.uniform(0.2, 0.4)))
        capacity = rng.choice((None, 20, 30, 40, 50))
        return {
            "registered_total": total,
            "registered_male": male,
            "registered_female": total - male,
            "registered_75_plus": older,
            "registered_65_74": younger,
            "participants_per_session": round(total * rng.uniform(0.6, 0.9)),
            "capacity": None if capacity is None else max(capacity, total),
        }

    def build_area_services(self) -> None:
        for area in self.areas:
            for name, kana, kind, supports, when, runner, areas in AREA_SERVICES:
                if areas != ALL and area.name not in areas:
                    continue
                town = self.rng.choice(self.towns_of(area))
                label, label_kana = HOUKATSU[area.name]
                candidates = [
                    (name.format(p=p, h=label), kana.format(k=k, hk=label_kana))
                    for p, k in [*PLACES[town.name], *self.labels(area)]
                ]
                name_kana = self.names["resource"].pick(candidates)
                self.service(
                    name_kana,
                    kind,
                    supports,
                    when,
                    self.organization(runner, town),
                    [self.town_venue(town)],
                    area,
                )

    def build_city_services(self) -> None:
        for name, kana, kind, supports, when, runner, venue_keys in CITY_SERVICES:
            venues = [self.venues[k] for k in venue_keys]
            area = next((a for a in self.areas if a.pk == venues[0].area_id), None)
            self.service(
                self.names["resource"].pick([(name, kana)]),
                kind,
                supports,
                when,
                self.organization(runner, None),
                venues,
                area,
            )

    def service(
        self,
        name_kana: tuple[str, str],
        kind: str,
        supports: Sequence[str],
        when: str,
        runner: Organization,
        venues: list[Location],
        area: Area | None,
    ) -> Resource:
        rng = self.rng
        fields: dict[str, Any] = {
            "is_public": rng.random() > 0.05,
            "barrier_free": rng.random() < 0.4,
        }
        if kind in (ResourceKind.CONSULTATION, ResourceKind.WORK_VOLUNTEER) or rng.random() < 0.4:
            fields["fee_free"] = True
        elif SupportType.MEAL_DELIVERY in supports:
            fields |= {"fee_amount": 500, "fee_note": "1食（お弁当代）"}
        elif kind == ResourceKind.LIFE_SUPPORT:
            fields |= {"fee_amount": rng.choice((300, 500)), "fee_note": "30分あたり"}
        if rng.random() < 0.05:
            fields["status"] = ResourceStatus.PAUSED
        data = ResourceInput(
            name=name_kana[0], kana=name_kana[1], kind=kind, organization=runner,
            support_types=supports, target_groups=[TargetGroup.OLDER_PEOPLE],
            schedules=(service_spec(rng, when),), locations=tuple(venues), fields=fields,
        )  # fmt: skip
        return self.resource(data, area)

    # --- planted duplicates ---------------------------------------------------------------

    def build_duplicates(self) -> None:
        """The same group entered twice (name and address written differently), for the finder."""
        town = self.town["中央三丁目"]
        first = self.venue_save(
            "dup:0",
            "中央三丁目集会所",
            "ちゅうおうさんちょうめしゅうかいじょ",
            VenueType.COMMUNITY_HALL,
            town,
            town_text="中央",
            street="3丁目5番2号",
        )
        second = self.venue_save(
            "dup:1",
            "中央3丁目集会所",
            "",
            VenueType.COMMUNITY_HALL,
            town,
            town_text="中央",
            street="3-5-2",
        )
        schedule = ScheduleSpec(
            SchedulePattern.NTH_WEEKDAY,
            nths=(2, 4),
            weekdays=(1,),
            opens_at=datetime.time(13, 30),
            closes_at=datetime.time(15, 30),
        )
        for (name, kana), venue in (
            (("いきいきサロン中央", "いきいきさろんちゅうおう"), first),
            (("いきいき サロン 中央", ""), second),
        ):
            data = ResourceInput(
                name=name, kana=kana, kind=ResourceKind.KAYOI, organization=self.orgs[f"group:{town.area_id}"],
                primary_activity=Activity.TEA, target_groups=[TargetGroup.OLDER_PEOPLE],
                schedules=(schedule,), locations=(venue,), fields={"fee_amount": 100, "resident_led": True},
            )  # fmt: skip
            self.resource(data, town.area)
        igo = Resource.objects.get(municipality=self.city, name="囲碁・将棋クラブ")
        data = ResourceInput(
            name="囲碁将棋クラブ", kind=ResourceKind.KAYOI, organization=igo.organization,
            primary_activity=Activity.HOBBY, schedules=(ScheduleSpec(SchedulePattern.WEEKLY, weekdays=(3,)),),
            locations=tuple(link.location for link in igo.service_locations.all()),
        )  # fmt: skip
        self.resource(data, self.town["南街一丁目"].area)
        self.org_save(
            "npo_net_dup",
            "特定非営利活動法人 まちかど支え合いネット",
            "",
            OrganizationType.NPO,
            [area] if (area := self.town["本町"].area) else [],
        )

    # --- verification and contacts --------------------------------------------------------

    def verify_all(self) -> None:
        """Recently checked everywhere but 東部圏域, where most records are over a year old."""
        methods = VerificationMethod.values
        for resource, area in self.resources:
            stale_share = 0.8 if area is not None and area.name == EAST else 0.08
            if self.rng.random() < stale_share:
                if self.rng.random() < 0.5:
                    continue  # never checked
                day = REFERENCE_DATE - datetime.timedelta(days=self.rng.randint(400, 1100))
            else:
                day = REFERENCE_DATE - datetime.timedelta(days=self.rng.randint(1, 330))
                if self.rng.random() < 0.3:  # an earlier check too, so the log has history
                    earlier = day - datetime.timedelta(days=self.rng.randint(180, 400))
                    resource_verify(
                        resource=resource,
                        user=self.user,
                        method=self.rng.choice(methods),
                        on=earlier,
                    )
            resource_verify(
                resource=resource, user=self.user, method=self.rng.choice(methods), on=day
            )

    def contacts(self) -> None:
        """A representative per resource; a few agreed to be shown to residents."""
        for number, (resource, _area) in enumerate(self.resources, start=1):
            public = self.rng.random() < 0.2
            consent = (
                REFERENCE_DATE - datetime.timedelta(days=self.rng.randint(30, 700))
                if public
                else None
            )
            contact_save(
                user=self.user,
                resource=resource,
                name=f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN_NAMES)}",
                role=ContactRole.REPRESENTATIVE,
                phone=f"042-000-{number:04d}",  # the 000 exchange is not assigned
                is_public=public,
                public_consent_on=consent,
            )


def build(*, municipality: Municipality, seed: int = 2025) -> Summary:
    """Fill the demo city's registry: organisations, venues, about 250 resources, checks, contacts."""
    builder = Builder(municipality, seed)
    builder.build_organizations()
    builder.build_venues()
    builder.build_kayoi()
    builder.build_area_services()
    builder.build_city_services()
    builder.build_duplicates()
    builder.verify_all()
    builder.contacts()
    return builder.summary
