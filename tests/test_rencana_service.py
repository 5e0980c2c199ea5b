"""The plans service: pagu rule, closed years, over-plan realisation, copy of a year,
serapan arithmetic and generated codes, on real migrated databases.

Figures of the demo district are computed from the database (``list_kegiatan``) where the
test is about a rule; a few known totals of the demo are stated outright.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import Pilar, StatusKegiatan, Triwulan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_rupiah
from desmig_desktop.services.rencana import (
    BudgetExceeded,
    KegiatanBaris,
    KegiatanData,
    OverPlanNeedsConfirmation,
    RealisasiData,
    TahunInfo,
    YearClosed,
    close_tahun,
    copy_year,
    create_tahun,
    delete_kegiatan,
    get_kegiatan,
    list_kegiatan,
    list_tahun,
    next_kode,
    reopen_tahun,
    ringkasan_anggaran,
    save_kegiatan,
    save_realisasi,
    set_pagu,
)
from desmig_desktop.services.uow import UnitOfWork

TAHUN = 2024
ZERO = Decimal(0)


def _plans(db: Database, tahun: int = TAHUN) -> list[KegiatanBaris]:
    with UnitOfWork(db) as uow:
        return list_kegiatan(uow, tahun)


def _planned(db: Database, pilar: Pilar, sumber: str, tahun: int = TAHUN) -> Decimal:
    return sum(
        (k.anggaran for k in _plans(db, tahun) if k.pilar is pilar and k.sumber_dana == sumber),
        ZERO,
    )


def _by_kode(db: Database, kode: str) -> KegiatanBaris:
    return next(k for k in _plans(db, int(kode[:4])) if k.kode == kode)


def _pagu(db: Database, pilar: Pilar, sumber: str, tahun: int = TAHUN) -> Decimal:
    with UnitOfWork(db) as uow:
        r = ringkasan_anggaran(uow, tahun)
    return next(b.pagu for b in r.baris if b.pilar is pilar and b.sumber_dana == sumber)


def _plan(**kw: object) -> KegiatanData:
    base: dict[str, object] = {
        "tahun": TAHUN,
        "pilar": Pilar.I,
        "nama": "Sosialisasi migrasi aman di balai desa",
        "volume": Decimal(40),
        "satuan": "orang",
        "triwulan": Triwulan.III,
        "anggaran": Decimal(1_000_000),
        "sumber_dana": "APBN",
    }
    base.update(kw)
    return KegiatanData(**base)  # type: ignore[arg-type]


def _save(db: Database, k: KegiatanData) -> int:
    with UnitOfWork(db) as uow:
        return save_kegiatan(uow, k)


# --------------------------------------------------------------------------- the demo


def test_demo_budget_summary_matches_the_plan_list(demo_db: Database) -> None:
    plans = _plans(demo_db)
    with UnitOfWork(demo_db) as uow:
        r = ringkasan_anggaran(uow, TAHUN)
    assert r.total.pagu == Decimal(475_000_000)
    assert format_rupiah(r.total.pagu) == "Rp 475.000.000"
    assert r.total.rencana == sum((k.anggaran for k in plans), ZERO)
    for q in range(4):
        assert r.total.realisasi_tw[q] == sum((k.realisasi_tw[q] for k in plans), ZERO)
    for pilar in Pilar:
        mine = [k for k in plans if k.pilar is pilar]
        assert r.per_pilar[pilar].rencana == sum((k.anggaran for k in mine), ZERO)
        assert r.per_pilar[pilar].pagu == sum((b.pagu for b in r.baris if b.pilar is pilar), ZERO)
    # nothing planned beyond its pagu, per pillar and source
    for b in r.baris:
        assert b.rencana <= b.pagu


# --------------------------------------------------------------------------- pagu rule


def test_pagu_rule_names_pagu_planned_and_left(demo_db: Database) -> None:
    pagu = _pagu(demo_db, Pilar.I, "APBN")
    planned = _planned(demo_db, Pilar.I, "APBN")
    sisa = pagu - planned
    assert sisa > 0
    with pytest.raises(BudgetExceeded) as caught:
        _save(demo_db, _plan(anggaran=sisa + 1))
    exc = caught.value
    assert exc.field == "Anggaran (Rp)"
    assert (exc.pagu, exc.direncanakan, exc.sisa) == (pagu, planned, sisa)
    for part in (f"pagu {format_rupiah(pagu)}", f"sudah direncanakan {format_rupiah(planned)}"):
        assert part in exc.message
    assert f"sisa {format_rupiah(sisa)}" in exc.message
    assert "Pilar I" in exc.message and "APBN" in exc.message
    assert _planned(demo_db, Pilar.I, "APBN") == planned  # nothing written
    # exactly what is left fits
    _save(demo_db, _plan(anggaran=sisa))
    assert _planned(demo_db, Pilar.I, "APBN") == pagu


def test_plan_without_a_pagu_is_refused(demo_db: Database) -> None:
    with pytest.raises(BudgetExceeded, match="Belum ada pagu"):
        _save(demo_db, _plan(sumber_dana="Dana Desa"))  # Pilar I has no Dana Desa pagu


def test_an_update_is_not_counted_against_itself(demo_db: Database) -> None:
    pagu = _pagu(demo_db, Pilar.I, "APBN")
    sisa = pagu - _planned(demo_db, Pilar.I, "APBN")
    first = _by_kode(demo_db, "2024-I-001")
    with UnitOfWork(demo_db) as uow:
        data = get_kegiatan(uow, first.id)
    # raising this plan by exactly what is left fits: its own old budget is not counted
    data.anggaran = first.anggaran + sisa
    _save(demo_db, data)
    assert _planned(demo_db, Pilar.I, "APBN") == pagu
    assert _by_kode(demo_db, "2024-I-001").anggaran == first.anggaran + sisa
    # saving it unchanged when the pagu is full is fine too
    _save(demo_db, data)
    data.anggaran += 1
    with pytest.raises(BudgetExceeded) as caught:
        _save(demo_db, data)
    assert caught.value.sisa == first.anggaran + sisa  # everything but this plan's own


def test_pagu_cannot_be_lowered_below_what_is_planned(demo_db: Database) -> None:
    planned = _planned(demo_db, Pilar.I, "APBN")
    with UnitOfWork(demo_db) as uow, pytest.raises(BudgetExceeded) as caught:
        set_pagu(uow, TAHUN, Pilar.I, "APBN", planned - 1)
    assert f"sudah direncanakan {format_rupiah(planned)}" in caught.value.message
    assert _pagu(demo_db, Pilar.I, "APBN") == Decimal(60_000_000)
    with UnitOfWork(demo_db) as uow:
        set_pagu(uow, TAHUN, "1", "apbn", planned)  # pillar as 1-4, source in any case
    assert _pagu(demo_db, Pilar.I, "APBN") == planned
    with UnitOfWork(demo_db) as uow, pytest.raises(ValidationError, match="negatif"):
        set_pagu(uow, TAHUN, Pilar.I, "APBN", Decimal(-1))


# --------------------------------------------------------------------------- closed years


def test_a_closed_year_refuses_every_write_until_reopened(demo_db: Database) -> None:
    first = _by_kode(demo_db, "2024-I-001")
    with UnitOfWork(demo_db) as uow:
        close_tahun(uow, TAHUN)
        data = get_kegiatan(uow, first.id)
    assert next(t for t in _years(demo_db) if t.tahun == TAHUN).ditutup
    data.nama = "Nama baru"
    real = RealisasiData(Triwulan.III, Decimal(1000), Decimal(1), StatusKegiatan.BERJALAN)
    with UnitOfWork(demo_db) as uow:
        for write in (
            lambda: save_kegiatan(uow, data),
            lambda: save_kegiatan(uow, _plan(anggaran=Decimal(1))),
            lambda: save_realisasi(uow, first.id, real),
            lambda: set_pagu(uow, TAHUN, Pilar.I, "APBN", Decimal(70_000_000)),
            lambda: delete_kegiatan(uow, first.id),
        ):
            with pytest.raises(YearClosed, match="sudah ditutup"):
                write()
    assert _by_kode(demo_db, "2024-I-001") == first
    with UnitOfWork(demo_db) as uow:
        reopen_tahun(uow, TAHUN)
        save_kegiatan(uow, data)
        save_realisasi(uow, first.id, real)
        set_pagu(uow, TAHUN, Pilar.I, "APBN", Decimal(70_000_000))
    after = _by_kode(demo_db, "2024-I-001")
    assert after.nama == "Nama baru"
    assert after.realisasi_tw[2] == Decimal(1000)
    assert _pagu(demo_db, Pilar.I, "APBN") == Decimal(70_000_000)


def _years(db: Database) -> list[TahunInfo]:
    with UnitOfWork(db) as uow:
        return list_tahun(uow)


# --------------------------------------------------------------------------- over the plan


def test_realisation_over_the_plan_needs_confirmation_and_is_flagged(demo_db: Database) -> None:
    k = _by_kode(demo_db, "2024-I-001")
    so_far = k.realisasi_sd()
    assert not k.melebihi
    extra = k.anggaran - so_far + 50_000  # 50.000 above the plan
    real = RealisasiData(Triwulan.III, extra, Decimal(1), StatusKegiatan.SELESAI)
    with UnitOfWork(demo_db) as uow, pytest.raises(OverPlanNeedsConfirmation) as caught:
        save_realisasi(uow, k.id, real)
    message = caught.value.message
    assert format_rupiah(k.anggaran + 50_000) in message  # the new total
    assert format_rupiah(k.anggaran) in message and "Rp 50.000" in message
    assert _by_kode(demo_db, k.kode) == k
    with UnitOfWork(demo_db) as uow:
        save_realisasi(uow, k.id, real, confirm_over=True)
    flagged = _by_kode(demo_db, k.kode)
    assert flagged.melebihi
    assert flagged.realisasi_sd() == k.anggaran + 50_000
    # back within the plan: the flag of every quarter follows
    with UnitOfWork(demo_db) as uow:
        save_realisasi(
            uow, k.id, RealisasiData(Triwulan.III, extra - 50_000, Decimal(1), real.status)
        )
    assert not _by_kode(demo_db, k.kode).melebihi


def test_realisation_exactly_at_the_plan_is_not_over(demo_db: Database) -> None:
    k = next(k for k in _plans(demo_db) if k.realisasi_sd() == 0)
    with UnitOfWork(demo_db) as uow:
        save_realisasi(
            uow, k.id, RealisasiData(Triwulan.IV, k.anggaran, k.volume, StatusKegiatan.SELESAI)
        )
    after = _by_kode(demo_db, k.kode)
    assert after.realisasi_sd() == k.anggaran and not after.melebihi
    assert after.status is StatusKegiatan.SELESAI


# --------------------------------------------------------------------------- copy a year


def test_copy_a_year(demo_db: Database) -> None:
    before = _plans(demo_db)
    with UnitOfWork(demo_db) as uow:
        assert copy_year(uow, TAHUN, TAHUN + 1) == len(before)
    copied = _plans(demo_db, TAHUN + 1)
    assert [k.kode for k in copied] == [k.kode.replace("2024-", "2025-", 1) for k in before]
    for old, new in zip(before, copied, strict=True):
        assert (new.nama, new.anggaran, new.sumber_dana, new.kode_wilayah, new.triwulan) == (
            old.nama,
            old.anggaran,
            old.sumber_dana,
            old.kode_wilayah,
            old.triwulan,
        )
        assert new.realisasi_tw == (ZERO,) * 4 and new.status is StatusKegiatan.RENCANA
    with UnitOfWork(demo_db) as uow:
        old_r, new_r = ringkasan_anggaran(uow, TAHUN), ringkasan_anggaran(uow, TAHUN + 1)
    assert new_r.total.pagu == old_r.total.pagu == Decimal(475_000_000)
    assert new_r.total.rencana == old_r.total.rencana
    assert new_r.total.realisasi_sd() == 0
    assert [(b.pilar, b.sumber_dana, b.pagu) for b in new_r.baris] == [
        (b.pilar, b.sumber_dana, b.pagu) for b in old_r.baris
    ]
    # the next code of the new year continues after the copied ones
    with UnitOfWork(demo_db) as uow:
        assert next_kode(uow, TAHUN + 1, Pilar.I) == f"2025-I-{_highest(demo_db, Pilar.I) + 1:03d}"
    # a year that already holds plans is refused; so is the same year
    with UnitOfWork(demo_db) as uow, pytest.raises(ValidationError, match="sudah berisi"):
        copy_year(uow, TAHUN, TAHUN + 1)
    with UnitOfWork(demo_db) as uow, pytest.raises(ValidationError, match="sama"):
        copy_year(uow, TAHUN, TAHUN)
    assert len(_plans(demo_db, TAHUN + 1)) == len(before)


def test_copy_into_a_closed_year_is_refused(demo_db: Database) -> None:
    # the demo's previous year is closed
    assert next(t for t in _years(demo_db) if t.tahun == TAHUN - 1).ditutup
    with UnitOfWork(demo_db) as uow, pytest.raises(YearClosed):
        copy_year(uow, TAHUN, TAHUN - 1)


# --------------------------------------------------------------------------- serapan


def _one_plan_year(db: Database, pagu: Decimal, anggaran: Decimal) -> int:
    with UnitOfWork(db) as uow:
        create_tahun(uow, TAHUN)
        set_pagu(uow, TAHUN, Pilar.III, "Dana Desa", pagu)
    return _save(
        db, _plan(pilar=Pilar.III, sumber_dana="Dana Desa", anggaran=anggaran, triwulan=Triwulan.I)
    )


def test_serapan_is_exact_decimal_arithmetic(db: Database) -> None:
    kid = _one_plan_year(db, Decimal(3), Decimal(3))
    with UnitOfWork(db) as uow:
        save_realisasi(uow, kid, RealisasiData(Triwulan.I, Decimal(1)))
        r = ringkasan_anggaran(uow, TAHUN)
    third = Decimal(100) / Decimal(3)
    for b in (r.baris[0], r.per_pilar[Pilar.III], r.total):
        serapan = b.serapan_sd()
        assert isinstance(serapan, Decimal)
        assert serapan == third  # 33.333...: no float on the way
        assert str(serapan).startswith("33.3333333333")
    assert r.per_pilar[Pilar.I].serapan_sd() is None  # no pagu: no serapan, not a division


def test_quarterly_and_to_date_figures_are_kept_apart(db: Database) -> None:
    kid = _one_plan_year(db, Decimal("3000000"), Decimal("3000000"))
    with UnitOfWork(db) as uow:
        save_realisasi(uow, kid, RealisasiData(Triwulan.I, Decimal("1000000")))
        save_realisasi(uow, kid, RealisasiData(Triwulan.III, Decimal("1000000.50")))
        b = ringkasan_anggaran(uow, TAHUN).total
        k = list_kegiatan(uow, TAHUN)[0]
    assert b.realisasi_tw == [Decimal("1000000"), ZERO, Decimal("1000000.50"), ZERO]
    assert b.realisasi_sd(2) == Decimal("1000000")  # Q3 does not count up to Q2
    assert b.serapan_sd(2) == Decimal(100) / 3
    assert b.serapan_sd(3) == Decimal("2000000.50") * 100 / Decimal("3000000")
    assert b.serapan_sd() == b.serapan_sd(3)
    assert b.serapan_tw(3) == Decimal("1000000.50") * 100 / Decimal("3000000")
    assert b.serapan_tw(2) == 0
    assert b.sisa(2) == Decimal("2000000")
    assert b.sisa() == Decimal("999999.50")
    assert k.realisasi_sd(Triwulan.II) == Decimal("1000000")
    assert k.realisasi_sd(3) == Decimal("2000000.50")


# --------------------------------------------------------------------------- codes


def _highest(db: Database, pilar: Pilar) -> int:
    return max(int(k.kode.rsplit("-", 1)[1]) for k in _plans(db) if k.pilar is pilar)


def test_generated_codes_continue_after_the_highest(demo_db: Database) -> None:
    top = _highest(demo_db, Pilar.I)
    with UnitOfWork(demo_db) as uow:
        assert next_kode(uow, TAHUN, Pilar.I) == f"2024-I-{top + 1:03d}"
        assert next_kode(uow, TAHUN + 1, Pilar.I) == "2025-I-001"
    kid = _save(demo_db, _plan(kode="2024-I-010", anggaran=Decimal(1)))
    with UnitOfWork(demo_db) as uow:
        assert get_kegiatan(uow, kid).kode == "2024-I-010"
        assert next_kode(uow, TAHUN, Pilar.I) == "2024-I-011"
        # another pillar's codes are counted apart
        assert next_kode(uow, TAHUN, Pilar.II) == f"2024-II-{_highest(demo_db, Pilar.II) + 1:03d}"
    kid = _save(demo_db, _plan(anggaran=Decimal(1)))
    with UnitOfWork(demo_db) as uow:
        assert get_kegiatan(uow, kid).kode == "2024-I-011"


def test_code_must_match_year_and_pillar(demo_db: Database) -> None:
    for kode in ("2023-I-050", "2024-II-050", "24-I-1"):
        with pytest.raises(ValidationError, match="tidak sah") as caught:
            _save(demo_db, _plan(kode=kode, anggaran=Decimal(1)))
        assert caught.value.field == "Kode Kegiatan"


def test_plan_rules_name_their_field(demo_db: Database) -> None:
    cases = {
        "Volume": _plan(volume=ZERO),
        "Anggaran (Rp)": _plan(anggaran=Decimal(-1)),
        "Kode Wilayah": _plan(kode_wilayah="35.04.14.2001"),  # a real village, not Desmigratif
        "Sumber Dana": _plan(sumber_dana="APBDes"),
        "Bulan": _plan(bulan=1, triwulan=Triwulan.III),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationError) as caught:
            _save(demo_db, data)
        assert caught.value.field == field, caught.value.message
