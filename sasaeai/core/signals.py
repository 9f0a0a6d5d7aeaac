"""Signals of core, for the apps above it (core imports none of them; they connect in ready()).

`job_ended`: a background job that someone asked for has ended, well or not. Sent with
    municipality, user (who asked; None for a job nobody asked for), job ("import" or "file"),
    pk (the ImportBatch or GeneratedFile), step (for an import: "preview", "commit" or "undo";
    "" for a file), title (what it was, in Japanese), failed (bool) and error (Japanese, or "").
    The notices app turns it into a お知らせ for the user who asked.
"""

from django.dispatch import Signal

job_ended = Signal()
