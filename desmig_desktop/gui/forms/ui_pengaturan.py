# GENERATED from ui/pengaturan.ui by build/compile_ui.py (pyside6-uic): do not edit.
# Edit the .ui file in Qt Designer and run: uv run python build/compile_ui.py

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFormLayout, QFrame, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton,
    QScrollArea, QSizePolicy, QSpacerItem, QTableView,
    QVBoxLayout, QWidget)

class Ui_PengaturanPage(object):
    def setupUi(self, PengaturanPage):
        if not PengaturanPage.objectName():
            PengaturanPage.setObjectName(u"PengaturanPage")
        PengaturanPage.resize(900, 760)
        self.outerLayout = QVBoxLayout(PengaturanPage)
        self.outerLayout.setObjectName(u"outerLayout")
        self.judul = QLabel(PengaturanPage)
        self.judul.setObjectName(u"judul")
        self.judul.setStyleSheet(u"font-size: 16pt; font-weight: 600;")

        self.outerLayout.addWidget(self.judul)

        self.scroll = QScrollArea(PengaturanPage)
        self.scroll.setObjectName(u"scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scrollContents = QWidget()
        self.scrollContents.setObjectName(u"scrollContents")
        self.contentsLayout = QVBoxLayout(self.scrollContents)
        self.contentsLayout.setObjectName(u"contentsLayout")
        self.kantorGroup = QGroupBox(self.scrollContents)
        self.kantorGroup.setObjectName(u"kantorGroup")
        self.kantorLayout = QHBoxLayout(self.kantorGroup)
        self.kantorLayout.setObjectName(u"kantorLayout")
        self.kantorForm = QFormLayout()
        self.kantorForm.setObjectName(u"kantorForm")
        self.kantorForm.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.pemerintahLabel = QLabel(self.kantorGroup)
        self.pemerintahLabel.setObjectName(u"pemerintahLabel")

        self.kantorForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.pemerintahLabel)

        self.pemerintahEdit = QLineEdit(self.kantorGroup)
        self.pemerintahEdit.setObjectName(u"pemerintahEdit")
        self.pemerintahEdit.setMaxLength(150)

        self.kantorForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.pemerintahEdit)

        self.instansiLabel = QLabel(self.kantorGroup)
        self.instansiLabel.setObjectName(u"instansiLabel")

        self.kantorForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.instansiLabel)

        self.instansiEdit = QLineEdit(self.kantorGroup)
        self.instansiEdit.setObjectName(u"instansiEdit")
        self.instansiEdit.setMaxLength(150)

        self.kantorForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.instansiEdit)

        self.alamatLabel = QLabel(self.kantorGroup)
        self.alamatLabel.setObjectName(u"alamatLabel")

        self.kantorForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.alamatLabel)

        self.alamatEdit = QLineEdit(self.kantorGroup)
        self.alamatEdit.setObjectName(u"alamatEdit")
        self.alamatEdit.setMaxLength(250)

        self.kantorForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.alamatEdit)

        self.teleponLabel = QLabel(self.kantorGroup)
        self.teleponLabel.setObjectName(u"teleponLabel")

        self.kantorForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.teleponLabel)

        self.teleponEdit = QLineEdit(self.kantorGroup)
        self.teleponEdit.setObjectName(u"teleponEdit")
        self.teleponEdit.setMaxLength(60)

        self.kantorForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.teleponEdit)

        self.emailLabel = QLabel(self.kantorGroup)
        self.emailLabel.setObjectName(u"emailLabel")

        self.kantorForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.emailLabel)

        self.emailEdit = QLineEdit(self.kantorGroup)
        self.emailEdit.setObjectName(u"emailEdit")
        self.emailEdit.setMaxLength(120)

        self.kantorForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.emailEdit)

        self.lamanLabel = QLabel(self.kantorGroup)
        self.lamanLabel.setObjectName(u"lamanLabel")

        self.kantorForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.lamanLabel)

        self.lamanEdit = QLineEdit(self.kantorGroup)
        self.lamanEdit.setObjectName(u"lamanEdit")
        self.lamanEdit.setMaxLength(120)

        self.kantorForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.lamanEdit)

        self.kotaLabel = QLabel(self.kantorGroup)
        self.kotaLabel.setObjectName(u"kotaLabel")

        self.kantorForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.kotaLabel)

        self.kotaEdit = QLineEdit(self.kantorGroup)
        self.kotaEdit.setObjectName(u"kotaEdit")
        self.kotaEdit.setMaxLength(80)

        self.kantorForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.kotaEdit)

        self.kodeLabel = QLabel(self.kantorGroup)
        self.kodeLabel.setObjectName(u"kodeLabel")

        self.kantorForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.kodeLabel)

        self.kodeEdit = QLineEdit(self.kantorGroup)
        self.kodeEdit.setObjectName(u"kodeEdit")
        self.kodeEdit.setMaxLength(5)

        self.kantorForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.kodeEdit)

        self.kantorPesan = QLabel(self.kantorGroup)
        self.kantorPesan.setObjectName(u"kantorPesan")
        self.kantorPesan.setStyleSheet(u"color: #b3261e;")
        self.kantorPesan.setWordWrap(True)

        self.kantorForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.kantorPesan)


        self.kantorLayout.addLayout(self.kantorForm)

        self.logoLayout = QVBoxLayout()
        self.logoLayout.setObjectName(u"logoLayout")
        self.logoPreview = QLabel(self.kantorGroup)
        self.logoPreview.setObjectName(u"logoPreview")
        self.logoPreview.setMinimumSize(QSize(120, 120))
        self.logoPreview.setMaximumSize(QSize(120, 120))
        self.logoPreview.setFrameShape(QFrame.StyledPanel)
        self.logoPreview.setAlignment(Qt.AlignCenter)
        self.logoPreview.setWordWrap(True)

        self.logoLayout.addWidget(self.logoPreview)

        self.logoPilihButton = QPushButton(self.kantorGroup)
        self.logoPilihButton.setObjectName(u"logoPilihButton")

        self.logoLayout.addWidget(self.logoPilihButton)

        self.logoHapusButton = QPushButton(self.kantorGroup)
        self.logoHapusButton.setObjectName(u"logoHapusButton")

        self.logoLayout.addWidget(self.logoHapusButton)

        self.logoSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.logoLayout.addItem(self.logoSpacer)


        self.kantorLayout.addLayout(self.logoLayout)


        self.contentsLayout.addWidget(self.kantorGroup)

        self.ttdGroup = QGroupBox(self.scrollContents)
        self.ttdGroup.setObjectName(u"ttdGroup")
        self.ttdLayout = QVBoxLayout(self.ttdGroup)
        self.ttdLayout.setObjectName(u"ttdLayout")
        self.ttdPetunjuk = QLabel(self.ttdGroup)
        self.ttdPetunjuk.setObjectName(u"ttdPetunjuk")
        self.ttdPetunjuk.setWordWrap(True)

        self.ttdLayout.addWidget(self.ttdPetunjuk)

        self.ttdTable = QTableView(self.ttdGroup)
        self.ttdTable.setObjectName(u"ttdTable")
        self.ttdTable.setMinimumSize(QSize(0, 170))
        self.ttdTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.ttdTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.ttdTable.setAlternatingRowColors(True)

        self.ttdLayout.addWidget(self.ttdTable)

        self.ttdButtons = QHBoxLayout()
        self.ttdButtons.setObjectName(u"ttdButtons")
        self.ttdTambahButton = QPushButton(self.ttdGroup)
        self.ttdTambahButton.setObjectName(u"ttdTambahButton")

        self.ttdButtons.addWidget(self.ttdTambahButton)

        self.ttdHapusButton = QPushButton(self.ttdGroup)
        self.ttdHapusButton.setObjectName(u"ttdHapusButton")

        self.ttdButtons.addWidget(self.ttdHapusButton)

        self.ttdNaikButton = QPushButton(self.ttdGroup)
        self.ttdNaikButton.setObjectName(u"ttdNaikButton")

        self.ttdButtons.addWidget(self.ttdNaikButton)

        self.ttdTurunButton = QPushButton(self.ttdGroup)
        self.ttdTurunButton.setObjectName(u"ttdTurunButton")

        self.ttdButtons.addWidget(self.ttdTurunButton)

        self.ttdSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.ttdButtons.addItem(self.ttdSpacer)


        self.ttdLayout.addLayout(self.ttdButtons)

        self.ttdPesan = QLabel(self.ttdGroup)
        self.ttdPesan.setObjectName(u"ttdPesan")
        self.ttdPesan.setStyleSheet(u"color: #b3261e;")
        self.ttdPesan.setWordWrap(True)

        self.ttdLayout.addWidget(self.ttdPesan)


        self.contentsLayout.addWidget(self.ttdGroup)

        self.preferensiGroup = QGroupBox(self.scrollContents)
        self.preferensiGroup.setObjectName(u"preferensiGroup")
        self.preferensiForm = QFormLayout(self.preferensiGroup)
        self.preferensiForm.setObjectName(u"preferensiForm")
        self.kertasLabel = QLabel(self.preferensiGroup)
        self.kertasLabel.setObjectName(u"kertasLabel")

        self.preferensiForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kertasLabel)

        self.kertasCombo = QComboBox(self.preferensiGroup)
        self.kertasCombo.setObjectName(u"kertasCombo")

        self.preferensiForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.kertasCombo)

        self.rupiahSpasiCheck = QCheckBox(self.preferensiGroup)
        self.rupiahSpasiCheck.setObjectName(u"rupiahSpasiCheck")

        self.preferensiForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.rupiahSpasiCheck)

        self.penggunaLabel = QLabel(self.preferensiGroup)
        self.penggunaLabel.setObjectName(u"penggunaLabel")

        self.preferensiForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.penggunaLabel)

        self.penggunaEdit = QLineEdit(self.preferensiGroup)
        self.penggunaEdit.setObjectName(u"penggunaEdit")

        self.preferensiForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.penggunaEdit)


        self.contentsLayout.addWidget(self.preferensiGroup)

        self.scroll.setWidget(self.scrollContents)

        self.outerLayout.addWidget(self.scroll)

        self.actionLayout = QHBoxLayout()
        self.actionLayout.setObjectName(u"actionLayout")
        self.statusPesan = QLabel(PengaturanPage)
        self.statusPesan.setObjectName(u"statusPesan")
        self.statusPesan.setWordWrap(True)

        self.actionLayout.addWidget(self.statusPesan)

        self.actionSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionLayout.addItem(self.actionSpacer)

        self.batalButton = QPushButton(PengaturanPage)
        self.batalButton.setObjectName(u"batalButton")

        self.actionLayout.addWidget(self.batalButton)

        self.simpanButton = QPushButton(PengaturanPage)
        self.simpanButton.setObjectName(u"simpanButton")

        self.actionLayout.addWidget(self.simpanButton)


        self.outerLayout.addLayout(self.actionLayout)

#if QT_CONFIG(shortcut)
        self.pemerintahLabel.setBuddy(self.pemerintahEdit)
        self.instansiLabel.setBuddy(self.instansiEdit)
        self.alamatLabel.setBuddy(self.alamatEdit)
        self.teleponLabel.setBuddy(self.teleponEdit)
        self.emailLabel.setBuddy(self.emailEdit)
        self.lamanLabel.setBuddy(self.lamanEdit)
        self.kotaLabel.setBuddy(self.kotaEdit)
        self.kodeLabel.setBuddy(self.kodeEdit)
        self.kertasLabel.setBuddy(self.kertasCombo)
        self.penggunaLabel.setBuddy(self.penggunaEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.pemerintahEdit, self.instansiEdit)
        QWidget.setTabOrder(self.instansiEdit, self.alamatEdit)
        QWidget.setTabOrder(self.alamatEdit, self.teleponEdit)
        QWidget.setTabOrder(self.teleponEdit, self.emailEdit)
        QWidget.setTabOrder(self.emailEdit, self.lamanEdit)
        QWidget.setTabOrder(self.lamanEdit, self.kotaEdit)
        QWidget.setTabOrder(self.kotaEdit, self.kodeEdit)
        QWidget.setTabOrder(self.kodeEdit, self.logoPilihButton)
        QWidget.setTabOrder(self.logoPilihButton, self.logoHapusButton)
        QWidget.setTabOrder(self.logoHapusButton, self.ttdTable)
        QWidget.setTabOrder(self.ttdTable, self.ttdTambahButton)
        QWidget.setTabOrder(self.ttdTambahButton, self.ttdHapusButton)
        QWidget.setTabOrder(self.ttdHapusButton, self.ttdNaikButton)
        QWidget.setTabOrder(self.ttdNaikButton, self.ttdTurunButton)
        QWidget.setTabOrder(self.ttdTurunButton, self.kertasCombo)
        QWidget.setTabOrder(self.kertasCombo, self.rupiahSpasiCheck)
        QWidget.setTabOrder(self.rupiahSpasiCheck, self.penggunaEdit)
        QWidget.setTabOrder(self.penggunaEdit, self.simpanButton)
        QWidget.setTabOrder(self.simpanButton, self.batalButton)

        self.retranslateUi(PengaturanPage)

        self.simpanButton.setDefault(True)

    # setupUi

    def retranslateUi(self, PengaturanPage):
        self.judul.setText(QCoreApplication.translate("PengaturanPage", u"Pengaturan", None))
        self.kantorGroup.setTitle(QCoreApplication.translate("PengaturanPage", u"Identitas kantor (kop surat)", None))
        self.pemerintahLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Pemerintah:", None))
        self.pemerintahEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"PEMERINTAH KABUPATEN TULUNGAGUNG", None))
        self.instansiLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Instansi: *", None))
        self.instansiEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"DINAS TENAGA KERJA", None))
        self.alamatLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Alamat:", None))
        self.alamatEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"Jl. Sultan Agung No. 2, Tulungagung 66215", None))
        self.teleponLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Telepon:", None))
        self.teleponEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"(0355) 321456", None))
        self.emailLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Surel:", None))
        self.emailEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"disnaker@contoh.go.id", None))
        self.lamanLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Laman:", None))
        self.kotaLabel.setText(QCoreApplication.translate("PengaturanPage", u"&Kota (tempat tanggal): *", None))
        self.kotaEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"Tulungagung", None))
        self.kodeLabel.setText(QCoreApplication.translate("PengaturanPage", u"Kode &kabupaten/kota:", None))
        self.kodeEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"35.04", None))
        self.logoPreview.setText(QCoreApplication.translate("PengaturanPage", u"Belum ada logo", None))
        self.logoPilihButton.setText(QCoreApplication.translate("PengaturanPage", u"Pilih &logo\u2026", None))
        self.logoHapusButton.setText(QCoreApplication.translate("PengaturanPage", u"Hapus logo", None))
        self.ttdGroup.setTitle(QCoreApplication.translate("PengaturanPage", u"Penandatangan dokumen", None))
        self.ttdPetunjuk.setText(QCoreApplication.translate("PengaturanPage", u"Klik dua kali atau tekan F2 untuk mengubah sel. NIP 18 angka, mis. 19860926 201505 1 001.", None))
        self.ttdTambahButton.setText(QCoreApplication.translate("PengaturanPage", u"&Tambah penandatangan", None))
        self.ttdHapusButton.setText(QCoreApplication.translate("PengaturanPage", u"&Hapus", None))
        self.ttdNaikButton.setText(QCoreApplication.translate("PengaturanPage", u"Naik", None))
        self.ttdTurunButton.setText(QCoreApplication.translate("PengaturanPage", u"Turun", None))
        self.preferensiGroup.setTitle(QCoreApplication.translate("PengaturanPage", u"Preferensi dokumen", None))
        self.kertasLabel.setText(QCoreApplication.translate("PengaturanPage", u"Ukuran &kertas:", None))
        self.rupiahSpasiCheck.setText(QCoreApplication.translate("PengaturanPage", u"Spasi setelah \"Rp\" (Rp 1.250.000; tanpa spasi: Rp1.250.000)", None))
        self.penggunaLabel.setText(QCoreApplication.translate("PengaturanPage", u"Nama &pengguna:", None))
        self.penggunaEdit.setPlaceholderText(QCoreApplication.translate("PengaturanPage", u"untuk riwayat perubahan (kosong: nama akun Windows)", None))
        self.batalButton.setText(QCoreApplication.translate("PengaturanPage", u"&Batalkan perubahan", None))
        self.simpanButton.setText(QCoreApplication.translate("PengaturanPage", u"&Simpan", None))
        pass
    # retranslateUi

