"""The demo city's dialogue: the layer-1 council's last workshop held a 共通項探し on
「この地域で気になっていること」; its cards are grouped as the tool proposed them and it waits in
まとめ中 for the facilitator. No card carries a name."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils import timezone

from sasaeai.accounts.models import User
from sasaeai.areas.models import Municipality
from sasaeai.councils.constants import MeetingKind
from sasaeai.councils.models import Meeting
from sasaeai.resources.constants import Sector

from . import services
from .constants import CardSource, CardType, DialogueStatus, Method
from .models import KEY_ALPHABET, KEY_LENGTH, Dialogue

R, N, B, W, H = (
    Sector.RESIDENTS, Sector.NONPROFIT, Sector.BUSINESS, Sector.WELFARE, Sector.HEALTH_CARE
)  # fmt: skip
T, INT, WISH, A = CardType.TROUBLE, CardType.INTEREST, CardType.WISH, CardType.ABILITY
CARDS: tuple[tuple[str, str, str], ...] = (
    ("駅前のスーパーが閉店して買い物に困っている", R, T),
    ("重い荷物を持って買物から帰るのがつらい", R, T),
    ("移動販売の車を週に一度なら出せる", B, A),
    ("買い物の付き添いボランティアをしたい", N, WISH),
    ("バスが一時間に一本しかなく通院が大変", R, T),
    ("免許を返納したら外出できなくなった", R, T),
    ("送迎の車を地域で出し合えないか", N, INT),
    ("一人暮らしの高齢者が増えて心配", W, INT),
    ("独り暮らしの人に声かけをしたい", R, WISH),
    ("新聞配達のついでに様子を見られる", B, A),
    ("気軽に集まっておしゃべりできる場所がほしい", R, WISH),
    ("空き店舗を使ってサロンを開きたい", B, WISH),
    ("集会所でお茶飲み会を開けば人が集まる", R, INT),
    ("足腰が弱って外に出るのがこわい", R, T),
    ("公民館で体操教室を開いてほしい", R, WISH),
    ("健康体操の指導ならできる", H, A),
    ("一人の食事は味気なくて食欲がわかない", R, T),
    ("みんなで昼ごはんを食べる会食の場がほしい", R, WISH),
    ("配食の弁当を届けられる", B, A),
    ("災害のとき一人で避難できるか不安", R, T),
    ("防災訓練に高齢者も参加しやすくしたい", W, WISH),
    ("電話で詐欺のような話が来て怖かった", R, T),
    ("特殊詐欺の手口を知る勉強会を開きたい", H, WISH),
    ("将棋の相手を探している", R, INT),
)


@dataclass
class Summary:
    dialogues: int = 0
    cards: int = 0
    groups: int = 0


def build(*, municipality: Municipality, seed: int) -> Summary:
    """One dialogue at the newest workshop already held (none when the city held none),
    facilitated by the demo's 第1層SC."""
    summary = Summary()
    meeting = (
        Meeting.objects.filter(
            council__municipality=municipality,
            kind=MeetingKind.WORKSHOP,
            starts_at__lt=timezone.now(),
        )
        .select_related("council")
        .order_by("-starts_at", "pk")
        .first()
    )
    if meeting is None:
        return summary
    facilitator = User.objects.get(username="demo-sc1")
    dialogue = services.dialogue_create(
        meeting=meeting,
        user=facilitator,
        method=Method.COMMON_GROUND,
        question="この地域で気になっていること",
    )
    # The same seed, the same participants' address (a demo is built again in the tests).
    rng = random.Random(seed)
    Dialogue.objects.filter(pk=dialogue.pk).update(
        key="".join(rng.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))
    )
    services.dialogue_set_status(dialogue=dialogue, user=facilitator, status=DialogueStatus.OPEN)
    for text, sector, kind in CARDS:
        services.card_add(
            dialogue=dialogue,
            data=services.CardInput(text=text, sector=sector, card_type=kind),
            source=CardSource.TYPED,
            user=facilitator,
        )
    services.dialogue_set_status(
        dialogue=dialogue, user=facilitator, status=DialogueStatus.SUMMARISING
    )
    groups = services.groups_suggest(dialogue=dialogue, user=facilitator)
    summary.dialogues, summary.cards, summary.groups = 1, len(CARDS), len(groups)
    return summary
