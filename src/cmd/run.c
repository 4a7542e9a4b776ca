/* headroom run: one AI workload, measured. Optionally reclaims first; runs
 * the command in its own cgroup v2 when one can be made (memory.max from
 * --limit, memory.peak at the end), else follows its process tree; forwards
 * signals; prints one summary line and exits with the command's status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/act.h"
#include "cmd/cmds.h"
#include "out/json.h"
#include "probe/cgroup.h"
#include "probe/meminfo.h"
#include "probe/proctree.h"
#include "probe/psi.h"
#include "reclaim/cgroup.h"
#include "reclaim/drop.h"
#include "util/atomic-write.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/strbuf.h"

static bool arg_reclaim;
static uint64_t arg_limit;
static const char *arg_report;
static uint64_t arg_interval_ms;

static const struct opt run_opts[] = {
    {"reclaim", 0, OPT_FLAG, &arg_reclaim, NULL,
     "sync and drop the page cache before starting (needs root)"},
    {"limit", 0, OPT_SIZE, &arg_limit, "SIZE",
     "memory.max of the command's cgroup (hard limit: the kernel OOM-kills above it)"},
    {"report", 0, OPT_STRING, &arg_report, "FILE", "write the JSON summary to FILE"},
    {"interval", 0, OPT_DURATION, &arg_interval_ms, "DURATION",
     "sampling interval, 10ms to 1m (default 100ms)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static volatile sig_atomic_t pending[65];

static void on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    /* a terminal's ^C reaches the whole foreground group already */
    if (si && si->si_code == SI_KERNEL)
        return;
    if (sig > 0 && sig < 65)
        pending[sig] = 1;
}

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

struct run_stats {
    uint64_t peak_rss, peak_file, peak_swap, peak_hwm;
    uint64_t peak_guest_used, mem_total, swap_used_peak, swap_used_start;
    uint64_t cg_peak, cg_file_peak;
    bool cg_has_peak;
    uint64_t oom_kills;
    bool has_psi;
    uint64_t psi_start_us, psi_end_us;
    uint64_t reclaimed;
    uint64_t samples;
};

static void sample_guest(const struct rootfs *r, struct run_stats *s)
{
    struct meminfo mi;
    struct probe_status st = {0};
    if (meminfo_read(r, &mi, &st) < 0)
        return;
    s->mem_total = mi.mem_total;
    uint64_t used = meminfo_used(&mi);
    if (used > s->peak_guest_used)
        s->peak_guest_used = used;
    uint64_t sw = meminfo_swap_used(&mi);
    if (sw > s->swap_used_peak)
        s->swap_used_peak = sw;
}

static bool read_psi_total(const struct rootfs *r, const char *path, uint64_t *ret)
{
    struct psi p;
    struct probe_status st = {0};
    if (psi_read(r, path, &p, &st) < 0)
        return false;
    *ret = p.some.total_us;
    return true;
}

static void sample_cgroup(const struct rootfs *r, const struct run_cgroup *cg, struct run_stats *s)
{
    struct cgroup_mem m;
    struct probe_status st = {0};
    cgroup_mem_read(r, cg->dir, &m, &st);
    if (st.state == PROBE_OK && m.has_stat && m.file > s->cg_file_peak)
        s->cg_file_peak = m.file;
}

static void summary_json(struct json *j, const struct run_stats *s, int status, int sig,
                         double secs, const char *cgroup_why, bool in_cgroup)
{
    json_obj_begin(j);
    json_key(j, "exit_status");
    json_i64(j, status);
    json_key(j, "signal");
    sig ? json_i64(j, sig) : json_null(j);
    json_kv_double(j, "seconds", secs);
    json_kv_u64(j, "peak_rss", s->peak_rss);
    json_kv_u64(j, "peak_file", in_cgroup ? s->cg_file_peak : s->peak_file);
    json_kv_u64(j, "peak_swap", s->peak_swap);
    json_kv_u64(j, "peak_guest_used", s->peak_guest_used);
    json_kv_u64(j, "mem_total", s->mem_total);
    json_key(j, "limit");
    arg_limit ? json_u64(j, arg_limit) : json_null(j);
    json_kv_u64(j, "guest_swap_used_peak", s->swap_used_peak);
    json_key(j, "psi_some_stall_us");
    s->has_psi ? json_u64(j, sat_sub_u64(s->psi_end_us, s->psi_start_us)) : json_null(j);
    json_kv_u64(j, "reclaimed_before", s->reclaimed);
    json_key(j, "cgroup");
    if (in_cgroup) {
        json_obj_begin(j);
        json_key(j, "memory_peak");
        s->cg_has_peak ? json_u64(j, s->cg_peak) : json_null(j);
        json_kv_u64(j, "oom_kills", s->oom_kills);
        json_obj_end(j);
    } else {
        json_null(j);
    }
    json_key(j, "tracking");
    json_str(j, in_cgroup ? "cgroup" : "process tree");
    json_key(j, "no_cgroup_reason");
    in_cgroup ? json_null(j) : json_str(j, cgroup_why);
    json_kv_u64(j, "samples", s->samples);
    json_obj_end(j);
}

static int run_run(struct ctx *ctx, int argc, char **argv)
{
    if (ctx->root_given)
        return cli_error(ctx, EXIT_USAGE,
                         "--root %s is a snapshot: run starts a command on this machine",
                         ctx->root_path);
    if (arg_reclaim) {
        int st = act_check(ctx, false, "--reclaim (writing /proc/sys/vm/drop_caches)",
                           "run --reclaim -- CMD");
        if (st)
            return st;
    }
    unsigned interval = arg_interval_ms ? (unsigned)arg_interval_ms : 100;
    if (arg_interval_ms && (arg_interval_ms < 10 || arg_interval_ms > 60000))
        return cli_usage_error(ctx->cmd, "--interval must be 10ms to 1m");

    struct run_stats s;
    memset(&s, 0, sizeof(s));
    if (arg_reclaim) {
        struct reclaim_drop_result dr;
        int e = reclaim_drop_measured("", ctx->root, 1, 30000, &dr);
        if (e == -EWOULDBLOCK)
            return cli_error(ctx, EXIT_SYSTEM,
                             "another reclaim is running (headroom watch?); try again later");
        if (e < 0)
            return cli_error(ctx, EXIT_SYSTEM, "writing /proc/sys/vm/drop_caches failed: %s",
                             strerror(-e));
        if (dr.measured)
            s.reclaimed = sat_sub_u64(dr.free_after, dr.free_before);
    }

    /* a cgroup of its own, when this machine allows one */
    struct run_cgroup cg;
    memset(&cg, 0, sizeof(cg));
    cg.procs_fd = -1;
    char why[300] = "";
    bool in_cgroup = false;
    if (geteuid() != 0) {
        snprintf(why, sizeof(why), "not root: no cgroup can be created");
    } else {
        struct cgroup_info ci;
        cgroup_read(ctx->root, &ci);
        char name[64];
        snprintf(name, sizeof(name), "run-%d", (int)getpid());
        in_cgroup = run_cgroup_create("", ci.v2_mount, name, arg_limit, &cg, why, sizeof(why)) == 0;
    }
    if (arg_limit && !in_cgroup)
        fprintf(stderr,
                "headroom run: --limit %s cannot be enforced (%s); it is only compared with the "
                "peak\n",
                size_str(arg_limit), why);

    s.has_psi = read_psi_total(ctx->root, NULL, &s.psi_start_us);
    sample_guest(ctx->root, &s);
    s.peak_guest_used = 0;

    prctl(PR_SET_CHILD_SUBREAPER, 1);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigset_t block, orig;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
        sigaction(forwarded[i], &sa, NULL);
        sigaddset(&block, forwarded[i]);
    }
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &orig);
    struct sigaction chld;
    memset(&chld, 0, sizeof(chld));
    chld.sa_handler = SIG_DFL;

    fflush(NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t child = fork();
    if (child < 0)
        return cli_error(ctx, EXIT_SYSTEM, "fork: %s", strerror(errno));
    if (child == 0) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof(dfl));
        dfl.sa_handler = SIG_DFL;
        for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
            sigaction(forwarded[i], &dfl, NULL);
        sigprocmask(SIG_SETMASK, &orig, NULL);
        if (in_cgroup && run_cgroup_join(&cg) < 0)
            fprintf(stderr, "headroom run: could not join the cgroup: %s\n", strerror(errno));
        execvp(argv[0], argv);
        int e = errno;
        fprintf(stderr, "headroom run: cannot run '%s': %s\n", argv[0], strerror(e));
        _exit(e == ENOENT ? 127 : 126);
    }
    (void)argc;

    int status = 0;
    bool done = false;
    while (!done) {
        /* forward what came in */
        for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
            int sig = forwarded[i];
            if (pending[sig]) {
                pending[sig] = 0;
                kill(child, sig);
            }
        }
        /* sample */
        struct proctree_sample ts;
        if (proctree_read(ctx->root, (int)getpid(), &ts) == 0) {
            if (ts.rss > s.peak_rss)
                s.peak_rss = ts.rss;
            if (ts.rss_file > s.peak_file)
                s.peak_file = ts.rss_file;
            if (ts.swap > s.peak_swap)
                s.peak_swap = ts.swap;
            if (ts.max_hwm > s.peak_hwm)
                s.peak_hwm = ts.max_hwm;
        }
        if (in_cgroup)
            sample_cgroup(ctx->root, &cg, &s);
        sample_guest(ctx->root, &s);
        s.samples++;
        /* reap: the command, and orphans handed to us as subreaper */
        for (;;) {
            int ws;
            pid_t p = waitpid(-1, &ws, WNOHANG);
            if (p <= 0)
                break;
            if (p == child) {
                status = ws;
                done = true;
            }
        }
        if (done)
            break;
        struct timespec ts2 = {(time_t)(interval / 1000), (long)(interval % 1000) * 1000000};
        sigset_t wait_set;
        sigemptyset(&wait_set);
        sigaddset(&wait_set, SIGCHLD);
        for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
            sigaddset(&wait_set, forwarded[i]);
        siginfo_t si;
        int got = sigtimedwait(&wait_set, &si, &ts2);
        if (got > 0 && got != SIGCHLD && si.si_code != SI_KERNEL)
            pending[got] = 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* the kernel's own peak for the largest process that was waited for */
    struct rusage ru;
    if (getrusage(RUSAGE_CHILDREN, &ru) == 0) {
        uint64_t maxrss = (uint64_t)ru.ru_maxrss * 1024;
        if (maxrss > s.peak_hwm)
            s.peak_hwm = maxrss;
    }
    if (s.peak_hwm > s.peak_rss)
        s.peak_rss = s.peak_hwm;
    if (in_cgroup) {
        struct cgroup_mem m;
        struct probe_status mst = {0};
        cgroup_mem_read(ctx->root, cg.dir, &m, &mst);
        s.cg_has_peak = mst.state == PROBE_OK && m.has_peak;
        s.cg_peak = m.peak;
        struct cgroup_events ev;
        s.oom_kills = cgroup_events_read(ctx->root, cg.dir, &ev) == 0 ? ev.oom_kill : 0;
        char pp[1200];
        snprintf(pp, sizeof(pp), "%s/memory.pressure", cg.dir);
        s.has_psi = read_psi_total(ctx->root, pp, &s.psi_end_us);
        s.psi_start_us = 0;
        run_cgroup_remove(&cg);
    } else if (s.has_psi) {
        s.has_psi = read_psi_total(ctx->root, NULL, &s.psi_end_us);
    }
    sigprocmask(SIG_SETMASK, &orig, NULL);

    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (ctx->json || arg_report) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        if (mf) {
            struct json j;
            json_init(&j, mf);
            summary_json(&j, &s, code, sig, secs, why, in_cgroup);
            json_finish(&j);
            fclose(mf);
            if (ctx->json)
                fwrite(buf, 1, len, stderr);
            if (arg_report) {
                int e = atomic_write(arg_report, buf, len, NULL);
                if (e < 0)
                    fprintf(stderr, "headroom run: cannot write %s: %s\n", arg_report,
                            strerror(-e));
            }
            free(buf);
        }
    }
    if (!ctx->json) {
        char line[1024];
        int n = snprintf(line, sizeof(line), "headroom run: %s %d · %.1f s · peak RSS %s",
                         sig ? "signal" : "exit", sig ? sig : code, secs, size_str(s.peak_rss));
        if (in_cgroup && s.cg_has_peak)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " (cgroup memory.peak %s)",
                          size_str(s.cg_peak));
        n += snprintf(line + n, sizeof(line) - (size_t)n,
                      " · peak file-backed %s · guest used peak %s of %s",
                      size_str(in_cgroup ? s.cg_file_peak : s.peak_file),
                      size_str(s.peak_guest_used), size_str(s.mem_total));
        if (arg_limit)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " (limit %s%s)", size_str(arg_limit),
                          in_cgroup ? "" : ", not enforced");
        n += snprintf(line + n, sizeof(line) - (size_t)n, " · swap %s", size_str(s.swap_used_peak));
        if (s.has_psi)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " · PSI stalls %llu ms",
                          (unsigned long long)(sat_sub_u64(s.psi_end_us, s.psi_start_us) / 1000));
        else
            n += snprintf(line + n, sizeof(line) - (size_t)n, " · PSI n/a");
        if (arg_reclaim)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " · reclaimed %s first",
                          size_str(s.reclaimed));
        if (in_cgroup && s.oom_kills)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " · OOM kills %llu",
                          (unsigned long long)s.oom_kills);
        snprintf(line + n, sizeof(line) - (size_t)n, " · tracked by %s",
                 in_cgroup ? "cgroup" : "process tree");
        fprintf(stderr, "%s\n", line);
    }
    return code;
}

static const struct complete_spec run_complete[] = {
    {NULL, NULL, COMPLETE_COMMAND, NULL, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

const struct command cmd_run = {
    .name = "run",
    .summary = "run one AI workload and report its peak memory, swap and stalls",
    .usage = "run [--reclaim] [--limit SIZE] [--report FILE] [--json] -- CMD [ARGS...]",
    .description =
        "Runs CMD and, when it ends, prints one summary line on stderr: peak RSS of its\n"
        "process tree, peak file-backed memory (a memory-mapped model), the guest's peak\n"
        "used memory (total − available) against the total and --limit, swap used, memory\n"
        "stall time (PSI) and the reclaim done first. Exits with CMD's exit status\n"
        "(128 + N when a signal N ended it). SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1\n"
        "and SIGUSR2 sent to headroom are passed on to CMD.\n"
        "\n"
        "As root with cgroup v2 and its memory controller, CMD runs in a cgroup of its own\n"
        "(<cgroup2>/headroom/run-PID, removed afterwards): --limit sets its memory.max,\n"
        "and memory.peak, memory.events and memory.pressure are read at the end.\n"
        "Otherwise the process tree is sampled every --interval (headroom is a child\n"
        "subreaper, so daemonising children stay in the tree) and the kernel's own peak\n"
        "(VmHWM, ru_maxrss) is taken into account; --limit is then only compared.\n"
        "\n"
        "--reclaim drops the page cache first (root). --json prints the summary as JSON on\n"
        "stderr (stdout is CMD's); --report FILE writes it to FILE.\n"
        "\n"
        "Examples:\n"
        "  headroom run -- llama-cli -m model.gguf -p hi -n 32\n"
        "  sudo headroom run --reclaim --limit 6GB -- llama-server -m model.gguf\n",
    .opts = run_opts,
    .min_args = 1,
    .max_args = UINT32_MAX,
    .run = run_run,
    .exit_status = "CMD's own exit status (128 + N when signal N ended it; 127 when CMD was\n"
                   "not found, 126 when it could not be run); 2 bad usage (nothing started);\n"
                   "3 a system error before CMD started (fork, the cgroup, drop_caches).",
    .complete = run_complete,
};
