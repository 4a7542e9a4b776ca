/* headroom reclaim: give page cache back now, each step timed, with the
 * before/after figures from /proc/meminfo and what stayed and why. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/act.h"
#include "cmd/cmds.h"
#include "machine.h"
#include "out/json.h"
#include "out/text.h"
#include "probe/inference.h"
#include "reclaim/cgroup.h"
#include "reclaim/drop.h"
#include "util/parse.h"
#include "util/rootfs.h"
#include "util/size.h"
#include "util/strbuf.h"

static bool arg_cache, arg_all, arg_compact, arg_dry_run;
static uint64_t arg_gradual;
static const char *arg_gradual_str;

static const struct opt reclaim_opts[] = {
    {"cache", 0, OPT_FLAG, &arg_cache, NULL,
     "sync, then drop the page cache (drop_caches=1; the default)"},
    {"all", 0, OPT_FLAG, &arg_all, NULL,
     "sync, then drop the page cache and dentries/inodes (drop_caches=3)"},
    {"compact", 0, OPT_FLAG, &arg_compact, NULL,
     "compact memory afterwards, so free pages form blocks the host can take"},
    {"gradual", 0, OPT_STRING, &arg_gradual_str, "SIZE",
     "reclaim SIZE of file cache through memory.reclaim (\"SIZE swappiness=0\") instead"},
    {"dry-run", 'n', OPT_FLAG, &arg_dry_run, NULL, "say what would be done and how much it frees"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

struct memfig {
    uint64_t mem_free, mem_available, cached, buffers, s_reclaimable, shmem, mapped, dirty;
    uint64_t file; /* Active(file) + Inactive(file) */
};

static void memfig_from(struct memfig *f, const struct meminfo *mi)
{
    f->mem_free = mi->mem_free;
    f->mem_available = mi->mem_available;
    f->cached = mi->cached;
    f->buffers = mi->buffers;
    f->s_reclaimable = mi->s_reclaimable;
    f->shmem = mi->shmem;
    f->mapped = mi->mapped;
    f->dirty = mi->dirty;
    f->file = sat_add_u64(mi->active_file, mi->inactive_file);
}

static void memfig_json(struct json *j, const char *key, const struct memfig *f)
{
    json_key(j, key);
    json_obj_begin(j);
    json_kv_u64(j, "mem_free", f->mem_free);
    json_kv_u64(j, "mem_available", f->mem_available);
    json_kv_u64(j, "cached", f->cached);
    json_kv_u64(j, "buffers", f->buffers);
    json_kv_u64(j, "s_reclaimable", f->s_reclaimable);
    json_kv_u64(j, "shmem", f->shmem);
    json_kv_u64(j, "mapped", f->mapped);
    json_kv_u64(j, "dirty", f->dirty);
    json_kv_u64(j, "file", f->file);
    json_obj_end(j);
}

static int64_t diff(uint64_t a, uint64_t b)
{
    return a >= b ? (int64_t)(a - b) : -(int64_t)(b - a);
}

static const char *signed_size(int64_t v)
{
    static char ring[4][32];
    static unsigned k;
    char *b = ring[k++ % 4];
    snprintf(b, 32, "%s%s", v < 0 ? "−" : "+", size_str(v < 0 ? (uint64_t)-v : (uint64_t)v));
    return b;
}

/* The loaded processes holding the most file-backed memory, largest first. */
static size_t top_holders(const struct machine *m, const struct proc_info **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < m->procs.n; i++) {
        const struct proc_info *p = &m->procs.procs[i];
        if (!p->rss_file)
            continue;
        size_t at = n < cap ? n++ : cap;
        if (at == cap) {
            if (p->rss_file <= out[cap - 1]->rss_file)
                continue;
            at = cap - 1;
        }
        out[at] = p;
        while (at > 0 && out[at]->rss_file > out[at - 1]->rss_file) {
            const struct proc_info *t = out[at];
            out[at] = out[at - 1];
            out[--at] = t;
        }
    }
    return n;
}

struct plan {
    const char *mode; /* "cache", "all", "gradual" */
    unsigned level;
    uint64_t gradual_asked, gradual_bytes, protected_bytes;
    struct reclaim_target target;
    struct inference_list inf;
    uint64_t expected;
};

/* The per-node reclaim file runs the kernel's node reclaim, which works only
 * while a node's unmapped page cache is above vm.min_unmapped_ratio percent
 * of its memory: what it leaves cached. Measured on this project's
 * development VM (24 GB, 6.18): with the default 1 %, 196 MiB of a 512 MiB
 * file stayed cached once little else was; with 0 %, none did. 0 when the
 * setting cannot be read. */
static uint64_t node_min_unmapped(const struct machine *m, uint64_t mem_total, unsigned *pct)
{
    bool known = m->min_unmapped_st.state == PROBE_OK;
    uint64_t floor = known ? mem_total / 100 * m->min_unmapped_ratio : 0;
    *pct = floor ? m->min_unmapped_ratio : 0;
    return floor;
}

/* The page cache node reclaim counts as reclaimable, measured against that
 * floor: file LRU pages that no process maps, less dirty ones (mm/vmscan.c,
 * node_pagecache_reclaimable(), with vm.zone_reclaim_mode 0). Summed over
 * the nodes, as the floor is. */
static uint64_t node_unmapped_cache(const struct memfig *f)
{
    uint64_t unmapped = f->file > f->mapped ? f->file - f->mapped : 0;
    return unmapped > f->dirty ? unmapped - f->dirty : 0;
}

static void plan_expect(struct plan *pl, const struct machine *m)
{
    const struct meminfo *mi = &m->meminfo;
    if (pl->gradual_bytes || strcmp(pl->mode, "gradual") == 0) {
        pl->expected = pl->gradual_bytes;
        return;
    }
    pl->expected = pl->level == 3 ? meminfo_droppable_cache(mi) : meminfo_droppable_page_cache(mi);
}

static void print_dry_run(struct ctx *ctx, const struct plan *pl, const struct machine *m)
{
    FILE *f = ctx->out;
    fprintf(f, "%sWould do%s (dry run, %s):\n", tc(TC_BOLD), tc(TC_RESET),
            m->live ? "this machine" : ctx->root_path);
    if (strcmp(pl->mode, "gradual") == 0) {
        fprintf(f, "  write \"%llu swappiness=0\" to %s\n", (unsigned long long)pl->gradual_bytes,
                !m->live                          ? "memory.reclaim (chosen on the live machine)"
                : pl->target.kind == RECLAIM_NONE ? "memory.reclaim (not available here)"
                                                  : pl->target.paths[0]);
        if (pl->gradual_bytes < pl->gradual_asked)
            fprintf(f,
                    "  (asked %s; limited so the %s of file pages used by running inference "
                    "processes stay)\n",
                    size_str(pl->gradual_asked), size_str(pl->protected_bytes));
    } else {
        fputs("  sync\n", f);
        fprintf(f, "  write %u to /proc/sys/vm/drop_caches\n", pl->level);
    }
    if (arg_compact)
        fputs("  write 1 to /proc/sys/vm/compact_memory\n", f);
    fprintf(f, "Expected: about %s back (%s)\n", size_str(pl->expected),
            strcmp(pl->mode, "gradual") == 0
                ? "what was asked; the kernel may reclaim less"
                : "Cached + Buffers − Shmem − Mapped; mapped and shared pages stay");
}

static void json_step(struct json *j, const struct reclaim_step *st)
{
    json_obj_begin(j);
    json_kv_str(j, "step", st->what);
    json_key(j, "path");
    st->path[0] ? json_str(j, st->path) : json_null(j);
    json_key(j, "value");
    st->value[0] ? json_str(j, st->value) : json_null(j);
    json_kv_u64(j, "duration_ns", st->ns);
    json_key(j, "error");
    st->error ? json_str(j, strerror(-st->error)) : json_null(j);
    json_obj_end(j);
}

static int run_reclaim(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int n_modes = arg_cache + arg_all + (arg_gradual_str != NULL);
    if (n_modes > 1)
        return cli_usage_error(ctx->cmd, "--cache, --all and --gradual exclude each other");
    struct plan pl;
    memset(&pl, 0, sizeof(pl));
    pl.mode = arg_all ? "all" : arg_gradual_str ? "gradual" : "cache";
    pl.level = arg_all ? 3 : 1;
    if (arg_gradual_str) {
        int e = size_parse(arg_gradual_str, &arg_gradual);
        if (e < 0 || arg_gradual == 0)
            return cli_usage_error(ctx->cmd, "option '--gradual': '%s' %s", arg_gradual_str,
                                   e < 0 ? size_parse_problem(e) : "is no size to reclaim");
        pl.gradual_asked = arg_gradual;
    }
    int st = act_check(
        ctx, arg_dry_run,
        arg_gradual_str ? "writing memory.reclaim" : "writing /proc/sys/vm/drop_caches", "reclaim");
    if (st)
        return st;

    struct machine m;
    struct machine_opts mo = {.top_n = 20};
    machine_load(&m, ctx->root, &mo);
    if (m.meminfo_st.state != PROBE_OK) {
        char why[700], p[600];
        machine_release(&m);
        return cli_error(ctx, EXIT_SYSTEM, "cannot read %s: %s",
                         ctx_display_path(ctx, "proc/meminfo", p, sizeof(p)),
                         probe_status_reason(&m.meminfo_st, why, sizeof(why)));
    }
    if (arg_gradual_str) {
        if (inference_scan(ctx->root, NULL, 0, m.page_size, &pl.inf) == 0)
            pl.protected_bytes = pl.inf.protected_bytes;
        uint64_t file = meminfo_file_cache(&m.meminfo);
        uint64_t room = sat_sub_u64(file, pl.protected_bytes);
        pl.gradual_bytes = arg_gradual < room ? arg_gradual : room;
        if (m.live)
            reclaim_target_find("", m.cgroup.v2_mount, &pl.target);
    }
    plan_expect(&pl, &m);

    if (arg_dry_run) {
        if (ctx->json) {
            struct json j;
            json_init(&j, ctx->out);
            json_obj_begin(&j);
            json_kv_bool(&j, "dry_run", true);
            json_kv_str(&j, "mode", pl.mode);
            json_kv_bool(&j, "compact", arg_compact);
            if (arg_gradual_str) {
                json_kv_u64(&j, "bytes_asked", pl.gradual_asked);
                json_kv_u64(&j, "bytes_to_request", pl.gradual_bytes);
                json_kv_u64(&j, "protected", pl.protected_bytes);
            } else {
                json_kv_u64(&j, "drop_caches", pl.level);
            }
            json_kv_u64(&j, "expected_bytes", pl.expected);
            struct memfig b;
            memfig_from(&b, &m.meminfo);
            memfig_json(&j, "before", &b);
            json_obj_end(&j);
            json_finish(&j);
        } else {
            print_dry_run(ctx, &pl, &m);
        }
        machine_release(&m);
        return EXIT_OK;
    }

    if (arg_gradual_str && pl.target.kind == RECLAIM_NONE) {
        machine_release(&m);
        return cli_error(ctx, EXIT_SYSTEM, "cannot reclaim gradually: %s; use --cache",
                         pl.target.why_none);
    }

    int lock = reclaim_lock("", 30000);
    if (lock == -EWOULDBLOCK) {
        machine_release(&m);
        return cli_error(ctx, EXIT_SYSTEM,
                         "another reclaim is running (headroom watch?); try again later");
    }

    struct memfig before, after;
    struct meminfo mi_now;
    struct probe_status mst = {0};
    struct reclaim_step steps[4];
    size_t nsteps = 0;
    struct reclaim_mem_result mr;
    memset(&mr, 0, sizeof(mr));
    int err = 0;
    const char *failed = NULL;

    if (meminfo_read(ctx->root, &mi_now, &mst) == 0)
        memfig_from(&before, &mi_now);
    else
        memfig_from(&before, &m.meminfo);
    if (arg_gradual_str) {
        /* EAGAIN means the kernel could not take it all in one go (pages
         * refaulted into the active list, for instance): sweep again, up to
         * 4 times within 30 s, while a sweep still frees something. */
        uint64_t budget = 30ull * 1000000000u, t0 = reclaim_now_ns(), left = pl.gradual_bytes;
        uint64_t cached = before.cached;
        for (int pass = 0; pass < 4 && left > 0; pass++) {
            struct reclaim_mem_result r1;
            uint64_t used = reclaim_now_ns() - t0;
            err = reclaim_memory(&pl.target, left, 0, used < budget ? budget - used : 1, &r1);
            mr.asked = pass ? mr.asked : r1.asked;
            mr.written += r1.written;
            mr.writes += r1.writes;
            mr.eagain += r1.eagain;
            mr.file_only = r1.file_only;
            mr.timed_out = r1.timed_out;
            mr.error = r1.error;
            memcpy(mr.last_value, r1.last_value, sizeof(mr.last_value));
            if (err || !r1.eagain || r1.timed_out || meminfo_read(ctx->root, &mi_now, &mst) < 0)
                break;
            uint64_t freed = sat_sub_u64(cached, mi_now.cached);
            cached = mi_now.cached;
            uint64_t file = meminfo_file_cache(&mi_now);
            uint64_t room = sat_sub_u64(file, pl.protected_bytes);
            left = sat_sub_u64(left, freed);
            if (left > room)
                left = room;
            if (freed < 8 * MIB)
                break;
        }
        mr.ns = reclaim_now_ns() - t0;
        struct reclaim_step *s = &steps[nsteps++];
        memset(s, 0, sizeof(*s));
        snprintf(s->what, sizeof(s->what), "%s", reclaim_kind_name(pl.target.kind));
        snprintf(s->path, sizeof(s->path), "%s", pl.target.paths[0]);
        snprintf(s->value, sizeof(s->value), "%s", mr.last_value);
        s->error = mr.error;
        s->ns = mr.ns;
        if (err)
            failed = s->path;
        if (!err && arg_compact) {
            err = reclaim_compact("", &steps[nsteps]);
            if (err)
                failed = steps[nsteps].path;
            nsteps++;
        }
    } else {
        err = reclaim_drop_steps("", pl.level, arg_compact, steps, &nsteps);
        if (err)
            failed = steps[nsteps - 1].path;
    }
    reclaim_unlock(lock);

    if (meminfo_read(ctx->root, &mi_now, &mst) < 0) {
        machine_release(&m);
        return cli_error(ctx, EXIT_SYSTEM, "cannot read /proc/meminfo after reclaiming");
    }
    memfig_from(&after, &mi_now);
    unsigned min_unmapped_pct = 0;
    uint64_t min_unmapped = arg_gradual_str && pl.target.kind == RECLAIM_NODE
                                ? node_min_unmapped(&m, mi_now.mem_total, &min_unmapped_pct)
                                : 0;
    uint64_t unmapped_after = node_unmapped_cache(&after);
    /* the kernel stopped because the floor was reached, not for want of
     * reclaimable pages */
    bool at_floor = min_unmapped && mr.eagain && unmapped_after <= min_unmapped;
    int64_t free_gain = diff(after.mem_free, before.mem_free);
    int64_t cached_drop = diff(before.cached, after.cached);
    const struct proc_info *holders[3];
    size_t nh = top_holders(&m, holders, 3);
    bool wsl = m.wsl.kind == WSL_2;

    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_bool(&j, "dry_run", false);
        json_kv_str(&j, "mode", pl.mode);
        json_key(&j, "steps");
        json_arr_begin(&j);
        for (size_t i = 0; i < nsteps; i++)
            json_step(&j, &steps[i]);
        json_arr_end(&j);
        if (arg_gradual_str) {
            json_key(&j, "memory_reclaim");
            json_obj_begin(&j);
            json_kv_str(&j, "target", reclaim_kind_name(pl.target.kind));
            json_kv_u64(&j, "bytes_asked", pl.gradual_asked);
            json_kv_u64(&j, "bytes_requested", mr.asked);
            json_kv_u64(&j, "protected", pl.protected_bytes);
            json_kv_u64(&j, "writes", mr.writes);
            json_kv_u64(&j, "eagain", mr.eagain);
            json_kv_bool(&j, "file_only", mr.file_only);
            json_kv_bool(&j, "timed_out", mr.timed_out);
            json_key(&j, "node_min_unmapped"); /* what node reclaim leaves */
            if (pl.target.kind == RECLAIM_NODE)
                json_u64(&j, min_unmapped);
            else
                json_null(&j);
            json_key(&j, "node_unmapped_after");
            if (pl.target.kind == RECLAIM_NODE)
                json_u64(&j, unmapped_after);
            else
                json_null(&j);
            json_kv_bool(&j, "node_at_floor", at_floor);
            json_obj_end(&j);
        }
        memfig_json(&j, "before", &before);
        memfig_json(&j, "after", &after);
        json_kv_i64(&j, "mem_free_gained", free_gain);
        json_kv_i64(&j, "cached_dropped", cached_drop);
        json_key(&j, "kept");
        json_obj_begin(&j);
        json_kv_u64(&j, "cached", after.cached);
        json_kv_u64(&j, "shmem", after.shmem);
        json_kv_u64(&j, "mapped", after.mapped);
        json_kv_u64(&j, "dirty", after.dirty);
        json_obj_end(&j);
        json_key(&j, "file_holders");
        json_arr_begin(&j);
        for (size_t i = 0; i < nh; i++) {
            json_obj_begin(&j);
            json_kv_i64(&j, "pid", holders[i]->pid);
            json_kv_str(&j, "name", holders[i]->name);
            json_kv_u64(&j, "rss_file", holders[i]->rss_file);
            json_obj_end(&j);
        }
        json_arr_end(&j);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        FILE *f = ctx->out;
        for (size_t i = 0; i < nsteps; i++) {
            const struct reclaim_step *s = &steps[i];
            char label[128];
            if (arg_gradual_str && i == 0)
                snprintf(label, sizeof(label), "%.31s: %s in %u write%s", s->what,
                         size_str(mr.asked), mr.writes, mr.writes == 1 ? "" : "s");
            else if (s->value[0])
                snprintf(label, sizeof(label), "%.31s = %.63s", s->what, s->value);
            else
                snprintf(label, sizeof(label), "%.31s", s->what);
            fprintf(f, "  %-36s %8.1f ms%s%s\n", label, (double)s->ns / 1e6,
                    s->error ? "  failed: " : "", s->error ? strerror(-s->error) : "");
        }
        if (arg_gradual_str && (mr.eagain || mr.timed_out || pl.gradual_bytes < pl.gradual_asked))
            fprintf(f, "  %s%s%s\n",
                    mr.eagain ? "the kernel reclaimed less than asked (EAGAIN) " : "",
                    mr.timed_out ? "stopped at the 30 s time limit " : "",
                    pl.gradual_bytes < pl.gradual_asked ? "request limited to keep inference "
                                                          "processes' file pages"
                                                        : "");
        if (arg_gradual_str && mr.eagain && min_unmapped) {
            fprintf(f,
                    "  node reclaim keeps vm.min_unmapped_ratio = %u %% of memory (%s) as "
                    "unmapped page cache\n",
                    min_unmapped_pct, size_str(min_unmapped));
            fprintf(f, "  unmapped page cache now %s: %s\n", size_str(unmapped_after),
                    at_floor ? "at or below that floor, so the kernel stopped there"
                             : "above that floor; the rest is in use (locked, under writeback "
                               "or just touched)");
        }
        fputc('\n', f);
        fprintf(f, "  MemFree   %10s → %-10s %s", size_str(before.mem_free),
                size_str(after.mem_free), signed_size(free_gain));
        if (free_gain > 0)
            fprintf(f, "   %s can take back %s", wsl ? "Windows" : "a hypervisor host",
                    size_str((uint64_t)free_gain));
        fputc('\n', f);
        fprintf(f, "  Cached    %10s → %-10s %s\n", size_str(before.cached), size_str(after.cached),
                signed_size(-cached_drop));
        fprintf(f,
                "  Kept      %s of page cache: shared memory/tmpfs %s (cannot be dropped), mapped "
                "by running processes %s, dirty %s\n",
                size_str(after.cached), size_str(after.shmem), size_str(after.mapped),
                size_str(after.dirty));
        if (nh) {
            fputs("  Holding the most file-backed memory:", f);
            for (size_t i = 0; i < nh; i++) {
                char name[80];
                text_sanitize(holders[i]->name, strlen(holders[i]->name), name, sizeof(name));
                fprintf(f, "%s %s (pid %d) %s", i ? "," : "", name, holders[i]->pid,
                        size_str(holders[i]->rss_file));
            }
            fputc('\n', f);
        }
    }
    machine_release(&m);
    if (err)
        return cli_error(ctx, EXIT_SYSTEM, "writing %s failed: %s", failed, strerror(-err));
    return EXIT_OK;
}

const struct command cmd_reclaim = {
    .name = "reclaim",
    .summary = "give page cache back now (drop_caches or memory.reclaim), timed, before/after",
    .usage = "reclaim [--cache | --all | --gradual SIZE] [--compact] [--dry-run] [--json]",
    .description =
        "Runs sync, then drops the page cache (--cache, drop_caches=1, the default) or the\n"
        "page cache with dentries and inodes (--all, drop_caches=3); or, with --gradual\n"
        "SIZE, asks the kernel to reclaim SIZE of file cache through the root cgroup's\n"
        "memory.reclaim (\"SIZE swappiness=0\"; bare SIZE on kernels before 6.8; the\n"
        "per-node reclaim file where the memory controller is not in cgroup v2). --compact\n"
        "compacts memory afterwards. Each step is timed.\n"
        "\n"
        "It reports MemFree before and after (what Windows can take back from a WSL2 VM),\n"
        "how much Cached fell, and what stayed and why: shared memory and tmpfs cannot be\n"
        "dropped, pages mapped by running processes are skipped by drop_caches, dirty\n"
        "pages wait for writeback; and it names the processes holding the most\n"
        "file-backed memory (a memory-mapped model, for instance). --gradual never asks\n"
        "for the file pages of running inference processes (llama-server, ollama, a\n"
        "process mapping a .gguf file). The per-node file stops once unmapped page cache\n"
        "is down to vm.min_unmapped_ratio (1 % of memory by default); the output says so.\n"
        "\n"
        "Needs root (exit 3 otherwise, nothing done). Under --root only --dry-run is\n"
        "allowed: a snapshot cannot be changed.\n"
        "\n"
        "Examples:\n"
        "  sudo headroom reclaim\n"
        "  sudo headroom reclaim --all --compact --json\n"
        "  sudo headroom reclaim --gradual 2GB\n"
        "  headroom reclaim --dry-run --root ./snapshot\n",
    .opts = reclaim_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_reclaim,
    .exit_status = "0 reclaimed (with --dry-run: what would be done, said); 2 bad usage;\n"
                   "3 not root, not permitted, or a file that cannot be read or written.",
    .wrap_lines = true,
};
