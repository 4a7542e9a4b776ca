/* The real .wslconfig files of ../shared/corpus/wslconfig (60 from
 * repositories, 7 from issue threads), for tests that run over all of them;
 * without the corpus such a test is skipped (unit_need_corpus). */
#ifndef HEADROOM_TEST_WSLCONFIG_CORPUS_H
#define HEADROOM_TEST_WSLCONFIG_CORPUS_H

#include <dirent.h>

#include "unit.h"
#include "util/strbuf.h"

#define WSLCONFIG_CORPUS_FILES 67

/* Calls fn(name, bytes, len, ud) for every corpus file; returns how many. */
static inline unsigned wslconfig_corpus_each(void (*fn)(const char *, const char *, size_t, void *),
                                             void *ud)
{
    static const char *const dirs[] = {UNIT_CORPUS "/wslconfig",
                                       UNIT_CORPUS "/wslconfig/from-issues"};
    unit_need_corpus("wslconfig");
    unsigned n = 0;
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        assert_non_null(dir);
        struct dirent *de;
        while ((de = readdir(dir))) {
            size_t nl = strlen(de->d_name);
            if (nl < 10 || strcmp(de->d_name + nl - 10, ".wslconfig") != 0)
                continue;
            char path[600];
            snprintf(path, sizeof(path), "%s/%s", dirs[d], de->d_name);
            FILE *f = fopen(path, "rb");
            assert_non_null(f);
            struct strbuf sb = STRBUF_INIT;
            char buf[4096];
            size_t k;
            while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
                strbuf_add(&sb, buf, k);
            fclose(f);
            fn(de->d_name, sb.buf, sb.len, ud);
            strbuf_release(&sb);
            n++;
        }
        closedir(dir);
    }
    return n;
}

/* `in` with every LF made CRLF. */
static inline void wslconfig_to_crlf(const char *in, size_t len, struct strbuf *out)
{
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '\n')
            strbuf_addch(out, '\r');
        strbuf_addch(out, in[i]);
    }
}

#endif
