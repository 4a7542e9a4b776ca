#include "net/curl-dl.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static struct curl_api api;
static bool loaded;
static char load_error[200];

static bool resolve(void *lib, const char *name, void *slot)
{
    void *f = dlsym(lib, name);
    if (!f) {
        snprintf(load_error, sizeof(load_error), "libcurl has no %s", name);
        return false;
    }
    memcpy(slot, &f, sizeof(f)); /* object to function pointer, as POSIX dlsym allows */
    return true;
}

const struct curl_api *curl_api_get(char *err, size_t n)
{
    if (!loaded && !load_error[0]) {
        /* libcurl4 (OpenSSL), else libcurl3-gnutls: one ABI */
        static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
        void *lib = NULL;
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !lib; i++)
            lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            const char *why = dlerror();
            snprintf(load_error, sizeof(load_error),
                     "cannot load libcurl (Debian: apt-get install libcurl4): %s",
                     why ? why : "not found");
        } else if (resolve(lib, "curl_global_init", &api.global_init) &&
                   resolve(lib, "curl_easy_init", &api.easy_init) &&
                   resolve(lib, "curl_easy_setopt", &api.easy_setopt) &&
                   resolve(lib, "curl_easy_perform", &api.easy_perform) &&
                   resolve(lib, "curl_easy_getinfo", &api.easy_getinfo) &&
                   resolve(lib, "curl_easy_cleanup", &api.easy_cleanup) &&
                   resolve(lib, "curl_easy_strerror", &api.easy_strerror) &&
                   resolve(lib, "curl_slist_append", &api.slist_append) &&
                   resolve(lib, "curl_slist_free_all", &api.slist_free_all) &&
                   resolve(lib, "curl_version", &api.version)) {
            if (api.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
                loaded = true;
            else
                snprintf(load_error, sizeof(load_error), "libcurl did not start");
        }
    }
    if (!loaded) {
        snprintf(err, n, "%s", load_error);
        return NULL;
    }
    return &api;
}
