/* Every key WSL reads from `.wslconfig` and from `/etc/wsl.conf`, with its
 * section(s), type, default, accepted values and a note; the keys WSL
 * removed (pageReporting...); and WSL's exact value grammars.
 *
 * Sources (microsoft/WSL WslCoreConfig.cpp, configfile.cpp, WslDistributionConfig.cpp):
 * microsoft/WSL src/windows/common/WslCoreConfig.{h,cpp} (the .wslconfig table, defaults and
 * clamping), src/linux/init/WslDistributionConfig.{h,cpp} (wsl.conf),
 * src/shared/configfile/configfile.cpp and src/shared/inc/stringshared.h
 * (booleans, integers, memory sizes). The value parsers below are clean-room
 * C models of those rules. */
#ifndef HEADROOM_WSLCONFIG_SCHEMA_H
#define HEADROOM_WSLCONFIG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wslconfig/syntax.h"

enum wsl_type {
    WT_BOOL,   /* 1 0 true false (any case) */
    WT_INT,    /* strtol(value, 0): 0x hex, leading 0 octal, whole string */
    WT_MEM,    /* digits + optional B K KB M MB G GB T TB (upper case, binary) */
    WT_ENUM,   /* one of `values`, any case */
    WT_STRING, /* anything */
    WT_PATH,   /* a Windows path: '\' must be written '\\' */
    WT_MAC,    /* aa:bb:cc:dd:ee:ff or aa-bb-...: anything else is a fatal error */
    WT_IPV4,   /* dotted quad */
    WT_PORTS,  /* comma list of ports 1-65535 */
    WT_LIST,   /* comma list (kernel modules) */
};

/* Where a key is read. */
enum wsl_file { WSLF_WSLCONFIG = 1, WSLF_WSLCONF = 2 };

struct wsl_key {
    enum wsl_file file;
    const char *section;     /* "wsl2" */
    const char *name;        /* "memory" */
    const char *alt_section; /* a graduated key's old section, also accepted; or NULL */
    enum wsl_type type;
    const char *def;           /* the default in words: "50% of host RAM", "true" */
    const char *const *values; /* WT_ENUM: accepted values, NULL-terminated */
    const char *unit;          /* "bytes", "ms", "CPUs" or NULL */
    const char *note;          /* one line, or NULL */
    const char *since;         /* "2.8.9", "HEAD (unreleased)", or NULL */
    /* typed default, where it does not depend on the host */
    bool has_def;
    int64_t def_num; /* bool (0/1), int, enum index, or bytes */
};

/* WT_ENUM index of the autoMemoryReclaim modes */
enum { WSL_RECLAIM_DISABLED = 0, WSL_RECLAIM_GRADUAL = 1, WSL_RECLAIM_DROPCACHE = 2 };
/* WT_ENUM index of the networking modes ("VirtioProxy" is an alias of Consomme) */
enum {
    WSL_NET_NONE = 0,
    WSL_NET_NAT,
    WSL_NET_BRIDGED,
    WSL_NET_MIRRORED,
    WSL_NET_CONSOMME,
    WSL_NET_VIRTIOPROXY
};

size_t wsl_schema_count(void);
const struct wsl_key *wsl_schema_at(size_t i);
/* The key WSL matches for a full name "<section>.<key>" (case-insensitive,
 * the graduated keys' old section included), or NULL. */
const struct wsl_key *wsl_schema_lookup(enum wsl_file f, const char *full);
/* The key named `name` (any case) in a section other than `section`, or
 * NULL: "you put it in the wrong section". */
const struct wsl_key *wsl_schema_elsewhere(enum wsl_file f, const char *section, const char *name);
/* Whether `section` (any case) has keys in this file. */
bool wsl_schema_section_known(enum wsl_file f, const char *section);
/* The closest known section name within 2 edits, or NULL. */
const char *wsl_schema_suggest_section(enum wsl_file f, const char *section);
/* The closest key of `f` within 2 edits of `name` (any case; a missing or
 * extra final 's' counts as one), or NULL. */
const struct wsl_key *wsl_schema_suggest(enum wsl_file f, const char *name);
/* "wsl2.memory" into buf. */
const char *wsl_key_full(const struct wsl_key *k, char *buf, size_t n);
const char *wsl_type_name(enum wsl_type t);

/* Keys WSL no longer reads (it warns "Unknown key"). */
struct wsl_removed {
    const char *section, *name;
    const char *note;   /* why, in one line */
    const char *source; /* "microsoft/WSL#9899" */
};
const struct wsl_removed *wsl_schema_removed(const char *section, const char *name);

/* WSL's value grammars. Each returns true when WSL accepts the value. */
bool wsl_parse_bool(const char *v, bool *ret);
/* `win32`: `long` is 32 bits (Windows, .wslconfig), so out-of-range values
 * saturate to INT_MIN/INT_MAX and are accepted; otherwise (Linux, wsl.conf)
 * a value outside int is refused. */
bool wsl_parse_int(const char *v, bool win32, int *ret);
bool wsl_parse_mem(const char *v, uint64_t *ret);
/* Returns the index in k->values, or -1. */
int wsl_parse_enum(const struct wsl_key *k, const char *v);
bool wsl_parse_ipv4(const char *v);
bool wsl_parse_mac(const char *v);
/* Ports WSL keeps and entries it warns about and skips. */
void wsl_parse_ports(const char *v, unsigned *ret_ok, unsigned *ret_bad);
/* The set WSL keeps from a port list, ascending and comma-separated
 * ("80,443"; "80abc" keeps 80: std::stoi ignores what follows the digits),
 * or NULL when it keeps none. Caller frees. */
char *wsl_ports_kept(const char *v);

/* Writes `v` the way WSL's parser reads it back unchanged: backslashes and
 * quotes escaped, the whole value quoted when it has leading or trailing
 * blanks or a '#'. Returns false for values that cannot be written (control
 * characters other than tab). */
bool wsl_quote_value(const char *v, char *buf, size_t n);

#endif
