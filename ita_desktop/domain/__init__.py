"""The ITA domain: fiscal calendar, yearly frameworks, scoring.

Imports neither Qt nor SQLite (tests/test_layers.py checks it).
"""
