"""Several files of one export appear together or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from desmig_desktop.domain.progress import Cancelled
from desmig_desktop.exports.atomic import staged_outputs


def test_both_appear_when_the_body_succeeds(tmp_path: Path) -> None:
    with staged_outputs(tmp_path / "a.xlsx", tmp_path / "b.pdf") as (a, b):
        assert a is not None and b is not None
        a.write_text("buku kerja")
        b.write_text("pdf")
        assert not (tmp_path / "a.xlsx").exists()  # nothing in place before the end
    assert (tmp_path / "a.xlsx").read_text() == "buku kerja"
    assert (tmp_path / "b.pdf").read_text() == "pdf"
    assert sorted(p.name for p in tmp_path.glob("*.*")) == ["a.xlsx", "b.pdf"]


def test_cancel_after_the_first_file_leaves_old_files_untouched(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_text("lama")
    with (
        pytest.raises(Cancelled),
        staged_outputs(tmp_path / "a.xlsx", tmp_path / "b.pdf") as (
            a,
            _b,
        ),
    ):
        assert a is not None
        a.write_text("baru")
        raise Cancelled("Dibatalkan")
    assert (tmp_path / "a.xlsx").read_text() == "lama"
    assert sorted(p.name for p in tmp_path.glob("*.*")) == ["a.xlsx"]


def test_none_targets_are_skipped(tmp_path: Path) -> None:
    with staged_outputs(None, tmp_path / "b.pdf") as (a, b):
        assert a is None and b is not None
        b.write_text("pdf")
    assert (tmp_path / "b.pdf").exists()
