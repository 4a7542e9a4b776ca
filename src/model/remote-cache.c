/* The cache of remote GGUF headers: one file per URL in the cache directory
 * ($XDG_CACHE_HOME/headroom/gguf-headers, chosen by the command), named by
 * a 64-bit FNV-1a hash of the URL, holding
 *
 *   headroom-gguf-header 1
 *   url
 * https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf
 *   etag "8c4ab1b6e0f3..."
 *   size 491400032
 *   bytes 2349312
 *
 * then, after the empty line, that many bytes: the header as the server
 * sent it. The URL inside is compared (two URLs may share a hash); the ETag
 * and size are what remote.c checks against the server's answer. A file
 * that is not in this form is ignored and replaced. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/remote.h"
#include "util/atomic-write.h"
#include "util/io.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAGIC "headroom-gguf-header 1\n"

static void entry_path(const char *dir, const char *url, struct strbuf *out)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    strbuf_addf(out, "%s/%016llx.gguf-header", dir, (unsigned long long)h);
}

/* "KEY VALUE\n" at *p; the value is [*ret, *ret_end). */
static bool field(const char **p, const char *end, const char *key, const char **ret,
                  const char **ret_end)
{
    size_t k = strlen(key);
    if ((size_t)(end - *p) <= k || memcmp(*p, key, k) != 0 || (*p)[k] != ' ')
        return false;
    const char *v = *p + k + 1;
    const char *nl = memchr(v, '\n', (size_t)(end - v));
    if (!nl)
        return false;
    *ret = v;
    *ret_end = nl;
    *p = nl + 1;
    return true;
}

static bool number_field(const char **p, const char *end, const char *key, uint64_t *ret)
{
    const char *v, *ve;
    if (!field(p, end, key, &v, &ve))
        return false;
    return parse_u64_dec(&v, ve, ret) == 0 && v == ve;
}

int remote_cache_parse(const char *buf, size_t len, const char *url, char *etag, size_t etag_n,
                       uint64_t *ret_size, uint8_t **ret_buf, size_t *ret_len)
{
    const char *p = buf, *end = buf + len, *u, *ue, *t, *te;
    uint64_t size, n;
    size_t ml = strlen(MAGIC), ul = strlen(url);
    if (len <= ml || memcmp(p, MAGIC, ml) != 0)
        return -EBADMSG;
    p += ml;
    if (!field(&p, end, "url", &u, &ue) || (size_t)(ue - u) != ul || memcmp(u, url, ul) != 0 ||
        !field(&p, end, "etag", &t, &te) || (size_t)(te - t) >= etag_n ||
        !number_field(&p, end, "size", &size) || !number_field(&p, end, "bytes", &n) || p >= end ||
        *p != '\n' || n != (uint64_t)(end - p - 1) || n > size || n == 0)
        return -EBADMSG;
    memcpy(etag, t, (size_t)(te - t));
    etag[te - t] = '\0';
    *ret_size = size;
    *ret_len = (size_t)n;
    *ret_buf = xmalloc((size_t)n);
    memcpy(*ret_buf, p + 1, (size_t)n);
    return 0;
}

int remote_cache_load(const char *dir, const char *url, char *etag, size_t etag_n,
                      uint64_t *ret_size, uint8_t **ret_buf, size_t *ret_len)
{
    struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
    entry_path(dir, url, &path);
    int e = read_file_capped(path.buf, (size_t)REMOTE_HEADER_CAP + 8192, &sb, NULL);
    strbuf_release(&path);
    if (e == 0)
        e = remote_cache_parse(sb.buf, sb.len, url, etag, etag_n, ret_size, ret_buf, ret_len);
    else
        e = e == -ENOENT ? -ENOENT : -EBADMSG;
    strbuf_release(&sb);
    return e;
}

/* mkdir -p, each new directory 0700: the headers of gated models are the
 * user's business. */
static int make_dirs(const char *dir)
{
    char *d = xstrdup(dir);
    int e = 0;
    for (char *s = d + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(d, 0700) < 0 && errno != EEXIST) {
            e = -errno;
            break;
        }
        *s = c;
        if (!c)
            break;
    }
    free(d);
    return e;
}

int remote_cache_store(const char *dir, const char *url, const char *etag, uint64_t size,
                       const uint8_t *buf, size_t len)
{
    if (strpbrk(url, "\r\n") || strpbrk(etag, "\r\n") || len == 0)
        return -EINVAL;
    int e = make_dirs(dir);
    if (e < 0)
        return e;
    struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
    entry_path(dir, url, &path);
    strbuf_addf(&sb, MAGIC "url %s\netag %s\nsize %llu\nbytes %zu\n\n", url, etag,
                (unsigned long long)size, len);
    strbuf_add(&sb, buf, len);
    e = atomic_write(path.buf, sb.buf, sb.len, NULL);
    strbuf_release(&path);
    strbuf_release(&sb);
    return e;
}
