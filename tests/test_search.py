"""Type-ahead search: participants of all villages and the 83,762 official villages.

A search finds what a case-insensitive "starts with" finds (checked against Python over
the same rows), in name order, up to its limit, and reads index ranges: never a scan of
the table. Participants whose name has a later word starting with the term follow, read
from the name index alone (an ordered scan of the index, only when the first part did
not fill the limit).
"""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlalchemy import event, select

from desmig_desktop.db.models import Desa, Peserta, Wilayah
from desmig_desktop.domain.wilayah import DESA
from desmig_desktop.services.cari import rentang_awal
from desmig_desktop.services.parenting import PesertaData, cari_peserta, save_peserta
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import search_desa


def test_prefix_ranges_hold_every_case_form_and_nothing_else_is_missed() -> None:
    rng = random.Random(7)
    alphabet = "aAbBsStTiI rR-'.1"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(4000)]
    for prefix in ("s", "si", "sIt", "siti r", "Siti Rah", "b-1", "'a", "ß", "Émi"):
        ranges = rentang_awal(prefix)
        assert 1 <= len(ranges) <= 8
        for w in [*words, prefix.upper(), prefix.lower(), prefix.swapcase() + "x"]:
            if w.lower().startswith(prefix.lower()):
                assert any(lo <= w < hi for lo, hi in ranges), (prefix, w)


@pytest.fixture
def peserta(demo_db):
    """Names in every case, sharing starts; one with the LIKE wildcards in it."""
    names = [
        "Siti Rahayu",
        "SITI RAHMAWATI",
        "siti aminah",
        "Siti rahayu",
        "sITI Ramlah",
        "Sitti Nurhaliza",
        "Sri Rahayu",
        "Rahayu Siti",
        "Wati_100%",
        "Watik",
        "Zubaidah",
    ]
    with UnitOfWork(demo_db) as uow:
        desa_id = uow.session.scalars(select(Desa.id).order_by(Desa.id)).first()
        for nama in names:
            save_peserta(uow, PesertaData(desa_id, nama, "P", "ibu"))
        save_peserta(uow, PesertaData(desa_id, "Nur Ber-NIK", "P", "ibu", nik="3504145505800001"))
        save_peserta(uow, PesertaData(desa_id, "Ani Ber-NIK", "P", "ibu", nik="3504145505800002"))
        everyone = list(uow.session.scalars(select(Peserta.nama)))
    return demo_db, everyone


def _expected(everyone: list[str], teks: str) -> list[str]:
    """Names starting with ``teks`` (any case), then names with a later word doing so."""
    t = teks.lower()
    starts = sorted(n for n in everyone if n.lower().startswith(t))
    words = sorted(n for n in everyone if not n.lower().startswith(t) and f" {t}" in n.lower())
    return starts + words


@pytest.mark.parametrize(
    "teks", ["siti", "SITI R", "siti ra", "sItI rAh", "s", "w", "zz", "Siti", "rahayu", "r"]
)
def test_participant_search_is_a_case_insensitive_start_in_name_order(peserta, teks) -> None:
    db, everyone = peserta
    expected = _expected(everyone, teks)
    with UnitOfWork(db) as uow:
        found = cari_peserta(uow, teks, limit=500)
        assert [p.nama for p in found] == expected
        for limit in (1, 3, 7):
            assert [p.nama for p in cari_peserta(uow, teks, limit=limit)] == expected[:limit]
    starts = [p.nama.lower().startswith(teks.lower()) for p in found]
    assert [p.cocok for p in found] == [1 if s else 2 for s in starts]


def test_participant_search_details(peserta) -> None:
    db, _everyone = peserta
    with UnitOfWork(db) as uow:
        assert [p.nama for p in cari_peserta(uow, "wati_")] == ["Wati_100%"]  # no wildcard
        assert [p.nama for p in cari_peserta(uow, "wati_100%")] == ["Wati_100%"]
        assert cari_peserta(uow, "  ") == []
        rahayu = [p.nama for p in cari_peserta(uow, "rahayu")]
        assert rahayu[0] == "Rahayu Siti"  # the start of the name first, then later words
        assert {"Siti Rahayu", "Siti rahayu", "Sri Rahayu"} <= set(rahayu[1:])
        by_nik = cari_peserta(uow, "3504 1455")  # the first digits of a NIK
        assert [p.nama for p in by_nik] == ["Ani Ber-NIK", "Nur Ber-NIK"]
        assert by_nik[0].nik == "3504145505800002"
        one = cari_peserta(uow, "Zubaidah")[0]
        desa = uow.session.get(Desa, one.desa_id)
        assert (one.desa, one.kecamatan, one.kode_wilayah) == (
            desa.nama,
            desa.kecamatan,
            desa.kode_wilayah,
        )


def _plans(db, work) -> list[str]:  # type: ignore[no-untyped-def]
    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with UnitOfWork(db) as uow:
            work(uow)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    conn = sqlite3.connect(db.path)
    try:
        return [
            " | ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {s}", p))
            for s, p in statements
            if s.lstrip().upper().startswith("SELECT")
        ]
    finally:
        conn.close()


@pytest.mark.parametrize("teks", ["siti", "s", "zzq", "Siti Rahayu X"])
def test_participant_search_reads_the_name_index_only(peserta, teks) -> None:
    db, _everyone = peserta
    start, *word = _plans(db, lambda uow: cari_peserta(uow, teks))
    assert "ix_peserta_nama (nama>? AND nama<?)" in start, start
    assert "SCAN peserta" not in start, start
    if word:  # the start filled less than the limit: later words, from the index alone
        (plan,) = word
        assert "SCAN peserta USING COVERING INDEX ix_peserta_nama" in plan, plan
        assert "SCAN peserta USING INDEX" not in plan and "SCAN kehadiran" not in plan


# --- the official villages ------------------------------------------------------------


def _villages(db) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(code, village name, kecamatan name) of every desa/kelurahan."""
    with UnitOfWork(db) as uow:
        names = dict(uow.session.execute(select(Wilayah.kode, Wilayah.nama)).all())
        codes = uow.session.scalars(select(Wilayah.kode).where(Wilayah.tingkat == DESA)).all()
    return [(k, names[k], names[k.rsplit(".", 1)[0]]) for k in codes]


def test_village_search_finds_names_and_kecamatan_by_their_start(db) -> None:
    villages = _villages(db)
    with UnitOfWork(db) as uow:
        for teks in ("pagersari", "SUKAMAJU", "kalid", "zzq", "tanjung"):
            found = search_desa(uow, teks, limit=100)
            by_name = sorted(
                (nama, kode)
                for kode, nama, _kec in villages
                if nama.lower().startswith(teks.lower())
            )
            by_kec = {kode for kode, _n, kec in villages if kec.lower().startswith(teks.lower())}
            codes = [d.kode for d in found]
            # every village whose own name starts so, by name; then villages of such a kecamatan
            assert codes[: len(by_name[:100])] == [k for _n, k in by_name[:100]], teks
            assert set(codes[len(by_name) :]) <= by_kec, teks
            if len(by_name) + len(by_kec) <= 100:
                assert set(codes) == {k for _n, k in by_name} | by_kec, teks
    assert "zzq" not in [v[1].lower() for v in villages]


def test_further_words_narrow_the_search_anywhere_in_the_path(db) -> None:
    with UnitOfWork(db) as uow:
        found = search_desa(uow, "tanjung sari", limit=200)
        alone = search_desa(uow, "tanjung", limit=200)
    assert found and len(found) < len(alone)
    for d in found:
        assert d.nama.lower().startswith("tanjung") or d.kecamatan.lower().startswith("tanjung")
        assert "sari" in f"{d.nama} {d.kecamatan} {d.kabkota}".lower(), d


def test_village_search_examples(db) -> None:
    with UnitOfWork(db) as uow:
        assert len(search_desa(uow, "Pagersari")) == 7
        (one,) = search_desa(uow, "pagersari kalidawir")
        assert one.kode == "35.04.14.2017" and one.kecamatan == "Kalidawir"
        kalidawir = search_desa(uow, "kalidawir")
        in_kec = [d for d in kalidawir if d.kecamatan == "Kalidawir"]
        assert len(in_kec) == 17  # every village of Kec. Kalidawir (Tulungagung)
        assert all(d.nama.startswith("Kalidawir") for d in kalidawir if d not in in_kec)
        assert [d.kode for d in search_desa(uow, "Pagersari", kode_kabkota="35.04")] == [
            "35.04.14.2017"
        ]
        by_code = search_desa(uow, "35.04.14.201")
        assert [d.kode for d in by_code] == sorted(d.kode for d in by_code)
        assert all(d.kode.startswith("35.04.14.201") for d in by_code) and by_code
        assert search_desa(uow, "35.04.14.2016")[0].label == (
            "Betak, Kec. Kalidawir, Kab. Tulungagung, Jawa Timur (35.04.14.2016)"
        )
        assert search_desa(uow, "") == []


@pytest.mark.parametrize("teks", ["s", "pagersari", "zzq", "kota baru", "35.04"])
def test_village_search_reads_index_ranges_only(db, teks) -> None:
    plans = _plans(db, lambda uow: search_desa(uow, teks))
    assert plans
    for plan in plans:
        assert "SCAN wilayah" not in plan, plan
        assert "SEARCH" in plan
