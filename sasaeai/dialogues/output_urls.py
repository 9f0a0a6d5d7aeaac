"""The dialogue's outputs (cards as xlsx, the A3 PDF, the summary into the minutes): appended to
the app's urls.py, which mounts them under staff/<lgcode>/ in the "dialogues" namespace."""

from django.urls import path

from . import output_views

urlpatterns = [
    path(
        "dialogues/<int:pk>/cards.xlsx",
        output_views.CardsXlsxView.as_view(),
        name="cards_xlsx",
    ),
    path(
        "dialogues/<int:pk>/board.pdf",
        output_views.BoardPdfView.as_view(),
        name="board_pdf",
    ),
    path(
        "dialogues/<int:pk>/summary-to-minutes/",
        output_views.SummaryToMinutesView.as_view(),
        name="summary_to_minutes",
    ),
]
