"""Lawyers' notes on clauses and changes, kept in a sidecar JSON file.

:mod:`billdiff.annotations.store` reads and writes that file safely: atomic
saves with a backup, a lock for writers on one machine, and a three-way merge
by note id when the file changed on disk since it was loaded.
"""
