"""The themes a 生活支援 workshop keeps coming back to, with the everyday words that name them.

Two cards about the same need often share no word (「スーパーが閉店した」「移動販売に来てほしい」):
a card naming a word of a theme also counts as naming the theme, so the grouping sees them
together. The themes are the needs this programme is about (the support types and 通いの場
activities of the resource registry, resources/constants.py, whose labels are listed here) and
four that residents raise beside them (防災, 消費者被害, 多世代, 情報). The other words come from
the tuning half of the hand-labelled statements (dialogues/tests/data), never from the held-out
half, so the held-out score measures cards the list was not written for. A word that names two
themes is left out (ゴミ: ゴミ出し is a chore, ゴミ拾い a neighbourhood activity), and so is a
device or a channel that serves every purpose (電話, スマホ, パソコン: a call may be a check on
someone or a scam, a phone a lesson or a trap). Words are
Sudachi's normalised forms (買物 and かいもの are both 買い物), so each is listed once; a
municipality's own words can be added. Nothing is learned from the cards themselves.
"""

THEMES: dict[str, tuple[str, ...]] = {
    "買い物": ("買い物", "スーパー", "閉店", "荷物", "移動販売", "販売"),
    "外出・移動": ("外出", "移動", "通院", "病院", "送迎", "送り迎え", "運転", "通う"),
    "見守り・安否確認": (
        "見守り",
        "見守る",
        "安否",
        "確認",
        "一人暮らし",
        "独り暮らし",
        "様子",
        "気付く",
        "新聞",
    ),
    "居場所・茶話会": (
        "居場所",
        "茶話会",
        "サロン",
        "集まる",
        "おしゃべり",
        "お茶",
        "集会所",
        "空き家",
        "気軽",
    ),
    "体操・運動": ("体操", "運動", "足腰", "鍛える", "ウォーキング", "仲間"),
    "食事・配食": (
        "食事",
        "配食",
        "会食",
        "弁当",
        "料理",
        "栄養",
        "食べる",
        "昼ご飯",
        "食欲",
        "配達",
    ),
    "家事援助・ゴミ出し": ("家事", "援助", "ゴミ出し", "掃除", "電球", "草取り", "庭", "集積所"),
    "防災": ("防災", "災害", "避難", "避難所", "地震", "訓練", "名簿", "助け合う"),
    "詐欺・防犯": ("詐欺", "防犯", "消費者", "被害", "訪問販売", "手口", "夜道"),
    "多世代交流": ("多世代", "交流", "子供", "小学生", "登下校", "若い", "世代", "昔遊び"),
    "情報・デジタル": ("情報", "回覧板", "行事", "使い方"),
    "認知症": ("認知症", "予防", "物忘れ", "介護", "家族", "迷う"),
}
