#include "probe/dpkg.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "util/lines.h"

bool dpkg_name_valid(const char *s, size_t n)
{
    if (n < 2)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '+' && c != '-' && c != '.')))
            return false;
    }
    return true;
}

/* One paragraph being read. */
struct para {
    const char *name;
    size_t name_n;
    bool has_name, has_status, installed;
};

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* "install ok installed" -> true: three words, the state last. Returns 0
 * or -EBADMSG. */
static int parse_status(const char *s, size_t n, bool *ret_installed)
{
    const char *w[3] = {NULL, NULL, NULL};
    size_t wn[3] = {0, 0, 0};
    const char *p = s, *e = s + n;
    for (int i = 0; i < 3; i++) {
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= e)
            return -EBADMSG;
        w[i] = p;
        while (p < e && *p != ' ' && *p != '\t')
            p++;
        wn[i] = (size_t)(p - w[i]);
    }
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    if (p != e)
        return -EBADMSG;
    /* the want (install, hold, deinstall, purge) and the flag (ok,
     * reinstreq) do not change whether the files are there */
    *ret_installed = wn[2] == 9 && memcmp(w[2], "installed", 9) == 0;
    return 0;
}

static int para_end(struct para *pa, dpkg_pkg_fn each, void *ud)
{
    int r = 0;
    if (pa->has_name && pa->installed)
        r = each(pa->name, pa->name_n, ud);
    memset(pa, 0, sizeof(*pa));
    return r;
}

/* A stanza as dpkg writes it (Debian 12's bash, abridged):
 *   Package: bash
 *   Essential: yes
 *   Status: install ok installed
 *   Priority: required
 *   Architecture: amd64
 *   Version: 5.2.15-2+b8
 *   Conffiles:
 *    /etc/bash.bashrc 89269e1298235f1b12b4c16e4065ad0d
 *   Description: GNU Bourne Again SHell
 *    Bash is an sh-compatible command language interpreter that executes
 *    .
 *   <empty line> */
int dpkg_status_parse(const char *buf, size_t len, dpkg_pkg_fn each, void *ud, struct diag *d)
{
    struct para pa;
    memset(&pa, 0, sizeof(pa));
    bool in_para = false;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *nul = memchr(s, '\0', n);
        if (nul) {
            diag_set(d, NULL, it.lineno, (unsigned)(nul - s) + 1, "NUL byte");
            return -EBADMSG;
        }
        if (is_blank(s, n)) {
            int r = para_end(&pa, each, ud);
            if (r)
                return r;
            in_para = false;
            continue;
        }
        if (s[0] == ' ' || s[0] == '\t') {
            if (!in_para) {
                diag_set(d, NULL, it.lineno, 1, "continuation line with no field before it");
                return -EBADMSG;
            }
            continue;
        }
        const char *colon = memchr(s, ':', n);
        if (!colon || colon == s) {
            diag_set(d, NULL, it.lineno, 1, "expected 'Field: value'");
            return -EBADMSG;
        }
        in_para = true;
        size_t fn = (size_t)(colon - s);
        const char *v = colon + 1;
        size_t vn = n - fn - 1;
        trim(&v, &vn);
        unsigned col = (unsigned)(v - s) + 1;
        /* field names are not case-sensitive (deb-control(5)) */
        if (fn == 7 && strncasecmp(s, "Package", 7) == 0) {
            if (pa.has_name) {
                diag_set(d, NULL, it.lineno, 1, "second Package field in a paragraph");
                return -EBADMSG;
            }
            if (!dpkg_name_valid(v, vn)) {
                diag_set(d, NULL, it.lineno, col, "invalid package name");
                return -EBADMSG;
            }
            pa.has_name = true;
            pa.name = v;
            pa.name_n = vn;
        } else if (fn == 6 && strncasecmp(s, "Status", 6) == 0) {
            if (pa.has_status) {
                diag_set(d, NULL, it.lineno, 1, "second Status field in a paragraph");
                return -EBADMSG;
            }
            if (parse_status(v, vn, &pa.installed) < 0) {
                diag_set(d, NULL, it.lineno, col, "expected 'Status: want flag state'");
                return -EBADMSG;
            }
            pa.has_status = true;
        }
    }
    return para_end(&pa, each, ud);
}
