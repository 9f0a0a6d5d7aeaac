"""The councils app's screens, one module per group of screens (see urls.py)."""
