/* The PowerShell generator (see script.h). The fixed parts of every script
 * are below as text; per item only catalogue strings (quoted with ps_quote)
 * and validated numbers are added. */
#include "win/script.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "version.h"

static const char ps_preamble[] =
    "$ErrorActionPreference = 'Stop'\n"
    "$ProgressPreference = 'SilentlyContinue'\n"
    "$HrId = [Security.Principal.WindowsIdentity]::GetCurrent()\n"
    "$HrAdmin = (New-Object "
    "Security.Principal.WindowsPrincipal($HrId)).IsInRole([Security.Principal.WindowsBuiltInRole]::"
    "Administrator)\n"
    "if (-not $HrAdmin) {\n"
    "    Write-Host 'headroom: this script changes services and the registry: run it as "
    "administrator'\n"
    "    Write-Host '  (Windows PowerShell > Run as administrator, then: powershell "
    "-ExecutionPolicy Bypass -File <this file>)'\n"
    "    exit 1\n"
    "}\n"
    "$HrSvcRoot = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services'\n"
    "$HrFailed = 0\n"
    "\n"
    "# One registry value: whether its key and the value exist, its kind and data.\n"
    "function HrReg([string]$Path, [string]$Name) {\n"
    "    $k = Get-Item -LiteralPath $Path -ErrorAction SilentlyContinue\n"
    "    if ($null -eq $k) { return [ordered]@{ key_exists = $false; exists = $false; kind = "
    "$null; value = $null } }\n"
    "    if (@($k.GetValueNames()) -notcontains $Name) { return [ordered]@{ key_exists = $true; "
    "exists = $false; kind = $null; value = $null } }\n"
    "    return [ordered]@{ key_exists = $true; exists = $true; kind = "
    "[string]$k.GetValueKind($Name); value = $k.GetValue($Name) }\n"
    "}\n"
    "\n"
    "# A service's (or driver's) state: registry Start and DelayedAutostart, status.\n"
    "function HrService([string]$Name) {\n"
    "    $key = Join-Path $HrSvcRoot $Name\n"
    "    $start = HrReg $key 'Start'\n"
    "    $delayed = HrReg $key 'DelayedAutostart'\n"
    "    $svc = Get-Service -Name $Name -ErrorAction SilentlyContinue\n"
    "    $status = $null\n"
    "    if ($null -ne $svc) { $status = [string]$svc.Status }\n"
    "    return [ordered]@{ name = $Name; exists = $start.key_exists; start = $start.value; "
    "start_exists = $start.exists; delayed_autostart = $delayed.value; delayed_autostart_exists = "
    "$delayed.exists; status = $status }\n"
    "}\n"
    "\n"
    "function HrValueRecord([string]$Path, [string]$Name) {\n"
    "    $v = HrReg $Path $Name\n"
    "    return [ordered]@{ path = $Path; name = $Name; key_exists = $v.key_exists; exists = "
    "$v.exists; kind = $v.kind; value = $v.value }\n"
    "}\n"
    "\n"
    "function HrAppx([string]$Name) {\n"
    "    $p = @(Get-AppxPackage -AllUsers -Name $Name -ErrorAction SilentlyContinue)\n"
    "    return [ordered]@{ name = $Name; installed = ($p.Count -gt 0) }\n"
    "}\n"
    "\n"
    "# Start: 2 automatic, 3 manual, 4 disabled. Set-Service first; where Windows\n"
    "# refuses it (DoSvc since 1809: Access is denied), the registry Start value.\n"
    "function HrSetStart([string]$Name, [int]$Start, [bool]$RegistryOnly) {\n"
    "    $key = Join-Path $HrSvcRoot $Name\n"
    "    if (-not $RegistryOnly -and $Start -ge 2 -and $Start -le 4) {\n"
    "        $type = @('', '', 'Automatic', 'Manual', 'Disabled')[$Start]\n"
    "        try { Set-Service -Name $Name -StartupType $type -ErrorAction Stop; return "
    "'Set-Service' }\n"
    "        catch { $why = $_.Exception.Message }\n"
    "        Set-ItemProperty -LiteralPath $key -Name 'Start' -Value $Start -Type DWord\n"
    "        return ('the registry (Set-Service: ' + $why + ')')\n"
    "    }\n"
    "    Set-ItemProperty -LiteralPath $key -Name 'Start' -Value $Start -Type DWord\n"
    "    return 'the registry'\n"
    "}\n";

static const char ps_apply_fns[] =
    "\n"
    "function HrDisable([string]$Id, [string[]]$Names, [int]$Start, [bool]$RegistryOnly, "
    "[bool]$Stop) {\n"
    "    $ok = $true\n"
    "    foreach ($n in $Names) {\n"
    "        $before = HrService $n\n"
    "        if (-not $before.exists) { Write-Host ('  skip    {0}: {1} is not installed' -f $Id, "
    "$n); continue }\n"
    "        try {\n"
    "            $how = HrSetStart $n $Start $RegistryOnly\n"
    "            if ($Stop -and $before.status -eq 'Running') {\n"
    "                try { Stop-Service -Name $n -Force -ErrorAction Stop }\n"
    "                catch { Write-Host ('          {0}: {1} keeps running until the reboot ({2})' "
    "-f $Id, $n, $_.Exception.Message) }\n"
    "            }\n"
    "            $after = HrService $n\n"
    "            if ($after.start -eq $Start) { Write-Host ('  ok      {0}: {1} Start={2} via {3}' "
    "-f $Id, $n, $after.start, $how) }\n"
    "            else { $ok = $false; Write-Host ('  FAILED  {0}: {1} Start is {2}, wanted {3}' -f "
    "$Id, $n, $after.start, $Start) }\n"
    "        } catch { $ok = $false; Write-Host ('  FAILED  {0}: {1}: {2}' -f $Id, $n, "
    "$_.Exception.Message) }\n"
    "    }\n"
    "    return $ok\n"
    "}\n"
    "\n"
    "function HrRemoveAppx([string]$Id, [string]$Name) {\n"
    "    $pkgs = @(Get-AppxPackage -AllUsers -Name $Name -ErrorAction SilentlyContinue)\n"
    "    if ($pkgs.Count -eq 0) { Write-Host ('  skip    {0}: {1} is not installed' -f $Id, "
    "$Name); return $true }\n"
    "    foreach ($p in $pkgs) {\n"
    "        try { Remove-AppxPackage -AllUsers -Package $p.PackageFullName -ErrorAction Stop }\n"
    "        catch { Write-Host ('          {0}: {1}' -f $Id, $_.Exception.Message) }\n"
    "    }\n"
    "    if (@(Get-AppxPackage -AllUsers -Name $Name -ErrorAction SilentlyContinue).Count -eq 0) "
    "{\n"
    "        Write-Host ('  ok      {0}: {1} removed' -f $Id, $Name); return $true\n"
    "    }\n"
    "    Write-Host ('  FAILED  {0}: {1} is still installed' -f $Id, $Name); return $false\n"
    "}\n"
    "\n"
    "function HrSetValue([string]$Id, [string]$Path, [string]$Name, [int]$Value) {\n"
    "    try {\n"
    "        if (-not (Test-Path -LiteralPath $Path)) { New-Item -Path $Path -Force | Out-Null }\n"
    "        Set-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -Type DWord\n"
    "        $after = HrReg $Path $Name\n"
    "        if ($after.exists -and $after.value -eq $Value) { Write-Host ('  ok      {0}: "
    "{1}={2}' -f $Id, $Name, $Value); return $true }\n"
    "        Write-Host ('  FAILED  {0}: {1} is {2}, wanted {3}' -f $Id, $Name, $after.value, "
    "$Value); return $false\n"
    "    } catch { Write-Host ('  FAILED  {0}: {1}' -f $Id, $_.Exception.Message); return $false "
    "}\n"
    "}\n";

static const char ps_undo_fns[] =
    "\n"
    "# Puts back Start and DelayedAutostart exactly as recorded (a value that did\n"
    "# not exist is removed), and starts the service if it was running.\n"
    "function HrRestoreService([string]$Id, [string]$Name, [bool]$Existed, [object]$Start, "
    "[object]$Delayed, [string]$Status, [bool]$RegistryOnly) {\n"
    "    if (-not $Existed) { Write-Host ('  skip    {0}: {1} did not exist when the state was "
    "recorded' -f $Id, $Name); return $true }\n"
    "    $now = HrService $Name\n"
    "    if (-not $now.exists) { Write-Host ('  FAILED  {0}: {1} no longer exists' -f $Id, $Name); "
    "return $false }\n"
    "    try {\n"
    "        $how = 'unchanged'\n"
    "        if ($null -ne $Start -and $now.start -ne $Start) { $how = HrSetStart $Name "
    "([int]$Start) $RegistryOnly }\n"
    "        $key = Join-Path $HrSvcRoot $Name\n"
    "        $cur = HrReg $key 'DelayedAutostart'\n"
    "        if ($null -eq $Delayed) { if ($cur.exists) { Remove-ItemProperty -LiteralPath $key "
    "-Name 'DelayedAutostart' } }\n"
    "        elseif (-not $cur.exists -or $cur.value -ne $Delayed) { Set-ItemProperty -LiteralPath "
    "$key -Name 'DelayedAutostart' -Value ([int]$Delayed) -Type DWord }\n"
    "        if ($Status -eq 'Running' -and [int]$Start -ne 4) {\n"
    "            try { Start-Service -Name $Name -ErrorAction Stop }\n"
    "            catch { Write-Host ('          {0}: {1} did not start ({2}); it starts at the "
    "next boot' -f $Id, $Name, $_.Exception.Message) }\n"
    "        }\n"
    "        $after = HrService $Name\n"
    "        $okStart = ($null -eq $Start) -or ($after.start -eq $Start)\n"
    "        if ($null -eq $Delayed) { $okDelayed = -not $after.delayed_autostart_exists } else { "
    "$okDelayed = ($after.delayed_autostart -eq $Delayed) }\n"
    "        if ($okStart -and $okDelayed) { Write-Host ('  ok      {0}: {1} Start={2} "
    "DelayedAutostart={3} via {4}' -f $Id, $Name, $after.start, $after.delayed_autostart, $how); "
    "return $true }\n"
    "        Write-Host ('  FAILED  {0}: {1} Start={2} DelayedAutostart={3}, wanted {4} and {5}' "
    "-f $Id, $Name, $after.start, $after.delayed_autostart, $Start, $Delayed); return $false\n"
    "    } catch { Write-Host ('  FAILED  {0}: {1}: {2}' -f $Id, $Name, $_.Exception.Message); "
    "return $false }\n"
    "}\n"
    "\n"
    "function HrRestoreValue([string]$Id, [string]$Path, [string]$Name, [bool]$KeyExisted, "
    "[bool]$Existed, [object]$Value) {\n"
    "    try {\n"
    "        if ($Existed) {\n"
    "            if (-not (Test-Path -LiteralPath $Path)) { New-Item -Path $Path -Force | Out-Null "
    "}\n"
    "            Set-ItemProperty -LiteralPath $Path -Name $Name -Value ([int]$Value) -Type DWord\n"
    "        } else {\n"
    "            if ((HrReg $Path $Name).exists) { Remove-ItemProperty -LiteralPath $Path -Name "
    "$Name }\n"
    "            if (-not $KeyExisted -and (Test-Path -LiteralPath $Path)) {\n"
    "                $k = Get-Item -LiteralPath $Path\n"
    "                if ($k.ValueCount -eq 0 -and $k.SubKeyCount -eq 0) { Remove-Item -LiteralPath "
    "$Path }\n"
    "            }\n"
    "        }\n"
    "        $after = HrReg $Path $Name\n"
    "        if (($Existed -and $after.exists -and $after.value -eq $Value) -or (-not $Existed "
    "-and -not $after.exists)) {\n"
    "            Write-Host ('  ok      {0}: {1} restored' -f $Id, $Name); return $true\n"
    "        }\n"
    "        Write-Host ('  FAILED  {0}: {1} is {2}' -f $Id, $Name, $after.value); return $false\n"
    "    } catch { Write-Host ('  FAILED  {0}: {1}' -f $Id, $_.Exception.Message); return $false "
    "}\n"
    "}\n"
    "\n"
    "# A removed package comes back from the Microsoft Store.\n"
    "function HrRestoreAppx([string]$Id, [string]$Name, [bool]$Installed, [string]$StoreId) {\n"
    "    if (-not $Installed) { Write-Host ('  skip    {0}: {1} was not installed' -f $Id, $Name); "
    "return $true }\n"
    "    if (@(Get-AppxPackage -AllUsers -Name $Name -ErrorAction SilentlyContinue).Count -gt 0) { "
    "Write-Host ('  ok      {0}: {1} is installed' -f $Id, $Name); return $true }\n"
    "    $winget = Get-Command -Name 'winget.exe' -ErrorAction SilentlyContinue\n"
    "    if ($null -eq $winget) {\n"
    "        Write-Host ('  FAILED  {0}: no winget; install \"Windows Web Experience Pack\" from "
    "the Store page that opens' -f $Id)\n"
    "        Start-Process -FilePath ('ms-windows-store://pdp/?ProductId=' + $StoreId)\n"
    "        return $false\n"
    "    }\n"
    "    & $winget.Source install --exact --id $StoreId --source msstore "
    "--accept-package-agreements --accept-source-agreements | Out-Host\n"
    "    if (@(Get-AppxPackage -AllUsers -Name $Name -ErrorAction SilentlyContinue).Count -gt 0) { "
    "Write-Host ('  ok      {0}: {1} installed again' -f $Id, $Name); return $true }\n"
    "    Write-Host ('  FAILED  {0}: {1} is not installed (winget exit code {2})' -f $Id, $Name, "
    "$LASTEXITCODE); return $false\n"
    "}\n";

int ps_quote(struct strbuf *sb, const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            return -EINVAL;
    strbuf_addch(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            strbuf_addch(sb, '\'');
        strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '\'');
    return 0;
}

/* A comment line: printable ASCII only, whatever the text holds. */
static void comment(struct strbuf *sb, const char *prefix, const char *text)
{
    strbuf_addstr(sb, "# ");
    strbuf_addstr(sb, prefix);
    for (const char *p = text; *p; p++)
        strbuf_addch(sb, (unsigned char)*p >= 0x20 && (unsigned char)*p <= 0x7e ? *p : '?');
    strbuf_addch(sb, '\n');
}

/* Wraps `text` into comment lines of at most ~90 columns; the first line
 * starts with `first`, the others with as many spaces. */
static void comment_wrapped(struct strbuf *sb, const char *first, const char *text)
{
    char line[160], pad[64];
    size_t fl = strlen(first) < sizeof(pad) - 1 ? strlen(first) : sizeof(pad) - 1;
    memset(pad, ' ', fl);
    pad[fl] = '\0';
    const char *prefix = first;
    size_t n = 0;
    const char *p = text;
    while (*p) {
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t wl = (size_t)(p - w);
        if (n && fl + n + 1 + wl > 86) {
            line[n] = '\0';
            comment(sb, prefix, line);
            prefix = pad;
            n = 0;
        }
        if (n && n < sizeof(line) - 1)
            line[n++] = ' ';
        for (size_t i = 0; i < wl && n < sizeof(line) - 1; i++)
            line[n++] = w[i];
        while (*p == ' ')
            p++;
    }
    if (n) {
        line[n] = '\0';
        comment(sb, prefix, line);
    }
}

static void header(struct strbuf *sb, const char *kind, time_t now)
{
    char when[32];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    strbuf_addf(sb, "# headroom %s script: generated by headroom %s on %s\n", kind,
                HEADROOM_VERSION, when);
    strbuf_addstr(sb,
                  "#\n"
                  "# Run it in an elevated Windows PowerShell (Run as administrator):\n"
                  "#   powershell -ExecutionPolicy Bypass -File .\\<this file>.ps1\n"
                  "# (Windows refuses to run scripts by default; -ExecutionPolicy Bypass applies "
                  "to this run only.)\n"
                  "# headroom never touches AppXSvc, WaaSMedicSvc, wuauserv or BITS.\n#\n");
}

/* Turns LF into CRLF and puts a UTF-8 BOM in front. */
static void finish(struct strbuf *body, struct strbuf *out)
{
    strbuf_reset(out);
    strbuf_add(out, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < body->len; i++) {
        if (body->buf[i] == '\n' && (i == 0 || body->buf[i - 1] != '\r'))
            strbuf_addch(out, '\r');
        strbuf_addch(out, body->buf[i]);
    }
}

int win_item_check(const struct win_item *it)
{
    if (it->kind == WIN_ITEM_SERVICES || it->kind == WIN_ITEM_DRIVER)
        for (const char *const *n = it->names; *n; n++)
            if (win_is_protected(*n))
                return -EPERM;
    return 0;
}

/* "@('A', 'B')" */
static int name_array(struct strbuf *sb, const char *const *names)
{
    strbuf_addstr(sb, "@(");
    for (const char *const *n = names; *n; n++) {
        if (n != names)
            strbuf_addstr(sb, ", ");
        if (ps_quote(sb, *n) < 0)
            return -EINVAL;
    }
    strbuf_addch(sb, ')');
    return 0;
}

static int record_item(struct strbuf *sb, const struct win_item *it)
{
    int r = 0;
    strbuf_addstr(sb, "$HrItems += ,([ordered]@{ id = ");
    r |= ps_quote(sb, it->id);
    switch (it->kind) {
    case WIN_ITEM_SERVICES:
    case WIN_ITEM_DRIVER:
        strbuf_addstr(sb, "; services = @(");
        for (const char *const *n = it->names; *n; n++) {
            strbuf_addstr(sb, n == it->names ? "(HrService " : ", (HrService ");
            r |= ps_quote(sb, *n);
            strbuf_addch(sb, ')');
        }
        strbuf_addch(sb, ')');
        break;
    case WIN_ITEM_REGVALUE:
        strbuf_addstr(sb, "; values = @((HrValueRecord ");
        r |= ps_quote(sb, it->reg_path);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->reg_name);
        strbuf_addstr(sb, "))");
        break;
    case WIN_ITEM_APPX:
        strbuf_addstr(sb, "; packages = @((HrAppx ");
        r |= ps_quote(sb, it->names[0]);
        strbuf_addstr(sb, "))");
        break;
    }
    strbuf_addstr(sb, " })\n");
    return r ? -EINVAL : 0;
}

static int apply_item(struct strbuf *sb, const struct win_item *it)
{
    int r = 0;
    strbuf_addch(sb, '\n');
    char title[200];
    snprintf(title, sizeof(title), "%s: %s", it->id, it->title);
    comment(sb, "", title);
    comment_wrapped(sb, "  change: ", it->change);
    char risk[64];
    snprintf(risk, sizeof(risk), "  risk (%s): ", win_risk_name(it->risk));
    comment_wrapped(sb, risk, it->risk_text);
    strbuf_addstr(sb, "if (-not (");
    switch (it->kind) {
    case WIN_ITEM_SERVICES:
    case WIN_ITEM_DRIVER:
        strbuf_addstr(sb, "HrDisable ");
        r |= ps_quote(sb, it->id);
        strbuf_addch(sb, ' ');
        r |= name_array(sb, it->names);
        strbuf_addf(sb, " %u %s %s", it->target_start,
                    it->registry_only || it->kind == WIN_ITEM_DRIVER ? "$true" : "$false",
                    it->kind == WIN_ITEM_DRIVER ? "$false" : "$true");
        break;
    case WIN_ITEM_REGVALUE:
        strbuf_addstr(sb, "HrSetValue ");
        r |= ps_quote(sb, it->id);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->reg_path);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->reg_name);
        strbuf_addf(sb, " %u", it->reg_value);
        break;
    case WIN_ITEM_APPX:
        strbuf_addstr(sb, "HrRemoveAppx ");
        r |= ps_quote(sb, it->id);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->names[0]);
        break;
    }
    strbuf_addstr(sb, ")) { $HrFailed++ }\n");
    return r ? -EINVAL : 0;
}

static void footer(struct strbuf *sb, bool undo)
{
    strbuf_addstr(sb,
                  "\nWrite-Host ''\n"
                  "if ($HrFailed -eq 0) { Write-Host 'headroom: done; every item reads back as "
                  "wanted.' }\n"
                  "else { Write-Host ('headroom: ' + $HrFailed + ' item(s) FAILED; see above.') "
                  "}\n"
                  "Write-Host 'headroom: restart Windows for start-type changes to take full "
                  "effect.'\n");
    if (!undo)
        strbuf_addstr(sb, "Write-Host ('headroom: the state before this change is in ' + "
                          "$HrStatePath)\n"
                          "Write-Host '  to undo it: headroom windows script --undo <that file, "
                          "as a WSL path> -o undo.ps1'\n");
    strbuf_addstr(sb, "exit $HrFailed\n");
}

int win_script_apply(const struct win_item *const *items, size_t n, time_t now, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++)
        r = win_item_check(items[i]);
    if (r < 0)
        return r;
    header(&sb, "tuning", now);
    strbuf_addstr(&sb, "# Items:\n");
    for (size_t i = 0; i < n; i++) {
        char line[200];
        snprintf(line, sizeof(line), "  %-11s %s", items[i]->id, items[i]->title);
        comment(&sb, "", line);
    }
    strbuf_addstr(&sb,
                  "#\n"
                  "# What it does: 1. records the current state of everything it touches in\n"
                  "# headroom-state-<time>.json beside this script (if that fails, nothing is\n"
                  "# changed); 2. applies each item; 3. reads each value back and prints ok or\n"
                  "# FAILED per item. Undo: headroom windows script --undo <that .json>.\n\n");
    strbuf_addstr(&sb, ps_preamble);
    strbuf_addstr(&sb, ps_apply_fns);
    strbuf_addstr(&sb, "\n# ---- 1. record the current state (nothing has changed yet) ----\n"
                       "$HrHere = $PSScriptRoot\n"
                       "if (-not $HrHere) { $HrHere = (Get-Location).Path }\n"
                       "$HrStatePath = Join-Path $HrHere ('headroom-state-' + (Get-Date -Format "
                       "'yyyyMMdd-HHmmss') + '.json')\n"
                       "$HrItems = @()\n");
    for (size_t i = 0; i < n && r == 0; i++)
        r = record_item(&sb, items[i]);
    strbuf_addstr(&sb, "$HrState = [ordered]@{ format = ");
    r |= ps_quote(&sb, WIN_STATE_FORMAT);
    strbuf_addstr(
        &sb, "; created = (Get-Date).ToUniversalTime().ToString(\"yyyy-MM-dd'T'HH:mm:ss'Z'\"); "
             "headroom = ");
    r |= ps_quote(&sb, HEADROOM_VERSION);
    strbuf_addstr(&sb, "; items = $HrItems }\n"
                       "try { [IO.File]::WriteAllText($HrStatePath, (ConvertTo-Json -InputObject "
                       "$HrState -Depth 8), (New-Object Text.UTF8Encoding $false)) }\n"
                       "catch {\n"
                       "    Write-Host ('headroom: cannot record the current state in ' + "
                       "$HrStatePath + ': ' + $_.Exception.Message)\n"
                       "    Write-Host 'headroom: nothing was changed.'\n"
                       "    exit 1\n"
                       "}\n"
                       "Write-Host ('headroom: recorded the current state in ' + $HrStatePath)\n"
                       "\n# ---- 2. apply, 3. read back ----\n"
                       "Write-Host 'headroom: applying'\n");
    for (size_t i = 0; i < n && r == 0; i++)
        r = apply_item(&sb, items[i]);
    footer(&sb, false);
    if (r == 0)
        finish(&sb, out);
    strbuf_release(&sb);
    return r < 0 ? r : r ? -EINVAL : 0;
}

static const char *status_word(enum win_status s)
{
    switch (s) {
    case WIN_STATUS_RUNNING:
        return "'Running'";
    case WIN_STATUS_STOPPED:
        return "'Stopped'";
    case WIN_STATUS_OTHER:
        return "'Other'";
    case WIN_STATUS_UNKNOWN:
        break;
    }
    return "'Unknown'";
}

static int undo_item(struct strbuf *sb, const struct win_state_item *si)
{
    const struct win_item *it = si->item;
    int r = 0;
    strbuf_addch(sb, '\n');
    char title[200];
    snprintf(title, sizeof(title), "%s: %s", it->id, it->title);
    comment(sb, "", title);
    switch (it->kind) {
    case WIN_ITEM_SERVICES:
    case WIN_ITEM_DRIVER:
        for (size_t i = 0; i < si->nservices; i++) {
            const struct win_state_service *s = &si->services[i];
            char start[16], delayed[16];
            if (s->start_exists)
                snprintf(start, sizeof(start), "%u", s->start);
            else
                snprintf(start, sizeof(start), "$null");
            if (s->delayed_exists)
                snprintf(delayed, sizeof(delayed), "%u", s->delayed);
            else
                snprintf(delayed, sizeof(delayed), "$null");
            strbuf_addstr(sb, "if (-not (HrRestoreService ");
            r |= ps_quote(sb, it->id);
            strbuf_addch(sb, ' ');
            r |= ps_quote(sb, s->name);
            strbuf_addf(sb, " %s %s %s %s %s)) { $HrFailed++ }\n", s->exists ? "$true" : "$false",
                        start, delayed, status_word(s->status),
                        it->registry_only || it->kind == WIN_ITEM_DRIVER ? "$true" : "$false");
        }
        break;
    case WIN_ITEM_REGVALUE:
        strbuf_addstr(sb, "if (-not (HrRestoreValue ");
        r |= ps_quote(sb, it->id);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->reg_path);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->reg_name);
        if (si->value_exists)
            strbuf_addf(sb, " %s $true %u)) { $HrFailed++ }\n", si->key_exists ? "$true" : "$false",
                        si->value);
        else
            strbuf_addf(sb, " %s $false $null)) { $HrFailed++ }\n",
                        si->key_exists ? "$true" : "$false");
        break;
    case WIN_ITEM_APPX:
        if (it->undo_note)
            comment_wrapped(sb, "  ", it->undo_note);
        strbuf_addstr(sb, "if (-not (HrRestoreAppx ");
        r |= ps_quote(sb, it->id);
        strbuf_addch(sb, ' ');
        r |= ps_quote(sb, it->names[0]);
        strbuf_addf(sb, " %s ", si->installed ? "$true" : "$false");
        r |= ps_quote(sb, it->store_id ? it->store_id : "");
        strbuf_addstr(sb, ")) { $HrFailed++ }\n");
        break;
    }
    return r ? -EINVAL : 0;
}

int win_script_undo(const struct win_state *st, time_t now, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;
    int r = 0;
    for (size_t i = 0; i < st->nitems && r == 0; i++)
        r = win_item_check(st->items[i].item);
    if (r < 0)
        return r;
    header(&sb, "undo", now);
    if (st->created[0])
        strbuf_addf(&sb, "# Restores the state a headroom tuning script recorded at %s:\n",
                    st->created);
    else
        strbuf_addstr(&sb, "# Restores the state a headroom tuning script recorded:\n");
    for (size_t i = 0; i < st->nitems; i++) {
        char line[200];
        snprintf(line, sizeof(line), "  %-11s %s", st->items[i].item->id, st->items[i].item->title);
        comment(&sb, "", line);
    }
    strbuf_addstr(&sb, "# Each value is put back exactly as recorded (one that did not exist is\n"
                       "# removed), then read back: ok or FAILED per item.\n\n");
    strbuf_addstr(&sb, ps_preamble);
    strbuf_addstr(&sb, ps_undo_fns);
    strbuf_addstr(&sb, "\nWrite-Host 'headroom: restoring'\n");
    for (size_t i = 0; i < st->nitems && r == 0; i++)
        r = undo_item(&sb, &st->items[i]);
    footer(&sb, true);
    if (r == 0)
        finish(&sb, out);
    strbuf_release(&sb);
    return r;
}
