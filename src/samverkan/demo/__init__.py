"""Linköping demo data: synthetic, reproducible, no real personal data."""
