/* What the parts of config lint share (lint.c: the file and its lines,
 * lint-values.c: values WSL rejects or reads otherwise, lint-machine.c: the
 * rules that need the host's facts); not for other callers. */
#ifndef HEADROOM_WSLCONFIG_LINT_IMPL_H
#define HEADROOM_WSLCONFIG_LINT_IMPL_H

#include <stdbool.h>

#include "finding.h"
#include "util/size.h"
#include "wslconfig/lint.h"

#define SRC_PARSER   "microsoft/WSL src/shared/configfile/configfile.cpp @3e27a6a"
#define SRC_STRINGS  "microsoft/WSL src/shared/inc/stringshared.h @3e27a6a"
#define SRC_CONFIG   "microsoft/WSL src/windows/common/WslCoreConfig.cpp @3e27a6a"
#define SRC_DISTCONF "microsoft/WSL src/linux/init/WslDistributionConfig.cpp @3e27a6a"

/* docker/for-win#14656, confirmed in microsoft/WSL#12991 */
#define DOCKER_SAVER_ADVICE                                                                        \
    "apart from this, turn Docker Desktop's Resource Saver off (Settings > Resources): while "     \
    "Docker Desktop is paused or saving, other distros can freeze under cgroup v2 (always used "   \
    "from WSL 2.5.1) whatever autoMemoryReclaim is"

/* Below this no 7B model quantised to 4 bits runs: its weights alone are
 * about 3.8 GiB, before the KV cache and compute buffers (headroom fit). */
#define AI_MEMORY_MIN (4 * GIB)
/* A "small host" for the swap rule: a 16 GB laptop. */
#define SMALL_HOST (16 * GIB)

struct lint {
    const char *file;
    const struct wsldoc *doc;
    const struct wsl_eval *ev;
    const struct wsl_facts *facts;
    struct findings *out;
    enum wsl_file kind;
    const char *area;  /* "wslconfig" / "wslconf" */
    const char *other; /* "/etc/wsl.conf" / ".wslconfig" */
    bool *quiet;       /* per statement: already covered by a bad-section finding */
};

/* Adds the finding "<area>.<name>" at line0/col0 (0-based). */
struct finding *lint_add(struct lint *L, const char *name, enum severity sev, unsigned line0,
                         unsigned col0, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* "line 8: pageReporting=true" (at most 160 bytes of the line). */
void lint_evidence_line(struct lint *L, struct finding *f, unsigned line0);
/* The fix for a line that should go; for a path with lone backslashes. */
void lint_fix_delete(struct lint *L, struct finding *f, unsigned line0, const char *key);
/* The fix "ADVICE\n$ headroom config unset OLD && headroom config set NEW=VALUE",
 * the value (the user's bytes) quoted as one shell word; without the command
 * when the value cannot be shown as it is. */
void lint_fix_move(struct finding *f, const char *advice, const char *old_key, const char *new_key,
                   const char *value);
void lint_fix_double_backslashes(struct lint *L, struct finding *f, unsigned line0);
/* The statement a setting was read from, or NULL. */
const struct wsl_stmt *lint_stmt_of(const struct lint *L, const struct wsl_setting *s);

/* lint-values.c */
void lint_bad_value(struct lint *L, const struct wsl_setting *s, const struct wsl_stmt *st);
void lint_value_extras(struct lint *L, const struct wsl_setting *s, const struct wsl_stmt *st);
/* lint-machine.c: memory, processors, sparseVhd, reclaim, swap, networking */
void lint_machine(struct lint *L);

#endif
