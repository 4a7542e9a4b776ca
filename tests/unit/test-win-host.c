#include "unit.h"

#include <time.h>

#include "util/rootfs.h"
#include "util/strbuf.h"
#include "win/host.h"
#include "wslconfig/wslconfig.h"

/* tests/roots/wine-host/.headroom/host.json: headroom-win.exe run under
 * Wine 8.0 on the development VM, recorded. tests/win/host/wine-powershell.json:
 * what the PowerShell fallback prints for the same figures (see the README
 * there: transcribed, not recorded). */
#define WINE_HELPER "tests/roots/wine-host/.headroom/host.json"
#define WINE_PS     "tests/win/host/wine-powershell.json"

static void slurp(const char *path, struct strbuf *sb)
{
    size_t n;
    char *buf = unit_slurp(path, &n);
    strbuf_add(sb, buf, n);
    free(buf);
}

static void load_file(const char *path, struct win_host *h)
{
    struct strbuf sb = STRBUF_INIT;
    struct diag d;
    diag_clear(&d);
    slurp(path, &sb);
    int r = win_host_parse(sb.buf, sb.len, h, &d);
    if (r != 0) {
        char m[600];
        diag_format(&d, m, sizeof(m));
        fail_msg("%s: %s", path, m);
    }
    strbuf_release(&sb);
}

/* Compares every value (and whether it is known) of two host structs; the
 * reasons, the source and its timings may differ. Returns a description of
 * the first difference, or NULL. */
static const char *u64_diff(const char *what, const struct win_u64 *a, const struct win_u64 *b)
{
    if (a->known != b->known || (a->known && a->v != b->v))
        return what;
    return NULL;
}

static const char *str_diff(const char *what, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
        return what;
    return NULL;
}

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        const char *w_ = (x);                                                                      \
        if (w_)                                                                                    \
            return w_;                                                                             \
    } while (0)

static const char *proc_diff(const struct win_proc *a, const struct win_proc *b)
{
    CHECK(str_diff("process name", a->name, b->name));
    if (a->pid != b->pid)
        return "process pid";
    CHECK(u64_diff("process working set", &a->working_set, &b->working_set));
    CHECK(u64_diff("process private bytes", &a->private_bytes, &b->private_bytes));
    return NULL;
}

static const char *group_diff(const struct win_group *a, const struct win_group *b)
{
    CHECK(str_diff("group name", a->name, b->name));
    if (a->processes != b->processes || a->working_set != b->working_set ||
        a->private_bytes != b->private_bytes)
        return "group figures";
    return NULL;
}

static const char *host_diff(const struct win_host *a, const struct win_host *b)
{
    CHECK(str_diff("os.product_name", a->product_name.s, b->product_name.s));
    CHECK(str_diff("os.display_version", a->display_version.s, b->display_version.s));
    CHECK(str_diff("os.version", a->version.s, b->version.s));
    CHECK(u64_diff("os.build", &a->build, &b->build));
    CHECK(u64_diff("os.ubr", &a->ubr, &b->ubr));
    CHECK(u64_diff("memory.total", &a->mem_total, &b->mem_total));
    CHECK(u64_diff("memory.available", &a->mem_available, &b->mem_available));
    CHECK(u64_diff("memory.commit_total", &a->commit_total, &b->commit_total));
    CHECK(u64_diff("memory.commit_limit", &a->commit_limit, &b->commit_limit));
    CHECK(u64_diff("memory.nonpaged_pool", &a->nonpaged_pool, &b->nonpaged_pool));
    CHECK(u64_diff("memory.paged_pool", &a->paged_pool, &b->paged_pool));
    CHECK(u64_diff("process_count", &a->process_count, &b->process_count));
    if (a->has_vmmem != b->has_vmmem)
        return "vmmem";
    if (a->has_vmmem)
        CHECK(proc_diff(&a->vmmem, &b->vmmem));
    if (a->has_browsers != b->has_browsers || a->nbrowsers != b->nbrowsers)
        return "browsers";
    for (size_t i = 0; i < a->nbrowsers; i++)
        CHECK(group_diff(&a->browsers[i], &b->browsers[i]));
    if (a->has_widgets != b->has_widgets)
        return "widgets";
    CHECK(group_diff(&a->widgets, &b->widgets));
    if (a->has_top != b->has_top || a->ntop != b->ntop)
        return "top_processes";
    for (size_t i = 0; i < a->ntop; i++)
        CHECK(proc_diff(&a->top[i], &b->top[i]));
    if (a->has_services != b->has_services || a->nservices != b->nservices)
        return "services";
    for (size_t i = 0; i < a->nservices; i++) {
        const struct win_service *x = &a->services[i], *y = &b->services[i];
        CHECK(str_diff("service name", x->name, y->name));
        CHECK(str_diff("service display name", x->display_name, y->display_name));
        if (x->state != y->state || x->start_type != y->start_type)
            return "service state or start type";
        if (x->delayed_auto_start.known != y->delayed_auto_start.known ||
            x->delayed_auto_start.v != y->delayed_auto_start.v)
            return "service delayed start";
        CHECK(u64_diff("service pid", &x->pid, &y->pid));
        if (x->process_services != y->process_services)
            return "service process_services";
        CHECK(u64_diff("service working set", &x->working_set, &y->working_set));
    }
    CHECK(u64_diff("ndu.start", &a->ndu_start, &b->ndu_start));
    if (a->ndu_state != b->ndu_state)
        return "ndu.state";
    if (a->has_adapters != b->has_adapters || a->nadapters != b->nadapters)
        return "adapters";
    for (size_t i = 0; i < a->nadapters; i++) {
        CHECK(str_diff("adapter name", a->adapters[i].name, b->adapters[i].name));
        CHECK(str_diff("adapter description", a->adapters[i].description,
                       b->adapters[i].description));
        if (a->adapters[i].killer != b->adapters[i].killer ||
            a->adapters[i].msi != b->adapters[i].msi)
            return "adapter detection";
    }
    CHECK(str_diff("profile.path", a->profile_path.s, b->profile_path.s));
    if (a->wslconfig.known != b->wslconfig.known || a->wslconfig.v != b->wslconfig.v)
        return "profile.wslconfig";
    CHECK(u64_diff("profile.wslconfig_size", &a->wslconfig_size, &b->wslconfig_size));
    return NULL;
}

/* The acceptance test: the helper's output and PowerShell's give one struct. */
static void test_helper_and_powershell_give_the_same_struct(void **state)
{
    (void)state;
    struct win_host a, b;
    load_file(WINE_HELPER, &a);
    load_file(WINE_PS, &b);
    assert_int_equal(a.source, WIN_SOURCE_HELPER);
    assert_int_equal(b.source, WIN_SOURCE_POWERSHELL);
    const char *d = host_diff(&a, &b);
    if (d)
        fail_msg("helper and PowerShell documents differ in %s", d);
    /* and the comparison does notice a difference */
    struct win_host c;
    load_file("tests/roots/wsl2-16g-default/.headroom/host.json", &c);
    assert_non_null(host_diff(&a, &c));
    b.services[3].state = WIN_SVC_RUNNING;
    assert_string_equal(host_diff(&a, &b), "service state or start type");
    win_host_release(&a);
    win_host_release(&b);
    win_host_release(&c);
}

/* What Wine reported, as recorded: values and nulls with reasons. */
static void test_recorded_wine_run(void **state)
{
    (void)state;
    struct win_host h;
    load_file(WINE_HELPER, &h);
    assert_true(h.mem_total.known);
    assert_true(h.mem_total.v ==
                25276510208ULL); /* = wine64 wmic computersystem TotalPhysicalMemory */
    assert_true(h.build.known);
    assert_int_equal(h.build.v, 7601);
    assert_null(win_product_family(h.build.v));
    assert_null(h.display_version.s);
    assert_non_null(strstr(h.display_version.why, "DisplayVersion"));
    assert_false(h.has_vmmem);
    assert_non_null(strstr(h.vmmem_why, "not running"));
    assert_true(h.has_services);
    const struct win_service *s = win_host_service(&h, "plugplay");
    assert_non_null(s);
    assert_string_equal(s->name, "PlugPlay");
    assert_int_equal(s->state, WIN_SVC_RUNNING);
    assert_int_equal(s->start_type, WIN_START_AUTOMATIC);
    assert_true(s->working_set.known && s->working_set.v > 0);
    assert_false(s->delayed_auto_start.known); /* Wine: ERROR_INVALID_LEVEL */
    assert_non_null(strstr(s->delayed_auto_start.why, "error 124"));
    s = win_host_service(&h, "MSIServer");
    assert_non_null(s);
    assert_int_equal(s->state, WIN_SVC_STOPPED);
    assert_int_equal(s->start_type, WIN_START_MANUAL);
    assert_false(s->pid.known);
    assert_string_equal(s->pid.why, "not running");
    assert_false(h.ndu_start.known);
    assert_null(win_host_killer_adapter(&h));
    assert_string_equal(h.profile_path.s, "C:\\users\\root");
    assert_true(h.wslconfig.known && !h.wslconfig.v);
    assert_string_equal(win_host_evidence(&h, "memory.total"), "GlobalMemoryStatusEx");
    win_host_release(&h);
}

static void test_fixture_16g_default(void **state)
{
    (void)state;
    struct win_host h;
    load_file("tests/roots/wsl2-16g-default/.headroom/host.json", &h);
    assert_string_equal(win_product_family(h.build.v), "Windows 11");
    assert_string_equal(win_release_name(h.build.v), "24H2");
    assert_string_equal(win_release_name(26200), "25H2");
    assert_null(win_release_name(26300));
    const struct win_adapter *a = win_host_killer_adapter(&h);
    assert_non_null(a);
    assert_true(a->killer);
    assert_int_equal(h.ndu_start.v, 2);
    assert_int_equal(h.ndu_state, WIN_SVC_RUNNING);
    const struct win_service *d = win_host_service(&h, "DoSvc");
    assert_true(d->delayed_auto_start.known && d->delayed_auto_start.v);
    assert_int_equal(d->process_services, 1);
    assert_int_equal(win_host_service(&h, "mpssvc")->process_services, 2);
    uint64_t n;
    assert_true(win_host_browsers_ws(&h, &n) > 2ULL << 30);
    assert_int_equal(n, 24);
    /* total is twice what WSL's default VM got (MemTotal + kernel reservation) */
    assert_true(h.mem_total.v == 2 * (8058524ULL * 1024 + 190ULL * 1024 * 1024));
    win_host_release(&h);
}

/* The PowerShell form: one compressed line, \u0027-style escapes. */
static void test_fixture_tuned_powershell(void **state)
{
    (void)state;
    struct win_host h;
    load_file("tests/roots/wsl2-tuned-6g/.headroom/host.json", &h);
    assert_int_equal(h.source, WIN_SOURCE_POWERSHELL);
    assert_string_equal(win_host_evidence(&h, "memory.total"),
                        "Win32_OperatingSystem.TotalVisibleMemorySize");
    assert_string_equal(h.profile_path.s, "C:\\Users\\alex");
    assert_true(h.wslconfig.v);
    struct stat st;
    assert_int_equal(stat("tests/roots/wsl2-tuned-6g/mnt/c/Users/alex/.wslconfig", &st), 0);
    assert_int_equal(h.wslconfig_size.v, (uint64_t)st.st_size);
    assert_null(win_host_killer_adapter(&h));
    assert_int_equal(win_host_service(&h, "DoSvc")->start_type, WIN_START_DISABLED);
    win_host_release(&h);
}

static void expect_bad(const char *doc, unsigned line, unsigned col, const char *msg)
{
    struct win_host h;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(win_host_parse(doc, strlen(doc), &h, &d), -EBADMSG);
    if (d.line != line || d.column != col || !strstr(d.message, msg))
        fail_msg("got %u:%u: %s; wanted %u:%u: ...%s...", d.line, d.column, d.message, line, col,
                 msg);
}

#define HDR "{\"format\": \"headroom-host/1\", \"source\": \"helper\""

static void test_malformed_documents(void **state)
{
    (void)state;
    expect_bad("[]", 1, 1, "expected an object");
    expect_bad("{\"source\": \"helper\"}", 1, 1, "no \"format\"");
    expect_bad("{\"format\": \"headroom-host/2\"}", 1, 12, "unsupported format");
    expect_bad("{\"format\": \"headroom-host/1\", \"source\": \"me\"}", 1, 41, "\"source\"");
    expect_bad(HDR ",\n \"memory\": {\"total\": -1}}", 2, 22, "whole number");
    expect_bad(HDR ",\n \"memory\": {\"total\": 1.5}}", 2, 22, "another number");
    expect_bad(HDR ",\n \"memory\": [1]}", 2, 12, "expected an object");
    expect_bad(HDR ",\n \"services\": [{\"state\": \"running\"}]}", 2, 15, "missing \"name\"");
    expect_bad(HDR ",\n \"services\": [{\"name\": \"\"}]}", 2, 24, "is empty");
    expect_bad(HDR ",\n \"services\": [{\"name\": \"x\", \"state\": 4}]}", 2, 38,
               "expected a string");
    expect_bad(HDR ",\n \"adapters\": [{\"name\": \"x\"}]}", 2, 15, "missing \"description\"");
    expect_bad(HDR ",\n \"profile\": {\"wslconfig\": \"yes\"}}", 2, 27, "true or false");
}

/* null without a reason, missing keys and sections, unknown states: all
 * become "unknown, because ..." rather than errors. */
static void test_partial_documents(void **state)
{
    (void)state;
    static const char doc[] = HDR ", \"future_key\": [1, {\"x\": null}],"
                                  " \"memory\": {\"total\": 17179869184, \"available\": null},"
                                  " \"services\": [{\"name\": \"A\", \"state\": \"weird\", "
                                  "\"start_type\": null, \"start_type_error\": \"denied\"}],"
                                  " \"ndu\": null, \"ndu_error\": \"no registry\","
                                  " \"error\": \"Get-Process failed\"}";
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(doc, sizeof(doc) - 1, &h, &d), 0);
    assert_true(h.mem_total.known);
    assert_false(h.mem_available.known);
    assert_string_equal(h.mem_available.why, "null, with no reason given");
    assert_false(h.commit_total.known);
    assert_string_equal(h.commit_total.why, "missing from the host document");
    assert_int_equal(h.services[0].state, WIN_SVC_UNKNOWN);
    assert_non_null(strstr(h.services[0].state_why, "weird"));
    assert_string_equal(h.services[0].start_why, "denied");
    assert_false(h.ndu_start.known);
    assert_string_equal(h.ndu_start.why, "no registry");
    assert_false(h.has_top);
    assert_string_equal(h.top_why, "the host script failed: Get-Process failed");
    assert_false(h.build.known);
    win_host_release(&h);
}

static void test_adapter_detection(void **state)
{
    (void)state;
    static const char doc[] =
        HDR ", \"adapters\": [{\"name\": \"Ethernet\", \"description\": \"Killer E2500 Gigabit "
            "Ethernet Controller\"}, {\"name\": \"x\", \"description\": \"MSIX Packaging\"}, "
            "{\"name\": \"MSI LAN\", \"description\": \"Realtek PCIe GbE\"}]}";
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(doc, sizeof(doc) - 1, &h, &d), 0);
    assert_true(h.adapters[0].killer);
    assert_false(h.adapters[1].msi); /* "MSIX" is not MSI */
    assert_true(h.adapters[2].msi);
    win_host_release(&h);
}

/* The Windows drive is found under automount.root as WSL reads /etc/wsl.conf
 * (one INI reader: src/wslconfig/) */
static void test_wslconf_automount_root(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"", "/mnt/"},
        {"[boot]\nsystemd=true\n[automount]\r\n  root = /win\r\noptions=x\n", "/win/"},
        {"[network]\nroot=/nope/\n[automount]\nroot=\"/drives/\"\n", "/drives/"},
        {"[automount]\nroot=relative\n", "/mnt/"},
        {"[automount]\nroot=/w # WSL ends the value at the comment\n", "/w/"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct wsl_config cfg;
        wsl_config_from_bytes(cases[i][0], strlen(cases[i][0]), WSLF_WSLCONF, &cfg);
        char r[64];
        wsl_conf_automount_root(&cfg, r, sizeof(r));
        assert_string_equal(r, cases[i][1]);
        wsl_config_release(&cfg);
    }
    char r[64];
    wsl_conf_automount_root(NULL, r, sizeof(r));
    assert_string_equal(r, "/mnt/");
}

static int b64val(char c)
{
    const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(t, c);
    return p && c ? (int)(p - t) : -1;
}

/* -EncodedCommand takes base64 of UTF-16LE */
static void test_ps_encode(void **state)
{
    (void)state;
    char *e = win_ps_encode("Hi\xe2\x82\xac\xf0\x9f\x98\x80");
    /* H i € 😀 = 48 00 69 00 AC 20 3D D8 00 DE */
    static const unsigned char want[] = {0x48, 0, 0x69, 0, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE};
    unsigned char got[32];
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (const char *p = e; *p && *p != '='; p++) {
        int v = b64val(*p);
        assert_true(v >= 0);
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            got[n++] = (unsigned char)((acc >> bits) & 0xFF);
        }
    }
    assert_int_equal(n, sizeof(want));
    assert_memory_equal(got, want, sizeof(want));
    free(e);
    /* the whole fallback script fits a Windows command line (32767) */
    e = win_ps_encode(win_host_ps_script);
    assert_true(strlen(e) < 30000);
    free(e);
    /* and it never changes anything on Windows */
    assert_null(strstr(win_host_ps_script, "Set-"));
    assert_null(strstr(win_host_ps_script, "Remove-Item"));
    assert_null(strstr(win_host_ps_script, "Stop-"));
}

static void write_script(const char *path, const char *body)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    assert_int_equal(chmod(path, 0755), 0);
}

/* Under --root the host data comes from host.json only: a helper named in
 * the environment is never run. */
static void test_snapshot_never_runs_anything(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char helper[512], marker[512], cmd[1200];
    snprintf(helper, sizeof(helper), "%s/helper", dir);
    snprintf(marker, sizeof(marker), "%s/ran", dir);
    snprintf(cmd, sizeof(cmd), "touch '%s'", marker);
    write_script(helper, cmd);
    setenv("HEADROOM_WIN_HELPER", helper, 1);
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    struct win_host h;
    struct strbuf raw = STRBUF_INIT;
    struct win_host_opts o = {.raw = &raw};
    assert_int_equal(win_host_load(r, &o, &h), 0);
    assert_int_equal(h.state, WIN_HOST_OK);
    assert_true(h.from_snapshot);
    assert_int_equal(h.spawned, 0);
    assert_true(raw.len > 1000);
    assert_int_not_equal(access(marker, F_OK), 0);
    win_host_release(&h);
    rootfs_free(r);
    /* a snapshot without host.json: absent, and says which file */
    assert_int_equal(rootfs_new("tests/roots/native-linux", &r), 0);
    assert_int_equal(win_host_load(r, NULL, &h), -ENOENT);
    assert_int_equal(h.state, WIN_HOST_ABSENT);
    assert_non_null(strstr(h.reason, ".headroom/host.json"));
    win_host_release(&h);
    rootfs_free(r);
    unsetenv("HEADROOM_WIN_HELPER");
    strbuf_release(&raw);
    unit_rmrf(dir);
}

static void live_with(const char *body, unsigned timeout_ms, struct win_host *h, int want)
{
    char *dir = unit_tmpdir();
    char helper[512];
    snprintf(helper, sizeof(helper), "%s/helper", dir);
    write_script(helper, body);
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    struct win_host_opts o = {.helper = helper, .helper_timeout_ms = timeout_ms};
    assert_int_equal(win_host_load(r, &o, h), want);
    rootfs_free(r);
    unit_rmrf(dir);
}

/* The live path, with a stand-in helper (this machine has no interop, so
 * PowerShell is never tried). */
static void test_live_helper_paths(void **state)
{
    (void)state;
    char body[600];
    struct win_host h;
    char cwd[400];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    snprintf(body, sizeof(body), "cat '%s/%s'", cwd, WINE_PS);
    live_with(body, 5000, &h, 0);
    assert_int_equal(h.state, WIN_HOST_OK);
    assert_int_equal(h.spawned, 1);
    assert_false(h.from_snapshot);
    assert_int_equal(h.source, WIN_SOURCE_POWERSHELL); /* what the document says */
    win_host_release(&h);

    /* a daemon the helper leaves behind holding the pipes (wineserver does
     * under Wine) does not hold headroom up: the answer is complete when the
     * helper itself has exited */
    struct timespec t0, t1;
    snprintf(body, sizeof(body), "sleep 4 &\ncat '%s/%s'", cwd, WINE_PS);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    live_with(body, 3000, &h, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 2);
    assert_true(h.mem_total.known);
    win_host_release(&h);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    live_with("sleep 10", 300, &h, -ENOENT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 3); /* killed, not waited for */
    assert_non_null(strstr(h.reason, "no answer within 300 ms"));
    win_host_release(&h);

    live_with("echo 'access denied here' >&2; exit 5", 5000, &h, -ENOENT);
    assert_non_null(strstr(h.reason, "exit status 5: access denied here"));
    win_host_release(&h);

    live_with("printf '{\"format\": \"headroom-host/1\",\\n \"source\": 7}'", 5000, &h, -EBADMSG);
    assert_int_equal(h.state, WIN_HOST_MALFORMED);
    assert_string_equal(h.diag.file, "headroom-win.exe");
    assert_int_equal(h.diag.line, 2);
    win_host_release(&h);

    /* no helper named, no interop: absent, and why */
    unsetenv("HEADROOM_WIN_HELPER");
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    if (access("/proc/sys/fs/binfmt_misc/WSLInterop", F_OK) != 0) {
        assert_int_equal(win_host_load(r, NULL, &h), -ENOENT);
        assert_non_null(strstr(h.reason, "interop"));
        win_host_release(&h);
    }
    rootfs_free(r);
}

/* The PowerShell fallback, end to end on a directory marked live that looks
 * like WSL with interop: ONE powershell.exe call, with -NoProfile
 * -NonInteractive and the script as -EncodedCommand (base64 of UTF-16LE),
 * run from the Windows drive. The stand-in powershell.exe checks all that
 * and prints the PowerShell fixture. */
static void test_powershell_fallback_is_one_call(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char cwd[400], path[600], body[2600];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    unit_write(dir, "proc/sys/fs/binfmt_misc/WSLInterop", "enabled\n");
    unit_write(dir, "etc/wsl.conf", "[automount]\nroot = /win/\n");
    unit_write(dir, "win/d/Windows/System32/placeholder", "");
    unit_write(dir, "script.ps1", win_host_ps_script);
    snprintf(
        body, sizeof(body),
        "#!/bin/sh\n"
        "echo \"$@\" | cut -c1-80 >> '%s/calls'\n"
        "[ \"$1 $2 $3 $4 $5\" = '-NoProfile -NonInteractive -ExecutionPolicy Bypass "
        "-EncodedCommand' ] || exit 9\n"
        "[ \"$(pwd)\" = '%s/win/d' ] || exit 8\n"
        "[ $# = 6 ] || exit 6\n"
        "printf '%%s' \"$6\" | base64 -d | iconv -f UTF-16LE -t UTF-8 | cmp -s - '%s/script.ps1' "
        "|| exit 7\n"
        "cat '%s/%s'\n",
        dir, dir, dir, cwd, WINE_PS);
    unit_write(dir, "win/d/Windows/System32/WindowsPowerShell/v1.0/powershell.exe", body);
    snprintf(path, sizeof(path), "%s/win/d/Windows/System32/WindowsPowerShell/v1.0/powershell.exe",
             dir);
    assert_int_equal(chmod(path, 0755), 0);

    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    r->live = true;
    struct win_host h;
    struct win_host_opts o = {.no_helper = true};
    int rc = win_host_load(r, &o, &h);
    if (rc != 0)
        fail_msg("%s", h.reason);
    assert_int_equal(h.spawned, 1);
    assert_int_equal(h.source, WIN_SOURCE_POWERSHELL);
    assert_string_equal(h.origin, "powershell.exe (one call)");
    win_host_release(&h);

    /* a failing helper, then PowerShell: two processes, and it says so */
    char helper[600];
    snprintf(helper, sizeof(helper), "%s/helper", dir);
    unit_write(dir, "helper", "#!/bin/sh\nexit 3\n");
    assert_int_equal(chmod(helper, 0755), 0);
    struct win_host_opts o2 = {.helper = helper};
    assert_int_equal(win_host_load(r, &o2, &h), 0);
    assert_int_equal(h.spawned, 2);
    win_host_release(&h);

    /* --no PowerShell wanted: absent, with the helper's reason */
    struct win_host_opts o3 = {.helper = helper, .no_powershell = true};
    assert_int_equal(win_host_load(r, &o3, &h), -ENOENT);
    assert_non_null(strstr(h.reason, "exit status 3"));
    win_host_release(&h);
    rootfs_free(r);

    /* the stand-in ran exactly twice (the two loads that used it) */
    struct strbuf calls = STRBUF_INIT;
    snprintf(path, sizeof(path), "%s/calls", dir);
    slurp(path, &calls);
    size_t lines = 0;
    for (size_t i = 0; i < calls.len; i++)
        lines += calls.buf[i] == '\n';
    assert_int_equal(lines, 2);
    strbuf_release(&calls);
    unit_rmrf(dir);
}

static void test_run_caps_output(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    char err[100];
    char *argv[] = {"/bin/sh", "-c", "yes | head -c 100000", NULL};
    assert_int_equal(win_run(argv, NULL, 5000, 1000, &out, err, sizeof(err)), -EFBIG);
    char *argv2[] = {"/nonexistent/helper", NULL};
    assert_int_equal(win_run(argv2, NULL, 5000, 1000, &out, err, sizeof(err)), -ENOENT);
    char *argv3[] = {"/bin/sh", "-c", "pwd", NULL};
    assert_int_equal(win_run(argv3, "/tmp", 5000, 1000, &out, err, sizeof(err)), 0);
    assert_string_equal(out.buf, "/tmp\n");
    strbuf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helper_and_powershell_give_the_same_struct),
        cmocka_unit_test(test_recorded_wine_run),
        cmocka_unit_test(test_fixture_16g_default),
        cmocka_unit_test(test_fixture_tuned_powershell),
        cmocka_unit_test(test_malformed_documents),
        cmocka_unit_test(test_partial_documents),
        cmocka_unit_test(test_adapter_detection),
        cmocka_unit_test(test_wslconf_automount_root),
        cmocka_unit_test(test_ps_encode),
        cmocka_unit_test(test_snapshot_never_runs_anything),
        cmocka_unit_test(test_live_helper_paths),
        cmocka_unit_test(test_powershell_fallback_is_one_call),
        cmocka_unit_test(test_run_caps_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
