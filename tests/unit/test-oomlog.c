#include "unit.h"

#include "probe/oomlog.h"

/* The report of one real kill (tests/data/oomlog: a process in a memory
 * cgroup limited to 64 MiB, Linux 6.18), in both of the forms it is read in. */
static void check_memcg_kill(const struct oom_log *l)
{
    assert_int_equal(l->nkills, 1);
    const struct oom_kill *k = oomlog_last(l);
    assert_non_null(k);
    assert_int_equal(k->pid, 629);
    assert_string_equal(k->name, "alloc");
    assert_string_equal(k->invoker, "alloc");
    assert_true(k->memcg);
    assert_true(k->has_rss);
    assert_int_equal(k->total_vm, 207144ull * 1024);
    assert_int_equal(k->anon_rss, 65280ull * 1024);
    assert_int_equal(k->file_rss, 1072ull * 1024);
    assert_int_equal(k->shmem_rss, 0);
    assert_int_equal(oom_kill_rss(k), (65280ull + 1072) * 1024);
    assert_true(k->has_uid);
    assert_int_equal(k->uid, 0);
    assert_true(k->has_adj);
    assert_int_equal(k->oom_score_adj, 0);
    assert_string_equal(k->constraint, "CONSTRAINT_MEMCG");
    assert_string_equal(k->oom_memcg, "/wt21-probe-18148");
    assert_string_equal(k->task_memcg, "/wt21-probe-18148");
    assert_false(k->global_oom);
    assert_true(k->has_mem_limit);
    assert_int_equal(k->mem_limit, 65536ull * 1024);
    assert_int_equal(k->mem_usage, 65536ull * 1024);
    assert_true(k->has_memsw_limit);
    assert_int_equal(k->memsw_limit, 9007199254740988ull * 1024);
    assert_false(k->has_swap_total);
    assert_true(k->has_time);
}

static void test_real_kmsg(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/data/oomlog/kmsg-memcg-v1-6.18.log", &n);
    struct oom_log l;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(oomlog_parse(buf, n, &l, &d), 0);
    check_memcg_kill(&l);
    assert_int_equal(oomlog_last(&l)->t_us, 12140271563ull);
    /* the filter keeps exactly the report's lines: the five it reads */
    size_t kept = 0;
    struct strbuf f = STRBUF_INIT;
    for (char *p = buf; p < buf + n;) {
        char *nl = memchr(p, '\n', (size_t)(buf + n - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(buf + n - p);
        if (oomlog_line_wanted(p, ll)) {
            kept++;
            strbuf_add(&f, p, ll);
            strbuf_addch(&f, '\n');
        }
        p += ll + 1;
    }
    assert_int_equal(kept, 5); /* invoked, memory:, memory+swap:, oom-kill:, Killed */
    struct oom_log l2;
    assert_int_equal(oomlog_parse(f.buf, f.len, &l2, &d), 0);
    check_memcg_kill(&l2);
    strbuf_release(&f);
    free(buf);
}

static void test_real_dmesg(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/data/oomlog/dmesg-memcg-v1-6.18.log", &n);
    struct oom_log l;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(oomlog_parse(buf, n, &l, &d), 0);
    check_memcg_kill(&l);
    assert_int_equal(oomlog_last(&l)->t_us, 12140271563ull);
    free(buf);
}

/* A machine-wide kill, in the kernel's format (figures made up), as
 * journalctl -k prints it; cgroup v2 swap line; a name holding ") ". */
static void test_global_and_forms(void **state)
{
    (void)state;
    static const char t[] =
        "Dec 02 21:40:11 laptop kernel: llama-server invoked oom-killer: "
        "gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"
        "Dec 02 21:40:11 laptop kernel: Free swap  = 0kB\n"
        "Dec 02 21:40:11 laptop kernel: Total swap = 2097152kB\n"
        "Dec 02 21:40:11 laptop kernel: oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),"
        "cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/a,b.scope,task=llama-server,"
        "pid=4242,uid=1000\n"
        "Dec 02 21:40:11 laptop kernel: Out of memory: Killed process 4242 (llama-server) "
        "total-vm:9437184kB, anon-rss:7340032kB, file-rss:524288kB, shmem-rss:0kB, UID:1000 "
        "pgtables:16384kB oom_score_adj:0\n"
        "[ 99.5] Out of memory: Killed process 77 (a) b) total-vm:1kB, anon-rss:2kB, "
        "file-rss:3kB, shmem-rss:4kB, UID:5 pgtables:6kB oom_score_adj:-17\n"
        "6,1,5,-;swap: usage 10kB, limit 20kB, failcnt 0\n"
        "3,2,6,-;Memory cgroup out of memory: Killed process 9 (x) total-vm:1kB, anon-rss:1kB, "
        "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n"
        "[12.000001] Killed process 5 (old)\n";
    struct oom_log l;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(oomlog_parse(STR_AND_LEN(t), &l, &d), 0);
    assert_int_equal(l.nkills, 3); /* the last line is not "<why>: Killed process" */
    const struct oom_kill *k = &l.kills[0];
    assert_string_equal(k->name, "llama-server");
    assert_string_equal(k->constraint, "CONSTRAINT_NONE");
    assert_true(k->global_oom);
    assert_string_equal(k->task_memcg, "/user.slice/a,b.scope");
    assert_string_equal(k->oom_memcg, "");
    assert_false(k->memcg);
    assert_true(k->has_swap_total);
    assert_int_equal(k->swap_total, 2097152ull * 1024);
    assert_int_equal(k->swap_free, 0);
    assert_int_equal(oom_kill_rss(k), (7340032ull + 524288) * 1024);
    assert_false(k->has_time);
    k = &l.kills[1];
    assert_string_equal(k->name, "a) b");
    assert_int_equal(k->oom_score_adj, -17);
    assert_true(k->has_time);
    assert_int_equal(k->t_us, 99500000);
    assert_false(k->has_swap_total); /* the report's context went with the first kill */
    k = &l.kills[2];
    assert_true(k->memcg);
    assert_true(k->has_swap_limit);
    assert_int_equal(k->swap_limit, 20 * 1024);
    assert_int_equal(k->t_us, 6);
}

static void test_keeps_last(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    for (int i = 1; i <= 40; i++)
        strbuf_addf(&sb, "Out of memory: Killed process %d (p%d) total-vm:1kB, anon-rss:1kB\n", i,
                    i);
    struct oom_log l;
    struct diag d;
    assert_int_equal(oomlog_parse(sb.buf, sb.len, &l, &d), 0);
    assert_int_equal(l.nkills, 40);
    assert_int_equal(l.nkept, OOMLOG_MAX_KILLS);
    assert_int_equal(l.kills[0].pid, 40 - OOMLOG_MAX_KILLS + 1);
    assert_int_equal(oomlog_last(&l)->pid, 40);
    strbuf_release(&sb);
}

static void test_malformed(void **state)
{
    (void)state;
    struct oom_log l;
    struct diag d;
    static const char a[] = "x\nOut of memory: Killed process abc (x)\n";
    assert_int_equal(oomlog_parse(STR_AND_LEN(a), &l, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 31);
    static const char b[] = "Out of memory: Killed process 12 (x) total-vm:12, anon-rss:1kB\n";
    assert_int_equal(oomlog_parse(STR_AND_LEN(b), &l, &d), -EBADMSG);
    assert_int_equal(d.column, 49);
    static const char c[] = "4,12,x;text\n";
    assert_int_equal(oomlog_parse(STR_AND_LEN(c), &l, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char e[] = "Out of memory: Killed process 12 (x total-vm:1kB\n";
    assert_int_equal(oomlog_parse(STR_AND_LEN(e), &l, &d), -EBADMSG);
    /* nothing of an OOM: an empty log, and other lines */
    assert_int_equal(oomlog_parse("", 0, &l, &d), 0);
    assert_int_equal(l.nkills, 0);
    assert_null(oomlog_last(&l));
    static const char f[] = "[1.0] EXT4-fs (loop0): mounted\n12 apples\n";
    assert_int_equal(oomlog_parse(STR_AND_LEN(f), &l, &d), 0);
    assert_int_equal(l.nkills, 0);
}

/* Reads through a root: the snapshot's record. */
static void test_read_root(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct oom_log l;
    struct probe_status st;
    assert_int_equal(oomlog_read(r, &l, NULL, &st), -ENOENT);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    unit_write(dir, OOMLOG_SNAPSHOT_PATH,
               "3,490,12140271563,-;Memory cgroup out of memory: Killed process 629 (alloc) "
               "total-vm:207144kB, anon-rss:65280kB, file-rss:1072kB, shmem-rss:0kB, UID:0 "
               "pgtables:164kB oom_score_adj:0\n");
    assert_int_equal(oomlog_read(r, &l, NULL, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_int_equal(oomlog_last(&l)->pid, 629);
    unit_write(dir, OOMLOG_SNAPSHOT_PATH, "Out of memory: Killed process 0 (x)\n");
    assert_int_equal(oomlog_read(r, &l, NULL, &st), -EBADMSG);
    assert_int_equal(st.state, PROBE_MALFORMED);
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_kmsg),        cmocka_unit_test(test_real_dmesg),
        cmocka_unit_test(test_global_and_forms), cmocka_unit_test(test_keeps_last),
        cmocka_unit_test(test_malformed),        cmocka_unit_test(test_read_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
