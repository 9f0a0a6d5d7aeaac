"""What other apps follow without the areas app knowing them."""

from django.dispatch import Signal

# Towns moved to another 日常生活圏域 on screen, sent inside the transaction that moved them:
# `moves` maps each town id to (its old area id, its new area id), `user` made the change.
# The resources app moves the venues placed by those towns (resources/apps.py).
towns_moved = Signal()
