from django.urls import include, path

urlpatterns = [
    path("accounts/", include("sasaeai.accounts.urls")),
    path("operator/", include("sasaeai.accounts.operator_urls")),
    path("", include("sasaeai.core.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.areas.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.resources.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.councils.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.analysis.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.activities.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.plans.urls")),
    path("staff/<str:lgcode>/", include("sasaeai.accounts.user_urls")),
    path("", include("sasaeai.portal.urls")),
]
