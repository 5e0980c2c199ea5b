"""A realistic demo district: Dinas Tenaga Kerja Kabupaten Tulungagung.

Fills an empty database with the office and its signers, seven Desmigratif
villages (the Kalidawir pilot Tunggangri, Betak and Pagersari among them) with
yearly statistics, the 2024 budget with activities for all four pillars and
realisation through the second quarter, and community-parenting participants,
sessions and attendance. Deterministic: the same demo every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desmig_desktop.db.models import (
    AsetPilar,
    Desa,
    Kegiatan,
    KehadiranPeserta,
    Negara,
    Pagu,
    Penandatangan,
    Pertemuan,
    Peserta,
    PetugasDesa,
    Realisasi,
    StatistikDesa,
    StatistikNegara,
    SumberDana,
    TahunAnggaran,
)
from desmig_desktop.domain.enums import (
    JenisAset,
    KategoriPeserta,
    Kehadiran,
    PeranPenandatangan,
    PeranPetugas,
    Pilar,
    StatusDesa,
    StatusKegiatan,
    Triwulan,
)
from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.services.kantor import Kantor, validate_kantor, write_kantor
from desmig_desktop.services.riwayat import catat_impor, mode_impor
from desmig_desktop.services.uow import UnitOfWork
from desmig_desktop.services.wilayah import desa_wilayah

TAHUN_DEMO = 2024

# (kode wilayah, tahun penetapan, status, kepala desa, penduduk, KK, PMI L, PMI P, CPMI, purna)
_DESA = (
    ("35.04.14.2011", 2017, "aktif", "Suyanto", 6120, 1985, 212, 431, 38, 160),
    ("35.04.14.2016", 2017, "aktif", "Mujiono", 4870, 1540, 145, 318, 27, 122),
    ("35.04.14.2017", 2018, "aktif", "Sri Wahyuni", 3950, 1260, 98, 247, 19, 85),
    ("35.04.12.2003", 2019, "aktif", "Hadi Purnomo", 3310, 1044, 76, 190, 15, 64),
    ("35.04.05.2008", 2019, "aktif", "Bambang Sutrisno", 5405, 1702, 133, 265, 22, 97),
    ("35.04.03.2017", 2021, "aktif", "Endang Lestari", 4480, 1391, 88, 176, 17, 58),
    ("35.04.12.2006", 2018, "nonaktif", "Sukirno", 2760, 880, 41, 93, 6, 37),
)

_NEGARA_BAGI = (("Malaysia", 34), ("Taiwan", 27), ("Hong Kong", 22), ("Arab Saudi", 9))

_PAGU = {
    # pilar: [(sumber, jumlah)]
    Pilar.I: [("APBN", 60_000_000), ("APBD Kabupaten/Kota", 25_000_000)],
    Pilar.II: [("APBN", 120_000_000), ("APBD Kabupaten/Kota", 40_000_000)],
    Pilar.III: [("APBN", 75_000_000), ("Dana Desa", 30_000_000)],
    Pilar.IV: [("APBN", 90_000_000), ("APBD Provinsi", 35_000_000)],
}


@dataclass(frozen=True)
class _Keg:
    pilar: Pilar
    desa: int | None  # index into _DESA, None for district-wide
    nama: str
    volume: int
    satuan: str
    triwulan: int
    anggaran: int
    sumber: str
    # realisation per quarter: (quarter, rupiah, volume, status)
    realisasi: tuple[tuple[int, int, int, StatusKegiatan], ...] = ()


_S = StatusKegiatan
_KEGIATAN = (
    _Keg(
        Pilar.I,
        None,
        "Sosialisasi penempatan CPMI prosedural",
        4,
        "kali",
        1,
        18_000_000,
        "APBN",
        ((1, 8_750_000, 2, _S.BERJALAN), (2, 9_100_000, 2, _S.SELESAI)),
    ),
    _Keg(
        Pilar.I,
        0,
        "Diseminasi informasi migrasi aman",
        120,
        "orang",
        2,
        12_500_000,
        "APBN",
        ((2, 12_150_000, 118, _S.SELESAI),),
    ),
    _Keg(
        Pilar.I,
        1,
        "Sosialisasi jaminan sosial PMI (Permenaker 4/2023)",
        80,
        "orang",
        2,
        9_500_000,
        "APBD Kabupaten/Kota",
        ((2, 4_200_000, 35, _S.BERJALAN),),
    ),
    _Keg(Pilar.I, None, "Bimbingan teknis petugas Desmigratif", 1, "paket", 3, 15_000_000, "APBN"),
    _Keg(
        Pilar.I,
        2,
        "Pelayanan dokumen CPMI di pusat layanan desa",
        12,
        "bulan",
        1,
        14_400_000,
        "APBN",
        ((1, 3_600_000, 3, _S.BERJALAN), (2, 3_600_000, 3, _S.BERJALAN)),
    ),
    _Keg(
        Pilar.II,
        None,
        "Pelatihan kewirausahaan PMI purna",
        60,
        "orang",
        2,
        45_000_000,
        "APBN",
        ((2, 43_800_000, 60, _S.SELESAI),),
    ),
    _Keg(
        Pilar.II,
        0,
        "Bantuan sarana produksi kelompok usaha keripik",
        1,
        "paket",
        2,
        25_000_000,
        "APBN",
        ((2, 25_000_000, 1, _S.SELESAI),),
    ),
    _Keg(
        Pilar.II,
        1,
        "Pendampingan usaha konveksi keluarga PMI",
        6,
        "kali",
        1,
        18_000_000,
        "APBD Kabupaten/Kota",
        ((1, 6_000_000, 2, _S.BERJALAN), (2, 6_000_000, 2, _S.BERJALAN)),
    ),
    _Keg(
        Pilar.II, 4, "Pelatihan pemasaran digital produk desa", 40, "orang", 3, 16_000_000, "APBN"
    ),
    _Keg(
        Pilar.II,
        3,
        "Pameran produk usaha PMI purna",
        1,
        "kali",
        4,
        20_000_000,
        "APBD Kabupaten/Kota",
    ),
    _Keg(
        Pilar.III,
        None,
        "Sosialisasi modul community parenting",
        2,
        "kali",
        1,
        12_000_000,
        "APBN",
        ((1, 11_250_000, 2, _S.SELESAI),),
    ),
    _Keg(
        Pilar.III,
        0,
        "Pertemuan rutin parenting Tunggangri",
        12,
        "kali",
        1,
        9_000_000,
        "Dana Desa",
        ((1, 2_250_000, 3, _S.BERJALAN), (2, 2_250_000, 3, _S.BERJALAN)),
    ),
    _Keg(
        Pilar.III,
        1,
        "Pertemuan rutin parenting Betak",
        12,
        "kali",
        1,
        9_000_000,
        "Dana Desa",
        ((1, 2_250_000, 3, _S.BERJALAN), (2, 2_400_000, 3, _S.BERJALAN)),
    ),
    _Keg(
        Pilar.III,
        None,
        "Pelatihan kepemimpinan pemuda desa",
        50,
        "orang",
        2,
        22_500_000,
        "APBN",
        ((2, 0, 0, _S.BATAL),),
    ),
    _Keg(Pilar.III, 2, "Pelatihan kader keamanan pangan desa", 25, "orang", 3, 10_000_000, "APBN"),
    _Keg(
        Pilar.IV,
        0,
        "Pendampingan pembentukan koperasi Desmigratif",
        1,
        "paket",
        1,
        20_000_000,
        "APBN",
        ((1, 9_500_000, 0, _S.BERJALAN), (2, 10_000_000, 1, _S.SELESAI)),
    ),
    _Keg(
        Pilar.IV,
        None,
        "Literasi keuangan anggota koperasi",
        75,
        "orang",
        2,
        15_000_000,
        "APBD Provinsi",
        ((2, 14_600_000, 72, _S.SELESAI),),
    ),
    _Keg(Pilar.IV, 1, "Penguatan modal koperasi", 1, "paket", 3, 50_000_000, "APBN"),
    _Keg(
        Pilar.IV,
        4,
        "Pendampingan BUMDes unit usaha PMI",
        4,
        "kali",
        2,
        12_000_000,
        "APBD Provinsi",
        ((2, 3_000_000, 1, _S.BERJALAN),),
    ),
)

_NAMA_L = (
    "Agus",
    "Budi",
    "Dimas",
    "Eko",
    "Fajar",
    "Galih",
    "Hendra",
    "Irfan",
    "Joko",
    "Krisna",
    "Lukman",
    "Rizky",
    "Nanda",
    "Oki",
    "Putra",
    "Rendi",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yoga",
)
_NAMA_P = (
    "Ayu",
    "Bunga",
    "Citra",
    "Dewi",
    "Endah",
    "Fitri",
    "Gita",
    "Hesti",
    "Indah",
    "Juwita",
    "Kartika",
    "Lestari",
    "Maya",
    "Nur",
    "Puji",
    "Rahayu",
    "Siti",
    "Tri",
    "Umi",
    "Wulan",
)
_NAMA_BELAKANG = (
    "Santoso",
    "Wibowo",
    "Lestari",
    "Saputra",
    "Rahmawati",
    "Setiawan",
    "Handayani",
    "Pratama",
    "Kusuma",
    "Hidayat",
    "Susanti",
    "Nugroho",
    "Purwanti",
    "Firmansyah",
    "Wulandari",
)

_TOPIK_SESI = (
    "Sosialisasi Modul Community Parenting",
    "Pola Asuh Anak Usia Dini",
    "Komunikasi Anak dengan Orang Tua di Luar Negeri",
    "Kesehatan dan Gizi Anak",
    "Pencegahan Kekerasan terhadap Anak",
    "Pengelolaan Remitansi Keluarga",
)


def is_empty(uow: UnitOfWork) -> bool:
    """True when the database holds no user data (region and reference lists don't count)."""
    s = uow.session
    for model in (Desa, Kegiatan, Peserta, Penandatangan, TahunAnggaran):
        if s.scalar(select(func.count()).select_from(model)):
            return False
    return True


def _nama(rng: random.Random, laki: bool) -> str:
    depan = rng.choice(_NAMA_L if laki else _NAMA_P)
    return f"{depan} {rng.choice(_NAMA_BELAKANG)}"


def fill_demo(uow: UnitOfWork) -> dict[str, int]:
    """Fill an empty database with the demo district; refuse one that holds data."""
    if not is_empty(uow):
        raise ValidationError(
            "Basis data sudah berisi data; data demo hanya diisikan ke basis data yang kosong.",
            None,
        )
    mode_impor(uow)  # one audit entry for the whole demo, not one per row
    rng = random.Random(2024)
    s = uow.session
    sumber = {sd.nama: sd for sd in s.scalars(select(SumberDana))}
    negara = {n.nama: n for n in s.scalars(select(Negara))}

    write_kantor(
        uow,
        validate_kantor(
            Kantor(
                pemerintah="PEMERINTAH KABUPATEN TULUNGAGUNG",
                instansi="DINAS TENAGA KERJA",
                alamat="Jl. Sultan Agung No. 2, Tulungagung, Jawa Timur 66215",
                telepon="(0355) 321456",
                email="disnaker@tulungagung.go.id",
                laman="disnaker.tulungagung.go.id",
                kota="Tulungagung",
                kode_kabkota="35.04",
            )
        ),
    )
    s.add_all(
        [
            Penandatangan(
                nama="Dr. Agus Santoso, S.H., M.M.",
                jabatan="Kepala Dinas Tenaga Kerja Kabupaten Tulungagung",
                nip="197203151998031004",
                pangkat="Pembina Utama Muda (IV/c)",
                peran=PeranPenandatangan.KEPALA_DINAS.value,
                urutan=1,
            ),
            Penandatangan(
                nama="Rina Kusumawati, S.Sos.",
                jabatan="Koordinator Desmigratif",
                nip="198609262015052001",
                pangkat="Penata (III/c)",
                peran=PeranPenandatangan.KOORDINATOR.value,
                urutan=2,
            ),
            Penandatangan(
                nama="Bagus Hermawan, S.E.",
                jabatan="Kepala Bidang Penempatan dan Perluasan Kesempatan Kerja",
                nip="197911082006041002",
                pangkat="Penata Tingkat I (III/d)",
                peran=PeranPenandatangan.PENANGGUNG_JAWAB.value,
                urutan=3,
            ),
        ]
    )

    desa_rows: list[Desa] = []
    for i, (kode, tahun, status, kades, penduduk, kk, pl, pp, cpmi, purna) in enumerate(_DESA):
        w = desa_wilayah(uow, kode)
        desa = Desa(
            kode_wilayah=w.kode,
            nama=w.nama,
            kecamatan=w.kecamatan,
            kabkota=w.kabkota,
            provinsi=w.provinsi,
            tahun_penetapan=tahun,
            status=StatusDesa(status).value,
            kepala_desa=kades,
            alamat_layanan=f"Kantor Desa {w.nama}, Kec. {w.kecamatan}",
            perdes_pmi=f"Perdes {w.nama} No. {3 + i} Tahun {tahun}" if i < 4 else "",
        )
        laki = i % 2 == 0
        desa.petugas.append(
            PetugasDesa(
                peran=PeranPetugas.PETUGAS.value,
                nama=_nama(rng, laki),
                telepon=f"0812{rng.randrange(10**7, 10**8)}",
                sk_nomor=f"560/{120 + i}/35.04.111/{tahun}",
                sk_tanggal=date(tahun, 3, 1 + i),
            )
        )
        for tahun_data, faktor in ((2023, Decimal("0.95")), (2024, Decimal("1"))):

            def scale(n: int, f: Decimal = faktor) -> int:
                return int(Decimal(n) * f)

            stat = StatistikDesa(
                tahun=tahun_data,
                jumlah_penduduk=scale(penduduk),
                jumlah_kk=scale(kk),
                pmi_aktif_l=scale(pl),
                pmi_aktif_p=scale(pp),
                cpmi=scale(cpmi),
                pmi_purna=scale(purna),
            )
            total = stat.pmi_aktif_l + stat.pmi_aktif_p
            sisa = total
            for nama_negara, persen in _NEGARA_BAGI:
                jumlah = total * persen // 100
                sisa -= jumlah
                stat.negara.append(StatistikNegara(negara_id=negara[nama_negara].id, jumlah=jumlah))
            stat.negara.append(StatistikNegara(negara_id=negara["Singapura"].id, jumlah=sisa))
            desa.statistik.append(stat)
        if i < 3:
            desa.aset.append(
                AsetPilar(
                    jenis=JenisAset.KELOMPOK_USAHA.value,
                    nama=f"KUB Purna Makmur {w.nama}",
                    jumlah_anggota=12 + i,
                )
            )
            desa.aset.append(
                AsetPilar(
                    jenis=JenisAset.RUMAH_BELAJAR.value,
                    nama=f"Rumah Belajar {w.nama}",
                    jumlah_anggota=30 + 5 * i,
                )
            )
        if i < 2:
            desa.aset.append(
                AsetPilar(
                    jenis=JenisAset.KOPERASI.value,
                    nama=f"Koperasi Desmigratif {w.nama} Sejahtera",
                    badan_hukum_nomor=f"AHU-00{1234 + i}.AH.01.26.TAHUN 2019",
                    badan_hukum_tanggal=date(2019, 8, 12 + i),
                    jumlah_anggota=45 + 10 * i,
                    modal=Decimal(37_500_000 + 5_000_000 * i),
                )
            )
        s.add(desa)
        desa_rows.append(desa)
    s.flush()

    s.add(TahunAnggaran(tahun=TAHUN_DEMO - 1, ditutup=True))
    s.add(TahunAnggaran(tahun=TAHUN_DEMO))
    s.flush()
    for pilar, daftar in _PAGU.items():
        for nama_sumber, jumlah in daftar:
            s.add(
                Pagu(
                    tahun=TAHUN_DEMO,
                    pilar=pilar.value,
                    sumber_dana_id=sumber[nama_sumber].id,
                    jumlah=Decimal(jumlah),
                )
            )
    nomor: dict[Pilar, int] = {}
    for keg in _KEGIATAN:
        nomor[keg.pilar] = nomor.get(keg.pilar, 0) + 1
        row = Kegiatan(
            kode=f"{TAHUN_DEMO}-{keg.pilar.value}-{nomor[keg.pilar]:03d}",
            tahun=TAHUN_DEMO,
            pilar=keg.pilar.value,
            desa_id=desa_rows[keg.desa].id if keg.desa is not None else None,
            nama=keg.nama,
            volume=Decimal(keg.volume),
            satuan=keg.satuan,
            triwulan=Triwulan.parse(keg.triwulan).value,
            anggaran=Decimal(keg.anggaran),
            sumber_dana_id=sumber[keg.sumber].id,
            penanggung_jawab="Rina Kusumawati, S.Sos.",
        )
        for tw, rupiah, vol, status in keg.realisasi:
            row.realisasi.append(
                Realisasi(
                    triwulan=Triwulan.parse(tw).value,
                    jumlah=Decimal(rupiah),
                    volume=Decimal(vol),
                    status=status.value,
                )
            )
        s.add(row)

    peserta_count = sesi_count = tanda_count = 0
    for desa in desa_rows[:4]:
        peserta: list[Peserta] = []
        for _keluarga in range(7):
            wali_laki = rng.random() < 0.3
            wali = Peserta(
                desa_id=desa.id,
                nama=_nama(rng, wali_laki),
                jenis_kelamin="L" if wali_laki else "P",
                tanggal_lahir=date(
                    rng.randrange(1955, 1990), rng.randrange(1, 13), rng.randrange(1, 29)
                ),
                kategori=rng.choice(
                    [KategoriPeserta.NENEK, KategoriPeserta.IBU, KategoriPeserta.WALI]
                    if not wali_laki
                    else [KategoriPeserta.KAKEK, KategoriPeserta.AYAH]
                ).value,
                telepon_wali=f"0857{rng.randrange(10**7, 10**8)}",
            )
            s.add(wali)
            s.flush()
            peserta.append(wali)
            for _anak in range(rng.randrange(1, 3)):
                laki = rng.random() < 0.5
                lahir = date(rng.randrange(2011, 2020), rng.randrange(1, 13), rng.randrange(1, 29))
                anak = Peserta(
                    desa_id=desa.id,
                    nama=_nama(rng, laki),
                    jenis_kelamin="L" if laki else "P",
                    tanggal_lahir=lahir,
                    kategori=KategoriPeserta.ANAK.value,
                    sekolah=f"SD Negeri {rng.randrange(1, 4)} {desa.nama}"
                    if lahir.year < 2018
                    else "",
                    kelas=str(min(6, max(1, 2024 - lahir.year - 6))) if lahir.year < 2018 else "",
                    wali_id=wali.id,
                    orang_tua_di_luar_negeri=rng.choice(["ibu", "ibu", "ayah", "keduanya"]),
                    negara_orang_tua=rng.choice(["Malaysia", "Taiwan", "Hong Kong"]),
                    telepon_wali=wali.telepon_wali,
                    persetujuan_oleh=wali.nama if rng.random() < 0.85 else "",
                    persetujuan_hubungan=KategoriPeserta(wali.kategori).label,
                )
                if anak.persetujuan_oleh:
                    anak.persetujuan_tanggal = date(2024, 1, 8)
                s.add(anak)
                peserta.append(anak)
        kader = Peserta(
            desa_id=desa.id,
            nama=_nama(rng, False),
            jenis_kelamin="P",
            kategori=KategoriPeserta.KADER.value,
        )
        s.add(kader)
        peserta.append(kader)
        s.flush()
        peserta_count += len(peserta)

        hari = date(2024, 1, 13)
        for bulan in range(6):
            tanggal = hari + timedelta(weeks=4 * bulan + rng.randrange(0, 2))
            sesi = Pertemuan(
                desa_id=desa.id,
                tanggal=tanggal,
                topik=_TOPIK_SESI[bulan % len(_TOPIK_SESI)],
                fasilitator=kader.nama,
                tempat=f"Balai Desa {desa.nama}",
            )
            s.add(sesi)
            s.flush()
            sesi_count += 1
            if bulan == 5 and desa is desa_rows[3]:
                continue  # a session whose attendance has not been typed in yet
            for p in peserta:
                r = rng.random()
                mark = (
                    Kehadiran.H
                    if r < 0.8
                    else Kehadiran.I
                    if r < 0.9
                    else (Kehadiran.S if r < 0.95 else Kehadiran.A)
                )
                s.add(KehadiranPeserta(pertemuan_id=sesi.id, peserta_id=p.id, status=mark.value))
                tanda_count += 1
    counts = {
        "desa": len(desa_rows),
        "kegiatan": len(_KEGIATAN),
        "peserta": peserta_count,
        "pertemuan": sesi_count,
        "kehadiran": tanda_count,
    }
    catat_impor(
        uow,
        tabel="desa",
        judul="Data contoh (Kabupaten Tulungagung) diisikan",
        jumlah=sum(counts.values()),
        rincian=counts,
    )
    uow.commit()
    return counts
