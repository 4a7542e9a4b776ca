/* One snapshot of everything the probes read, filled once per command.
 * Everything downstream (status, doctor, fit, reclaim's report...) reads this
 * struct; renderers never call probes. */
#ifndef HEADROOM_MACHINE_H
#define HEADROOM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/alsa.h"
#include "model/dups.h"
#include "probe/audio.h"
#include "probe/buddyinfo.h"
#include "probe/cgroup.h"
#include "probe/cmdline.h"
#include "probe/containers.h"
#include "probe/cpus.h"
#include "probe/cudalibs.h"
#include "probe/disk.h"
#include "probe/gpu.h"
#include "probe/kernel.h"
#include "probe/meminfo.h"
#include "probe/nvml.h"
#include "probe/ollama-api.h"
#include "probe/ollamalog.h"
#include "probe/oomlog.h"
#include "probe/packages.h"
#include "probe/placement.h"
#include "probe/procs.h"
#include "probe/psi.h"
#include "probe/pyenv.h"
#include "probe/swaps.h"
#include "probe/uptime.h"
#include "probe/vmstat.h"
#include "probe/wsl.h"
#include "util/rootfs.h"

/* What to load besides the memory picture (meminfo, swaps, buddyinfo, CPUs,
 * cmdline, kernel, PSI, cgroups, processes, WSL detection), which is always
 * read. */
enum {
    MACHINE_SETUP = 1 << 0, /* GPU, audio and container set-up (doctor) */
    /* PSS of the detailed processes (smaps_rollup). On the live machine the
     * kernel walks each process's page tables for it: 20+ ms for a process
     * holding a 4 GiB model resident, where everything else status reads
     * costs the same whatever the models' size. So only what shows or sorts
     * by PSS asks for it; under --root (files) it is always read. */
    MACHINE_PSS = 1 << 1,
    /* for fit's budget without the rest of the set-up: NVML's free VRAM and
     * the CPU's flags (both part of MACHINE_SETUP) */
    MACHINE_NVML = 1 << 2,
    MACHINE_CPUINFO = 1 << 3,
    /* the Python environments and their GPU frameworks (part of
     * MACHINE_SETUP; status --json asks for them alone) */
    MACHINE_PYENV = 1 << 4,
    MACHINE_ALL = MACHINE_SETUP | MACHINE_PSS | MACHINE_NVML | MACHINE_CPUINFO | MACHINE_PYENV,
};

struct machine_opts {
    unsigned top_n; /* processes to load in detail; 0 = default (10) */
    unsigned want;  /* MACHINE_* bits */
};

struct machine {
    const struct rootfs *root; /* borrowed */
    bool live;

    struct meminfo meminfo;
    struct probe_status meminfo_st;
    struct swaps swaps;
    struct probe_status swaps_st;
    struct buddyinfo buddyinfo;
    struct probe_status buddyinfo_st;
    struct cpus cpus;
    struct probe_status cpus_st;
    struct cmdline cmdline;
    struct probe_status cmdline_st;
    struct kernel_release kernel;
    struct probe_status kernel_st;
    struct kernel_version version;
    struct probe_status version_st;
    struct psi psi;
    struct probe_status psi_st;
    struct cgroup_info cgroup;
    struct proc_list procs;
    struct probe_status procs_st;
    struct wsl_info wsl;

    uint64_t page_size; /* bytes; 4096 unless the live machine says otherwise */

    struct packages packages; /* MACHINE_SETUP: the NVIDIA and audio ones installed */
    struct gpu_info gpu;
    struct audio_info audio;
    struct alsa_info alsa; /* MACHINE_SETUP: where ALSA's default device goes */
    struct containers_info containers;
    struct nvml_info nvml; /* GPU memory: NVML live, the snapshot's record under --root */
    struct probe_status nvml_st;
    struct cpu_features cpu_features; /* MACHINE_CPUINFO or MACHINE_SETUP */
    struct probe_status cpu_features_st;
    /* under --root: the snapshot's .headroom/env (KEY=VALUE lines) */
    char *env_file;
    size_t env_len;
    /* Post-mortem (MACHINE_SETUP): the kernel's OOM reports (/dev/kmsg live,
     * the snapshot's record under --root), the kernel's count of OOM kills
     * since boot and the time since boot. oom_raw holds the log lines kept,
     * which `headroom snapshot` records. */
    struct oom_log oom;
    struct probe_status oom_st;
    char *oom_raw;
    size_t oom_raw_len;
    struct vmstat vmstat;
    struct probe_status vmstat_st;
    /* vm.min_unmapped_ratio: what node reclaim leaves cached (always read) */
    unsigned min_unmapped_ratio;
    struct probe_status min_unmapped_st;
    struct uptime uptime;
    struct probe_status uptime_st;
    /* Ollama's server log (MACHINE_SETUP): its last load decision, where the
     * log was found, and the lines read (what a snapshot records) */
    struct ollama_log ollama;
    struct probe_status ollama_st;
    char ollama_log_path[320];
    char *ollama_raw;
    size_t ollama_raw_len;
    /* who answers Ollama's address (MACHINE_SETUP; live: one bounded GET of
     * /api/version, --root: the snapshot's record) */
    struct ollama_api ollama_api;
    struct probe_status ollama_api_st;
    /* cuDNN / cuBLAS and CTranslate2 (MACHINE_SETUP) */
    struct cudalibs cudalibs;
    /* the file system at "/" (statfs; .headroom/statfs in a snapshot) */
    struct disk_fs disk;
    struct probe_status disk_st;
    /* the root's mount table (MACHINE_SETUP), and the models running
     * inference processes use from a Windows drive, read speed measured on
     * the live machine only */
    struct mount_table mounts;
    struct probe_status mounts_st;
    struct drvfs_models drvfs_models;
    /* the same model in several stores (MACHINE_SETUP; owned, NULL when not
     * looked for) */
    struct model_dups *model_dups;
    /* Python environments with PyTorch / ONNX Runtime / TensorFlow
     * (MACHINE_SETUP or MACHINE_PYENV; $VIRTUAL_ENV and $CONDA_PREFIX
     * through machine_getenv) */
    struct pyenv_list pyenvs;
};

/* An environment variable of the machine: the process's own on the live
 * machine, the snapshot's record under --root. A snapshot keeps only WSL_*
 * variables, so any other one is "not recorded" there unless a fixture wrote
 * it explicitly: KEY=VALUE for a set variable, a bare KEY line for an unset
 * one. */
enum machine_env_state { ENV_NOT_RECORDED, ENV_UNSET, ENV_SET };
enum machine_env_state machine_getenv(const struct machine *m, const char *key, char *buf,
                                      size_t n);

/* Runs every probe through `root`. Never fails: each probe's status says
 * what could be read. Release with machine_release(). */
void machine_load(struct machine *m, const struct rootfs *root, const struct machine_opts *opts);
void machine_release(struct machine *m);

/* The kernel release from osrelease, else from /proc/version; NULL when
 * neither could be read. */
const char *machine_kernel_release(const struct machine *m);

/* Derived figures (all in bytes): the meminfo_*() figures of
 * probe/meminfo.h for this machine's reading, defined there once. */
uint64_t machine_host_view_used(const struct machine *m);
uint64_t machine_used(const struct machine *m);
uint64_t machine_buff_cache(const struct machine *m);
uint64_t machine_reclaimable_cache(const struct machine *m);
uint64_t machine_held_by_programs(const struct machine *m);
uint64_t machine_swap_used(const struct machine *m);
/* meminfo_droppable_cache() of this machine's reading */
uint64_t machine_droppable_cache(const struct machine *m);
/* The loaded process holding the most file-backed memory, or NULL. */
const struct proc_info *machine_top_file_holder(const struct machine *m);
/* Free memory in blocks smaller than the page-reporting order: free in the
 * guest but never handed back to Windows. false when unknown. */
bool machine_unreportable_free(const struct machine *m, uint64_t *ret);

/* The probes in a fixed order, for reports: name and status. */
struct machine_probe_ref {
    const char *name;
    const struct probe_status *st;
};
size_t machine_probes(const struct machine *m, struct machine_probe_ref *out, size_t cap);

#endif
