/* Text for `config show`: a setting's value as shown, and the settings a
 * WSL rule overrides (wslconfig/rules.h). */
#ifndef HEADROOM_OUT_WSLCONFIG_TEXT_H
#define HEADROOM_OUT_WSLCONFIG_TEXT_H

#include <stdio.h>

#include "wslconfig/eval.h"

/* The value WSL uses, made safe to print ("\"\"" for an empty string). */
const char *wsl_value_text(const struct wsl_setting *s, const struct wsl_vm *vm, char *buf,
                           size_t n);
/* "wsl2.dnsTunneling: written true, WSL uses false: networkingMode=Bridged
 * (WslCoreConfig.cpp:467)", one line per overridden setting, after a blank
 * line; nothing when there is none. */
void wsl_print_overrides(FILE *f, const struct wsl_eval *ev, const struct wsl_vm *vm);

#endif
