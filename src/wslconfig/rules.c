#include "wslconfig/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/size.h"
#include "wslconfig/versions.h"

#define CONFIG_CPP "WslCoreConfig.cpp"

/* The settings are the evaluation's own; wsl_eval_get() hands them out const. */
static struct wsl_setting *at(struct wsl_eval *ev, const char *full)
{
    return (struct wsl_setting *)wsl_eval_get(ev, full);
}

static void mark(struct wsl_setting *s, enum wsl_rule_id rule, const char *where, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));

/* Records why WSL uses another value; the first rule that changes a
 * setting is its cause, later ones leave it be. */
static void mark(struct wsl_setting *s, enum wsl_rule_id rule, const char *where, const char *fmt,
                 ...)
{
    if (s->overridden)
        return;
    s->overridden = true;
    s->rule = (int)rule;
    s->where = where;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->why, sizeof(s->why), fmt, ap);
    va_end(ap);
}

static bool is_on(const struct wsl_setting *s)
{
    return s && s->has_value && s->b;
}

/* A boolean WSL sets to `v`; marked only when that changes the value (or
 * turns a default headroom cannot know into a known one). */
static void force_bool(struct wsl_setting *s, bool v, enum wsl_rule_id rule, const char *where,
                       const char *why)
{
    if (!s || (s->has_value && s->b == v))
        return;
    s->b = v;
    s->has_value = true;
    mark(s, rule, where, "%s", why);
}

/* A path, address or list WSL empties. */
static void force_clear(struct wsl_setting *s, enum wsl_rule_id rule, const char *where,
                        const char *why)
{
    if (!s || s->cleared)
        return;
    bool was_set = s->key->type == WT_PORTS ? s->ports != NULL : s->from_file;
    if (!was_set)
        return;
    s->cleared = true;
    s->has_value = false;
    mark(s, rule, where, "%s", why);
}

static int mode_of(const struct wsl_setting *net)
{
    if (!net || !net->has_value)
        return WSL_NET_NAT;
    return net->e == WSL_NET_VIRTIOPROXY ? WSL_NET_CONSOMME : net->e;
}

static void force_mode(struct wsl_setting *net, int mode, enum wsl_rule_id rule, const char *where,
                       const char *why)
{
    if (!net || mode_of(net) == mode)
        return;
    net->e = mode;
    net->has_value = true;
    mark(net, rule, where, "%s", why);
}

/* ParseConfigFile()'s callback (:52-60): an address inet_pton refuses sets
 * EnableDnsTunneling = false when it is read, so a valid dnsTunneling line
 * further down the file sets it back. */
static void rule_dns_address(struct wsl_eval *ev)
{
    struct wsl_setting *ip = at(ev, "experimental.dnsTunnelingIpAddress");
    struct wsl_setting *dns = at(ev, "wsl2.dnsTunneling");
    if (!ip || !dns || ip->stmt < 0 || ip->valid)
        return;
    if (dns->stmt > ip->stmt && dns->valid)
        return;
    char why[sizeof(dns->why)];
    snprintf(why, sizeof(why), "dnsTunnelingIpAddress=%.32s is not an IPv4 address", ip->text);
    force_bool(dns, false, WSLR_DNS_BAD_ADDRESS, CONFIG_CPP ":59", why);
}

static void rule_safe_mode(struct wsl_eval *ev)
{
    static const char *const off[] = {"wsl2.hostFileSystemAccess",
                                      "wsl2.nestedVirtualization",
                                      "wsl2.hardwarePerformanceCounters",
                                      "wsl2.gpuSupport",
                                      "wsl2.virtio",
                                      "wsl2.guiApplications",
                                      "wsl2.dnsTunneling",
                                      "wsl2.autoProxy"};
    const char *where = CONFIG_CPP ":424";
    for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++)
        force_bool(at(ev, off[i]), false, WSLR_SAFE_MODE, where, "safeMode=true");
    force_clear(at(ev, "wsl2.kernel"), WSLR_SAFE_MODE, where, "safeMode=true");
    force_clear(at(ev, "wsl2.kernelModules"), WSLR_SAFE_MODE, where, "safeMode=true");
    force_mode(at(ev, "wsl2.networkingMode"), WSL_NET_NONE, WSLR_SAFE_MODE, where, "safeMode=true");
    /* the value itself comes from wsl_eval_vm() */
    struct wsl_setting *swap = at(ev, "wsl2.swap");
    if (swap && !(swap->from_file && swap->bytes == 0))
        mark(swap, WSLR_SAFE_MODE, where, "safeMode=true");
}

static void rule_no_virtio(struct wsl_eval *ev, struct wsl_setting *net)
{
    const char *where = CONFIG_CPP ":441";
    force_bool(at(ev, "wsl2.virtio9p"), false, WSLR_NO_VIRTIO, where, "virtio=false");
    force_bool(at(ev, "wsl2.virtiofs"), false, WSLR_NO_VIRTIO, where, "virtio=false");
    struct wsl_setting *tlb = at(ev, "experimental.swiotlb");
    if (tlb && tlb->bytes != 0) {
        tlb->bytes = 0;
        mark(tlb, WSLR_NO_VIRTIO, where, "virtio=false");
    }
    if (mode_of(net) == WSL_NET_CONSOMME)
        force_mode(net, WSL_NET_NAT, WSLR_NO_VIRTIO, CONFIG_CPP ":447",
                   "Consomme needs virtio, and virtio=false");
}

void wsl_rules_apply(struct wsl_eval *ev)
{
    struct wsl_setting *net = at(ev, "wsl2.networkingMode");
    const char *const *modes = net ? net->key->values : NULL;
    char why[96];

    rule_dns_address(ev);

    /* :152-157 reads the mode as parsed, before safeMode or policies */
    if (mode_of(net) == WSL_NET_MIRRORED)
        force_bool(at(ev, "wsl2.firewall"), true, WSLR_FIREWALL_MIRRORED, CONFIG_CPP ":154",
                   "networkingMode=Mirrored");

    /* :182-189 (WslCoreConfig.h:322: off by default) */
    struct wsl_setting *early = at(ev, "wsl2.earlyBootLogging");
    if (early && !early->from_file) {
        early->has_value = true;
        early->b = false;
        const struct wsl_setting *log = wsl_eval_get(ev, "wsl2.debugConsoleLogFile");
        if (is_on(wsl_eval_get(ev, "wsl2.debugConsole")))
            force_bool(early, true, WSLR_EARLY_BOOT_LOGGING, CONFIG_CPP ":183",
                       "debugConsole=true");
        else if (log && log->from_file && log->text && log->text[0])
            force_bool(early, true, WSLR_EARLY_BOOT_LOGGING, CONFIG_CPP ":183",
                       "debugConsoleLogFile is set");
    }

    if (is_on(wsl_eval_get(ev, "wsl2.safeMode")))
        rule_safe_mode(ev);

    const struct wsl_setting *virtio = wsl_eval_get(ev, "wsl2.virtio");
    if (virtio && virtio->has_value && !virtio->b)
        rule_no_virtio(ev, net);

    force_bool(at(ev, "wsl2.virtio9p"), false, WSLR_VIRTIO9P_OFF, CONFIG_CPP ":454",
               "WSL always turns virtio9p off");

    int mode = mode_of(net);
    struct wsl_setting *tlb = at(ev, "experimental.swiotlb");
    bool fs = is_on(wsl_eval_get(ev, "wsl2.virtiofs"));
    if (tlb && tlb->bytes == 0 && (fs || mode == WSL_NET_CONSOMME) &&
        wsl_version_swiotlb_default(ev->wsl_version))
        mark(tlb, WSLR_SWIOTLB_DEFAULT, CONFIG_CPP ":462",
             fs ? "virtiofs=true" : "networkingMode=Consomme");

    struct wsl_setting *dns = at(ev, "wsl2.dnsTunneling");
    /* Consomme keeps it since 2.8.2 (and in 2.7.1): versions.h */
    bool consomme_ok = wsl_version_dns_with_consomme(ev->wsl_version);
    if (mode != WSL_NET_NAT && mode != WSL_NET_MIRRORED &&
        !(mode == WSL_NET_CONSOMME && consomme_ok)) {
        snprintf(why, sizeof(why), "networkingMode=%s%s", modes ? modes[mode] : "?",
                 mode == WSL_NET_CONSOMME ? " before WSL 2.8.2" : "");
        force_bool(dns, false, WSLR_DNS_NETWORKING, CONFIG_CPP ":467", why);
    }

    struct wsl_setting *ip = at(ev, "experimental.dnsTunnelingIpAddress");
    if (dns && !is_on(dns)) {
        force_bool(at(ev, "experimental.bestEffortDnsParsing"), false, WSLR_DNS_OFF,
                   CONFIG_CPP ":475", "DNS tunneling is off");
        force_clear(ip, WSLR_DNS_OFF, CONFIG_CPP ":475", "DNS tunneling is off");
    } else if (ip && !ip->from_file) {
        ip->has_value = true; /* :159-165: 10.255.255.254 */
    }

    /* not a rule of WslCoreConfig.cpp: the swap disk itself could not be
     * made that large, as reported in microsoft/WSL#5476 */
    struct wsl_setting *swap = at(ev, "wsl2.swap");
    if (swap && swap->from_file && swap->bytes != UINT64_MAX &&
        swap->bytes >= WSL_SWAP_REPORTED_LIMIT) {
        swap->bytes = 0;
        mark(swap, WSLR_SWAP_TOO_LARGE, "reported in microsoft/WSL#5476",
             "swap is 256 GB or more (reported: the VM then starts with no swap)");
    }

    if (mode != WSL_NET_MIRRORED) {
        snprintf(why, sizeof(why), "networkingMode=%s, not Mirrored", modes ? modes[mode] : "?");
        force_clear(at(ev, "experimental.ignoredPorts"), WSLR_MIRRORED_ONLY, CONFIG_CPP ":481",
                    why);
        force_bool(at(ev, "experimental.hostAddressLoopback"), false, WSLR_MIRRORED_ONLY,
                   CONFIG_CPP ":481", why);
    }
}

void wsl_rules_swiotlb(const struct wsl_eval *ev, struct wsl_vm *vm)
{
    const struct wsl_setting *tlb = wsl_eval_get(ev, "experimental.swiotlb");
    vm->swiotlb_known = true;
    vm->swiotlb = tlb ? tlb->bytes : 0;
    vm->swiotlb_how = NULL;
    if (!tlb || tlb->rule != WSLR_SWIOTLB_DEFAULT)
        return;
    /* helpers.cpp:811-823: 64 MB, unless the VM cannot spare it */
    const uint64_t pool = 64 * MIB;
    if (!vm->memory_known) {
        vm->swiotlb_known = false;
        vm->swiotlb_how = "computed: 64 MB on a VM of 1 GB + 64 MB or more (memory unknown)";
        return;
    }
    vm->swiotlb = vm->memory >= GIB + pool ? pool : 0;
    vm->swiotlb_how = vm->swiotlb ? "computed: 64 MB for the virtio bounce buffers"
                                  : "computed: none, the VM has less than 1 GB + 64 MB";
}

const char *wsl_rule_source(const struct wsl_setting *s, char *buf, size_t n)
{
    if (s->rule == WSLR_SWAP_TOO_LARGE) {
        snprintf(buf, n,
                 "https://github.com/microsoft/WSL/issues/5476 (a WSL maintainer: "
                 "\"the current limit is a hair under 256GB\", 2020)");
        return buf;
    }
    snprintf(buf, n, "microsoft/WSL src/windows/common/%s @3e27a6a", s->where ? s->where : "");
    return buf;
}

bool wsl_rule_expected(const struct wsl_setting *s)
{
    switch ((enum wsl_rule_id)s->rule) {
    case WSLR_SAFE_MODE:          /* the user asked for it; no-effect says so */
    case WSLR_VIRTIO9P_OFF:       /* no-effect reports it */
    case WSLR_MIRRORED_ONLY:      /* no-effect reports it */
    case WSLR_EARLY_BOOT_LOGGING: /* only where the file does not set it */
    case WSLR_NONE:
        return true;
    default:
        return false;
    }
}
