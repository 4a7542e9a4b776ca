#include "out/wslconfig-text.h"

#include <string.h>

#include "out/text.h"

const char *wsl_value_text(const struct wsl_setting *s, const struct wsl_vm *vm, char *buf,
                           size_t n)
{
    char raw[200];
    const char *v = wsl_setting_value(s, vm, raw, sizeof(raw));
    if (s->key->type == WT_BOOL || s->key->type == WT_ENUM || strcmp(v, "-") == 0)
        return v;
    text_sanitize(v, strlen(v), buf, n);
    return buf[0] ? buf : "\"\"";
}

/* "wsl2.dnsTunneling: written true, WSL uses false: networkingMode=Bridged
 * (WslCoreConfig.cpp:467)", one line per setting a WSL rule changed. */
void wsl_print_overrides(FILE *f, const struct wsl_eval *ev, const struct wsl_vm *vm)
{
    bool first = true;
    for (size_t i = 0; i < ev->n; i++) {
        const struct wsl_setting *s = &ev->set[i];
        if (!s->overridden)
            continue;
        char full[128], was[200], now[200];
        wsl_key_full(s->key, full, sizeof(full));
        if (s->from_file) {
            const char *w = ev->syn.v[s->stmt].value;
            text_sanitize(w, strlen(w), was, sizeof(was));
        }
        const char *v = wsl_value_text(s, vm, now, sizeof(now));
        fprintf(f, "%s%s: %s %s, WSL uses %s: %s (%s)\n", first ? "\n" : "", full,
                s->from_file ? "written" : "default", s->from_file ? was : s->key->def,
                strcmp(v, "-") == 0 ? "a value that depends on the host" : v, s->why, s->where);
        first = false;
    }
}
