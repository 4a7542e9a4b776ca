#include "wslconfig/schema.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *const reclaim_modes[] = {"Disabled", "Gradual", "DropCache", NULL};
static const char *const net_modes[] = {"None",     "Nat",         "Bridged", "Mirrored",
                                        "Consomme", "VirtioProxy", NULL};
static const char *const cgroup_versions[] = {"v1", "v2", NULL};

#define GB ((int64_t)1 << 30)

/* .wslconfig: WslCoreConfig.cpp's parse table (HEAD 3e27a6a) with the
 * defaults of `struct Config` and Initialize(); wsl.conf:
 * WslDistributionConfig.{h,cpp}. */
#define W      WSLF_WSLCONFIG
#define L      WSLF_WSLCONF
#define B(def) .has_def = true, .def_num = (def)
#define K(f, sec, nm, alt, ty, dflt, ...)                                                          \
    {                                                                                              \
        .file = (f), .section = (sec), .name = (nm), .alt_section = (alt), .type = (ty),           \
        .def = (dflt), __VA_ARGS__                                                                 \
    }
static const struct wsl_key keys[] = {
    /* [wsl2] */
    K(W, "wsl2", "kernel", NULL, WT_PATH, "the kernel shipped with WSL",
      .note = "a custom kernel image; write '\\' as '\\\\'"),
    K(W, "wsl2", "kernelCommandLine", NULL, WT_STRING, "(none)",
      .note = "appended to the kernel command line (e.g. psi=1)"),
    K(W, "wsl2", "kernelModules", NULL, WT_PATH, "the modules shipped with WSL",
      .note = "a VHD of kernel modules for a custom kernel"),
    K(W, "wsl2", "memory", NULL, WT_MEM, "50% of host RAM", .unit = "bytes",
      .note = "the VM's RAM; clamped to [256 MB, host RAM]; 0 means the default"),
    K(W, "wsl2", "processors", NULL, WT_INT, "all logical CPUs", .unit = "CPUs",
      .note = "0 or less means all; above the host's count WSL warns and clamps"),
    K(W, "wsl2", "debugConsole", NULL, WT_BOOL, "false", B(0)),
    K(W, "wsl2", "earlyBootLogging", NULL, WT_BOOL, "false (true with the debug console)",
      .note = "on automatically when debugConsole or debugConsoleLogFile is set"),
    K(W, "wsl2", "swap", NULL, WT_MEM, "25% of memory, rounded up to a whole GB", .unit = "bytes",
      .note = "0 means no swap"),
    K(W, "wsl2", "swapFile", NULL, WT_PATH, "%TEMP%\\<vm id>\\swap.vhdx",
      .note = "'.vhdx' is appended when missing"),
    K(W, "wsl2", "localhostForwarding", NULL, WT_BOOL, "true", B(1)),
    K(W, "wsl2", "nestedVirtualization", NULL, WT_BOOL, "true on x64 Windows 11, else false"),
    K(W, "wsl2", "virtio9p", NULL, WT_BOOL, "false", B(0), .note = "true warns and is forced off"),
    K(W, "wsl2", "virtiofs", NULL, WT_BOOL, "false", B(0)),
    K(W, "wsl2", "kernelDebugPort", NULL, WT_INT, "0", B(0)),
    K(W, "wsl2", "gpuSupport", NULL, WT_BOOL, "true", B(1)),
    K(W, "wsl2", "guiApplications", NULL, WT_BOOL, "true", B(1),
      .note = "WSLg (GUI apps and PulseAudio)"),
    K(W, "wsl2", "systemDistro", NULL, WT_PATH, "the WSLg system distro"),
    K(W, "wsl2", "telemetry", NULL, WT_BOOL, "true (official builds)", B(1)),
    K(W, "wsl2", "vmIdleTimeout", NULL, WT_INT, "60000", B(60000), .unit = "ms",
      .note = "how long the idle VM stays up; negative means never"),
    K(W, "wsl2", "debugConsoleLogFile", NULL, WT_PATH, "(none)"),
    K(W, "wsl2", "kernelBootTimeout", NULL, WT_INT, "30000", B(30000), .unit = "ms"),
    K(W, "wsl2", "distributionStartTimeout", NULL, WT_INT, "60000", B(60000), .unit = "ms"),
    K(W, "wsl2", "virtio", NULL, WT_BOOL, "true (arm64: Windows 11 only)"),
    K(W, "wsl2", "hostFileSystemAccess", NULL, WT_BOOL, "true", B(1)),
    K(W, "wsl2", "mountDeviceTimeout", NULL, WT_INT, "5000", B(5000), .unit = "ms"),
    K(W, "wsl2", "hardwarePerformanceCounters", NULL, WT_BOOL, "true on x64"),
    K(W, "wsl2", "networkingMode", "experimental", WT_ENUM, "Nat", net_modes, B(WSL_NET_NAT),
      .note = "VirtioProxy is the old name of Consomme (renamed in 2.9.0)"),
    K(W, "wsl2", "vmSwitch", NULL, WT_STRING, "(none)",
      .note = "the Hyper-V switch for bridged mode"),
    K(W, "wsl2", "macAddress", NULL, WT_MAC, "random in bridged mode",
      .note = "an invalid value is a fatal error: WSL does not start"),
    K(W, "wsl2", "dhcp", NULL, WT_BOOL, "true", B(1)),
    K(W, "wsl2", "dhcpTimeout", NULL, WT_INT, "5000", B(5000), .unit = "ms"),
    K(W, "wsl2", "ipv6", NULL, WT_BOOL, "false", B(0)),
    K(W, "wsl2", "dnsProxy", NULL, WT_BOOL, "true", B(1)),
    K(W, "wsl2", "safeMode", NULL, WT_BOOL, "false", B(0),
      .note = "turns off swap, GPU, WSLg, custom kernels, networking..."),
    K(W, "wsl2", "defaultVhdSize", NULL, WT_MEM, "1TB", B(1099511627776LL), .unit = "bytes",
      .note = "the maximum size of new distro disks"),
    K(W, "wsl2", "crashDumpFolder", NULL, WT_PATH, "%TEMP%\\wsl-crashes"),
    K(W, "wsl2", "maxCrashDumpCount", NULL, WT_INT, "10", B(10)),
    K(W, "wsl2", "dnsTunneling", "experimental", WT_BOOL,
      "true (WSL 2.2.1 and later; false before)", B(1),
      .note = "off while GlobalSecureAccess runs; graduated from [experimental]"),
    K(W, "wsl2", "firewall", "experimental", WT_BOOL, "true", B(1),
      .note = "always on in mirrored mode; graduated from [experimental]"),
    K(W, "wsl2", "autoProxy", "experimental", WT_BOOL, "true", B(1),
      .note = "graduated from [experimental]"),
    K(W, "wsl2", "loadKernelModules", NULL, WT_LIST, "(none)",
      .note = "comma list, added to tun, ip_tables, br_netfilter"),
    K(W, "wsl2", "loadDefaultKernelModules", NULL, WT_BOOL, "true", B(1),
      .note = "tun, ip_tables, br_netfilter"),
    K(W, "wsl2", "isolateDistroCgroup", NULL, WT_BOOL, "true", B(1), .since = "HEAD (unreleased)"),
    /* [experimental] */
    K(W, "experimental", "autoMemoryReclaim", NULL, WT_ENUM,
      "DropCache (WSL 2.1.3 and later; Disabled before)", reclaim_modes, B(WSL_RECLAIM_DROPCACHE),
      .note = "DropCache drops the page cache after ~10 min idle; Gradual has hang reports"),
    K(W, "experimental", "sparseVhd", NULL, WT_BOOL, "false", B(0),
      .note = "current WSL forces new disks non-sparse (potential data corruption)"),
    K(W, "experimental", "bestEffortDnsParsing", NULL, WT_BOOL, "false", B(0),
      .note = "needs dnsTunneling"),
    K(W, "experimental", "dnsTunnelingIpAddress", NULL, WT_IPV4, "10.255.255.254",
      .note = "an invalid address turns dnsTunneling off"),
    K(W, "experimental", "initialAutoProxyTimeout", NULL, WT_INT, "1000", B(1000), .unit = "ms"),
    K(W, "experimental", "ignoredPorts", NULL, WT_PORTS, "(none)", .note = "mirrored mode only"),
    K(W, "experimental", "hostAddressLoopback", NULL, WT_BOOL, "false", B(0),
      .note = "mirrored mode only"),
    K(W, "experimental", "setVersionDebug", NULL, WT_BOOL, "false", B(0)),
    K(W, "experimental", "swiotlb", NULL, WT_MEM, "0 (computed when needed)", B(0), .unit = "bytes",
      .since = "2.8.9"),
    K(W, "experimental", "virtioFsAggregateShares", NULL, WT_BOOL, "true", B(1),
      .since = "HEAD (unreleased)"),
    /* [general] */
    K(W, "general", "distributionInstallPath", NULL, WT_PATH, "%LOCALAPPDATA%\\wsl"),
    K(W, "general", "instanceIdleTimeout", NULL, WT_INT, "15000", B(15000), .unit = "ms"),

    /* /etc/wsl.conf */
    K(L, "automount", "enabled", NULL, WT_BOOL, "true", B(1),
      .note = "mount Windows drives under automount.root"),
    K(L, "automount", "root", NULL, WT_STRING, "/mnt/"),
    K(L, "automount", "options", NULL, WT_STRING, "(none)",
      .note = "drvfs mount options, e.g. metadata"),
    K(L, "automount", "mountFsTab", NULL, WT_BOOL, "true", B(1)),
    K(L, "automount", "ldconfig", NULL, WT_BOOL, "true", B(1),
      .note = "writes /etc/ld.so.conf.d/ld.wsl.conf (GPU libraries)"),
    K(L, "automount", "cgroups", NULL, WT_ENUM, "v2", cgroup_versions, B(1)),
    K(L, "filesystem", "umask", NULL, WT_INT, "022", B(022),
      .note = "strtol base 0: write 022 (octal); 22 is decimal"),
    K(L, "interop", "enabled", NULL, WT_BOOL, "true", B(1)),
    K(L, "interop", "appendWindowsPath", NULL, WT_BOOL, "true", B(1)),
    K(L, "network", "generateHosts", NULL, WT_BOOL, "true", B(1)),
    K(L, "network", "generateResolvConf", NULL, WT_BOOL, "true", B(1)),
    K(L, "network", "hostname", NULL, WT_STRING, "the Windows host name"),
    K(L, "time", "useWindowsTimezone", NULL, WT_BOOL, "true", B(1)),
    K(L, "fileServer", "enabled", NULL, WT_BOOL, "true", B(1)),
    K(L, "fileServer", "logFile", NULL, WT_STRING, "(none)"),
    K(L, "fileServer", "logLevel", NULL, WT_INT, "4", B(4)),
    K(L, "fileServer", "logTruncate", NULL, WT_BOOL, "true", B(1)),
    K(L, "gpu", "enabled", NULL, WT_BOOL, "true", B(1)),
    K(L, "gpu", "appendLibPath", NULL, WT_BOOL, "true", B(1)),
    K(L, "user", "default", NULL, WT_STRING, "the user set at install"),
    K(L, "boot", "command", NULL, WT_STRING, "(none)"),
    K(L, "boot", "systemd", NULL, WT_BOOL, "false", B(0), .note = "WSL2 only; needs /sbin/init"),
    K(L, "boot", "initTimeout", NULL, WT_INT, "10000", B(10000), .unit = "ms"),
    K(L, "boot", "protectBinfmt", NULL, WT_BOOL, "true", B(1)),
    K(L, "general", "guiApplications", NULL, WT_BOOL, "true when WSLg is on",
      .note = "WSL sets it from whether WSLg's share is there"),
};
#undef W
#undef L
#undef B
#undef K

static const struct wsl_removed removed[] = {
    {"wsl2", "pageReporting",
     "removed in WSL 1.1.7: free-page reporting is always on and has no switch",
     "microsoft/WSL#9899"},
    {"wsl2", "pageReportingOrder", "removed in WSL 1.1.7 with pageReporting", "microsoft/WSL#9899"},
};

size_t wsl_schema_count(void)
{
    return sizeof(keys) / sizeof(keys[0]);
}

const struct wsl_key *wsl_schema_at(size_t i)
{
    return i < wsl_schema_count() ? &keys[i] : NULL;
}

/* "section.key" (case-insensitive) against a section and name. */
static bool full_matches(const char *full, const char *section, const char *name)
{
    size_t sl = strlen(section);
    /* cheap tests first: this runs for every key of every lookup */
    if ((full[0] | 0x20) != (section[0] | 0x20) || strnlen(full, sl + 1) <= sl || full[sl] != '.')
        return false;
    return strncasecmp(full, section, sl) == 0 && strcasecmp(full + sl + 1, name) == 0;
}

const struct wsl_key *wsl_schema_lookup(enum wsl_file f, const char *full)
{
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = &keys[i];
        if (k->file != f)
            continue;
        if (full_matches(full, k->section, k->name) ||
            (k->alt_section && full_matches(full, k->alt_section, k->name)))
            return k;
    }
    return NULL;
}

const struct wsl_key *wsl_schema_elsewhere(enum wsl_file f, const char *section, const char *name)
{
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = &keys[i];
        if (k->file == f && strcasecmp(k->name, name) == 0 &&
            strcasecmp(k->section, section) != 0 &&
            !(k->alt_section && strcasecmp(k->alt_section, section) == 0))
            return k;
    }
    return NULL;
}

bool wsl_schema_section_known(enum wsl_file f, const char *section)
{
    for (size_t i = 0; i < wsl_schema_count(); i++)
        if (keys[i].file == f && strcasecmp(keys[i].section, section) == 0)
            return true;
    return false;
}

static char lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Case-insensitive edit distance, capped at 3 (two rows of the table). */
static unsigned distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64 || la > lb + 2 || lb > la + 2)
        return 3;
    unsigned prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (unsigned)i;
        unsigned row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            unsigned best = prev[j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min >= 3)
            return 3;
        memcpy(prev, cur, (lb + 1) * sizeof(*prev));
    }
    return prev[lb] > 3 ? 3 : prev[lb];
}

const char *wsl_schema_suggest_section(enum wsl_file f, const char *section)
{
    const char *best = NULL;
    unsigned bd = 3;
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        if (keys[i].file != f)
            continue;
        unsigned d = distance(section, keys[i].section);
        if (d < bd) {
            bd = d;
            best = keys[i].section;
        }
    }
    return best;
}

const struct wsl_key *wsl_schema_suggest(enum wsl_file f, const char *name)
{
    const struct wsl_key *best = NULL;
    unsigned bd = 3;
    size_t nl = strlen(name);
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = &keys[i];
        if (k->file != f)
            continue;
        unsigned d = distance(name, k->name);
        /* short names: one edit at most, or "cpu" would suggest "gpu..." */
        if (nl < 6 && d > 1)
            continue;
        if (d < bd) {
            bd = d;
            best = k;
        }
    }
    return best;
}

const char *wsl_key_full(const struct wsl_key *k, char *buf, size_t n)
{
    snprintf(buf, n, "%s.%s", k->section, k->name);
    return buf;
}

const char *wsl_type_name(enum wsl_type t)
{
    static const char *const names[] = {"bool",      "int",  "memory size", "enum",
                                        "string",    "path", "MAC address", "IPv4 address",
                                        "port list", "list"};
    return names[t];
}

const struct wsl_removed *wsl_schema_removed(const char *section, const char *name)
{
    for (size_t i = 0; i < sizeof(removed) / sizeof(removed[0]); i++)
        if (strcasecmp(removed[i].name, name) == 0 &&
            (!section || strcasecmp(removed[i].section, section) == 0))
            return &removed[i];
    return NULL;
}

bool wsl_parse_bool(const char *v, bool *ret)
{
    if (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0) {
        *ret = true;
        return true;
    }
    if (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0) {
        *ret = false;
        return true;
    }
    return false;
}

static bool is_space_c(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* What strtol and strtoull share: blanks, a sign, for base 0 a 0x or 0
 * prefix, then digits. Returns the magnitude, with *ret_over set when it
 * passes `lim`; *ret_end is where conversion stopped (0: nothing). */
static unsigned long long c_strto(const char *v, int base, unsigned long long lim, bool *ret_neg,
                                  bool *ret_over, size_t *ret_end)
{
    const char *p = v;
    while (is_space_c(*p))
        p++;
    *ret_neg = false;
    if (*p == '+' || *p == '-')
        *ret_neg = *p++ == '-';
    if (base == 0) {
        base = 10;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
            base = 16;
            p += 2;
        } else if (p[0] == '0') {
            base = 8;
        }
    }
    const char *digits = p;
    unsigned long long acc = 0;
    bool over = false;
    for (; digit_value(*p) < base; p++) {
        unsigned d = (unsigned)digit_value(*p);
        if (over || acc > (lim - d) / (unsigned)base)
            over = true;
        else
            acc = acc * (unsigned)base + d;
    }
    *ret_over = over;
    *ret_end = p == digits ? 0 : (size_t)(p - v);
    return p == digits ? 0 : acc;
}

/* strtol(v, &end, base) (base 0 or 10) with the range of a 32-bit or 64-bit
 * long: out of range saturates. */
static long long c_strtol(const char *v, int base, bool long32, size_t *ret_end)
{
    bool neg, over;
    unsigned long long lim = long32 ? 0x80000000ULL : 0x8000000000000000ULL;
    unsigned long long acc = c_strto(v, base, lim, &neg, &over, ret_end);
    long long max = long32 ? INT_MAX : LLONG_MAX;
    if (over || (!neg && acc > (unsigned long long)max))
        return neg ? (long32 ? INT_MIN : LLONG_MIN) : max;
    return neg ? (long long)(0 - acc) : (long long)acc;
}

bool wsl_parse_int(const char *v, bool win32, int *ret)
{
    if (*v == '\0')
        return false;
    size_t end;
    long long n = c_strtol(v, 0, win32, &end);
    if (end == 0 || v[end] != '\0')
        return false;
    if (n < INT_MIN || n > INT_MAX)
        return false;
    *ret = (int)n;
    return true;
}

/* strtoull(v, &end, 10): a '-' negates, wrapping; saturates at ULLONG_MAX. */
static unsigned long long c_strtoull10(const char *v, size_t *ret_end)
{
    bool neg, over;
    unsigned long long acc = c_strto(v, 10, ULLONG_MAX, &neg, &over, ret_end);
    if (over)
        return ULLONG_MAX;
    return neg ? 0 - acc : acc;
}

bool wsl_parse_mem(const char *v, uint64_t *ret)
{
    size_t end;
    unsigned long long n = c_strtoull10(v, &end);
    if (n == 0 && !(v[0] == '0' && end == 1))
        return false;
    const char *rest = v + end;
    size_t rl = strlen(rest);
    if (rl == 0) {
        *ret = n;
        return true;
    }
    if (rl > 2)
        return false;
    static const struct {
        char c;
        unsigned shift;
    } units[] = {{'B', 0}, {'K', 10}, {'M', 20}, {'G', 30}, {'T', 40}};
    for (size_t i = 0; i < 5; i++) {
        bool one = rl == 1 && rest[0] == units[i].c;
        bool two = rl == 2 && rest[0] == units[i].c && rest[1] == 'B' && units[i].c != 'B';
        if (one || two) {
            *ret = (uint64_t)n << units[i].shift; /* wraps, as WSL's multiply does */
            return true;
        }
    }
    return false;
}

int wsl_parse_enum(const struct wsl_key *k, const char *v)
{
    if (!k->values)
        return -1;
    for (int i = 0; k->values[i]; i++)
        if (strcasecmp(k->values[i], v) == 0)
            return i;
    return -1;
}

bool wsl_parse_ipv4(const char *v)
{
    const char *p = v;
    for (int part = 0; part < 4; part++) {
        if (part > 0 && *p++ != '.')
            return false;
        if (*p < '0' || *p > '9')
            return false;
        if (*p == '0' && p[1] >= '0' && p[1] <= '9')
            return false; /* no leading zeros */
        unsigned n = 0;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < 4) {
            n = n * 10 + (unsigned)(*p++ - '0');
            digits++;
        }
        if (n > 255 || (*p >= '0' && *p <= '9'))
            return false;
    }
    return *p == '\0';
}

static bool is_xdigit_c(char c)
{
    return digit_value(c) < 16;
}

bool wsl_parse_mac(const char *v)
{
    if (strlen(v) != 17)
        return false;
    char sep = v[2];
    if (sep != '-' && sep != ':')
        return false;
    for (int o = 0; o < 6; o++) {
        const char *p = v + o * 3;
        if (!is_xdigit_c(p[0]) || !is_xdigit_c(p[1]))
            return false;
        if (o < 5 && p[2] != sep)
            return false;
    }
    return true;
}

/* One entry of a port list as WslCoreConfig.cpp:36-50 reads it: std::stoi
 * (strtol base 10 on a 32-bit long: leading blanks, a sign, digits, the rest
 * ignored; throws when nothing converts or the number leaves int), then
 * 1-65535. The entry ends at the next ',' (strtol stops there anyway).
 * Returns the port, or 0 when WSL warns and skips the entry. */
static unsigned port_entry(const char *p)
{
    size_t end;
    long long num = c_strtol(p, 10, true, &end);
    bool in_range = num > INT_MIN && num < INT_MAX;
    if (end == 0 || !in_range || num <= 0 || num > 65535)
        return 0;
    return (unsigned)num;
}

/* Calls `each` for every non-empty entry (wsl::shared::string::Split drops
 * empty ones) with its port or 0. */
static void port_entries(const char *v, void (*each)(unsigned port, void *ud), void *ud)
{
    const char *p = v;
    for (;;) {
        const char *e = strchr(p, ',');
        if (e ? e > p : *p != '\0')
            each(port_entry(p), ud);
        if (!e)
            break;
        p = e + 1;
    }
}

struct port_count {
    unsigned ok, bad;
};

static void count_port(unsigned port, void *ud)
{
    struct port_count *c = ud;
    port ? c->ok++ : c->bad++;
}

void wsl_parse_ports(const char *v, unsigned *ret_ok, unsigned *ret_bad)
{
    struct port_count c = {0, 0};
    port_entries(v, count_port, &c);
    *ret_ok = c.ok;
    *ret_bad = c.bad;
}

static void mark_port(unsigned port, void *ud)
{
    unsigned char *seen = ud;
    if (port)
        seen[port >> 3] |= (unsigned char)(1u << (port & 7));
}

char *wsl_ports_kept(const char *v)
{
    /* WSL keeps a std::set<uint16_t>: ascending, no repeats */
    unsigned char *seen = xcalloc(65536 / 8, 1);
    port_entries(v, mark_port, seen);
    struct strbuf out = STRBUF_INIT;
    for (unsigned port = 1; port <= 65535; port++)
        if (seen[port >> 3] & (1u << (port & 7)))
            strbuf_addf(&out, "%s%u", out.len ? "," : "", port);
    free(seen);
    if (!out.len) {
        strbuf_release(&out);
        return NULL;
    }
    return strbuf_detach(&out, NULL);
}

bool wsl_quote_value(const char *v, char *buf, size_t n)
{
    size_t len = strlen(v);
    bool quote = len > 0 && (v[0] == ' ' || v[0] == '\t' || v[len - 1] == ' ' ||
                             v[len - 1] == '\t' || strchr(v, '#'));
    size_t o = 0;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (o + 1 >= n)                                                                            \
            return false;                                                                          \
        buf[o++] = (c);                                                                            \
    } while (0)
    if (quote)
        PUT('"');
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\b') || c == 0x7F)
            return false;
        if (c == '\\' || c == '"') {
            PUT('\\');
            PUT((char)c);
        } else if (c == '\t' || c == '\n' || c == '\b') {
            PUT('\\');
            PUT(c == '\t' ? 't' : c == '\n' ? 'n' : 'b');
        } else {
            PUT((char)c);
        }
    }
    if (quote)
        PUT('"');
#undef PUT
    buf[o] = '\0';
    return true;
}
