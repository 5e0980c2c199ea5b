; Desmig Desktop installer (NSIS 3, Modern UI 2), in Indonesian.
;
; Per-user: no administrator rights needed (RequestExecutionLevel user). The program goes
; to %LOCALAPPDATA%\Programs\Desmig Desktop; the user's data (database, backups, logs,
; settings) lives apart in %LOCALAPPDATA%\Desmig\Desmig Desktop, which this installer never
; writes and the uninstaller never deletes.
;
; Build (Windows, after build/build_app.py has made build\dist\desmig-desktop):
;     makensis build\installer.nsi
; Defines (all optional, -DNAME=value):
;     DIST_DIR   the one-folder bundle            (default: dist\desmig-desktop, beside this file)
;     APP_EXE    the program inside it            (default: desmig-desktop.exe)
;     VERSION    x.y.z                            (default: __version__ of desmig_desktop)
;     OUTFILE    the installer to write           (default: dist\DesmigDesktop-VERSION-setup.exe)
;     COMPRESSOR lzma (solid, default) or zlib    (zlib: fast test builds)
; Debian's makensis compiles this script too. There the bundle is the Linux one, so the
; result only proves that the script compiles (pass -DAPP_EXE=desmig-desktop); the real
; installer is built on Windows (.github/workflows/windows.yml).

Unicode true
ManifestDPIAware true

!define APP_NAME "Desmig Desktop"
!define COMPANY "Desmig"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\DesmigDesktop"

!ifndef VERSION
  !searchparse /file "..\desmig_desktop\__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef DIST_DIR
  !define DIST_DIR "dist\desmig-desktop"
!endif
!ifndef APP_EXE
  !define APP_EXE "desmig-desktop.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "dist\DesmigDesktop-${VERSION}-setup.exe"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"
!endif

!if "${COMPRESSOR}" == "lzma"
  SetCompressor /SOLID lzma
!else
  SetCompressor ${COMPRESSOR}
!endif

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

; The installer's own version resource (Windows > Properties > Details).
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1057 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1057 "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=1057 "FileDescription" "Pemasang ${APP_NAME}"
VIAddVersionKey /LANG=1057 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1057 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1057 "LegalCopyright" "Tim Desmig Desktop"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define MUI_ICON "..\resources\icons\desmig.ico"
!define MUI_UNICON "..\resources\icons\desmig.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TEXT "Program ini akan memasang ${APP_NAME} ${VERSION} untuk akun Windows \
Anda saja, tanpa hak administrator.$\r$\n$\r$\nData Anda (basis data, cadangan, log) disimpan \
terpisah di folder data pengguna dan tidak tersentuh oleh pemasangan, pembaruan, maupun \
penghapusan program.$\r$\n$\r$\nTutup ${APP_NAME} bila sedang terbuka, lalu klik Lanjut."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Jalankan ${APP_NAME} sekarang"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "${APP_NAME} akan dihapus dari komputer ini. Basis data, \
cadangan, dan log Anda di $LOCALAPPDATA\${COMPANY}\${APP_NAME} TIDAK ikut dihapus."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Indonesian"

Function .onInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} memerlukan Windows 10 atau Windows 11 (64-bit)."
    Abort
  ${EndIf}
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} memerlukan Windows 64-bit."
    Abort
  ${EndIf}
FunctionEnd

Section "${APP_NAME} (wajib)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update replaces the program files; the old _internal goes first so that no file of
  ; the previous version is left behind. The data folder is elsewhere and is not touched.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*.*"
  WriteUninstaller "$INSTDIR\Hapus ${APP_NAME}.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${COMPANY}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Hapus ${APP_NAME}.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Hapus ${APP_NAME}.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Pintasan di Desktop" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Section "-Ukuran" SecSize
  ; The size Windows shows under Apps & features, in KiB.
  SectionGetSize ${SecApp} $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  ; Only what the installer put here. Never RMDir /r "$INSTDIR": it may be a folder the
  ; user chose that holds other files. The data folder
  ; ($LOCALAPPDATA\Desmig\Desmig Desktop: database, backups, logs, settings) is kept.
  Delete "$DESKTOP\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\Hapus ${APP_NAME}.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "Data Anda tetap tersimpan di $LOCALAPPDATA\${COMPANY}\${APP_NAME}."
SectionEnd
