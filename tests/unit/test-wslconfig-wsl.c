/* `.wslconfig` as WSL reads it: one test per class where headroom and
 * WSL's own code disagreed. Every expectation comes from microsoft/WSL
 * @3e27a6a, cited as file:line (src/windows/common/WslCoreConfig.{h,cpp},
 * src/shared/configfile/configfile.cpp). */
#include "unit.h"
#include "wslconfig-fixture.h"

#include "util/size.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"
#include "wslconfig/rules.h"
#include "wslconfig/schema.h"

static bool on(struct fixture *fx, const char *full)
{
    const struct wsl_setting *s = get(fx, full);
    assert_true(s->has_value);
    return s->b;
}

/* WslCoreConfig.cpp:52-60: inet_pton fails -> EnableDnsTunneling = false,
 * when the line is read; a dnsTunneling line below sets it again. */
static void test_bad_dns_address_turns_tunneling_off(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[experimental]\ndnsTunnelingIpAddress=10.0.0\n");
    assert_false(on(&fx, "wsl2.dnsTunneling"));
    assert_int_equal(get(&fx, "wsl2.dnsTunneling")->rule, WSLR_DNS_BAD_ADDRESS);
    done(&fx);
    RUN(&fx, "[wsl2]\ndnsTunneling=true\n[experimental]\ndnsTunnelingIpAddress=nope\n");
    assert_false(on(&fx, "wsl2.dnsTunneling"));
    assert_true(get(&fx, "wsl2.dnsTunneling")->overridden);
    done(&fx);
    RUN(&fx, "[experimental]\ndnsTunnelingIpAddress=nope\n[wsl2]\ndnsTunneling=true\n");
    assert_true(on(&fx, "wsl2.dnsTunneling"));
    done(&fx);
    /* a valid address is kept; with tunneling on and no address: :159-165 */
    RUN(&fx, "[experimental]\ndnsTunnelingIpAddress=10.1.2.3\n");
    assert_true(on(&fx, "wsl2.dnsTunneling"));
    assert_string_equal(get(&fx, "experimental.dnsTunnelingIpAddress")->text, "10.1.2.3");
    done(&fx);
}

/* WslCoreConfig.cpp:36-50: Split on ',', std::stoi per entry, 1-65535 kept
 * in a std::set; a bad entry warns and is skipped. */
static void test_ignored_ports_one_entry_at_a_time(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=443,abc,80,,80\n");
    const struct wsl_setting *p = get(&fx, "experimental.ignoredPorts");
    assert_true(p->from_file);
    assert_false(p->valid); /* WSL warned about "abc" */
    assert_string_equal(p->ports, "80,443");
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=80abc, 8080,0,70000\n");
    assert_string_equal(get(&fx, "experimental.ignoredPorts")->ports, "80,8080");
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=http\n");
    assert_null(get(&fx, "experimental.ignoredPorts")->ports);
    done(&fx);
}

/* WslCoreConfig.cpp:136: _wfopen(..., L"rt,ccs=UTF-8"): text mode ends
 * the stream at a Ctrl-Z. */
static void test_ctrl_z_ends_the_file(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nmemory=4GB\n\x1aswap=0\nprocessors=2\n");
    assert_true(get(&fx, "wsl2.memory")->from_file);
    assert_int_equal(get(&fx, "wsl2.swap")->stmt, -1);
    assert_int_equal(get(&fx, "wsl2.processors")->stmt, -1);
    done(&fx);
    /* in the middle of a value: the value ends there */
    RUN(&fx, "[wsl2]\nmemory=4G\x1a"
             "B\n");
    assert_string_equal(get(&fx, "wsl2.memory")->text, "4G");
    done(&fx);
    /* positions stay on the Ctrl-Z's line, not the document's last one */
    RUN(&fx, "[wsl2]\nswap=\x1a\nmemory=1GB\nprocessors=2\n");
    const struct wsl_stmt *st = &fx.ev.syn.v[get(&fx, "wsl2.swap")->stmt];
    assert_int_equal(st->start.line, 1);
    assert_int_equal(st->vstart.line, 1);
    assert_int_equal(st->last_line, 1);
    done(&fx);
}

/* configfile.cpp: wint_t is 16 bits on Windows, so U+FFFF == WEOF for every
 * `ch != WEOF` test (:663 value, :326 comment, :814 invalid line) while
 * feof() stays false (:334): it ends the value, comment or skipped line,
 * and reading goes on after it. It is no end of input (the issue said so;
 * the source says otherwise). */
static void test_u_ffff_ends_a_line(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nmemory=4GB\xEF\xBF\xBFswap=0\n");
    assert_string_equal(get(&fx, "wsl2.memory")->text, "4GB");
    assert_true(get(&fx, "wsl2.swap")->from_file);
    assert_int_equal(get(&fx, "wsl2.swap")->bytes, 0);
    done(&fx);
    RUN(&fx, "[wsl2]\n# note\xEF\xBF\xBFprocessors=3\nmemory 4GB\xEF\xBF\xBFswap=1GB\n");
    assert_int_equal(get(&fx, "wsl2.processors")->i, 3);
    assert_int_equal(get(&fx, "wsl2.swap")->bytes, GIB);
    done(&fx);
    /* at the start of a line it is skipped */
    RUN(&fx, "[wsl2]\n\xEF\xBF\xBFmemory=2GB\n");
    assert_int_equal(get(&fx, "wsl2.memory")->bytes, 2 * GIB);
    done(&fx);
}

/* WslCoreConfig.h:323 (SwapSizeBytes = UINT64_MAX), .cpp:328-331: that
 * value means "not set", so -1 (strtoull wraps) or an overflow gives the
 * default, a quarter of memory rounded up to a whole GB. */
static void test_swap_not_set_marker(void **state)
{
    (void)state;
    struct fixture fx;
    struct wsl_vm vm;
    RUN(&fx, "[wsl2]\nmemory=6GB\nswap=-1\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_true(vm.swap_known);
    assert_int_equal(vm.swap, 2 * GIB);
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=8GB\nswap=99999999999999999999999\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swap, 2 * GIB);
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=8GB\nswap=18446744073709551615\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swap, 2 * GIB);
    done(&fx);
}

/* WslCoreConfig.cpp:467-479: DNS tunneling only with NAT, mirrored and
 * Consomme; without it no bestEffortDnsParsing and no address. */
static void test_dns_tunneling_needs_nat_or_mirrored(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nnetworkingMode=bridged\ndnsTunneling=true\n[experimental]\n"
             "bestEffortDnsParsing=true\ndnsTunnelingIpAddress=10.1.2.3\n");
    const struct wsl_setting *d = get(&fx, "wsl2.dnsTunneling");
    assert_false(on(&fx, "wsl2.dnsTunneling"));
    assert_true(d->overridden);
    assert_string_equal(d->why, "networkingMode=Bridged");
    assert_string_equal(d->where, "WslCoreConfig.cpp:467");
    assert_false(on(&fx, "experimental.bestEffortDnsParsing"));
    assert_true(get(&fx, "experimental.dnsTunnelingIpAddress")->cleared);
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=none\n");
    assert_false(on(&fx, "wsl2.dnsTunneling"));
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n");
    assert_true(on(&fx, "wsl2.dnsTunneling"));
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=VirtioProxy\n");
    assert_true(on(&fx, "wsl2.dnsTunneling"));
    done(&fx);
}

/* WslCoreConfig.cpp:481-485 */
static void test_mirrored_only_settings(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[experimental]\nignoredPorts=80\nhostAddressLoopback=true\n");
    assert_true(get(&fx, "experimental.ignoredPorts")->cleared);
    assert_false(on(&fx, "experimental.hostAddressLoopback"));
    assert_true(wsl_rule_expected(get(&fx, "experimental.hostAddressLoopback")));
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=Mirrored\n[experimental]\nignoredPorts=80\n"
             "hostAddressLoopback=true\n");
    assert_false(get(&fx, "experimental.ignoredPorts")->cleared);
    assert_true(on(&fx, "experimental.hostAddressLoopback"));
    done(&fx);
}

/* WslCoreConfig.cpp:460-465, helpers.cpp:811-823: swiotlb 0 with virtiofs
 * or Consomme becomes 64 MB on a VM of at least 1 GB + 64 MB. */
static void test_swiotlb_default_with_virtiofs(void **state)
{
    (void)state;
    struct fixture fx;
    struct wsl_vm vm;
    RUN(&fx, "[wsl2]\nvirtiofs=true\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_true(vm.swiotlb_known);
    assert_int_equal(vm.swiotlb, 64 * MIB);
    wsl_eval_vm(&fx.ev, 0, 0, &vm);
    assert_false(vm.swiotlb_known);
    done(&fx);
    /* before 2.8.9 WSL computed no pool (versions.h) */
    wsldoc_parse(STR_AND_LEN("[wsl2]\nvirtiofs=true\n"), false, &fx.doc);
    wsl_eval_run_for(&fx.doc, WSLF_WSLCONFIG, "2.8.8", &fx.ev);
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swiotlb, 0);
    done(&fx);
    RUN(&fx, "[wsl2]\nvirtiofs=true\nmemory=1GB\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swiotlb, 0);
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=consomme\n[experimental]\nswiotlb=0\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swiotlb, 64 * MIB);
    assert_true(get(&fx, "experimental.swiotlb")->overridden);
    done(&fx);
    RUN(&fx, "[wsl2]\nvirtiofs=true\n[experimental]\nswiotlb=32MB\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swiotlb, 32 * MIB);
    done(&fx);
    RUN(&fx, "");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swiotlb, 0);
    done(&fx);
}

/* WslCoreConfig.cpp:182-189 (default false, WslCoreConfig.h:322) */
static void test_early_boot_logging_with_debug_console(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "");
    assert_false(on(&fx, "wsl2.earlyBootLogging"));
    done(&fx);
    RUN(&fx, "[wsl2]\ndebugConsole=true\n");
    assert_true(on(&fx, "wsl2.earlyBootLogging"));
    done(&fx);
    RUN(&fx, "[wsl2]\ndebugConsoleLogFile=C:\\\\log.txt\n");
    assert_true(on(&fx, "wsl2.earlyBootLogging"));
    done(&fx);
    RUN(&fx, "[wsl2]\ndebugConsole=true\nearlyBootLogging=false\n");
    assert_false(on(&fx, "wsl2.earlyBootLogging"));
    done(&fx);
    /* an invalid value leaves it "Absent" (configfile.h: presence is set only
     * when the value parses) */
    RUN(&fx, "[wsl2]\ndebugConsole=true\nearlyBootLogging=nah\n");
    assert_true(on(&fx, "wsl2.earlyBootLogging"));
    done(&fx);
}

/* WslCoreConfig.cpp:152-157 */
static void test_firewall_forced_in_mirrored_mode(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\nfirewall=false\n");
    assert_true(on(&fx, "wsl2.firewall"));
    assert_true(get(&fx, "wsl2.firewall")->overridden);
    done(&fx);
    RUN(&fx, "[wsl2]\nfirewall=false\n");
    assert_false(on(&fx, "wsl2.firewall"));
    done(&fx);
    /* read before safeMode turns networking off (:154 comes before :436) */
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\nfirewall=false\nsafeMode=true\n");
    assert_true(on(&fx, "wsl2.firewall"));
    done(&fx);
}

/* WslCoreConfig.cpp:424-439 */
static void test_safe_mode_turns_settings_off(void **state)
{
    (void)state;
    struct fixture fx;
    struct wsl_vm vm;
    RUN(&fx, "[wsl2]\nsafeMode=true\nkernel=C:\\\\k\\\\bzImage\nkernelModules=C:\\\\m.vhdx\n"
             "gpuSupport=true\nnestedVirtualization=true\nswap=8GB\nnetworkingMode=mirrored\n"
             "autoProxy=true\nvirtiofs=true\n");
    static const char *const off[] = {"wsl2.hostFileSystemAccess",
                                      "wsl2.nestedVirtualization",
                                      "wsl2.hardwarePerformanceCounters",
                                      "wsl2.gpuSupport",
                                      "wsl2.virtio",
                                      "wsl2.guiApplications",
                                      "wsl2.dnsTunneling",
                                      "wsl2.autoProxy",
                                      "wsl2.virtiofs" /* through virtio=false, :441-444 */};
    for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
        assert_false(on(&fx, off[i]));
    assert_true(get(&fx, "wsl2.kernel")->cleared);
    assert_true(get(&fx, "wsl2.kernelModules")->cleared);
    assert_int_equal(get(&fx, "wsl2.networkingMode")->e, WSL_NET_NONE);
    assert_true(wsl_rule_expected(get(&fx, "wsl2.gpuSupport")));
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swap, 0);
    assert_int_equal(vm.swiotlb, 0);
    done(&fx);
}

/* WslCoreConfig.cpp:441-458 */
static void test_virtio_dependents(void **state)
{
    (void)state;
    struct fixture fx;
    struct wsl_vm vm;
    RUN(&fx, "[wsl2]\nvirtio=false\nvirtiofs=true\nnetworkingMode=Consomme\n[experimental]\n"
             "swiotlb=128MB\n");
    assert_false(on(&fx, "wsl2.virtiofs"));
    assert_int_equal(get(&fx, "wsl2.networkingMode")->e, WSL_NET_NAT);
    assert_false(wsl_rule_expected(get(&fx, "wsl2.networkingMode")));
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swiotlb, 0);
    assert_int_equal(vm.networking, WSL_NET_NAT);
    done(&fx);
    /* :454-458: virtio9p is turned off whatever the file says */
    RUN(&fx, "[wsl2]\nvirtio9p=true\n");
    assert_false(on(&fx, "wsl2.virtio9p"));
    done(&fx);
}

/* versions.h: autoMemoryReclaim was Disabled before 2.1.3, dnsTunneling
 * off before 2.2.1 (on in 2.1.0); Consomme kept DNS tunneling in 2.7.1 and
 * since 2.8.2 (WslCoreConfig.cpp:467 at those tags). */
static void test_defaults_by_wsl_version(void **state)
{
    (void)state;
    struct fixture fx;
    wsldoc_parse(STR_AND_LEN("[wsl2]\nmemory=4GB\n"), false, &fx.doc);
    static const struct {
        const char *version;
        int reclaim;
        bool dns;
    } cases[] = {
        {NULL, WSL_RECLAIM_DROPCACHE, true},     {"2.0.9", WSL_RECLAIM_DISABLED, false},
        {"2.1.0", WSL_RECLAIM_DISABLED, true},   {"2.1.1", WSL_RECLAIM_DISABLED, false},
        {"2.1.3", WSL_RECLAIM_DROPCACHE, false}, {"2.2.1", WSL_RECLAIM_DROPCACHE, true},
        {"2.5.9", WSL_RECLAIM_DROPCACHE, true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        wsl_eval_run_for(&fx.doc, WSLF_WSLCONFIG, cases[i].version, &fx.ev);
        assert_int_equal(get(&fx, "experimental.autoMemoryReclaim")->e, cases[i].reclaim);
        assert_int_equal(on(&fx, "wsl2.dnsTunneling"), cases[i].dns);
        wsl_eval_release(&fx.ev);
    }
    wsldoc_release(&fx.doc);
    static const struct {
        const char *version;
        bool dns;
    } consomme[] = {{NULL, true},     {"2.7.0", false}, {"2.7.1", true},
                    {"2.7.2", false}, {"2.8.1", false}, {"2.8.2", true}};
    wsldoc_parse(STR_AND_LEN("[wsl2]\nnetworkingMode=VirtioProxy\n"), false, &fx.doc);
    for (size_t i = 0; i < sizeof(consomme) / sizeof(consomme[0]); i++) {
        wsl_eval_run_for(&fx.doc, WSLF_WSLCONFIG, consomme[i].version, &fx.ev);
        assert_int_equal(on(&fx, "wsl2.dnsTunneling"), consomme[i].dns);
        wsl_eval_release(&fx.ev);
    }
    wsldoc_release(&fx.doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_dns_address_turns_tunneling_off),
        cmocka_unit_test(test_ignored_ports_one_entry_at_a_time),
        cmocka_unit_test(test_ctrl_z_ends_the_file),
        cmocka_unit_test(test_u_ffff_ends_a_line),
        cmocka_unit_test(test_swap_not_set_marker),
        cmocka_unit_test(test_dns_tunneling_needs_nat_or_mirrored),
        cmocka_unit_test(test_mirrored_only_settings),
        cmocka_unit_test(test_swiotlb_default_with_virtiofs),
        cmocka_unit_test(test_early_boot_logging_with_debug_console),
        cmocka_unit_test(test_firewall_forced_in_mirrored_mode),
        cmocka_unit_test(test_safe_mode_turns_settings_off),
        cmocka_unit_test(test_virtio_dependents),
        cmocka_unit_test(test_defaults_by_wsl_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
