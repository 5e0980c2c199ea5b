"""`desmig`: the application's services without a window.

Exit status: 0 done; 1 the input or the database was refused (nothing written);
2 bad arguments, or a command that this version does not offer yet.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.exc import OperationalError

from desmig_desktop import __version__, paths
from desmig_desktop.domain.errors import DesmigError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

log = logging.getLogger("desmig_desktop.cli")


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian error lines (exit 2 on bad arguments)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"desmig: argumen tidak sah: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="desmig",
        description="Desmig Desktop tanpa jendela: demo, impor, ekspor, cadangan, pemeriksaan.",
    )
    p.add_argument("--version", action="version", version=f"desmig {__version__}")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="BERKAS", help="berkas basis data SQLite")
    where.add_argument("--db-url", metavar="URL", help="URL basis data (mis. PostgreSQL)")
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)
    sub.required = True

    sub.add_parser("demo", help="isi basis data kosong dengan kabupaten demo")
    sub.add_parser("check", help="periksa keutuhan dan versi skema basis data")

    imp = sub.add_parser("import", help="impor buku kerja (semua atau tidak sama sekali)")
    imp.add_argument("jenis", choices=["villages", "plans", "attendance"])
    imp.add_argument("file", metavar="BERKAS")
    imp.add_argument(
        "--izinkan-melebihi",
        action="store_true",
        help="terima realisasi yang melebihi anggaran kegiatan (ditandai di laporan)",
    )

    exp = sub.add_parser("export", help="ekspor laporan ke xlsx/pdf")
    exp.add_argument(
        "jenis", choices=["quarterly", "plan", "villages", "daftar-hadir", "riwayat"]
    )
    exp.add_argument("--year", type=int)
    exp.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
    exp.add_argument("--xlsx", metavar="BERKAS")
    exp.add_argument("--pdf", metavar="BERKAS")
    exp.add_argument("--village", metavar="KODE")
    exp.add_argument("--date", metavar="YYYY-MM-DD")
    exp.add_argument("--topic", metavar="TOPIK")
    exp.add_argument("--paper", choices=["A4", "F4"], help="ukuran kertas PDF (bawaan: pengaturan)")

    summ = sub.add_parser("summary", help="angka Beranda (serapan, realisasi, kehadiran)")
    summ.add_argument("--year", type=int, required=True)
    summ.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], required=True)
    summ.add_argument("--json", action="store_true")

    bak = sub.add_parser(
        "backup",
        help="cadangkan basis data ke berkas (riwayat perubahan ikut, juga sebagai .xlsx)",
    )
    bak.add_argument("file", metavar="BERKAS")
    bak.add_argument(
        "--tanpa-xlsx-riwayat",
        action="store_true",
        help="jangan tulis buku kerja riwayat perubahan di samping cadangan",
    )

    riw = sub.add_parser("riwayat", help="riwayat perubahan: siapa mengubah apa dan kapan")
    riw.add_argument("--pengguna", metavar="NAMA")
    riw.add_argument("--bagian", metavar="TABEL", help="mis. desa, kegiatan, peserta, kehadiran")
    riw.add_argument("--aksi", choices=["tambah", "ubah", "hapus", "impor", "pulihkan"])
    riw.add_argument("--dari", metavar="YYYY-MM-DD")
    riw.add_argument("--sampai", metavar="YYYY-MM-DD")
    riw.add_argument("--cari", metavar="TEKS")
    riw.add_argument("--batas", type=int, default=50, help="paling banyak N catatan (bawaan 50)")
    riw.add_argument("--json", action="store_true")
    res = sub.add_parser("restore", help="pulihkan basis data dari berkas cadangan")
    res.add_argument("file", metavar="BERKAS")
    return p


def _target(args: argparse.Namespace) -> str | Path:
    if args.db_url:
        return args.db_url
    if args.db:
        return Path(args.db)
    return paths.default_db_path()


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desmig_desktop.db.migrate import open_database

    return open_database(_target(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from desmig_desktop.services.demo import fill_demo
    from desmig_desktop.services.uow import UnitOfWork

    db = _open(args)
    try:
        with UnitOfWork(db) as uow:
            counts = fill_demo(uow)
    finally:
        db.close()
    print(f"Data demo Dinas Tenaga Kerja Kabupaten Tulungagung diisikan ke {db.label}:")
    labels = {
        "desa": "desa Desmigratif",
        "kegiatan": "rencana kegiatan 2024",
        "peserta": "peserta community parenting",
        "pertemuan": "pertemuan",
        "kehadiran": "tanda kehadiran",
    }
    for key, label in labels.items():
        print(f"  {counts[key]:>5} {label}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from desmig_desktop.services.pemeriksaan import periksa_berkas

    if args.db_url and "://" in args.db_url and not args.db_url.startswith("sqlite"):
        print("Pemeriksaan berkas hanya untuk basis data SQLite.", file=sys.stderr)
        return EXIT_USAGE
    target = _target(args)
    if isinstance(target, str):
        from desmig_desktop.db.migrate import make_url_path

        target = make_url_path(target)
    hasil = periksa_berkas(Path(target))
    print(f"Basis data: {hasil.berkas}")
    print(f"Versi skema: {hasil.revisi or '-'}")
    for line in hasil.catatan:
        print(f"  ok: {line}")
    for line in hasil.masalah:
        print(f"MASALAH: {line}", file=sys.stderr)
    if hasil.baik:
        print("Hasil: basis data baik.")
        return EXIT_OK
    print(f"Hasil: {len(hasil.masalah)} masalah ditemukan.", file=sys.stderr)
    return EXIT_REFUSED


def cmd_backup(args: argparse.Namespace) -> int:
    from desmig_desktop.db.backup import backup_to

    target = _target(args)
    if isinstance(target, Path) and not target.exists():
        print(
            f"desmig: basis data {target} tidak ada; tidak ada yang dicadangkan.", file=sys.stderr
        )
        return EXIT_REFUSED

    db = _open(args)
    try:
        if db.path is None:
            print("Cadangan berkas hanya untuk basis data SQLite.", file=sys.stderr)
            return EXIT_USAGE
        dest = backup_to(db.path, Path(args.file))
        print(f"Cadangan dibuat dan diperiksa: {dest}")
        if not args.tanpa_xlsx_riwayat:
            from desmig_desktop.services.ekspor_riwayat import export_riwayat, path_beside

            written, count = export_riwayat(db, path_beside(dest))
            print(f"Riwayat perubahan ({count} catatan) ikut di cadangan dan ditulis ke {written}")
    finally:
        db.close()
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database with a checked backup; a refused file changes nothing."""
    from desmig_desktop.db.backup import check_backup_file, restore_from

    target = _target(args)
    if isinstance(target, str):
        if not target.startswith("sqlite"):
            print("Pemulihan dari cadangan hanya untuk basis data SQLite.", file=sys.stderr)
            return EXIT_USAGE
        from desmig_desktop.db.migrate import make_url_path

        target = make_url_path(target)
    from desmig_desktop.kunci import lock_holder

    holder = lock_holder(Path(target))
    if holder is not None:
        print(
            f"desmig: basis data {target} sedang dibuka oleh Desmig Desktop (proses {holder}). "
            "Tutup aplikasinya dulu, lalu pulihkan lagi; basis data tidak diubah.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    source = Path(args.file)
    if not source.is_file():
        print(
            f"desmig: berkas cadangan {source} tidak ditemukan; basis data tidak diubah.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        check_backup_file(source)
    except DesmigError as exc:
        print(f"desmig: {exc.message}", file=sys.stderr)
        print("desmig: pemulihan ditolak; basis data tidak diubah.", file=sys.stderr)
        return EXIT_REFUSED
    from desmig_desktop.services.uow import pengguna_aktif

    result = restore_from(source, Path(target), pengguna=pengguna_aktif())
    print(f"Basis data {result.db_path} dipulihkan dari {source}")
    print(f"  ({result.source.ringkasan()}).")
    print(f"Isi basis data sekarang: {result.ringkasan()}.")
    if result.safety_backup is not None:
        print(f"Basis data sebelumnya dicadangkan ke {result.safety_backup}")
    if result.set_aside is not None:
        print(f"Berkas lama yang rusak disimpan sebagai {result.set_aside}")
    if result.riwayat_dilanjutkan:
        print(
            f"{result.riwayat_dilanjutkan} catatan riwayat sesudah cadangan itu dibawa ke "
            "basis data yang dipulihkan."
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desmig_desktop.db.backup import backup_before_import

    source = Path(args.file)
    if not source.is_file():
        print(f"desmig: berkas {source} tidak ditemukan.", file=sys.stderr)
        return EXIT_REFUSED
    if args.jenis == "villages":
        from desmig_desktop.services.impor_desa import import_desa_file

        db = _open(args)
        try:
            backup_before_import(db)
            result = import_desa_file(db, source)
        finally:
            db.close()
        print(
            f"Impor desa dari {source}: {result.rows} baris, {result.created} desa baru, "
            f"{result.updated} desa diperbarui."
        )
        return EXIT_OK
    if args.jenis == "attendance":
        from desmig_desktop.services.impor_kehadiran import import_kehadiran_file

        db = _open(args)
        try:
            backup_before_import(db)
            hadir = import_kehadiran_file(db, source)
        finally:
            db.close()
        print(f"Impor kehadiran dari {source}: {hadir.ringkasan}")
        return EXIT_OK
    from desmig_desktop.services.impor_rencana import import_rencana_file

    db = _open(args)
    try:
        backup_before_import(db)
        r = import_rencana_file(db, source, confirm_over=args.izinkan_melebihi)
    finally:
        db.close()
    print(
        f"Impor rencana dari {source}: {r.pagu} pagu, {r.kegiatan_baru} kegiatan baru, "
        f"{r.kegiatan_diubah} kegiatan diubah, {r.realisasi} realisasi triwulan, "
        f"{r.tidak_berubah} baris tanpa perubahan."
    )
    return EXIT_OK


def _paths_written(paths: tuple[Path, ...]) -> None:
    for p in paths:
        print(f"Ditulis: {p}")


def cmd_export(args: argparse.Namespace) -> int:
    if args.jenis == "riwayat":
        return _export_riwayat(args)
    if args.jenis == "daftar-hadir":
        return _export_daftar_hadir(args)
    if args.jenis == "quarterly":
        return _export_quarterly(args)
    if args.jenis == "plan":
        return _export_plan(args)
    if args.jenis != "villages":
        return cmd_not_yet(args)
    if not (args.xlsx or args.pdf):
        print(f"desmig export {args.jenis}: beri --xlsx dan/atau --pdf.", file=sys.stderr)
        return EXIT_USAGE
    from desmig_desktop.services.ekspor_desa import export_desa

    db = _open(args)
    try:
        result = export_desa(db, xlsx=args.xlsx, pdf=args.pdf, paper=args.paper)
    finally:
        db.close()
    _paths_written(result.paths)
    print(f"{result.count} desa diekspor.")
    return EXIT_OK


def _export_plan(args: argparse.Namespace) -> int:
    if args.year is None or not (args.xlsx or args.pdf):
        print("desmig export plan: beri --year dan --xlsx dan/atau --pdf.", file=sys.stderr)
        return EXIT_USAGE
    from desmig_desktop.services.ekspor_rencana import export_rencana

    db = _open(args)
    try:
        result = export_rencana(db, args.year, xlsx=args.xlsx, pdf=args.pdf, paper=args.paper)
    finally:
        db.close()
    _paths_written(result.paths)
    return EXIT_OK


def _export_quarterly(args: argparse.Namespace) -> int:
    from desmig_desktop.domain.errors import ValidationError
    from desmig_desktop.domain.formatting import parse_tanggal

    if args.year is None or args.quarter is None or not (args.xlsx or args.pdf):
        print(
            "desmig export quarterly: beri --year, --quarter dan --xlsx dan/atau --pdf.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    tanggal = None
    if args.date:
        try:
            tanggal = parse_tanggal(args.date, "--date")
        except ValidationError as exc:
            print(f"desmig: {exc.message}", file=sys.stderr)
            return EXIT_USAGE
    from desmig_desktop.services.ekspor_laporan import export_laporan

    db = _open(args)
    try:
        result = export_laporan(
            db,
            args.year,
            args.quarter,
            xlsx=args.xlsx,
            pdf=args.pdf,
            paper=args.paper,
            tanggal=tanggal,
        )
    finally:
        db.close()
    _paths_written(result.paths)
    if result.cek_count:
        print(f"{result.cek_count} hal pada daftar periksa (lembar Catatan / lampiran PDF).")
    return EXIT_OK


def _export_daftar_hadir(args: argparse.Namespace) -> int:
    from desmig_desktop.domain.errors import ValidationError
    from desmig_desktop.domain.formatting import parse_tanggal

    missing = [
        flag
        for flag, value in (
            ("--village", args.village),
            ("--date", args.date),
            ("--topic", args.topic),
            ("--pdf", args.pdf),
        )
        if not value
    ]
    if missing:
        print(f"desmig export daftar-hadir: {', '.join(missing)} wajib diisi.", file=sys.stderr)
        return EXIT_USAGE
    try:
        tanggal = parse_tanggal(args.date, "--date")
    except ValidationError as exc:
        print(f"desmig: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    from desmig_desktop.services.ekspor_parenting import export_daftar_hadir

    db = _open(args)
    try:
        path = export_daftar_hadir(
            db, args.village, tanggal, args.topic, pdf=args.pdf, paper=args.paper
        )
    finally:
        db.close()
    print(f"Daftar hadir ditulis ke {path}")
    return EXIT_OK


def _number(value: object) -> object:
    """JSON numbers: whole amounts as int, others rounded to two decimals."""
    from decimal import ROUND_HALF_UP, Decimal

    if value is None:
        return None
    assert isinstance(value, Decimal | int)
    d = Decimal(value)
    if d == d.to_integral_value():
        return int(d)
    return float(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def cmd_summary(args: argparse.Namespace) -> int:
    import json

    from desmig_desktop.domain.formatting import (
        format_angka,
        format_persen,
        format_rupiah,
        format_tanggal,
    )
    from desmig_desktop.services.laporan import ringkasan_beranda
    from desmig_desktop.services.uow import UnitOfWork

    db = _open(args)
    try:
        with UnitOfWork(db) as uow:
            r = ringkasan_beranda(uow, args.year, args.quarter)
    finally:
        db.close()
    if args.json:
        data = {
            "tahun": r.tahun,
            "triwulan": r.triwulan,
            "serapan_sd": {k: _number(v) for k, v in r.serapan_sd.items()},
            "realisasi_sd": {k: _number(v) for k, v in r.realisasi_sd.items()},
            "pagu": {k: _number(v) for k, v in r.pagu.items()},
            "attendance_rate": {
                "overall": _number(r.attendance_rate),
                "desa": {k: _number(v) for k, v in r.attendance_rate_desa.items()},
            },
            "checklist": r.checklist,
            "desa_aktif": r.desa_aktif,
            "pmi_aktif": r.pmi_aktif,
            "cpmi": r.cpmi,
            "pmi_purna": r.pmi_purna,
            "peserta": r.peserta,
            "pertemuan": r.pertemuan,
            "batas_laporan": r.batas_laporan.isoformat(),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Ringkasan Triwulan {r.triwulan} Tahun {r.tahun}")
    print(f"{'Pilar':<8}{'Pagu':>20}{'Realisasi s.d.':>20}{'Serapan':>10}")
    for key in ("I", "II", "III", "IV", "total"):
        label = "Jumlah" if key == "total" else key
        print(
            f"{label:<8}{format_rupiah(r.pagu[key]):>20}"
            f"{format_rupiah(r.realisasi_sd[key]):>20}{format_persen(r.serapan_sd[key]):>10}"
        )
    print(f"Kehadiran community parenting: {format_persen(r.attendance_rate)}")
    for kode, rate in r.attendance_rate_desa.items():
        print(f"  {kode}: {format_persen(rate)}")
    print(
        f"Desa aktif {format_angka(r.desa_aktif)}; PMI aktif {format_angka(r.pmi_aktif)}; "
        f"CPMI {format_angka(r.cpmi)}; PMI purna {format_angka(r.pmi_purna)}"
    )
    print(f"Daftar periksa: {r.checklist} hal; batas laporan {format_tanggal(r.batas_laporan)}")
    return EXIT_OK


def _export_riwayat(args: argparse.Namespace) -> int:
    if not args.xlsx or args.pdf:
        print("desmig export riwayat: beri --xlsx BERKAS (hanya ke Excel).", file=sys.stderr)
        return EXIT_USAGE
    from desmig_desktop.services.ekspor_riwayat import export_riwayat

    db = _open(args)
    try:
        written, count = export_riwayat(db, Path(args.xlsx))
    finally:
        db.close()
    _paths_written((written,))
    print(f"{count} catatan riwayat diekspor.")
    return EXIT_OK


def _tanggal_arg(value: str | None, name: str) -> date | None:
    from desmig_desktop.domain.errors import ValidationError
    from desmig_desktop.domain.formatting import parse_tanggal

    if value is None:
        return None
    try:
        return parse_tanggal(value, name)
    except ValidationError as exc:
        raise ValidationError(f"--{name}: {exc.message}", name) from exc


def cmd_riwayat(args: argparse.Namespace) -> int:
    """Print the newest entries of the audit trail matching the filters."""
    import json

    from desmig_desktop.domain.formatting import format_angka
    from desmig_desktop.services.riwayat import TABEL, FilterRiwayat, cari_riwayat, hitung_riwayat
    from desmig_desktop.services.uow import UnitOfWork

    if args.bagian and args.bagian not in TABEL:
        print(
            f"desmig riwayat: bagian {args.bagian!r} tidak dikenal; pilih salah satu: "
            + ", ".join(TABEL),
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.batas < 1:
        print("desmig riwayat: --batas harus 1 atau lebih.", file=sys.stderr)
        return EXIT_USAGE
    f = FilterRiwayat(
        dari=_tanggal_arg(args.dari, "dari"),
        sampai=_tanggal_arg(args.sampai, "sampai"),
        pengguna=args.pengguna,
        tabel=args.bagian,
        aksi=args.aksi,
        teks=args.cari or "",
    )
    db = _open(args)
    try:
        with UnitOfWork(db) as uow:
            total = hitung_riwayat(uow, f)
            entries = cari_riwayat(uow, f, batas=args.batas)
    finally:
        db.close()
    if args.json:
        out = {
            "jumlah": total,
            "catatan": [
                {
                    "id": e.id,
                    "waktu": e.waktu.isoformat(sep=" "),
                    "pengguna": e.pengguna,
                    "aksi": e.aksi,
                    "bagian": e.tabel,
                    "rekaman": e.rekaman,
                    "label": e.label,
                    "perubahan": {
                        p.kolom: p.baru if e.aksi in ("impor", "pulihkan") else [p.lama, p.baru]
                        for p in e.perubahan
                    },
                    "jumlah_baris": e.jumlah,
                }
                for e in entries
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{format_angka(total)} catatan riwayat; {len(entries)} terbaru:")
    for e in entries:
        when = f"{e.waktu:%d/%m/%Y %H.%M.%S}"
        print(f"{when}  {e.pengguna}  {e.aksi_label} {e.tabel_label}: {e.label}")
        for line in e.baris_perubahan():
            print(f"    {line}")
    return EXIT_OK


def cmd_not_yet(args: argparse.Namespace) -> int:
    name = " ".join(str(x) for x in (args.command, getattr(args, "jenis", "")) if x)
    print(f"desmig {name}: belum tersedia di versi {__version__}.", file=sys.stderr)
    return EXIT_USAGE


COMMANDS = {
    "demo": cmd_demo,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "import": cmd_import,
    "export": cmd_export,
    "summary": cmd_summary,
    "riwayat": cmd_riwayat,
}


def main(argv: Sequence[str] | None = None) -> int:
    from desmig_desktop.logsetup import setup_logging

    setup_logging(console=False)
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_not_yet)
    try:
        return handler(args)
    except DesmigError as exc:
        print(f"desmig: {exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    except OperationalError as exc:
        from desmig_desktop.services.uow import environment_error

        log.exception("kesalahan basis data")
        print(f"desmig: {environment_error(exc).message}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("desmig: dibatalkan.", file=sys.stderr)
        return 130
    except Exception:
        log.exception("kesalahan tak terduga pada perintah %s", args.command)
        print(
            f"desmig: kesalahan tak terduga (bug); rincian ada di {paths.log_path()}.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
