#include "unit.h"

#include "model/dups.h"

static void test_fnv(void **state)
{
    (void)state;
    /* the published FNV-1a 64 test vectors */
    assert_true(dups_fnv1a("", 0) == 0xcbf29ce484222325ull);
    assert_true(dups_fnv1a("a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(dups_fnv1a("foobar", 6) == 0x85944171f73967e8ull);
}

static void test_fixture(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-model-duplicates", &r), 0);
    struct mount_table t;
    struct probe_status st;
    assert_int_equal(mounts_read(r, &t, &st), 0);
    struct model_dups d;
    model_dups_find(r, NULL, &t, &d);
    /* tinyllama x4 (Ollama twice, LM Studio, HF); the retrained file has the
     * same size but another first MiB; the HF snapshot link is its blob */
    assert_int_equal(d.models_seen, 6);
    assert_int_equal(d.n, 1);
    const struct dup_group *g = &d.g[0];
    assert_int_equal(g->n, 4);
    assert_int_equal(g->size, 82592);
    assert_false(g->same_digest); /* mixed stores: a header match */
    assert_int_equal(dup_group_wasted(g), 3 * 82592);
    unsigned on_root = 0, on_c = 0;
    for (unsigned i = 0; i < g->n; i++) {
        if (strcmp(g->c[i].mount, "/") == 0)
            on_root++;
        if (strcmp(g->c[i].mount, "/mnt/c") == 0 && g->c[i].windows_drive)
            on_c++;
        assert_null(strstr(g->c[i].real, "/snapshots/"));
    }
    assert_int_equal(on_root, 3);
    assert_int_equal(on_c, 1);
    /* files of one size only were read: the four copies and the retrained one */
    assert_int_equal(d.hashed, 5);
    mount_table_release(&t);

    /* no mount table: grouped by device, still found */
    model_dups_find(r, NULL, NULL, &d);
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.g[0].c[0].mount, "device "));
    rootfs_free(r);
}

static void test_two_blobs_one_digest(void **state)
{
    (void)state;
    /* two Ollama stores only: matched by the digest in the blob's name */
    char *dir = unit_tmpdir();
    const char *m = "tests/roots/model-stores/home/alice/.ollama/models";
    char cmd[8192];
    snprintf(cmd, sizeof(cmd),
             "mkdir -p '%s/home/a/.ollama' '%s/home/b/.ollama' && cp -r %s '%s/home/a/.ollama/' && "
             "cp -r %s '%s/home/b/.ollama/' && rm -f '%s'/home/*/.ollama/models/manifests/"
             "registry.ollama.ai/library/broken/latest",
             dir, dir, m, dir, m, dir, dir);
    assert_int_equal(system(cmd), 0);
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct model_dups d;
    model_dups_find(r, NULL, NULL, &d);
    assert_int_equal(d.n, 1);
    assert_true(d.g[0].same_digest);
    assert_string_equal(d.g[0].digest,
                        "sha256-beebb146c2fa6a209f39d9058569c288b7c039083963fd63af6a41bec9a03efe");
    assert_int_equal(d.g[0].n, 2);
    /* a hard link is one file, not a copy */
    snprintf(cmd, sizeof(cmd),
             "ln -f '%s/home/a/.ollama/models/blobs/%s' '%s/home/b/.ollama/models/blobs/%s'", dir,
             "sha256-beebb146c2fa6a209f39d9058569c288b7c039083963fd63af6a41bec9a03efe", dir,
             "sha256-beebb146c2fa6a209f39d9058569c288b7c039083963fd63af6a41bec9a03efe");
    assert_int_equal(system(cmd), 0);
    model_dups_find(r, NULL, NULL, &d);
    assert_int_equal(d.n, 0);
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv),
        cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_two_blobs_one_digest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
