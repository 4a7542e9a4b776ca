#include "machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DEFAULT_TOP_N 10

void machine_load(struct machine *m, const struct rootfs *root, const struct machine_opts *opts)
{
    memset(m, 0, sizeof(*m));
    m->root = root;
    m->live = root->live;
    m->page_size = 4096;
    if (m->live) {
        long ps = sysconf(_SC_PAGESIZE);
        if (ps > 0)
            m->page_size = (uint64_t)ps;
    } else {
        /* a snapshot records the page size of the machine it came from */
        struct strbuf sb = STRBUF_INIT;
        uint64_t ps;
        if (rootfs_read(root, ".headroom/page-size", 64, &sb) == 0) {
            while (sb.len && sb.buf[sb.len - 1] == '\n')
                strbuf_setlen(&sb, sb.len - 1);
            if (parse_u64_str(sb.buf, &ps) == 0 && ps >= 4096 && ps <= 65536 && !(ps & (ps - 1)))
                m->page_size = ps;
        }
        strbuf_release(&sb);
    }

    meminfo_read(root, &m->meminfo, &m->meminfo_st);
    swaps_read(root, &m->swaps, &m->swaps_st);
    buddyinfo_read(root, &m->buddyinfo, &m->buddyinfo_st);
    cpus_read(root, &m->cpus, &m->cpus_st);
    cmdline_read(root, &m->cmdline, &m->cmdline_st);
    kernel_release_read(root, &m->kernel, &m->kernel_st);
    kernel_version_read(root, &m->version, &m->version_st);
    psi_read(root, NULL, &m->psi, &m->psi_st);
    cgroup_read(root, &m->cgroup);
    unsigned top = opts && opts->top_n ? opts->top_n : DEFAULT_TOP_N;
    bool pss = !root->live || (opts && (opts->want & MACHINE_PSS));
    procs_read(root, top, pss, &m->procs, &m->procs_st);

    disk_fs_read(root, &m->disk, &m->disk_st);
    vm_min_unmapped_ratio_read(root, &m->min_unmapped_ratio, &m->min_unmapped_st);

    const char *release = machine_kernel_release(m);
    wsl_read(root, release ? release : "", &m->wsl);
    unsigned want = opts ? opts->want : 0;
    if (want & (MACHINE_SETUP | MACHINE_NVML))
        nvml_read(root, &m->nvml, &m->nvml_st);
    if (want & (MACHINE_SETUP | MACHINE_CPUINFO))
        cpuinfo_read(root, &m->cpu_features, &m->cpu_features_st);
    if (want & MACHINE_SETUP) {
        packages_read(root, &m->packages);
        gpu_read_with(root, &m->packages, &m->gpu);
        audio_read(root, &m->audio);
        alsa_read(root, &m->alsa);
        containers_read(root, &m->containers);
        struct strbuf raw = STRBUF_INIT;
        oomlog_read(root, &m->oom, &raw, &m->oom_st);
        m->oom_raw = strbuf_detach(&raw, &m->oom_raw_len);
        vmstat_read(root, &m->vmstat, &m->vmstat_st);
        uptime_read(root, &m->uptime, &m->uptime_st);
        struct strbuf oraw = STRBUF_INIT;
        ollamalog_find(root, &m->ollama, m->ollama_log_path, sizeof(m->ollama_log_path), &oraw,
                       &m->ollama_st);
        m->ollama_raw = strbuf_detach(&oraw, &m->ollama_raw_len);
        char host[256] = "";
        if (m->live)
            machine_getenv(m, "OLLAMA_HOST", host, sizeof(host));
        ollama_api_read(root, host, &m->ollama_api, &m->ollama_api_st);
        cudalibs_read(root, &m->cudalibs);
        if (mounts_read(root, &m->mounts, &m->mounts_st) == 0)
            drvfs_models_scan(root, &m->mounts, m->page_size, m->live, &m->drvfs_models);
        m->model_dups = xcalloc(1, sizeof(*m->model_dups));
        model_dups_find(root, m->live ? getenv("HOME") : NULL,
                        m->mounts_st.state == PROBE_OK ? &m->mounts : NULL, m->model_dups);
    }
    if (!m->live) {
        struct strbuf sb = STRBUF_INIT;
        if (rootfs_read(root, ".headroom/env", PROBE_CAP_SMALL, &sb) == 0)
            m->env_file = strbuf_detach(&sb, &m->env_len);
        strbuf_release(&sb);
    }
    if (want & (MACHINE_SETUP | MACHINE_PYENV)) {
        /* after .headroom/env: under --root the variables come from there */
        char venv[PYENV_PATH] = "", conda[PYENV_PATH] = "";
        if (machine_getenv(m, "VIRTUAL_ENV", venv, sizeof(venv)) != ENV_SET)
            venv[0] = '\0';
        if (machine_getenv(m, "CONDA_PREFIX", conda, sizeof(conda)) != ENV_SET)
            conda[0] = '\0';
        pyenv_read(root, venv, conda, &m->pyenvs);
    }
}

const char *machine_kernel_release(const struct machine *m)
{
    if (m->kernel_st.state == PROBE_OK)
        return m->kernel.release;
    if (m->version_st.state == PROBE_OK)
        return m->version.release;
    return NULL;
}

void machine_release(struct machine *m)
{
    proc_list_release(&m->procs);
    free(m->env_file);
    m->env_file = NULL;
    free(m->oom_raw);
    m->oom_raw = NULL;
    free(m->ollama_raw);
    m->ollama_raw = NULL;
    mount_table_release(&m->mounts);
    free(m->model_dups);
    m->model_dups = NULL;
}

enum machine_env_state machine_getenv(const struct machine *m, const char *key, char *buf, size_t n)
{
    if (m->live) {
        const char *v = getenv(key);
        if (!v)
            return ENV_UNSET;
        snprintf(buf, n, "%s", v);
        return ENV_SET;
    }
    if (m->env_file && wsl_env_lookup(m->env_file, m->env_len, key, buf, n))
        return ENV_SET;
    /* a line holding only the name records it as unset (hand-made fixtures) */
    size_t kl = strlen(key);
    for (const char *p = m->env_file; p && p < m->env_file + m->env_len;) {
        const char *nl = memchr(p, '\n', (size_t)(m->env_file + m->env_len - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(m->env_file + m->env_len - p);
        if (ll == kl && memcmp(p, key, kl) == 0)
            return ENV_UNSET;
        p = nl ? nl + 1 : m->env_file + m->env_len;
    }
    /* snapshots record every WSL_* variable, so a missing one was unset */
    return strncmp(key, "WSL_", 4) == 0 ? ENV_UNSET : ENV_NOT_RECORDED;
}

uint64_t machine_host_view_used(const struct machine *m)
{
    return meminfo_host_view_used(&m->meminfo);
}

uint64_t machine_used(const struct machine *m)
{
    return meminfo_used(&m->meminfo);
}

uint64_t machine_buff_cache(const struct machine *m)
{
    return meminfo_buff_cache(&m->meminfo);
}

uint64_t machine_reclaimable_cache(const struct machine *m)
{
    return meminfo_reclaimable_cache(&m->meminfo);
}

uint64_t machine_held_by_programs(const struct machine *m)
{
    return meminfo_held_by_programs(&m->meminfo);
}

uint64_t machine_swap_used(const struct machine *m)
{
    return meminfo_swap_used(&m->meminfo);
}

uint64_t machine_droppable_cache(const struct machine *m)
{
    return meminfo_droppable_cache(&m->meminfo);
}

const struct proc_info *machine_top_file_holder(const struct machine *m)
{
    const struct proc_info *best = NULL;
    for (size_t i = 0; i < m->procs.n; i++)
        if (!best || m->procs.procs[i].rss_file > best->rss_file)
            best = &m->procs.procs[i];
    return best;
}

bool machine_unreportable_free(const struct machine *m, uint64_t *ret)
{
    if (m->buddyinfo_st.state != PROBE_OK || m->cmdline_st.state != PROBE_OK ||
        !m->cmdline.has_page_reporting_order || m->cmdline.page_reporting_order >= 64)
        return false;
    *ret = buddyinfo_free_below(&m->buddyinfo, (unsigned)m->cmdline.page_reporting_order,
                                m->page_size);
    return true;
}

size_t machine_probes(const struct machine *m, struct machine_probe_ref *out, size_t cap)
{
    const struct machine_probe_ref all[] = {
        {"meminfo", &m->meminfo_st},         {"swaps", &m->swaps_st},
        {"buddyinfo", &m->buddyinfo_st},     {"cpus", &m->cpus_st},
        {"cmdline", &m->cmdline_st},         {"osrelease", &m->kernel_st},
        {"version", &m->version_st},         {"psi", &m->psi_st},
        {"mounts", &m->cgroup.mounts_st},    {"cgroup_self", &m->cgroup.self_st},
        {"cgroup_root", &m->cgroup.root_st}, {"cgroup_own", &m->cgroup.own_st},
        {"processes", &m->procs_st},         {"disk", &m->disk_st},
    };
    size_t n = sizeof(all) / sizeof(all[0]);
    if (n > cap)
        n = cap;
    memcpy(out, all, n * sizeof(all[0]));
    return n;
}
