"""Coordinator screens of the registry, one module per screen; urls.py imports the modules."""
