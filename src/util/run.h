/* Running a helper program of the live machine (never one from a --root)
 * and capturing what it prints, with a time limit. The one process runner:
 * wslinfo, cmd.exe and wslpath, journalctl, headroom-win.exe and
 * powershell.exe all go through run_program(). */
#ifndef HEADROOM_RUN_H
#define HEADROOM_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct run_spec {
    char *const *argv;   /* argv[0]: an absolute path */
    const char *cwd;     /* NULL: the current directory */
    unsigned timeout_ms; /* the child and everything it started are killed after it */
    size_t cap;          /* most stdout bytes kept */
    bool cap_is_error;   /* more than cap: stop with -EFBIG (else keep the first cap) */
    char *const *envp;   /* NULL: this process's environment */
};

struct run_result {
    int status;         /* exit status 0-255, or 128 + the signal that ended it */
    char err_line[256]; /* the first non-empty line it wrote on stderr */
};

/* Runs spec->argv with stdin on /dev/null, in a process group of its own
 * (so a timeout ends a wrapper's children too), its stdout appended to out.
 * Returns 0 when the program ended by itself (res->status says how); -ETIMEDOUT
 * when it was killed at the limit; -EFBIG when it printed more than cap with
 * cap_is_error; another -errno when it could not run. */
int run_program(const struct run_spec *spec, struct strbuf *out, struct run_result *res);

/* The short form: stderr dropped, output past `cap` dropped. Returns the exit
 * status (0-255, 128 + signal), or -errno when it could not run, or
 * -ETIMEDOUT. */
int run_capture(char *const argv[], const char *cwd, int timeout_ms, size_t cap,
                struct strbuf *out);

#endif
