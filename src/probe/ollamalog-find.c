/* Where Ollama's log is found (ollamalog.h, ollamalog_find): the tail of a
 * log file through the root, or journalctl -u ollama on the live machine. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe/ollamalog.h"
#include "util/lines.h"
#include "util/run.h"

/* The last `cap` bytes of a file, from its first whole line. */
static int read_tail(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out)
{
    int fd;
    int e = rootfs_open(r, path, O_RDONLY | O_NONBLOCK, &fd);
    if (e < 0)
        return e;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -EINVAL;
    }
    off_t start = st.st_size > (off_t)cap ? st.st_size - (off_t)cap : 0;
    char chunk[65536];
    for (off_t off = start;;) {
        ssize_t got = pread(fd, chunk, sizeof(chunk), off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || out->len >= cap)
            break;
        size_t take = (size_t)got;
        if (out->len + take > cap)
            take = cap - out->len;
        strbuf_add(out, chunk, take);
        off += got;
    }
    close(fd);
    if (start > 0) { /* drop the partial first line */
        const char *nl = memchr(out->buf, '\n', out->len);
        size_t cut = nl ? (size_t)(nl - out->buf) + 1 : out->len;
        memmove(out->buf, out->buf + cut, out->len - cut);
        strbuf_setlen(out, out->len - cut);
    }
    return 0;
}

static void keep_wanted(const struct strbuf *in, struct strbuf *out)
{
    struct lines it;
    lines_init(&it, in->buf, in->len);
    const char *s;
    size_t n;
    while (lines_next(&it, &s, &n))
        if (ollamalog_line_wanted(s, n)) {
            strbuf_add(out, s, n);
            strbuf_addch(out, '\n');
        }
}

/* journalctl -u ollama on the live machine (Ollama's Linux install runs it
 * as the systemd unit ollama.service, logging to the journal). */
static int read_journal(struct strbuf *out)
{
    static const char *const paths[] = {"/usr/bin/journalctl", "/bin/journalctl"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        if (access(paths[i], X_OK) != 0)
            continue;
        char *argv[] = {(char *)paths[i], "-u", "ollama", "--no-pager", "-o",
                        "short",          "-n", "20000",  NULL};
        int rc = run_capture(argv, NULL, 3000, OLLAMALOG_CAP, out);
        if (rc < 0)
            return rc;
        /* no unit, or a journal this user may not read: nothing to go on */
        if (rc != 0 || out->len == 0 || strncmp(out->buf, "-- No entries --", 16) == 0)
            return -ENOENT;
        return 0;
    }
    return -ENOENT;
}

int ollamalog_find(const struct rootfs *r, struct ollama_log *ret, char *ret_path, size_t n,
                   struct strbuf *raw, struct probe_status *st)
{
    memset(st, 0, sizeof(*st));
    st->state = PROBE_UNAVAILABLE;
    st->error = -ENOENT;
    st->path = OLLAMALOG_SNAPSHOT_PATH;
    /* the candidates, in order */
    struct strbuf cands = STRBUF_INIT;
    if (!r->live)
        strbuf_addstr(&cands, OLLAMALOG_SNAPSHOT_PATH "\n");
    strbuf_addstr(&cands, "root/.ollama/logs/server.log\n");
    char **names;
    size_t nn;
    if (rootfs_list(r, "home", 256, &names, &nn) == 0) {
        for (size_t i = 0; i < nn; i++)
            if (!strchr(names[i], '\n'))
                strbuf_addf(&cands, "home/%s/.ollama/logs/server.log\n", names[i]);
        rootfs_names_free(names, nn);
    }
    if (rootfs_list(r, "mnt/c/Users", 256, &names, &nn) == 0) {
        for (size_t i = 0; i < nn; i++)
            if (!strchr(names[i], '\n'))
                strbuf_addf(&cands, "mnt/c/Users/%s/AppData/Local/Ollama/server.log\n", names[i]);
        rootfs_names_free(names, nn);
    }
    if (r->live)
        strbuf_addstr(&cands, "journalctl -u ollama\n");
    int result = -ENOENT;
    for (char *p = cands.buf; *p;) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        struct strbuf sb = STRBUF_INIT;
        int e = strcmp(p, "journalctl -u ollama") == 0 ? read_journal(&sb)
                                                       : read_tail(r, p, OLLAMALOG_CAP, &sb);
        if (e == 0) {
            struct diag d;
            diag_clear(&d);
            if (ret_path)
                snprintf(ret_path, n, "%s", p);
            if (ollamalog_parse(sb.buf, sb.len, ret, &d) < 0) {
                if (!d.file[0])
                    diag_set_file(&d, p);
                st->state = PROBE_MALFORMED;
                st->diag = d;
                result = -EBADMSG;
            } else {
                st->state = PROBE_OK;
                st->error = 0;
                result = 0;
            }
            if (raw)
                keep_wanted(&sb, raw);
            strbuf_release(&sb);
            break;
        }
        strbuf_release(&sb);
        p = nl + 1;
    }
    strbuf_release(&cands);
    return result;
}
