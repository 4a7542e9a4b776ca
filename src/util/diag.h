/* Where malformed input went wrong: file, line, column (1-based; 0 = not
 * known), or a byte offset for binary formats, plus one line of message.
 * Filled by parsers that return -EBADMSG; printed by the command layer as
 *   FILE:LINE:COL: MESSAGE   or   FILE: offset N: MESSAGE */
#ifndef HEADROOM_DIAG_H
#define HEADROOM_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct diag {
    char file[256];
    unsigned line;
    unsigned column;
    bool has_offset;
    uint64_t offset;
    char message[256];
};

void diag_clear(struct diag *d);
/* Sets file (may be NULL to keep the current one), position and message. */
void diag_set(struct diag *d, const char *file, unsigned line, unsigned column, const char *fmt,
              ...) __attribute__((format(printf, 5, 6)));
void diag_set_offset(struct diag *d, const char *file, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_set_file(struct diag *d, const char *file);
/* Renders the one-line form into buf (always NUL-terminated). */
void diag_format(const struct diag *d, char *buf, size_t n);
/* Line and column (1-based) of byte `off` in buf. */
void diag_locate(const char *buf, size_t len, size_t off, unsigned *ret_line, unsigned *ret_col);

#endif
