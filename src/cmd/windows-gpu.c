/* windows status: GPU memory by process and the page file settings, after
 * the largest processes. */
#include <stdio.h>

#include "cmd/windows.h"
#include "out/text.h"
#include "util/size.h"

void win_print_gpu_pagefile(FILE *f, const struct win_host *h)
{
    char b[300], n[160];
    if (h->has_gpu_procs && h->ngpu_procs) {
        static const char *hd[] = {"GPU MEMORY", "PID", "DEDICATED", "SHARED"};
        static const enum table_align al[] = {TA_LEFT, TA_RIGHT, TA_RIGHT, TA_RIGHT};
        struct table t;
        table_init(&t, 4, hd, al);
        for (size_t i = 0; i < h->ngpu_procs && i < WIN_TOP_ROWS; i++) {
            const struct win_gpu_proc *p = &h->gpu_procs[i];
            char pid[24], ded[32], shr[32];
            snprintf(pid, sizeof(pid), "%llu", (unsigned long long)p->pid);
            snprintf(ded, sizeof(ded), "%s", size_str(p->dedicated));
            snprintf(shr, sizeof(shr), "%s", size_str(p->shared));
            const char *cells[] = {p->name ? win_san(p->name, n, sizeof(n)) : "?", pid, ded, shr};
            table_add_row(&t, cells);
        }
        fprintf(f, "\n  GPU memory by process (dedicated in use on all adapters: %s)\n",
                h->gpu_dedicated_used.known ? size_str(h->gpu_dedicated_used.v) : "unknown");
        table_print(&t, f, 4);
        table_release(&t);
    } else if (!h->has_gpu_procs) {
        fprintf(f, "\n  GPU memory by process: not available (%s)\n",
                win_san(h->gpu_procs_why, b, sizeof(b)));
    }
    if (h->has_pagefile) {
        fputs("  Page file:", f);
        if (!h->npaging_files)
            fputs(" none", f);
        for (size_t i = 0; i < h->npaging_files; i++) {
            const struct win_paging_file *p = &h->paging_files[i];
            if (p->system_managed)
                fprintf(f, "%s %s system managed", i ? "," : "", win_san(p->path, n, sizeof(n)));
            else
                fprintf(f, "%s %s %llu-%llu MB", i ? "," : "", win_san(p->path, n, sizeof(n)),
                        (unsigned long long)p->initial_mb, (unsigned long long)p->max_mb);
        }
        fputs(" (PagingFiles)\n", f);
    }
}
