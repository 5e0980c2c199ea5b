"""Kemendagri region codes (kode wilayah): levels, parents and types derived from the code.

Codes are dotted: ``35`` provinsi, ``35.04`` kabupaten/kota, ``35.04.14`` kecamatan,
``35.04.14.2011`` desa/kelurahan. The shipped list is ``resources/wilayah/wilayah.csv.gz``
(``kode,nama``); see ``resources/wilayah/SOURCE.md``. No Qt, no database here.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
from collections.abc import Iterator
from typing import Final, Literal

from desmig_desktop.domain.errors import ValidationError

PROVINSI: Final = 1
KABKOTA: Final = 2
KECAMATAN: Final = 3
DESA: Final = 4

#: Indonesian name of each level, as used in messages.
LEVEL_NAMES: Final[dict[int, str]] = {
    PROVINSI: "provinsi",
    KABKOTA: "kabupaten/kota",
    KECAMATAN: "kecamatan",
    DESA: "desa/kelurahan",
}
#: An example code of each level, as used in messages.
LEVEL_EXAMPLES: Final[dict[int, str]] = {
    PROVINSI: "35",
    KABKOTA: "35.04",
    KECAMATAN: "35.04.14",
    DESA: "35.04.14.2011",
}

JenisDesa = Literal["kelurahan", "desa", "desa adat"]
_JENIS_BY_DIGIT: Final[dict[str, JenisDesa]] = {"1": "kelurahan", "2": "desa", "3": "desa adat"}

_CODE_RE: Final = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?", re.ASCII)
_FIELD: Final = "Kode wilayah"
CSV_HEADER: Final = ("kode", "nama")


def validate_kode(kode: object, level: int | None = None) -> str:
    """Return *kode* without whitespace, or raise ``ValidationError`` if it is not a code.

    With *level* (1 provinsi .. 4 desa/kelurahan) the code must be of that level.
    Only the dotted form is accepted: ``3504142011`` could be a BPS code.
    """
    if level is not None and level not in LEVEL_NAMES:
        raise ValueError(f"level must be 1..4, not {level!r}")
    if not isinstance(kode, str):
        if kode is None:
            raise ValidationError(f"{_FIELD} belum diisi.", field=_FIELD)
        raise ValidationError(
            f'{_FIELD} "{_shown(str(kode))}" tidak sah: tulis sebagai teks, '
            "misalnya 35.04.14.2011.",
            field=_FIELD,
        )
    normal = "".join(kode.split())
    if not normal:
        raise ValidationError(f"{_FIELD} belum diisi.", field=_FIELD)
    shown = _shown(kode)
    if level is None:
        if not _CODE_RE.fullmatch(normal):
            raise ValidationError(
                f'{_FIELD} "{shown}" tidak sah: gunakan bentuk 35 (provinsi), '
                "35.04 (kabupaten/kota), 35.04.14 (kecamatan) "
                "atau 35.04.14.2011 (desa/kelurahan).",
                field=_FIELD,
            )
    elif not _CODE_RE.fullmatch(normal) or normal.count(".") + 1 != level:
        raise ValidationError(
            f'{_FIELD} "{shown}" tidak sah: kode {LEVEL_NAMES[level]} '
            f"berbentuk {LEVEL_EXAMPLES[level]}.",
            field=_FIELD,
        )
    return normal


def _shown(text: str, limit: int = 30) -> str:
    """Return *text* stripped and cut to *limit* characters, for a message."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def level(kode: str) -> int:
    """Return the level of *kode*: 1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa."""
    return validate_kode(kode).count(".") + 1


def parent(kode: str) -> str | None:
    """Return the code one level up (``35.04.14`` for ``35.04.14.2011``); None for a provinsi."""
    normal = validate_kode(kode)
    head, sep, _ = normal.rpartition(".")
    return head if sep else None


def jenis_desa(kode: str) -> JenisDesa:
    """Return 'kelurahan', 'desa' or 'desa adat' from the first digit of the 4th segment."""
    normal = validate_kode(kode, DESA)
    digit = normal[-4]
    try:
        return _JENIS_BY_DIGIT[digit]
    except KeyError:
        raise ValidationError(
            f'{_FIELD} "{normal}" tidak sah: bagian keempat kode desa/kelurahan diawali '
            "1 (kelurahan), 2 (desa) atau 3 (desa adat).",
            field=_FIELD,
        ) from None


def is_kota(nama_kabkota: str) -> bool:
    """Tell whether a kabupaten/kota name is a kota (``Kota Blitar``), not a kabupaten."""
    return nama_kabkota.strip().casefold().startswith("kota ")


def short_kabkota(nama: str) -> str:
    """Shorten ``Kabupaten Tulungagung`` to ``Kab. Tulungagung``; other names stay as they are."""
    name = nama.strip()
    head, sep, rest = name.partition(" ")
    if sep and head.casefold() == "kabupaten" and rest.strip():
        return f"Kab. {rest.strip()}"
    return name


def iter_wilayah_csv(path: str | os.PathLike[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(kode, nama)`` from a gzip'd ``kode,nama`` CSV such as ``wilayah.csv.gz``.

    Raises ``ValueError`` when the header or a row is malformed (a damaged or foreign file).
    """
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or tuple(header) != CSV_HEADER:
            raise ValueError(f"{os.fspath(path)}: header {header!r}, expected kode,nama")
        for row in reader:
            if len(row) != 2 or not row[0] or not row[1]:
                raise ValueError(f"{os.fspath(path)}:{reader.line_num}: bad row {row!r}")
            yield row[0], row[1]
