/* The microphone consent Settings keeps per user (Privacy & security >
 * Microphone): the REG_SZ "Value" ("Allow" or "Deny") of
 *   HKCU\Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\
 *   ConsentStore\microphone               "Microphone access"
 *   ...\microphone\NonPackaged            "Let desktop apps access your microphone"
 * A key or value that is not there was never changed: Windows' default.
 *
 *   "microphone": { "value": "Allow", "non_packaged": "Deny" }
 * each null + "<key>_error" when it cannot be read. */
#include <windows.h>

#include "helper.h"

#define CONSENT_MIC                                                                                \
    L"Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\"       \
    L"microphone"

static void consent_value(struct json *w, const char *key, const wchar_t *subkey, const char *where)
{
    wchar_t buf[64];
    DWORD sz = sizeof(buf) - sizeof(wchar_t);
    LSTATUS r = RegGetValueW(HKEY_CURRENT_USER, subkey, L"Value", RRF_RT_REG_SZ, NULL, buf, &sz);
    if (r == ERROR_FILE_NOT_FOUND) {
        char why[200];
        snprintf(why, sizeof(why), "not set (no Value under HKCU\\...\\ConsentStore\\%s)", where);
        out_null_why(w, key, why);
        return;
    }
    if (r != ERROR_SUCCESS) {
        char what[160];
        snprintf(what, sizeof(what), "RegGetValue ConsentStore\\%s\\Value", where);
        out_null_win32(w, key, what, (unsigned long)r);
        return;
    }
    buf[sz / sizeof(wchar_t) < 63 ? sz / sizeof(wchar_t) : 63] = L'\0';
    out_kv_wstr(w, key, buf);
}

void emit_mic_consent(struct json *w)
{
    json_key(w, "microphone");
    json_obj_begin(w);
    consent_value(w, "value", CONSENT_MIC, "microphone");
    consent_value(w, "non_packaged", CONSENT_MIC L"\\NonPackaged", "microphone\\NonPackaged");
    json_obj_end(w);
}
