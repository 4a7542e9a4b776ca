/* headroom snapshot: copy exactly the files the probes read into a tree that
 * `--root` reads back, so a machine can be examined (or a bug reported)
 * elsewhere. Only WSL_* environment variables are kept; nothing else of the
 * environment, and no file the probes did not read. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "probe/stat.h"
#include "probe/watchtail.h"
#include "machine.h"
#include "wslconfig/wslconfig.h"
#include "out/json.h"
#include "out/machine-json.h"
#include "loaded-models.h"
#include "out/status-json.h"
#include "probe/nvml.h"
#include "probe/oomlog.h"
#include "snapshot.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "util/shell-word.h"
#include "util/xalloc.h"
#include "version.h"
#include "win/host.h"

extern char **environ;

static const char *arg_output;
static unsigned arg_top;

static const struct opt snapshot_opts[] = {
    {"output", 'o', OPT_STRING, &arg_output, "DIR|FILE.tar",
     "write the snapshot here (a new or empty directory, or a .tar file); default "
     "./headroom-snapshot-<UTC time>"},
    {"top", 'n', OPT_UINT, &arg_top, "N",
     "keep the details of the N largest processes (default 10)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* WSL_* variables of this process, one KEY=VALUE per line. Values with a
 * newline are skipped: the file is line-based. */
static void add_env(struct snapshot *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, "WSL_", 4) == 0 && strchr(*e, '=') && !strchr(*e, '\n'))
            strbuf_addf(&sb, "%s\n", *e);
    if (sb.len)
        snapshot_add_file(s, ".headroom/env", sb.buf, sb.len);
    strbuf_release(&sb);
}

static void add_manifest(struct snapshot *s, const struct ctx *ctx, const struct machine *m)
{
    char when[32];
    struct tm tm;
    gmtime_r(&ctx->now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    snapshot_finish(s);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb,
                "# headroom snapshot: the files headroom's probes read, as they were read.\n"
                "# Read it back with: headroom status --root <this directory>\n"
                "format 1\nheadroom_version %s\ntaken_at %s\nsource %s\nlive %s\n",
                HEADROOM_VERSION, when, ctx->root_path, m->live ? "yes" : "no");
    strbuf_addf(&sb, "files %zu\nbytes %llu\n", snapshot_file_count(s),
                (unsigned long long)snapshot_bytes(s));
    for (size_t i = 0; i < s->n; i++) {
        const struct snap_entry *e = &s->entries[i];
        if (e->kind == SNAP_FILE)
            strbuf_addf(&sb, "file %s %zu\n", e->path, e->len);
        else if (e->kind == SNAP_PLACEHOLDER)
            strbuf_addf(&sb, "exists %s\n", e->path);
        else if (e->kind == SNAP_LINK)
            strbuf_addf(&sb, "link %s -> %s\n", e->path, e->data);
    }
    snapshot_add_file(s, "MANIFEST", sb.buf, sb.len);
    strbuf_release(&sb);
    snapshot_finish(s);
}

static int run_snapshot(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char defname[64];
    const char *out = arg_output;
    if (!out) {
        struct tm tm;
        gmtime_r(&ctx->now, &tm);
        strftime(defname, sizeof(defname), "headroom-snapshot-%Y%m%dT%H%M%SZ", &tm);
        out = defname;
    }
    bool tar = ends_with(out, ".tar");
    if (!tar && access(out, F_OK) == 0) {
        /* checked again when writing; this gives the clearer message first */
        struct snapshot probe;
        snapshot_init(&probe);
        int e = snapshot_write_dir(&probe, out);
        snapshot_release(&probe);
        if (e == -EEXIST)
            return cli_error(ctx, EXIT_USAGE, "'%s' exists and is not empty; give a new directory",
                             out);
        if (e < 0)
            return cli_error(ctx, EXIT_SYSTEM, "cannot use '%s': %s", out, strerror(-e));
    }
    if (tar && access(out, F_OK) == 0)
        return cli_error(ctx, EXIT_USAGE, "'%s' exists; give a new file name", out);

    struct snapshot s;
    snapshot_init(&s);
    snapshot_attach(&s, ctx->root);
    struct machine m;
    struct machine_opts mo = {.top_n = arg_top ? arg_top : 10, .want = MACHINE_ALL};
    machine_load(&m, ctx->root, &mo);
    wsl_config_touch(ctx->root); /* .wslconfig and /etc/wsl.conf, for `config` and doctor */
    uint64_t btime;              /* /proc/stat, for the doctor's boot time (recorded as read) */
    struct probe_status btime_st;
    stat_btime_read(ctx->root, &btime, &btime_st);
    /* Windows host data: a snapshot's own host.json is copied as read (the
     * recorder is still on); on the live machine the document the helper
     * or PowerShell printed is stored, without recording how it was found. */
    struct win_host host;
    struct strbuf host_raw = STRBUF_INIT;
    struct win_host_opts host_opts = {.raw = &host_raw};
    if (!m.live)
        win_host_load(ctx->root, &host_opts, &host);
    /* the models in memory: the maps it reads are recorded; Ollama's answer
     * is stored below */
    struct loaded_models lm;
    struct strbuf ps_raw = STRBUF_INIT;
    loaded_models_read(&m, &lm, &ps_raw);
    ctx->root->rec = NULL;
    if (m.live && win_host_load(ctx->root, &host_opts, &host) == 0)
        snapshot_add_file(&s, WIN_HOST_SNAPSHOT_PATH, host_raw.buf, host_raw.len);
    strbuf_release(&host_raw);
    /* headroom watch's log: only its last lines, as the doctor reads them */
    struct strbuf wl = STRBUF_INIT;
    if (watch_tail_raw(ctx->root, &wl) == 0 && wl.len)
        snapshot_add_file(&s, WATCHTAIL_PATH, wl.buf, wl.len);
    strbuf_release(&wl);

    if (m.live) {
        add_env(&s);
        if (m.wsl.version[0]) {
            char *v = xasprintf("%s\n", m.wsl.version);
            snapshot_add_file(&s, ".headroom/wslinfo-version", v, strlen(v));
            free(v);
        }
        char ps[32];
        snprintf(ps, sizeof(ps), "%llu\n", (unsigned long long)m.page_size);
        snapshot_add_file(&s, ".headroom/page-size", ps, strlen(ps));
        struct nvml_info nv; /* GPU memory, for `fit --root` (NVML, when present) */
        if (nvml_query(&nv) == 0) {
            struct strbuf sb = STRBUF_INIT;
            nvml_format(&nv, &sb);
            snapshot_add_file(&s, NVML_SNAPSHOT_PATH, sb.buf, sb.len);
            strbuf_release(&sb);
        }
        if (lm.source == LOADED_OLLAMA) /* what Ollama has loaded */
            snapshot_add_file(&s, OLLAMA_PS_SNAPSHOT_PATH, ps_raw.buf ? ps_raw.buf : "",
                              ps_raw.len);
        if (m.ollama_api_st.state == PROBE_OK) { /* who answered Ollama's address */
            struct strbuf sb = STRBUF_INIT;
            ollama_api_format(&m.ollama_api, &sb);
            snapshot_add_file(&s, OLLAMA_API_SNAPSHOT_PATH, sb.buf, sb.len);
            strbuf_release(&sb);
        }
        /* the OOM lines of the kernel log (only those), when it could be read */
        if (m.oom_st.state == PROBE_OK)
            snapshot_add_file(&s, OOMLOG_SNAPSHOT_PATH, m.oom_raw ? m.oom_raw : "", m.oom_raw_len);
    }
    /* the load lines of Ollama's log (only those), wherever it was found */
    if (m.ollama_st.state != PROBE_UNAVAILABLE && m.ollama_raw_len)
        snapshot_add_file(&s, OLLAMALOG_SNAPSHOT_PATH, m.ollama_raw, m.ollama_raw_len);
    add_manifest(&s, ctx, &m);

    int e;
    char *top_dir = NULL; /* the tar's one top directory, for "read it back" */
    if (tar) {
        char *base = xstrdup(out);
        char *slash = strrchr(base, '/');
        char *top = slash ? slash + 1 : base;
        top[strlen(top) - 4] = '\0';
        top_dir = xstrdup(*top ? top : "snapshot");
        e = snapshot_write_tar(&s, out, top_dir, ctx->now);
        free(base);
    } else {
        e = snapshot_write_dir(&s, out);
    }
    strbuf_release(&ps_raw);
    if (e < 0) {
        free(top_dir);
        snapshot_release(&s);
        machine_release(&m);
        win_host_release(&host);
        return cli_error(ctx, e == -EEXIST ? EXIT_USAGE : EXIT_SYSTEM, "cannot write '%s': %s", out,
                         e == -EEXIST ? "exists and is not empty" : strerror(-e));
    }

    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "path", out);
        json_kv_str(&j, "format", tar ? "tar" : "dir");
        json_kv_u64(&j, "files", snapshot_file_count(&s));
        json_kv_u64(&j, "bytes", snapshot_bytes(&s));
        json_kv_bool(&j, "host_data", host.state == WIN_HOST_OK);
        if (host.state != WIN_HOST_OK)
            json_kv_str(&j, "host_data_error", host.reason);
        /* the status of the machine, computed from exactly the bytes saved */
        json_key(&j, "status");
        json_obj_begin(&j);
        /* the host part as --root will read it back: what was saved */
        struct win_host none;
        memset(&none, 0, sizeof(none));
        win_host_set_not_in_snapshot(&none);
        loaded_models_as_saved(&lm);
        status_json_members(&j, &m, host.state == WIN_HOST_OK ? &host : &none, &lm, ctx->root_path);
        json_obj_end(&j);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        fprintf(ctx->out, "wrote %s: %zu files, %s\n", out, snapshot_file_count(&s),
                size_str(snapshot_bytes(&s)));
        struct strbuf file = STRBUF_INIT, top = STRBUF_INIT;
        if (tar && shell_word_add(&file, out) && shell_word_add(&top, top_dir))
            fprintf(ctx->out,
                    "read it back with: mkdir snap && tar -xf %s -C snap && headroom "
                    "status --root snap/%s\n",
                    file.buf, top.buf);
        else if (tar)
            fprintf(ctx->out, "read it back: extract it with tar -xf, then give --root the "
                              "directory it holds\n");
        else
            fprintf(ctx->out, "read it back with: headroom status --root %s\n", out);
        if (host.state == WIN_HOST_OK)
            fprintf(ctx->out, "Windows host data: recorded in %s (from %s)\n",
                    WIN_HOST_SNAPSHOT_PATH, win_source_name(host.source));
        else if (m.live)
            fprintf(ctx->out, "Windows host data: not recorded (%s)\n", host.reason);
        strbuf_release(&file);
        strbuf_release(&top);
    }
    free(top_dir);
    snapshot_release(&s);
    machine_release(&m);
    win_host_release(&host);
    return EXIT_OK;
}

const struct command cmd_snapshot = {
    .name = "snapshot",
    .summary = "save exactly what the probes read, for --root elsewhere",
    .usage = "snapshot [-o DIR|FILE.tar] [--top N] [--json]",
    .description =
        "Runs every probe once and copies the bytes each one read (and only those) into\n"
        "a tree laid out like the machine's own (proc/meminfo, sys/..., ...), plus a\n"
        "MANIFEST saying what, when and by which headroom version. Of the environment,\n"
        "only WSL_* variables are kept (.headroom/env); the WSL version from wslinfo\n"
        "goes to .headroom/wslinfo-version. Of the kernel log, only the lines of OOM-kill\n"
        "reports go to .headroom/kernel-oom.log (when /dev/kmsg can be read), and of\n"
        "Ollama's server log only its load lines to .headroom/ollama-server.log; what\n"
        "answered Ollama's address (GET /api/version) goes to .headroom/ollama-api. On WSL\n"
        "with interop, the Windows host's description (what headroom-win.exe or one\n"
        "powershell.exe call printed) goes to .headroom/host.json. A snapshot is data:\n"
        "reading it back never executes anything in it.\n"
        "\n"
        "With --json, prints the snapshot's size and the status figures computed from the\n"
        "very bytes saved (what 'headroom status --json --root DIR' will print).\n"
        "\n"
        "Examples:\n"
        "  headroom snapshot -o my-laptop\n"
        "  headroom snapshot -o my-laptop.tar\n"
        "  headroom status --root my-laptop\n",
    .opts = snapshot_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_snapshot,
    .exit_status = "0 written; 2 bad usage (the output exists: a directory that is not empty,\n"
                   "or a file); 3 a file that cannot be read or written.",
    .wrap_lines = true,
};
