"""Where a change came from: the provision of an amending Bill that made it.

A comparison of two prints has no such thing; a Keeling schedule (an Act
against the Act as a Bill would amend it) has one for every change, and each
output shows it next to the change ("words substituted by s. 6(2)").

>>> Source("s. 6(2)", "words substituted", "sec_6__subsec_2").label
'words substituted by s. 6(2)'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """The Bill provision that made a change, and what it did (legislation.gov.uk's words
    for an effect: "words substituted", "inserted", "omitted", "repealed"...)."""

    citation: str
    effect: str
    eid: str | None = None

    @property
    def label(self) -> str:
        """ "words substituted by s. 6(2)"."""
        return f"{self.effect} by {self.citation}"


def labels(sources: tuple[Source, ...]) -> str:
    """Several sources in one line: "inserted by s. 1(4); words omitted by Sch. 1 para 4(b)"."""
    return "; ".join(s.label for s in sources)
