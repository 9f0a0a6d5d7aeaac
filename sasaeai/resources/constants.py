"""Every category list of the 地域資源 registry, defined once and used by every later issue."""

from collections.abc import Iterable
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

# Open Referral HSDS 3.1 (CC BY-SA 4.0): the schemas our exports are checked against, copied in
# with their licence (standards/hsds-3.1/LICENSE).
HSDS_SCHEMA_DIR = Path(__file__).resolve().parent / "standards" / "hsds-3.1"


class OrganizationType(models.TextChoices):
    """運営主体の種別 (the MHLW 通いの場 survey's だれが)."""

    RESIDENT = "resident", _("住民個人（有志・ボランティア等）")
    NEIGHBORHOOD = "neighborhood", _("自治会・町内会")
    RESIDENT_GROUP = "resident_group", _("住民団体・ボランティア団体")
    NPO = "npo", _("NPO法人")
    SENIOR_CLUB = "senior_club", _("老人クラブ")
    WELFARE_COMMISSIONER = "minsei", _("民生委員")
    GOV_PREVENTION = "gov_prevention", _("行政（介護予防担当部局）")
    GOV_OTHER = "gov_other", _("行政（担当部局以外）")
    SOCIAL_WELFARE_COUNCIL = "shakyo", _("社会福祉協議会")
    COMMUNITY_SUPPORT_CENTER = "houkatsu", _("地域包括支援センター")
    PROFESSIONAL = "professional", _("専門職団体")
    MEDICAL = "medical", _("医療機関")
    CARE_PROVIDER = "care_provider", _("介護関係施設・事業所")
    BUSINESS = "business", _("民間企業・商店")
    SILVER_CENTER = "silver", _("シルバー人材センター")
    SCHOOL = "school", _("学校")
    OTHER = "other", _("その他")


class Sector(models.TextChoices):
    """Broad sectors, for council membership and for cross-sector ties in the network."""

    RESIDENTS = "residents", _("住民・地縁組織")
    NONPROFIT = "nonprofit", _("NPO・ボランティア")
    PUBLIC = "public", _("行政")
    WELFARE = "welfare", _("福祉（社協・包括）")
    HEALTH_CARE = "health_care", _("医療・介護・専門職")
    BUSINESS = "business", _("民間企業・商店")
    EDUCATION = "education", _("教育")
    OTHER = "other", _("その他")


SECTOR_OF_ORGANIZATION_TYPE: dict[str, str] = {
    OrganizationType.RESIDENT: Sector.RESIDENTS,
    OrganizationType.NEIGHBORHOOD: Sector.RESIDENTS,
    OrganizationType.RESIDENT_GROUP: Sector.NONPROFIT,
    OrganizationType.NPO: Sector.NONPROFIT,
    OrganizationType.SENIOR_CLUB: Sector.RESIDENTS,
    OrganizationType.WELFARE_COMMISSIONER: Sector.RESIDENTS,
    OrganizationType.GOV_PREVENTION: Sector.PUBLIC,
    OrganizationType.GOV_OTHER: Sector.PUBLIC,
    OrganizationType.SOCIAL_WELFARE_COUNCIL: Sector.WELFARE,
    OrganizationType.COMMUNITY_SUPPORT_CENTER: Sector.WELFARE,
    OrganizationType.PROFESSIONAL: Sector.HEALTH_CARE,
    OrganizationType.MEDICAL: Sector.HEALTH_CARE,
    OrganizationType.CARE_PROVIDER: Sector.HEALTH_CARE,
    OrganizationType.BUSINESS: Sector.BUSINESS,
    OrganizationType.SILVER_CENTER: Sector.NONPROFIT,
    OrganizationType.SCHOOL: Sector.EDUCATION,
    OrganizationType.OTHER: Sector.OTHER,
}


class ResourceKind(models.TextChoices):
    KAYOI = "kayoi", _("通いの場")
    LIFE_SUPPORT = "life_support", _("生活支援サービス")
    MOBILITY = "mobility", _("移動支援")
    CONSULTATION = "consultation", _("相談窓口")
    WORK_VOLUNTEER = "work_volunteer", _("就労・ボランティアの場")
    CARE_PROVIDER = "care_provider", _("介護サービス事業所")
    EVENT = "event", _("催し・講座")
    OTHER = "other", _("その他")


class Activity(models.TextChoices):
    """What happens at a 通いの場 (the MHLW ten; one is primary)."""

    EXERCISE = "exercise", _("体操（運動）")
    MEAL = "meal", _("会食")
    TEA = "tea", _("茶話会")
    DEMENTIA_PREVENTION = "dementia", _("認知症予防")
    HOBBY = "hobby", _("趣味活動")
    FARMING = "farming", _("農作業")
    LIFELONG_LEARNING = "learning", _("生涯学習")
    VOLUNTEERING = "volunteering", _("ボランティア活動")
    WORK = "work", _("就労的活動")
    INTERGENERATIONAL = "intergenerational", _("多世代交流")


class SupportType(models.TextChoices):
    SHOPPING = "shopping", _("買い物")
    MEAL_DELIVERY = "meal_delivery", _("配食")
    WATCHING = "watching", _("見守り・安否確認")
    HOUSEWORK = "housework", _("家事援助")
    GARBAGE = "garbage", _("ゴミ出し")
    MOBILITY = "mobility", _("外出・移動")


class TargetGroup(models.TextChoices):
    OLDER_PEOPLE = "older", _("高齢者")
    SUPPORT_NEEDED = "support_needed", _("要支援・事業対象者")
    DISABLED = "disabled", _("障がいのある人")
    CHILD_RAISING = "child_raising", _("子育て世代")
    EVERYONE = "everyone", _("誰でも")


class TagCategory(models.TextChoices):
    """Which list a ResourceTag's value comes from."""

    ACTIVITY = "activity", _("活動内容")
    SUPPORT = "support", _("支援の種類")
    TARGET = "target", _("対象")


class ResourceStatus(models.TextChoices):
    ACTIVE = "active", _("活動中")
    PAUSED = "paused", _("休止中")
    ENDED = "ended", _("終了")
    PREPARING = "preparing", _("準備中")


class VenueType(models.TextChoices):
    """活動場所 (the MHLW survey's どこで)."""

    PRIVATE_HOME = "private_home", _("個人宅・空き家")
    COMMUNITY_HALL = "community_hall", _("公民館・自治会館・集会所")
    PARK = "park", _("公園")
    FARM = "farm", _("農園")
    SCHOOL = "school", _("学校・廃校")
    MEDICAL = "medical", _("医療機関")
    CARE_FACILITY = "care_facility", _("介護施設等の空きスペース")
    SHOP = "shop", _("店舗・空き店舗")
    OTHER = "other", _("その他")


class SchedulePattern(models.TextChoices):
    WEEKLY = "weekly", _("毎週")
    TIMES_PER_WEEK = "times_per_week", _("週n回")
    TIMES_PER_MONTH = "times_per_month", _("月n回")
    NTH_WEEKDAY = "nth_weekday", _("第n曜日")
    BIWEEKLY = "biweekly", _("隔週")
    MONTHLY_DAY = "monthly_day", _("毎月n日")
    DAILY = "daily", _("毎日")
    IRREGULAR = "irregular", _("年n回・不定期")


class FrequencyBand(models.TextChoices):
    """The national survey's frequency bands; only the first three count as 通いの場."""

    WEEKLY_OR_MORE = "weekly_plus", _("週1回以上")
    TWO_OR_THREE_MONTHLY = "monthly_2_3", _("月2〜3回")
    MONTHLY = "monthly", _("月1回")
    LESS_OR_IRREGULAR = "less", _("月1回未満・不定期")


# Bands that meet 月1回 or more (national indicators count only these as 通いの場).
KAYOI_COUNTED_BANDS = frozenset(
    {FrequencyBand.WEEKLY_OR_MORE, FrequencyBand.TWO_OR_THREE_MONTHLY, FrequencyBand.MONTHLY}
)

WEEKDAY_NAMES = ("月", "火", "水", "木", "金", "土", "日")  # Python's weekday(): Monday = 0

# The kind of GeneratedFile the 確認票 batch is (resources.views.sheets). It holds private
# contacts and private homes' addresses: ResourcesConfig.ready() registers it as a personal
# file kind, so that its download is for those who may see personal data and the daily job
# deletes it after settings.GENERATED_PERSONAL_FILE_DAYS (core.retention), in processes that
# import no view (`run-due`) too.
SHEET_BATCH_KIND = "resource_sheets"


class VerificationMethod(models.TextChoices):
    PHONE = "phone", _("電話")
    VISIT = "visit", _("訪問")
    EMAIL = "email", _("メール")
    SELF_UPDATE = "self", _("本人更新")
    # Approved from the organiser's own proposal through the 確認票's link (issue #26).
    ORGANISER = "organiser", _("主催者が確認")


class ContactRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("代表者")
    CONTACT = "contact", _("連絡担当")
    OTHER = "other", _("その他")


def choice_labels(choices: type[models.TextChoices], values: Iterable[str]) -> list[str]:
    """The Japanese labels of stored values, in the values' order (an unknown value as it is)."""
    names = dict(choices.choices)
    return [str(names.get(value, value)) for value in values]
