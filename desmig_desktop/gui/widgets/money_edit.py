"""A line edit for Rupiah and other Indonesian numbers: typed freely, shown as 1.250.000."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from desmig_desktop.domain.errors import ValidationError
from desmig_desktop.domain.formatting import format_angka, parse_rupiah


class MoneyEdit(QLineEdit):
    """Accepts "1250000", "1.250.000", "Rp 1.250.000,50"; tidies the text when left."""

    def __init__(
        self, label: str, parent: QWidget | None = None, *, allow_fraction: bool = True
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.allow_fraction = allow_fraction
        self.setPlaceholderText("0")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self._tidy)

    def value(self) -> Decimal | None:
        """The amount, None when empty; ValidationError naming the field when unreadable."""
        text = self.text().strip()
        if not text:
            return None
        amount = parse_rupiah(text, self.label)
        if amount < 0:
            raise ValidationError(f"{self.label} tidak boleh negatif.", self.label)
        if not self.allow_fraction and amount != amount.to_integral_value():
            raise ValidationError(f"{self.label} harus bilangan bulat.", self.label)
        return amount

    def set_value(self, amount: Decimal | None) -> None:
        self.setText(self._show(amount) if amount is not None else "")

    @staticmethod
    def _show(amount: Decimal) -> str:
        decimals = 0 if amount == amount.to_integral_value() else 2
        return format_angka(amount, decimals)

    def _tidy(self) -> None:
        try:
            amount = self.value()
        except ValidationError:
            return  # leave what was typed; the form shows the message on save
        if amount is not None:
            self.setText(self._show(amount))
