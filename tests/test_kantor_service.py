"""services.kantor: the office identity on every letterhead and the list of signers.

Each test writes through one unit of work and reads back through a new one, as two
user actions would.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from desmig_desktop.db.migrate import Database
from desmig_desktop.domain.enums import AwalanTtd, PeranPenandatangan
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.services.kantor import (
    Kantor,
    Ttd,
    get_kantor,
    list_ttd,
    save_kantor,
    save_ttd_list,
    ttd_for,
)
from desmig_desktop.services.uow import UnitOfWork

NIP_KEPALA = "197203151998031004"
NIP_KOORDINATOR = "198609262015052001"
NIP_PJ = "197911082006041002"


def kantor(**changes: object) -> Kantor:
    base = Kantor(
        pemerintah="PEMERINTAH KABUPATEN TULUNGAGUNG",
        instansi="DINAS TENAGA KERJA",
        alamat="Jl. Sultan Agung No. 2, Tulungagung",
        telepon="(0355) 321456",
        email="disnaker@tulungagung.go.id",
        laman="disnaker.tulungagung.go.id",
        kota="Tulungagung",
        kode_kabkota="35.04",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def saved_kantor(db: Database) -> Kantor:
    with UnitOfWork(db) as uow:
        return get_kantor(uow)


def saved_ttd(db: Database) -> list[Ttd]:
    with UnitOfWork(db) as uow:
        return list_ttd(uow)


def save_list(db: Database, signers: list[Ttd]) -> list[Ttd]:
    with UnitOfWork(db) as uow:
        return save_ttd_list(uow, signers)


def kepala(**changes: object) -> Ttd:
    base = Ttd(
        nama="Dr. Agus Santoso, S.H., M.M.",
        jabatan="Kepala Dinas Tenaga Kerja",
        peran=PeranPenandatangan.KEPALA_DINAS,
        nip=NIP_KEPALA,
        pangkat="Pembina Utama Muda (IV/c)",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def koordinator(**changes: object) -> Ttd:
    base = Ttd(
        nama="Rina Kusumawati, S.Sos.",
        jabatan="Koordinator Desmigratif",
        peran=PeranPenandatangan.KOORDINATOR,
        nip=NIP_KOORDINATOR,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def penanggung_jawab(**changes: object) -> Ttd:
    base = Ttd(
        nama="Bagus Hermawan, S.E.",
        jabatan="Kepala Bidang Penempatan",
        peran=PeranPenandatangan.PENANGGUNG_JAWAB,
        nip=NIP_PJ,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def summary(signers: list[Ttd]) -> list[tuple[str, str, str | None, int]]:
    return [(t.nama, t.jabatan, t.nip, t.urutan) for t in signers]


# --- office identity -----------------------------------------------------------------------


def test_a_new_database_has_an_empty_office(db: Database) -> None:
    empty = saved_kantor(db)
    assert empty == Kantor()
    assert not empty.lengkap


def test_office_identity_round_trip(db: Database) -> None:
    logo = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    with UnitOfWork(db) as uow:
        save_kantor(
            uow,
            kantor(
                instansi="  DINAS   TENAGA KERJA ",
                kota=" Tulungagung",
                kode_kabkota=" 35.04 ",
                logo=logo,
            ),
        )

    back = saved_kantor(db)
    assert back == kantor(logo=logo)  # spaces tidied, everything else as typed
    assert back.lengkap

    with UnitOfWork(db) as uow:
        save_kantor(uow, kantor(alamat="Jl. Yos Sudarso No. 10", kode_kabkota="", email=""))
    again = saved_kantor(db)
    assert again.alamat == "Jl. Yos Sudarso No. 10"
    assert again.kode_kabkota is None
    assert again.email == ""
    assert again.logo is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"instansi": "   "}, "instansi", "instansi"),
        ({"kota": ""}, "kota", "Kota"),
        ({"email": "disnaker.tulungagung.go.id"}, "email", "disnaker.tulungagung.go.id"),
        ({"email": "disnaker@tulungagung"}, "email", "surel"),
        ({"kode_kabkota": "3504"}, "kode_kabkota", "3504"),
        ({"kode_kabkota": "35.4"}, "kode_kabkota", "35.04"),
        ({"kode_kabkota": "35.04.14"}, "kode_kabkota", "kabupaten/kota"),
    ],
)
def test_office_validation_names_the_field_and_writes_nothing(
    db: Database, changes: dict[str, object], field: str, words: str
) -> None:
    with UnitOfWork(db) as uow:
        save_kantor(uow, kantor())

    with UnitOfWork(db) as uow, pytest.raises(ValidationError) as caught:
        save_kantor(uow, kantor(alamat="Alamat baru yang tidak boleh tersimpan", **changes))

    assert caught.value.field == field
    assert words in caught.value.message
    assert saved_kantor(db) == kantor()


def test_office_logo_too_big_is_refused(db: Database) -> None:
    with UnitOfWork(db) as uow, pytest.raises(ValidationError) as caught:
        save_kantor(uow, kantor(logo=b"\0" * (2 * 1024 * 1024 + 1)))
    assert caught.value.field == "logo"
    assert saved_kantor(db) == Kantor()


# --- signers -------------------------------------------------------------------------------


def test_signer_list_add_update_delete_and_reorder(db: Database) -> None:
    added = save_list(db, [kepala(), koordinator(), penanggung_jawab()])
    assert summary(added) == [
        (kepala().nama, kepala().jabatan, NIP_KEPALA, 1),
        (koordinator().nama, koordinator().jabatan, NIP_KOORDINATOR, 2),
        (penanggung_jawab().nama, penanggung_jawab().jabatan, NIP_PJ, 3),
    ]
    assert all(t.id is not None and t.public_id for t in added)
    assert saved_ttd(db) == added
    ids = {t.nama: t.id for t in added}
    public_ids = {t.nama: t.public_id for t in added}

    # update the coordinator, delete the penanggung jawab, move the coordinator first,
    # and add a new signer at the end: one save.
    ka, ko, _pj = added
    baru = Ttd(
        nama="Siti Rahayu, S.E.",
        jabatan="Sekretaris Dinas",
        peran=PeranPenandatangan.LAINNYA,
        awalan=AwalanTtd.AN,
    )
    result = save_list(db, [replace(ko, jabatan="Koordinator Desmigratif Kabupaten"), ka, baru])

    assert saved_ttd(db) == result
    assert summary(result) == [
        (ko.nama, "Koordinator Desmigratif Kabupaten", NIP_KOORDINATOR, 1),
        (ka.nama, ka.jabatan, NIP_KEPALA, 2),
        ("Siti Rahayu, S.E.", "Sekretaris Dinas", None, 3),
    ]
    assert result[0].id == ids[ko.nama] and result[0].public_id == public_ids[ko.nama]
    assert result[1].id == ids[ka.nama] and result[1].public_id == public_ids[ka.nama]
    assert result[2].id not in ids.values()
    assert result[2].awalan is AwalanTtd.AN
    assert penanggung_jawab().nama not in {t.nama for t in result}

    with UnitOfWork(db) as uow:
        assert ttd_for(uow, PeranPenandatangan.KEPALA_DINAS).nama == ka.nama  # type: ignore[union-attr]
        assert ttd_for(uow, PeranPenandatangan.PENANGGUNG_JAWAB) is None

    assert save_list(db, []) == []
    assert saved_ttd(db) == []


def test_inactive_signer_is_kept_but_not_offered_for_documents(db: Database) -> None:
    save_list(db, [kepala(aktif=False), kepala(nama="Drs. Hadi Santoso", nip=None)])
    with UnitOfWork(db) as uow:
        assert len(list_ttd(uow)) == 2
        assert [t.nama for t in list_ttd(uow, only_active=True)] == ["Drs. Hadi Santoso"]
        assert ttd_for(uow, PeranPenandatangan.KEPALA_DINAS).nama == "Drs. Hadi Santoso"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "bad_nip",
    [
        "19720315199803100",  # 17 digits
        "1972031519980310045",  # 19 digits
        "19721315 199803 1 004",  # month 13
        "197203151998033004",  # 15th digit must be 1 or 2
        "NIP 1972O315199803I004",  # letters
    ],
)
def test_malformed_nip_is_refused_naming_the_row_and_nothing_is_written(
    db: Database, bad_nip: str
) -> None:
    before = save_list(db, [kepala(), koordinator()])
    ka, ko = before

    with pytest.raises(ValidationError) as caught:
        save_list(
            db,
            [
                replace(ka, jabatan="Jabatan baru yang tidak boleh tersimpan"),
                replace(ko, nip=bad_nip),
                penanggung_jawab(),
            ],
        )

    assert caught.value.message.startswith("Penandatangan baris 2: ")
    assert "NIP" in caught.value.message
    assert saved_ttd(db) == before


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (Ttd(nama="  ", jabatan="Kepala Dinas", peran=PeranPenandatangan.KEPALA_DINAS), "nama"),
        (Ttd(nama="Agus", jabatan="", peran=PeranPenandatangan.KEPALA_DINAS), "jabatan"),
        (Ttd(nama="Agus", jabatan="Kepala", peran="bupati"), "Peran"),  # type: ignore[arg-type]
    ],
)
def test_incomplete_signer_is_refused_naming_the_row(db: Database, row: Ttd, field: str) -> None:
    before = save_list(db, [kepala()])
    with pytest.raises(ValidationError) as caught:
        save_list(db, [*before, koordinator(), row])
    assert caught.value.message.startswith("Penandatangan baris 3: ")
    assert caught.value.field == field
    assert saved_ttd(db) == before


def test_nip_is_stored_normalised(db: Database) -> None:
    saved = save_list(
        db,
        [
            kepala(nip="19720315 199803 1 004"),
            koordinator(nip=" 19860926.201505.2.001 "),
            penanggung_jawab(nip="   "),
        ],
    )
    assert [t.nip for t in saved] == [NIP_KEPALA, NIP_KOORDINATOR, None]
    assert [t.nip for t in saved_ttd(db)] == [NIP_KEPALA, NIP_KOORDINATOR, None]


def test_office_and_signers_saved_together_or_not_at_all(db: Database) -> None:
    from desmig_desktop.services.kantor import save_pengaturan

    with UnitOfWork(db) as uow:
        save_pengaturan(uow, kantor(), [kepala()])
    before_kantor, before_ttd = saved_kantor(db), saved_ttd(db)
    assert before_kantor == kantor()
    assert [t.nama for t in before_ttd] == [kepala().nama]

    with UnitOfWork(db) as uow, pytest.raises(ValidationError) as caught:
        save_pengaturan(uow, kantor(alamat="Jl. Baru No. 1"), [*before_ttd, koordinator(nip="123")])
    assert caught.value.message.startswith("Penandatangan baris 2: ")
    assert saved_kantor(db) == before_kantor
    assert saved_ttd(db) == before_ttd

    with UnitOfWork(db) as uow, pytest.raises(ValidationError) as caught:
        save_pengaturan(uow, kantor(kota=""), [koordinator()])
    assert caught.value.field == "kota"
    assert saved_ttd(db) == before_ttd
