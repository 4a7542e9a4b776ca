/* Getting the host document: from a snapshot (read only), or on the live
 * machine from headroom-win.exe or one PowerShell call through WSL interop.
 * See host.h for the order and the rules. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "probe/probe.h"
#include "util/interop.h"
#include "util/lines.h"
#include "util/run.h"
#include "util/self-path.h"
#include "util/xalloc.h"
#include "win/host.h"
#include "wslconfig/wslconfig.h"

#define HELPER_NAME       "headroom-win.exe"
#define DEFAULT_HELPER_MS 5000
#define DEFAULT_PS_MS     10000

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

int win_run(char *const argv[], const char *cwd, unsigned timeout_ms, size_t cap,
            struct strbuf *out, char *err, size_t errn)
{
    if (errn)
        err[0] = '\0';
    strbuf_reset(out);
    struct run_spec spec = {
        .argv = argv, .cwd = cwd, .timeout_ms = timeout_ms, .cap = cap, .cap_is_error = true};
    struct run_result res;
    int rc = run_program(&spec, out, &res);
    if (rc < 0 || res.status == 0)
        return rc;
    if (errn) {
        size_t l = strlen(res.err_line);
        if (res.status < 128)
            snprintf(err, errn, "exit status %d%s%.200s", res.status, l ? ": " : "", res.err_line);
        else
            snprintf(err, errn, "killed by signal %d", res.status - 128);
    }
    return -EPROTO;
}

char *win_ps_encode(const char *utf8)
{
    /* UTF-8 -> UTF-16LE (the script is ASCII, but be exact) */
    size_t n = strlen(utf8);
    unsigned char *u16 = xmalloc(n * 4 + 2);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)utf8[i];
        unsigned cp;
        size_t len;
        if (c < 0x80) {
            cp = c;
            len = 1;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
            cp = ((c & 0x1Fu) << 6) | (utf8[i + 1] & 0x3Fu);
            len = 2;
        } else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
            cp = ((c & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3Fu);
            len = 3;
        } else if ((c & 0xF8) == 0xF0 && i + 3 < n) {
            cp = ((c & 0x07u) << 18) | ((utf8[i + 1] & 0x3Fu) << 12) |
                 ((utf8[i + 2] & 0x3Fu) << 6) | (utf8[i + 3] & 0x3Fu);
            len = 4;
        } else {
            cp = 0xFFFD;
            len = 1;
        }
        i += len;
        if (cp >= 0x10000) {
            unsigned v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            u16[k++] = (unsigned char)(hi & 0xFF);
            u16[k++] = (unsigned char)(hi >> 8);
            u16[k++] = (unsigned char)(lo & 0xFF);
            u16[k++] = (unsigned char)(lo >> 8);
        } else {
            u16[k++] = (unsigned char)(cp & 0xFF);
            u16[k++] = (unsigned char)(cp >> 8);
        }
    }
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *b64 = xmalloc((k + 2) / 3 * 4 + 1), *o = b64;
    for (size_t i = 0; i < k; i += 3) {
        unsigned v = (unsigned)u16[i] << 16;
        if (i + 1 < k)
            v |= (unsigned)u16[i + 1] << 8;
        if (i + 2 < k)
            v |= u16[i + 2];
        *o++ = tab[(v >> 18) & 63];
        *o++ = tab[(v >> 12) & 63];
        *o++ = i + 1 < k ? tab[(v >> 6) & 63] : '=';
        *o++ = i + 2 < k ? tab[v & 63] : '=';
    }
    *o = '\0';
    free(u16);
    return b64;
}

static void set_reason(struct win_host *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_reason(struct win_host *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->reason, sizeof(h->reason), fmt, ap);
    va_end(ap);
}

void win_host_set_not_in_snapshot(struct win_host *h)
{
    h->from_snapshot = true;
    set_reason(h,
               "this snapshot has no %s (it was taken without Windows interop, or is not from WSL)",
               WIN_HOST_SNAPSHOT_PATH);
}

/* Parses bytes from `origin` into *h. Returns 0 or -EBADMSG (state set). */
static int take(struct win_host *h, const char *buf, size_t len, const char *file,
                const char *origin)
{
    struct diag d;
    diag_clear(&d);
    struct win_host tmp;
    int r = win_host_parse(buf, len, &tmp, &d);
    if (r < 0) {
        diag_set_file(&d, file);
        h->state = WIN_HOST_MALFORMED;
        h->diag = d;
        char msg[400];
        diag_format(&d, msg, sizeof(msg));
        set_reason(h, "%s", msg);
        return r;
    }
    /* keep what the caller already set about how it was obtained */
    unsigned spawned = h->spawned;
    bool snap = h->from_snapshot;
    *h = tmp;
    h->spawned = spawned;
    h->from_snapshot = snap;
    snprintf(h->origin, sizeof(h->origin), "%s", origin);
    return 0;
}

static int load_snapshot(const struct rootfs *root, const struct win_host_opts *opts,
                         struct win_host *h)
{
    struct strbuf sb = STRBUF_INIT;
    h->from_snapshot = true;
    int e = rootfs_read(root, WIN_HOST_SNAPSHOT_PATH, WIN_HOST_MAX_BYTES, &sb);
    if (e == -ENOENT) {
        win_host_set_not_in_snapshot(h);
        strbuf_release(&sb);
        return -ENOENT;
    }
    if (e == -EFBIG) {
        h->state = WIN_HOST_MALFORMED;
        diag_set(&h->diag, WIN_HOST_SNAPSHOT_PATH, 0, 0, "larger than %u bytes; not read",
                 WIN_HOST_MAX_BYTES);
        set_reason(h, "%s: larger than %u bytes; not read", WIN_HOST_SNAPSHOT_PATH,
                   WIN_HOST_MAX_BYTES);
        strbuf_release(&sb);
        return -EBADMSG;
    }
    if (rootfs_refusal(e)) {
        h->state = WIN_HOST_MALFORMED;
        diag_set(&h->diag, WIN_HOST_SNAPSHOT_PATH, 0, 0, "%s; not read", rootfs_refusal(e));
        set_reason(h, "%s: %s; not read", WIN_HOST_SNAPSHOT_PATH, rootfs_refusal(e));
        strbuf_release(&sb);
        return -EBADMSG;
    }
    if (e < 0) {
        set_reason(h, "cannot read %s: %s", WIN_HOST_SNAPSHOT_PATH, strerror(-e));
        strbuf_release(&sb);
        return e;
    }
    int r = take(h, sb.buf, sb.len, WIN_HOST_SNAPSHOT_PATH, "snapshot " WIN_HOST_SNAPSHOT_PATH);
    if (r == 0 && opts && opts->raw) {
        strbuf_reset(opts->raw);
        strbuf_add(opts->raw, sb.buf, sb.len);
    }
    strbuf_release(&sb);
    return r;
}

/* The Windows drive mount that holds Windows\System32: "/mnt/c", as a path
 * to run things from. (On the live machine the root is "/"; a test may mark
 * another directory live, and then the path is inside it.) */
static bool windows_drive(const struct rootfs *root, char *ret, size_t n)
{
    const char *base = strcmp(root->path, "/") == 0 ? "" : root->path;
    char mnt[256];
    struct wsl_config conf;
    struct diag d;
    int e = wsl_config_load(root, "etc/wsl.conf", true, WSLF_WSLCONF, &conf, &d);
    wsl_conf_automount_root(e == 0 ? &conf : NULL, mnt, sizeof(mnt));
    if (e == 0 || e == -EBADMSG) /* filled all the same */
        wsl_config_release(&conf);
    for (char c = 'c'; c <= 'z'; c++) {
        char probe[400];
        snprintf(probe, sizeof(probe), "%s%c/Windows/System32", mnt, c);
        if (rootfs_exists(root, probe)) {
            snprintf(ret, n, "%.200s%s%c", base, mnt, c);
            return true;
        }
    }
    return false;
}

static const char *run_error(int e, const char *msg, unsigned ms, char *buf, size_t n)
{
    if (e == -ETIMEDOUT && ms % 1000 == 0)
        snprintf(buf, n, "no answer within %u s", ms / 1000);
    else if (e == -ETIMEDOUT)
        snprintf(buf, n, "no answer within %u ms", ms);
    else if (e == -EFBIG)
        snprintf(buf, n, "printed more than %u bytes", WIN_HOST_MAX_BYTES);
    else if (e == -EPROTO)
        snprintf(buf, n, "%s", msg);
    else
        snprintf(buf, n, "cannot run it: %s", strerror(-e));
    return buf;
}

static int load_live(const struct rootfs *root, const struct win_host_opts *opts,
                     struct win_host *h)
{
    const char *env = getenv("HEADROOM_WIN_HELPER");
    const char *helper = opts && opts->helper ? opts->helper : env && *env ? env : NULL;
    bool explicit_helper = helper != NULL;
    bool interop = wsl_interop_registered(root);
    char found[PATH_MAX + 64];
    char drive[300];
    bool have_drive = interop && windows_drive(root, drive, sizeof(drive));
    char why_helper[300] = "";
    uint64_t t0 = now_ms();
    struct strbuf out = STRBUF_INIT;
    int r = -ENOENT;

    if (!explicit_helper && !interop) {
        set_reason(h, "Windows interop is not available (this is not WSL, or [interop] "
                      "enabled=false in /etc/wsl.conf): no host data");
        return -ENOENT;
    }
    if (!(opts && opts->no_helper)) {
        if (!helper && self_sibling(HELPER_NAME, found, sizeof(found)))
            helper = found;
        if (helper) {
            unsigned ms =
                opts && opts->helper_timeout_ms ? opts->helper_timeout_ms : DEFAULT_HELPER_MS;
            char *argv[] = {(char *)helper, NULL};
            char err[300];
            h->spawned++;
            int e = win_run(argv, have_drive ? drive : NULL, ms, WIN_HOST_MAX_BYTES, &out, err,
                            sizeof(err));
            if (e == 0) {
                char origin[512];
                snprintf(origin, sizeof(origin), "%s (%.400s)", HELPER_NAME, helper);
                r = take(h, out.buf, out.len, HELPER_NAME, origin);
                if (r == 0)
                    goto done;
                snprintf(why_helper, sizeof(why_helper), "%.290s", h->reason);
            } else {
                char b[300];
                snprintf(why_helper, sizeof(why_helper), "%.120s: %.170s", helper,
                         run_error(e, err, ms, b, sizeof(b)));
            }
        } else {
            snprintf(why_helper, sizeof(why_helper), "no %s beside headroom", HELPER_NAME);
        }
    }
    if (interop && !(opts && opts->no_powershell)) {
        char ps[400];
        if (!have_drive) {
            set_reason(h, "%s%sno Windows drive with Windows\\System32 under the automount root",
                       why_helper, why_helper[0] ? "; " : "");
            r = -ENOENT;
            goto done;
        }
        snprintf(ps, sizeof(ps), "%s/Windows/System32/WindowsPowerShell/v1.0/powershell.exe",
                 drive);
        unsigned ms =
            opts && opts->powershell_timeout_ms ? opts->powershell_timeout_ms : DEFAULT_PS_MS;
        char *enc = win_ps_encode(win_host_ps_script);
        char *argv[] = {
            ps,  "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand",
            enc, NULL};
        char err[300];
        h->spawned++;
        int e = win_run(argv, drive, ms, WIN_HOST_MAX_BYTES, &out, err, sizeof(err));
        free(enc);
        if (e == 0) {
            /* CRLF and a BOM are taken care of by the reader */
            memset(&h->diag, 0, sizeof(h->diag));
            r = take(h, out.buf, out.len, "powershell.exe", "powershell.exe (one call)");
            if (r == 0)
                goto done;
        } else {
            char b[300];
            set_reason(h, "%s%spowershell.exe: %s", why_helper, why_helper[0] ? "; " : "",
                       run_error(e, err, ms, b, sizeof(b)));
            r = e;
        }
        goto done;
    }
    if (h->state != WIN_HOST_MALFORMED)
        set_reason(h, "%s", why_helper[0] ? why_helper : "no way to reach Windows");
    if (r == 0 || r == -ENOENT)
        r = h->state == WIN_HOST_MALFORMED ? -EBADMSG : -ENOENT;
done:
    h->wall_ms = now_ms() - t0;
    if (r == 0 && opts && opts->raw) {
        strbuf_reset(opts->raw);
        strbuf_add(opts->raw, out.buf, out.len);
    }
    strbuf_release(&out);
    return r;
}

int win_host_load(const struct rootfs *root, const struct win_host_opts *opts, struct win_host *ret)
{
    memset(ret, 0, sizeof(*ret));
    int r = root->live ? load_live(root, opts, ret) : load_snapshot(root, opts, ret);
    if (r == 0)
        ret->state = WIN_HOST_OK;
    else if (ret->state != WIN_HOST_MALFORMED)
        ret->state = WIN_HOST_ABSENT;
    return r == 0 ? 0 : ret->state == WIN_HOST_MALFORMED ? -EBADMSG : -ENOENT;
}
