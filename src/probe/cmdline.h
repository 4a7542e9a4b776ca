/* /proc/cmdline: the kernel command line. WSL writes nr_cpus=N for
 * `processors`, page_reporting.page_reporting_order=N (since 2.8.5), and a
 * user's `kernelCommandLine` lands here too (e.g. psi=1). */
#ifndef HEADROOM_CMDLINE_H
#define HEADROOM_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

struct cmdline {
    char raw[4096]; /* the line, without its newline (truncated if longer) */
    bool has_nr_cpus;
    uint64_t nr_cpus;
    bool has_page_reporting_order;
    uint64_t page_reporting_order;
    /* psi= as the kernel reads it (kstrtobool: 1/y/on -> 1, 0/n/off -> 0);
     * -1 when absent or unparsable. */
    int psi;
};

/* initrd=\initrd.img panic=-1 pty.legacy_count=0 nr_cpus=8 vsyscall=emulate
 * Parameters are space separated; double quotes group. The last occurrence
 * of a parameter wins, as in the kernel. A value that is not a number for
 * nr_cpus / page_reporting_order is malformed. Returns 0 or -EBADMSG. */
int cmdline_parse(const char *buf, size_t len, struct cmdline *ret, struct diag *d);
int cmdline_read(const struct rootfs *r, struct cmdline *ret, struct probe_status *st);

#endif
