#include "wslconfig/wslconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/interop.h"
#include "util/io.h"
#include "util/run.h"
#include "util/xalloc.h"

static void push_name(char ***v, size_t *n, char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof(**v));
    (*v)[(*n)++] = s;
}

static bool skip_profile(const char *name)
{
    static const char *const skip[] = {"Public", "Default", "Default User", "All Users"};
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (strcasecmp(name, skip[i]) == 0)
            return true;
    return name[0] == '.';
}

int wsl_parse_profile_output(const char *buf, size_t len, char *ret, size_t n)
{
    struct strbuf tmp = STRBUF_INIT;
    strbuf_addstr(&tmp, "\xFF\xFE"); /* cmd.exe /u writes UTF-16LE without a BOM */
    strbuf_add(&tmp, buf, len);
    struct wsldoc doc;
    wsldoc_parse(tmp.buf, tmp.len, false, &doc);
    char win[1024] = "";
    size_t wl = 0;
    if (doc.nlines && doc.lines[0].text_len < sizeof(win)) {
        wl = doc.lines[0].text_len;
        memcpy(win, doc.lines[0].text, wl);
        win[wl] = '\0';
    }
    wsldoc_release(&doc);
    strbuf_release(&tmp);
    while (wl && win[wl - 1] == ' ')
        win[--wl] = '\0';
    /* "C:\Users\alex"; an unset variable echoes "%USERPROFILE%" */
    bool drive = (win[0] >= 'A' && win[0] <= 'Z') || (win[0] >= 'a' && win[0] <= 'z');
    if (!drive || win[1] != ':' || win[2] != '\\' || strlen(win) != wl || wl + 1 > n)
        return -EBADMSG;
    memcpy(ret, win, wl + 1);
    return 0;
}

int wsl_profile_via_interop(const struct rootfs *root, char *ret, size_t n)
{
    if (!wsl_interop_registered(root))
        return -ENOENT;
    /* cmd.exe: where WSL mounts C: by default, else on PATH (WSL appends
     * the Windows PATH unless interop.appendWindowsPath=false) */
    static const char *const cmds[] = {"/mnt/c/Windows/System32/cmd.exe",
                                       "/mnt/c/WINDOWS/system32/cmd.exe"};
    const char *cmd = NULL;
    char found[1024];
    for (size_t i = 0; i < 2 && !cmd; i++)
        if (access(cmds[i], X_OK) == 0)
            cmd = cmds[i];
    const char *path = getenv("PATH");
    while (!cmd && path && *path) {
        size_t len = strcspn(path, ":");
        if (len && len < sizeof(found) - 10) {
            snprintf(found, sizeof(found), "%.*s/cmd.exe", (int)len, path);
            if (found[0] == '/' && access(found, X_OK) == 0)
                cmd = found;
        }
        path += len + (path[len] == ':');
    }
    const char *wslpath = access("/usr/bin/wslpath", X_OK) == 0 ? "/usr/bin/wslpath"
                          : access("/bin/wslpath", X_OK) == 0   ? "/bin/wslpath"
                                                                : NULL;
    if (!cmd || !wslpath)
        return -ENOENT;
    /* cmd.exe warns about a UNC current directory: start it in C:\. */
    char *argv1[] = {(char *)cmd, (char *)"/u", (char *)"/c", (char *)"echo %USERPROFILE%", NULL};
    struct strbuf out = STRBUF_INIT;
    int r = run_capture(argv1, "/mnt/c", 3000, 4096, &out);
    char win[1024];
    int pr = wsl_parse_profile_output(out.buf, out.len, win, sizeof(win));
    strbuf_release(&out);
    if (r != 0)
        return r < 0 ? r : -EIO;
    if (pr < 0)
        return pr;
    char *argv2[] = {(char *)wslpath, (char *)"-u", win, NULL};
    r = run_capture(argv2, NULL, 3000, 4096, &out);
    size_t len = out.len;
    while (len && (out.buf[len - 1] == '\n' || out.buf[len - 1] == '\r'))
        len--;
    if (r != 0 || len == 0 || out.buf[0] != '/' || len >= n || memchr(out.buf, '\n', len)) {
        strbuf_release(&out);
        return r < 0 ? r : -EBADMSG;
    }
    memcpy(ret, out.buf, len);
    ret[len] = '\0';
    strbuf_release(&out);
    return 0;
}

void wsl_locate(const struct rootfs *root, bool allow_interop, struct wsl_locate *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (allow_interop && root->live) {
        char prof[1024];
        if (wsl_profile_via_interop(root, prof, sizeof(prof)) == 0) {
            ret->method = "Windows profile via cmd.exe and wslpath";
            char *p = xasprintf("%s/.wslconfig", prof + 1);
            if (rootfs_exists(root, p))
                push_name(&ret->found, &ret->nfound, p);
            else {
                free(p);
                push_name(&ret->profiles, &ret->nprofiles, xstrdup(prof + 1));
            }
            return;
        }
    }
    ret->method = "mnt/c/Users";
    char **names;
    size_t n;
    if (rootfs_list(root, "mnt/c/Users", 256, &names, &n) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if (skip_profile(names[i]))
            continue;
        char *dir = xasprintf("mnt/c/Users/%s", names[i]);
        struct stat st;
        if (rootfs_stat(root, dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
            free(dir);
            continue;
        }
        char *p = xasprintf("%s/.wslconfig", dir);
        if (rootfs_stat(root, p, &st) == 0 && S_ISREG(st.st_mode)) {
            push_name(&ret->found, &ret->nfound, p);
            free(dir);
        } else {
            free(p);
            push_name(&ret->profiles, &ret->nprofiles, dir);
        }
    }
    rootfs_names_free(names, n);
}

void wsl_locate_release(struct wsl_locate *loc)
{
    for (size_t i = 0; i < loc->nfound; i++)
        free(loc->found[i]);
    for (size_t i = 0; i < loc->nprofiles; i++)
        free(loc->profiles[i]);
    free(loc->found);
    free(loc->profiles);
    memset(loc, 0, sizeof(*loc));
}

void wsl_config_from_bytes(const char *buf, size_t len, enum wsl_file kind, struct wsl_config *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->kind = kind;
    strbuf_init(&ret->bytes);
    strbuf_add(&ret->bytes, buf, len);
    wsldoc_parse(ret->bytes.buf, ret->bytes.len, kind == WSLF_WSLCONF, &ret->doc);
    wsl_eval_run(&ret->doc, kind, &ret->ev);
}

int wsl_config_load(const struct rootfs *root, const char *path, bool in_root, enum wsl_file kind,
                    struct wsl_config *ret, struct diag *d)
{
    struct strbuf sb = STRBUF_INIT;
    int r = in_root ? rootfs_read(root, path, WSL_CONFIG_CAP, &sb)
                    : read_file_capped(path, WSL_CONFIG_CAP, &sb, NULL);
    if (r < 0) {
        strbuf_release(&sb);
        return r;
    }
    wsl_config_from_bytes(sb.buf, sb.len, kind, ret);
    strbuf_release(&sb);
    ret->path = xstrdup(path);
    ret->in_root = in_root;
    enum wsl_encoding e = ret->doc.enc;
    bool unreadable = e == WSLENC_UTF16BE_BOM || e == WSLENC_UTF16LE_NOBOM ||
                      e == WSLENC_UTF16BE_NOBOM ||
                      (kind == WSLF_WSLCONF && e == WSLENC_UTF16LE_BOM);
    if (unreadable) {
        diag_set_offset(d, path, 0, "%s: WSL cannot read this encoding", wsl_encoding_label(e));
        return -EBADMSG;
    }
    return 0;
}

void wsl_config_touch(const struct rootfs *root)
{
    struct wsl_locate loc;
    wsl_locate(root, true, &loc);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < loc.nfound; i++) {
        strbuf_reset(&sb);
        (void)rootfs_read(root, loc.found[i], WSL_CONFIG_CAP, &sb);
    }
    strbuf_reset(&sb);
    (void)rootfs_read(root, "etc/wsl.conf", WSL_CONFIG_CAP, &sb);
    strbuf_release(&sb);
    wsl_locate_release(&loc);
}

void wsl_config_release(struct wsl_config *cfg)
{
    wsl_eval_release(&cfg->ev);
    wsldoc_release(&cfg->doc);
    strbuf_release(&cfg->bytes);
    free(cfg->path);
    memset(cfg, 0, sizeof(*cfg));
}

void wsl_config_lint(const struct wsl_config *cfg, const char *display,
                     const struct wsl_facts *facts, struct findings *out)
{
    wsl_lint(display, &cfg->doc, &cfg->ev, facts, out);
}

void wsl_conf_automount_root(const struct wsl_config *conf, char *ret, size_t n)
{
    snprintf(ret, n, "/mnt/");
    const struct wsl_setting *s = conf ? wsl_eval_get(&conf->ev, "automount.root") : NULL;
    if (!s || !s->text || s->text[0] != '/')
        return;
    size_t l = strlen(s->text);
    if (l + 2 > n)
        return;
    snprintf(ret, n, "%s%s", s->text, s->text[l - 1] == '/' ? "" : "/");
}
