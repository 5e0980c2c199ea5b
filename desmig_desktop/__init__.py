"""Desmig Desktop: the Desmigratif programme at a district labour office."""

__version__ = "0.1.0"
APP_NAME = "Desmig Desktop"
ORG_NAME = "Desmig"
