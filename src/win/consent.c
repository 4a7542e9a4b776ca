#include "win/consent.h"

#include <stdio.h>
#include <string.h>

#include "util/json-read.h"
#include "win/host.h"

enum win_consent win_consent_parse(const char *s)
{
    if (strcmp(s, "Allow") == 0)
        return WIN_CONSENT_ALLOW;
    if (strcmp(s, "Deny") == 0)
        return WIN_CONSENT_DENY;
    return WIN_CONSENT_OTHER;
}

const char *win_consent_name(enum win_consent c)
{
    switch (c) {
    case WIN_CONSENT_ALLOW:
        return "allowed";
    case WIN_CONSENT_DENY:
        return "denied";
    case WIN_CONSENT_OTHER:
        return "other";
    case WIN_CONSENT_UNKNOWN:
        break;
    }
    return "unknown";
}

static int one(const char *buf, size_t len, const struct jv *obj, const char *key,
               struct win_consent_value *ret, struct diag *d)
{
    const struct jv *v = jv_get(obj, key);
    memset(ret, 0, sizeof(*ret));
    if (!v || v->type == JV_NULL) {
        char ek[32];
        snprintf(ek, sizeof(ek), "%s_error", key);
        const struct jv *e = jv_get(obj, ek);
        snprintf(ret->why, sizeof(ret->why), "%.*s", (int)sizeof(ret->why) - 1,
                 !v                          ? "missing from the host document"
                 : e && e->type == JV_STRING ? e->s
                                             : "null, with no reason given");
        return 0;
    }
    if (v->type != JV_STRING)
        return jv_diag(d, buf, len, v, "\"microphone\": \"%s\" must be a string or null", key);
    ret->v = win_consent_parse(v->s);
    size_t k = 0;
    for (size_t i = 0; i < v->len && k + 1 < sizeof(ret->text); i++)
        ret->text[k++] = v->s[i] >= 0x20 && v->s[i] < 0x7f ? v->s[i] : '?';
    ret->text[k] = '\0';
    return 0;
}

int win_consent_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                    struct diag *d)
{
    const struct jv *v = jv_get(root, "microphone");
    if (!v || v->type == JV_NULL) {
        const struct jv *e = jv_get(root, "microphone_error");
        snprintf(h->mic_why, sizeof(h->mic_why), "%.*s", (int)(WIN_WHY_MAX - 1),
                 !v                          ? "missing from the host document"
                 : e && e->type == JV_STRING ? e->s
                                             : "null, with no reason given");
        return 0;
    }
    if (v->type != JV_OBJECT)
        return jv_diag(d, buf, len, v, "\"microphone\": expected an object");
    int r = one(buf, len, v, "value", &h->mic, d);
    if (r == 0)
        r = one(buf, len, v, "non_packaged", &h->mic_non_packaged, d);
    if (r == 0)
        h->has_mic = true;
    return r;
}
