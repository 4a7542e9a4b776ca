/* The pure parsers of probe/pyenv.h: torch/version.py and dist-info names. */
#include <errno.h>
#include <string.h>

#include "probe/pyenv.h"
#include "util/parse.h"

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The bytes a version string may hold ("2.5.0+cu124", "2.6.0a0+git1234",
 * "12.4"): anything else is refused rather than shown. */
static bool version_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '+' || c == '_' || c == '-' || c == '!';
}

enum py_value { PYV_NONE, PYV_STRING, PYV_OTHER };

/* One assignment line `NAME[: ANNOTATION] = VALUE`: the name, and the value
 * when it is None or a quoted string. False for any other line (imports,
 * blank lines, comments, indented code). */
static bool assignment(const char *p, const char *eol, const char **name, size_t *name_len,
                       enum py_value *kind, const char **val, size_t *val_len, const char **at)
{
    const char *q = p;
    while (q < eol && ident_char(*q))
        q++;
    if (q == p || (*p >= '0' && *p <= '9'))
        return false;
    *name = p;
    *name_len = (size_t)(q - p);
    while (q < eol && *q == ' ')
        q++;
    if (q < eol && *q == ':') /* an annotation: up to the '=' */
        while (q < eol && *q != '=')
            q++;
    if (q >= eol || *q != '=' || (q + 1 < eol && q[1] == '='))
        return false;
    q++;
    while (q < eol && *q == ' ')
        q++;
    *at = q;
    *kind = PYV_OTHER;
    if (eol - q >= 4 && memcmp(q, "None", 4) == 0) {
        const char *t = q + 4;
        while (t < eol && (*t == ' ' || *t == '\r'))
            t++;
        if (t == eol)
            *kind = PYV_NONE;
    } else if (q < eol && (*q == '\'' || *q == '"')) {
        const char *s = q + 1, *e = memchr(s, *q, (size_t)(eol - s));
        if (e) {
            const char *t = e + 1;
            while (t < eol && (*t == ' ' || *t == '\r'))
                t++;
            if (t == eol) {
                *kind = PYV_STRING;
                *val = s;
                *val_len = (size_t)(e - s);
            }
        }
    }
    return true;
}

int torch_version_parse(const char *buf, size_t len, struct torch_build *ret, struct diag *d)
{
    struct torch_build t;
    memset(&t, 0, sizeof(t));
    bool seen_version = false, seen_cuda = false;
    const char *p = buf, *end = buf + len;
    unsigned line = 0;
    while (p < end) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *name, *val = NULL, *at;
        size_t nl, vl = 0;
        enum py_value kind;
#define BAD(where, msg)                                                                            \
    do {                                                                                           \
        diag_set(d, NULL, line, (unsigned)((where)-p) + 1, "%s", msg);                             \
        return -EBADMSG;                                                                           \
    } while (0)
        if (assignment(p, eol, &name, &nl, &kind, &val, &vl, &at)) {
            if (nl == 11 && memcmp(name, "__version__", 11) == 0) {
                if (kind != PYV_STRING || vl == 0 || vl >= sizeof(t.version))
                    BAD(at, "expected __version__ as a quoted version");
                for (size_t i = 0; i < vl; i++)
                    if (!version_char(val[i]))
                        BAD(val + i, "unexpected byte in __version__");
                memcpy(t.version, val, vl);
                t.version[vl] = '\0';
                seen_version = true;
            } else if (nl == 4 && memcmp(name, "cuda", 4) == 0) {
                if (kind == PYV_NONE) {
                    t.cuda = false;
                } else if (kind == PYV_STRING) {
                    /* '12.4', and '10.2.89' in some 1.x builds: the first two parts */
                    const char *q = val, *ve = val + vl;
                    uint64_t maj, min;
                    if (parse_u64_dec(&q, ve, &maj) < 0 || maj == 0 || maj > 99 || q >= ve ||
                        *q != '.')
                        BAD(val, "expected cuda as 'MAJOR.MINOR'");
                    q++;
                    if (parse_u64_dec(&q, ve, &min) < 0 || min > 99 || (q < ve && *q != '.'))
                        BAD(q, "expected cuda as 'MAJOR.MINOR'");
                    t.cuda = true;
                    t.cuda_major = (unsigned)maj;
                    t.cuda_minor = (unsigned)min;
                } else {
                    BAD(at, "expected cuda as a quoted version or None");
                }
                seen_cuda = true;
            } else if (nl == 3 && memcmp(name, "hip", 3) == 0) {
                if (kind == PYV_OTHER)
                    BAD(at, "expected hip as a quoted version or None");
                t.hip = kind == PYV_STRING;
            }
        }
#undef BAD
        p = eol < end ? eol + 1 : end;
    }
    if (!seen_version || !seen_cuda) {
        diag_set(d, NULL, line ? line : 1, 0, "%s",
                 !seen_version ? "no __version__ line" : "no cuda line");
        return -EBADMSG;
    }
    *ret = t;
    return 0;
}

bool pyenv_dist_info(const char *name, char *pkg, size_t pkg_n, char *ver, size_t ver_n)
{
    static const char suf[] = ".dist-info";
    size_t n = strlen(name), sl = sizeof(suf) - 1;
    if (n <= sl || strcmp(name + n - sl, suf) != 0)
        return false;
    /* the project name has its '-' written as '_' there (the wheel spec), so
     * the first '-' ends it */
    const char *dash = memchr(name, '-', n - sl);
    if (!dash || dash == name || dash + 1 == name + n - sl)
        return false;
    size_t pl = (size_t)(dash - name), vl = (size_t)(name + n - sl - dash - 1);
    if (pl >= pkg_n || vl >= ver_n)
        return false;
    for (size_t i = 0; i < pl; i++)
        if (!ident_char(name[i]) && name[i] != '.')
            return false;
    for (size_t i = 0; i < vl; i++)
        if (!version_char(dash[1 + i]) || dash[1 + i] == '-')
            return false;
    memcpy(pkg, name, pl);
    pkg[pl] = '\0';
    memcpy(ver, dash + 1, vl);
    ver[vl] = '\0';
    return true;
}

const char *pyenv_kind_name(enum pyenv_kind k)
{
    switch (k) {
    case PYENV_SYSTEM:
        return "system";
    case PYENV_USER_SITE:
        return "user-site";
    case PYENV_VENV:
        return "venv";
    case PYENV_CONDA:
        return "conda";
    }
    return "unknown";
}
