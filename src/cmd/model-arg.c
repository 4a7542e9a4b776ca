#include "cmd/model-arg.h"
#include "cmd/model-remote.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/ggml-bin.h"
#include "model/gguf.h"
#include "model/stores.h"
#include "probe/probe.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"
#include "util/io.h"

void model_src_release(struct model_src *s)
{
    free(s->display);
    free(s->rel);
    free(s->name);
    model_remote_info_free(s->remote);
}

static int src_open(const struct ctx *ctx, const struct model_src *s, const char *path, int *ret_fd)
{
    /* O_NONBLOCK: a FIFO without a writer would block the open; the parsers
     * refuse anything but a regular file next, and regular files ignore
     * the flag */
    if (s->rel)
        return rootfs_open(ctx->root, path, O_RDONLY | O_NONBLOCK, ret_fd);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -errno;
    *ret_fd = fd;
    return 0;
}

/* "...-00002-of-00005.gguf": the shard number and count, and the offset of
 * the first digit of the number. */
static bool split_name(const char *p, unsigned *ret_no, unsigned *ret_n, size_t *ret_at)
{
    size_t n = strlen(p);
    if (n < 20 || strcmp(p + n - 5, ".gguf") != 0)
        return false;
    const char *s = p + n - 5 - 15; /* "-00001-of-00005" */
    unsigned a, b;
    char tail[8];
    if (s[0] != '-' || sscanf(s, "-%5u-of-%5u%7s", &a, &b, tail) != 3 || strcmp(tail, ".gguf"))
        return false;
    if (a < 1 || b < 1 || a > b)
        return false;
    *ret_no = a;
    *ret_n = b;
    *ret_at = (size_t)(s + 1 - p);
    return true;
}

bool model_arg_split_name(const char *p, unsigned *ret_no, unsigned *ret_n, size_t *ret_at)
{
    return split_name(p, ret_no, ret_n, ret_at);
}

static int error_for(const struct ctx *ctx, const char *display, int e, const struct diag *d)
{
    if (e == -EBADMSG) {
        struct diag c = *d;
        char buf[900];
        diag_set_file(&c, display);
        diag_format(&c, buf, sizeof(buf));
        return cli_error(ctx, EXIT_USAGE, "%s", buf);
    }
    if (e == -ENOENT)
        return cli_error(ctx, EXIT_USAGE, "%s: no such file", display);
    if (e == -EISDIR || e == -EINVAL)
        return cli_error(ctx, EXIT_USAGE, "%s: not a regular file", display);
    return cli_error(ctx, EXIT_SYSTEM, "%s: %s", display, strerror(-e));
}

int model_arg_load(const struct ctx *ctx, const struct model_src *src, struct model *ret)
{
    if (src->remote)
        return model_remote_load(ctx, src, ret);
    const char *path = src->rel ? src->rel : src->display;
    int fd, err = src_open(ctx, src, path, &fd);
    if (err < 0)
        return error_for(ctx, src->display, err, NULL);
    err = io_require_regular(fd, NULL);
    if (err < 0) {
        close(fd);
        return error_for(ctx, src->display, err, NULL);
    }
    uint8_t magic[4] = {0};
    ssize_t k = pread(fd, magic, 4, 0);
    struct diag d;
    diag_clear(&d);
    if (k == 4 && memcmp(magic, "lmgg", 4) == 0) {
        struct ggml_bin b;
        err = ggml_bin_open_fd(fd, src->display, &b, &d);
        close(fd);
        if (err < 0)
            return error_for(ctx, src->display, err, &d);
        model_from_whisper(&b, ret);
        ggml_bin_free(&b);
        return 0;
    }
    if (k != 4 || memcmp(magic, "GGUF", 4) != 0) {
        close(fd);
        if (k >= 0 && k < 4)
            return cli_error(ctx, EXIT_USAGE, "%s: offset 0: too short for a model file",
                             src->display);
        if (k < 0)
            return error_for(ctx, src->display, -errno, NULL);
        return cli_error(ctx, EXIT_USAGE,
                         "%s: offset 0: not a GGUF or whisper.cpp ggml model (magic %02x %02x "
                         "%02x %02x)",
                         src->display, magic[0], magic[1], magic[2], magic[3]);
    }
    unsigned no, count;
    size_t at;
    char *first = NULL;
    if (split_name(path, &no, &count, &at) && no != 1) {
        close(fd);
        first = xstrdup(path);
        char num[6];
        snprintf(num, sizeof(num), "%05u", 1u);
        memcpy(first + at, num, 5);
        if ((err = src_open(ctx, src, first, &fd)) < 0) {
            int r = error_for(ctx, first, err, NULL);
            free(first);
            return r;
        }
    }
    struct gguf_file g;
    err = gguf_open_fd(fd, first ? first : src->display, &g, &d);
    if (err < 0) {
        close(fd);
        int r = error_for(ctx, first ? first : src->display, err, &d);
        free(first);
        return r;
    }
    err = model_from_gguf(&g, ret, &d);
    uint64_t split_count = 0;
    gguf_get_uint(&g, "split.count", &split_count);
    gguf_free(&g);
    close(fd);
    if (err < 0) {
        int r = error_for(ctx, first ? first : src->display, err, &d);
        free(first);
        return r;
    }
    free(first);
    if (split_name(path, &no, &count, &at)) {
        if (split_count && split_count != count) {
            model_release(ret);
            return cli_error(ctx, EXIT_USAGE, "%s: split.count is %llu, the name says %u",
                             src->display, (unsigned long long)split_count, count);
        }
        for (unsigned s = 2; s <= count; s++) {
            char *sib = xstrdup(path);
            char num[6];
            snprintf(num, sizeof(num), "%05u", s);
            memcpy(sib + at, num, 5);
            if ((err = src_open(ctx, src, sib, &fd)) < 0) {
                int r = error_for(ctx, sib, err, NULL);
                free(sib);
                model_release(ret);
                return r;
            }
            diag_clear(&d);
            err = gguf_open_fd(fd, sib, &g, &d);
            if (err == 0) {
                model_add_split(ret, &g, &d);
                gguf_free(&g);
            }
            close(fd);
            if (err < 0) {
                int r = error_for(ctx, sib, err, &d);
                free(sib);
                model_release(ret);
                return r;
            }
            free(sib);
        }
    }
    return 0;
}

/* "Did you mean": the name in the stores closest to `arg`, in a form
 * stores_resolve() takes: the Ollama name without ":latest" ("tinyllama"),
 * the file name alone ("tiny-gemma3-f16.gguf") when `arg` has no '/', else
 * the whole name. NULL when none is close. */
static char *closest_store_name(const struct ctx *ctx, const char *home, const char *arg)
{
    struct model_list all = {0};
    stores_find_all(ctx->root, home, &all, NULL, NULL);
    /* the short forms, kept for the suggest (it holds candidates by pointer) */
    char **alias = xcalloc(all.n + 1, sizeof(*alias));
    struct suggest sg;
    suggest_init(&sg, arg);
    for (size_t i = 0; i < all.n; i++) {
        const char *name = all.v[i].name, *slash = strrchr(name, '/');
        size_t n = strlen(name);
        if (all.v[i].kind == STORE_OLLAMA && n > 7 && strcmp(name + n - 7, ":latest") == 0)
            alias[i] = xstrndup(name, n - 7);
        else if (all.v[i].kind != STORE_OLLAMA && slash && !strchr(arg, '/'))
            alias[i] = xstrdup(slash + 1);
        suggest_offer(&sg, alias[i] ? alias[i] : name);
    }
    char *best = suggest_best(&sg) ? xstrdup(suggest_best(&sg)) : NULL;
    for (size_t i = 0; i < all.n; i++)
        free(alias[i]);
    free(alias);
    model_list_release(&all);
    return best;
}

int model_arg_resolve(const struct ctx *ctx, const char *arg, struct model_src *ret)
{
    struct stat st;
    memset(ret, 0, sizeof(*ret));
    if (model_remote_is(arg) && stat(arg, &st) < 0)
        return model_remote_resolve(ctx, arg, ret);
    if (stat(arg, &st) == 0 || strchr(arg, '/') == arg || strncmp(arg, "./", 2) == 0) {
        ret->display = xstrdup(arg);
        return 0;
    }
    struct model_ref ref;
    struct diag d;
    diag_clear(&d);
    const char *home = ctx->root->live ? getenv("HOME") : NULL;
    int e = stores_resolve(ctx->root, home, arg, &ref, &d);
    if (e == -EBADMSG) {
        char buf[900];
        return cli_error(ctx, EXIT_USAGE, "%s", ctx_diag_format(ctx, &d, buf, sizeof(buf)));
    }
    if (e < 0) {
        char *best = closest_store_name(ctx, home, arg);
        int status =
            cli_error(ctx, EXIT_USAGE,
                      "'%s' is neither a file nor a model in Ollama, the Hugging Face cache "
                      "or LM Studio%s%s%s (see 'headroom fit --list')",
                      arg, best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
        free(best);
        return status;
    }
    char buf[1200];
    ret->display = xstrdup(ctx_display_path(ctx, ref.path, buf, sizeof(buf)));
    ret->rel = ref.path;
    ret->name = ref.name;
    return 0;
}
