#include "wslconfig/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "util/xalloc.h"
#include "wslconfig/rules.h"
#include "wslconfig/versions.h"

unsigned wsl_stmt_line(const struct wsl_stmt *st)
{
    return st->start.line + 1;
}

/* Parses a value by the key's type; fills the typed fields. */
static bool parse_value(struct wsl_setting *s, enum wsl_file file, const char *v)
{
    const struct wsl_key *k = s->key;
    switch (k->type) {
    case WT_BOOL:
        return wsl_parse_bool(v, &s->b);
    case WT_INT:
        return wsl_parse_int(v, file == WSLF_WSLCONFIG, &s->i);
    case WT_MEM:
        return wsl_parse_mem(v, &s->bytes);
    case WT_ENUM:
        s->e = wsl_parse_enum(k, v);
        return s->e >= 0;
    case WT_MAC:
        return wsl_parse_mac(v);
    case WT_IPV4:
        return wsl_parse_ipv4(v);
    case WT_PORTS: {
        /* `valid` says whether WSL warned; the good entries are kept anyway */
        unsigned ok, bad;
        wsl_parse_ports(v, &ok, &bad);
        free(s->ports);
        s->ports = wsl_ports_kept(v);
        return bad == 0;
    }
    case WT_STRING:
    case WT_PATH:
    case WT_LIST:
        break;
    }
    return true;
}

static void set_default(struct wsl_setting *s, const char *wsl_version)
{
    const struct wsl_key *k = s->key;
    int64_t num = k->def_num;
    s->default_note = NULL;
    if (wsl_version_default(k, wsl_version, &num, &s->default_note))
        s->has_value = true;
    else
        s->has_value = k->has_def;
    s->b = num != 0;
    s->i = (int)num;
    s->e = (int)num;
    s->bytes = (uint64_t)num;
}

void wsl_eval_run(const struct wsldoc *doc, enum wsl_file file, struct wsl_eval *ret)
{
    wsl_eval_run_for(doc, file, NULL, ret);
}

void wsl_eval_run_for(const struct wsldoc *doc, enum wsl_file file, const char *wsl_version,
                      struct wsl_eval *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->file = file;
    snprintf(ret->wsl_version, sizeof(ret->wsl_version), "%s", wsl_version ? wsl_version : "");
    wsl_syntax_run(doc, file == WSLF_WSLCONF ? WSL_DIALECT_WSLCONF : WSL_DIALECT_WSLCONFIG,
                   &ret->syn);
    for (size_t i = 0; i < wsl_schema_count(); i++)
        ret->n += wsl_schema_at(i)->file == file;
    ret->set = xcalloc(ret->n ? ret->n : 1, sizeof(*ret->set));
    for (size_t i = 0, j = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = wsl_schema_at(i);
        if (k->file != file)
            continue;
        ret->set[j].key = k;
        ret->set[j].stmt = -1;
        set_default(&ret->set[j], ret->wsl_version);
        j++;
    }
    size_t ns = ret->syn.n;
    ret->slot = xcalloc(ns ? ns : 1, sizeof(*ret->slot));
    ret->dup = xcalloc(ns ? ns : 1, sizeof(*ret->dup));
    for (size_t i = 0; i < ns; i++) {
        const struct wsl_stmt *st = &ret->syn.v[i];
        ret->slot[i] = -1;
        if (st->kind != WSLST_KEY)
            continue;
        const struct wsl_key *k = wsl_schema_lookup(file, st->full);
        if (!k)
            continue;
        size_t slot = 0;
        while (ret->set[slot].key != k)
            slot++;
        ret->slot[i] = (long)slot;
        struct wsl_setting *s = &ret->set[slot];
        if (s->stmt >= 0) {
            ret->dup[i] = true;
            s->ignored++;
            continue;
        }
        s->stmt = (long)i;
        s->text = st->value;
        s->valid = parse_value(s, file, st->value);
        s->from_file = s->valid || s->key->type == WT_PORTS;
        if (s->from_file)
            s->has_value = true;
        else
            set_default(s, ret->wsl_version);
    }
    if (file == WSLF_WSLCONFIG)
        wsl_rules_apply(ret);
}

void wsl_eval_release(struct wsl_eval *ev)
{
    wsl_syntax_release(&ev->syn);
    for (size_t i = 0; i < ev->n; i++)
        free(ev->set[i].ports);
    free(ev->set);
    free(ev->slot);
    free(ev->dup);
    memset(ev, 0, sizeof(*ev));
}

const struct wsl_setting *wsl_eval_get(const struct wsl_eval *ev, const char *full)
{
    const struct wsl_key *k = wsl_schema_lookup(ev->file, full);
    if (!k)
        return NULL;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->set[i].key == k)
            return &ev->set[i];
    return NULL;
}

static const struct wsl_setting *get(const struct wsl_eval *ev, const char *full)
{
    return wsl_eval_get(ev, full);
}

void wsl_eval_vm(const struct wsl_eval *ev, uint64_t host_ram, unsigned host_cpus,
                 struct wsl_vm *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->kernel_cmdline = "";
    ret->reclaim = WSL_RECLAIM_DROPCACHE;
    ret->networking = WSL_NET_NAT;
    ret->gui = true;
    if (ev->file != WSLF_WSLCONFIG)
        return;
    const struct wsl_setting *safe = get(ev, "wsl2.safeMode");
    ret->safe_mode = safe && safe->from_file && safe->b;

    const struct wsl_setting *mem = get(ev, "wsl2.memory");
    if (mem && mem->from_file && mem->bytes != 0) {
        ret->memory_known = true;
        ret->memory = mem->bytes;
        ret->memory_how = "as set";
        if (ret->memory < WSL_MEMORY_FLOOR) {
            ret->memory = WSL_MEMORY_FLOOR;
            ret->memory_how = "raised to WSL's 256 MB floor";
        }
        if (host_ram && ret->memory > host_ram) {
            ret->memory = host_ram;
            ret->memory_how = "clamped to the host's RAM";
        }
    } else if (host_ram) {
        ret->memory_known = true;
        ret->memory = wsl_default_memory(host_ram);
        ret->memory_how = "default: 50% of host RAM";
    } else {
        ret->memory_how = "default: 50% of host RAM (host RAM unknown)";
    }

    const struct wsl_setting *swap = get(ev, "wsl2.swap");
    if (ret->safe_mode) {
        ret->swap_known = true;
        ret->swap = 0;
        ret->swap_how = "safeMode turns swap off";
    } else if (swap && swap->from_file && swap->bytes != UINT64_MAX) {
        /* UINT64_MAX is WSL's "not set" (WslCoreConfig.h:323, .cpp:328) */
        ret->swap_known = true;
        ret->swap = swap->bytes;
        ret->swap_how = swap->bytes ? "as set" : "0: no swap";
    } else if (ret->memory_known) {
        ret->swap_known = true;
        ret->swap = wsl_default_swap(ret->memory);
        ret->swap_how = swap && swap->from_file
                            ? "default: 25% of memory, rounded up to a whole GB (the value read "
                              "is WSL's \"not set\", UINT64_MAX)"
                            : "default: 25% of memory, rounded up to a whole GB";
    } else {
        ret->swap_how = "default: 25% of memory (memory unknown)";
    }

    const struct wsl_setting *cpu = get(ev, "wsl2.processors");
    if (cpu && cpu->from_file && cpu->i > 0) {
        ret->processors_known = true;
        ret->processors = (unsigned)cpu->i;
        ret->processors_how = "as set";
        if (host_cpus && ret->processors > host_cpus) {
            ret->processors = host_cpus;
            ret->processors_how = "clamped to the host's CPUs";
        }
    } else if (host_cpus) {
        ret->processors_known = true;
        ret->processors = host_cpus;
        ret->processors_how = "default: all logical CPUs";
    } else {
        ret->processors_how = "default: all logical CPUs (host CPUs unknown)";
    }

    const struct wsl_setting *s = get(ev, "experimental.autoMemoryReclaim");
    if (s && s->has_value)
        ret->reclaim = s->e;
    s = get(ev, "wsl2.networkingMode");
    if (s && s->has_value)
        ret->networking = s->e == WSL_NET_VIRTIOPROXY ? WSL_NET_CONSOMME : s->e;
    s = get(ev, "wsl2.guiApplications");
    if (s && s->has_value)
        ret->gui = s->b;
    s = get(ev, "experimental.sparseVhd");
    ret->sparse = s && s->has_value && s->b;
    s = get(ev, "wsl2.kernelCommandLine");
    if (s && s->from_file && s->text)
        ret->kernel_cmdline = s->text;
    if (ret->safe_mode) {
        ret->gui = false;
        ret->networking = WSL_NET_NONE;
    }
    wsl_rules_swiotlb(ev, ret);
}

const char *wsl_setting_value(const struct wsl_setting *s, const struct wsl_vm *vm, char *buf,
                              size_t n)
{
    const struct wsl_key *k = s->key;
    char full[128];
    wsl_key_full(k, full, sizeof(full));
    if (vm && strcmp(full, "wsl2.memory") == 0)
        return vm->memory_known ? size_format(vm->memory, buf, n) : "-";
    if (vm && strcmp(full, "wsl2.swap") == 0)
        return vm->swap_known ? size_format(vm->swap, buf, n) : "-";
    if (vm && strcmp(full, "experimental.swiotlb") == 0)
        return vm->swiotlb_known ? size_format(vm->swiotlb, buf, n) : "-";
    if (s->cleared)
        return "(none)";
    if (k->type == WT_PORTS)
        return s->ports ? s->ports : "(none)";
    if (k->type == WT_IPV4 && s->has_value && !s->from_file)
        return k->def; /* the address WSL uses with DNS tunneling on */
    if (vm && strcmp(full, "wsl2.processors") == 0) {
        if (!vm->processors_known)
            return "-";
        snprintf(buf, n, "%u", vm->processors);
        return buf;
    }
    if (!s->has_value)
        return "-";
    switch (k->type) {
    case WT_BOOL:
        return s->b ? "true" : "false";
    case WT_INT:
        snprintf(buf, n, "%d", s->i);
        return buf;
    case WT_MEM:
        return size_format(s->bytes, buf, n);
    case WT_ENUM:
        return k->values[s->e];
    default:
        snprintf(buf, n, "%s", s->text ? s->text : "");
        return buf;
    }
}

uint64_t wsl_default_memory(uint64_t host_ram)
{
    return host_ram / 2;
}

uint64_t wsl_default_swap(uint64_t memory)
{
    return (memory / 4 + GIB - 1) & ~(GIB - 1);
}
