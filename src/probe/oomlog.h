/* The kernel's reports of OOM kills, read back from its log: who was killed,
 * how much it held, and under which limit. The lines are the kernel's own
 * (torvalds/linux mm/oom_kill.c: dump_header, dump_oom_summary and
 * __oom_kill_process; mm/memcontrol.c: mem_cgroup_print_oom_meminfo; the
 * swap totals of show_mem() for a machine-wide report), as this
 * project's development VM (6.18) wrote them for a process killed in a
 * memory cgroup limited to 64 MiB:
 *
 *   4,410,12140255736,-;alloc invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, ...
 *   6,440,12140263234,-;memory: usage 65536kB, limit 65536kB, failcnt 80
 *   6,441,12140263249,-;memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0
 *   6,489,12140271523,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,
 *       mems_allowed=0,oom_memcg=/wt21-probe-18148,task_memcg=/wt21-probe-18148,task=alloc,
 *       pid=629,uid=0
 *   3,490,12140271563,-;Memory cgroup out of memory: Killed process 629 (alloc)
 *       total-vm:207144kB, anon-rss:65280kB, file-rss:1072kB, shmem-rss:0kB, UID:0
 *       pgtables:164kB oom_score_adj:0
 *
 * (each one line in the log). A kill of the whole machine says "Out of
 * memory: Killed process ..." and "constraint=CONSTRAINT_NONE". Three line
 * forms are read: /dev/kmsg records ("PRIO,SEQ,USEC,FLAGS;TEXT", whose
 * continuation lines start with a space), dmesg's ("[ 12140.271563] TEXT")
 * and journalctl's ("Dec 02 22:16:07 host kernel: TEXT"), and bare text.
 *
 * Live, the log is /dev/kmsg: readable by root, and by anyone when
 * kernel.dmesg_restrict is 0 (the dmesg program reads the same buffer with
 * the same check, kernel/printk/printk.c check_syslog_permissions). Only the
 * lines that take part in an OOM report are kept, in the /dev/kmsg form;
 * `headroom snapshot` records those in OOMLOG_SNAPSHOT_PATH, which is what
 * is read under --root. */
#ifndef HEADROOM_OOMLOG_H
#define HEADROOM_OOMLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "util/strbuf.h"

#define OOMLOG_SNAPSHOT_PATH ".headroom/kernel-oom.log"
#define OOMLOG_MAX_KILLS     16
/* the kernel's printk buffer is 128 KiB to a few MiB; only OOM lines are kept */
#define OOMLOG_CAP (256 * 1024)

struct oom_kill {
    bool has_time;
    uint64_t t_us; /* since boot, microseconds (dmesg's seconds, kmsg's usec) */
    int pid;
    char name[64];      /* the victim's comm, as logged (kmsg writes odd bytes as \xNN) */
    bool memcg;         /* "Memory cgroup out of memory": a cgroup's limit, not the machine */
    bool has_rss;       /* the "anon-rss:" figures were there */
    uint64_t total_vm;  /* bytes */
    uint64_t anon_rss;  /* bytes */
    uint64_t file_rss;  /* bytes */
    uint64_t shmem_rss; /* bytes */
    bool has_uid;
    unsigned uid;
    bool has_adj;
    int oom_score_adj;
    /* from the lines of the same report before the kill line */
    char invoker[64];     /* the task whose allocation "invoked oom-killer" */
    char constraint[32];  /* "CONSTRAINT_MEMCG", "CONSTRAINT_NONE", ... */
    char oom_memcg[160];  /* the cgroup whose limit was hit ("" when global) */
    char task_memcg[160]; /* the victim's cgroup */
    bool global_oom;
    bool has_mem_limit; /* "memory: usage NkB, limit NkB" (a cgroup's) */
    uint64_t mem_usage, mem_limit;
    bool has_memsw_limit; /* cgroup v1 "memory+swap:" */
    uint64_t memsw_usage, memsw_limit;
    bool has_swap_limit; /* cgroup v2 "swap:" */
    uint64_t swap_usage, swap_limit;
    bool has_swap_total; /* a machine-wide report's "Free swap = / Total swap =" */
    uint64_t swap_free, swap_total;
};

struct oom_log {
    size_t nkills; /* kills in the log */
    size_t nkept;  /* the last OOMLOG_MAX_KILLS of them, oldest first */
    struct oom_kill kills[OOMLOG_MAX_KILLS];
};

/* The lines above in any of the three forms; lines of other messages are
 * skipped. -EBADMSG (d: line and column) for a kill line whose PID or a
 * figure is not a number, or a /dev/kmsg record with a broken prefix. */
int oomlog_parse(const char *buf, size_t len, struct oom_log *ret, struct diag *d);

/* True when one log line (any form) belongs to an OOM report: the filter
 * for what is kept of the live log. */
bool oomlog_line_wanted(const char *line, size_t len);

/* Live root: /dev/kmsg, nonblocking, the OOM lines kept in `raw`
 * (unavailable when it cannot be opened: not root under dmesg_restrict);
 * otherwise the snapshot's OOMLOG_SNAPSHOT_PATH (unavailable when not
 * recorded). raw (may be NULL) receives the kept lines. */
int oomlog_read(const struct rootfs *r, struct oom_log *ret, struct strbuf *raw,
                struct probe_status *st);

/* The newest kill, or NULL. */
const struct oom_kill *oomlog_last(const struct oom_log *l);
/* What it held when killed: anon + file + shmem RSS (the kernel's figures). */
uint64_t oom_kill_rss(const struct oom_kill *k);

#endif
