#include "probe/kernel.h"

#include <errno.h>
#include <string.h>

#include "util/parse.h"

/* Trims one trailing newline and checks that the rest is one printable line. */
static int one_line(const char *buf, size_t len, size_t *ret_n, struct diag *d)
{
    size_t n = len;
    if (n && buf[n - 1] == '\n')
        n--;
    if (n == 0) {
        diag_set(d, NULL, 1, 1, "empty");
        return -EBADMSG;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && c != '\t') {
            unsigned line, col;
            diag_locate(buf, len, i, &line, &col);
            diag_set(d, NULL, line, col, c == '\n' ? "more than one line" : "control character");
            return -EBADMSG;
        }
    }
    *ret_n = n;
    return 0;
}

int kernel_release_parse(const char *buf, size_t len, struct kernel_release *ret, struct diag *d)
{
    size_t n;
    if (one_line(buf, len, &n, d) < 0)
        return -EBADMSG;
    struct kernel_release k;
    memset(&k, 0, sizeof(k));
    if (n >= sizeof(k.release)) {
        diag_set(d, NULL, 1, sizeof(k.release), "release string too long");
        return -EBADMSG;
    }
    memcpy(k.release, buf, n);
    const char *p = k.release, *e = k.release + n;
    uint64_t v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (parse_u64_dec(&p, e, &v[i]) < 0 || v[i] > 100000)
            break;
        if (p < e && *p == '.')
            p++;
        else
            break;
    }
    k.major = (unsigned)v[0];
    k.minor = (unsigned)v[1];
    k.patch = (unsigned)v[2];
    *ret = k;
    return 0;
}

int kernel_version_parse(const char *buf, size_t len, struct kernel_version *ret, struct diag *d)
{
    size_t n;
    if (one_line(buf, len, &n, d) < 0)
        return -EBADMSG;
    static const char prefix[] = "Linux version ";
    if (n < sizeof(prefix) - 1 || memcmp(buf, prefix, sizeof(prefix) - 1) != 0) {
        diag_set(d, NULL, 1, 1, "expected 'Linux version '");
        return -EBADMSG;
    }
    struct kernel_version k;
    memset(&k, 0, sizeof(k));
    size_t bn = n < sizeof(k.banner) - 1 ? n : sizeof(k.banner) - 1;
    memcpy(k.banner, buf, bn);
    const char *r = buf + sizeof(prefix) - 1, *re = r;
    while (re < buf + n && *re != ' ')
        re++;
    size_t rn = (size_t)(re - r);
    if (rn == 0 || rn >= sizeof(k.release)) {
        diag_set(d, NULL, 1, sizeof(prefix), "bad release word");
        return -EBADMSG;
    }
    memcpy(k.release, r, rn);
    *ret = k;
    return 0;
}

static int release_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return kernel_release_parse(buf, len, ret, d);
}

static int version_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return kernel_version_parse(buf, len, ret, d);
}

int kernel_release_read(const struct rootfs *r, struct kernel_release *ret, struct probe_status *st)
{
    return probe_load(r, "proc/sys/kernel/osrelease", PROBE_CAP_SMALL, release_cb, ret, st);
}

int kernel_version_read(const struct rootfs *r, struct kernel_version *ret, struct probe_status *st)
{
    return probe_load(r, "proc/version", PROBE_CAP_SMALL, version_cb, ret, st);
}

int kernel_release_cmp(const struct kernel_release *k, unsigned major, unsigned minor,
                       unsigned patch)
{
    if (k->major != major)
        return k->major < major ? -1 : 1;
    if (k->minor != minor)
        return k->minor < minor ? -1 : 1;
    if (k->patch != patch)
        return k->patch < patch ? -1 : 1;
    return 0;
}
