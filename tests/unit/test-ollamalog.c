#include "unit.h"

#include "probe/ollamalog.h"
#include "util/size.h"

/* Sizes as Go's format.HumanBytes2 writes them (ollama/ollama format/bytes.go). */
static void test_sizes(void **state)
{
    (void)state;
    uint64_t v;
    assert_int_equal(ollama_size_parse(STR_AND_LEN("10.9 GiB"), &v), 0);
    assert_int_equal(v, 10 * GIB + GIB / 10 * 9);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("0 B"), &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("1019.5 MiB"), &v), 0);
    assert_int_equal(v, 1019 * MIB + MIB / 10 * 5);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("393216983040"), &v), 0);
    assert_int_equal(v, 393216983040ull);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("12 GB"), &v), -EINVAL);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("x GiB"), &v), -EINVAL);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("1."), &v), -EINVAL);
    assert_int_equal(ollama_size_parse(STR_AND_LEN("99999999999999 TiB"), &v), -EINVAL);
}

/* ollama/ollama#12692 (0.12.6), byte for byte: the refusal, in a journal
 * with a localized month. */
static void test_refusal_0_12(void **state)
{
    (void)state;
    static const char t[] =
        "10\xe6\x9c\x88 19 15:17:57 VM9890-ubuntu ollama[89]: time=2025-10-19T15:17:57.097+08:00 "
        "level=WARN source=server.go:540 msg=\"model request too large for system\" "
        "requested=\"5.5 GiB\" available=\"3.4 GiB\" total=\"6.0 GiB\" free=\"3.4 GiB\" "
        "swap=\"0 B\"\n"
        "10\xe6\x9c\x88 19 15:17:57 VM9890-ubuntu ollama[89]: time=2025-10-19T15:17:57.097+08:00 "
        "level=INFO source=sched.go:450 msg=\"Load failed\" "
        "model=/usr/share/ollama/.ollama/models/blobs/"
        "sha256-2e81b93552f5aef967d68b0a1e45703177f685d528f3f10b7e4da2e3166aa700 "
        "error=\"model requires more system memory (5.5 GiB) than is available (3.4 GiB)\"\n"
        "10\xe6\x9c\x88 19 15:17:57 VM9890-ubuntu ollama[89]: time=2025-10-19T15:17:57.126+08:00 "
        "level=INFO source=runner.go:893 msg=\"starting go runner\"\n";
    struct ollama_log l;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(ollamalog_parse(STR_AND_LEN(t), &l, &d), 0);
    assert_true(l.has_load);
    assert_int_equal(l.nloads, 1);
    const struct ollama_load *ld = &l.last;
    assert_true(ld->has_too_large);
    assert_int_equal(ld->tl_requested, 5 * GIB + GIB / 10 * 5);
    assert_int_equal(ld->tl_total, 6 * GIB);
    assert_int_equal(ld->tl_free, 3 * GIB + GIB / 10 * 4);
    assert_int_equal(ld->tl_swap, 0);
    assert_true(ld->refused);
    assert_int_equal(ld->refused_required, 5 * GIB + GIB / 10 * 5);
    assert_int_equal(ld->refused_available, 3 * GIB + GIB / 10 * 4);
    assert_false(ld->has_offload);
    assert_string_equal(ld->time, "2025-10-19T15:17:57.097+08:00");
    assert_string_equal(ld->model, "/usr/share/ollama/.ollama/models/blobs/"
                                   "sha256-2e81b93552f5aef967d68b0a1e45703177f685d528f3f10b7e4da2e"
                                   "3166aa700");
}

/* ollama/ollama#8734 (0.5.7), byte for byte: "available" as a raw byte
 * count, and the client's "Error:" line in the same paste. */
static void test_refusal_0_5(void **state)
{
    (void)state;
    static const char t[] =
        "[GIN] 2025/01/31 - 20:48:18 | 200 |   17.354684ms |       127.0.0.1 | POST     "
        "\"/api/show\"\n"
        "\xe2\xa0\xb9 time=2025-01-31T20:48:19.586Z level=INFO source=server.go:104 msg=\"system "
        "memory\" total=\"1690.2 GiB\" free=\"358.4 GiB\" free_swap=\"7.8 GiB\"\n"
        "time=2025-01-31T20:48:19.587Z level=WARN source=server.go:136 msg=\"model request too "
        "large for system\" requested=\"391.0 GiB\" available=393216983040 total=\"1690.2 GiB\" "
        "free=\"358.4 GiB\" swap=\"7.8 GiB\"\n"
        "time=2025-01-31T20:48:19.587Z level=INFO source=sched.go:428 msg=\"NewLlamaServer "
        "failed\" model=/root/.ollama/models/blobs/"
        "sha256-9801e7fce27dbf3d0bfb468b7b21f1d132131a546dfc43e50518631b8b1800a9 error=\"model "
        "requires more system memory (391.0 GiB) than is available (366.2 GiB)\"\n"
        "[GIN] 2025/01/31 - 20:48:19 | 500 |  1.394289898s |       127.0.0.1 | POST     "
        "\"/api/generate\"\n"
        "Error: model requires more system memory (391.0 GiB) than is available (366.2 GiB)\n";
    struct ollama_log l;
    struct diag d;
    assert_int_equal(ollamalog_parse(STR_AND_LEN(t), &l, &d), 0);
    const struct ollama_load *ld = &l.last;
    assert_true(ld->has_system);
    assert_int_equal(ld->sys_free_swap, 7 * GIB + GIB / 10 * 8);
    assert_int_equal(ld->tl_available, 393216983040ull);
    assert_true(ld->refused);
    assert_int_equal(ld->refused_required, 391 * GIB);
    assert_int_equal(l.nloads, 1);
}

/* ollama/ollama#11819, byte for byte: system memory, the offload estimate
 * and the runner's command line, in journald's form. */
static void test_offload_journal(void **state)
{
    (void)state;
    static const char t[] =
        "Aug 08 23:02:37 j-360 ollama[1617]: time=2025-08-08T23:02:37.145+01:00 level=INFO "
        "source=server.go:135 msg=\"system memory\" total=\"30.9 GiB\" free=\"25.4 GiB\" "
        "free_swap=\"2.0 GiB\"\n"
        "Aug 08 23:02:37 j-360 ollama[1617]: time=2025-08-08T23:02:37.146+01:00 level=INFO "
        "source=server.go:175 msg=offload library=cuda layers.requested=49 layers.model=49 "
        "layers.offload=48 layers.split=\"\" memory.available=\"[10.9 GiB]\" "
        "memory.gpu_overhead=\"0 B\" memory.required.full=\"11.0 GiB\" "
        "memory.required.partial=\"8.5 GiB\" memory.required.kv=\"608.0 MiB\" "
        "memory.required.allocations=\"[8.5 GiB]\" memory.weights.total=\"6.8 GiB\" "
        "memory.weights.repeating=\"6.0 GiB\" memory.weights.nonrepeating=\"787.5 MiB\" "
        "memory.graph.full=\"519.5 MiB\" memory.graph.partial=\"1.3 GiB\" "
        "projector.weights=\"795.9 MiB\" projector.graph=\"1.0 GiB\"\n"
        "Aug 08 23:02:37 j-360 ollama[1617]: time=2025-08-08T23:02:37.187+01:00 level=INFO "
        "source=server.go:438 msg=\"starting llama server\" cmd=\"/usr/local/bin/ollama runner "
        "--ollama-engine --model /usr/share/ollama/.ollama/models/blobs/"
        "sha256-e8ad13eff07a78d89926e9e8b882317d082ef5bf9768ad7b50fcdbbcd63748de --ctx-size 2048 "
        "--batch-size 512 --n-gpu-layers 49 --threads 6 --parallel 1 --port 39041\"\n";
    struct ollama_log l;
    struct diag d;
    assert_int_equal(ollamalog_parse(STR_AND_LEN(t), &l, &d), 0);
    const struct ollama_load *ld = &l.last;
    assert_true(ld->has_system && ld->has_offload && ld->has_cmd);
    assert_false(ld->refused);
    assert_int_equal(ld->sys_total, 30 * GIB + GIB / 10 * 9);
    assert_string_equal(ld->library, "cuda");
    assert_int_equal(ld->layers_requested, 49);
    assert_int_equal(ld->layers_model, 49);
    assert_int_equal(ld->layers_offload, 48);
    assert_int_equal(ld->gpu_available, 10 * GIB + GIB / 10 * 9);
    assert_int_equal(ld->req_full, 11 * GIB);
    assert_int_equal(ld->req_kv, 608 * MIB);
    assert_int_equal(ld->projector_weights, 795 * MIB + MIB / 10 * 9);
    assert_int_equal(ld->ctx_size, 2048);
    assert_int_equal(ld->parallel, 1);
    assert_int_equal(ld->n_gpu_layers, 49);
    assert_string_equal(ld->model,
                        "/usr/share/ollama/.ollama/models/blobs/"
                        "sha256-e8ad13eff07a78d89926e9e8b882317d082ef5bf9768ad7b50fcdbbcd"
                        "63748de");
    assert_int_equal(l.nloads, 1);
}

/* ollama/ollama#8447, byte for byte: "offload to cuda" (before 2025-02),
 * docker compose's prefix, a GPU list; and ollama/ollama#9221's Go-log
 * config line and version (0.5.7). Two loads: the last one is kept. */
static void test_offload_to_and_config(void **state)
{
    (void)state;
    static const char t[] =
        "2025/02/20 16:32:58 routes.go:1187: INFO server config env=\"map[CUDA_VISIBLE_DEVICES: "
        "GPU_DEVICE_ORDINAL: HIP_VISIBLE_DEVICES: HSA_OVERRIDE_GFX_VERSION: HTTPS_PROXY: "
        "HTTP_PROXY: NO_PROXY: OLLAMA_DEBUG:false OLLAMA_FLASH_ATTENTION:false "
        "OLLAMA_GPU_OVERHEAD:0 OLLAMA_HOST:http://192.168.242.247:11434 OLLAMA_INTEL_GPU:false "
        "OLLAMA_KEEP_ALIVE:5m0s OLLAMA_KV_CACHE_TYPE: OLLAMA_LLM_LIBRARY: "
        "OLLAMA_LOAD_TIMEOUT:5m0s OLLAMA_MAX_LOADED_MODELS:0 OLLAMA_MAX_QUEUE:512 "
        "OLLAMA_MODELS:C:\\\\Users\\\\Administrator\\\\.ollama\\\\models "
        "OLLAMA_MULTIUSER_CACHE:false OLLAMA_NOHISTORY:false OLLAMA_NOPRUNE:false "
        "OLLAMA_NUM_PARALLEL:0 OLLAMA_ORIGINS:[http://localhost https://localhost] "
        "OLLAMA_SCHED_SPREAD:false ROCR_VISIBLE_DEVICES:]\"\n"
        "time=2025-02-20T16:32:58.757+08:00 level=INFO source=routes.go:1238 msg=\"Listening on "
        "192.168.242.247:11434 (version 0.5.7)\"\n"
        "time=2025-02-18T02:21:25.646Z level=INFO source=server.go:130 msg=offload library=cuda "
        "layers.requested=-1 layers.model=81 layers.offload=44 layers.split=11,11,11,11 "
        "memory.available=\"[22.0 GiB 22.0 GiB 22.0 GiB 22.0 GiB]\" memory.gpu_overhead=\"0 B\" "
        "memory.required.full=\"127.4 GiB\" memory.required.partial=\"87.1 GiB\" "
        "memory.required.kv=\"19.5 GiB\"\n"
        "ollama  | time=2025-01-16T04:29:50.741Z level=INFO source=server.go:104 msg=\"system "
        "memory\" total=\"628.5 GiB\" free=\"623.2 GiB\" free_swap=\"0 B\"\n"
        "ollama  | time=2025-01-16T04:29:50.909Z level=INFO source=memory.go:356 msg=\"offload "
        "to cuda\" layers.requested=-1 layers.model=62 layers.offload=5 layers.split=\"\" "
        "memory.available=\"[23.3 GiB]\" memory.gpu_overhead=\"0 B\" memory.required.full=\"415.7 "
        "GiB\" memory.required.partial=\"17.6 GiB\" memory.required.kv=\"9.5 GiB\" "
        "memory.required.allocations=\"[17.6 GiB]\" memory.weights.total=\"385.0 GiB\" "
        "memory.weights.repeating=\"384.3 GiB\" memory.weights.nonrepeating=\"725.0 MiB\" "
        "memory.graph.full=\"654.0 MiB\" memory.graph.partial=\"1019.5 MiB\"\n";
    struct ollama_log l;
    struct diag d;
    assert_int_equal(ollamalog_parse(STR_AND_LEN(t), &l, &d), 0);
    assert_string_equal(l.version, "0.5.7");
    assert_true(l.has_config);
    assert_int_equal(l.env_num_parallel, 0);
    assert_int_equal(l.env_context_length, 0); /* not in 0.5.7's list */
    assert_string_equal(l.env_kv_cache_type, "");
    assert_false(l.env_flash_attention);
    assert_int_equal(l.nloads, 2);
    const struct ollama_load *ld = &l.last;
    assert_string_equal(ld->library, "cuda");
    assert_int_equal(ld->layers_model, 62);
    assert_int_equal(ld->layers_offload, 5);
    assert_int_equal(ld->gpu_available, 23 * GIB + GIB / 10 * 3);
    assert_int_equal(ld->sys_total, 628 * GIB + GIB / 10 * 5);
    assert_string_equal(ld->time, "2025-01-16T04:29:50.741Z");
}

static void test_malformed(void **state)
{
    (void)state;
    struct ollama_log l;
    struct diag d;
    static const char a[] = "x\ntime=1 level=INFO msg=\"system memory\" total=\"lots\"\n";
    assert_int_equal(ollamalog_parse(STR_AND_LEN(a), &l, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 46);
    static const char b[] = "time=1 msg=offload layers.model=many\n";
    assert_int_equal(ollamalog_parse(STR_AND_LEN(b), &l, &d), -EBADMSG);
    /* nothing Ollama-like: no load */
    static const char c[] = "hello\ntime=1 msg=\"unterminated\n\n";
    assert_int_equal(ollamalog_parse(STR_AND_LEN(c), &l, &d), 0);
    assert_false(l.has_load);
    assert_int_equal(ollamalog_parse("", 0, &l, &d), 0);
    assert_false(l.has_load);
}

static void test_find(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct ollama_log l;
    struct probe_status st;
    char where[300];
    assert_int_equal(ollamalog_find(r, &l, where, sizeof(where), NULL, &st), -ENOENT);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    unit_write(dir, "mnt/c/Users/alex/AppData/Local/Ollama/server.log",
               "time=2025-10-19T15:17:57.097+08:00 level=INFO source=sched.go:450 msg=\"Load "
               "failed\" error=\"model requires more system memory (5.5 GiB) than is available "
               "(3.4 GiB)\"\n"
               "time=x msg=\"system memory\" total=\"8.0 GiB\" free=\"1.0 GiB\" free_swap=\"0 "
               "B\"\n");
    struct strbuf raw = STRBUF_INIT;
    assert_int_equal(ollamalog_find(r, &l, where, sizeof(where), &raw, &st), 0);
    assert_string_equal(where, "mnt/c/Users/alex/AppData/Local/Ollama/server.log");
    assert_true(l.has_load);
    assert_int_equal(l.last.sys_total, 8 * GIB);
    assert_non_null(strstr(raw.buf, "system memory"));
    strbuf_release(&raw);
    unit_write(dir, OLLAMALOG_SNAPSHOT_PATH, "time=1 msg=\"system memory\" total=\"1 XB\"\n");
    assert_int_equal(ollamalog_find(r, &l, where, sizeof(where), NULL, &st), -EBADMSG);
    assert_int_equal(st.state, PROBE_MALFORMED);
    assert_string_equal(st.diag.file, OLLAMALOG_SNAPSHOT_PATH);
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_refusal_0_12),
        cmocka_unit_test(test_refusal_0_5),
        cmocka_unit_test(test_offload_journal),
        cmocka_unit_test(test_offload_to_and_config),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
