"""Office identity (letterhead) and the signers of its documents."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlalchemy import select

from desmig_desktop.db.models import IdentitasKantor, Penandatangan
from desmig_desktop.domain.enums import AwalanTtd, PeranPenandatangan
from desmig_desktop.domain.errors import NotFound, ValidationError
from desmig_desktop.domain.identitas import normalize_nip
from desmig_desktop.services.uow import UnitOfWork

_KANTOR_ID = 1
LOGO_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class Kantor:
    """The office identity used on every letterhead."""

    pemerintah: str = ""
    instansi: str = ""
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    kota: str = ""
    kode_kabkota: str | None = None
    logo: bytes | None = field(default=None, repr=False)

    @property
    def lengkap(self) -> bool:
        return bool(self.instansi.strip() and self.kota.strip())


@dataclass
class Ttd:
    """A signer as the documents print them."""

    nama: str
    jabatan: str
    peran: PeranPenandatangan
    nip: str | None = None
    pangkat: str = ""
    awalan: AwalanTtd = AwalanTtd.TIDAK_ADA
    urutan: int = 0
    aktif: bool = True
    id: int | None = None
    public_id: str | None = None


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def validate_kantor(k: Kantor) -> Kantor:
    """Check and normalise an office identity; raise ValidationError naming the field."""
    out = Kantor(**{f.name: getattr(k, f.name) for f in fields(Kantor)})
    for name in ("pemerintah", "instansi", "alamat", "telepon", "email", "laman", "kota"):
        setattr(out, name, _clean(getattr(out, name)))
    if not out.instansi:
        raise ValidationError("Nama instansi wajib diisi, mis. DINAS TENAGA KERJA.", "instansi")
    if not out.kota:
        raise ValidationError(
            "Kota untuk baris tempat dan tanggal wajib diisi, mis. Tulungagung.", "kota"
        )
    if out.email and ("@" not in out.email or "." not in out.email.split("@")[-1]):
        raise ValidationError(f'Alamat surel "{out.email}" tidak sah.', "email")
    if out.kode_kabkota:
        kode = out.kode_kabkota.strip()
        parts = kode.split(".")
        if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
            raise ValidationError(
                f'Kode kabupaten/kota "{kode}" tidak sah; contoh 35.04.', "kode_kabkota"
            )
        out.kode_kabkota = kode
    else:
        out.kode_kabkota = None
    if out.logo is not None and len(out.logo) > LOGO_MAX_BYTES:
        raise ValidationError("Berkas logo terlalu besar (maksimal 2 MB).", "logo")
    return out


def get_kantor(uow: UnitOfWork) -> Kantor:
    row = uow.session.get(IdentitasKantor, _KANTOR_ID)
    if row is None:
        return Kantor()
    return Kantor(**{f.name: getattr(row, f.name) for f in fields(Kantor)})


def write_kantor(uow: UnitOfWork, clean: Kantor) -> None:
    row = uow.session.get(IdentitasKantor, _KANTOR_ID)
    if row is None:
        row = IdentitasKantor(id=_KANTOR_ID)
        uow.session.add(row)
    for f in fields(Kantor):
        setattr(row, f.name, getattr(clean, f.name))


def save_kantor(uow: UnitOfWork, kantor: Kantor) -> Kantor:
    """Validate and store the office identity (one transaction)."""
    clean = validate_kantor(kantor)
    write_kantor(uow, clean)
    uow.commit()
    return clean


def validate_ttd(t: Ttd) -> Ttd:
    nama = _clean(t.nama)
    if not nama:
        raise ValidationError("Nama penandatangan wajib diisi.", "nama")
    jabatan = _clean(t.jabatan)
    if not jabatan:
        raise ValidationError(f"Jabatan {nama} wajib diisi.", "jabatan")
    nip = normalize_nip(t.nip, field="NIP") if (t.nip or "").strip() else None
    return Ttd(
        nama=nama,
        jabatan=jabatan,
        peran=PeranPenandatangan.parse(t.peran, "Peran"),
        nip=nip,
        pangkat=_clean(t.pangkat),
        awalan=AwalanTtd.parse(t.awalan, "Awalan"),
        urutan=t.urutan,
        aktif=t.aktif,
        id=t.id,
        public_id=t.public_id,
    )


def _to_ttd(row: Penandatangan) -> Ttd:
    return Ttd(
        nama=row.nama,
        jabatan=row.jabatan,
        peran=PeranPenandatangan(row.peran),
        nip=row.nip,
        pangkat=row.pangkat,
        awalan=AwalanTtd(row.awalan),
        urutan=row.urutan,
        aktif=row.aktif,
        id=row.id,
        public_id=row.public_id,
    )


def list_ttd(uow: UnitOfWork, *, only_active: bool = False) -> list[Ttd]:
    stmt = select(Penandatangan).order_by(Penandatangan.urutan, Penandatangan.id)
    if only_active:
        stmt = stmt.where(Penandatangan.aktif.is_(True))
    return [_to_ttd(r) for r in uow.session.scalars(stmt)]


def ttd_for(uow: UnitOfWork, peran: PeranPenandatangan) -> Ttd | None:
    """The first active signer with ``peran`` (what a document prints)."""
    for t in list_ttd(uow, only_active=True):
        if t.peran is peran:
            return t
    return None


def validate_ttd_list(signers: list[Ttd]) -> list[Ttd]:
    """Validate every signer; the message names the row ('Penandatangan baris 2: ...')."""
    clean = []
    for index, t in enumerate(signers, start=1):
        try:
            c = validate_ttd(t)
        except ValidationError as exc:
            raise TtdRowError(index, exc) from exc
        c.urutan = index
        clean.append(c)
    return clean


class TtdRowError(ValidationError):
    """A signer row is refused; ``row`` is 1-based as the user sees it."""

    def __init__(self, row: int, cause: ValidationError) -> None:
        super().__init__(f"Penandatangan baris {row}: {cause.message}", cause.field)
        self.row = row


def _write_ttd(uow: UnitOfWork, clean: list[Ttd]) -> None:
    existing = {r.id: r for r in uow.session.scalars(select(Penandatangan))}
    keep: set[int] = set()
    for c in clean:
        if c.id is not None:
            row = existing.get(c.id)
            if row is None:
                raise NotFound(f"Penandatangan {c.nama} sudah dihapus di tempat lain.")
            keep.add(c.id)
        else:
            row = Penandatangan()
            uow.session.add(row)
        row.nama, row.jabatan, row.peran = c.nama, c.jabatan, c.peran.value
        row.nip, row.pangkat, row.awalan = c.nip, c.pangkat, c.awalan.value
        row.urutan, row.aktif = c.urutan, c.aktif
    for row_id, row in existing.items():
        if row_id not in keep:
            uow.session.delete(row)


def save_ttd_list(uow: UnitOfWork, signers: list[Ttd]) -> list[Ttd]:
    """Replace the signer list with ``signers`` in one transaction.

    Rows with an ``id`` are updated, rows without one are added, rows missing
    from the list are deleted. Every row is validated before anything is written.
    """
    _write_ttd(uow, validate_ttd_list(signers))
    uow.commit()
    return list_ttd(uow)


def save_pengaturan(uow: UnitOfWork, kantor: Kantor, signers: list[Ttd]) -> None:
    """Office identity and signers together: all validated first, then one transaction."""
    clean_kantor = validate_kantor(kantor)
    clean_ttd = validate_ttd_list(signers)
    write_kantor(uow, clean_kantor)
    _write_ttd(uow, clean_ttd)
    uow.commit()
