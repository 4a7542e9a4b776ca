/* Pruning old backups: the newest ten are plenty to undo a mistake, and an
 * unbounded pile once made the 101st edit in one second fail (every name
 * of that second was taken). */
#include "util/backups.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

struct backup {
    char *name;
    char stamp[17]; /* YYYYMMDDTHHMMSSZ */
    unsigned long n;
};

/* name is BASE.bak-YYYYMMDDTHHMMSSZ or BASE.bak-YYYYMMDDTHHMMSSZ.N (N 1..999). */
static bool parse_backup(const char *name, const char *base, size_t bl, struct backup *ret)
{
    if (strncmp(name, base, bl) != 0 || strncmp(name + bl, ".bak-", 5) != 0)
        return false;
    const char *s = name + bl + 5;
    for (int i = 0; i < 16; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (i == 8 ? s[i] != 'T' : i == 15 ? s[i] != 'Z' : !digit)
            return false;
    }
    memcpy(ret->stamp, s, 16);
    ret->stamp[16] = '\0';
    ret->n = 0;
    s += 16;
    if (*s == '\0')
        return true;
    if (*s != '.' || s[1] < '1' || s[1] > '9')
        return false;
    for (s++; *s; s++) {
        if (*s < '0' || *s > '9' || ret->n > 99)
            return false;
        ret->n = ret->n * 10 + (unsigned long)(*s - '0');
    }
    return true;
}

static int newest_first(const void *a, const void *b)
{
    const struct backup *x = a, *y = b;
    int c = strcmp(y->stamp, x->stamp);
    if (c)
        return c;
    return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* The backups of path, newest first; the directory stays open in *ret_dir. */
static int list_backups(const char *path, DIR **ret_dir, struct backup **ret, size_t *ret_n)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    size_t bl = strlen(base);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (dfd < 0)
        return -errno;
    DIR *d = fdopendir(dfd);
    if (!d) {
        int e = -errno;
        close(dfd);
        return e;
    }
    struct backup *v = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        struct backup b;
        if (!parse_backup(de->d_name, base, bl, &b))
            continue;
        v = xgrow(v, n + 1, sizeof(*v), &alloc);
        b.name = xstrdup(de->d_name);
        v[n++] = b;
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), newest_first);
    *ret_dir = d;
    *ret = v;
    *ret_n = n;
    return 0;
}

static void free_backups(struct backup *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

int backups_next_index(const char *path, const char *stamp)
{
    DIR *d;
    struct backup *v;
    size_t n;
    int e = list_backups(path, &d, &v, &n);
    if (e < 0)
        return 0; /* the write itself will say what is wrong with the directory */
    int next = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].stamp, stamp) == 0 && (int)v[i].n + 1 > next)
            next = (int)v[i].n + 1;
    free_backups(v, n);
    closedir(d);
    return next;
}

int backups_prune(const char *path, size_t keep, struct strbuf *removed)
{
    DIR *d;
    struct backup *v;
    size_t n;
    int e = list_backups(path, &d, &v, &n);
    if (e < 0)
        return e;
    int count = 0;
    for (size_t i = keep; i < n; i++) {
        struct stat st;
        /* a regular file only: never a directory or a link someone put there */
        if (fstatat(dirfd(d), v[i].name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            unlinkat(dirfd(d), v[i].name, 0) == 0) {
            strbuf_addf(removed, "%s\n", v[i].name);
            count++;
        }
    }
    free_backups(v, n);
    closedir(d);
    return count;
}
