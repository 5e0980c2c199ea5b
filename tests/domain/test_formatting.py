"""Tests of desmig_desktop.domain.formatting (numbers, money, dates, terbilang, parsing)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import (
    NAMA_BULAN,
    NAMA_HARI,
    format_angka,
    format_persen,
    format_rupiah,
    format_tanggal,
    format_tanggal_hari,
    format_tanggal_pendek,
    format_tempat_tanggal,
    parse_bilangan_bulat,
    parse_rupiah,
    parse_tanggal,
    persen,
    terbilang,
    terbilang_rupiah,
)

BATAS = 10**15


def _exact(value: Decimal, expected: str) -> None:
    """Assert value and representation (so Decimal('1250000') != Decimal('1250000.00'))."""
    assert isinstance(value, Decimal)
    assert str(value) == expected


# --------------------------------------------------------------------------- format_angka


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (1250000, 0, "1.250.000"),
        (Decimal("1250000.50"), 2, "1.250.000,50"),
        (Decimal("1250000.5"), 2, "1.250.000,50"),
        (-1250000, 0, "-1.250.000"),
        (Decimal("-1250000.5"), 2, "-1.250.000,50"),
        (1234567890123, 0, "1.234.567.890.123"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("1.5"), 0, "2"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.4"), 0, "0"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("28.925"), 2, "28,93"),
        (Decimal("1234.5678"), 3, "1.234,568"),
        (12, 2, "12,00"),
        (1250000.0, 0, "1.250.000"),
        (0.1, 2, "0,10"),
        (1.005, 2, "1,01"),  # repr(1.005) is "1.005": no binary-float surprise
        (Decimal("1E+3"), 0, "1.000"),
        (10**30, 0, "1.000.000.000.000.000.000.000.000.000.000"),
    ],
)
def test_format_angka(value: int | float | Decimal, decimals: int, expected: str) -> None:
    assert format_angka(value, decimals) == expected


@pytest.mark.parametrize("bad", [True, "1000", None, [1]])
def test_format_angka_refuses_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        format_angka(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_format_angka_refuses_non_finite(bad: float | Decimal) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        format_angka(bad)


def test_format_angka_refuses_negative_decimals() -> None:
    with pytest.raises(ValueError, match="decimals"):
        format_angka(1, -1)


# --------------------------------------------------------------------------- format_rupiah


@pytest.mark.parametrize(
    ("amount", "kwargs", "expected"),
    [
        (1250000, {}, "Rp 1.250.000"),
        (Decimal("1250000"), {"decimals": True}, "Rp 1.250.000,00"),
        (1250000, {"space": False}, "Rp1.250.000"),
        (1250000, {"decimals": True, "space": False}, "Rp1.250.000,00"),
        (-25000, {}, "-Rp 25.000"),
        (-25000, {"space": False}, "-Rp25.000"),
        (Decimal("-25000.5"), {"decimals": True}, "-Rp 25.000,50"),
        (0, {}, "Rp 0"),
        (Decimal("0.49"), {}, "Rp 0"),
        (Decimal("0.5"), {}, "Rp 1"),
        (Decimal("1250000.50"), {}, "Rp 1.250.001"),
        (Decimal("1250000.49"), {}, "Rp 1.250.000"),
        (Decimal("-0.4"), {}, "Rp 0"),
        (Decimal("1234567.895"), {"decimals": True}, "Rp 1.234.567,90"),
        (Decimal("1500000"), {"space": False}, "Rp1.500.000"),
        (2950000, {}, "Rp 2.950.000"),
        (1250000.0, {}, "Rp 1.250.000"),
    ],
)
def test_format_rupiah(
    amount: int | float | Decimal, kwargs: dict[str, bool], expected: str
) -> None:
    assert format_rupiah(amount, **kwargs) == expected


def test_format_rupiah_keyword_only() -> None:
    with pytest.raises(TypeError):
        format_rupiah(1, True)  # type: ignore[misc]


# --------------------------------------------------------------------------- persen


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("28.925"), 2, "28,93%"),
        (Decimal("28.924"), 2, "28,92%"),
        (Decimal("100"), 2, "100,00%"),
        (Decimal("0"), 2, "0,00%"),
        (Decimal("28.925"), 0, "29%"),
        (Decimal("33.3333"), 1, "33,3%"),
        (Decimal("-5"), 2, "-5,00%"),
        (Decimal("1250"), 2, "1.250,00%"),
        (None, 2, "-"),
        (None, 0, "-"),
    ],
)
def test_format_persen(value: Decimal | None, decimals: int, expected: str) -> None:
    assert format_persen(value, decimals) == expected


def test_format_persen_default_two_decimals() -> None:
    assert format_persen(Decimal("28.925")) == "28,93%"


def test_persen() -> None:
    assert persen(1, 4) == Decimal(25)
    assert isinstance(persen(1, 4), Decimal)
    assert persen(Decimal("1157"), Decimal("4000")) == Decimal("28.925")
    assert format_persen(persen(1157, 4000)) == "28,93%"
    assert persen(0, 10) == 0
    assert persen(5, 2) == Decimal(250)
    assert persen(1, 3) == Decimal(100) / Decimal(3)


@pytest.mark.parametrize(
    ("part", "whole"), [(5, 0), (0, 0), (Decimal(5), Decimal("0.00")), (None, 5), (5, None)]
)
def test_persen_none(part: int | Decimal | None, whole: int | Decimal | None) -> None:
    assert persen(part, whole) is None
    assert format_persen(persen(part, whole)) == "-"


# --------------------------------------------------------------------------- dates


def test_nama_bulan_dan_hari() -> None:
    assert NAMA_BULAN == (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    )
    assert NAMA_HARI == ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    assert NAMA_HARI[date(2024, 5, 11).weekday()] == "Sabtu"
    assert NAMA_HARI[date(2024, 5, 20).weekday()] == "Senin"


def test_format_tanggal() -> None:
    assert format_tanggal(date(2024, 5, 20)) == "20 Mei 2024"
    assert format_tanggal(date(2024, 1, 1)) == "1 Januari 2024"
    assert format_tanggal(date(2023, 12, 31)) == "31 Desember 2023"
    assert format_tanggal(datetime(2024, 8, 17, 10, 30)) == "17 Agustus 2024"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 5, 11), "Sabtu, 11 Mei 2024"),
        (date(2024, 5, 12), "Minggu, 12 Mei 2024"),
        (date(2024, 5, 13), "Senin, 13 Mei 2024"),
        (date(2024, 5, 17), "Jumat, 17 Mei 2024"),
        (date(1945, 8, 17), "Jumat, 17 Agustus 1945"),
    ],
)
def test_format_tanggal_hari(d: date, expected: str) -> None:
    assert format_tanggal_hari(d) == expected


def test_format_tanggal_pendek() -> None:
    assert format_tanggal_pendek(date(2024, 5, 20)) == "20/05/2024"
    assert format_tanggal_pendek(date(2024, 1, 2)) == "02/01/2024"


def test_format_tempat_tanggal() -> None:
    assert format_tempat_tanggal("Tulungagung", date(2024, 5, 20)) == "Tulungagung, 20 Mei 2024"
    assert format_tempat_tanggal("  Kota  Blitar ", date(2024, 5, 20)) == "Kota Blitar, 20 Mei 2024"


@pytest.mark.parametrize("kota", ["", "   "])
def test_format_tempat_tanggal_tanpa_kota(kota: str) -> None:
    with pytest.raises(ValidationError) as info:
        format_tempat_tanggal(kota, date(2024, 5, 20))
    assert info.value.message == "Kota untuk baris tempat dan tanggal surat belum diisi."
    assert info.value.field == "Kota"


@given(st.dates())
def test_format_tanggal_pendek_round_trip(d: date) -> None:
    assert parse_tanggal(format_tanggal_pendek(d)) == d


# --------------------------------------------------------------------------- terbilang


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1011, "seribu sebelas"),
        (1100, "seribu seratus"),
        (1500, "seribu lima ratus"),
        (2000, "dua ribu"),
        (10000, "sepuluh ribu"),
        (11000, "sebelas ribu"),
        (21000, "dua puluh satu ribu"),
        (100000, "seratus ribu"),
        (101000, "seratus satu ribu"),
        (111000, "seratus sebelas ribu"),
        (1000000, "satu juta"),
        (1001000, "satu juta seribu"),
        (1500000, "satu juta lima ratus ribu"),
        (2950000, "dua juta sembilan ratus lima puluh ribu"),
        (100000000, "seratus juta"),
        (1000000000, "satu miliar"),
        (1000001000, "satu miliar seribu"),
        (11000000001, "sebelas miliar satu"),
        (1000000000000, "satu triliun"),
        (1000000001000, "satu triliun seribu"),
        (
            999999999999999,
            "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh "
            "sembilan miliar sembilan ratus sembilan puluh sembilan juta sembilan ratus "
            "sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
        ),
        (-5000, "minus lima ribu"),
        (-1, "minus satu"),
        (-1000, "minus seribu"),
    ],
)
def test_terbilang(n: int, expected: str) -> None:
    assert terbilang(n) == expected


def test_seratus_ribu_bukan_seribu() -> None:
    assert terbilang(100_000) == "seratus ribu"
    assert terbilang(1_000) == "seribu"
    assert terbilang(100_000) != terbilang(1_000)


@pytest.mark.parametrize("n", [BATAS, -BATAS, 10**18])
def test_terbilang_terlalu_besar(n: int) -> None:
    with pytest.raises(ValidationError) as info:
        terbilang(n)
    assert info.value.message == (
        f'Angka "{format_angka(n)}" terlalu besar untuk ditulis dengan huruf '
        "(terbilang); paling besar 999 triliun."
    )


@pytest.mark.parametrize("bad", [1.0, Decimal(1), "1", True])
def test_terbilang_hanya_int(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (2950000, "dua juta sembilan ratus lima puluh ribu rupiah"),
        (Decimal("2950000"), "dua juta sembilan ratus lima puluh ribu rupiah"),
        (Decimal("2950000.00"), "dua juta sembilan ratus lima puluh ribu rupiah"),
        (Decimal("1500000"), "satu juta lima ratus ribu rupiah"),
        (Decimal("1000.49"), "seribu rupiah"),
        (Decimal("1000.50"), "seribu satu rupiah"),
        (Decimal("0.4"), "nol rupiah"),
        (0, "nol rupiah"),
        (-25000, "minus dua puluh lima ribu rupiah"),
        (1250000.0, "satu juta dua ratus lima puluh ribu rupiah"),
    ],
)
def test_terbilang_rupiah(amount: int | float | Decimal, expected: str) -> None:
    assert terbilang_rupiah(amount) == expected


def test_terbilang_rupiah_terlalu_besar() -> None:
    with pytest.raises(ValidationError) as info:
        terbilang_rupiah(Decimal("999999999999999.5"))
    assert info.value.field == "Jumlah"
    assert info.value.message == (
        "Jumlah Rp 1.000.000.000.000.000 terlalu besar untuk ditulis dengan huruf "
        "(terbilang); paling besar 999 triliun rupiah."
    )


_NILAI_KATA = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SKALA_KATA = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}


def _kata_ke_angka(teks: str) -> int:
    """Independent reader of Indonesian number words (the inverse of terbilang)."""
    kata = teks.split(" ")
    tanda = 1
    if kata[0] == "minus":
        tanda, kata = -1, kata[1:]
    if kata == ["nol"]:
        return 0
    total = kecil = satuan = 0
    for w in kata:
        if w in _NILAI_KATA:
            satuan = _NILAI_KATA[w]
            kecil += satuan
        elif w == "sepuluh":
            kecil += 10
        elif w == "sebelas":
            kecil += 11
        elif w == "belas":
            kecil += 10
        elif w == "puluh":
            kecil += satuan * 9
        elif w == "ratus":
            kecil *= 100
        elif w == "seratus":
            kecil += 100
        elif w == "seribu":
            total += 1000
        elif w in _SKALA_KATA:
            total += kecil * _SKALA_KATA[w]
            kecil = 0
        else:  # pragma: no cover - only on a bug
            raise AssertionError(f"kata tak dikenal: {w!r} in {teks!r}")
    return tanda * (total + kecil)


def test_terbilang_round_trip_exhaustive_small() -> None:
    for n in range(0, 25_000):
        assert _kata_ke_angka(terbilang(n)) == n


@given(st.integers(min_value=-BATAS + 1, max_value=BATAS - 1))
def test_terbilang_round_trip(n: int) -> None:
    kata = terbilang(n)
    assert _kata_ke_angka(kata) == n
    assert "  " not in kata
    assert kata == kata.strip()
    assert not re.search(r"(^|minus |juta |miliar |triliun )satu ribu", kata)
    assert "satu ratus" not in kata
    assert "satu puluh" not in kata
    assert "satu belas" not in kata


@given(st.lists(st.integers(min_value=-BATAS + 1, max_value=BATAS - 1), unique=True, max_size=50))
def test_terbilang_injective(sample: list[int]) -> None:
    assert len({terbilang(n) for n in sample}) == len(sample)


# --------------------------------------------------------------------------- parse_rupiah


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1250000, "1250000"),
        (0, "0"),
        (-25000, "-25000"),
        (Decimal("1250000"), "1250000"),
        (Decimal("1250000.00"), "1250000"),
        (Decimal("1250000.5"), "1250000.50"),
        (Decimal("1.005"), "1.01"),
        (Decimal("1.004"), "1"),
        (Decimal("1E+3"), "1000"),
        (1250000.0, "1250000"),
        (1250000.5, "1250000.50"),
        (0.1, "0.10"),
        (1.005, "1.01"),
        ("Rp 1.250.000", "1250000"),
        ("Rp1.250.000,00", "1250000"),
        ("Rp1.250.000,50", "1250000.50"),
        ("Rp. 1.250.000", "1250000"),
        ("rp 1.250.000", "1250000"),
        ("RP 1.250.000", "1250000"),
        ("Rp 1.250.000,-", "1250000"),
        ("Rp1.250.000,--", "1250000"),
        ("1.250.000,50", "1250000.50"),
        ("1.250.000,5", "1250000.50"),
        ("1250000", "1250000"),
        ("1250000,50", "1250000.50"),
        (" 1 250 000 ", "1250000"),
        ("1 250 000,50", "1250000.50"),
        ("1\u00a0250\u00a0000", "1250000"),
        ("Rp\u00a01.250.000", "1250000"),
        ("-25.000", "-25000"),
        ("\u221225.000", "-25000"),
        ("-Rp 25.000", "-25000"),
        ("- Rp 25.000", "-25000"),
        ("Rp -25.000", "-25000"),
        ("+25.000", "25000"),
        ("1.250", "1250"),
        ("1250000.5", "1250000.50"),
        ("1250000.50", "1250000.50"),
        ("12.50", "12.50"),
        ("0", "0"),
        ("-0", "0"),
        ("0,00", "0"),
        ("999.999.999.999.999,99", "999999999999999.99"),
    ],
)
def test_parse_rupiah(value: object, expected: str) -> None:
    _exact(parse_rupiah(value), expected)


_CONTOH = "contoh: Rp 1.250.000."


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", "abc"),
        ("  abc  ", "abc"),
        ("Rp", "Rp"),
        ("Rp abc", "Rp abc"),
        ("1,250,000", "1,250,000"),  # English thousands
        ("1.25.000", "1.25.000"),
        ("1.250.00", "1.250.00"),
        ("1.250.000.5", "1.250.000.5"),
        ("1.250,000,5", "1.250,000,5"),
        ("12.500.5", "12.500.5"),
        ("1 2", "1 2"),
        ("1 250.000", "1 250.000"),
        ("--25.000", "--25.000"),
        ("-Rp -25.000", "-Rp -25.000"),
        ("25.000 Rp", "25.000 Rp"),
        ("USD 25", "USD 25"),
        ("1e6", "1e6"),
        ("١٢٣", "١٢٣"),  # Arabic-Indic digits
        (True, "True"),
        ([1], "[1]"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (Decimal("NaN"), "NaN"),
    ],
)
def test_parse_rupiah_refuses_garbage(value: object, shown: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_rupiah(value)
    assert info.value.message == f'Jumlah "{shown}" bukan angka rupiah yang sah, {_CONTOH}'
    assert info.value.field == "Jumlah"


def test_parse_rupiah_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        parse_rupiah("abc", field="Anggaran (Rp)")
    assert info.value.message == (
        'Anggaran (Rp) "abc" bukan angka rupiah yang sah, contoh: Rp 1.250.000.'
    )
    assert info.value.field == "Anggaran (Rp)"


@pytest.mark.parametrize("value", ["1,250", "1.250.000,505", "0,001"])
def test_parse_rupiah_refuses_more_than_two_decimals_in_text(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_rupiah(value, field="Pagu (Rp)")
    assert info.value.message == (
        f'Pagu (Rp) "{value}" tidak sah: paling banyak 2 angka di belakang koma '
        "(titik untuk ribuan, koma untuk sen), contoh: Rp 1.250.000."
    )
    assert info.value.field == "Pagu (Rp)"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_rupiah_empty(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_rupiah(value, field="Realisasi (Rp)")
    assert info.value.message == "Realisasi (Rp) belum diisi."
    assert info.value.field == "Realisasi (Rp)"


@pytest.mark.parametrize(
    "value", [BATAS, -BATAS, Decimal("1E+20"), 1e20, "1.000.000.000.000.000", Decimal("1E+1000")]
)
def test_parse_rupiah_too_large(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_rupiah(value)
    assert info.value.message == (
        f'Jumlah "{value}" terlalu besar; paling besar Rp 999.999.999.999.999.'
    )


_UANG = st.decimals(
    min_value=Decimal("-999999999999999.99"),
    max_value=Decimal("999999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(_UANG, st.booleans())
def test_parse_rupiah_round_trip_with_decimals(x: Decimal, space: bool) -> None:
    assert parse_rupiah(format_rupiah(x, decimals=True, space=space)) == x


@given(
    st.decimals(
        min_value=Decimal("-999999999999999.49"),
        max_value=Decimal("999999999999999.49"),
        places=2,
    )
)
def test_parse_rupiah_round_trip_whole(x: Decimal) -> None:
    whole = x.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert parse_rupiah(format_rupiah(x)) == whole
    assert parse_rupiah(format_angka(x, 2)) == x


@given(_UANG)
def test_parse_rupiah_result_has_at_most_two_places(x: Decimal) -> None:
    result = parse_rupiah(x)
    exponent = result.as_tuple().exponent
    assert isinstance(exponent, int)
    assert exponent in (0, -2)
    assert result == x


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_parse_rupiah_float_rounds_to_sen(x: float) -> None:
    result = parse_rupiah(x)
    assert abs(result - Decimal(repr(x))) <= Decimal("0.005")
    assert result.as_tuple().exponent in (0, -2)


# --------------------------------------------------------------------------- parse_tanggal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20/05/2024", date(2024, 5, 20)),
        ("1/5/2024", date(2024, 5, 1)),
        ("01/5/2024", date(2024, 5, 1)),
        ("2024-05-20", date(2024, 5, 20)),
        ("2024-5-1", date(2024, 5, 1)),
        ("20-05-2024", date(2024, 5, 20)),
        ("  20/05/2024 ", date(2024, 5, 20)),
        ("29/02/2024", date(2024, 2, 29)),
        (date(2024, 5, 20), date(2024, 5, 20)),
        (datetime(2024, 5, 20, 13, 45), date(2024, 5, 20)),
    ],
)
def test_parse_tanggal(value: object, expected: date) -> None:
    result = parse_tanggal(value)
    assert result == expected
    assert type(result) is date


_BENTUK = (
    "tidak dikenali; tulis sebagai HH/BB/TTTT (contoh 20/05/2024), "
    "HH-BB-TTTT (20-05-2024) atau TTTT-BB-HH (2024-05-20)."
)


@pytest.mark.parametrize(
    "value", ["31/02/2024", "29/02/2023", "32/01/2024", "00/01/2024", "15/13/2024", "2024-02-30"]
)
def test_parse_tanggal_impossible(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_tanggal(value, field="Tanggal Kegiatan")
    assert info.value.message == f'Tanggal Kegiatan "{value}" tidak ada di kalender.'
    assert info.value.field == "Tanggal Kegiatan"


def test_parse_tanggal_impossible_default_field() -> None:
    with pytest.raises(ValidationError) as info:
        parse_tanggal("31/02/2024")
    assert info.value.message == 'Tanggal "31/02/2024" tidak ada di kalender.'
    assert info.value.field == "Tanggal"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", "abc"),
        ("20 Mei 2024", "20 Mei 2024"),
        ("20/05/24", "20/05/24"),
        ("20/05-2024", "20/05-2024"),
        ("2024/05/20", "2024/05/20"),
        ("20.05.2024", "20.05.2024"),
        ("05/20/2024x", "05/20/2024x"),
        (45432, "45432"),
        (20240520.0, "20240520.0"),
    ],
)
def test_parse_tanggal_garbage(value: object, shown: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_tanggal(value)
    assert info.value.message == f'Tanggal "{shown}" {_BENTUK}'
    assert info.value.field == "Tanggal"


@pytest.mark.parametrize("value", [None, "", "  "])
def test_parse_tanggal_empty(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_tanggal(value, field="Tanggal Lahir")
    assert info.value.message == "Tanggal Lahir belum diisi."
    assert info.value.field == "Tanggal Lahir"


@given(st.dates())
def test_parse_tanggal_iso_round_trip(d: date) -> None:
    assert parse_tanggal(d.isoformat()) == d


# --------------------------------------------------------------------------- parse_bilangan_bulat


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (1250, 1250),
        (3.0, 3),
        (Decimal("3"), 3),
        (Decimal("3.00"), 3),
        ("1.250", 1250),
        ("1250", 1250),
        ("1.250.000", 1250000),
        (" 1 250 ", 1250),
        ("12,0", 12),
        ("3.0", 3),
        ("+7", 7),
        ("007", 7),
    ],
)
def test_parse_bilangan_bulat(value: object, expected: int) -> None:
    result = parse_bilangan_bulat(value, "Jumlah Penduduk")
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("12,5", "12,5"),
        ("1.250,5", "1.250,5"),
        ("12.5", "12.5"),
        (12.5, "12,5"),
        (Decimal("12.5"), "12,5"),
        ("1,250", "1,250"),
        ("abc", "abc"),
        ("1.25.0", "1.25.0"),
        ("1e3", "1e3"),
        (True, "True"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        ([3], "[3]"),
    ],
)
def test_parse_bilangan_bulat_refuses(value: object, shown: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_bilangan_bulat(value, "Jumlah Penduduk")
    assert info.value.message == f'Jumlah Penduduk harus bilangan bulat, bukan "{shown}".'
    assert info.value.field == "Jumlah Penduduk"


@pytest.mark.parametrize("value", [-1, "-5", "-1.250", -3.0, "\u22122"])
def test_parse_bilangan_bulat_negative(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_bilangan_bulat(value, "PMI Purna")
    assert info.value.message == "PMI Purna tidak boleh negatif."
    assert info.value.field == "PMI Purna"


def test_parse_bilangan_bulat_minimum() -> None:
    assert parse_bilangan_bulat("-5", "Selisih", minimum=None) == -5
    assert parse_bilangan_bulat("2016", "Tahun Penetapan", minimum=2016) == 2016
    with pytest.raises(ValidationError) as info:
        parse_bilangan_bulat("2015", "Tahun Penetapan", minimum=2016)
    assert info.value.message == "Tahun Penetapan paling kecil 2.016; yang diisi 2.015."
    assert info.value.field == "Tahun Penetapan"


@pytest.mark.parametrize("value", [None, "", " "])
def test_parse_bilangan_bulat_empty(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_bilangan_bulat(value, "CPMI")
    assert info.value.message == "CPMI belum diisi."
    assert info.value.field == "CPMI"


@given(st.integers(min_value=0, max_value=10**20))
def test_format_angka_parse_bilangan_bulat_round_trip(n: int) -> None:
    assert parse_bilangan_bulat(format_angka(n), "Jumlah") == n
    assert parse_bilangan_bulat(str(n), "Jumlah") == n


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_format_angka_round_trip_signed(n: int) -> None:
    assert parse_bilangan_bulat(format_angka(n), "Jumlah", minimum=None) == n


# --------------------------------------------------------------------------- layering


def test_no_qt_or_sqlalchemy_imported() -> None:
    code = (
        "import sys\n"
        "import desmig_desktop.domain.formatting, desmig_desktop.domain.identitas\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_whole_number_with_thousands_of_digits_is_refused_by_name() -> None:
    """A pasted cell of 5,000 nines must not reach int() (which refuses past 4,300
    digits with a ValueError): a clear refusal naming the field instead."""
    with pytest.raises(ValidationError) as caught:
        parse_bilangan_bulat("9" * 5000, "Jumlah Penduduk")
    assert caught.value.message == "Jumlah Penduduk terlalu besar."
    assert caught.value.field == "Jumlah Penduduk"
    assert parse_bilangan_bulat("0" * 40 + "12", "x") == 12  # leading zeros are not size
