/* The report's headline: the doctor's next step, and the room for AI now
 * against the room after the fixes the doctor lists. Every figure here is
 * one headroom already has: the room is budget_compute()'s, and a fix's
 * saving is win_item_measure()'s measured working set of the catalogue
 * items the fix's `headroom windows script --apply` command names. The
 * "after" figure is the room now plus those savings: an estimate (a working
 * set is an upper bound of what stopping a service returns). The renderer
 * (src/out/html.c) only prints this. */
#ifndef HEADROOM_HEADLINE_H
#define HEADROOM_HEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budget.h"
#include "rules/rules.h"
#include "win/host.h"

#define HEADLINE_MAX_SAVINGS 8

struct headline_saving {
    const struct finding *finding; /* the finding whose fix names the item */
    const char *item_id;           /* "dosvc" */
    const char *item_title;        /* "Delivery Optimization (DoSvc)" */
    uint64_t bytes;                /* measured working set (an upper bound) */
    bool shared;                   /* its process hosts other services too */
};

struct headline {
    size_t critical, warnings;
    /* doctor_next_step(): the finding the next step comes from (NULL:
     * nothing to fix), and its first command or else its advice */
    const struct finding *next;
    const char *next_command, *next_advice;
    /* the room for AI now: the budget's last line (NULL budget: unknown) */
    bool room_known;
    bool room_measured_now; /* "room for AI now", not the profile's "left for AI" */
    int64_t room;
    /* the guest's MemAvailable now */
    uint64_t guest_available;
    /* the fixes with a measured saving, and the room after them */
    struct headline_saving savings[HEADLINE_MAX_SAVINGS];
    size_t nsavings;
    uint64_t saved;
    int64_t room_after; /* room + saved, valid when room_known and nsavings */
};

/* `b` (may be NULL), `host` (may be NULL or not ok). */
void headline_compute(const struct doctor_result *dr, const struct budget *b,
                      const struct win_host *host, const struct machine *m, struct headline *ret);

/* The catalogue item ids a fix command applies ("headroom windows script
 * --apply a,b -o F"), written NUL-separated into buf; returns how many. */
size_t headline_applied_items(const char *cmd, char *buf, size_t n);

#endif
