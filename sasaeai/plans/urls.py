from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("plans/standard-amount/", views.StandardAmountView.as_view(), name="standard_amount"),
    path("plans/survey-return/", views.SurveyReturnView.as_view(), name="survey_return"),
]
