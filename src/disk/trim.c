#include "disk/trim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/lines.h"
#include "util/parse.h"
#include "util/run.h"
#include "util/strbuf.h"

/* "N bytes) trimmed": the figure ends right before this */
static const char TRIMMED[] = " bytes) trimmed";

static const char *last_trimmed(const char *s, size_t n)
{
    const size_t k = sizeof(TRIMMED) - 1;
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(s + i, TRIMMED, k) == 0) {
            const char *after = s + i + k;
            size_t rest = n - i - k;
            /* the line ends there, or goes on with " on DEVICE" */
            if (rest == 0 || (rest >= 4 && memcmp(after, " on ", 4) == 0))
                return s + i;
        }
    return NULL;
}

int fstrim_output_parse(const char *buf, size_t len, uint64_t *ret_bytes, struct diag *d)
{
    struct lines it;
    lines_init(&it, buf, len);
    const char *s;
    size_t n;
    uint64_t total = 0;
    unsigned found = 0;
    while (lines_next(&it, &s, &n)) {
        const char *at = last_trimmed(s, n);
        if (!at)
            continue;
        const char *digits = at;
        while (digits > s && digits[-1] >= '0' && digits[-1] <= '9')
            digits--;
        unsigned col = (unsigned)(digits - s) + 1;
        if (digits == at || digits == s || digits[-1] != '(') {
            diag_set(d, NULL, it.lineno, col, "no '(N bytes) trimmed' figure");
            return -EBADMSG;
        }
        const char *p = digits;
        uint64_t v;
        if (parse_u64_dec(&p, at, &v) < 0 || p != at || !add_u64(total, v, &total)) {
            diag_set(d, NULL, it.lineno, col, "the trimmed byte count is too large");
            return -EBADMSG;
        }
        found++;
    }
    if (!found) {
        diag_set(d, NULL, 0, 0, "no '(N bytes) trimmed' line");
        return -EBADMSG;
    }
    *ret_bytes = total;
    return 0;
}

const char *fstrim_find(char *buf, size_t n)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t len = strcspn(path, ":");
        /* only absolute directories: a relative PATH entry is not this
         * machine's fstrim but whatever the current directory holds */
        if (len && path[0] == '/' && len + sizeof("/fstrim") <= n) {
            snprintf(buf, n, "%.*s/fstrim", (int)len, path);
            if (access(buf, X_OK) == 0)
                return buf;
        }
        path += len + (path[len] == ':');
    }
    static const char *const fallback[] = {"/usr/sbin/fstrim", "/sbin/fstrim"};
    for (size_t i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++)
        if (access(fallback[i], X_OK) == 0 && strlen(fallback[i]) < n) {
            snprintf(buf, n, "%s", fallback[i]);
            return buf;
        }
    return NULL;
}

static bool has(const char *s, const char *what)
{
    return strstr(s, what) != NULL;
}

int disk_trim(const char *fstrim, const char *path, struct disk_trim_result *ret,
              struct fstrim_said *said, struct diag *d)
{
    said->status = -1;
    said->error[0] = '\0';
    struct disk_trim_result r;
    memset(&r, 0, sizeof(r));
    int e = disk_fs_stat_path(path, &r.before);
    if (e < 0)
        return e;
    char *argv[] = {(char *)fstrim, (char *)"-v", (char *)"--", (char *)path, NULL};
    /* C messages, so the figure parses; a PATH for anything fstrim runs */
    char *envp[] = {(char *)"LC_ALL=C", (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};
    struct run_spec spec = {
        .argv = argv, .timeout_ms = DISK_TRIM_TIMEOUT_MS, .cap = 64 * 1024, .envp = envp};
    struct run_result res;
    struct strbuf out = STRBUF_INIT;
    e = run_program(&spec, &out, &res);
    said->status = res.status;
    snprintf(said->error, sizeof(said->error), "%s", res.err_line);
    if (e == 0 && res.status != 0) {
        /* util-linux's words: "the discard operation is not supported",
         * "FITRIM ioctl failed: Operation not permitted" */
        e = has(res.err_line, "not supported")             ? -EOPNOTSUPP
            : has(res.err_line, "Operation not permitted") ? -EPERM
                                                           : -EIO;
    }
    if (e == 0)
        e = fstrim_output_parse(out.buf, out.len, &r.discarded, d);
    strbuf_release(&out);
    if (e == 0)
        e = disk_fs_stat_path(path, &r.after);
    if (e == 0)
        *ret = r;
    return e;
}
