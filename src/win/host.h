/* The Windows host, as seen from inside WSL: its RAM, what uses it, its
 * services, network adapters, the Ndu driver, the user's profile.
 *
 * Where the data comes from (win_host_load):
 *   - under --root (a snapshot or fixture): ROOT/.headroom/host.json, and
 *     nothing else. Nothing is ever run for a snapshot: a snapshot is data.
 *   - on the live machine, in this order:
 *       1. the helper headroom-win.exe: $HEADROOM_WIN_HELPER, else installed
 *          beside the headroom binary (or in ../lib/headroom/). It is run
 *          through WSL interop with a 5 s limit; one process.
 *       2. without it (or when it fails), ONE batched call
 *          `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass
 *          -EncodedCommand ...` that prints the same JSON (UTF-8 forced,
 *          errors caught inside the script, run from the Windows drive);
 *          10 s limit; one process.
 *     Both need WSL interop (/proc/sys/fs/binfmt_misc/WSLInterop*); without
 *     it the host data is absent, with the reason in `reason`. (An explicit
 *     $HEADROOM_WIN_HELPER is run even without interop: the tests run the
 *     helper under Wine that way.)
 *
 * The document ("headroom-host/1", the same from both sources):
 *   { "format": "headroom-host/1", "source": "helper"|"powershell",
 *     "source_version": "1",
 *     "os": { product_name, display_version, version, build, ubr },
 *     "memory": { total, available, commit_total, commit_limit,
 *                 nonpaged_pool, paged_pool },            (bytes)
 *     "process_count": N,
 *     "vmmem": { name, pid, working_set, private_bytes },
 *     "browsers": [ { name, processes, unreadable, working_set, private_bytes } ],
 *     "widgets": { same as a browser },
 *     "top_processes": [ { name, pid, working_set, private_bytes } ],
 *     "services": [ { name, display_name, state, start_type,
 *                     delayed_auto_start, pid, process_services, working_set } ],
 *     "ndu": { start, state },
 *     "adapters": [ { name, description } ],
 *     "profile": { path, wslconfig, wslconfig_size },
 *     "elapsed_ms": N,
 *     "gpu_processes": [ { pid, name, dedicated, shared } ],   (helper only:
 *     "gpu_dedicated_used": N,      PDH GPU Process/Adapter Memory, gpumem.h)
 *     "pagefile": { paging_files: [ "C:\pagefile.sys 0 0" ] },   (helper only)
 *     "uptime_ms": N,               (helper only: GetTickCount64)
 *     "wsl_distros": [ { guid, name, vm_mode, base_path, vhd_path, vhd_size,
 *                        vhd_allocated, volume, volume_total, volume_free,
 *                        volume_available } ], "wsl_distros_truncated": false,
 *     "wsl_swap": { swap_file, swap_file_size, swap_file_allocated, temp_dir,
 *                   temp_files: [ { path, name, size, allocated, age_s, in_use } ],
 *                   temp_files_truncated }   (helper only: win/disk.h)
 *     "microphone": { value, non_packaged } }   ("Allow"/"Deny", consent.h)
 * Any value may be null; then "<key>_error" says why ("not running",
 * "OpenProcess: Access is denied. (error 5)"). Unknown keys are ignored, so
 * the format can grow. state is one of stopped, start_pending,
 * stop_pending, running, continue_pending, pause_pending, paused;
 * start_type one of boot, system, automatic, manual, disabled. Process
 * names carry no ".exe" (as Get-Process shows them).
 *
 * In this struct every such field is a struct win_u64 / win_bool / win_str /
 * enum with a `why`: a value, or the reason there is none. Strings from the
 * host are untrusted: sanitise them (text_sanitize) before printing.
 *
 * For other modules:
 *   - budget: win_host_load() then h.mem_total (and h.mem_available,
 *     h.vmmem.working_set) — check .known first.
 *   - doctor's windows.* rules: h.mem_*, win_host_service(&h, "DoSvc"),
 *     h.nonpaged_pool, h.ndu_start, win_host_killer_adapter(&h), h.services[].
 *   Example:
 *       struct win_host h;
 *       win_host_load(ctx->root, NULL, &h);
 *       if (h.state == WIN_HOST_OK && h.mem_total.known)
 *           room = h.mem_total.v / 2;            // WSL's default VM size
 *       else
 *           note("host data unavailable: %s", h.reason);
 *       const struct win_service *s = win_host_service(&h, "DoSvc");
 *       if (s && s->state == WIN_SVC_RUNNING && s->working_set.known) ...
 *       win_host_release(&h);
 * win_host_load() spawns a Windows process on a live WSL machine (0.1-1 s),
 * so it is not part of machine_load(): call it once, where host data is
 * needed. */
#ifndef HEADROOM_WIN_HOST_H
#define HEADROOM_WIN_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/rootfs.h"
#include "util/strbuf.h"
#include "win/disk.h"
#include "win/consent.h"
#include "win/gpumem.h"
#include "win/pagefile.h"

#define WIN_WHY_MAX     160
#define WIN_HOST_FORMAT "headroom-host/1"
/* the snapshot's copy of the host document, relative to the root */
#define WIN_HOST_SNAPSHOT_PATH ".headroom/host.json"
/* limits on what a document may hold (a real host has ~300 services) */
#define WIN_MAX_SERVICES   4096
#define WIN_MAX_ADAPTERS   256
#define WIN_MAX_PROCS      256
#define WIN_MAX_BROWSERS   16
#define WIN_HOST_MAX_BYTES (8u * 1024 * 1024)

struct win_u64 {
    bool known;
    uint64_t v;
    char why[WIN_WHY_MAX]; /* when !known */
};

struct win_bool {
    bool known;
    bool v;
    char why[WIN_WHY_MAX];
};

struct win_str {
    char *s; /* NULL when unknown; owned by the win_host */
    char why[WIN_WHY_MAX];
};

enum win_svc_state {
    WIN_SVC_UNKNOWN = 0,
    WIN_SVC_STOPPED,
    WIN_SVC_START_PENDING,
    WIN_SVC_STOP_PENDING,
    WIN_SVC_RUNNING,
    WIN_SVC_CONTINUE_PENDING,
    WIN_SVC_PAUSE_PENDING,
    WIN_SVC_PAUSED,
};

enum win_start_type {
    WIN_START_UNKNOWN = 0,
    WIN_START_BOOT,
    WIN_START_SYSTEM,
    WIN_START_AUTOMATIC,
    WIN_START_MANUAL,
    WIN_START_DISABLED,
};

struct win_service {
    char *name;         /* "DoSvc" */
    char *display_name; /* "Delivery Optimization" (may be "") */
    enum win_svc_state state;
    char state_why[WIN_WHY_MAX];
    enum win_start_type start_type;
    char start_why[WIN_WHY_MAX];
    struct win_bool delayed_auto_start;
    struct win_u64 pid;         /* unknown ("not running") when stopped */
    uint64_t process_services;  /* services sharing that process (0 when stopped) */
    struct win_u64 working_set; /* of the hosting process */
};

struct win_proc {
    char *name; /* without ".exe" */
    uint64_t pid;
    struct win_u64 working_set, private_bytes;
};

struct win_group { /* processes summed by name: a browser, the widgets */
    char *name;
    uint64_t processes, unreadable, working_set, private_bytes;
};

struct win_adapter {
    char *name, *description;
    bool killer; /* "Killer" in the description (Rivet/Intel Killer) */
    bool msi;    /* "MSI" as a word in the description or name */
};

enum win_host_state { WIN_HOST_ABSENT = 0, WIN_HOST_OK, WIN_HOST_MALFORMED };
enum win_host_source { WIN_SOURCE_NONE = 0, WIN_SOURCE_HELPER, WIN_SOURCE_POWERSHELL };

struct win_host {
    enum win_host_state state;
    char reason[512]; /* ABSENT/MALFORMED: one line saying why */
    struct diag diag; /* MALFORMED: where (file relative to the root) */

    enum win_host_source source; /* who wrote the document */
    bool from_snapshot;          /* read from ROOT/.headroom/host.json */
    char *source_version;
    char origin[512];          /* how it was obtained, for evidence lines */
    unsigned spawned;          /* processes headroom started to get it (0 or 1 per try) */
    uint64_t wall_ms;          /* live: how long getting it took */
    struct win_u64 elapsed_ms; /* as the source measured itself */

    /* os */
    struct win_str product_name, display_version, version;
    struct win_u64 build, ubr;
    /* memory (bytes) */
    struct win_u64 mem_total, mem_available, commit_total, commit_limit, nonpaged_pool, paged_pool;
    /* processes */
    struct win_u64 process_count;
    bool has_vmmem;
    char vmmem_why[WIN_WHY_MAX];
    struct win_proc vmmem;
    bool has_browsers;
    char browsers_why[WIN_WHY_MAX];
    struct win_group *browsers;
    size_t nbrowsers;
    bool has_widgets;
    char widgets_why[WIN_WHY_MAX];
    struct win_group widgets;
    bool has_top;
    char top_why[WIN_WHY_MAX];
    struct win_proc *top; /* by working set, largest first */
    size_t ntop;
    /* services, sorted as the source sent them (by name) */
    bool has_services;
    char services_why[WIN_WHY_MAX];
    struct win_service *services;
    size_t nservices;
    /* the Ndu driver */
    struct win_u64 ndu_start; /* 2 automatic, 3 manual, 4 disabled */
    enum win_svc_state ndu_state;
    char ndu_state_why[WIN_WHY_MAX];
    /* network adapters (no loopback) */
    bool has_adapters;
    char adapters_why[WIN_WHY_MAX];
    struct win_adapter *adapters;
    size_t nadapters;
    /* the user's profile */
    struct win_str profile_path; /* "C:\Users\alex" */
    struct win_bool wslconfig;   /* %USERPROFILE%\.wslconfig exists */
    struct win_u64 wslconfig_size;
    /* GPU memory per process, largest dedicated first (src/win/gpumem.h) */
    bool has_gpu_procs;
    char gpu_procs_why[WIN_WHY_MAX];
    struct win_gpu_proc *gpu_procs;
    size_t ngpu_procs;
    struct win_u64 gpu_dedicated_used; /* all adapters */
    /* the page file settings (src/win/pagefile.h); none listed = no page file */
    bool has_pagefile;
    char pagefile_why[WIN_WHY_MAX];
    struct win_paging_file paging_files[WIN_MAX_PAGING_FILES];
    size_t npaging_files;
    struct win_u64 uptime_ms; /* since Windows booted (helper only) */
    /* WSL's virtual disks, their drives, the swap disks (src/win/disk.h) */
    struct win_disk disk;
    /* the microphone consent (src/win/consent.h) */
    bool has_mic;
    char mic_why[WIN_WHY_MAX];
    struct win_consent_value mic, mic_non_packaged;
};

struct win_host_opts {
    unsigned helper_timeout_ms;     /* 0: 5000 */
    unsigned powershell_timeout_ms; /* 0: 10000 */
    const char *helper;             /* NULL: $HEADROOM_WIN_HELPER, else beside headroom */
    bool no_helper;                 /* skip the helper (tests of the fallback) */
    bool no_powershell;             /* never fall back to PowerShell */
    struct strbuf *raw;             /* when set, receives the document's bytes as read */
};

/* Fills *ret from the snapshot (root not live) or the live host. Never
 * fails as a whole: ret->state says ok, absent or malformed, ret->reason why.
 * Returns 0 when ok, -ENOENT when absent, -EBADMSG when malformed.
 * Release with win_host_release() in every case. */
int win_host_load(const struct rootfs *root, const struct win_host_opts *opts,
                  struct win_host *ret);
void win_host_release(struct win_host *h);
/* What a snapshot without host data reads back as: the reason set, no data
 * (snapshot --json says the same of the snapshot it writes). */
void win_host_set_not_in_snapshot(struct win_host *h);

/* Maps a "headroom-host/1" document onto *ret (state OK). Returns 0 or
 * -EBADMSG with d set (line/column; the file is left for the caller). On
 * failure *ret holds nothing to release. */
int win_host_parse(const char *buf, size_t len, struct win_host *ret, struct diag *d);

/* Lookups */
const struct win_service *win_host_service(const struct win_host *h, const char *name);
/* Sum of the browsers' working sets (0 when unknown); *ret_n processes. */
uint64_t win_host_browsers_ws(const struct win_host *h, uint64_t *ret_n);
/* The first Killer or MSI adapter, or NULL. */
const struct win_adapter *win_host_killer_adapter(const struct win_host *h);
/* Windows 11 release of a build ("24H2" for 26100), or NULL when unknown. */
const char *win_release_name(uint64_t build);
/* "Windows 11" for builds >= 22000, "Windows 10" for 10240..21999, else NULL
 * (ProductName says "Windows 10" on Windows 11 too, so the build decides). */
const char *win_product_family(uint64_t build);

const char *win_svc_state_name(enum win_svc_state s);   /* "running"; NULL for unknown */
const char *win_start_type_name(enum win_start_type t); /* "automatic"; NULL for unknown */
enum win_svc_state win_svc_state_parse(const char *s);
enum win_start_type win_start_type_parse(const char *s);
const char *win_source_name(enum win_host_source s); /* "helper", "powershell", "none" */
/* Where a figure was read, for evidence lines: e.g. "GlobalMemoryStatusEx"
 * or "Win32_OperatingSystem.TotalVisibleMemorySize". `what` is one of
 * "memory.total", "memory.available", "memory.commit", "memory.pool",
 * "processes", "services", "ndu", "adapters", "profile", "os". */
const char *win_host_evidence(const struct win_host *h, const char *what);

/* The PowerShell script of the fallback (for tests and documentation). */
extern const char win_host_ps_script[];

/* Live-machine plumbing, exposed for tests. */
/* base64 of the script as UTF-16LE, what -EncodedCommand takes. The caller
 * frees the result. */
char *win_ps_encode(const char *utf8);
/* Runs argv[0] with a time limit, its stdout into out (at most cap bytes),
 * stderr's first line into err. cwd may be NULL. Returns 0 when it exited
 * 0; -ETIMEDOUT on timeout, -EFBIG when the output passed cap, -ENOEXEC/-errno
 * when it could not run, -EPROTO when it exited non-zero. */
int win_run(char *const argv[], const char *cwd, unsigned timeout_ms, size_t cap,
            struct strbuf *out, char *err, size_t errn);

#endif
