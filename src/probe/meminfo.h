/* /proc/meminfo: every field, in order, in bytes ("kB" fields multiplied by
 * 1024; unit-less fields such as HugePages_Total kept as counts), plus the
 * fields headroom reasons about by name. */
#ifndef HEADROOM_MEMINFO_H
#define HEADROOM_MEMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"

#define MEMINFO_MAX_FIELDS 128

struct meminfo_field {
    char name[32];
    uint64_t value; /* bytes when `kb`, else a count */
    bool kb;
};

struct meminfo {
    struct meminfo_field fields[MEMINFO_MAX_FIELDS];
    size_t nfields;

    uint64_t mem_total, mem_free, mem_available, buffers, cached, swap_cached;
    uint64_t active, inactive, active_anon, inactive_anon, active_file, inactive_file;
    uint64_t unevictable, mlocked, swap_total, swap_free, dirty, writeback;
    uint64_t anon_pages, mapped, shmem, kreclaimable, slab, s_reclaimable, s_unreclaim;
    uint64_t page_tables, commit_limit, committed_as, hugetlb;
    uint64_t hugepages_total, hugepages_free, hugepagesize;
    /* Kernels before 3.14 have no MemAvailable; it is then estimated as
     * MemFree + Buffers + Cached - Shmem and this is false. */
    bool has_mem_available;
};

/* MemTotal:       16314736 kB
 * HugePages_Total:       0
 * Pure parser: fills *ret (only on success). Returns 0 or -EBADMSG with d
 * set (line and column of the problem). Requires MemTotal and MemFree;
 * refuses duplicate names, more than MEMINFO_MAX_FIELDS fields, and values
 * whose byte count overflows 64 bits. */
int meminfo_parse(const char *buf, size_t len, struct meminfo *ret, struct diag *d);
int meminfo_read(const struct rootfs *r, struct meminfo *ret, struct probe_status *st);
/* The daemon's variant: fills only the named fields of *ret (nfields = 0),
 * parsing and checking only those lines; other lines are skipped without a
 * look. About a tenth of meminfo_parse()'s work, for `watch`, which reads
 * the file every second. Same errors for the lines it reads; requires
 * MemTotal and MemFree. Where meminfo_parse() succeeds, this gives the same
 * named values (the meminfo fuzz target checks it). */
int meminfo_parse_named(const char *buf, size_t len, struct meminfo *ret, struct diag *d);
/* The value of a field by name (exact match), or false when absent. */
bool meminfo_get(const struct meminfo *m, const char *name, uint64_t *ret);

/* The figures every command derives from /proc/meminfo, each defined once
 * here (struct machine's machine_*() return the same for its reading). All
 * saturate at 0 instead of wrapping on an inconsistent reading. */
/* MemTotal - MemAvailable: "used" as `free` (procps >= 4.0.1) counts it.
 * Every command that says "used" shows this figure. */
uint64_t meminfo_used(const struct meminfo *m);
/* Buffers + Cached + SReclaimable: "buff/cache" as `free` counts it (Shmem
 * included, although it cannot be dropped). */
uint64_t meminfo_buff_cache(const struct meminfo *m);
/* buff/cache - Shmem: "reclaimable cache", page cache the kernel can give
 * back and Windows cannot take until it does. */
uint64_t meminfo_reclaimable_cache(const struct meminfo *m);
/* MemTotal - MemFree - reclaimable cache: "held by programs", what programs
 * and the kernel hold that no cache drop returns. With reclaimable cache and
 * MemFree it adds up to MemTotal, which is why memory bars draw it rather
 * than `used`; `used` is larger by the part of the cache MemAvailable keeps
 * in reserve. */
uint64_t meminfo_held_by_programs(const struct meminfo *m);
/* MemTotal - MemFree: what the Windows host holds for the VM, as the guest
 * can tell it (Vmmem's share: only free pages go back to the host,
 * mm/page_reporting.c). */
uint64_t meminfo_host_view_used(const struct meminfo *m);
/* SwapTotal - SwapFree */
uint64_t meminfo_swap_used(const struct meminfo *m);
/* reclaimable cache - Mapped: "droppable cache", what `echo 3 >
 * /proc/sys/vm/drop_caches` can free (drop_caches skips pages a process has
 * mapped: invalidate_mapping_pages() in the kernel's mm/truncate.c). */
uint64_t meminfo_droppable_cache(const struct meminfo *m);
/* The same without SReclaimable: what `echo 1` (the page cache alone) can
 * free. */
uint64_t meminfo_droppable_page_cache(const struct meminfo *m);
/* Active(file) + Inactive(file) + SReclaimable: "file cache", what the
 * kernel's reclaim can take (the page cache's LRU lists and reclaimable
 * slab); `watch` decides and logs on it. Not reclaimable cache, which counts
 * Cached and Buffers and leaves out Shmem. */
uint64_t meminfo_file_cache(const struct meminfo *m);

#endif
