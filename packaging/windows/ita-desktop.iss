; Inno Setup 6 script: the Windows installer of ITA Desktop.
;
; Build the bundle first (dist\ita-desktop\, see BUILD.md beside this file), then, from the
; repository folder:
;     iscc /DAppVersion=0.1.0 packaging\windows\ita-desktop.iss
; The installer lands in dist\ITA-Desktop-<version>-setup.exe.
;
; Installs dist\ita-desktop\* into {autopf}\ITA Desktop: C:\Program Files\ITA Desktop when run
; with administrator rights, or %LOCALAPPDATA%\Programs\ITA Desktop for the current user only
; (the clerk chooses in the first dialog; no administrator needed for that).
; Start-menu shortcut (and, if ticked, a desktop shortcut) to ita-desktop.exe.
; Uninstalling removes only the program's files: the clerk's data folder
; (%APPDATA%\ITA Desktop\ITA Desktop: the database, backups, logs) is kept, and the uninstaller says so.
; Needs Inno Setup 6.3 or later (x64compatible).
; Languages: the installer is in English. Inno Setup ships no Thai (its official languages do not
; include Thai); a Thai translation exists only among the unofficial translations
; (https://jrsoftware.org/files/istrans/). Put that Thai.isl beside this script, as
; packaging\windows\Thai.isl, and the installer offers Thai as well (chosen from the Windows
; language); without that file it is English only and the Thai lines below are left out.

#ifndef AppVersion
  #error Give the program version: iscc /DAppVersion=0.1.0 packaging\windows\ita-desktop.iss
#endif

#define AppName "ITA Desktop"
#define AppExe "ita-desktop.exe"
#define Root SourcePath + "..\.."
#define DistDir Root + "\dist\ita-desktop"
; packaging\windows\Thai.isl, if the builder put it there (not part of Inno Setup: see above)
#define ThaiIsl AddBackslash(SourcePath) + "Thai.isl"
#if FileExists(ThaiIsl)
  #define HaveThai
#endif

#if !FileExists(DistDir + "\" + AppExe)
  #error dist\ita-desktop\ita-desktop.exe is missing: build the bundle first (packaging\windows\BUILD.md)
#endif

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{7705C259-696C-4BEF-875E-968BB698816E}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppCopyright=GPL-2.0-or-later
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
SetupIconFile={#Root}\resources\icons\ita-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#Root}\dist
OutputBaseFilename=ITA-Desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#ifdef HaveThai
Name: "thai"; MessagesFile: "{#ThaiIsl}"
#endif

[CustomMessages]
english.DataKept=Your data has been kept: the database, its backups and the logs are still in%n%n%1%n%n(or in the folder chosen in Tools → Settings). Installing ITA Desktop again uses them. Delete that folder yourself only if you no longer need the data.
#ifdef HaveThai
thai.DataKept=ข้อมูลของท่านยังอยู่ครบ: ฐานข้อมูล สำเนาสำรอง และบันทึกการทำงาน ยังเก็บไว้ที่%n%n%1%n%n(หรือในโฟลเดอร์ที่เลือกไว้ในเมนู เครื่องมือ → ตั้งค่า) เมื่อติดตั้ง ITA Desktop ใหม่จะใช้ข้อมูลเดิมต่อได้ทันที ลบโฟลเดอร์นั้นเองเฉพาะเมื่อไม่ต้องการข้อมูลแล้วเท่านั้น
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries: files of the previous version that the new one no longer has go.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// After uninstalling: say where the data folder is and that it was kept (never deleted here).
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{userappdata}\{#AppName}\{#AppName}')]),
           mbInformation, MB_OK);
end;
