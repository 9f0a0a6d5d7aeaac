from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for before reading any page's <link rel="icon">. The
    static URL is looked up per request: the hashed name exists only after collectstatic."""

    permanent = False
    http_method_names = ["get", "head"]  # a redirect to a file: nothing to post

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("img/favicon.ico")


urlpatterns = [
    # Unnamed on purpose: a file every browser fetches, not a page (no permission entry).
    path("favicon.ico", FaviconView.as_view()),
    path("accounts/", include("sasaeai.accounts.urls")),
    path("operator/", include("sasaeai.accounts.operator_urls")),
    path("", include("sasaeai.staff.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.staff.area_urls")),
    path("staff/<str:lgcode>/", include("sasaeai.notices.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.resources.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.councils.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.analysis.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.activities.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.plans.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.projects.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.dialogues.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.residents.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.accounts.user_urls")),
    # 対話の参加者用ページ (/d/<key>/): no account, the key is the way in.
    path("d/", include("sasaeai.dialogues.public_urls")),
    path("", include("sasaeai.portal.urls")),
    # 住民の申し込み・「情報がちがう」 (/<lgcode>/…) and the organiser's link; after the portal,
    # whose converter <lgcode> they use.
    path("", include("sasaeai.residents.public_urls")),
    # オープンデータ (/<lgcode>/opendata/…, public) and its settings page under /staff/<lgcode>/.
    path("", include("sasaeai.opendata.urls")),
]
