#include "unit.h"

#include "budget.h"
#include "machine.h"
#include "util/size.h"
#include "recommend.h"
#include "wslconfig/wslconfig.h"

static void given(struct host_facts *h, uint64_t ram, unsigned cpus)
{
    host_facts_resolve(NULL, NULL, NULL, ram, cpus, h);
}

/* The seed guide: a 16 GB host, typical profile -> memory=6GB. */
static void test_seed_typical(void **state)
{
    (void)state;
    struct host_facts h;
    given(&h, 16 * GIB, 0);
    assert_int_equal(h.ram_src, HOST_GIVEN);
    struct budget b;
    budget_compute(&h, BUDGET_TYPICAL, NULL, NULL, NULL, NULL, &b);
    assert_true(b.recommended_known);
    assert_int_equal(b.recommended_memory, 6 * GIB);
    assert_int_equal(b.left, (int64_t)(16 * GIB - 5 * GIB - 4 * GIB - 300 * MIB));
    assert_int_equal(b.lines[1].kind, BK_ASSUMED);
    assert_int_equal(b.lines[0].kind, BK_GIVEN);
    /* the formula, not a constant */
    given(&h, 32 * GIB, 0);
    budget_compute(&h, BUDGET_TYPICAL, NULL, NULL, NULL, NULL, &b);
    assert_int_equal(b.recommended_memory, 22 * GIB);
    given(&h, 16 * GIB, 0);
    budget_compute(&h, BUDGET_MINIMAL, NULL, NULL, NULL, NULL, &b);
    assert_int_equal(b.recommended_memory, 10 * GIB);
    /* a host too small for the profile still gets the 2 GB floor */
    given(&h, 8 * GIB, 0);
    budget_compute(&h, BUDGET_TYPICAL, NULL, NULL, NULL, NULL, &b);
    assert_true(b.left < 0);
    assert_int_equal(b.recommended_memory, 2 * GIB);
    /* unknown host: nothing is made up */
    given(&h, 0, 0);
    budget_compute(&h, BUDGET_TYPICAL, NULL, NULL, NULL, NULL, &b);
    assert_false(b.recommended_known);
    assert_false(b.left_known);
    assert_int_equal(b.lines[0].kind, BK_UNKNOWN);
}

/* WSL's rule: no memory= means the VM got half the host's RAM. */
static void test_host_inferred_from_default_vm(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    struct machine m;
    struct machine_opts mo = {.top_n = 1};
    machine_load(&m, r, &mo);
    struct host_facts h;
    host_facts_resolve(&m, NULL, NULL, 0, 0, &h);
    assert_int_equal(h.ram_src, HOST_INFERRED);
    assert_int_equal(h.ram, 16 * GIB); /* 2 x 7.7 GiB, rounded up */
    assert_int_equal(h.cpus, 8);
    assert_int_equal(h.cpus_src, HOST_INFERRED);
    assert_non_null(strstr(h.ram_from, "inferred"));
    /* given wins */
    host_facts_resolve(&m, NULL, NULL, 32 * GIB, 4, &h);
    assert_int_equal(h.ram, 32 * GIB);
    assert_int_equal(h.ram_src, HOST_GIVEN);
    machine_release(&m);
    rootfs_free(r);

    /* memory=6GB is set: the host's RAM cannot be inferred */
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    machine_load(&m, r, &mo);
    struct wsl_config cfg;
    struct diag d;
    assert_int_equal(
        wsl_config_load(r, "mnt/c/Users/alex/.wslconfig", true, WSLF_WSLCONFIG, &cfg, &d), 0);
    host_facts_resolve(&m, &cfg.ev, NULL, 0, 0, &h);
    assert_int_equal(h.ram, 0);
    assert_int_equal(h.ram_src, HOST_UNKNOWN);
    assert_int_equal(h.cpus, 0); /* processors=6 and 6 online: only a lower bound */
    /* the overhead is measured there: memory=6GB minus MemTotal */
    host_facts_resolve(&m, &cfg.ev, NULL, 16 * GIB, 0, &h);
    struct wsl_vm vm;
    wsl_eval_vm(&cfg.ev, h.ram, h.cpus, &vm);
    struct budget b;
    budget_compute(&h, BUDGET_TYPICAL, &m, &vm, "line 5", NULL, &b);
    assert_int_equal(b.lines[3].kind, BK_MEASURED);
    assert_int_equal(b.lines[3].bytes, 6 * GIB - 6101456ULL * 1024);
    assert_int_equal(b.recommended_memory, 6 * GIB);
    assert_true(b.limit_known);
    assert_int_equal(b.limit, 6 * GIB);
    wsl_config_release(&cfg);
    machine_release(&m);
    rootfs_free(r);
}

static void lint_clean(const char *text, const struct wsl_facts *facts)
{
    struct wsl_config cfg;
    wsl_config_from_bytes(text, strlen(text), WSLF_WSLCONFIG, &cfg);
    struct findings fs;
    findings_init(&fs);
    wsl_config_lint(&cfg, "rec", facts, &fs);
    for (size_t i = 0; i < fs.n; i++)
        print_error("finding %s: %s\n", fs.v[i].id, fs.v[i].title);
    assert_int_equal(fs.n, 0);
    findings_release(&fs);
    wsl_config_release(&cfg);
}

static const char *item_value(const struct wsl_recommendation *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].key, key) == 0)
            return r->items[i].plain;
    return NULL;
}

static void test_recommend(void **state)
{
    (void)state;
    struct host_facts h;
    given(&h, 16 * GIB, 8);
    struct wsl_facts facts = {.host_ram = h.ram,
                              .host_cpus = 8,
                              .systemd = TRI_YES,
                              .wslg = TRI_YES,
                              .docker_desktop = TRI_YES};
    /* the seed's own file, with its dead keys and a gradual-hostile machine */
    static const char seed[] = "[wsl2]\r\nmemory=6GB\r\nprocessors=6\r\nswap=4GB\r\n"
                               "pageReporting=true\r\nlocalhostForwarding=true\r\n"
                               "networkingMode=bridged\r\nhostAddressLoopback=true\r\n"
                               "[experimental]\r\nautoMemoryReclaim=gradual\r\nsparseVhd=true\r\n";
    struct wsl_config cur;
    wsl_config_from_bytes(seed, strlen(seed), WSLF_WSLCONFIG, &cur);
    struct wsl_recommendation *rec = calloc(1, sizeof(*rec));
    wsl_recommend(&h, BUDGET_TYPICAL, NULL, &cur.ev, &facts, rec);
    assert_true(rec->ok);
    assert_string_equal(item_value(rec, "memory"), "6GB");
    assert_string_equal(item_value(rec, "processors"), "6");
    assert_string_equal(item_value(rec, "swap"), "4GB");
    assert_string_equal(item_value(rec, "autoMemoryReclaim"), "dropcache");
    assert_string_equal(item_value(rec, "kernelCommandLine"), "psi=1");
    assert_string_equal(item_value(rec, "localhostForwarding"), "true"); /* kept */
    assert_string_equal(item_value(rec, "networkingMode"), "bridged");
    assert_null(item_value(rec, "pageReporting"));
    assert_null(item_value(rec, "sparseVhd"));
    assert_null(item_value(rec, "hostAddressLoopback")); /* lint: no effect without mirrored */
    struct strbuf text = STRBUF_INIT;
    wsl_recommend_text(rec, &h, WSLEOL_CRLF, &text);
    lint_clean(text.buf, &facts);
    assert_non_null(strstr(text.buf, "memory=6GB\r\n"));
    assert_non_null(strstr(text.buf, "# pageReporting is left out"));
    strbuf_release(&text);
    wsl_config_release(&cur);

    /* processors never above the host's; without a count they are left out */
    given(&h, 16 * GIB, 2);
    wsl_recommend(&h, BUDGET_TYPICAL, NULL, NULL, NULL, rec);
    assert_string_equal(item_value(rec, "processors"), "2");
    given(&h, 64 * GIB, 0);
    wsl_recommend(&h, BUDGET_TYPICAL, NULL, NULL, NULL, rec);
    assert_null(item_value(rec, "processors"));
    assert_string_equal(item_value(rec, "memory"), "54GB");
    assert_string_equal(item_value(rec, "swap"), "8GB");
    wsl_recommend_text(rec, &h, WSLEOL_LF, &text);
    lint_clean(text.buf, NULL);
    strbuf_release(&text);
    /* no host RAM: no recommendation */
    given(&h, 0, 0);
    wsl_recommend(&h, BUDGET_TYPICAL, NULL, NULL, NULL, rec);
    assert_false(rec->ok);
    free(rec);
}

/* `cmd.exe /u /c echo %USERPROFILE%` answers in UTF-16LE with CRLF. */
static void test_profile_output(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    utf8_to_utf16le(STR_AND_LEN("C:\\Users\\Jos\xC3\xA9 Ruiz\r\n"), &out);
    char p[256];
    assert_int_equal(wsl_parse_profile_output(out.buf, out.len, p, sizeof(p)), 0);
    assert_string_equal(p, "C:\\Users\\Jos\xC3\xA9 Ruiz");
    strbuf_reset(&out);
    utf8_to_utf16le(STR_AND_LEN("%USERPROFILE%\r\n"), &out);
    assert_int_equal(wsl_parse_profile_output(out.buf, out.len, p, sizeof(p)), -EBADMSG);
    assert_int_equal(wsl_parse_profile_output("", 0, p, sizeof(p)), -EBADMSG);
    strbuf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_typical),
        cmocka_unit_test(test_host_inferred_from_default_vm),
        cmocka_unit_test(test_recommend),
        cmocka_unit_test(test_profile_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
