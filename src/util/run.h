/* Running a helper program of the live machine (never one from a --root)
 * and capturing its standard output, with a time limit. */
#ifndef HEADROOM_RUN_H
#define HEADROOM_RUN_H

#include <stddef.h>

#include "util/strbuf.h"

/* Runs `argv[0]` (an absolute path) with `argv`, stdin and stderr on
 * /dev/null, in directory `cwd` (NULL: the current one). Appends at most
 * `cap` bytes of its stdout to `out`. The child is killed after `timeout_ms`.
 * Returns its exit status (0-255), or -errno when it could not run, or
 * -ETIMEDOUT. */
int run_capture(char *const argv[], const char *cwd, int timeout_ms, size_t cap,
                struct strbuf *out);

#endif
