/* Post-mortem rules: what the kernel killed, and against which limit. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rules/rules.h"
#include "util/sanitize.h"
#include "util/size.h"

/* A cgroup limit this large is "no limit" (v1 writes PAGE_COUNTER_MAX pages:
 * 9007199254740988 kB with 4 KiB pages). */
#define NO_LIMIT (1ull << 60)

/* "12 min ago", "3 h 5 min ago", or "" when the time is not known. */
static void kill_age(const struct machine *m, const struct oom_kill *k, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!k->has_time || m->uptime_st.state != PROBE_OK)
        return;
    uint64_t up_us = m->uptime.up_cs * 10000;
    if (k->t_us > up_us)
        return; /* a log from another boot */
    uint64_t min = (up_us - k->t_us) / 60000000;
    uint64_t boot_min = k->t_us / 60000000;
    if (min < 60)
        snprintf(buf, n, "%llu min ago (%llu min after boot)", (unsigned long long)min,
                 (unsigned long long)boot_min);
    else
        snprintf(buf, n, "%llu h %llu min ago (%llu min after boot)",
                 (unsigned long long)(min / 60), (unsigned long long)(min % 60),
                 (unsigned long long)boot_min);
}

/* A systemd unit at the end of a cgroup path, when its name is plain
 * enough to paste into a command. */
static bool unit_of(const char *memcg, char *unit, size_t n)
{
    const char *slash = strrchr(memcg, '/');
    const char *u = slash ? slash + 1 : memcg;
    size_t len = strlen(u);
    bool ok = len > 8 && len < n &&
              (strcmp(u + len - 8, ".service") == 0 || strcmp(u + len - 6, ".scope") == 0);
    for (size_t i = 0; ok && i < len; i++) {
        char c = u[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_' || c == '.' || c == '@';
    }
    if (ok)
        memcpy(unit, u, len + 1);
    return ok;
}

/* No kill in this VM, which started long after Windows did: a program that
 * died with an earlier VM left no record in this one's kernel. */
static void vm_started_late(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct win_host *h = in->host;
    if (m->wsl.kind != WSL_2 || m->uptime_st.state != PROBE_OK || !h || h->state != WIN_HOST_OK ||
        !h->uptime_ms.known)
        return;
    uint64_t vm_s = m->uptime.up_cs / 100, win_s = h->uptime_ms.v / 1000;
    if (vm_s >= 3600 || win_s < vm_s + 600)
        return;
    struct finding *f =
        rule_emit(o, SEV_INFO,
                  "This WSL VM started %llu min ago, Windows %llu h %llu min ago: "
                  "what ran in an earlier VM left no record here",
                  (unsigned long long)(vm_s / 60), (unsigned long long)(win_s / 3600),
                  (unsigned long long)(win_s % 3600 / 60));
    struct strbuf ev = STRBUF_INIT;
    strbuf_addf(&ev,
                "the VM's uptime %llu s (/proc/uptime), Windows' %llu s (GetTickCount64); no OOM "
                "kill in this VM's kernel log and oom_kill 0 (/proc/vmstat)",
                (unsigned long long)vm_s, (unsigned long long)win_s);
    if (h->mem_available.known && h->mem_total.known)
        strbuf_addf(&ev, "; Windows now: %s available of %s", size_str(h->mem_available.v),
                    size_str(h->mem_total.v));
    if (h->commit_total.known && h->commit_limit.known)
        strbuf_addf(&ev, ", commit %s of %s", size_str(h->commit_total.v),
                    size_str(h->commit_limit.v));
    if (in->pm && in->pm->watch_st.state == PROBE_MALFORMED) {
        char why[700], clean[700];
        probe_status_reason(&in->pm->watch_st, why, sizeof(why));
        strbuf_addf(&ev, "; headroom watch's log not used: %s",
                    text_sanitize(why, strlen(why), clean, sizeof(clean)));
    }
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    finding_set_fix(f, "if a program was \"Killed\" when its VM went away: the VM stops on "
                       "wsl.exe --shutdown, after vmIdleTimeout with nothing running (.wslconfig), "
                       "or when the host kills it; headroom watch --log "
                       "/var/log/headroom-watch.log keeps a record that outlives the VM, and "
                       "doctor compares its last sample with the next boot");
    finding_set_source(f, "Microsoft Learn, Advanced settings configuration in WSL (vmIdleTimeout, "
                          "wsl --shutdown): https://learn.microsoft.com/en-us/windows/wsl/"
                          "wsl-config");
}

/* "2026-11-24T02:17:22Z" */
static void utc_str(int64_t t_s, char *buf, size_t n)
{
    time_t t = (time_t)t_s;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, n, "%lld s after the epoch", (long long)t_s);
}

/* "3 min", "2 h 5 min", "40 s" */
static void span_str(uint64_t s, char *buf, size_t n)
{
    if (s < 60)
        snprintf(buf, n, "%llu s", (unsigned long long)s);
    else if (s < 3600)
        snprintf(buf, n, "%llu min", (unsigned long long)(s / 60));
    else
        snprintf(buf, n, "%llu h %llu min", (unsigned long long)(s / 3600),
                 (unsigned long long)(s % 3600 / 60));
}

/* No kill in this VM, and headroom watch's log (which outlives the VM)
 * ends before this VM booted: the VM went away after that sample. Returns
 * true when it said so. */
static bool restart_after_watch(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct doctor_postmortem *pm = in->pm;
    if (!pm || pm->watch_st.state != PROBE_OK || !pm->watch.has_sample ||
        pm->btime_st.state != PROBE_OK)
        return false;
    const struct watch_sample *w = &pm->watch.last;
    int64_t sample_s = w->t_ms / 1000;
    if (sample_s < 0 || (uint64_t)sample_s >= pm->btime)
        return false; /* watch ran in this VM: no restart since */
    char at[40], boot[40], gap[32];
    utc_str(sample_s, at, sizeof(at));
    utc_str((int64_t)pm->btime, boot, sizeof(boot));
    span_str(pm->btime - (uint64_t)sample_s, gap, sizeof(gap));
    /* the same threshold as mem.low-available's warning: 10 % of MemTotal */
    bool low = w->mem_total && w->mem_available < w->mem_total / 10;
    struct finding *f =
        rule_emit(o, low ? SEV_WARNING : SEV_INFO,
                  "The VM restarted after headroom watch's last sample (%s, %s before this "
                  "boot)%s",
                  at, gap, low ? ", which had under 10 % of its memory available" : "");
    struct strbuf ev = STRBUF_INIT;
    strbuf_addf(&ev,
                "the last sample of %s (byte %llu): MemAvailable %s of MemTotal %s, MemFree %s, "
                "file cache %s",
                WATCHTAIL_PATH, (unsigned long long)pm->watch.last_offset,
                size_str(w->mem_available), size_str(w->mem_total), size_str(w->mem_free),
                size_str(w->file_cache));
    if (w->has_psi)
        strbuf_addf(&ev, ", PSI some avg10 %.2f %%", w->psi_some_avg10);
    strbuf_addf(&ev, "; this VM booted at %s (btime %llu, /proc/stat)", boot,
                (unsigned long long)pm->btime);
    if (m->uptime_st.state == PROBE_OK)
        strbuf_addf(&ev, ", up %llu s (/proc/uptime)", (unsigned long long)(m->uptime.up_cs / 100));
    strbuf_addstr(&ev, "; no OOM kill in this VM's kernel log, oom_kill 0 (/proc/vmstat)");
    const struct win_host *h = in->host;
    bool win_up = h && h->state == WIN_HOST_OK && h->uptime_ms.known &&
                  m->uptime_st.state == PROBE_OK && h->uptime_ms.v / 1000 > m->uptime.up_cs / 100;
    if (win_up) {
        char wu[32];
        span_str(h->uptime_ms.v / 1000, wu, sizeof(wu));
        strbuf_addf(&ev, "; Windows up %s (GetTickCount64): it stayed up, the VM did not", wu);
        if (h->mem_available.known && h->mem_total.known)
            strbuf_addf(&ev, "; Windows now: %s available of %s", size_str(h->mem_available.v),
                        size_str(h->mem_total.v));
        if (h->commit_total.known && h->commit_limit.known)
            strbuf_addf(&ev, ", commit %s of %s", size_str(h->commit_total.v),
                        size_str(h->commit_limit.v));
    }
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    if (low)
        finding_set_fix(f, "the VM was nearly out of memory at the last sample, and its kernel log "
                           "went with it: whether the OOM killer ran or the VM was stopped cannot "
                           "be read here (with a persistent journal, journalctl -k -b -1 shows the "
                           "previous boot's kernel log); load less (headroom fit MODEL shows what "
                           "fits), or give the VM more memory or swap; this shows what fits this "
                           "host\n"
                           "$ headroom config recommend");
    else
        finding_set_fix(f, "if a program was \"Killed\" when its VM went away: the VM stops on "
                           "wsl.exe --shutdown, after vmIdleTimeout with nothing running "
                           "(.wslconfig), or when the host kills it; the watch log ends where the "
                           "old VM did");
    finding_set_source(f, "Microsoft Learn, Advanced settings configuration in WSL (vmIdleTimeout, "
                          "wsl --shutdown): https://learn.microsoft.com/en-us/windows/wsl/"
                          "wsl-config; Linux Documentation/filesystems/proc.rst (btime): "
                          "https://docs.kernel.org/filesystems/proc.html");
    return true;
}

static void no_kill_in_log(const struct doctor_input *in, struct rule_out *o, const char *why)
{
    const struct machine *m = in->m;
    bool counted = m->vmstat_st.state == PROBE_OK && m->vmstat.has_oom_kill;
    if (!counted) {
        rule_skip(o, "no kernel log (%s) and no oom_kill count in /proc/vmstat", why);
        return;
    }
    if (m->vmstat.oom_kill == 0) {
        if (!restart_after_watch(in, o))
            vm_started_late(in, o);
        return;
    }
    struct finding *f =
        rule_emit(o, SEV_WARNING, "The kernel's OOM killer has killed %llu process%s since boot",
                  (unsigned long long)m->vmstat.oom_kill, m->vmstat.oom_kill == 1 ? "" : "es");
    finding_set_evidence(f, "oom_kill %llu (/proc/vmstat); the kernel log: %s",
                         (unsigned long long)m->vmstat.oom_kill, why);
    if (m->oom_st.state == PROBE_UNAVAILABLE && m->live)
        finding_set_fix(f, "read the kernel's report of it as root, which names the process and "
                           "the limit it hit\n"
                           "$ sudo headroom doctor --only mem");
    else
        finding_set_fix(f, "the kernel's ring buffer no longer holds the report; a persistent "
                           "journal keeps it across wraps (journalctl -k --grep 'Killed "
                           "process'), and headroom doctor reads it while it is in the buffer");
}

void check_mem_oom_killed(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    char why[700];
    if (m->oom_st.state != PROBE_OK) {
        no_kill_in_log(in, o, probe_status_reason(&m->oom_st, why, sizeof(why)));
        return;
    }
    const struct oom_kill *k = oomlog_last(&m->oom);
    if (!k) {
        no_kill_in_log(in, o, "no OOM kill in it");
        return;
    }
    char name[sizeof(k->name)], memcg[sizeof(k->oom_memcg)], task_memcg[sizeof(k->task_memcg)];
    text_sanitize(k->name, strlen(k->name), name, sizeof(name));
    text_sanitize(k->oom_memcg, strlen(k->oom_memcg), memcg, sizeof(memcg));
    text_sanitize(k->task_memcg, strlen(k->task_memcg), task_memcg, sizeof(task_memcg));
    char age[96];
    kill_age(m, k, age, sizeof(age));
    bool in_cgroup = k->memcg || strcmp(k->constraint, "CONSTRAINT_MEMCG") == 0;
    uint64_t rss = oom_kill_rss(k);

    struct finding *f;
    if (k->has_rss)
        f = rule_emit(o, SEV_WARNING, "The OOM killer killed %s (PID %d)%s%s holding %s", name,
                      k->pid, age[0] ? " " : "", age, size_str(rss));
    else
        f = rule_emit(o, SEV_WARNING, "The OOM killer killed %s (PID %d)%s%s", name, k->pid,
                      age[0] ? " " : "", age);

    struct strbuf ev = STRBUF_INIT;
    if (k->has_rss)
        strbuf_addf(&ev, "RSS at the kill %s: anon %s + file %s + shmem %s (total-vm %s)",
                    size_str(rss), size_str(k->anon_rss), size_str(k->file_rss),
                    size_str(k->shmem_rss), size_str(k->total_vm));
    else
        strbuf_addstr(&ev, "the kill line gives no RSS (a kernel before 4.9)");
    if (in_cgroup) {
        strbuf_addf(&ev, "; the limit was a memory cgroup's, %s", memcg[0] ? memcg : task_memcg);
        if (k->has_mem_limit)
            strbuf_addf(&ev, ": limit %s, usage %s", size_str(k->mem_limit),
                        size_str(k->mem_usage));
        if (k->has_memsw_limit && k->memsw_limit < NO_LIMIT)
            strbuf_addf(&ev, ", memory+swap limit %s", size_str(k->memsw_limit));
        if (k->has_swap_limit && k->swap_limit < NO_LIMIT)
            strbuf_addf(&ev, ", swap limit %s", size_str(k->swap_limit));
    } else {
        strbuf_addstr(&ev, "; the whole machine ran out");
        if (m->meminfo_st.state == PROBE_OK)
            strbuf_addf(&ev, ": MemTotal %s", size_str(m->meminfo.mem_total));
        if (k->has_swap_total)
            strbuf_addf(&ev, ", swap %s (%s free at the kill)", size_str(k->swap_total),
                        size_str(k->swap_free));
        else if (m->swaps_st.state == PROBE_OK)
            strbuf_addf(&ev, ", swap %s now", size_str(m->swaps.total));
        if (task_memcg[0])
            strbuf_addf(&ev, "; its cgroup %s", task_memcg);
    }
    if (k->constraint[0])
        strbuf_addf(&ev, "; constraint %s", k->constraint);
    if (k->invoker[0] && strcmp(k->invoker, k->name) != 0) {
        char inv[sizeof(k->invoker)];
        text_sanitize(k->invoker, strlen(k->invoker), inv, sizeof(inv));
        strbuf_addf(&ev, "; the allocation that found no memory was %s's", inv);
    }
    if (m->oom.nkills > 1)
        strbuf_addf(&ev, "; %zu kills in the log, this the last", m->oom.nkills);
    if (m->vmstat_st.state == PROBE_OK && m->vmstat.has_oom_kill)
        strbuf_addf(&ev, "; oom_kill %llu since boot (/proc/vmstat)",
                    (unsigned long long)m->vmstat.oom_kill);
    strbuf_addf(&ev, " (the kernel log, %s)", m->live ? "/dev/kmsg" : OOMLOG_SNAPSHOT_PATH);
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);

    char unit[96];
    if (in_cgroup && unit_of(memcg[0] ? memcg : task_memcg, unit, sizeof(unit)))
        finding_set_fix(f,
                        "the limit is the unit's own, not the machine's: raise its MemoryMax= "
                        "(systemctl edit %s) or load less into it (headroom fit MODEL shows "
                        "what fits); this shows the limits in force\n"
                        "$ systemctl show -p MemoryMax -p MemoryHigh -p MemorySwapMax %s",
                        unit, unit);
    else if (in_cgroup)
        finding_set_fix(f, "the limit is the cgroup's, not the machine's: raise it where it is "
                           "set (docker run --memory, podman --memory, a systemd unit's "
                           "MemoryMax=) or load less into it (headroom fit MODEL shows what "
                           "fits)");
    else if (m->wsl.kind == WSL_2)
        finding_set_fix(f, "the VM's memory= and swap= (.wslconfig) were all there was: load "
                           "less (headroom fit MODEL --ctx N shows what fits), or give the VM "
                           "more memory or swap; this shows what fits this host\n"
                           "$ headroom config recommend");
    else
        finding_set_fix(f, "the machine's RAM and swap were all there was: load less (headroom "
                           "fit MODEL --ctx N shows what fits), or add swap");
}
