/* Processes: /proc/<pid>/{stat,comm,status,smaps_rollup}.
 *
 * To stay cheap on a machine with many processes, every process's `stat`
 * is read (RSS in pages is field 24, as earlyoom does) to rank them, and only
 * the top N get the costlier comm/status/smaps_rollup reads. smaps_rollup
 * walks page tables, so PSS is only ever asked for those N. */
#ifndef HEADROOM_PROCS_H
#define HEADROOM_PROCS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "probe/probe.h"

struct proc_stat {
    int pid;
    char comm[64]; /* between the first '(' and the last ')'; may hold any byte */
    char state;
    int ppid;
    uint64_t utime, stime; /* clock ticks */
    uint64_t starttime;    /* clock ticks after boot */
    uint64_t rss_pages;
};

struct proc_status {
    bool has_rss, has_breakdown, has_hwm, has_swap, has_uid;
    uint64_t vm_rss, rss_anon, rss_file, rss_shmem, vm_hwm, vm_swap; /* bytes */
    unsigned uid;
};

struct proc_smaps {
    uint64_t rss, pss, pss_anon, pss_file, pss_shmem, swap, swap_pss; /* bytes */
    bool has_pss_split; /* Pss_Anon/File/Shmem present (kernel 5.9+) */
};

struct proc_info {
    int pid, ppid;
    char name[64]; /* from comm (final newline removed), else from stat */
    char state;
    unsigned uid;
    bool has_status, has_smaps;
    uint64_t rss, rss_anon, rss_file, rss_shmem, vm_hwm, swap; /* from status */
    uint64_t pss, pss_anon, pss_file, pss_shmem;               /* from smaps_rollup */
    uint64_t stat_rss_pages;
};

/* Every process whose stat could be read, in /proc order: enough to ask
 * "is pipewire running?" without reading more files. */
struct proc_brief {
    int pid;
    char name[64];
    uint64_t rss_pages;
};

struct proc_list {
    struct proc_info *procs; /* owned; sorted by RSS, largest first */
    struct proc_brief *all;  /* owned */
    size_t nall;
    size_t n;
    size_t seen;    /* processes whose stat was read */
    size_t skipped; /* entries whose files were unreadable or malformed */
};

/* 1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 ... (52 fields)
 * The name runs to the LAST ')' so a comm holding ')' or spaces cannot shift
 * the fields. Returns 0 or -EBADMSG. */
int proc_stat_parse(const char *buf, size_t len, struct proc_stat *ret, struct diag *d);
/* Name:\tbash\n ... VmHWM:\t    5232 kB\nVmRSS:\t    5232 kB\nRssAnon: ...
 * Only the memory lines and Uid are kept; missing lines leave has_* false.
 * Returns 0 or -EBADMSG (a kept line whose value is not "N kB"). */
int proc_status_parse(const char *buf, size_t len, struct proc_status *ret, struct diag *d);
/* 5581d4f3e000-7ffd3bbf5000 ---p 00000000 00:00 0   [rollup]\nRss:  5232 kB\nPss: ...
 * Returns 0 or -EBADMSG (no Rss/Pss line, or a bad value). */
int proc_smaps_parse(const char *buf, size_t len, struct proc_smaps *ret, struct diag *d);

/* Loads the top `top_n` processes by RSS, with their PSS (smaps_rollup) when
 * `pss`. st is ok when /proc could be listed; single processes that vanish
 * or hold bad bytes are skipped and counted. */
int procs_read(const struct rootfs *r, unsigned top_n, bool pss, struct proc_list *ret,
               struct probe_status *st);
void proc_list_release(struct proc_list *l);
/* The first process whose name (comm) equals `name`, or NULL. */
const struct proc_brief *proc_list_find(const struct proc_list *l, const char *name);
/* /proc/PID/cmdline as one line: the arguments, NUL-separated in the file
 * ("llama-server\0-m\0model.gguf\0"), joined by single spaces, cut to n - 1
 * bytes. Empty for a kernel thread (an empty file). The bytes are the
 * process's own: show them through text_sanitize(). Returns ret. */
char *proc_cmdline_join(const char *buf, size_t len, char *ret, size_t n);
/* Reads proc/PID/cmdline under the root into ret (as proc_cmdline_join).
 * Returns 0, or a negative errno (the process is gone, the file unreadable;
 * ret is then ""). */
int proc_cmdline_read(const struct rootfs *r, int pid, char *ret, size_t n);
/* True for a /proc entry that names a process: digits only. */
bool proc_is_pid_name(const char *s);

#endif
