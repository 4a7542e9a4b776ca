/* The Windows microphone consent, from the helper's
 *   "microphone": { "value": "Allow", "non_packaged": "Deny" }
 * (either may be null with "<key>_error"): the REG_SZ `Value` of
 *   HKCU\Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\
 *   ConsentStore\microphone            Settings > Privacy & security >
 *                                      Microphone > "Microphone access"
 *   ...\microphone\NonPackaged         "Let desktop apps access your
 *                                      microphone"
 * "Allow" or "Deny" as Settings writes them. WSLg's audio reaches Windows
 * through its RDP client, a desktop app: with either one Deny, what WSL
 * records is silence. A value that is not set is Windows' default. The
 * PowerShell fallback prints the same object. */
#ifndef HEADROOM_WIN_CONSENT_H
#define HEADROOM_WIN_CONSENT_H

#include <stddef.h>

#include "util/diag.h"

struct win_host;
struct jv;

enum win_consent {
    WIN_CONSENT_UNKNOWN = 0,
    WIN_CONSENT_ALLOW,
    WIN_CONSENT_DENY,
    WIN_CONSENT_OTHER
};

struct win_consent_value {
    enum win_consent v; /* UNKNOWN: why says why (not set, or the read failed) */
    char text[24];      /* the value as read, printable ASCII (others as '?'), cut */
    char why[160];
};

/* "Allow" / "Deny" (as Settings writes them, case kept) or another string. */
enum win_consent win_consent_parse(const char *s);
/* "allowed", "denied", "other", "unknown" */
const char *win_consent_name(enum win_consent c);
/* Maps "microphone" onto h (has_mic, mic, mic_non_packaged). 0, or -EBADMSG
 * (d set) when it is not an object of strings or nulls. */
int win_consent_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                    struct diag *d);

#endif
