/* What `headroom windows`'s two files share: windows.c (status, the
 * dispatch) and windows-script.c (the tuning script and its undo). */
#ifndef HEADROOM_CMD_WINDOWS_H
#define HEADROOM_CMD_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "win/host.h"

/* the options, as the command table parsed them */
struct windows_args {
    struct opt_list apply;
    bool recommended, dry_run;
    const char *output, *undo;
    bool compact;
};
extern struct windows_args win_args;

/* An untrusted string (host data) made safe to print. */
const char *win_san(const char *s, char *buf, size_t n);
/* Loads the host data; on failure reports it and returns the exit status. */
int win_load_host(struct ctx *ctx, struct win_host *h);
/* rows of each table in windows status */
#define WIN_TOP_ROWS 8
/* windows status: GPU memory by process and the page file (windows-gpu.c) */
void win_print_gpu_pagefile(FILE *f, const struct win_host *h);
/* windows status: the microphone consent (windows-consent.c) */
void win_print_consent(FILE *f, const struct win_host *h);
struct json;
struct win_item;
/* One catalogue item and what this host's data says of it, as JSON;
 * `vm_total` is the VM's MemTotal (win_vm_total) for the page file item. */
void win_item_json(struct json *j, const struct win_item *it, const struct win_host *h,
                   uint64_t vm_total);
/* The VM's MemTotal through the root (/proc/meminfo), 0 when unread. */
uint64_t win_vm_total(const struct ctx *ctx);
/* windows script */
int windows_run_script(struct ctx *ctx, int argc, char **argv);
/* windows script --compact (windows-compact.c) */
int windows_run_compact(struct ctx *ctx, int argc, char **argv);
struct strbuf;
/* Writes a generated script to -o FILE (a new file) or stdout, as every
 * windows script mode does. */
int windows_emit_script(struct ctx *ctx, const struct strbuf *script, size_t nitems);

/* The catalogue, the claims checked and the protected services, as windows
 * status prints them (windows-catalogue.c). */
void win_print_catalogue(FILE *f, const struct win_host *h);
/* A host figure as a size, "?" when unknown (buf). */
const char *win_u64_or(const struct win_u64 *v, char *buf, size_t n);
#endif
