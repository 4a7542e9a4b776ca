#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

void wide_to_utf8(const wchar_t *s, size_t len, char *out, size_t n)
{
    if (n == 0)
        return;
    out[0] = '\0';
    if (!s || len == 0)
        return;
    int need = WideCharToMultiByte(CP_UTF8, 0, s, (int)len, NULL, 0, NULL, NULL);
    char *tmp = need > 0 ? malloc((size_t)need) : NULL;
    if (!tmp || WideCharToMultiByte(CP_UTF8, 0, s, (int)len, tmp, need, NULL, NULL) != need) {
        free(tmp);
        return;
    }
    size_t cut = (size_t)need;
    if (cut > n - 1) {
        cut = n - 1;
        while (cut > 0 && ((unsigned char)tmp[cut] & 0xC0) == 0x80)
            cut--;
    }
    memcpy(out, tmp, cut);
    out[cut] = '\0';
    free(tmp);
}

void out_wstr(struct json *j, const wchar_t *s, size_t n)
{
    if (!s) {
        json_null(j);
        return;
    }
    if (n == (size_t)-1)
        n = wcslen(s);
    int need = n ? WideCharToMultiByte(CP_UTF8, 0, s, (int)n, NULL, 0, NULL, NULL) : 0;
    char *tmp = malloc(need > 0 ? (size_t)need : 1);
    if (!tmp) {
        json_null(j);
        return;
    }
    if (need > 0)
        WideCharToMultiByte(CP_UTF8, 0, s, (int)n, tmp, need, NULL, NULL);
    json_strn(j, tmp, need > 0 ? (size_t)need : 0);
    free(tmp);
}

void out_kv_wstr(struct json *j, const char *key, const wchar_t *s)
{
    json_key(j, key);
    out_wstr(j, s, (size_t)-1);
}

void out_null_why(struct json *j, const char *key, const char *why)
{
    char ek[96];
    json_kv_null(j, key);
    snprintf(ek, sizeof(ek), "%s_error", key);
    json_kv_str(j, ek, why);
}

void win32_message(unsigned long err, char *out, size_t n)
{
    wchar_t msg[512];
    DWORD k = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)err, 0, msg, sizeof(msg) / sizeof(msg[0]), NULL);
    if (k == 0) {
        snprintf(out, n, "error %lu", err);
        return;
    }
    /* one line, without the trailing period and line break */
    for (DWORD i = 0; i < k; i++)
        if (msg[i] == L'\r' || msg[i] == L'\n')
            msg[i] = L' ';
    while (k > 0 && (msg[k - 1] == L' ' || msg[k - 1] == L'.'))
        k--;
    wide_to_utf8(msg, k, out, n);
}

void out_null_win32(struct json *j, const char *key, const char *what, unsigned long err)
{
    char m[400], why[512];
    win32_message(err, m, sizeof(m));
    snprintf(why, sizeof(why), "%s: %s (error %lu)", what, m, err);
    out_null_why(j, key, why);
}
