#include "util/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void diag_clear(struct diag *d)
{
    memset(d, 0, sizeof(*d));
}

void diag_set_file(struct diag *d, const char *file)
{
    if (file)
        snprintf(d->file, sizeof(d->file), "%s", file);
}

void diag_set(struct diag *d, const char *file, unsigned line, unsigned column, const char *fmt,
              ...)
{
    if (!d)
        return;
    diag_set_file(d, file);
    d->line = line;
    d->column = column;
    d->has_offset = false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    va_end(ap);
}

void diag_set_offset(struct diag *d, const char *file, uint64_t offset, const char *fmt, ...)
{
    if (!d)
        return;
    diag_set_file(d, file);
    d->line = d->column = 0;
    d->has_offset = true;
    d->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    va_end(ap);
}

void diag_format(const struct diag *d, char *buf, size_t n)
{
    const char *file = d->file[0] ? d->file : "<input>";
    if (d->has_offset)
        snprintf(buf, n, "%s: offset %llu: %s", file, (unsigned long long)d->offset, d->message);
    else if (d->line && d->column)
        snprintf(buf, n, "%s:%u:%u: %s", file, d->line, d->column, d->message);
    else if (d->line)
        snprintf(buf, n, "%s:%u: %s", file, d->line, d->message);
    else
        snprintf(buf, n, "%s: %s", file, d->message);
}

void diag_locate(const char *buf, size_t len, size_t off, unsigned *ret_line, unsigned *ret_col)
{
    unsigned line = 1, col = 1;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    *ret_line = line;
    *ret_col = col;
}
