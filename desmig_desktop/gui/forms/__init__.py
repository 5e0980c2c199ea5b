"""Modules generated from ui/*.ui: do not edit."""
