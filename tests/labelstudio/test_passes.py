import pytest

from warclaims.labelstudio import passes


@pytest.mark.parametrize("p", passes.PASSES)
def test_description_round_trip(p):
    assert passes.pass_of_project({"description": passes.project_description(p)}) == p


def test_no_pass_line_and_unknown_pass():
    assert passes.pass_of_project({"description": "a plain project"}) is None
    assert passes.pass_of_project({"description": "warclaims-pass: third"}) is None
    assert passes.pass_of_project({}) is None
    with pytest.raises(ValueError, match="unknown pass 'third'"):
        passes.project_title("WarClaims", "third")


def test_title():
    assert passes.project_title("WarClaims", None) == "WarClaims"
    assert passes.project_title("WarClaims", "second") == "WarClaims (second pass)"
