"""The floors: the same work done with the raw libraries, no application code.

* :func:`import_floor`: python-calamine reads the Kehadiran sheet, sqlite3 executemany
  writes its rows into a plain table of the database copy, one transaction.
* :func:`rekap_pandas`: the recap workbook's rows read with sqlite3, written with pandas
  ``DataFrame.to_excel(engine="openpyxl")`` (three sheets, as the app writes).
* :func:`rekap_canvas`: the recap PDF's rows drawn on a reportlab canvas (grid, header on
  every page, zebra rows, same font and paper): the lower bound of a PDF table.
* :func:`quarterly`: the SQL aggregation queries the quarterly report needs, fetched.

Only the region-list resources helper of the app is used (to find the bundled fonts).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

KATEGORI_LABEL = {
    "anak": "Anak",
    "ayah": "Ayah",
    "ibu": "Ibu",
    "kakek": "Kakek",
    "nenek": "Nenek",
    "wali": "Wali/Pengasuh",
    "kader": "Kader",
}


def checkpoint(path: str) -> None:
    """Fold the WAL into the file, so that the file can be copied as it is."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# --------------------------------------------------------------------------- import


def import_floor(db: str, xlsx: str) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(xlsx)
    data = wb.get_sheet_by_name("Kehadiran").to_python(skip_empty_area=True)
    header = [str(h).strip().casefold() for h in data[0]]
    order = [
        header.index(h)
        for h in (
            "kode wilayah",
            "tanggal",
            "topik",
            "fasilitator",
            "nama peserta",
            "jenis kelamin",
            "tanggal lahir",
            "kategori",
            "status",
        )
    ]

    def value(v: object) -> object:
        if isinstance(v, date):
            return v.isoformat()
        return v if v != "" else None

    rows = [tuple(value(r[i]) for i in order) for r in data[1:]]
    conn = sqlite3.connect(db)
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_kehadiran_mentah (kode_wilayah TEXT,"
            " tanggal TEXT, topik TEXT, fasilitator TEXT, nama TEXT, jenis_kelamin TEXT,"
            " tanggal_lahir TEXT, kategori TEXT, status TEXT)"
        )
        with conn:
            conn.executemany(
                "INSERT INTO bench_kehadiran_mentah VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
    finally:
        conn.close()
    return len(rows)


# --------------------------------------------------------------------------- the recap rows


def _iso(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def recap_rows(db: str, kode: str) -> dict[str, Any]:
    """What the recap of village ``kode`` holds, read with plain SQL (all sessions)."""
    conn = sqlite3.connect(db)
    try:
        desa_id, nama_desa = conn.execute(
            "SELECT id, nama FROM desa WHERE kode_wilayah = ?", (kode,)
        ).fetchone()
        sesi = [
            (sid, _iso(tgl), topik, fas or "", tempat or "")
            for sid, tgl, topik, fas, tempat in conn.execute(
                "SELECT id, tanggal, topik, fasilitator, tempat FROM pertemuan"
                " WHERE desa_id = ? ORDER BY tanggal, id",
                (desa_id,),
            )
        ]
        marks: dict[tuple[int, int], str] = {}
        for pid, sid, status in conn.execute(
            "SELECT k.peserta_id, k.pertemuan_id, k.status FROM kehadiran k"
            " JOIN pertemuan s ON s.id = k.pertemuan_id WHERE s.desa_id = ?",
            (desa_id,),
        ):
            marks[(pid, sid)] = status
        marked = {pid for pid, _ in marks}
        peserta = [
            (pid, nama, jk, kat, _iso(lahir))
            for pid, nama, jk, kat, lahir, aktif in conn.execute(
                "SELECT id, nama, jenis_kelamin, kategori, tanggal_lahir, aktif FROM peserta"
                " WHERE desa_id = ?",
                (desa_id,),
            )
            if aktif or pid in marked
        ]
    finally:
        conn.close()
    peserta.sort(key=lambda p: (p[3] == "kader", p[1].casefold()))
    return {"kode": kode, "desa": nama_desa, "sesi": sesi, "marks": marks, "peserta": peserta}


def _counts(statuses: Sequence[str | None]) -> list[int]:
    h = statuses.count("H")
    i = statuses.count("I")
    s = statuses.count("S")
    a = statuses.count("A")
    return [h, i, s, a, h + i + s + a]


def rekap_pandas(db: str, kode: str, out: str) -> int:
    import pandas as pd

    data = recap_rows(db, kode)
    sesi, marks, peserta = data["sesi"], data["marks"], data["peserta"]
    sids = [s[0] for s in sesi]
    rekap = []
    for no, (pid, nama, jk, kat, _lahir) in enumerate(peserta, start=1):
        tanda = [marks.get((pid, sid)) for sid in sids]
        c = _counts(tanda)
        rekap.append(
            [
                no,
                nama,
                jk,
                KATEGORI_LABEL[kat],
                *[t or "" for t in tanda],
                *c,
                round(c[0] / c[4], 6) if c[4] else None,
            ]
        )
    sesi_cols = [f"{i}. {s[1]:%d/%m/%Y}" for i, s in enumerate(sesi, start=1)]
    cols = ["No", "Nama Peserta", "L/P", "Kategori", *sesi_cols]
    cols += ["H", "I", "S", "A", "Jumlah", "Tingkat Kehadiran"]
    pertemuan = []
    for no, (sid, tgl, topik, fas, tempat) in enumerate(sesi, start=1):
        c = _counts([marks.get((p[0], sid)) for p in peserta])
        pertemuan.append([no, tgl, topik, fas, tempat, *c, round(c[0] / c[4], 6) if c[4] else None])
    kehadiran = []
    for sid, tgl, topik, fas, _tempat in sesi:
        for pid, nama, jk, kat, lahir in peserta:
            status = marks.get((pid, sid))
            if status:
                kehadiran.append(
                    [kode, tgl, topik, fas or None, nama, jk, lahir, KATEGORI_LABEL[kat], status]
                )
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame(rekap, columns=cols).to_excel(writer, sheet_name="Rekap", index=False)
        pd.DataFrame(
            pertemuan,
            columns=[
                "Ke-",
                "Tanggal",
                "Topik",
                "Fasilitator",
                "Tempat",
                "H",
                "I",
                "S",
                "A",
                "Jumlah",
                "Tingkat Kehadiran",
            ],
        ).to_excel(writer, sheet_name="Pertemuan", index=False)
        pd.DataFrame(
            kehadiran,
            columns=[
                "Kode Wilayah",
                "Tanggal",
                "Topik",
                "Fasilitator",
                "Nama Peserta",
                "Jenis Kelamin",
                "Tanggal Lahir",
                "Kategori",
                "Status",
            ],
        ).to_excel(writer, sheet_name="Kehadiran", index=False)
    return len(kehadiran)


def _persen(h: int, n: int) -> str:
    return "-" if not n else f"{100 * h / n:.2f}%".replace(".", ",")


def rekap_canvas(db: str, kode: str, out: str) -> int:
    """Draw the recap's participant table and session table: text, grid, header on every
    page, zebra fill, page numbers. Landscape A4, Liberation Sans 8.5 pt as the app."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from desmig_desktop import resources

    for face, suffix in (("Regular", ""), ("Bold", "-Bold")):
        name = "LiberationSans" + suffix
        if name not in pdfmetrics.getRegisteredFontNames():
            file = resources.path("fonts", f"LiberationSans-{face}.ttf")
            pdfmetrics.registerFont(TTFont(name, str(file)))
    data = recap_rows(db, kode)
    sesi, marks, peserta = data["sesi"], data["marks"], data["peserta"]
    sids = [s[0] for s in sesi]
    n = len(sesi)
    per_sesi = 0 < n <= 16
    page_w, page_h = landscape(A4)
    left, right, top, bottom = 20 * mm, 15 * mm, 15 * mm, 18 * mm
    width = page_w - left - right
    row_h = 14.5
    grey, zebra, grid = (
        colors.HexColor("#D9D9D9"),
        colors.HexColor("#F3F3F3"),
        colors.HexColor("#7F7F7F"),
    )
    c = Canvas(out, pagesize=(page_w, page_h))
    page = [1]

    def new_page() -> float:
        c.setFont("LiberationSans", 8)
        c.drawRightString(page_w - right, bottom / 2, f"Halaman {page[0]}")
        c.showPage()
        page[0] += 1
        return page_h - top

    def table(
        header: list[str], weights: list[float], align: str, rows: list[list[str]], y: float
    ) -> float:
        scale = width / sum(weights)
        widths = [w * scale for w in weights]
        xs = [left]
        for w in widths:
            xs.append(xs[-1] + w)

        def draw_header(y: float) -> float:
            c.setFillColor(grey)
            c.rect(left, y - row_h, width, row_h, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setFont("LiberationSans-Bold", 8.5)
            for col, text in enumerate(header):
                c.drawCentredString((xs[col] + xs[col + 1]) / 2, y - row_h + 4.5, text)
            return y - row_h

        def grid_lines(y_top: float, y_end: float, count: int) -> None:
            c.setStrokeColor(grid)
            c.setLineWidth(0.4)
            for x in xs:
                c.line(x, y_top, x, y_end)
            for k in range(count + 1):
                yy = y_top - k * row_h
                c.line(left, yy, left + width, yy)

        y_top = y
        y = draw_header(y)
        drawn = 1
        for i, row in enumerate(rows):
            if y - row_h < bottom:
                grid_lines(y_top, y, drawn)
                y = y_top = new_page()
                y = draw_header(y)
                drawn = 1
            if i % 2:
                c.setFillColor(zebra)
                c.rect(left, y - row_h, width, row_h, stroke=0, fill=1)
                c.setFillColor(colors.black)
            c.setFont("LiberationSans", 8.5)
            base = y - row_h + 4.5
            for col, text in enumerate(row):
                a = align[col]
                if a == "L":
                    c.drawString(xs[col] + 3, base, text)
                elif a == "R":
                    c.drawRightString(xs[col + 1] - 3, base, text)
                else:
                    c.drawCentredString((xs[col] + xs[col + 1]) / 2, base, text)
            y -= row_h
            drawn += 1
        grid_lines(y_top, y, drawn)
        return y

    header = ["No", "Nama", "L/P", "Kategori"]
    weights: list[float] = [8, 52, 8, 24]
    if per_sesi:
        header += [str(i) for i in range(1, n + 1)]
        weights += [max(6.0, min(9.0, 110 / n))] * n
    header += ["H", "I", "S", "A", "Jumlah", "Tingkat"]
    weights += [9, 9, 9, 9, 13, 19]
    rows = []
    total = [0, 0, 0, 0, 0]
    for no, (pid, nama, jk, kat, _lahir) in enumerate(peserta, start=1):
        tanda = [marks.get((pid, sid)) for sid in sids]
        k = _counts(tanda)
        total = [a + b for a, b in zip(total, k, strict=True)]
        row = [str(no), nama, jk, KATEGORI_LABEL[kat]]
        if per_sesi:
            row += [t or "-" for t in tanda]
        row += [*(str(v) for v in k), _persen(k[0], k[4])]
        rows.append(row)
    rows.append(
        [
            "",
            "JUMLAH",
            "",
            "",
            *([""] * (n if per_sesi else 0)),
            *(str(v) for v in total),
            _persen(total[0], total[4]),
        ]
    )
    align = "CLCL" + ("C" * n if per_sesi else "") + "RRRRRR"
    y = page_h - top - 40 * mm  # room for the letterhead and the title
    y = table(header, weights, align, rows, y)
    sesi_rows = []
    for no, (sid, tgl, topik, fas, _tempat) in enumerate(sesi, start=1):
        k = _counts([marks.get((p[0], sid)) for p in peserta])
        sesi_rows.append(
            [str(no), f"{tgl:%d/%m/%Y}", topik, fas, *(str(v) for v in k), _persen(k[0], k[4])]
        )
    if y - 3 * row_h < bottom:
        y = new_page()
    table(
        ["Ke-", "Tanggal", "Topik", "Fasilitator", "H", "I", "S", "A", "Jumlah", "Tingkat"],
        [9, 20, 90, 45, 9, 9, 9, 9, 13, 19],
        "CLLLRRRRRR",
        sesi_rows,
        y - 20,
    )
    c.setFont("LiberationSans", 8)
    c.drawRightString(page_w - right, bottom / 2, f"Halaman {page[0]}")
    c.showPage()
    c.save()
    return len(rows) + len(sesi_rows)


# --------------------------------------------------------------------------- quarterly


def quarterly(db: str, year: int, q: int) -> dict[str, int]:
    """Every figure of the quarterly report, aggregated in SQL and fetched."""
    first = date(year, (q - 1) * 3 + 1, 1)
    last = date(year + 1, 1, 1) if q == 4 else date(year, q * 3 + 1, 1)
    dari, sampai = first.isoformat(), date.fromordinal(last.toordinal() - 1).isoformat()
    conn = sqlite3.connect(db)
    try:
        x = conn.execute
        x("SELECT tahun FROM tahun_anggaran WHERE tahun = ?", (year,)).fetchall()
        x("SELECT id, nama, urutan FROM sumber_dana").fetchall()
        x("SELECT pilar, sumber_dana_id, jumlah FROM pagu WHERE tahun = ?", (year,)).fetchall()
        x(
            "SELECT pilar, sumber_dana_id, SUM(anggaran) FROM kegiatan WHERE tahun = ?"
            " GROUP BY pilar, sumber_dana_id",
            (year,),
        ).fetchall()
        x(
            "SELECT k.pilar, k.sumber_dana_id, r.triwulan, SUM(r.jumlah) FROM kegiatan k"
            " JOIN realisasi r ON r.kegiatan_id = k.id WHERE k.tahun = ?"
            " GROUP BY k.pilar, k.sumber_dana_id, r.triwulan",
            (year,),
        ).fetchall()
        pivot = ", ".join(  # the four quarters side by side
            f"MAX(CASE WHEN r.triwulan = '{t}' THEN r.{col} END)"
            for t in "1234"
            for col in ("jumlah", "volume", "status", "keterangan")
        )
        kegiatan = x(
            "WITH r AS (SELECT r.kegiatan_id AS kid, MAX(r.melebihi_rencana) AS melebihi, "
            + pivot
            + " FROM realisasi r JOIN kegiatan k ON k.id = r.kegiatan_id WHERE k.tahun = ?"
            " GROUP BY r.kegiatan_id)"
            " SELECT k.id, k.kode, k.pilar, d.nama, d.kode_wilayah, k.nama, k.volume, k.satuan,"
            " k.triwulan, k.anggaran, s.nama, k.penanggung_jawab, r.* FROM kegiatan k"
            " LEFT JOIN desa d ON d.id = k.desa_id JOIN sumber_dana s ON s.id = k.sumber_dana_id"
            " LEFT JOIN r ON r.kid = k.id WHERE k.tahun = ? ORDER BY k.pilar, k.kode",
            (year, year),
        ).fetchall()
        sesi = "SELECT id FROM pertemuan WHERE tanggal BETWEEN ? AND ?"
        parenting = x(
            "WITH s AS (SELECT id, desa_id FROM pertemuan WHERE tanggal BETWEEN ? AND ?),"
            " m AS (SELECT k.pertemuan_id AS sid, SUM(k.status = 'H') AS h,"
            " SUM(k.status = 'I') AS i, SUM(k.status = 'S') AS s, SUM(k.status = 'A') AS a"
            " FROM kehadiran k WHERE k.pertemuan_id IN (SELECT id FROM s)"
            " GROUP BY k.pertemuan_id)"
            " SELECT d.kode_wilayah, d.nama, COUNT(*), SUM(m.h), SUM(m.i), SUM(m.s), SUM(m.a)"
            " FROM s JOIN desa d ON d.id = s.desa_id LEFT JOIN m ON m.sid = s.id"
            " GROUP BY d.id ORDER BY d.kode_wilayah",
            (dari, sampai),
        ).fetchall()
        x(  # participants with a mark, per village and category
            "SELECT desa_id, kategori, COUNT(*) FROM peserta WHERE id IN"
            f" (SELECT peserta_id FROM kehadiran WHERE pertemuan_id IN ({sesi}))"
            " GROUP BY desa_id, kategori",
            (dari, sampai),
        ).fetchall()
        desa = x(
            "WITH latest AS (SELECT desa_id, MAX(tahun) AS tahun FROM statistik_desa"
            " WHERE tahun <= ? GROUP BY desa_id),"
            " officer AS (SELECT desa_id, MIN(id) AS pid FROM petugas_desa"
            " WHERE aktif AND peran = 'petugas' GROUP BY desa_id)"
            " SELECT d.id, d.kode_wilayah, d.nama, d.kecamatan, d.tahun_penetapan, d.status,"
            " d.kepala_desa, COALESCE(pt.nama, ''), COALESCE(pt.telepon, ''), st.tahun,"
            " st.pmi_aktif_l + st.pmi_aktif_p, st.cpmi, st.pmi_purna FROM desa d"
            " LEFT JOIN latest ON latest.desa_id = d.id"
            " LEFT JOIN statistik_desa st ON st.desa_id = d.id AND st.tahun = latest.tahun"
            " LEFT JOIN officer ON officer.desa_id = d.id"
            " LEFT JOIN petugas_desa pt ON pt.id = officer.pid ORDER BY d.kode_wilayah",
            (year,),
        ).fetchall()
        x(
            "SELECT s.tanggal, s.topik, d.nama FROM pertemuan s JOIN desa d ON d.id = s.desa_id"
            " WHERE s.tanggal BETWEEN ? AND ? AND NOT EXISTS"
            " (SELECT 1 FROM kehadiran k WHERE k.pertemuan_id = s.id) ORDER BY s.tanggal",
            (dari, sampai),
        ).fetchall()
        x(
            "SELECT nama, kode_wilayah FROM desa WHERE status = 'aktif' AND NOT EXISTS"
            " (SELECT 1 FROM statistik_desa st WHERE st.desa_id = desa.id AND st.tahun = ?)"
            " ORDER BY nama",
            (year,),
        ).fetchall()
        x("SELECT * FROM identitas_kantor WHERE id = 1").fetchall()
        x("SELECT * FROM penandatangan WHERE aktif ORDER BY urutan, id").fetchall()
    finally:
        conn.close()
    return {"kegiatan": len(kegiatan), "desa_parenting": len(parenting), "desa": len(desa)}


__all__ = [
    "checkpoint",
    "import_floor",
    "quarterly",
    "recap_rows",
    "rekap_canvas",
    "rekap_pandas",
]
