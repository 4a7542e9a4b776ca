#include "util/tar-peek.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/shell-word.h"
#include "util/xalloc.h"

/* The header's checksum: the sum of its 512 bytes with the 8-byte checksum
 * field (offset 148) counted as spaces, written as octal digits there
 * (POSIX.1-1988 ustar; GNU tar writes the same field). */
static int checksum_ok(const unsigned char *h)
{
    unsigned long sum = 0, want = 0;
    for (size_t i = 0; i < 512; i++)
        sum += i >= 148 && i < 156 ? ' ' : h[i];
    size_t i = 148;
    while (i < 156 && h[i] == ' ')
        i++;
    size_t digits = 0;
    for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++, digits++)
        want = want * 8 + (unsigned long)(h[i] - '0');
    return digits > 0 && want == sum;
}

enum tar_kind tar_peek_parse(const unsigned char *buf, size_t len, char *ret_top, size_t n)
{
    if (n)
        ret_top[0] = '\0';
    if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
        return TAR_GZIP;
    /* "ustar\0" (POSIX) or "ustar " (GNU) at offset 257 */
    if (len < 512 || memcmp(buf + 257, "ustar", 5) != 0 || !checksum_ok(buf))
        return TAR_NONE;
    /* the first member's name: up to 100 bytes, NUL-padded; its first
     * component, when it is a plain name (no "..", no leading '/') */
    size_t nl = 0;
    while (nl < 100 && buf[nl])
        nl++;
    size_t cl = 0;
    while (cl < nl && buf[cl] != '/')
        cl++;
    bool plain = cl > 0 && cl < n && !(cl == 2 && buf[0] == '.' && buf[1] == '.') &&
                 !(cl == 1 && buf[0] == '.');
    for (size_t i = 0; plain && i < cl; i++)
        plain = buf[i] >= 0x20 && buf[i] < 0x7f;
    if (plain) {
        memcpy(ret_top, buf, cl);
        ret_top[cl] = '\0';
    }
    return TAR_USTAR;
}

enum tar_kind tar_peek_file(const char *path, char *ret_top, size_t n)
{
    if (n)
        ret_top[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return TAR_NONE;
    struct stat st;
    unsigned char h[512];
    size_t got = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        while (got < sizeof(h)) {
            ssize_t r = read(fd, h + got, sizeof(h) - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
    }
    close(fd);
    return tar_peek_parse(h, got, ret_top, n);
}

void tar_extract_advice(const char *path, enum tar_kind k, const char *top, struct strbuf *out)
{
    const char *kind = k == TAR_GZIP ? "gzip file (a .tar.gz?)" : "tar file";
    /* the directory to extract into: the file's name without .tar, .tar.gz
     * or .tgz ("snap" for snap.tar), or "snap" when that leaves nothing */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *dir = xstrdup(base);
    size_t dl = strlen(dir);
    static const char *const exts[] = {".tar.gz", ".tgz", ".tar", NULL};
    bool cut = false;
    for (const char *const *x = exts; *x && !cut; x++)
        if (dl > strlen(*x) && strcmp(dir + dl - strlen(*x), *x) == 0) {
            dir[dl - strlen(*x)] = '\0';
            cut = true;
        }
    struct strbuf q = STRBUF_INIT, file = STRBUF_INIT, into = STRBUF_INIT, qinto = STRBUF_INIT;
    if (!cut || !shell_word_add(&q, dir)) {
        strbuf_reset(&q);
        strbuf_addstr(&q, "snap");
        free(dir);
        dir = xstrdup("snap");
    }
    /* the directory --root takes then: DIR/TOP, as one word */
    strbuf_addf(&into, "%s%s%s", dir, top[0] ? "/" : "", top);
    if (!shell_word_add(&file, path) || !shell_word_add(&qinto, into.buf))
        /* a name no command can hold as it is: no command, then */
        strbuf_addf(out, "a %s, not a directory; extract it first with tar -xf", kind);
    else if (top[0])
        strbuf_addf(out,
                    "a %s, not a directory; extract it first: mkdir %s && tar -xf %s -C %s, "
                    "then give --root %s",
                    kind, q.buf, file.buf, q.buf, qinto.buf);
    else /* inside gzip headroom does not look */
        strbuf_addf(out,
                    "a %s, not a directory; extract it first: mkdir %s && tar -xf %s -C %s, "
                    "then give --root the directory tar made inside %s",
                    kind, q.buf, file.buf, q.buf, q.buf);
    strbuf_release(&q);
    strbuf_release(&file);
    strbuf_release(&into);
    strbuf_release(&qinto);
    free(dir);
}
