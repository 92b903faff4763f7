"""Outputs: each renderer reads model or comparison data and returns text."""
