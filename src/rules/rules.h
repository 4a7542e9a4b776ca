/* The doctor's rules engine.
 *
 * A rule is a row of a const table (table.c): a stable id `area.name`, the
 * area, one line saying what it checks, the source its advice rests on, and a
 * check function. A check reads only its `struct doctor_input` (the machine,
 * plus the .wslconfig model and Windows host data when present) and either
 * emits findings, or says why it was skipped, or does neither (the rule ran
 * and found nothing: "ok"). Checks never print, never touch the system. */
#ifndef HEADROOM_RULES_H
#define HEADROOM_RULES_H

#include <stdbool.h>

#include "finding.h"
#include "model/estimate.h"
#include "probe/watchtail.h"
#include "util/strbuf.h"
#include "machine.h"
#include "win/host.h"

struct wsl_config;
struct wsl_locate;
struct host_facts;
struct wsl_facts;

struct doctor_input {
    const struct machine *m;
    const struct win_host *host; /* NULL or not ok: the windows.* rules skip */
    /* the .wslconfig search and, when exactly one was found, the file
     * evaluated as WSL reads it; /etc/wsl.conf; the lint facts (all may be
     * NULL: the rules that need them skip) */
    const struct wsl_locate *loc;
    const struct wsl_config *wslconfig;
    const char *wslconfig_display;
    const struct wsl_config *wslconf;
    const struct host_facts *hostf;
    const struct wsl_facts *facts;
    /* the models the GPU and Ollama rules weigh (rules/input.c; NULL: none
     * looked for) */
    const struct doctor_models *models;
    /* headroom watch's last sample and this boot's time (rules/input.c;
     * NULL: not looked for) */
    const struct doctor_postmortem *pm;
};

/* What outlives a VM: the last sample of headroom watch's log, against the
 * time this VM booted (/proc/stat btime). */
struct doctor_postmortem {
    struct watch_tail watch;
    struct probe_status watch_st;
    uint64_t btime; /* seconds since the epoch */
    struct probe_status btime_st;
};

/* A model found on this machine, its header read through the root. */
struct doctor_model {
    bool loaded;
    struct model m;
    char name[300];  /* the store's name, or the path as the log gives it */
    char picked[96]; /* how it was chosen: "the model Ollama loaded last", ... */
    char why[300];   /* !loaded: why there is none */
};

struct doctor_models {
    struct doctor_model ollama;  /* the model of Ollama's last load, from its log */
    struct doctor_model largest; /* the largest GGUF in the local stores */
    struct doctor_model running; /* the model a running inference process maps */
};
/* The model to weigh VRAM against: the one a running inference process
 * maps, else Ollama's last one, else the largest in the stores; NULL when
 * none was read. */
const struct doctor_model *doctor_model_pick(const struct doctor_input *in);

struct rule;

/* What a check writes into; use rule_emit() and rule_skip(). */
struct rule_out {
    const struct rule *rule;
    struct findings *findings;
    char skip_why[256]; /* non-empty: the rule was skipped */
};

struct rule {
    const char *id;
    const char *area;
    const char *doc;    /* what it checks, one line */
    const char *source; /* what its advice rests on, or NULL */
    void (*check)(const struct doctor_input *in, struct rule_out *out);
};

extern const struct rule rules_table[];
extern const size_t rules_count;

/* A rule that also belongs to a second area, whose --only runs it too: a
 * finding the doctor carries under one id (it keeps one copy) stays
 * visible from both areas. */
struct rule_also_area {
    const char *id, *area;
};
extern const struct rule_also_area rules_also_areas[];
extern const size_t rules_also_count;

/* Adds a finding with the rule's id and source; set evidence and fix on the
 * result (both are required by the contract; tests check them). */
struct finding *rule_emit(struct rule_out *o, enum severity sev, const char *title_fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rule_skip(struct rule_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct doctor_skip {
    const char *id;
    char why[256];
};

struct doctor_result {
    struct findings findings; /* ordered: severity, then area and rule order */
    const char **checked;     /* ids of the rules that ran (ok or not) */
    size_t nchecked;
    struct doctor_skip *skipped;
    size_t nskipped;
    size_t ok; /* rules that ran and found nothing */
};

struct doctor_filter {
    const char *const *only_areas; /* NULL-terminated, or NULL for all */
    const char *const *skip_ids;   /* NULL-terminated, or NULL */
    const char *const *ignored;    /* ids from the user's ignore list */
    const char *ignore_file;       /* where `ignored` came from, for the "why" */
};

/* Runs every rule allowed by the filter. Never fails. */
void doctor_run(const struct doctor_input *in, const struct doctor_filter *f,
                struct doctor_result *ret);
void doctor_result_release(struct doctor_result *r);
const struct rule *rules_find(const char *id);
/* True when `area` names a rule area. */
bool rules_area_exists(const char *area);
/* The i-th rule area in table order, NULL after the last (what doctor
 * --only accepts). */
const char *rules_area_at(size_t i);
/* The i-th id rules_id_known() accepts: the doctor rules, then every config
 * lint id as wslconfig.NAME and wslconf.NAME; NULL after the last (what
 * doctor --skip accepts). */
const char *rules_id_at(size_t i);

/* Shared by rule files: the machine's memory figures as evidence text. */
const char *rules_where_meminfo(void);

/* Rule checks, by area (one file each). */
void check_wsl_not_wsl(const struct doctor_input *in, struct rule_out *o);
void check_wsl_swap_missing(const struct doctor_input *in, struct rule_out *o);
void check_wsl_old_version(const struct doctor_input *in, struct rule_out *o);
void check_mem_low_available(const struct doctor_input *in, struct rule_out *o);
void check_mem_pressure(const struct doctor_input *in, struct rule_out *o);
void check_mem_psi_unavailable(const struct doctor_input *in, struct rule_out *o);
void check_mem_cache_held(const struct doctor_input *in, struct rule_out *o);
void check_mem_mapped_model(const struct doctor_input *in, struct rule_out *o);
void check_gpu_driver_in_guest(const struct doctor_input *in, struct rule_out *o);
void check_gpu_no_dxg(const struct doctor_input *in, struct rule_out *o);
void check_gpu_libcuda_missing(const struct doctor_input *in, struct rule_out *o);
void check_gpu_ld_conf(const struct doctor_input *in, struct rule_out *o);
void check_gpu_nvidia_smi_path(const struct doctor_input *in, struct rule_out *o);
void check_gpu_cuda_toolkit(const struct doctor_input *in, struct rule_out *o);
void check_gpu_vram(const struct doctor_input *in, struct rule_out *o);
void check_audio_wslg_missing(const struct doctor_input *in, struct rule_out *o);
void check_audio_pipewire_conflict(const struct doctor_input *in, struct rule_out *o);
void check_audio_pulse_server_env(const struct doctor_input *in, struct rule_out *o);
void check_audio_tools_missing(const struct doctor_input *in, struct rule_out *o);
void check_audio_alsa_not_routed(const struct doctor_input *in, struct rule_out *o);
void check_containers_docker_desktop(const struct doctor_input *in, struct rule_out *o);
void check_containers_podman_machine(const struct doctor_input *in, struct rule_out *o);
void check_windows_host_ram(const struct doctor_input *in, struct rule_out *o);
void check_wsl_no_wslconfig(const struct doctor_input *in, struct rule_out *o);
void check_wsl_limits_not_applied(const struct doctor_input *in, struct rule_out *o);
void check_wsl_systemd_gradual(const struct doctor_input *in, struct rule_out *o);
void check_config_lint(const struct doctor_input *in, struct rule_out *o);

/* Adds a finding with an id other than the rule's own (config lint's ids). */
struct finding *rule_emit_id(struct rule_out *o, const char *id, enum severity sev,
                             const char *title);
/* A doctor rule id, or an id config lint emits. */
bool rules_id_known(const char *id);
void check_windows_dosvc(const struct doctor_input *in, struct rule_out *o);
void check_windows_ndu(const struct doctor_input *in, struct rule_out *o);
void check_windows_service_memory(const struct doctor_input *in, struct rule_out *o);
void check_mem_oom_killed(const struct doctor_input *in, struct rule_out *o);
void check_inference_ollama_verdict(const struct doctor_input *in, struct rule_out *o);
void check_inference_duplicate_server(const struct doctor_input *in, struct rule_out *o);
void check_gpu_vram_held_by_windows(const struct doctor_input *in, struct rule_out *o);
void check_windows_commit_headroom(const struct doctor_input *in, struct rule_out *o);
void check_gpu_cudnn_missing(const struct doctor_input *in, struct rule_out *o);
void check_model_on_drvfs(const struct doctor_input *in, struct rule_out *o);
void check_model_duplicates(const struct doctor_input *in, struct rule_out *o);
void check_disk_host_low(const struct doctor_input *in, struct rule_out *o);     /* disk-host.c */
void check_disk_vhdx_bloat(const struct doctor_input *in, struct rule_out *o);   /* disk-host.c */
void check_disk_swap_orphans(const struct doctor_input *in, struct rule_out *o); /* disk-host.c */
void check_gpu_torch_cpu_only(const struct doctor_input *in, struct rule_out *o);
void check_gpu_torch_cuda_newer_than_driver(const struct doctor_input *in, struct rule_out *o);
void check_gpu_onnxruntime_no_cuda(const struct doctor_input *in, struct rule_out *o);
void check_audio_mic_denied(const struct doctor_input *in, struct rule_out *o);

/* Most rules only make sense inside WSL2: this skips them elsewhere and
 * returns false. */
bool rules_need_wsl2(const struct doctor_input *in, struct rule_out *o);

/* A fix line (bash in WSL) that runs a PowerShell script written under WSL
 * in an elevated PowerShell, by its real Windows path (wslpath -w). */
#define RUN_SCRIPT_ELEVATED(path)                                                                  \
    "$ powershell.exe -NoProfile -Command \"Start-Process powershell -Verb RunAs -ArgumentList "   \
    "'-NoProfile -ExecutionPolicy Bypass -File \\\"$(wslpath -w " path ")\\\"'\""

#endif
