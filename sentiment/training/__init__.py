"""Reproducible training of the shipped model file (not imported at scoring time)."""
