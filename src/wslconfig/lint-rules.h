/* The lint rule list (wsl_lint_rules, lint.h) and the rule for what WSL
 * changes after reading the file: `wslconfig.overridden`, a setting the file
 * writes that WSL replaces by another value for a reason the user would not
 * expect (rules.h). Overrides the user asked for (safeMode) or that
 * `wslconfig.no-effect` reports already (virtio9p, the mirrored-only keys)
 * raise nothing here. */
#ifndef HEADROOM_WSLCONFIG_LINT_RULES_H
#define HEADROOM_WSLCONFIG_LINT_RULES_H

#include "finding.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"
#include "wslconfig/lint.h"

/* Appends a `wslconfig.overridden` warning per such setting; `facts` (may
 * be NULL) gives the host RAM for values that depend on it. */
void wsl_lint_overrides(const char *file, const struct wsldoc *doc, const struct wsl_eval *ev,
                        const struct wsl_facts *facts, struct findings *out);

#endif
