"""The shipped region list (resources/wilayah) and the helpers in domain/wilayah.py."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from desmig_desktop.domain import wilayah
from desmig_desktop.domain.errors import ValidationError

WILAYAH_DIR = Path(__file__).parents[1] / "resources/wilayah"
WILAYAH_CSV = WILAYAH_DIR / "wilayah.csv.gz"


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str]]:
    """All rows of the shipped file, in file order."""
    return list(wilayah.iter_wilayah_csv(WILAYAH_CSV))


@pytest.fixture(scope="module")
def names(rows: list[tuple[str, str]]) -> dict[str, str]:
    """Code → name."""
    return dict(rows)


# --- the shipped data ------------------------------------------------------------------


def test_companion_files_are_shipped() -> None:
    source = (WILAYAH_DIR / "SOURCE.md").read_text(encoding="utf-8")
    assert "idn-area-data" in source
    assert "4.0.1" in source
    assert "300.2.2-2138" in source
    assert "ODbL 1.0" in source
    assert "sha512-" in source
    licence = (WILAYAH_DIR / "LICENSE-ODbL.md").read_text(encoding="utf-8")
    assert licence.startswith("# Open Database License (ODbL)")


def test_header_and_sorted_unique(rows: list[tuple[str, str]]) -> None:
    with gzip.open(WILAYAH_CSV, "rt", encoding="utf-8", newline="") as fh:
        assert fh.readline() == "kode,nama\n"
    codes = [kode for kode, _ in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes) == 91_599


def test_counts_per_level(rows: list[tuple[str, str]]) -> None:
    counts = Counter(wilayah.level(kode) for kode, _ in rows)
    assert counts == {1: 38, 2: 514, 3: 7_285, 4: 83_762}


def test_counts_per_jenis_desa(rows: list[tuple[str, str]]) -> None:
    counts = Counter(wilayah.jenis_desa(kode) for kode, _ in rows if wilayah.level(kode) == 4)
    assert counts == {"kelurahan": 8_496, "desa": 75_252, "desa adat": 14}
    adat = [kode for kode, _ in rows if wilayah.level(kode) == 4 and kode[-4] == "3"]
    assert all(kode.startswith("91.03.") for kode in adat)  # all in Kabupaten Jayapura


def test_kabupaten_and_kota(rows: list[tuple[str, str]]) -> None:
    kabkota = [nama for kode, nama in rows if wilayah.level(kode) == 2]
    kota = [nama for nama in kabkota if wilayah.is_kota(nama)]
    assert len(kota) == 98
    assert all(nama.startswith("Kabupaten ") for nama in kabkota if not wilayah.is_kota(nama))


def test_every_code_is_valid_and_its_parent_exists(rows: list[tuple[str, str]]) -> None:
    codes = {kode for kode, _ in rows}
    for kode, _ in rows:
        assert wilayah.validate_kode(kode) == kode
        induk = wilayah.parent(kode)
        assert induk is None or induk in codes, kode


def test_names_are_clean(rows: list[tuple[str, str]]) -> None:
    for kode, nama in rows:
        assert nama == nama.strip() and "  " not in nama, kode
        assert nama != nama.lower(), kode  # the 6 lower-case upstream names were fixed


def test_tulungagung_kalidawir(names: dict[str, str]) -> None:
    assert names["35"] == "Jawa Timur"
    assert names["35.04"] == "Kabupaten Tulungagung"
    assert names["35.04.14"] == "Kalidawir"
    assert names["35.04.14.2011"] == "Tunggangri"
    assert names["35.04.14.2016"] == "Betak"
    assert names["35.04.14.2017"] == "Pagersari"
    kalidawir = [kode for kode in names if wilayah.parent(kode) == "35.04.14"]
    assert kalidawir == [f"35.04.14.{n}" for n in range(2001, 2018)]


def test_seven_pagersari(rows: list[tuple[str, str]]) -> None:
    pagersari = [kode for kode, nama in rows if nama == "Pagersari"]
    assert pagersari == [
        "32.06.38.2009",
        "33.08.09.2009",
        "33.22.13.2007",
        "33.23.14.2012",
        "33.24.04.2005",
        "35.04.14.2017",
        "35.07.27.2001",
    ]


def test_name_fixes_and_quoted_names(names: dict[str, str]) -> None:
    assert names["33.07.07.2016"] == "Lamuk"
    assert names["94.05.01.2007"] == "Kibogolome"
    assert names["12.07.28.1007"] == "Lubuk Pakam I,II"  # a comma survives the CSV round trip
    assert 'Ra"as' in names.values()


# --- helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kode", "expected"),
    [("35", 1), ("35.04", 2), ("35.04.14", 3), ("35.04.14.2011", 4), (" 35.04 ", 2)],
)
def test_level(kode: str, expected: int) -> None:
    assert wilayah.level(kode) == expected


@pytest.mark.parametrize(
    ("kode", "expected"),
    [("35", None), ("35.04", "35"), ("35.04.14", "35.04"), ("35.04.14.2011", "35.04.14")],
)
def test_parent(kode: str, expected: str | None) -> None:
    assert wilayah.parent(kode) == expected


@pytest.mark.parametrize(
    ("kode", "expected"),
    [
        ("35.71.01.1001", "kelurahan"),
        ("35.04.14.2011", "desa"),
        ("91.03.01.3007", "desa adat"),
    ],
)
def test_jenis_desa(kode: str, expected: str) -> None:
    assert wilayah.jenis_desa(kode) == expected


def test_jenis_desa_refuses_other_codes() -> None:
    with pytest.raises(ValidationError) as exc:
        wilayah.jenis_desa("35.04.14")
    assert exc.value.message == (
        'Kode wilayah "35.04.14" tidak sah: kode desa/kelurahan berbentuk 35.04.14.2011.'
    )
    with pytest.raises(ValidationError) as exc:
        wilayah.jenis_desa("35.04.14.5011")
    assert exc.value.message == (
        'Kode wilayah "35.04.14.5011" tidak sah: bagian keempat kode desa/kelurahan diawali '
        "1 (kelurahan), 2 (desa) atau 3 (desa adat)."
    )


@pytest.mark.parametrize(
    ("nama", "expected"),
    [
        ("Kota Blitar", True),
        (" kota Blitar", True),
        ("Kabupaten Tulungagung", False),
        ("Kabupaten Kotabaru", False),
        ("Kabupaten Lima Puluh Kota", False),
        ("Kab. Blitar", False),
        ("Kota", False),
    ],
)
def test_is_kota(nama: str, expected: bool) -> None:
    assert wilayah.is_kota(nama) is expected


@pytest.mark.parametrize(
    ("nama", "expected"),
    [
        ("Kabupaten Tulungagung", "Kab. Tulungagung"),
        ("Kabupaten Kep. Siau Tagulandang Biaro", "Kab. Kep. Siau Tagulandang Biaro"),
        ("Kota Blitar", "Kota Blitar"),
        ("Kab. Blitar", "Kab. Blitar"),
        (" Kabupaten Blitar ", "Kab. Blitar"),
        ("Kabupaten", "Kabupaten"),
    ],
)
def test_short_kabkota(nama: str, expected: str) -> None:
    assert wilayah.short_kabkota(nama) == expected


@pytest.mark.parametrize(
    ("raw", "level", "expected"),
    [
        ("35.04.14.2011", None, "35.04.14.2011"),
        ("  35.04.14.2011\n", 4, "35.04.14.2011"),
        ("35. 04 .14", 3, "35.04.14"),
        ("35\u00a0.04", 2, "35.04"),
        ("35", 1, "35"),
    ],
)
def test_validate_kode_normalises_whitespace(raw: str, level: int | None, expected: str) -> None:
    assert wilayah.validate_kode(raw, level) == expected


@pytest.mark.parametrize(
    ("raw", "level", "message"),
    [
        (
            "35.04.14.20",
            4,
            'Kode wilayah "35.04.14.20" tidak sah: kode desa/kelurahan berbentuk 35.04.14.2011.',
        ),
        (
            "35.04",
            3,
            'Kode wilayah "35.04" tidak sah: kode kecamatan berbentuk 35.04.14.',
        ),
        (
            " 3504 ",
            2,
            'Kode wilayah "3504" tidak sah: kode kabupaten/kota berbentuk 35.04.',
        ),
        (
            "35.04.14.2011",
            1,
            'Kode wilayah "35.04.14.2011" tidak sah: kode provinsi berbentuk 35.',
        ),
        (
            "3504142011",
            None,
            'Kode wilayah "3504142011" tidak sah: gunakan bentuk 35 (provinsi), '
            "35.04 (kabupaten/kota), 35.04.14 (kecamatan) atau 35.04.14.2011 (desa/kelurahan).",
        ),
        (
            "35.04.",
            None,
            'Kode wilayah "35.04." tidak sah: gunakan bentuk 35 (provinsi), '
            "35.04 (kabupaten/kota), 35.04.14 (kecamatan) atau 35.04.14.2011 (desa/kelurahan).",
        ),
        ("   ", None, "Kode wilayah belum diisi."),
        (None, 4, "Kode wilayah belum diisi."),
        (
            35.04,
            None,
            'Kode wilayah "35.04" tidak sah: tulis sebagai teks, misalnya 35.04.14.2011.',
        ),
    ],
)
def test_validate_kode_messages(raw: object, level: int | None, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        wilayah.validate_kode(raw, level)
    assert exc.value.message == message
    assert exc.value.field == "Kode wilayah"


def test_validate_kode_cuts_long_input_in_the_message() -> None:
    with pytest.raises(ValidationError) as exc:
        wilayah.validate_kode("x" * 200)
    assert '"' + "x" * 29 + '…"' in exc.value.message


@pytest.mark.parametrize("kode", ["35.4", "35.04.14.2011.1", "\u0663\u0665", "35-04", ""])
def test_helpers_refuse_bad_codes(kode: str) -> None:
    for helper in (wilayah.level, wilayah.parent):
        with pytest.raises(ValidationError):
            helper(kode)


def test_validate_kode_level_out_of_range_is_a_bug() -> None:
    with pytest.raises(ValueError, match=r"level must be 1\.\.4"):
        wilayah.validate_kode("35", 5)


def test_iter_wilayah_csv_reads_quoted_names(tmp_path: Path) -> None:
    path = tmp_path / "w.csv.gz"
    path.write_bytes(gzip.compress(b'kode,nama\n35,Jawa Timur\n53.02.10,"Ra""as, Raya"\n'))
    assert list(wilayah.iter_wilayah_csv(path)) == [
        ("35", "Jawa Timur"),
        ("53.02.10", 'Ra"as, Raya'),
    ]


@pytest.mark.parametrize(
    "content",
    ["code,name\n35,Jawa Timur\n", "", "kode,nama\n35\n", "kode,nama\n35,Jawa Timur,x\n"],
)
def test_iter_wilayah_csv_refuses_foreign_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "w.csv.gz"
    path.write_bytes(gzip.compress(content.encode()))
    with pytest.raises(ValueError):
        list(wilayah.iter_wilayah_csv(path))


def test_domain_module_imports_no_qt_or_sqlalchemy() -> None:
    import ast

    tree = ast.parse(Path(wilayah.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {"PySide6", "sqlalchemy"}
