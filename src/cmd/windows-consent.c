/* windows status: the microphone consent (src/win/consent.h). */
#include <stdio.h>

#include "cmd/windows.h"

static const char *consent_text(const struct win_consent_value *v, char *buf, size_t n)
{
    char w[200];
    switch (v->v) {
    case WIN_CONSENT_ALLOW:
        return "on (Allow)";
    case WIN_CONSENT_DENY:
        return "OFF (Deny)";
    case WIN_CONSENT_OTHER:
        snprintf(buf, n, "'%s'", v->text);
        return buf;
    case WIN_CONSENT_UNKNOWN:
        break;
    }
    snprintf(buf, n, "unknown: %s", win_san(v->why, w, sizeof(w)));
    return buf;
}

void win_print_consent(FILE *f, const struct win_host *h)
{
    char a[240], b[240], w[200];
    if (!h->has_mic) {
        fprintf(f, "  Microphone consent: not available (%s)\n", win_san(h->mic_why, w, sizeof(w)));
        return;
    }
    fprintf(f,
            "  Microphone (Settings > Privacy & security > Microphone): microphone access %s; "
            "let desktop apps access your microphone %s\n",
            consent_text(&h->mic, a, sizeof(a)), consent_text(&h->mic_non_packaged, b, sizeof(b)));
}
