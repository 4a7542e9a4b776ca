/* The catalogue of Windows host changes headroom knows how to make, measure
 * and undo. Every name a generated script touches comes from here, never
 * from anything a user typed or a file headroom read.
 *
 * Each item says what it changes, what it costs (risk), the source the
 * advice rests on, and a widely shared guide's claimed saving, marked as claimed:
 * the saving headroom shows is the one it measured (win_item_measure). */
#ifndef HEADROOM_WIN_CATALOG_H
#define HEADROOM_WIN_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "win/host.h"

enum win_item_kind {
    WIN_ITEM_SERVICES, /* set the start type of services (Set-Service, registry fallback) */
    WIN_ITEM_DRIVER,   /* set a driver's registry Start value */
    WIN_ITEM_APPX,     /* an AppX feature (Widgets): measured by its processes, turned off
                        * by a policy DWORD (reg_*) */
    WIN_ITEM_REGVALUE, /* set a DWORD registry value */
    WIN_ITEM_PAGEFILE, /* the page file to system managed (Win32_ComputerSystem
                        * AutomaticManagedPagefile); PagingFiles (reg_path,
                        * reg_name) recorded for the undo */
};

enum win_risk { WIN_RISK_LOW, WIN_RISK_MEDIUM, WIN_RISK_HIGH };

struct win_item {
    const char *id;    /* "sysmain": what --apply takes */
    const char *title; /* "SysMain (Superfetch)" */
    enum win_item_kind kind;
    const char *const *names; /* services, the driver, or the package; NULL-terminated */
    unsigned target_start;    /* SERVICES/DRIVER: 4 disabled, 3 manual */
    bool registry_only;       /* SERVICES: Set-Service is refused (DoSvc): write Start */
    const char *reg_path;     /* REGVALUE, APPX: "HKLM:\\SOFTWARE\\Policies\\..." */
    const char *reg_name;     /* REGVALUE, APPX */
    unsigned reg_value;       /* REGVALUE, APPX: the DWORD to write */
    const char *what;         /* what the service/feature does */
    const char *change;       /* what the script changes, in words */
    enum win_risk risk;
    const char *risk_text;
    const char *source;  /* where the advice comes from */
    const char *claimed; /* a widely shared guide's claim, or NULL */
    const char *verdict; /* what research found about that claim */
    /* --recommended picks the item when its measured saving is at least
     * this (0: never on savings alone; see win_item_recommended) */
    uint64_t recommend_min;
    const char *undo_note; /* what undo cannot restore by itself, or NULL */
    const char *store_id;  /* APPX: the Store id the undo of an older state file (the
                            * package removed) re-installs from */
};

extern const struct win_item win_items[];
extern const size_t win_nitems;

/* Claims of a widely shared guide that no catalogue item carries, checked
 * (public sources, each named): what it said, what was found, the source. */
struct win_claim {
    const char *topic, *claim, *verdict, *source;
};
extern const struct win_claim win_claims[];
extern const size_t win_nclaims;

/* Services headroom never touches, and why. NULL-terminated pairs. */
extern const char *const win_protected[][2];

const struct win_item *win_item_find(const char *id);
/* True when `name` (a service) is one headroom must never change. */
bool win_is_protected(const char *name);
const char *win_risk_name(enum win_risk r);

/* What disabling an item would save, from measured host data. */
struct win_saving {
    bool known;       /* a figure could be measured */
    uint64_t bytes;   /* working set that would go (an upper bound) */
    bool shared;      /* a service shares its process: not separable */
    unsigned running; /* services/processes of the item running now */
    unsigned present; /* of the item's names, how many the host has */
    char note[240];   /* one line: how the figure was reached, or why none */
};
void win_item_measure(const struct win_item *it, const struct win_host *h, struct win_saving *ret);
/* Whether --recommended picks the item on this host, and why (one line). */
bool win_item_recommended(const struct win_item *it, const struct win_host *h, char *why, size_t n);
/* The same, knowing the VM's MemTotal (`vm_total` bytes, 0 = unknown): the
 * page file item is recommended only when windows.commit-headroom's test
 * fails for that VM (win_pagefile_recommended). */
bool win_item_recommended_vm(const struct win_item *it, const struct win_host *h, uint64_t vm_total,
                             char *why, size_t n);
/* The Delivery Optimization items (dosvc, do-peering) that
 * win_item_recommended picks on this host, in catalogue order, at most n:
 * the one list doctor's windows.dosvc finding and `windows script
 * --recommended` both give. Returns how many. */
size_t win_dosvc_recommended(const struct win_host *h, const struct win_item **ret, size_t n);

#endif
