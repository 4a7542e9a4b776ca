/* The page file item's fixed PowerShell text (see script.h and catalog.c's
 * "pagefile"): Windows' documented switch, Win32_ComputerSystem
 * AutomaticManagedPagefile (Microsoft Learn, Win32_ComputerSystem class:
 * https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-computersystem),
 * and the PagingFiles REG_MULTI_SZ value the Session Manager reads at boot
 * (HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Memory Management).
 * The functions receive only catalogue strings (quoted with ps_quote) and,
 * in the undo, PagingFiles entries rebuilt from a state file's validated
 * fields (win_state_paging_format). */
#include "win/script-ps.h"

const char ps_pagefile_record_fn[] =
    "\n"
    "# The page file settings: AutomaticManagedPagefile (null when CIM does not\n"
    "# answer) and the PagingFiles value, as a list of strings.\n"
    "function HrPagefileRecord([string]$Path, [string]$Name) {\n"
    "    $auto = $null\n"
    "    try { $auto = [bool](Get-CimInstance -ClassName "
    "Win32_ComputerSystem).AutomaticManagedPagefile "
    "} catch { }\n"
    "    $v = HrReg $Path $Name\n"
    "    $files = @()\n"
    "    if ($v.exists) { $files = @(@($v.value) | ForEach-Object { [string]$_ }) }\n"
    "    return [ordered]@{ path = $Path; name = $Name; automatic_managed = $auto; exists = "
    "$v.exists; kind = $v.kind; paging_files = $files }\n"
    "}\n";

const char ps_pagefile_apply_fn[] =
    "\n"
    "# System managed: Windows sizes the page file itself from the next boot and\n"
    "# writes PagingFiles as '?:\\pagefile.sys'. Read back through CIM.\n"
    "function HrSetPagefileManaged([string]$Id, [string]$Path, [string]$Name) {\n"
    "    try {\n"
    "        $cs = Get-CimInstance -ClassName Win32_ComputerSystem\n"
    "        if (-not $cs.AutomaticManagedPagefile) { Set-CimInstance -InputObject $cs -Property "
    "@{ "
    "AutomaticManagedPagefile = $true } }\n"
    "        $after = HrPagefileRecord $Path $Name\n"
    "        $files = @($after.paging_files) -join ', '\n"
    "        if ($after.automatic_managed -eq $true) { Write-Host ('  boot    {0}: "
    "AutomaticManagedPagefile=True (read back), {1}={2}; Windows sizes the page file from the "
    "next restart' -f $Id, $Name, $files); return 'boot' }\n"
    "        Write-Host ('  FAILED  {0}: AutomaticManagedPagefile is {1}, {2}={3}' -f $Id, "
    "$after.automatic_managed, $Name, $files); return 'failed'\n"
    "    } catch { Write-Host ('  FAILED  {0}: {1}' -f $Id, $_.Exception.Message); return 'failed' "
    "}\n"
    "}\n";

const char ps_pagefile_undo_fn[] =
    "\n"
    "# Puts back AutomaticManagedPagefile, then PagingFiles exactly as recorded (a\n"
    "# value that did not exist is removed; CIM rewrites PagingFiles when the\n"
    "# switch changes, so the value comes second), and reads both back. Windows\n"
    "# applies them at the next boot.\n"
    "function HrRestorePagefile([string]$Id, [string]$Path, [string]$Name, [object]$Auto, "
    "[bool]$Existed, [string[]]$Files) {\n"
    "    try {\n"
    "        if ($null -ne $Auto) {\n"
    "            $cs = Get-CimInstance -ClassName Win32_ComputerSystem\n"
    "            if ([bool]$cs.AutomaticManagedPagefile -ne [bool]$Auto) { Set-CimInstance "
    "-InputObject $cs -Property @{ AutomaticManagedPagefile = [bool]$Auto } }\n"
    "        }\n"
    "        if ($Existed) { Set-ItemProperty -LiteralPath $Path -Name $Name -Value "
    "([string[]]@($Files)) -Type MultiString }\n"
    "        elseif ((HrReg $Path $Name).exists) { Remove-ItemProperty -LiteralPath $Path -Name "
    "$Name }\n"
    "        $after = HrPagefileRecord $Path $Name\n"
    "        $files = @($after.paging_files) -join ', '\n"
    "        $okAuto = ($null -eq $Auto) -or ($after.automatic_managed -eq [bool]$Auto)\n"
    "        $okFiles = ($after.exists -eq $Existed) -and (-not $Existed -or "
    "((@($after.paging_files) "
    "-join '|') -eq (@($Files) -join '|')))\n"
    "        if ($okAuto -and $okFiles) { Write-Host ('  boot    {0}: "
    "AutomaticManagedPagefile={1}, "
    "{2}={3} again (read back); Windows applies them at the next restart' -f $Id, "
    "$after.automatic_managed, $Name, $files); return 'boot' }\n"
    "        Write-Host ('  FAILED  {0}: AutomaticManagedPagefile={1}, {2}={3}, not as recorded' "
    "-f "
    "$Id, $after.automatic_managed, $Name, $files); return 'failed'\n"
    "    } catch { Write-Host ('  FAILED  {0}: {1}' -f $Id, $_.Exception.Message); return 'failed' "
    "}\n"
    "}\n";
