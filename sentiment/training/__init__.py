"""Reproducible training and evaluation of the shipped model files (not in the wheel, never
imported at scoring time)."""
