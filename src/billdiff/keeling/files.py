"""A Keeling schedule from two files: the Bill read here while a child reads the Act.

Light on purpose: the child is forked before this process imports the reader of
amendments, the applier or the comparison engine, so that those imports, and the
reading of the Bill, happen while the Act is read on the other core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from billdiff.keeling.schedule import Keeling

__all__ = ["keeling_of_files"]


def keeling_of_files(bill_path: str, act_path: str) -> Keeling:
    """The Keeling schedule of the Act at ``act_path`` as the Bill at ``bill_path`` would
    amend it (each file read safely, as every print is; on two cores where
    :data:`billdiff.parallel.enabled`: the Act in a child while the Bill is read here)."""
    from billdiff import parallel
    from billdiff.formats import load

    def read(job: int) -> object:
        if job == 1:
            return load(act_path)
        # The Bill's passages hold its XML, which only this process can keep.
        from billdiff.formats.xmlsafe import load_xml
        from billdiff.keeling.bill import read_amending_bill

        return read_amending_bill(load_xml(bill_path))

    amending, act = parallel.map_shared(read, [0, 1], parent_only={0})
    from billdiff.keeling.bill import AmendingBill
    from billdiff.keeling.schedule import keeling
    from billdiff.model import Bill

    assert isinstance(amending, AmendingBill) and isinstance(act, Bill)
    return keeling(amending, act)
