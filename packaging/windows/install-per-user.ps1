# Critical Friend for one user, where the MSI cannot be installed per machine:
# copies the program to %LOCALAPPDATA%\Programs\Critical Friend, adds a Start
# menu shortcut and opens .cfriend files with it, all under HKCU (no
# administrator needed). AppLocker's default rules block programs under the
# user's profile, so this is the fallback, not the way IT should deploy.
# Not run here: there is no Windows machine in this project's CI.
param([string]$Source = "$PSScriptRoot\critical-friend.exe")
$ErrorActionPreference = "Stop"
$folder = Join-Path $env:LOCALAPPDATA "Programs\Critical Friend"
New-Item -ItemType Directory -Force -Path $folder | Out-Null
$exe = Join-Path $folder "critical-friend.exe"
Copy-Item -Force $Source $exe

$shell = New-Object -ComObject WScript.Shell
$menu = Join-Path ([Environment]::GetFolderPath("Programs")) "Critical Friend.lnk"
$link = $shell.CreateShortcut($menu)
$link.TargetPath = $exe
$link.Save()

$classes = "HKCU:\Software\Classes"
New-Item -Force -Path "$classes\.cfriend" -Value "CriticalFriend.Exchange" | Out-Null
New-Item -Force -Path "$classes\CriticalFriend.Exchange" -Value "Critical Friend assessment" | Out-Null
New-Item -Force -Path "$classes\CriticalFriend.Exchange\shell\open\command" -Value "`"$exe`" `"%1`"" | Out-Null
Write-Output "Critical Friend installed for $env:USERNAME in $folder"
