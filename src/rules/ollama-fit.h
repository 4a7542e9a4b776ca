/* headroom's own fit of the model Ollama loaded, beside Ollama's figures
 * (inference.ollama-verdict). */
#ifndef HEADROOM_RULES_OLLAMA_FIT_H
#define HEADROOM_RULES_OLLAMA_FIT_H

#include <stdbool.h>

#include "rules/rules.h"

/* When the doctor read the model file of Ollama's last load (the blob in
 * the local store), runs fit_solve on it at the settings Ollama used (the
 * runner's context per slot and its parallel slots, OLLAMA_KV_CACHE_TYPE,
 * OLLAMA_FLASH_ATTENTION), against fit's own budget, and appends the
 * figures to `ev` ("; headroom's fit of the same file ..."). False, with
 * nothing appended but the reason, when there is no model to fit. `ret`
 * (may be NULL) receives the fit when there is one. */
bool ollama_fit_evidence(const struct doctor_input *in, const struct ollama_log *l,
                         const struct ollama_load *ld, struct strbuf *ev, struct fit_result *ret);

#endif
