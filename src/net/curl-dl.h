/* libcurl loaded with dlopen() the first time a command reads a URL, as top
 * loads ncursesw (out/tui.h): linked in, libcurl and the 30-odd libraries it
 * pulls (OpenSSL, GnuTLS, Kerberos, LDAP, nghttp2, ...) cost every headroom
 * process about 12 ms to start (200 runs of `headroom --version`: 2.6 s
 * linked, 0.24 s without) and would be mapped into the watch daemon. The
 * build needs only the headers (Debian's libcurl4-openssl-dev); the run
 * needs libcurl4 (or libcurl3-gnutls, the same ABI) only for `fit URL`. */
#ifndef HEADROOM_NET_CURL_DL_H
#define HEADROOM_NET_CURL_DL_H

#include <curl/curl.h>
#include <stddef.h>

struct curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
    CURLcode (*easy_perform)(CURL *h);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *h);
    const char *(*easy_strerror)(CURLcode c);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
    char *(*version)(void);
};

/* The functions, loaded and curl_global_init()ed once; NULL when libcurl
 * cannot be loaded (err says why). */
const struct curl_api *curl_api_get(char *err, size_t n);

#endif
