/* Shared by the cmocka unit tests: cmocka's headers in the order it needs,
 * and small helpers for temporary trees. Tests run from the repository root
 * (tools/check.sh), so fixture roots are at tests/roots/<name>. */
#ifndef HEADROOM_UNIT_H
#define HEADROOM_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes a fresh temporary directory; returns its path (static storage per
 * call site is not needed: the caller frees it). */
static inline char *unit_tmpdir(void)
{
    char *t = strdup("/tmp/headroom-unit-XXXXXX");
    assert_non_null(t);
    assert_non_null(mkdtemp(t));
    return t;
}

/* Writes `data` to dir/rel, creating parent directories. */
static inline void unit_write(const char *dir, const char *rel, const char *data)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    for (char *c = path + strlen(dir) + 1; (c = strchr(c, '/')); c++) {
        *c = '\0';
        mkdir(path, 0755);
        *c = '/';
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(data, 1, strlen(data), f);
    fclose(f);
}

/* The whole file at path, NUL-terminated, its length in *ret_n (may be
 * NULL); the test fails if it cannot be read. The caller frees it. */
static inline char *unit_slurp(const char *path, size_t *ret_n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = 0, cap = 8192;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (ret_n)
        *ret_n = n;
    return buf;
}

static inline void unit_rmrf(char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

#define STR_AND_LEN(s) (s), (sizeof(s) - 1)

/* ../shared/corpus holds real files we may not redistribute (other people's
 * .wslconfig files, outputs pasted into issue threads). It lies beside the
 * clone in CI and on the developers' machines, and a clone alone lacks it. A
 * test that reads it calls this first: without it the test is skipped, and
 * tools/check.sh counts it as skipped with the reason printed here. */
#define UNIT_CORPUS "../shared/corpus"
static inline void unit_need_corpus(const char *sub)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", UNIT_CORPUS, sub);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("# skip reason: " UNIT_CORPUS " not present\n");
        skip();
    }
}

#endif
