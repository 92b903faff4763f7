"""One view of a comparison for every front end: names, labels, numbered changes, redlines.

The text, Markdown, unified, JSON and HTML renderers and the terminal UI all
ask this package how a print is named, what a unit is called, which changes
it has and how they are numbered, where it is printed, and how its redline is
cut into excerpts, so that they all say the same thing. Nothing here does
I/O or knows about a front end.
"""
