"""Two prints are one Bill only if their titles agree, whatever project id they carry.

``fixtures/scottish-same-project`` holds two Scottish Parliament prints of
different Bills (Bankruptcy and Diligence; Land Reform) that carry one
Lawmaker project id, SP000039P, as two real Bills did.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from billdiff import compare, load
from billdiff.history import DifferentBills, History
from billdiff.prints import titles_differ_wholly
from tests.conftest import PRINTS, ROOT

Run = Callable[..., tuple[int, str, str]]

SCOTTISH = ROOT / "fixtures" / "scottish-same-project"
BANKRUPTCY = SCOTTISH / "bankruptcy-and-diligence-introduced.xml"
LAND_REFORM = SCOTTISH / "land-reform-introduced.xml"


def test_the_fixture_pair_shares_a_project_id_and_nothing_else() -> None:
    a, b = load(BANKRUPTCY), load(LAND_REFORM)
    assert a.project_id == b.project_id == "SP000039P"
    assert (a.title, b.title) == (
        "Bankruptcy and Diligence (Scotland) Bill",
        "Land Reform (Scotland) Bill",
    )


def test_history_refuses_two_bills_under_one_project_id(bd: Run) -> None:
    code, out, err = bd("history", BANKRUPTCY, LAND_REFORM)
    assert code == 2 and out == ""
    assert err == (
        "billdiff: the prints are of different bills: bankruptcy-and-diligence-introduced.xml "
        "is “Bankruptcy and Diligence (Scotland) Bill” and land-reform-introduced.xml is "
        "“Land Reform (Scotland) Bill”, titles with no words in common, though both carry "
        "project id SP000039P\n"
    )


def test_diff_of_two_bills_under_one_project_id_warns_in_the_output_and_on_stderr(
    bd: Run,
) -> None:
    code, out, err = bd("diff", BANKRUPTCY, LAND_REFORM)
    assert code == 1
    warning = (
        "warning: the prints belong to different bills (titles with no words in common, "
        "“Bankruptcy and Diligence (Scotland) Bill” and “Land Reform (Scotland) Bill”, though "
        "both carry project id SP000039P); pairs were found by number, heading and text"
    )
    assert warning in out.splitlines()
    assert "billdiff: " + warning in err.splitlines()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Data Protection and Digital Information Bill",
            "Data Protection and Digital Information (No. 2) Bill",
        ),
        ("Social Housing (Regulation) Bill [HL]", "Social Housing (Regulation) Bill"),
        ("Victims Bill", "Victims and Prisoners Bill"),
        ("Renters (Reform) Bill", "Renters’ Rights Bill"),
        ("Sentencing Bill", "Sentencing Act 2026"),
    ],
)
def test_a_short_title_that_keeps_a_word_is_one_bill(old: str, new: str) -> None:
    assert not titles_differ_wholly(old, None, new, None)


def test_a_bill_renamed_outright_is_one_bill_when_its_long_title_stays() -> None:
    long_title = (
        "A Bill to make provision about the regulation of social housing; about the terms of "
        "approved schemes for the investigation of housing complaints; and for connected purposes."
    )
    assert not titles_differ_wholly(
        "Social Housing (Regulation) Bill", long_title, "Tenants’ Voice Bill", long_title
    )
    assert titles_differ_wholly(
        "Social Housing (Regulation) Bill", None, "Tenants’ Voice Bill", None
    )


def test_the_long_titles_of_different_bills_do_not_make_them_one() -> None:
    a, b = load(BANKRUPTCY), load(LAND_REFORM)
    assert titles_differ_wholly(a.title, a.long_title, b.title, b.long_title)


def test_prints_of_one_bill_renamed_with_no_project_id_make_a_history() -> None:
    old, new = (dataclasses.replace(load(p), project_id=None) for p in PRINTS[:2])
    renamed = dataclasses.replace(new, title="Crime and Policing (No. 2) Bill")
    assert len(History.build([old, renamed]).steps) == 1


def test_prints_of_one_bill_give_no_such_warning() -> None:
    c = compare(load(PRINTS[0]), load(PRINTS[1]))
    assert not any("different bills" in w for w in c.warnings)


def test_a_bill_and_its_act_are_not_called_different_projects() -> None:
    # A Lawmaker project id and a legislation.gov.uk URI are never equal, and say nothing.
    bill = load(PRINTS[0])
    act = dataclasses.replace(
        bill,
        format="clml",
        project_id="http://www.legislation.gov.uk/id/ukpga/2026/20",
        title="Crime and Policing Act 2026",
    )
    assert not any("different bills" in w for w in compare(bill, act).warnings)


def test_history_still_refuses_different_project_ids() -> None:
    with pytest.raises(DifferentBills, match="SP000039P"):
        History.build([load(PRINTS[0]), load(LAND_REFORM)])
