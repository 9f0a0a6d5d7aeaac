from django.urls import path, register_converter

from . import match_views, views


class LgCode:
    """A 全国地方公共団体コード: six digits (so /accounts/ or /staff/ never match)."""

    regex = r"[0-9]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LgCode, "lgcode")

app_name = "portal"
urlpatterns = [
    path("<lgcode:lgcode>/", views.HomeView.as_view(), name="home"),
    path("<lgcode:lgcode>/search/", views.SearchView.as_view(), name="search"),
    path("<lgcode:lgcode>/map/", views.MapView.as_view(), name="map"),
    path("<lgcode:lgcode>/places/<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<lgcode:lgcode>/areas/<int:pk>/", views.AreaView.as_view(), name="area"),
    path(
        "<lgcode:lgcode>/areas/<int:pk>/print/",
        views.PrintListView.as_view(),
        name="print_list",
    ),
    path(
        "<lgcode:lgcode>/areas/<int:pk>/print.pdf",
        views.PrintPdfView.as_view(),
        name="print_pdf",
    ),
    path("<lgcode:lgcode>/this-week/", views.ThisWeekView.as_view(), name="this_week"),
    # 手伝える活動をさがす・あなたに合う活動 (issue #26, points 5 and 6).
    path("<lgcode:lgcode>/help-wanted/", match_views.HelpWantedView.as_view(), name="help_wanted"),
    path("<lgcode:lgcode>/match/", match_views.MatchView.as_view(), name="match"),
    path("<lgcode:lgcode>/accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
]
