#include "unit.h"

#include "model/stores.h"
#include "util/rootfs.h"

/* The shape of a real Ollama manifest (registry.ollama.ai, schemaVersion 2). */
static const char manifest[] =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
    "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"digest\":"
    "\"sha256:34bb5ab01051a11372a91f95f3fbbc51173eed8e7f13ec395b9ae9b8bd0e242b\",\"size\":561},"
    "\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":"
    "\"sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff\",\"size\":"
    "2019377376},{\"mediaType\":\"application/vnd.ollama.image.template\",\"digest\":"
    "\"sha256:966de95ca8a62200913e3f8bfbf84c8494536f1b94b49166851e76644e966396\",\"size\":1429}]}";

static void test_manifest(void **state)
{
    (void)state;
    char digest[80];
    struct diag d;
    diag_clear(&d);
    assert_int_equal(ollama_manifest_parse(STR_AND_LEN(manifest), digest, sizeof(digest), &d), 0);
    assert_string_equal(digest,
                        "sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff");
    /* cut anywhere: refused with an offset, never read past */
    for (size_t n = 0; n + 1 < sizeof(manifest) - 1; n++) {
        char *cut = malloc(n ? n : 1);
        memcpy(cut, manifest, n);
        diag_clear(&d);
        assert_int_equal(ollama_manifest_parse(cut, n, digest, sizeof(digest), &d), -EBADMSG);
        assert_true(d.has_offset && d.offset <= n);
        free(cut);
    }
    static const char no_model[] = "{\"layers\":[{\"mediaType\":\"x\",\"digest\":\"sha256:00\"}]}";
    assert_int_equal(ollama_manifest_parse(STR_AND_LEN(no_model), digest, sizeof(digest), &d),
                     -EBADMSG);
    static const char bad_digest[] =
        "{\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":"
        "\"sha256:../../etc/passwd\"}]}";
    assert_int_equal(ollama_manifest_parse(STR_AND_LEN(bad_digest), digest, sizeof(digest), &d),
                     -EBADMSG);
    char deep[200];
    memset(deep, '[', sizeof(deep));
    assert_int_equal(ollama_manifest_parse(deep, sizeof(deep), digest, sizeof(digest), &d),
                     -EBADMSG);
}

static void test_find_all(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/model-stores", &r), 0);
    struct model_list l;
    stores_find_all(r, NULL, &l, NULL, NULL);
    assert_int_equal(l.n, 4); /* the broken manifest is skipped */
    assert_string_equal(l.v[0].name, "qwen2:0.5b");
    assert_int_equal(l.v[0].kind, STORE_OLLAMA);
    assert_true(strncmp(l.v[0].path, "mnt/c/Users/Bob/.ollama/models/blobs/sha256-", 44) == 0);
    assert_string_equal(l.v[1].name, "tinyllama:latest");
    assert_string_equal(l.v[2].name, "TheOrg/Tiny-GGUF/tiny-gemma3-f16.gguf");
    assert_int_equal(l.v[2].kind, STORE_HF);
    assert_true(l.v[2].size > 0); /* through the snapshot's relative symlink */
    assert_string_equal(l.v[3].name, "lmstudio-community/Tiny-GGUF/tiny-lms-q8_0.gguf");
    assert_int_equal(l.v[3].kind, STORE_LMSTUDIO);
    model_list_release(&l);
    rootfs_free(r);
}

static void test_resolve(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/model-stores", &r), 0);
    struct model_ref ref;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(stores_resolve(r, NULL, "tinyllama", &ref, &d), 0); /* tag latest */
    assert_true(strstr(ref.path, "home/alice/.ollama/models/blobs/sha256-beebb146") == ref.path);
    model_ref_release(&ref);
    assert_int_equal(stores_resolve(r, NULL, "qwen2:0.5b", &ref, &d), 0);
    assert_true(strstr(ref.path, "mnt/c/Users/Bob/") == ref.path);
    model_ref_release(&ref);
    assert_int_equal(stores_resolve(r, NULL, "tiny-gemma3-f16.gguf", &ref, &d), 0);
    assert_int_equal(ref.kind, STORE_HF);
    model_ref_release(&ref);
    assert_int_equal(
        stores_resolve(r, NULL, "lmstudio-community/Tiny-GGUF/tiny-lms-q8_0.gguf", &ref, &d), 0);
    model_ref_release(&ref);
    assert_int_equal(stores_resolve(r, NULL, "nope:7b", &ref, &d), -ENOENT);
    assert_int_equal(stores_resolve(r, NULL, "../../etc/passwd", &ref, &d), -ENOENT);
    diag_clear(&d);
    assert_int_equal(stores_resolve(r, NULL, "broken", &ref, &d), -EBADMSG);
    assert_true(d.has_offset);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest),
        cmocka_unit_test(test_find_all),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
