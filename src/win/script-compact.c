/* The compaction script (see script-compact.h). The fixed text is below;
 * per disk only a validated GUID is added. */
#include "win/script-compact.h"

#include <errno.h>
#include <string.h>

#include "version.h"
#include "win/script.h"

bool win_guid_ok(const char *s)
{
    if (!s || strlen(s) != 38 || s[0] != '{' || s[37] != '}')
        return false;
    for (int i = 1; i < 37; i++) {
        char c = s[i];
        if (i == 9 || i == 14 || i == 19 || i == 24) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

/* What every headroom script starts with (script-ps.c's preamble), for a
 * script that changes disks rather than services: the administrator check
 * (diskpart and Optimize-VHD need it), the ok/FAILED counters. */
static const char ps_compact_preamble[] =
    "$ErrorActionPreference = 'Stop'\n"
    "$ProgressPreference = 'SilentlyContinue'\n"
    "$HrId = [Security.Principal.WindowsIdentity]::GetCurrent()\n"
    "$HrAdmin = (New-Object "
    "Security.Principal.WindowsPrincipal($HrId)).IsInRole([Security.Principal.WindowsBuiltInRole]::"
    "Administrator)\n"
    "if (-not $HrAdmin) {\n"
    "    Write-Host 'headroom: compacting a virtual disk (Optimize-VHD, diskpart) needs an "
    "administrator: run it as administrator'\n"
    "    Write-Host '  (Windows PowerShell > Run as administrator, then: powershell "
    "-ExecutionPolicy Bypass -File <this file>)'\n"
    "    exit 1\n"
    "}\n"
    "# Each disk ends as ok (compacted, its size read back) or FAILED.\n"
    "$HrOk = 0\n"
    "$HrFailed = 0\n"
    "function HrCount([string]$Result) {\n"
    "    if ($Result -eq 'ok') { $script:HrOk++ }\n"
    "    elseif ($Result -ne 'skip') { $script:HrFailed++ }\n"
    "}\n";

/* Reads the disk's path from the registry, as WSL does
 * (src/windows/service/exe/DistributionRegistration.h @3e27a6a: BasePath,
 * VhdFileName with "ext4.vhdx" as its default). */
static const char ps_compact_fns[] =
    "\n"
    "$HrLxss = 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss'\n"
    "function HrVhd([string]$Guid) {\n"
    "    $k = Get-Item -LiteralPath (Join-Path $HrLxss $Guid) -ErrorAction SilentlyContinue\n"
    "    if ($null -eq $k) { return $null }\n"
    "    $base = [string]$k.GetValue('BasePath')\n"
    "    if (-not $base) { return $null }\n"
    "    if ($base.StartsWith('\\\\?\\')) { $base = $base.Substring(4) }\n"
    "    $file = [string]$k.GetValue('VhdFileName')\n"
    "    if (-not $file) { $file = 'ext4.vhdx' }\n"
    "    return [ordered]@{ guid = $Guid; name = [string]$k.GetValue('DistributionName'); path = "
    "(Join-Path $base $file) }\n"
    "}\n"
    "\n"
    "# True once no VM holds the file (a running VM keeps its disk open unshared).\n"
    "function HrReleased([string]$Path) {\n"
    "    try { $s = [IO.File]::Open($Path, 'Open', 'ReadWrite', 'None'); $s.Close(); return $true "
    "}\n"
    "    catch { return $false }\n"
    "}\n"
    "\n"
    "# diskpart reads its script in the ANSI code page: a path that does not\n"
    "# survive it is refused rather than mangled.\n"
    "function HrDiskpart([string]$Path) {\n"
    "    $enc = [Text.Encoding]::Default\n"
    "    if ($enc.GetString($enc.GetBytes($Path)) -ne $Path) { throw 'the path has characters "
    "diskpart cannot be given in a script; install the Hyper-V module (Optimize-VHD) instead' }\n"
    "    $tmp = Join-Path $env:TEMP ('headroom-compact-' + [guid]::NewGuid().ToString() + "
    "'.txt')\n"
    "    $lines = @('select vdisk file=\"' + $Path + '\"', 'attach vdisk readonly', 'compact "
    "vdisk', 'detach vdisk')\n"
    "    [IO.File]::WriteAllLines($tmp, $lines, $enc)\n"
    "    try {\n"
    "        $out = & diskpart.exe /s $tmp 2>&1 | Out-String\n"
    "        $code = $LASTEXITCODE\n"
    "    } finally { Remove-Item -LiteralPath $tmp -ErrorAction SilentlyContinue }\n"
    "    if ($code -ne 0) {\n"
    "        $dt = HrDetachScript $Path $enc\n"
    "        & diskpart.exe /s $dt | Out-Null\n"
    "        Remove-Item -LiteralPath $dt -ErrorAction SilentlyContinue\n"
    "        throw ('diskpart exit code ' + $code + ': ' + ($out -replace '\\s+', ' ').Trim())\n"
    "    }\n"
    "}\n"
    "\n"
    "# If compact failed with the disk attached, a second diskpart detaches it.\n"
    "function HrDetachScript([string]$Path, $Enc) {\n"
    "    $t = Join-Path $env:TEMP ('headroom-detach-' + [guid]::NewGuid().ToString() + '.txt')\n"
    "    [IO.File]::WriteAllLines($t, @('select vdisk file=\"' + $Path + '\"', 'detach vdisk "
    "noerr'), $Enc)\n"
    "    return $t\n"
    "}\n"
    "\n"
    "function HrCompact($Disk) {\n"
    "    $p = $Disk.path\n"
    "    $before = (Get-Item -LiteralPath $p).Length\n"
    "    $how = 'diskpart compact vdisk'\n"
    "    try {\n"
    "        if (Get-Command -Name 'Optimize-VHD' -ErrorAction SilentlyContinue) {\n"
    "            $how = 'Optimize-VHD -Mode Full'\n"
    "            Optimize-VHD -Path $p -Mode Full\n"
    "        } else {\n"
    "            HrDiskpart $p\n"
    "        }\n"
    "    } catch {\n"
    "        Write-Host ('  FAILED  {0}: {1} via {2}: {3}' -f $Disk.name, $p, $how, "
    "$_.Exception.Message)\n"
    "        return [ordered]@{ guid = $Disk.guid; path = $p; how = $how; size_before = $before; "
    "size_after = $before; result = 'failed' }\n"
    "    }\n"
    "    $after = (Get-Item -LiteralPath $p).Length\n"
    "    $saved = $before - $after\n"
    "    Write-Host ('  ok      {0}: {1} via {2}: {3:N1} GiB -> {4:N1} GiB ({5:N1} GiB given back; "
    "sizes read back)' -f $Disk.name, $p, $how, ($before / 1GB), ($after / 1GB), ($saved / "
    "1GB))\n"
    "    return [ordered]@{ guid = $Disk.guid; path = $p; how = $how; size_before = $before; "
    "size_after = $after; result = 'ok' }\n"
    "}\n"
    "\n"
    "# The state file of the tuning scripts: the compaction is added under\n"
    "# \"compactions\" (a record: compacting keeps every byte inside, so there is\n"
    "# nothing to undo); everything else in it is kept as it is.\n"
    "function HrRecord($Entries) {\n"
    "    try {\n"
    "        if (Test-Path -LiteralPath $HrStatePath) {\n"
    "            $base = Get-Content -LiteralPath $HrStatePath -Raw -Encoding UTF8 | "
    "ConvertFrom-Json\n"
    "            if ($base.format -ne $HrFormat) { throw 'it is not a headroom state file' }\n"
    "            $state = [ordered]@{}\n"
    "            foreach ($prop in $base.PSObject.Properties) { $state[$prop.Name] = $prop.Value "
    "}\n"
    "        } else {\n"
    "            $state = [ordered]@{ format = $HrFormat; created = $HrNow; headroom = $HrVersion; "
    "items = @() }\n"
    "        }\n"
    "        $state['compactions'] = @(@($state['compactions'] | Where-Object { $null -ne $_ }) + "
    "@($Entries | ForEach-Object { $_['when'] = $HrNow; $_ }))\n"
    "        $state['updated'] = $HrNow\n"
    "        [IO.File]::WriteAllText($HrStatePath + '.tmp', (ConvertTo-Json -InputObject $state "
    "-Depth 8), (New-Object Text.UTF8Encoding $false))\n"
    "        Move-Item -LiteralPath ($HrStatePath + '.tmp') -Destination $HrStatePath -Force\n"
    "        Write-Host ('headroom: recorded in ' + $HrStatePath)\n"
    "    } catch {\n"
    "        Write-Host ('headroom: could not record it in ' + $HrStatePath + ': ' + "
    "$_.Exception.Message + ' (the disks are compacted all the same)')\n"
    "    }\n"
    "}\n";

static const char ps_compact_body[] =
    "\n# ---- 1. find the disks (nothing has changed yet) ----\n"
    "$HrDisks = @()\n"
    "foreach ($g in $HrGuids) {\n"
    "    $d = HrVhd $g\n"
    "    if ($null -eq $d) { Write-Host ('  skip    {0}: no such distribution registered for this "
    "user (HKCU), or no BasePath' -f $g); continue }\n"
    "    if (-not (Test-Path -LiteralPath $d.path)) { Write-Host ('  skip    {0}: no {1}' -f "
    "$d.name, $d.path); continue }\n"
    "    Write-Host ('headroom: {0}: {1}, {2:N1} GiB' -f $d.name, $d.path, ((Get-Item "
    "-LiteralPath $d.path).Length / 1GB))\n"
    "    $HrDisks += ,$d\n"
    "}\n"
    "if ($HrDisks.Count -eq 0) { Write-Host 'headroom: no virtual disk to compact; nothing was "
    "changed.'; exit 1 }\n"
    "\n"
    "# ---- 2. stop WSL: every distribution, and the VM ----\n"
    "if (-not $Yes) {\n"
    "    $a = Read-Host 'headroom: this runs wsl --shutdown, which stops every WSL distribution "
    "and what runs in them. Type y to go on'\n"
    "    if ($a -ne 'y') { Write-Host 'headroom: nothing was changed.'; exit 1 }\n"
    "}\n"
    "& wsl.exe --shutdown\n"
    "if ($LASTEXITCODE -ne 0) { Write-Host ('headroom: wsl --shutdown exit code ' + "
    "$LASTEXITCODE + '; nothing was compacted.'); exit 1 }\n"
    "\n"
    "# ---- 3. compact each disk once no VM holds it, and read its size back ----\n"
    "$HrDone = @()\n"
    "foreach ($d in $HrDisks) {\n"
    "    $free = $false\n"
    "    for ($i = 0; $i -lt 60 -and -not $free; $i++) { $free = HrReleased $d.path; if (-not "
    "$free) { Start-Sleep -Seconds 1 } }\n"
    "    if (-not $free) {\n"
    "        Write-Host ('  FAILED  {0}: {1} is still in use 60 s after wsl --shutdown (Docker "
    "Desktop restarts its distributions: quit it first)' -f $d.name, $d.path)\n"
    "        HrCount 'failed'\n"
    "        continue\n"
    "    }\n"
    "    $r = HrCompact $d\n"
    "    HrCount $r.result\n"
    "    $HrDone += ,$r\n"
    "}\n"
    "if ($HrDone.Count -gt 0) { HrRecord $HrDone }\n"
    "\n"
    "# ---- 4. restart nothing ----\n"
    "Write-Host ''\n"
    "Write-Host ('headroom: {0} compacted (size read back), {1} FAILED' -f $HrOk, $HrFailed)\n"
    "Write-Host 'headroom: WSL was left stopped; it starts again when you open a distribution "
    "(or run wsl.exe).'\n"
    "exit $HrFailed\n";

int win_script_compact(const char *const *guids, size_t n, time_t now, struct strbuf *out)
{
    if (n == 0 || n > WIN_COMPACT_MAX)
        return -EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!win_guid_ok(guids[i]))
            return -EINVAL;
    struct strbuf sb = STRBUF_INIT;
    win_script_header(&sb, "compaction", now);
    strbuf_addstr(&sb, "# Compacts the virtual disks of these WSL distributions (their keys under\n"
                       "# HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss):\n");
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "#   %s\n", guids[i]);
    win_script_comment(
        &sb, "",
        "What it does: 1. reads each disk's path from the registry and its size; 2. asks, then "
        "runs wsl --shutdown (every distribution stops); 3. compacts each disk once no VM holds "
        "it: Optimize-VHD -Mode Full where the Hyper-V module is installed, else diskpart "
        "(attach vdisk readonly, compact vdisk, detach vdisk), and reads its size back: ok or "
        "FAILED per disk; 4. records before and after under \"compactions\" in "
        "headroom-state.json beside this script, and restarts nothing. Compacting gives back "
        "only blocks the disk no longer uses: run sudo fstrim -v / inside WSL first. "
        "-Yes skips the question before wsl --shutdown.");
    strbuf_addstr(&sb, "#\n\nparam([switch]$Yes)\n\n");
    strbuf_addstr(&sb, ps_compact_preamble);
    strbuf_addstr(&sb,
                  "$HrHere = $PSScriptRoot\n"
                  "if (-not $HrHere) { $HrHere = (Get-Location).Path }\n"
                  "if ($HrHere -like '\\\\wsl*') {\n"
                  "    Write-Host 'headroom: this script is in a folder inside WSL, which "
                  "wsl --shutdown takes away: copy it into a Windows folder (your profile) and "
                  "run it from there. Nothing was changed.'\n"
                  "    exit 1\n"
                  "}\n"
                  "$HrStatePath = Join-Path $HrHere 'headroom-state.json'\n"
                  "$HrFormat = ");
    int r = ps_quote(&sb, WIN_STATE_FORMAT);
    strbuf_addstr(&sb, "\n$HrVersion = ");
    r |= ps_quote(&sb, HEADROOM_VERSION);
    strbuf_addstr(&sb,
                  "\n$HrNow = (Get-Date).ToUniversalTime().ToString(\"yyyy-MM-dd'T'HH:mm:ss'Z'\")\n"
                  "$HrGuids = @(");
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addstr(&sb, ", ");
        r |= ps_quote(&sb, guids[i]);
    }
    strbuf_addstr(&sb, ")\n");
    strbuf_addstr(&sb, ps_compact_fns);
    strbuf_addstr(&sb, ps_compact_body);
    if (r == 0)
        win_script_finish(&sb, out);
    strbuf_release(&sb);
    return r ? -EINVAL : 0;
}
