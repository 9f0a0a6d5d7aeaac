"""Words of 地域課題の抽出: the ニーズ調査 indicators the analysis knows."""

# 介護予防・日常生活圏域ニーズ調査: the risk figures (share of respondents, %). An area's risk
# component in the priority ranking is the mean of those it has.
RISK_INDICATORS = (
    "運動器機能の低下",
    "転倒リスク",
    "閉じこもり傾向",
    "低栄養の傾向",
    "口腔機能の低下",
    "認知機能の低下",
    "うつ傾向",
    "社会参加なし",
)
# The willingness to take part in 地域づくり: strengths, not risks.
WILLINGNESS_INDICATORS = (
    "地域づくりへの参加意向（参加者として）",
    "地域づくりへの参加意向（企画・運営として）",
)
KNOWN_INDICATORS = RISK_INDICATORS + WILLINGNESS_INDICATORS
