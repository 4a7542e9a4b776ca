/* The memory budget of a Windows host running WSL2 for local AI: host RAM,
 * minus Windows and its services, minus a browser, minus WSL's own
 * overhead, leaves room for AI. The rows and their figures are commonly
 * quoted ones, as in widely shared WSL2 tuning guides (profiles `minimal` and
 * `typical`, the high end of each range, since a budget must hold on a bad
 * day); each line says whether it is measured, given, inferred or assumed.
 *
 * Host facts come from ONE place, host_facts_resolve(): the host's RAM is
 * given (--host-ram), else measured from the Windows host data (the helper,
 * PowerShell, or a snapshot's host.json), else inferred where a documented
 * WSL rule allows it (no memory= in .wslconfig: the VM got 50 % of host
 * RAM, so host RAM is about 2 x MemTotal), else unknown. */
#ifndef HEADROOM_BUDGET_H
#define HEADROOM_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "win/host.h"
#include "wslconfig/eval.h"

enum host_source { HOST_UNKNOWN = 0, HOST_MEASURED, HOST_GIVEN, HOST_INFERRED };

struct host_facts {
    uint64_t ram; /* bytes, 0 = unknown */
    enum host_source ram_src;
    char ram_from[200]; /* "--host-ram 16GB", "inferred: ..." */
    unsigned cpus;      /* logical CPUs, 0 = unknown */
    enum host_source cpus_src;
    char cpus_from[200];
};

/* `m` (may be NULL) is the machine; `wslconfig` (may be NULL) the
 * evaluated .wslconfig in use; `win` (may be NULL or not ok) the Windows
 * host data, whose measured total RAM comes first after a given one;
 * `given_ram`/`given_cpus` (0 = not given) come from the command line and
 * win. */
void host_facts_resolve(const struct machine *m, const struct wsl_eval *wslconfig,
                        const struct win_host *win, uint64_t given_ram, unsigned given_cpus,
                        struct host_facts *ret);
const char *host_source_name(enum host_source s); /* "measured", "given", "inferred", "unknown" */

enum budget_profile { BUDGET_MINIMAL = 0, BUDGET_TYPICAL };
/* "minimal" / "typical"; returns -1 for anything else. */
int budget_profile_parse(const char *s);
const char *budget_profile_name(enum budget_profile p);
/* The i-th profile's name, NULL after the last (what --profile takes). */
const char *budget_profile_at(size_t i);

enum budget_kind { BK_MEASURED, BK_GIVEN, BK_INFERRED, BK_ASSUMED, BK_COMPUTED, BK_UNKNOWN };
const char *budget_kind_name(enum budget_kind k);

struct budget_line {
    const char *name;  /* stable: "host_ram", "windows", "browser", "wsl_overhead", then
                          "left_for_ai" or, when measured_now, "room_for_ai_now" */
    const char *label; /* "Windows 11 + services" */
    bool known;
    uint64_t bytes;
    bool subtract;
    enum budget_kind kind;
    char note[240];
};

struct budget {
    enum budget_profile profile;
    struct budget_line lines[6];
    size_t n;
    bool left_known;
    int64_t left; /* may be negative: the profile does not fit the host */
    /* true when Windows or the browsers were measured on the host now: then
     * `left` is the room for AI now (line "room_for_ai_now"), not the
     * profile's left for AI (line "left_for_ai"), and the memory= below is
     * what fits now, not the profile's recommendation; two figures, two
     * names */
    bool measured_now;
    /* memory= that fits: the room, rounded down to a whole GB, at least 2 GB */
    bool recommended_known;
    uint64_t recommended_memory;
    /* the VM's limit now, from the .wslconfig */
    bool limit_known;
    uint64_t limit;
    char limit_from[200];
};

/* Computes the budget. `vm` (may be NULL) is the evaluated .wslconfig's VM
 * on this host; `limit_from` says where its memory comes from ("line 5:
 * memory=6GB"). The WSL overhead is measured (memory= minus MemTotal) when
 * `m` is a WSL2 machine whose .wslconfig sets memory, else assumed. With
 * the Windows host data (`win`, may be NULL), the Windows and browser lines
 * are measured: what the browsers' processes hold, and what the rest of
 * Windows holds now (in use, minus Vmmem and the browsers). */
void budget_compute(const struct host_facts *host, enum budget_profile p, const struct machine *m,
                    const struct wsl_vm *vm, const char *limit_from, const struct win_host *win,
                    struct budget *ret);

/* Where the VM's memory limit comes from, in words: "FILE line 5:
 * memory=6GB", "FILE: no memory=", or "no .wslconfig" when `file` is NULL. */
void budget_limit_from(const struct wsl_eval *ev, const char *file, char *buf, size_t n);

/* The seed table's figures (bytes), per profile. */
uint64_t budget_windows(enum budget_profile p);
uint64_t budget_browser(enum budget_profile p);
#define BUDGET_WSL_OVERHEAD ((uint64_t)300 << 20)

#endif
