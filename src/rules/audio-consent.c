/* audio.mic-denied: Windows' microphone consent (the helper's reading of
 * HKCU\...\CapabilityAccessManager\ConsentStore\microphone, src/win/consent.h)
 * says Deny, so the microphone WSLg offers (RDPSource) records silence. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/sanitize.h"

#define MIC_SOURCE                                                                                 \
    "Microsoft Learn, Launch Windows Settings (ms-settings:privacy-microphone): "                  \
    "https://learn.microsoft.com/en-us/windows/apps/develop/launch/launch-settings; "              \
    "microsoft/wslg README (audio through the RDP client): https://github.com/microsoft/wslg"

static const char *reading(const struct win_consent_value *v, char *buf, size_t n)
{
    if (v->v == WIN_CONSENT_UNKNOWN) {
        char w[170];
        text_sanitize(v->why, strlen(v->why), w, sizeof(w));
        snprintf(buf, n, "unknown (%s)", w);
    } else {
        snprintf(buf, n, "%s", v->text);
    }
    return buf;
}

void check_audio_mic_denied(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!h || h->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data: %s", h && h->reason[0] ? h->reason : "not loaded");
        return;
    }
    if (!h->has_mic) {
        char w[170];
        text_sanitize(h->mic_why, strlen(h->mic_why), w, sizeof(w));
        rule_skip(o, "no microphone consent in the host data: %s", w);
        return;
    }
    bool all = h->mic.v == WIN_CONSENT_DENY, desktop = h->mic_non_packaged.v == WIN_CONSENT_DENY;
    if (!all && !desktop)
        return;
    struct finding *f;
    if (all)
        f = rule_emit(o, SEV_WARNING,
                      "Windows denies every app the microphone (Microphone access is off): "
                      "WSL's microphone records silence");
    else
        f = rule_emit(o, SEV_WARNING,
                      "Windows denies desktop apps the microphone, and WSLg's microphone "
                      "(RDPSource) comes through one, its remote-desktop client: WSL records "
                      "silence");
    char a[200], b[200];
    finding_set_evidence(f,
                         "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\"
                         "CapabilityAccessManager\\ConsentStore\\microphone: Value %s; "
                         "NonPackaged\\Value %s (%s)",
                         reading(&h->mic, a, sizeof(a)),
                         reading(&h->mic_non_packaged, b, sizeof(b)), win_source_name(h->source));
    finding_set_fix(f,
                    "in Settings > Privacy & security > Microphone turn on %s; this opens "
                    "the page:\n"
                    "$ cmd.exe /c start ms-settings:privacy-microphone",
                    all && desktop ? "Microphone access and Let desktop apps access your "
                                     "microphone"
                    : all          ? "Microphone access"
                                   : "Let desktop apps access your microphone");
    finding_set_source(f, MIC_SOURCE);
}
