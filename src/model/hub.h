/* hf:ORG/REPO:QUANT: which file of a Hugging Face repository holds that
 * quantisation, from the Hub's tree listing (GET
 * /api/models/ORG/REPO/tree/main?recursive=true, documented at
 * https://huggingface.co/docs/hub/api): a JSON array of entries, e.g.
 *
 *   [{"type":"file","oid":"b6...","size":491400032,
 *     "lfs":{"oid":"74a4...","size":491400032,"pointerSize":135},
 *     "path":"qwen2.5-0.5b-instruct-q4_k_m.gguf"}, ...]
 *
 * A pure parser over the response's bytes; the fetch is the command's. */
#ifndef HEADROOM_MODEL_HUB_H
#define HEADROOM_MODEL_HUB_H

#include <stddef.h>

#include "util/diag.h"
#include "util/strbuf.h"

#define HUB_MAX_LISTING ((size_t)8 << 20) /* a longer tree listing is refused */

/* Picks the .gguf whose name carries `quant` as a word (case aside:
 * "Q4_K_M" matches "model-q4_k_m.gguf" and "Q4_K_M/model-Q4_K_M-00001-of-00002.gguf",
 * not "model-IQ4_K_M.gguf"), skipping mmproj files and split parts other
 * than the first. Returns 0 with the path in *ret; -ENOENT (none: *why lists
 * the quantisations there are) or -EEXIST (several: *why names them);
 * -EBADMSG for a listing that is not the documented shape (d says where). */
int hub_pick_quant(const char *json, size_t len, const char *quant, struct strbuf *ret,
                   struct strbuf *why, struct diag *d);

#endif
