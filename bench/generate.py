"""A synthetic national-scale database, built through the app's own paths.

Usage::

    uv run python bench/generate.py --villages 5000 --participants 200000 \\
        --attendance 2000000 --activities 100000 --db /tmp/nasional.db [--seed 0]

or, from Python (``bench/run.py`` does this)::

    generate(path, villages=5000, participants=200_000, attendance=2_000_000,
             activities=100_000, seed=0)  # -> {"desa": 5000, ...}

What it makes, deterministic for a seed:

* the schema by the real migrations (``db.migrate.open_database``, the region list loaded),
  the office identity and signers (``services.kantor``);
* ``villages`` Desmigratif villages with REAL desa/kelurahan codes from the bundled region
  list, spread over every province but weighted to the migrant-sending ones (Jawa Timur,
  Jawa Tengah, Jawa Barat, NTB, NTT, Lampung, ...), each with its officers, four years of
  migration statistics (with destination countries) and some pillar assets;
* four fiscal years (this year and the three before) of plans: ``activities`` activities
  over the four pillars and five funding sources, most in a village (the busy villages more),
  some district-wide, with quarterly realisation up to the current quarter (a few cancelled,
  a few over their budget and flagged), and a pagu per year, pillar and source above what
  is planned;
* ``participants`` community-parenting participants and ``attendance`` attendance marks,
  in sessions of up to 25 people. Village sizes are skewed (a Pareto split): a few large
  villages, most small. Marks are mostly H, some I, S and A; sessions lie between the
  first fiscal year and today.

Everything is written with ``services.bulk`` (batched inserts in a few transactions), so
the result is what the app itself would store; it passes ``desmig check`` and opens in the
app. The time taken and the row counts are printed.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the checkout's package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from desmig_desktop.db import models as m
from desmig_desktop.db.migrate import open_database
from desmig_desktop.domain.enums import (
    AwalanTtd,
    JenisAset,
    PeranPenandatangan,
    PeranPetugas,
    Pilar,
    StatusDesa,
    StatusKegiatan,
)
from desmig_desktop.domain.progress import NullProgress, Progress
from desmig_desktop.imports.workbook import gc_ditunda
from desmig_desktop.services import bulk
from desmig_desktop.services.kantor import Kantor, Ttd, save_pengaturan
from desmig_desktop.services.riwayat import catat_impor, mode_impor
from desmig_desktop.services.uow import UnitOfWork

__all__ = ["generate", "main"]

# Provinces that send most migrant workers get more Desmigratif villages (weights).
_PROVINSI_PENGIRIM = {
    "35": 8.0,  # Jawa Timur
    "33": 7.0,  # Jawa Tengah
    "32": 6.0,  # Jawa Barat
    "52": 5.0,  # Nusa Tenggara Barat
    "53": 4.0,  # Nusa Tenggara Timur
    "18": 3.0,  # Lampung
    "12": 2.0,  # Sumatera Utara
    "36": 2.0,  # Banten
    "51": 2.0,  # Bali
    "73": 1.5,  # Sulawesi Selatan
    "61": 1.5,  # Kalimantan Barat
}
_NAMA_L = (
    "Agus",
    "Budi",
    "Joko",
    "Eko",
    "Hadi",
    "Slamet",
    "Bambang",
    "Wahyu",
    "Dedi",
    "Rudi",
    "Andi",
    "Fajar",
    "Rizki",
    "Arif",
    "Dimas",
    "Yoga",
    "Bayu",
    "Teguh",
    "Hendra",
    "Imam",
    "Ahmad",
    "Muhammad",
    "Rahmat",
    "Yusuf",
    "Ilham",
    "Made",
    "Komang",
    "Lalu",
    "Yohanes",
    "Stefanus",
)
_NAMA_P = (
    "Siti",
    "Sri",
    "Dewi",
    "Rina",
    "Ani",
    "Endang",
    "Lestari",
    "Wulan",
    "Nur",
    "Yuni",
    "Ratna",
    "Indah",
    "Putri",
    "Fitri",
    "Ayu",
    "Dian",
    "Maya",
    "Sari",
    "Eka",
    "Tri",
    "Nining",
    "Umi",
    "Lilis",
    "Ratih",
    "Wati",
    "Ni",
    "Baiq",
    "Maria",
    "Theresia",
    "Kadek",
)
_NAMA_BELAKANG = (
    "Wijaya",
    "Rahayu",
    "Santoso",
    "Lestari",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Pratama",
    "Setiawan",
    "Susanto",
    "Purnomo",
    "Wibowo",
    "Handayani",
    "Utami",
    "Nugroho",
    "Suryani",
    "Maulana",
    "Ramadhan",
    "Permata",
    "Anggraini",
    "Siregar",
    "Nasution",
    "Harahap",
    "Hutapea",
    "Sinaga",
    "Manurung",
    "Daulay",
    "Lubis",
    "Tanjung",
    "Pane",
    "Pangaribuan",
    "Simanjuntak",
    "Suparman",
    "Sulistyo",
    "Wahyudi",
    "Kurniawan",
    "Firmansyah",
    "Hermawan",
    "Gunawan",
    "Sutrisno",
)
_TOPIK = (
    "Sosialisasi Modul Community Parenting",
    "Pola Asuh Anak Usia Dini",
    "Komunikasi Anak dengan Orang Tua di Luar Negeri",
    "Kesehatan dan Gizi Anak",
    "Pencegahan Kekerasan terhadap Anak",
    "Pengelolaan Remitansi Keluarga",
    "Kepemimpinan Pemuda",
    "Keamanan Pangan Desa",
    "Literasi Keuangan Keluarga Pekerja Migran",
    "Keamanan Digital Anak",
    "Peran Kakek dan Nenek sebagai Pengasuh",
    "Persiapan Masuk Sekolah",
)
_NEGARA = ("Malaysia", "Taiwan", "Hong Kong", "Arab Saudi", "Singapura", "Korea Selatan")
_SUMBER = (
    ("APBN", 50),
    ("APBD Kabupaten/Kota", 20),
    ("APBD Provinsi", 10),
    ("Dana Desa", 15),
    ("Lainnya", 5),
)
# per pillar: (name, unit, volume range), "{desa}" is the village's name
_KEGIATAN: dict[Pilar, tuple[tuple[str, str, tuple[int, int]], ...]] = {
    Pilar.I: (
        ("Sosialisasi migrasi aman di Desa {desa}", "orang", (30, 150)),
        ("Pelayanan dokumen CPMI di pusat layanan desa {desa}", "bulan", (3, 12)),
        ("Diseminasi informasi pasar kerja luar negeri", "kali", (1, 6)),
        ("Bimbingan teknis petugas Desmigratif", "paket", (1, 2)),
    ),
    Pilar.II: (
        ("Pelatihan kewirausahaan PMI purna Desa {desa}", "orang", (15, 60)),
        ("Bantuan sarana produksi kelompok usaha {desa}", "paket", (1, 3)),
        ("Pendampingan usaha keluarga PMI", "kali", (2, 12)),
        ("Pelatihan pemasaran digital produk desa", "orang", (10, 40)),
    ),
    Pilar.III: (
        ("Pertemuan rutin community parenting {desa}", "kali", (4, 24)),
        ("Pelatihan fasilitator parenting Desa {desa}", "orang", (5, 25)),
        ("Sosialisasi modul community parenting", "kali", (1, 4)),
        ("Rumah belajar anak PMI {desa}", "paket", (1, 2)),
    ),
    Pilar.IV: (
        ("Pendampingan pembentukan koperasi Desmigratif {desa}", "paket", (1, 2)),
        ("Literasi keuangan anggota koperasi", "orang", (20, 80)),
        ("Penguatan modal koperasi {desa}", "paket", (1, 1)),
        ("Pendampingan BUMDes unit usaha PMI", "kali", (2, 8)),
    ),
}
_PILAR_BOBOT = (25, 30, 25, 20)
_UKURAN_KELOMPOK = 25  # people per community-parenting session at most
_DESA_PER_TAHAP = 250  # villages per transaction of the parenting phase


@dataclass
class _Desa:
    id: int
    kode: str
    nama: str
    bobot: float  # its share of people and activity


def _weighted_split(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split ``total`` by ``weights`` into whole numbers (largest remainder), each at least
    ``minimum`` when the total allows."""
    n = len(weights)
    if n == 0:
        return []
    if total == 0 or not any(weights):
        return _weighted_split(total, [1.0] * n, minimum) if total else [0] * n
    base = min(minimum, total // n)
    rest = total - base * n
    scale = sum(weights)
    exact = [rest * w / scale for w in weights]
    out = [base + int(x) for x in exact]
    left = total - sum(out)
    order = sorted(range(n), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in order[:left]:
        out[i] += 1
    return out


def _nama(rng: random.Random, laki: bool) -> str:
    return f"{rng.choice(_NAMA_L if laki else _NAMA_P)} {rng.choice(_NAMA_BELAKANG)}"


def _telepon(rng: random.Random) -> str:
    return f"08{rng.choice('1235789')}{rng.randrange(10**8, 10**9)}"


def _tahun_anggaran(today: date) -> tuple[int, ...]:
    return tuple(range(today.year - 3, today.year + 1))


class _Generator:
    def __init__(self, db: Any, seed: int, progress: Progress, log: Callable[[str], None]) -> None:
        self.db = db
        self.rng = random.Random(seed)
        self.progress = progress
        self.log = log
        self.today = date.today()
        self.years = _tahun_anggaran(self.today)
        self.counts: dict[str, int] = {}

    @contextmanager
    def _transaksi(self) -> Iterator[UnitOfWork]:
        """One transaction of bulk writes, committed at the end (rolled back on error)."""
        with UnitOfWork(self.db) as uow:
            mode_impor(uow)  # bulk rows leave no audit entries; one summary at the end
            # generation only: a big page cache keeps the indexes' pages in memory
            uow.session.connection().exec_driver_sql("PRAGMA cache_size = -65536")
            yield uow
            uow.commit()

    # ------------------------------------------------------------------ office

    def kantor(self) -> None:
        with UnitOfWork(self.db) as uow:
            save_pengaturan(
                uow,
                Kantor(
                    pemerintah="PEMERINTAH REPUBLIK INDONESIA",
                    instansi="KEMENTERIAN KETENAGAKERJAAN",
                    alamat="Jl. Jend. Gatot Subroto Kav. 51, Jakarta Selatan 12750",
                    telepon="(021) 5255733",
                    email="desmigratif@kemnaker.go.id",
                    laman="kemnaker.go.id",
                    kota="Jakarta",
                ),
                [
                    Ttd(
                        nama="Dr. Suhartono, S.H., M.M.",
                        jabatan="Direktur Penempatan Tenaga Kerja Luar Negeri",
                        peran=PeranPenandatangan.KEPALA_DINAS,
                    ),
                    Ttd(
                        nama="Rina Kusumawati, S.Sos.",
                        jabatan="Koordinator Desmigratif Nasional",
                        peran=PeranPenandatangan.KOORDINATOR,
                        awalan=AwalanTtd.TIDAK_ADA,
                    ),
                ],
            )

    # ------------------------------------------------------------------ villages

    def _kode_desa(self, n: int) -> list[tuple[str, str, str, str, str]]:
        """``n`` real desa/kelurahan codes with the names of the village, kecamatan,
        kabupaten/kota and province."""
        with self.db.engine.connect() as conn:
            w = m.Wilayah.__table__
            nama = dict(conn.execute(select(w.c.kode, w.c.nama).where(w.c.tingkat < 4)).all())
            desa = conn.execute(
                select(w.c.kode, w.c.nama).where(w.c.tingkat == 4).order_by(w.c.kode)
            ).all()
        if n > len(desa):
            raise ValueError(f"the region list has {len(desa)} villages, not {n}")
        per_prov: dict[str, list[tuple[str, str]]] = {}
        for kode, nm in desa:
            per_prov.setdefault(kode[:2], []).append((kode, nm))
        provs = sorted(per_prov)
        weights = [len(per_prov[p]) * _PROVINSI_PENGIRIM.get(p, 0.4) for p in provs]
        rng = self.rng
        for codes in per_prov.values():
            rng.shuffle(codes)
        chosen: list[tuple[str, str]] = []
        # every province at least one village when there are enough, then by weight
        if n >= len(provs):
            chosen += [per_prov[p].pop() for p in provs]
        while len(chosen) < n:
            p = rng.choices(provs, weights)[0]
            if per_prov[p]:
                chosen.append(per_prov[p].pop())
            else:
                weights[provs.index(p)] = 0
        chosen.sort()
        return [(kode, nm, nama[kode[:8]], nama[kode[:5]], nama[kode[:2]]) for kode, nm in chosen]

    def desa(self, n: int) -> list[_Desa]:
        rng = self.rng
        negara_id = self._negara_ids()
        villages: list[bulk.DesaBaru] = []
        codes = self._kode_desa(n)
        for kode, nama, kec, kab, prov in codes:
            tahun = rng.choice(range(2016, self.today.year))
            laki = rng.random() < 0.8
            petugas = [
                {
                    "nama": _nama(rng, rng.random() < 0.5),
                    "peran": PeranPetugas.PETUGAS.value,
                    "telepon": _telepon(rng),
                    "sk_nomor": f"141/{rng.randrange(10, 999)}/{tahun}",
                    "sk_tanggal": date(tahun, rng.randrange(1, 13), rng.randrange(1, 29)),
                }
            ]
            if rng.random() < 0.3:
                petugas.append(
                    {
                        "nama": _nama(rng, rng.random() < 0.5),
                        "peran": PeranPetugas.PENDAMPING.value,
                        "telepon": _telepon(rng),
                        "sk_nomor": "",
                        "sk_tanggal": None,
                    }
                )
            penduduk = rng.randrange(1500, 12000)
            statistik = []
            for th in self.years:
                pl, pp = rng.randrange(10, 250), rng.randrange(20, 500)
                aktif = pl + pp
                tujuan = rng.sample(_NEGARA, 3)  # 40%, 30% and 20% of the active migrants
                negara = {negara_id[n]: aktif * (4 - k) // 10 for k, n in enumerate(tujuan)}
                statistik.append(
                    bulk.StatistikBaru(
                        {
                            "tahun": th,
                            "jumlah_penduduk": penduduk + (th - self.years[0]) * 30,
                            "jumlah_kk": penduduk // 3,
                            "pmi_aktif_l": pl,
                            "pmi_aktif_p": pp,
                            "cpmi": rng.randrange(0, 60),
                            "pmi_purna": rng.randrange(0, 300),
                        },
                        negara,
                    )
                )
            aset = []
            if rng.random() < 0.4:
                jenis = rng.choice(list(JenisAset))
                aset.append(
                    {
                        "jenis": jenis.value,
                        "nama": f"{jenis.label} {nama}",
                        "jumlah_anggota": rng.randrange(10, 60),
                        "modal": Decimal(rng.randrange(5, 200) * 500_000),
                    }
                )
            villages.append(
                bulk.DesaBaru(
                    {
                        "kode_wilayah": kode,
                        "nama": nama,
                        "kecamatan": kec,
                        "kabkota": kab,
                        "provinsi": prov,
                        "tahun_penetapan": tahun,
                        "status": (
                            StatusDesa.NONAKTIF if rng.random() < 0.05 else StatusDesa.AKTIF
                        ).value,
                        "kepala_desa": _nama(rng, laki),
                        "alamat_layanan": f"Kantor Desa {nama}, Kec. {kec}",
                    },
                    petugas=petugas,
                    statistik=statistik,
                    aset=aset,
                )
            )
        with self._transaksi() as uow:
            ids = bulk.insert_desa(uow, villages)
        # Pareto sizes: a few large villages, most small
        weights = [rng.paretovariate(1.3) for _ in ids]
        self.counts["desa"] = len(ids)
        rows = zip(ids, codes, weights, strict=True)
        return [_Desa(i, kode, nama, w) for i, (kode, nama, *_), w in rows]

    def _negara_ids(self) -> dict[str, int]:
        with UnitOfWork(self.db) as uow:
            return dict(uow.session.execute(select(m.Negara.nama, m.Negara.id)).all())

    # ------------------------------------------------------------------ budget

    def anggaran(self, desa: list[_Desa], n: int) -> None:
        """The fiscal years, their activities (written a batch at a time) and the pagu."""
        with UnitOfWork(self.db) as uow:
            sumber_id = dict(uow.session.execute(select(m.SumberDana.nama, m.SumberDana.id)).all())
        sumber = [sumber_id[nama] for nama, _ in _SUMBER]
        planned: dict[tuple[int, str, int], int] = {}
        kegiatan = realisasi = 0
        with self._transaksi() as uow:
            uow.session.add_all(m.TahunAnggaran(tahun=tahun) for tahun in self.years)
            batch: list[bulk.KegiatanBaru] = []
            for keg in self._kegiatan(desa, n, sumber, planned):
                batch.append(keg)
                if len(batch) == bulk.BATCH:
                    bulk.insert_kegiatan(uow, batch)
                    self.progress.advance(len(batch))
                    kegiatan += len(batch)
                    realisasi += sum(len(a.realisasi) for a in batch)
                    batch = []
            bulk.insert_kegiatan(uow, batch)
            kegiatan += len(batch)
            realisasi += sum(len(a.realisasi) for a in batch)
            self.progress.advance(len(batch))
            rng = self.rng
            pagu = [
                (t, pv, sid, Decimal(math.ceil(total * rng.uniform(1.05, 1.3) / 1e6) * 1_000_000))
                for (t, pv, sid), total in sorted(planned.items())
            ]
            bulk.insert_pagu(uow, pagu)
        self.counts["tahun_anggaran"] = len(self.years)
        self.counts["pagu"] = len(pagu)
        self.counts["kegiatan"] = kegiatan
        self.counts["realisasi"] = realisasi

    def _kegiatan(
        self,
        desa: list[_Desa],
        n: int,
        sumber: list[int],
        planned: dict[tuple[int, str, int], int],
    ) -> Iterator[bulk.KegiatanBaru]:
        """``n`` activities over the fiscal years (the busy villages get more of them, a
        tenth are district-wide), adding their budgets to ``planned``."""
        rng = self.rng
        sumber_bobot = [b for _, b in _SUMBER]
        pilar = list(Pilar)
        bobot_desa = [d.bobot for d in desa]
        q_now = (self.today.month - 1) // 3 + 1
        nomor: dict[tuple[int, str], int] = {}
        for tahun, count in zip(
            self.years, _weighted_split(n, [1.0] * len(self.years)), strict=True
        ):
            village_of = rng.choices(desa, bobot_desa, k=count)
            for i in range(count):
                p = rng.choices(pilar, _PILAR_BOBOT)[0]
                d = village_of[i] if rng.random() < 0.9 else None
                nama, satuan, (lo, hi) = rng.choice(_KEGIATAN[p])
                if d is None:
                    nama = nama.replace(" Desa {desa}", "").replace(" {desa}", "")
                else:
                    nama = nama.format(desa=d.nama)
                key = (tahun, p.value)
                nomor[key] = nomor.get(key, 0) + 1
                sid = rng.choices(sumber, sumber_bobot)[0]
                anggaran = rng.randrange(10, 240) * 250_000
                tw = rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]
                volume = rng.randrange(lo, hi + 1)
                bulan = (tw - 1) * 3 + rng.randrange(1, 4) if rng.random() < 0.5 else None
                planned[(tahun, p.value, sid)] = planned.get((tahun, p.value, sid), 0) + anggaran
                akhir = 4 if tahun < self.today.year else q_now
                yield bulk.KegiatanBaru(
                    {
                        "kode": f"{tahun}-{p.value}-{nomor[key]:03d}",
                        "tahun": tahun,
                        "pilar": p.value,
                        "desa_id": d.id if d else None,
                        "nama": nama[:250],
                        "deskripsi": "",
                        "volume": Decimal(volume),
                        "satuan": satuan,
                        "triwulan": str(tw),
                        "bulan": bulan,
                        "anggaran": Decimal(anggaran),
                        "sumber_dana_id": sid,
                        "penanggung_jawab": _nama(rng, rng.random() < 0.5),
                    },
                    self._realisasi(tw, akhir, anggaran, volume, tahun < self.today.year),
                )

    def _realisasi(
        self, tw: int, akhir: int, anggaran: int, volume: int, selesai: bool
    ) -> list[dict[str, Any]]:
        """Quarterly realisation of an activity planned in quarter ``tw``, up to quarter
        ``akhir``: mostly within budget, a few cancelled, a few over (and flagged)."""
        rng = self.rng
        quarters = list(range(tw, akhir + 1))
        if not quarters or rng.random() < 0.1:
            return []
        if rng.random() < 0.04:
            return [
                {
                    "triwulan": str(quarters[0]),
                    "jumlah": Decimal(0),
                    "volume": Decimal(0),
                    "status": StatusKegiatan.BATAL.value,
                    "keterangan": "Dibatalkan karena refocusing anggaran",
                    "melebihi_rencana": False,
                }
            ]
        over = rng.random() < 0.02
        share = rng.uniform(1.01, 1.15) if over else rng.uniform(0.55, 1.0)
        total = int(anggaran * share) // 1000 * 1000
        parts = _weighted_split(total // 1000, [rng.random() + 0.2 for _ in quarters])
        vol = _weighted_split(min(volume, round(volume * share)), [1.0] * len(quarters))
        out = []
        for i, (q, amount, v) in enumerate(zip(quarters, parts, vol, strict=True)):
            last = i == len(quarters) - 1
            status = StatusKegiatan.SELESAI if last and selesai else StatusKegiatan.BERJALAN
            out.append(
                {
                    "triwulan": str(q),
                    "jumlah": Decimal(amount * 1000),
                    "volume": Decimal(v),
                    "status": status.value,
                    "keterangan": "",
                    "melebihi_rencana": over,
                }
            )
        return out

    # ------------------------------------------------------------------ parenting

    def parenting(self, desa: list[_Desa], participants: int, attendance: int) -> None:
        people = _weighted_split(participants, [d.bobot for d in desa], minimum=3)
        marks = _weighted_split(attendance, [float(p) for p in people])
        with UnitOfWork(self.db) as uow:
            known = {t.casefold() for t in uow.session.scalars(select(m.TopikParenting.nama))}
            top = uow.session.scalar(select(func.max(m.TopikParenting.urutan))) or 0
            for t in _TOPIK:
                if t.casefold() not in known:
                    top += 1
                    uow.session.add(m.TopikParenting(nama=t, urutan=top))
            uow.commit()
        start = date(self.years[0], 1, 7)
        span = max(1, (self.today - start).days)
        totals = {"peserta": 0, "pertemuan": 0, "kehadiran": 0}
        for first in range(0, len(desa), _DESA_PER_TAHAP):
            part = range(first, min(first + _DESA_PER_TAHAP, len(desa)))
            with self._transaksi() as uow:
                rows: list[tuple[Any, ...]] = []
                for i in part:
                    rows += self._peserta(desa[i], people[i])
                pids = bulk.insert_rows(uow, m.Peserta, _PESERTA, rows)
                del rows
                sessions: list[tuple[Any, ...]] = []
                groups: list[list[int]] = []
                at = 0
                for i in part:
                    own = list(pids[at : at + people[i]])
                    at += people[i]
                    s, g = self._sesi(desa[i], own, marks[i], start, span)
                    sessions += s
                    groups += g
                sids = bulk.insert_rows(uow, m.Pertemuan, _PERTEMUAN, sessions)
                n = bulk.insert_kehadiran(uow, self._tanda(sids, groups))
            totals["peserta"] += len(pids)
            totals["pertemuan"] += len(sids)
            totals["kehadiran"] += n
            self.progress.advance(n)
        self.counts.update(totals)

    def _peserta(self, d: _Desa, n: int) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        # no two alike: (name, birth date) unique, and a name without a birth date unique
        # in the village, as the attendance import needs to tell people apart
        pasangan: set[tuple[str, date | None]] = set()
        nama_saja: set[str] = set()
        tanpa_lahir: set[str] = set()
        made = 0
        while made < n:
            roll = rng.random()
            if roll < 0.5:
                kategori, laki = "anak", rng.random() < 0.5
                lahir: date | None = date(2008, 1, 1) + timedelta(days=rng.randrange(14 * 365))
            elif roll < 0.8:
                laki = rng.random() < 0.2
                kategori = "ayah" if laki else "ibu"
                lahir = date(1972, 1, 1) + timedelta(days=rng.randrange(28 * 365))
            elif roll < 0.95:
                laki = rng.random() < 0.4
                kategori = rng.choice(["wali", "kakek" if laki else "nenek"])
                lahir = date(1945, 1, 1) + timedelta(days=rng.randrange(30 * 365))
            else:
                kategori, laki = "kader", rng.random() < 0.3
                lahir = date(1975, 1, 1) + timedelta(days=rng.randrange(25 * 365))
            if rng.random() < 0.05:
                lahir = None
            nama = _nama(rng, laki)
            if (nama, lahir) in pasangan or nama in tanpa_lahir:
                continue
            if lahir is None:
                if nama in nama_saja:
                    continue
                tanpa_lahir.add(nama)
            pasangan.add((nama, lahir))
            nama_saja.add(nama)
            anak = kategori == "anak"
            luar = rng.choice(["ibu", "ibu", "ayah", "keduanya", ""]) if anak else ""
            setuju = anak and rng.random() < 0.85
            made += 1
            yield (
                d.id,
                nama,
                "L" if laki else "P",
                lahir,
                kategori,
                f"SD Negeri {rng.randrange(1, 6)} {d.nama}" if anak else "",
                str(rng.randrange(1, 7)) if anak else "",
                luar,
                rng.choice(_NEGARA[:4]) if luar else "",
                _nama(rng, False) if setuju else "",
                "Ibu" if setuju else "",
                date(self.years[0], 1, 2) + timedelta(days=rng.randrange(300)) if setuju else None,
            )

    def _sesi(
        self, d: _Desa, pids: list[int], marks: int, start: date, span: int
    ) -> tuple[list[tuple[Any, ...]], list[list[int]]]:
        """The village's sessions and who came to each (``marks`` marks in all)."""
        rng = self.rng
        n_people = len(pids)
        if marks == 0 or n_people == 0:
            return [], []
        size = min(n_people, _UKURAN_KELOMPOK)
        count = math.ceil(marks / size)
        most = span * len(_TOPIK)  # one session per topic per day at most
        if count > most:
            size = min(n_people, math.ceil(marks / most))
            count = math.ceil(marks / size)
        sizes = _weighted_split(marks, [1.0] * count)
        order = pids[:]
        rng.shuffle(order)
        fasilitator = _nama(rng, rng.random() < 0.3)
        offset = rng.randrange(len(_TOPIK))
        sessions, groups = [], []
        at = 0
        for k, k_size in enumerate(sizes):
            tanggal = start + timedelta(days=k * span // count)
            topik = _TOPIK[(k + offset) % len(_TOPIK)]
            sessions.append((d.id, tanggal, topik, fasilitator, f"Balai Desa {d.nama}", ""))
            group = [order[(at + j) % n_people] for j in range(k_size)]
            at += k_size
            group.sort()
            groups.append(group)
        return sessions, groups

    def _tanda(
        self, sids: Sequence[int], groups: list[list[int]]
    ) -> Iterator[tuple[int, int, str]]:
        r = self.rng.random
        for sid, group in zip(sids, groups, strict=True):
            for pid in group:
                x = r()
                yield sid, pid, "H" if x < 0.82 else "I" if x < 0.89 else "S" if x < 0.95 else "A"

    def selesai(self) -> None:
        with UnitOfWork(self.db) as uow:
            mode_impor(uow)
            catat_impor(
                uow,
                tabel="desa",
                judul="Data sintetis skala nasional (bench/generate.py) diisikan",
                jumlah=sum(self.counts.values()),
                rincian=dict(self.counts),
            )
            uow.commit()
        with self.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")


_PESERTA = (
    "desa_id",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "kategori",
    "sekolah",
    "kelas",
    "orang_tua_di_luar_negeri",
    "negara_orang_tua",
    "persetujuan_oleh",
    "persetujuan_hubungan",
    "persetujuan_tanggal",
)
_PERTEMUAN = ("desa_id", "tanggal", "topik", "fasilitator", "tempat", "catatan")


def generate(
    path: str | Path,
    *,
    villages: int,
    participants: int,
    attendance: int,
    activities: int,
    seed: int = 0,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Build the database at ``path`` (a new file) and return its row counts.

    Refuses an existing database that holds villages. ``progress`` is advanced by the
    activities and the attendance marks written; ``log`` gets one line per phase.
    """
    path = Path(path)
    say = log or (lambda _line: None)
    progress = progress or NullProgress()
    if villages < 1 or min(participants, attendance, activities) < 0:
        raise ValueError("villages must be at least 1 and the other sizes not negative")
    if attendance and not participants:
        raise ValueError("attendance marks need participants")
    db = open_database(path, backup=False)
    try:
        with UnitOfWork(db) as uow:
            if uow.session.scalar(select(func.count()).select_from(m.Desa)):
                raise ValueError(f"{path} already holds villages; give a new file")
        gen = _Generator(db, seed, progress, say)
        progress.set_total(activities + attendance, "Membuat data sintetis…")
        t0 = time.perf_counter()
        with gc_ditunda():
            _isi(gen, villages, participants, attendance, activities, say, t0)
        return dict(gen.counts)
    finally:
        db.close()


def _isi(
    gen: _Generator,
    villages: int,
    participants: int,
    attendance: int,
    activities: int,
    say: Callable[[str], None],
    t0: float,
) -> None:
    """Every part of the database, in order (a village's rows before what refers to it)."""
    gen.kantor()
    desa = gen.desa(villages)
    say(f"  {villages} desa: {time.perf_counter() - t0:.1f} s")
    gen.anggaran(desa, activities)
    say(f"  {activities} kegiatan: {time.perf_counter() - t0:.1f} s")
    gen.parenting(desa, participants, attendance)
    say(f"  {participants} peserta, {attendance} tanda hadir: {time.perf_counter() - t0:.1f} s")
    gen.selesai()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--villages", type=int, required=True)
    p.add_argument("--participants", type=int, required=True)
    p.add_argument("--attendance", type=int, required=True)
    p.add_argument("--activities", type=int, required=True)
    p.add_argument("--db", required=True, metavar="FILE")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    counts = generate(
        args.db,
        villages=args.villages,
        participants=args.participants,
        attendance=args.attendance,
        activities=args.activities,
        seed=args.seed,
        log=print,
    )
    dt = time.perf_counter() - t0
    print(f"{args.db}: generated in {dt:.1f} s")
    for name, n in counts.items():
        print(f"  {name:15} {n:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
