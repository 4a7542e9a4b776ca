/* The disk rules that read the Windows side (src/win/disk.h): the drive
 * under the virtual disk running low, a virtual disk far larger than what it
 * holds, and swap disks left in the temp folder.
 *
 * Thresholds, and why:
 *   disk.host-low      warning under 10 GiB available, critical under 2 GiB.
 *                      The guest writes grow ext4.vhdx on that drive, and a
 *                      model download alone is 4-9 GB (a 7-8B GGUF at Q4-Q8);
 *                      when the drive fills, the guest's writes fail (ext4
 *                      errors, "potential data loss": microsoft/WSL#8275) and
 *                      WSL may not start again (microsoft/WSL#6986). Bytes,
 *                      not a percentage: what fails is the next write, whatever
 *                      the drive's size.
 *   disk.vhdx-bloat    the estimate (on the drive − used inside) at least
 *                      10 GiB and a quarter of the file: below that,
 *                      compacting (WSL stopped for minutes) is not worth it. A
 *                      warning when the drive has less available than the
 *                      estimate (compacting would more than double it).
 *   disk.swap-orphans  any swap disk in the temp folder no VM holds: WSL
 *                      deletes its own when the VM stops (WslCoreVm.cpp), so
 *                      one that stays is a leftover (microsoft/WSL#10941); a
 *                      warning from 1 GiB. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"
#include "win/disk.h"

#define HOST_LOW_WARN   (10 * GIB)
#define HOST_LOW_CRIT   (2 * GIB)
#define BLOAT_MIN       (10 * GIB)
#define ORPHANS_WARN    (1 * GIB)
#define EVIDENCE_SOURCE "GetDiskFreeSpaceEx, from headroom-win.exe"

/* The fix lines that write the compaction script into the Windows profile
 * (it stops WSL, so it must not sit inside WSL) and run it elevated. */
#define COMPACT_FIX_LINES                                                                          \
    "$ sudo fstrim -v /\n"                                                                         \
    "$ cd \"$(wslpath \"$(cmd.exe /c 'echo %%USERPROFILE%%' 2>/dev/null | tr -d '\\r')\")\"\n"     \
    "$ headroom windows script --compact -o headroom-compact.ps1\n" RUN_SCRIPT_ELEVATED(           \
        "headroom-compact.ps1")

static bool need_disk_host(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!h || h->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data");
        return false;
    }
    if (!h->disk.has_distros) {
        char b[200];
        const char *why = win_disk_distros_why(&h->disk);
        rule_skip(o, "%s", text_sanitize(why, strlen(why), b, sizeof(b)));
        return false;
    }
    return true;
}

void check_disk_host_low(const struct doctor_input *in, struct rule_out *o)
{
    if (!need_disk_host(in, o))
        return;
    const struct win_disk *k = &in->host->disk;
    char seen[WIN_MAX_DISTROS][16];
    size_t nseen = 0, checked = 0;
    for (size_t i = 0; i < k->ndistros; i++) {
        const struct win_distro *x = &k->distros[i];
        char drv[16];
        if (x->vm_mode == 0 || !x->vol_avail.known || !x->vol_total.known)
            continue;
        win_drive_label(x->volume ? x->volume : x->base_path, drv, sizeof(drv));
        bool dup = false;
        for (size_t s = 0; s < nseen; s++)
            dup |= strcmp(seen[s], drv) == 0;
        if (dup)
            continue;
        snprintf(seen[nseen++], sizeof(seen[0]), "%s", drv);
        checked++;
        uint64_t avail = x->vol_avail.v;
        if (avail >= HOST_LOW_WARN)
            continue;
        /* the distributions on that drive, with what their disks take */
        struct strbuf on = STRBUF_INIT;
        for (size_t j = 0; j < k->ndistros; j++) {
            const struct win_distro *y = &k->distros[j];
            char d2[16], nm[80];
            uint64_t sz;
            win_drive_label(y->volume ? y->volume : y->base_path, d2, sizeof(d2));
            if (strcmp(d2, drv) != 0 || y->vm_mode == 0 || !win_distro_on_disk(y, &sz))
                continue;
            strbuf_addf(&on, "%s%s's ext4.vhdx %s", on.len ? ", " : "",
                        text_sanitize(y->name ? y->name : y->guid,
                                      strlen(y->name ? y->name : y->guid), nm, sizeof(nm)),
                        size_str(sz));
        }
        struct finding *f = rule_emit(o, avail < HOST_LOW_CRIT ? SEV_CRITICAL : SEV_WARNING,
                                      "Windows drive %s has %s left under WSL's virtual disk", drv,
                                      size_str(avail));
        const struct machine *m = in->m;
        char df[160] = "";
        if (m->disk_st.state == PROBE_OK)
            snprintf(df, sizeof(df),
                     "; df inside shows %s available: the virtual disk's, not the drive's",
                     size_str(disk_fs_available(&m->disk)));
        finding_set_evidence(f, "%s %s available of %s (%s)%s%s%s", drv, size_str(avail),
                             size_str(x->vol_total.v), EVIDENCE_SOURCE, on.len ? "; on it: " : "",
                             on.buf, df);
        uint64_t orphans_bytes;
        size_t orphans = win_swap_orphans(k, &orphans_bytes);
        finding_set_fix(
            f,
            "the virtual disk grows on %s with every write inside, and a full drive "
            "fails those writes and can keep WSL from starting: free space on %s "
            "(Settings, System, Storage, Cleanup recommendations)%s%s%s; compacting "
            "the virtual disk gives back what it no longer uses (headroom windows "
            "script --compact --dry-run says about how much); write the script into "
            "your Windows profile (it stops WSL) and run it as administrator\n" COMPACT_FIX_LINES,
            drv, drv, orphans ? ", delete the leftover swap disks (" : "",
            orphans ? size_str(orphans_bytes) : "", orphans ? ", doctor's disk.swap-orphans)" : "");
        finding_set_source(f, "microsoft/WSL#6986 (a full drive keeps WSL from starting); "
                              "microsoft/WSL#8275 (the guest's writes fail when the drive is "
                              "full); microsoft/WSL#14120 (df shows the virtual disk's size)");
        strbuf_release(&on);
    }
    if (!checked)
        rule_skip(o, "no WSL2 distribution with its drive's free space known");
}

void check_disk_vhdx_bloat(const struct doctor_input *in, struct rule_out *o)
{
    if (!need_disk_host(in, o))
        return;
    const struct machine *m = in->m;
    const struct win_distro *x = win_disk_distro(&in->host->disk, m->wsl.distro);
    if (!x) {
        rule_skip(o, "this distribution is not among the host's");
        return;
    }
    if (m->disk_st.state != PROBE_OK) {
        rule_skip(o, "the space used inside (statfs of /) was not read");
        return;
    }
    uint64_t on, rec;
    if (!win_distro_reclaimable(x, &m->disk, &rec) || !win_distro_on_disk(x, &on)) {
        char b[200];
        rule_skip(o, "the virtual disk's size is unknown: %s",
                  text_sanitize(x->vhd_size.why, strlen(x->vhd_size.why), b, sizeof(b)));
        return;
    }
    if (rec < BLOAT_MIN || rec < on / 4)
        return;
    bool low = x->vol_avail.known && x->vol_avail.v < rec;
    char drv[16], nm[80];
    win_drive_label(x->volume ? x->volume : x->base_path, drv, sizeof(drv));
    const char *name = x->name ? x->name : x->guid;
    text_sanitize(name, strlen(name), nm, sizeof(nm));
    struct finding *f =
        rule_emit(o, low ? SEV_WARNING : SEV_INFO,
                  "%s's virtual disk takes %s on %s but holds %s: about %s could "
                  "be given back",
                  nm, size_str(on), drv, size_str(disk_fs_used(&m->disk)), size_str(rec));
    char avail[96] = "";
    if (x->vol_avail.known)
        snprintf(avail, sizeof(avail), "; %s has %s available", drv, size_str(x->vol_avail.v));
    finding_set_evidence(f,
                         "ext4.vhdx %s on the drive (%s) − %s used inside (statfs of /, as df) = "
                         "%s, an estimate%s",
                         size_str(on), x->vhd_alloc.known ? "GetCompressedFileSizeW" : "its size",
                         size_str(disk_fs_used(&m->disk)), size_str(rec), avail);
    finding_set_fix(
        f, "the virtual disk only grows (WSL does not shrink it by itself); trim inside, "
           "then compact it with WSL stopped: the script asks before wsl --shutdown, "
           "compacts, reads the size back and restarts nothing; write it into your "
           "Windows profile (it stops WSL) and run it as administrator\n" COMPACT_FIX_LINES);
    finding_set_source(f,
                       "microsoft/WSL#4699 (ext4.vhdx does not shrink); microsoft/WSL#8695; "
                       "Microsoft Learn, Optimize-VHD: "
                       "https://learn.microsoft.com/en-us/powershell/module/hyper-v/optimize-vhd");
}

/* "A04E3B19-77C2-4D8E-B1F0-2C3D4E5F6071\swap.vhdx" -> the folder name, when
 * it is a GUID (the only names put into a command). */
static bool orphan_dir(const char *name, char *dir, size_t n)
{
    if (strcmp(name, "swap.vhdx") == 0) {
        snprintf(dir, n, "swap.vhdx");
        return true;
    }
    if (strlen(name) != 36 + 10 || strcmp(name + 36, "\\swap.vhdx") != 0)
        return false;
    for (int i = 0; i < 36; i++) {
        char c = name[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-'
                 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    snprintf(dir, n, "%.36s", name);
    return true;
}

void check_disk_swap_orphans(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!h || h->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data");
        return;
    }
    const struct win_disk *k = &h->disk;
    if (!k->has_temp_files) {
        char b[200];
        const char *why = k->has_swap ? k->temp_files_why
                                      : "the host data lists no swap disks (the PowerShell "
                                        "fallback, or a helper older than that)";
        rule_skip(o, "%s", text_sanitize(why, strlen(why), b, sizeof(b)));
        return;
    }
    uint64_t bytes;
    size_t n = win_swap_orphans(k, &bytes);
    if (n == 0)
        return;
    char tmp[200];
    text_sanitize(k->temp_dir ? k->temp_dir : "the temp folder",
                  strlen(k->temp_dir ? k->temp_dir : "the temp folder"), tmp, sizeof(tmp));
    struct finding *f = rule_emit(o, bytes >= ORPHANS_WARN ? SEV_WARNING : SEV_INFO,
                                  "%zu swap disk%s left over in %s, attached to no running "
                                  "VM: %s",
                                  n, n == 1 ? "" : "s", tmp, size_str(bytes));
    struct strbuf ev = STRBUF_INIT, fix = STRBUF_INIT;
    size_t held = 0;
    strbuf_addstr(&fix, "WSL deletes a VM's swap disk when the VM stops; these no running VM has "
                        "attached, so they are safe to delete (the one the running VM uses is "
                        "left alone)");
    for (size_t i = 0; i < k->ntemp_files; i++) {
        const struct win_swap_file *s = &k->temp_files[i];
        if (s->in_use == 1)
            held++;
        if (s->in_use != 0)
            continue;
        char nm[120], dir[48];
        text_sanitize(s->name, strlen(s->name), nm, sizeof(nm));
        uint64_t sz = s->alloc.known ? s->alloc.v : s->size.known ? s->size.v : 0;
        strbuf_addf(&ev, "%s%s %s", ev.len ? ", " : "", nm, size_str(sz));
        if (s->age_s.known)
            strbuf_addf(&ev, " (written %llu days ago)", (unsigned long long)(s->age_s.v / 86400));
        if (orphan_dir(s->name, dir, sizeof(dir)))
            strbuf_addf(&fix, "\nPS> Remove-Item -LiteralPath \"$env:LOCALAPPDATA\\Temp\\%s\"%s",
                        dir, strcmp(dir, "swap.vhdx") == 0 ? "" : " -Recurse");
    }
    if (held)
        strbuf_addf(&ev, "; %zu attached to the running VM, not counted", held);
    finding_set_evidence(f,
                         "%s (headroom-win.exe: a swap disk it can open for reading is "
                         "attached to no VM)",
                         ev.buf);
    finding_set_fix(f, "%s", fix.buf);
    finding_set_source(f, "microsoft/WSL src/windows/service/exe/WslCoreVm.cpp @3e27a6a (the "
                          "swap disk in <temp>\\<VM id>\\swap.vhdx, deleted when the VM stops); "
                          "microsoft/WSL#10941 (leftovers, safe to delete)");
    strbuf_release(&ev);
    strbuf_release(&fix);
}
