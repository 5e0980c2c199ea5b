"""Tests of desmig_desktop.domain.identitas (NIP, NIK, telephone numbers)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.identitas import (
    NikInfo,
    format_nip,
    mask_nik,
    nik_info,
    normalize_nik,
    normalize_nip,
    normalize_telepon,
)

NIP = "198609262015051001"
NIK = "3504145205900001"
TAHUN_INI = date.today().year


def _error(func: object, value: object, **kwargs: object) -> ValidationError:
    """Call ``func(value, **kwargs)`` and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as info:
        func(value, **kwargs)  # type: ignore[operator]
    return info.value


# --------------------------------------------------------------------------- NIP


@pytest.mark.parametrize(
    "value",
    [
        NIP,
        "19860926 201505 1 001",
        "  19860926  201505 1 001 ",
        "19860926.201505.1.001",
        "NIP. 19860926 201505 1 001",
        "nip 198609262015051001",
        198609262015051001,
    ],
)
def test_normalize_nip(value: object) -> None:
    assert normalize_nip(value) == NIP


@pytest.mark.parametrize(
    "value",
    [
        "199001012015052001",  # woman
        "194001012015051001",  # oldest birth year allowed
        "200002292020121999",  # 29 February in a leap year, appointed December
        f"19860926{TAHUN_INI + 1}011001",  # appointment dated next year
        "198609261986091001",  # appointed in the birth year (the rule is not stricter)
    ],
)
def test_normalize_nip_valid_edges(value: str) -> None:
    assert normalize_nip(value) == value


def test_normalize_nip_valid_edges_current_year() -> None:
    nip = f"{TAHUN_INI}0101{TAHUN_INI}011001"
    assert normalize_nip(nip) == nip


@pytest.mark.parametrize(
    ("value", "count"),
    [("19860926201505100", 17), ("1986092620150510011", 19), ("1", 1), ("19860926 201505 1", 15)],
)
def test_normalize_nip_length(value: str, count: int) -> None:
    err = _error(normalize_nip, value)
    assert err.message == f"NIP harus 18 angka; yang diisi {count} angka."
    assert err.field == "NIP"


@pytest.mark.parametrize(
    "value", ["19860926A015051001", "19860926-201505-1-001", "١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١"]
)
def test_normalize_nip_not_digits(value: str) -> None:
    err = _error(normalize_nip, value)
    assert err.message == f'NIP "{value}" tidak sah: hanya boleh berisi angka.'


@pytest.mark.parametrize(
    "value",
    [
        "198613262015051001",  # month 13
        "198600262015051001",  # month 00
        "198609312015051001",  # 31 September
        "198609002015051001",  # day 00
        "198702292015051001",  # 29 February 1987
        "193912312015051001",  # before 1940
        f"{TAHUN_INI + 1}01012015051001",  # born next year
        "000000002015051001",
    ],
)
def test_normalize_nip_birth_date(value: str) -> None:
    err = _error(normalize_nip, value, field="NIP Penandatangan")
    assert err.message == (
        f'NIP Penandatangan "{value}" tidak sah: 8 angka pertama harus tanggal lahir (TTTTBBHH).'
    )
    assert err.field == "NIP Penandatangan"


@pytest.mark.parametrize(
    "value",
    [
        "198609262015001001",  # month 00
        "198609262015131001",  # month 13
        "198609261985051001",  # appointed before birth
        f"19860926{TAHUN_INI + 2}051001",  # too far in the future
    ],
)
def test_normalize_nip_appointment(value: str) -> None:
    err = _error(normalize_nip, value)
    assert err.message == (
        f'NIP "{value}" tidak sah: angka ke-9 sampai ke-14 harus tahun dan bulan '
        "pengangkatan (TTTTBB)."
    )


@pytest.mark.parametrize("sex", ["0", "3", "9"])
def test_normalize_nip_sex(sex: str) -> None:
    value = f"19860926201505{sex}001"
    err = _error(normalize_nip, value)
    assert err.message == (
        f'NIP "{value}" tidak sah: angka ke-15 harus jenis kelamin (1 laki-laki, 2 perempuan).'
    )


@pytest.mark.parametrize("value", [None, "", "   "])
def test_normalize_nip_empty(value: object) -> None:
    err = _error(normalize_nip, value)
    assert err.message == "NIP belum diisi."
    assert err.field == "NIP"


@pytest.mark.parametrize("value", [1.98609262015051e17, True, [NIP]])
def test_normalize_nip_not_text(value: object) -> None:
    err = _error(normalize_nip, value)
    assert err.message == (
        f'NIP "{value}" tidak sah: tulis NIP sebagai teks, bukan angka desimal '
        "(Excel memotong angka yang panjang)."
    )


def test_format_nip() -> None:
    assert format_nip(NIP) == "19860926 201505 1 001"
    assert format_nip("19860926 201505 1 001") == "19860926 201505 1 001"
    assert format_nip("NIP. 198609262015051001") == "19860926 201505 1 001"
    assert format_nip(None) == ""
    assert format_nip("") == ""
    assert format_nip("  ") == ""


def test_format_nip_refuses_invalid() -> None:
    with pytest.raises(ValidationError, match="18 angka"):
        format_nip("12345")


_NIP_STRATEGY = st.builds(
    lambda lahir, angkat_tahun, angkat_bulan, jk, urut: (
        f"{lahir:%Y%m%d}{angkat_tahun:04d}{angkat_bulan:02d}{jk}{urut:03d}"
    ),
    st.dates(min_value=date(1940, 1, 1), max_value=date(TAHUN_INI - 18, 12, 31)),
    st.integers(min_value=TAHUN_INI - 17, max_value=TAHUN_INI),
    st.integers(min_value=1, max_value=12),
    st.sampled_from("12"),
    st.integers(min_value=0, max_value=999),
)


@given(_NIP_STRATEGY)
def test_nip_format_round_trip(nip: str) -> None:
    assert normalize_nip(nip) == nip
    printed = format_nip(nip)
    assert len(printed) == 21
    assert printed.count(" ") == 3
    assert normalize_nip(printed) == nip


# --------------------------------------------------------------------------- NIK


@pytest.mark.parametrize(
    "value",
    [
        NIK,
        "35.04.14 520590 0001",
        "35.04.14.520590.0001",
        "3504-14-520590-0001",
        " 3504 1452 0590 0001 ",
        3504145205900001,
    ],
)
def test_normalize_nik(value: object) -> None:
    assert normalize_nik(value) == NIK


@pytest.mark.parametrize(
    "value",
    [
        "3504141205900001",  # man
        "1101010101000001",  # lowest province code
        "9999997112999999",  # highest province, woman born 31 Dec
        "3504142902000001",  # 29 Feb 2000 (1900 was not leap; one century suffices)
        "3504146902000001",  # the same, woman
        "3504144101900001",  # woman born on the 1st (41)
        "3504143101900001",  # man born on the 31st
    ],
)
def test_normalize_nik_valid_edges(value: str) -> None:
    assert normalize_nik(value) == value


@pytest.mark.parametrize(("value", "count"), [(NIK[:-1], 15), (NIK + "1", 17), ("35", 2)])
def test_normalize_nik_length(value: str, count: int) -> None:
    err = _error(normalize_nik, value)
    assert err.message == f"NIK harus 16 angka; yang diisi {count} angka."
    assert err.field == "NIK"


def test_normalize_nik_not_digits() -> None:
    err = _error(normalize_nik, "35041452059O0001", field="NIK Anak")
    assert err.message == "NIK Anak tidak sah: hanya boleh berisi angka."
    assert err.field == "NIK Anak"


@pytest.mark.parametrize("prov", ["00", "01", "09", "10"])
def test_normalize_nik_province(prov: str) -> None:
    err = _error(normalize_nik, prov + NIK[2:])
    assert err.message == "NIK tidak sah: 2 angka pertama harus kode provinsi (11 sampai 99)."


def test_normalize_nik_kabupaten() -> None:
    err = _error(normalize_nik, "3500145205900001")
    assert err.message == (
        "NIK tidak sah: angka ke-3 dan ke-4 (kode kabupaten/kota) tidak boleh 00."
    )


def test_normalize_nik_kecamatan() -> None:
    err = _error(normalize_nik, "3504005205900001")
    assert err.message == "NIK tidak sah: angka ke-5 dan ke-6 (kode kecamatan) tidak boleh 00."


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "000590",  # day 00
        "320590",  # day 32
        "400590",  # day 40 (neither a man's nor a woman's day)
        "720590",  # day 72 (31 + 41)
        "120090",  # month 00
        "121390",  # month 13
        "300290",  # 30 February
        "700290",  # 30 February, woman
        "290201",  # 29 February 1901 and 2001: neither leap
        "310490",  # 31 April
    ],
)
def test_normalize_nik_birth_date(ddmmyy: str) -> None:
    err = _error(normalize_nik, f"350414{ddmmyy}0001")
    assert err.message == (
        "NIK tidak sah: angka ke-7 sampai ke-12 harus tanggal lahir (HHBBTT; "
        "untuk perempuan tanggal ditambah 40)."
    )


def test_normalize_nik_serial() -> None:
    err = _error(normalize_nik, "3504145205900000")
    assert err.message == "NIK tidak sah: 4 angka terakhir (nomor urut) tidak boleh 0000."


@pytest.mark.parametrize("value", [None, "", "  "])
def test_normalize_nik_empty(value: object) -> None:
    err = _error(normalize_nik, value, field="NIK Peserta")
    assert err.message == "NIK Peserta belum diisi."
    assert err.field == "NIK Peserta"


def test_normalize_nik_float_from_excel() -> None:
    err = _error(normalize_nik, 3.504145205900001e15)
    assert err.message == (
        "NIK tidak sah: tulis NIK sebagai teks, bukan angka desimal "
        "(Excel memotong angka yang panjang)."
    )


@pytest.mark.parametrize(
    "value",
    [
        "3504145205900000",
        "0004145205900001",
        "3504147205900001",
        "35041452059000",
        "35041452059O0001",
        3.504145205900001e15,
    ],
)
def test_nik_messages_never_repeat_the_nik(value: object) -> None:
    err = _error(normalize_nik, value)
    text = str(value)
    assert text not in err.message
    assert "5205900" not in err.message


def test_nik_info_example() -> None:
    info = nik_info(NIK)
    assert info == NikInfo(
        nik=NIK,
        kode_wilayah="35.04.14",
        jenis_kelamin="P",
        tanggal_lahir=date(1990, 5, 12),
        nomor_urut="0001",
    )
    assert info.kode_provinsi == "35"
    assert info.kode_kabupaten == "35.04"
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.jenis_kelamin = "L"  # type: ignore[misc]


def test_nik_info_accepts_separators() -> None:
    assert nik_info("35.04.14 520590 0001").tanggal_lahir == date(1990, 5, 12)


def test_nik_info_man() -> None:
    info = nik_info("3504141205900001")
    assert info.jenis_kelamin == "L"
    assert info.tanggal_lahir == date(1990, 5, 12)


def test_nik_info_century() -> None:
    assert nik_info("3504141205100001").tanggal_lahir == date(2010, 5, 12)
    assert nik_info("3504142902000001").tanggal_lahir == date(2000, 2, 29)
    hari_ini = date.today()
    nik_hari_ini = f"350414{hari_ini:%d%m%y}0001"
    assert nik_info(nik_hari_ini).tanggal_lahir == hari_ini
    tahun_depan = (hari_ini.year + 1) % 100
    assert nik_info(f"3504140101{tahun_depan:02d}0001").tanggal_lahir == date(
        hari_ini.year + 1 - 100, 1, 1
    )


def test_nik_info_refuses_invalid() -> None:
    with pytest.raises(ValidationError, match="nomor urut"):
        nik_info("3504145205900000")


_NIK_PARTS = st.tuples(
    st.integers(min_value=11, max_value=99),
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1, max_value=99),
    st.dates(min_value=date(TAHUN_INI - 99, 1, 1), max_value=date.today()),
    st.sampled_from("LP"),
    st.integers(min_value=1, max_value=9999),
)


@given(_NIK_PARTS)
def test_nik_info_round_trip(parts: tuple[int, int, int, date, str, int]) -> None:
    prov, kab, kec, lahir, jk, urut = parts
    hari = lahir.day + (40 if jk == "P" else 0)
    nik = f"{prov:02d}{kab:02d}{kec:02d}{hari:02d}{lahir:%m%y}{urut:04d}"
    assert normalize_nik(nik) == nik
    info = nik_info(nik)
    assert info.kode_wilayah == f"{prov:02d}.{kab:02d}.{kec:02d}"
    assert info.jenis_kelamin == jk
    assert info.tanggal_lahir == lahir
    assert info.nomor_urut == f"{urut:04d}"
    assert info.tanggal_lahir <= date.today()


# --------------------------------------------------------------------------- mask_nik


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (NIK, "350414********01"),
        ("35.04.14 520590 0001", "350414********01"),
        ("3504141205900099", "350414********99"),
        (None, ""),
        ("", ""),
        ("123456789012345678", "123456**********78"),
        ("123456789012", "12********12"),
        ("1234567890", "********90"),
        ("123456789", "*********"),
        ("12", "**"),
    ],
)
def test_mask_nik(value: str | None, expected: str) -> None:
    assert mask_nik(value) == expected


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_nik_hides_birth_date_and_serial(nik: str) -> None:
    masked = mask_nik(nik)
    assert masked == nik[:6] + "*" * 8 + nik[-2:]


@given(st.text(alphabet="0123456789", max_size=30))
def test_mask_nik_always_hides_at_least_eight(value: str) -> None:
    masked = mask_nik(value)
    assert len(masked) == len(value)
    assert masked.count("*") >= min(8, len(value))


# --------------------------------------------------------------------------- telephone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0812-3456-7890", "081234567890"),
        ("081234567890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("+62-812-3456-7890", "081234567890"),
        ("(+62) 812 3456 7890", "081234567890"),
        ("+62 0812 3456 7890", "081234567890"),
        ("62812345678901", "0812345678901"),
        ("6281234567890", "081234567890"),
        ("0812.3456.789", "08123456789"),
        ("0812345678", "0812345678"),  # 10 digits, shortest mobile
        ("0812345678901", "0812345678901"),  # 13 digits, longest mobile
        ("81234567890", "081234567890"),  # leading 0 dropped by a spreadsheet
        (81234567890, "081234567890"),
        (81234567890.0, "081234567890"),
        (6281234567890, "081234567890"),
        ("(0355) 321456", "0355321456"),
        ("0355-321456", "0355321456"),
        ("021-1234567", "0211234567"),
        ("(021) 1234 5678", "02112345678"),
        ("+62 355 321456", "0355321456"),
        ("0271 12345", "027112345"),  # 9 digits, shortest landline
        ("09011234567", "09011234567"),
        ("0651 12345678", "065112345678"),  # 12 digits, longest landline
    ],
)
def test_normalize_telepon(value: object, expected: str) -> None:
    assert normalize_telepon(value) == expected


_CONTOH = "contoh 0812-3456-7890."


@pytest.mark.parametrize(
    "value", ["12345", "abc", "0812-3456-789O", "112", "0012345678", "0112345678", "-", True]
)
def test_normalize_telepon_refuses(value: object) -> None:
    err = _error(normalize_telepon, value)
    assert err.message == f'Nomor telepon "{value}" tidak sah: {_CONTOH}'
    assert err.field == "Telepon"


@pytest.mark.parametrize("value", ["08123", "081234567", "08123456789012", "+62 812 345"])
def test_normalize_telepon_mobile_length(value: str) -> None:
    err = _error(normalize_telepon, value)
    assert err.message == (
        f'Nomor telepon "{value}" tidak sah: nomor HP harus 10 sampai 13 angka, {_CONTOH}'
    )


@pytest.mark.parametrize("value", ["0211234", "03551234", "0355 123456789", "(021) 1234-567890"])
def test_normalize_telepon_landline_length(value: str) -> None:
    err = _error(normalize_telepon, value)
    assert err.message == (
        f'Nomor telepon "{value}" tidak sah: nomor telepon rumah/kantor harus 9 sampai 12 '
        f"angka termasuk kode wilayah, {_CONTOH}"
    )


def test_normalize_telepon_foreign() -> None:
    err = _error(normalize_telepon, "+60 12 345 6789")
    assert err.message == (
        f'Nomor telepon "+60 12 345 6789" tidak sah: hanya nomor Indonesia (+62), {_CONTOH}'
    )


@pytest.mark.parametrize("value", [None, "", "  "])
def test_normalize_telepon_empty(value: object) -> None:
    err = _error(normalize_telepon, value)
    assert err.message == "Nomor telepon belum diisi."
    assert err.field == "Telepon"


def test_normalize_telepon_other_field_label() -> None:
    err = _error(normalize_telepon, "12345", field="Telepon Petugas")
    assert err.message == f'Telepon Petugas "12345" tidak sah: {_CONTOH}'
    assert err.field == "Telepon Petugas"


@given(st.text(alphabet="0123456789", min_size=8, max_size=11))
def test_normalize_telepon_mobile_forms_agree(rest: str) -> None:
    local = "08" + rest
    assert normalize_telepon(local) == local
    assert normalize_telepon(normalize_telepon(local)) == local
    assert normalize_telepon("+62 8" + rest) == local
    assert normalize_telepon("628" + rest) == local
    grouped = "-".join(local[i : i + 4] for i in range(0, len(local), 4))
    assert normalize_telepon(grouped) == local
