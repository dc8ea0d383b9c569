"""Cited extractive question answering over Chinese industrial-park reports."""

__version__ = "0.1.0"
