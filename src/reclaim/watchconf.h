/* /etc/headroom/watch.conf: the policy's settings as "key = value" lines
 * ('#' starts a comment; blank lines are fine). Keys:
 *   mode = gradual | dropcache | off      drop_level = 1 | 3
 *   floor = SIZE   cap = SIZE (0 = none)  step_min = SIZE   step_max = SIZE
 *   hysteresis = SIZE                     refault_stop = SIZE (per second)
 *   psi_stop = PERCENT (e.g. 1.0)         idle_threshold = PERCENT (e.g. 0.5)
 *   idle_tick = DURATION  dropcache_idle = DURATION  gradual_idle = DURATION
 *   backoff = DURATION    min_gap = DURATION         max_per_hour = N
 *   compact = true | false
 * Sizes as on the command line ("512MiB", "2G"); durations "100ms", "30s",
 * "10m", "1h" (a bare number is seconds). Unknown keys and bad values are
 * errors with line and column: a daemon must not run on a half-read file. */
#ifndef HEADROOM_WATCHCONF_H
#define HEADROOM_WATCHCONF_H

#include <stdint.h>
#include <sys/socket.h>

#include "reclaim/policy.h"
#include "util/diag.h"

/* Applies the file's settings on top of *c (only on success). Returns 0 or
 * -EBADMSG with d set. */
int watchconf_parse(const char *buf, size_t len, struct policy_config *c, struct diag *d);

/* --listen: "PORT" (127.0.0.1), "ADDR:PORT" or "[ADDR6]:PORT". Fills a
 * sockaddr_in or sockaddr_in6. Returns 0 or -EINVAL. */
int listen_addr_parse(const char *s, struct sockaddr_storage *ret, socklen_t *ret_len);

#endif
