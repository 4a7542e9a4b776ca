#include "reclaim/watchconf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "util/duration.h"
#include "util/lines.h"
#include "util/parse.h"
#include "util/size.h"

/* "0.5", "1", "12.25" -> hundredths */
static int percent_parse(const char *s, size_t n, uint64_t *ret)
{
    const char *p = s, *e = s + n;
    uint64_t v;
    if (parse_centi(&p, e, &v) < 0 || p != e || v > 10000)
        return -EINVAL;
    *ret = v;
    return 0;
}

static int size_n(const char *s, size_t n, uint64_t *ret)
{
    char buf[64];
    if (n >= sizeof(buf))
        return -EINVAL;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return size_parse(buf, ret);
}

enum kind { K_SIZE, K_DUR, K_PCT, K_UINT, K_BOOL, K_MODE, K_LEVEL };

int watchconf_parse(const char *buf, size_t len, struct policy_config *c, struct diag *d)
{
    struct policy_config x = *c;
    uint64_t dc_ms = 0, gr_ms = 0;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *p = s, *e = s + n;
        const char *hash = memchr(s, '#', n);
        if (hash)
            e = hash;
        if (e > p && e[-1] == '\r')
            e--;
        p = skip_blanks(p, e);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (p == e)
            continue;
        const char *k = p;
        while (p < e && ((*p >= 'a' && *p <= 'z') || *p == '_'))
            p++;
        size_t kn = (size_t)(p - k);
        p = skip_blanks(p, e);
        if (kn == 0 || p >= e || *p != '=') {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "expected 'key = value'");
            return -EBADMSG;
        }
        p = skip_blanks(p + 1, e);
        const char *v = p;
        size_t vn = (size_t)(e - p);
        unsigned col = (unsigned)(v - s) + 1;
        static const struct {
            const char *key;
            enum kind kind;
        } keys[] = {
            {"mode", K_MODE},          {"drop_level", K_LEVEL},  {"floor", K_SIZE},
            {"cap", K_SIZE},           {"step_min", K_SIZE},     {"step_max", K_SIZE},
            {"hysteresis", K_SIZE},    {"refault_stop", K_SIZE}, {"psi_stop", K_PCT},
            {"idle_threshold", K_PCT}, {"idle_tick", K_DUR},     {"dropcache_idle", K_DUR},
            {"gradual_idle", K_DUR},   {"backoff", K_DUR},       {"min_gap", K_DUR},
            {"max_per_hour", K_UINT},  {"compact", K_BOOL},
        };
        int which = -1;
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            if (strlen(keys[i].key) == kn && memcmp(keys[i].key, k, kn) == 0)
                which = (int)i;
        if (which < 0) {
            diag_set(d, NULL, it.lineno, 1, "unknown key '%.*s'", (int)(kn > 40 ? 40 : kn), k);
            return -EBADMSG;
        }
        uint64_t val = 0;
        int r = 0;
        const char *want = "";
        switch (keys[which].kind) {
        case K_SIZE:
            r = size_n(v, vn, &val);
            want = r == -EDOM ? "a size with a unit (e.g. 512MiB)" : "a size (e.g. 512MiB)";
            break;
        case K_DUR:
            r = duration_parse_ms(v, vn, &val);
            want = r == -EDOM ? "a duration with a unit (e.g. 30s, 10m)"
                              : "a duration (e.g. 30s, 10m)";
            break;
        case K_PCT:
            r = percent_parse(v, vn, &val);
            want = "a percentage (e.g. 0.5)";
            break;
        case K_UINT: {
            const char *q = v;
            r = parse_u64_dec(&q, v + vn, &val) < 0 || q != v + vn || val > 100000 ? -EINVAL : 0;
            want = "a whole number";
            break;
        }
        case K_BOOL:
            if (vn == 4 && memcmp(v, "true", 4) == 0)
                val = 1;
            else if (!(vn == 5 && memcmp(v, "false", 5) == 0))
                r = -EINVAL;
            want = "true or false";
            break;
        case K_MODE: {
            char mb[16];
            enum policy_mode m = POLICY_OFF;
            r = vn && vn < sizeof(mb) ? 0 : -EINVAL;
            if (r == 0) {
                memcpy(mb, v, vn);
                mb[vn] = '\0';
                r = policy_mode_parse(mb, &m);
            }
            val = (uint64_t)m;
            want = "gradual, dropcache or off";
            break;
        }
        case K_LEVEL:
            r = vn == 1 && (*v == '1' || *v == '3') ? 0 : -EINVAL;
            val = vn ? (uint64_t)(*v - '0') : 0;
            want = "1 or 3";
            break;
        }
        if (r < 0) {
            diag_set(d, NULL, it.lineno, col, "%s: expected %s", keys[which].key, want);
            return -EBADMSG;
        }
        uint32_t ms = val > UINT32_MAX ? UINT32_MAX : (uint32_t)val;
        switch (which) {
        case 0:
            x.mode = (enum policy_mode)val;
            break;
        case 1:
            x.drop_level = (unsigned)val;
            break;
        case 2:
            x.floor = val;
            break;
        case 3:
            x.cache_cap = val;
            break;
        case 4:
            x.step_min = val;
            break;
        case 5:
            x.step_max = val;
            break;
        case 6:
            x.hysteresis = val;
            break;
        case 7:
            x.refault_stop_bps = val;
            break;
        case 8:
            x.psi_stop_centi = (uint32_t)val;
            break;
        case 9:
            x.idle_busy_permille = (uint32_t)(val / 10);
            break;
        case 10:
            x.idle_tick_ms = ms;
            break;
        case 11:
            dc_ms = val ? val : 1;
            break;
        case 12:
            gr_ms = val ? val : 1;
            break;
        case 13:
            x.backoff_ms = ms;
            break;
        case 14:
            x.min_gap_ms = ms;
            break;
        case 15:
            x.max_per_hour = (uint32_t)val;
            break;
        case 16:
            x.compact = val != 0;
            break;
        }
    }
    /* idle windows were given as durations: turn them into ticks */
    if (x.idle_tick_ms == 0) {
        diag_set(d, NULL, 1, 1, "idle_tick must be above 0");
        return -EBADMSG;
    }
    if (dc_ms)
        x.dropcache_idle_ticks = (uint32_t)((dc_ms + x.idle_tick_ms - 1) / x.idle_tick_ms);
    if (gr_ms)
        x.gradual_idle_ticks = (uint32_t)((gr_ms + x.idle_tick_ms - 1) / x.idle_tick_ms);
    if (x.step_min > x.step_max) {
        diag_set(d, NULL, 1, 1, "step_min is above step_max");
        return -EBADMSG;
    }
    *c = x;
    return 0;
}

int listen_addr_parse(const char *s, struct sockaddr_storage *ret, socklen_t *ret_len)
{
    char host[64] = "127.0.0.1";
    const char *port;
    bool v6 = false;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof(host))
            return -EINVAL;
        memcpy(host, s + 1, (size_t)(close - s - 1));
        host[close - s - 1] = '\0';
        port = close + 2;
        v6 = true;
    } else {
        const char *colon = strrchr(s, ':');
        if (colon) {
            if ((size_t)(colon - s) >= sizeof(host) || colon == s)
                return -EINVAL;
            memcpy(host, s, (size_t)(colon - s));
            host[colon - s] = '\0';
            port = colon + 1;
        } else {
            port = s;
        }
    }
    uint64_t pn;
    if (parse_u64_str(port, &pn) < 0 || pn == 0 || pn > 65535)
        return -EINVAL;
    memset(ret, 0, sizeof(*ret));
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ret;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)pn);
        if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
            return -EINVAL;
        *ret_len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)ret;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)pn);
        if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return -EINVAL;
        *ret_len = sizeof(*a);
    }
    return 0;
}
