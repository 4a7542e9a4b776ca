#include "unit.h"

#include "rules/input.h"
#include "rules/rules.h"
#include "wslconfig/lint.h"

struct loaded {
    struct rootfs *r;
    struct doctor_inputs d;
    struct doctor_result res;
};

/* What `headroom doctor --root ROOT` runs: every input loaded as the
 * command loads it (src/rules/input.c). */
static void run(const char *root, const struct doctor_filter *f, struct loaded *l)
{
    assert_int_equal(rootfs_new(root, &l->r), 0);
    doctor_inputs_load(l->r, &l->d);
    doctor_run(&l->d.in, f, &l->res);
}

static void done(struct loaded *l)
{
    doctor_result_release(&l->res);
    doctor_inputs_release(&l->d);
    rootfs_free(l->r);
}

/* The finding of rule `id`; wslconfig.lint emits under config lint's ids. */
static const struct finding *find(const struct loaded *l, const char *id)
{
    bool lint = strcmp(id, "wslconfig.lint") == 0;
    for (size_t i = 0; i < l->res.findings.n; i++) {
        const char *fid = l->res.findings.v[i].id;
        if (strcmp(fid, id) == 0 || (lint && wsl_lint_id_known(fid)))
            return &l->res.findings.v[i];
    }
    return NULL;
}

/* Every rule has a fixture machine where it fires and one where it does not
 * (issue 4). The fixture roots' READMEs say what each one holds. */
static const struct {
    const char *id, *fires, *quiet;
    enum severity sev;
} matrix[] = {
    {"wsl.not-wsl", "tests/roots/native-linux", "tests/roots/wsl2-16g-default", SEV_INFO},
    {"wsl.no-wslconfig", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-tuned-6g", SEV_WARNING},
    {"wsl.limits-not-applied", "tests/roots/wsl2-not-applied", "tests/roots/wsl2-tuned-6g",
     SEV_WARNING},
    {"wsl.swap-missing", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default", SEV_WARNING},
    {"wsl.old-version", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default", SEV_WARNING},
    {"wsl.systemd-gradual", "tests/roots/wsl2-idle-cache", "tests/roots/wsl2-tuned-6g",
     SEV_WARNING},
    {"wslconfig.lint", "tests/roots/wsl2-tuned-6g", "tests/roots/wsl2-idle-cache", SEV_WARNING},
    {"mem.oom-killed", "tests/roots/wsl2-oom-global", "tests/roots/wsl2-tuned-6g", SEV_WARNING},
    {"mem.low-available", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default", SEV_CRITICAL},
    {"mem.pressure", "tests/roots/wsl2-broken", "tests/roots/wsl2-tuned-6g", SEV_CRITICAL},
    {"mem.cache-held", "tests/roots/wsl2-idle-cache", "tests/roots/wsl2-16g-default", SEV_WARNING},
    {"mem.mapped-model", "tests/roots/wsl2-tuned-6g", "tests/roots/wsl2-16g-default", SEV_INFO},
    {"mem.psi-unavailable", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-tuned-6g", SEV_INFO},
    {"inference.ollama-verdict", "tests/roots/wsl2-ollama-refused", "tests/roots/wsl2-idle-cache",
     SEV_WARNING},
    {"inference.duplicate-server", "tests/roots/wsl2-two-servers", "tests/roots/wsl2-16g-default",
     SEV_WARNING},
    {"model.on-drvfs", "tests/roots/wsl2-model-on-drvfs", "tests/roots/wsl2-tuned-6g", SEV_WARNING},
    {"model.duplicates", "tests/roots/wsl2-model-duplicates", "tests/roots/model-stores", SEV_INFO},
    {"windows.dosvc", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-tuned-6g", SEV_WARNING},
    {"windows.ndu", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-tuned-6g", SEV_WARNING},
    {"windows.service-memory", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-tuned-6g",
     SEV_INFO},
    {"windows.host-ram", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-broken", SEV_INFO},
    {"windows.commit-headroom", "tests/roots/wsl2-16g-default", "tests/roots/wsl2-tuned-6g",
     SEV_WARNING},
    {"gpu.driver-in-guest", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default",
     SEV_CRITICAL},
    {"gpu.no-dxg", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default", SEV_WARNING},
    {"gpu.ld-conf", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default", SEV_WARNING},
    {"gpu.nvidia-smi-path", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default", SEV_WARNING},
    {"gpu.libcuda-missing", "tests/roots/wsl2-tuned-6g", "tests/roots/wsl2-16g-default", SEV_INFO},
    {"gpu.vram-held-by-windows", "tests/roots/wsl2-vram-held", "tests/roots/wsl2-two-servers",
     SEV_INFO},
    {"gpu.cudnn-missing", "tests/roots/wsl2-faster-whisper", "tests/roots/wsl2-idle-cache",
     SEV_WARNING},
    {"gpu.torch-cpu-only", "tests/roots/wsl2-torch-cpu", "tests/roots/wsl2-torch-newer",
     SEV_WARNING},
    {"gpu.torch-cuda-newer-than-driver", "tests/roots/wsl2-torch-newer",
     "tests/roots/wsl2-torch-cpu", SEV_WARNING},
    {"gpu.onnxruntime-no-cuda", "tests/roots/wsl2-torch-cpu", "tests/roots/wsl2-16g-gpu",
     SEV_WARNING},
    {"gpu.cuda-toolkit", "tests/roots/wsl2-idle-cache", "tests/roots/wsl2-tuned-6g", SEV_INFO},
    {"gpu.vram", "tests/roots/wsl2-16g-gpu", "tests/roots/wsl2-16g-default", SEV_INFO},
    {"audio.wslg-missing", "tests/roots/wsl2-idle-cache", "tests/roots/wsl2-16g-default", SEV_INFO},
    {"audio.pipewire-conflict", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default",
     SEV_WARNING},
    {"audio.pulse-server-env", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default",
     SEV_WARNING},
    {"audio.tools-missing", "tests/roots/wsl2-audio-unrouted", "tests/roots/wsl2-audio-ready",
     SEV_INFO},
    {"audio.alsa-not-routed", "tests/roots/wsl2-audio-unrouted", "tests/roots/wsl2-audio-ready",
     SEV_WARNING},
    {"audio.mic-denied", "tests/roots/wsl2-mic-denied", "tests/roots/wsl2-16g-default",
     SEV_WARNING},
    {"containers.docker-desktop", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default",
     SEV_INFO},
    {"containers.podman-machine-memory", "tests/roots/wsl2-broken", "tests/roots/wsl2-16g-default",
     SEV_INFO},
    {"disk.host-low", "tests/roots/wsl2-disk-tight", "tests/roots/wsl2-16g-default", SEV_CRITICAL},
    {"disk.vhdx-bloat", "tests/roots/wsl2-disk-full", "tests/roots/wsl2-disk-tight", SEV_WARNING},
    {"disk.swap-orphans", "tests/roots/wsl2-disk-full", "tests/roots/wsl2-disk-tight", SEV_WARNING},
};

static void test_every_rule_fires_and_stays_quiet(void **state)
{
    (void)state;
    /* the matrix covers the whole table */
    assert_int_equal(sizeof(matrix) / sizeof(matrix[0]), rules_count);
    for (size_t i = 0; i < rules_count; i++) {
        assert_non_null(rules_find(matrix[i].id));
        struct loaded a, b;
        run(matrix[i].fires, NULL, &a);
        const struct finding *f = find(&a, matrix[i].id);
        if (!f)
            fail_msg("%s does not fire on %s", matrix[i].id, matrix[i].fires);
        assert_int_equal(f->severity, matrix[i].sev);
        run(matrix[i].quiet, NULL, &b);
        if (find(&b, matrix[i].id))
            fail_msg("%s fires on %s", matrix[i].id, matrix[i].quiet);
        done(&a);
        done(&b);
    }
}

/* No finding without evidence (issue 4): every finding of every fixture
 * machine has evidence and a fix, and a source wherever its rule has one. */
static void test_no_finding_without_evidence(void **state)
{
    (void)state;
    static const char *const roots[] = {
        "tests/roots/wsl2-16g-default",
        "tests/roots/wsl2-tuned-6g",
        "tests/roots/wsl2-broken",
        "tests/roots/wsl2-idle-cache",
        "tests/roots/native-linux",
        "tests/roots/hostile",
        "tests/roots/empty",
        "tests/roots/wine-host",
        "tests/roots/hostile-host",
    };
    size_t total = 0;
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
        struct loaded l;
        run(roots[i], NULL, &l);
        for (size_t k = 0; k < l.res.findings.n; k++) {
            const struct finding *f = &l.res.findings.v[k];
            const struct rule *r = rules_find(wsl_lint_id_known(f->id) ? "wslconfig.lint" : f->id);
            assert_non_null(r);
            if (!f->evidence || !*f->evidence || !f->fix || !*f->fix)
                fail_msg("%s on %s lacks evidence or fix", f->id, roots[i]);
            if (r->source && (!f->source || !*f->source))
                fail_msg("%s on %s lacks its source", f->id, roots[i]);
            assert_true(f->title && *f->title);
            total++;
        }
        /* each rule is either checked or skipped with a reason, exactly once */
        assert_int_equal(l.res.nchecked + l.res.nskipped, rules_count);
        for (size_t k = 0; k < l.res.nskipped; k++)
            assert_true(l.res.skipped[k].why[0] != '\0');
        done(&l);
    }
    assert_true(total >= 20); /* the walk is not vacuous */
}

static void test_order_and_filters(void **state)
{
    (void)state;
    struct loaded l;
    run("tests/roots/wsl2-broken", NULL, &l);
    /* severity first; within it the table's value order */
    for (size_t k = 1; k < l.res.findings.n; k++)
        assert_true(l.res.findings.v[k - 1].severity >= l.res.findings.v[k].severity);
    assert_string_equal(l.res.findings.v[0].id, "mem.low-available");
    assert_string_equal(l.res.findings.v[1].id, "mem.pressure");
    assert_string_equal(l.res.findings.v[2].id, "gpu.driver-in-guest");
    done(&l);

    static const char *const only[] = {"gpu", NULL};
    static const char *const skip[] = {"gpu.no-dxg", NULL};
    static const char *const ignored[] = {"gpu.ld-conf", NULL};
    struct doctor_filter f = {
        .only_areas = only, .skip_ids = skip, .ignored = ignored, .ignore_file = "doctor.ignore"};
    run("tests/roots/wsl2-broken", &f, &l);
    for (size_t k = 0; k < l.res.findings.n; k++)
        assert_int_equal(strncmp(l.res.findings.v[k].id, "gpu.", 4), 0);
    assert_null(find(&l, "gpu.no-dxg"));
    assert_null(find(&l, "gpu.ld-conf"));
    assert_non_null(find(&l, "gpu.driver-in-guest"));
    bool saw_skip = false, saw_ignore = false;
    for (size_t k = 0; k < l.res.nskipped; k++) {
        saw_skip |= strcmp(l.res.skipped[k].id, "gpu.no-dxg") == 0 &&
                    strcmp(l.res.skipped[k].why, "--skip") == 0;
        saw_ignore |= strcmp(l.res.skipped[k].id, "gpu.ld-conf") == 0 &&
                      strstr(l.res.skipped[k].why, "doctor.ignore") != NULL;
    }
    assert_true(saw_skip && saw_ignore);
    assert_int_equal(l.res.nchecked + l.res.nskipped, 12); /* the gpu rules only */
    done(&l);
}

/* A finding carried under one id stays visible from each area it belongs
 * to: config lint's gradual hazard is wsl.systemd-gradual, shown by --only
 * config as well as --only wsl. */
static void test_only_keeps_carried_findings(void **state)
{
    (void)state;
    static const char *const config[] = {"config", NULL};
    static const char *const wsl[] = {"wsl", NULL};
    static const char *const mem[] = {"mem", NULL};
    struct doctor_filter f = {.only_areas = config};
    struct loaded l;
    run("tests/roots/wsl2-idle-cache", &f, &l);
    assert_non_null(find(&l, "wsl.systemd-gradual"));
    done(&l);
    f.only_areas = wsl;
    run("tests/roots/wsl2-idle-cache", &f, &l);
    assert_non_null(find(&l, "wsl.systemd-gradual"));
    done(&l);
    f.only_areas = mem;
    run("tests/roots/wsl2-idle-cache", &f, &l);
    assert_null(find(&l, "wsl.systemd-gradual"));
    done(&l);
}

/* An input a snapshot did not record skips its rule with the reason (like
 * PATH), instead of reading as missing: the same machine with /etc/ld.so.conf.d
 * recorded fires gpu.ld-conf, without it skips it. */
static void test_unrecorded_input_skips(void **state)
{
    (void)state;
    static const char *const gpu[] = {"gpu", NULL};
    struct doctor_filter f = {.only_areas = gpu};
    struct loaded l;
    assert_int_equal(rootfs_new("tests/roots/wsl2-broken", &l.r), 0);
    doctor_inputs_load(l.r, &l.d);
    doctor_run(&l.d.in, &f, &l.res);
    assert_non_null(find(&l, "gpu.ld-conf"));
    doctor_result_release(&l.res);
    /* as a snapshot that did not record /etc */
    l.d.m.gpu.ld_conf_dir = false;
    doctor_run(&l.d.in, &f, &l.res);
    assert_null(find(&l, "gpu.ld-conf"));
    bool skipped = false;
    for (size_t k = 0; k < l.res.nskipped; k++)
        skipped |= strcmp(l.res.skipped[k].id, "gpu.ld-conf") == 0 &&
                   strstr(l.res.skipped[k].why, "not recorded") != NULL;
    assert_true(skipped);
    done(&l);
}

/* The .wslconfig changes what some rules say: with guiApplications=false a
 * missing WSLg is a choice (info), without the file it is a fault. */
static void test_wslconfig_shapes_findings(void **state)
{
    (void)state;
    struct loaded l;
    run("tests/roots/wsl2-idle-cache", NULL, &l);
    const struct finding *f = find(&l, "audio.wslg-missing");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_INFO);
    assert_non_null(strstr(f->evidence, "guiApplications=false (/mnt/c/Users/nzbr/.wslconfig:4)"));
    doctor_result_release(&l.res);
    l.d.in.wslconfig = NULL; /* the same machine with no .wslconfig found */
    doctor_run(&l.d.in, NULL, &l.res);
    f = find(&l, "audio.wslg-missing");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_null(find(&l, "wsl.systemd-gradual")); /* WSL's default is dropCache */
    done(&l);

    /* the swap over the size WSL was reported to create: WSL uses none, so
     * the VM's SwapTotal of 0 is the file in effect (memory=8GB against
     * MemTotal 7972 MiB is within the kernel's share), and the findings say
     * why there is no swap, with the report's source */
    run("tests/roots/wsl2-broken", NULL, &l);
    assert_null(find(&l, "wsl.limits-not-applied"));
    f = find(&l, "wslconfig.overridden");
    assert_non_null(f);
    assert_non_null(strstr(f->title, "swap=256GB: WSL uses 0 B instead"));
    assert_non_null(strstr(f->source, "microsoft/WSL/issues/5476"));
    f = find(&l, "wsl.swap-missing");
    assert_non_null(
        strstr(f->evidence, "swap=256GB (/mnt/c/Users/sam/.wslconfig:4): swap is 256 GB"));
    assert_non_null(strstr(f->fix, "headroom config set swap=4GB"));
    done(&l);

    /* a lint id can be skipped on its own; the rule still runs */
    static const char *const skip[] = {"wslconfig.unknown-key", NULL};
    struct doctor_filter flt = {.skip_ids = skip};
    run("tests/roots/wsl2-tuned-6g", &flt, &l);
    assert_null(find(&l, "wslconfig.unknown-key"));
    bool sparse = false;
    for (size_t k = 0; k < l.res.findings.n; k++)
        sparse |= strcmp(l.res.findings.v[k].id, "wslconfig.sparse-disabled") == 0;
    assert_true(sparse);
    done(&l);
}

/* Whether one of f's commands is exactly `cmd`. */
static bool has_command(const struct finding *f, const char *cmd)
{
    for (size_t i = 0; i < f->ncmds; i++)
        if (strcmp(f->cmds[i].text, cmd) == 0)
            return true;
    return false;
}

/* psi=1 only where the kernel can use it (microsoft/WSL#11147): a 5.15
 * WSL kernel is told to update, a 6.6 one gets the config set command. */
static void test_psi_fix_follows_the_kernel(void **state)
{
    (void)state;
    struct loaded l;
    run("tests/roots/wsl2-16g-default", NULL, &l); /* 5.15.167.4, no /proc/pressure */
    const struct finding *f = find(&l, "mem.psi-unavailable");
    assert_non_null(f);
    assert_true(has_command(f, "wsl.exe --update"));
    assert_false(has_command(f, "headroom config set kernelCommandLine=psi=1"));
    assert_non_null(strstr(f->advice, "built without PSI"));
    done(&l);

    char *root = unit_tmpdir();
    unit_write(root, "proc/sys/kernel/osrelease", "6.6.87.2-microsoft-standard-WSL2\n");
    unit_write(root, "proc/version",
               "Linux version 6.6.87.2-microsoft-standard-WSL2 (root@439a258ad544) (gcc (GCC) "
               "11.2.0) #1 SMP PREEMPT_DYNAMIC Thu Jun  5 18:30:46 UTC 2025\n");
    unit_write(root, "proc/sys/fs/binfmt_misc/WSLInterop", "enabled\n");
    unit_write(root, "proc/cmdline", "initrd=\\initrd.img WSL_ROOT_INIT=1 panic=-1 console=hvc0\n");
    unit_write(root, "proc/meminfo",
               "MemTotal:        8000000 kB\nMemFree:         4000000 kB\n"
               "MemAvailable:    6000000 kB\n");
    run(root, NULL, &l);
    f = find(&l, "mem.psi-unavailable");
    assert_non_null(f);
    assert_true(has_command(f, "headroom config set kernelCommandLine=psi=1"));
    assert_true(has_command(f, "wsl.exe --shutdown"));
    assert_false(has_command(f, "wsl.exe --update"));
    done(&l);
    unit_rmrf(root);
}

/* Globally enabled PipeWire units need `--global disable`; a per-user
 * disable does not remove the links in /etc/systemd/user. */
static void test_pipewire_global_disable(void **state)
{
    (void)state;
    struct loaded l;
    run("tests/roots/wsl2-broken", NULL, &l);
    const struct finding *f = find(&l, "audio.pipewire-conflict");
    assert_non_null(f);
    bool global = false;
    for (size_t i = 0; i < f->ncmds; i++)
        global |= strncmp(f->cmds[i].text, "sudo systemctl --global disable ", 32) == 0;
    assert_true(global);
    done(&l);
}

/* The value sets of doctor --only and --skip (the parser checks them, did
 * you mean picks from them): each area once, in table order; every id
 * rules_id_known() takes, and only those. */
static void test_value_sets(void **state)
{
    (void)state;
    size_t nareas = 0;
    for (const char *a; (a = rules_area_at(nareas)); nareas++) {
        assert_true(rules_area_exists(a));
        for (size_t j = 0; j < nareas; j++)
            assert_string_not_equal(rules_area_at(j), a);
    }
    for (size_t i = 0; i < rules_count; i++) {
        bool listed = false;
        for (size_t j = 0; j < nareas && !listed; j++)
            listed = strcmp(rules_area_at(j), rules_table[i].area) == 0;
        assert_true(listed);
    }
    size_t nlint = 0;
    while (wsl_lint_rules[nlint])
        nlint++;
    size_t nids = 0;
    for (const char *id; (id = rules_id_at(nids)); nids++)
        assert_true(rules_id_known(id));
    assert_int_equal(nids, rules_count + 2 * nlint);
    char want[128];
    snprintf(want, sizeof(want), "wslconf.%s", wsl_lint_rules[0]);
    assert_string_equal(rules_id_at(rules_count + nlint), want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_rule_fires_and_stays_quiet),
        cmocka_unit_test(test_no_finding_without_evidence),
        cmocka_unit_test(test_order_and_filters),
        cmocka_unit_test(test_only_keeps_carried_findings),
        cmocka_unit_test(test_unrecorded_input_skips),
        cmocka_unit_test(test_wslconfig_shapes_findings),
        cmocka_unit_test(test_psi_fix_follows_the_kernel),
        cmocka_unit_test(test_pipewire_global_disable),
        cmocka_unit_test(test_value_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
