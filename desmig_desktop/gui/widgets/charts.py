"""Small charts drawn with QPainter: grouped bars, horizontal bars and a line.

They follow the app's Indonesian formatting (labels come from the caller's
formatter), show exact figures in tooltips, and work with the keyboard: Tab
focuses a chart, Left/Right (or Up/Down) choose a category, Enter opens it,
which emits ``activated(index)`` exactly as a click does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

Number = Decimal | int | float
PALETTE = (QColor("#9db8d9"), QColor("#1f5fa8"), QColor("#e08a1e"), QColor("#3a8f4b"))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]
    color: QColor


def _f(v: Number | None) -> float:
    return float(v) if v is not None else 0.0


def nice_ceiling(value: float, ticks: int = 4) -> float:
    """The smallest round axis maximum >= ``value`` whose ``ticks`` steps are round too."""
    import math

    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw:
            return step * ticks
    return 10 * magnitude * ticks


class _Chart(QWidget):
    """Shared behaviour: categories, a current category, keyboard, tooltips, activation."""

    activated = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.categories: list[str] = []
        self.tooltips: list[str] = []
        self.current = -1
        self.empty_text = "Belum ada data."
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    # --- geometry supplied by subclasses -----------------------------------------
    def category_rect(self, index: int) -> QRectF:  # pragma: no cover - overridden
        raise RuntimeError("subclass must implement category_rect")

    def category_at(self, pos: QPointF) -> int:
        for i in range(len(self.categories)):
            if self.category_rect(i).contains(pos):
                return i
        return -1

    # --- interaction ---------------------------------------------------------------
    def set_current(self, index: int) -> None:
        if self.categories:
            self.current = max(0, min(index, len(self.categories) - 1))
            self.setAccessibleDescription(
                self.tooltips[self.current] if self.current < len(self.tooltips) else ""
            )
            self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.set_current(self.current + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.set_current(self.current - 1 if self.current > 0 else 0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if 0 <= self.current < len(self.categories):
                self.activated.emit(self.current)
        else:
            super().keyPressEvent(event)
            return
        if 0 <= self.current < len(self.tooltips):
            rect = self.category_rect(self.current)
            QToolTip.showText(
                self.mapToGlobal(rect.center().toPoint()), self.tooltips[self.current], self
            )

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.current < 0 and self.categories:
            self.current = 0
        self.update()
        super().focusInEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.category_at(event.position())
        if index >= 0:
            self.set_current(index)
            self.activated.emit(index)

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == event.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.category_at(QPointF(event.pos()))
            if 0 <= index < len(self.tooltips):
                QToolTip.showText(event.globalPos(), self.tooltips[index], self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _frame(self, painter: QPainter) -> QRectF:
        """Draw the title; return the plotting area."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(0, 0, self.width(), 22), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        painter.setFont(font)
        if self.hasFocus():
            pen = QPen(self.palette().highlight().color())
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1))
        return QRectF(0, 26, self.width(), self.height() - 26)

    def _empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(QColor("#777777"))
        painter.drawText(
            area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
        )


class BarChart(_Chart):
    """Vertical grouped bars: one group per category, one bar per series."""

    def __init__(
        self, title: str, value_label: Callable[[Number], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.value_label = value_label
        self.series: list[Series] = []
        self.annotations: list[str] = []

    def set_data(
        self,
        categories: list[str],
        series: list[Series],
        tooltips: list[str],
        annotations: list[str] | None = None,
    ) -> None:
        self.categories, self.series, self.tooltips = categories, series, tooltips
        self.annotations = annotations or []
        self.current = min(self.current, len(categories) - 1)
        self.update()

    def _plot(self) -> QRectF:
        area = QRectF(0, 26, self.width(), self.height() - 26)
        legend = 20 if len(self.series) > 1 else 0
        return QRectF(
            area.left() + 70,
            area.top() + legend + 16,
            area.width() - 80,
            area.height() - legend - 16 - 40,
        )

    def _max(self) -> float:
        top = max((_f(v) for s in self.series for v in s.values), default=0.0)
        return nice_ceiling(top * 1.05) if top > 0 else 1.0

    def category_rect(self, index: int) -> QRectF:
        plot = self._plot()
        width = plot.width() / max(1, len(self.categories))
        return QRectF(plot.left() + index * width, plot.top() - 16, width, plot.height() + 56)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.categories or not any(_f(v) for s in self.series for v in s.values):
            self._empty(painter, area)
            return
        plot = self._plot()
        top = self._max()
        metrics = QFontMetrics(painter.font())
        grid = QPen(QColor("#dddddd"))
        for step in range(5):
            value = top * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.value_label(value),
            )
        group = plot.width() / len(self.categories)
        bar = min(38.0, group * 0.7 / max(1, len(self.series)))
        for i, name in enumerate(self.categories):
            x0 = plot.left() + i * group + (group - bar * len(self.series)) / 2
            if i == self.current:
                painter.fillRect(
                    QRectF(plot.left() + i * group, plot.top(), group, plot.height()),
                    QColor(0, 0, 0, 14),
                )
            for j, s in enumerate(self.series):
                h = plot.height() * _f(s.values[i]) / top
                painter.fillRect(QRectF(x0 + j * bar, plot.bottom() - h, bar - 2, h), s.color)
            painter.setPen(self.palette().windowText().color())
            label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(group) - 4)
            painter.drawText(
                QRectF(plot.left() + i * group, plot.bottom() + 4, group, 18),
                Qt.AlignmentFlag.AlignHCenter,
                label,
            )
            if i < len(self.annotations) and self.annotations[i]:
                tallest = max(_f(s.values[i]) for s in self.series)
                y = plot.bottom() - plot.height() * tallest / top - 18
                font = painter.font()
                font.setBold(True)
                painter.setFont(font)
                painter.drawText(
                    QRectF(plot.left() + i * group, y, group, 16),
                    Qt.AlignmentFlag.AlignHCenter,
                    self.annotations[i],
                )
                font.setBold(False)
                painter.setFont(font)
        if len(self.series) > 1:
            x = plot.left()
            for s in self.series:
                painter.fillRect(QRectF(x, area.top() + 2, 12, 12), s.color)
                painter.setPen(self.palette().windowText().color())
                painter.drawText(QPointF(x + 16, area.top() + 12), s.name)
                x += 28 + metrics.horizontalAdvance(s.name)


class HBarChart(_Chart):
    """Horizontal bars, one per category (e.g. attendance rate per village), 0–100%."""

    def __init__(
        self, title: str, value_label: Callable[[Number], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.value_label = value_label
        self.values: list[Number | None] = []
        self.color = PALETTE[3]

    def set_data(
        self, categories: list[str], values: list[Number | None], tooltips: list[str]
    ) -> None:
        self.categories, self.values, self.tooltips = categories, values, tooltips
        self.current = min(self.current, len(categories) - 1)
        self.setMinimumHeight(max(200, 40 + 24 * len(categories)))
        self.update()

    def _label_width(self) -> float:
        metrics = QFontMetrics(self.font())
        return min(
            160.0, max((metrics.horizontalAdvance(c) for c in self.categories), default=40) + 10
        )

    def category_rect(self, index: int) -> QRectF:
        return QRectF(0, 30 + index * 24, self.width(), 22)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.categories:
            self._empty(painter, area)
            return
        label_w = self._label_width()
        bar_w = self.width() - label_w - 70
        metrics = QFontMetrics(painter.font())
        for i, name in enumerate(self.categories):
            row = self.category_rect(i)
            if i == self.current:
                painter.fillRect(row, QColor(0, 0, 0, 14))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(0, row.top(), label_w - 6, row.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(label_w) - 6),
            )
            value = self.values[i]
            painter.fillRect(
                QRectF(label_w, row.top() + 4, bar_w, row.height() - 8), QColor("#eeeeee")
            )
            if value is not None:
                painter.fillRect(
                    QRectF(label_w, row.top() + 4, bar_w * _f(value) / 100, row.height() - 8),
                    self.color,
                )
            painter.drawText(
                QRectF(label_w + bar_w + 6, row.top(), 64, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_label(value) if value is not None else "–",
            )


class LineChart(_Chart):
    """One line over categories (e.g. months), with gaps where a value is None; 0–100%."""

    def __init__(
        self, title: str, value_label: Callable[[Number], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.value_label = value_label
        self.values: list[Number | None] = []

    def set_data(
        self, categories: list[str], values: list[Number | None], tooltips: list[str]
    ) -> None:
        self.categories, self.values, self.tooltips = categories, values, tooltips
        self.update()

    def _plot(self) -> QRectF:
        return QRectF(50, 40, self.width() - 80, self.height() - 70)

    def _point(self, i: int, value: Number) -> QPointF:
        plot = self._plot()
        step = plot.width() / max(1, len(self.categories) - 1)
        return QPointF(plot.left() + i * step, plot.bottom() - plot.height() * _f(value) / 100)

    def category_rect(self, index: int) -> QRectF:
        plot = self._plot()
        step = plot.width() / max(1, len(self.categories) - 1)
        return QRectF(plot.left() + index * step - step / 2, plot.top(), step, plot.height() + 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not any(v is not None for v in self.values):
            self._empty(painter, area)
            return
        plot = self._plot()
        for pct in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * pct / 100
            painter.setPen(QColor("#dddddd"))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{pct}%",
            )
        path = QPainterPath()
        started = False
        for i, value in enumerate(self.values):
            if value is None:
                started = False
                continue
            point = self._point(i, value)
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(QPen(PALETTE[1], 2))
        painter.drawPath(path)
        for i, value in enumerate(self.values):
            if value is not None:
                painter.setBrush(PALETTE[2] if i == self.current else PALETTE[1])
                painter.drawEllipse(self._point(i, value), 4, 4)
        painter.setPen(self.palette().windowText().color())
        step = plot.width() / max(1, len(self.categories) - 1)
        for i, name in enumerate(self.categories):
            painter.drawText(
                QRectF(plot.left() + i * step - 20, plot.bottom() + 4, 40, 16),
                Qt.AlignmentFlag.AlignHCenter,
                name,
            )
