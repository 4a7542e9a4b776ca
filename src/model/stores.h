/* Where local models live, found through the root (--root or "/"):
 *   - Ollama: <models>/manifests/<registry>/<namespace>/<model>/<tag> is a
 *     JSON manifest whose layer of mediaType
 *     "application/vnd.ollama.image.model" names the GGUF blob by digest:
 *     <models>/blobs/sha256-<hex>. <models> is ~/.ollama/models for each home
 *     (every home/NAME, root, the live $HOME), usr/share/ollama/.ollama/models
 *     (the Linux service) and mnt/c/Users/NAME/.ollama/models (Ollama for
 *     Windows);
 *   - the Hugging Face cache: ~/.cache/huggingface/hub/models--ORG--REPO/
 *     snapshots/REV/NAME.gguf (symlinks into blobs/);
 *   - LM Studio: ~/.lmstudio/models/PUBLISHER/REPO/NAME.gguf and the older
 *     ~/.cache/lm-studio/models, in Linux homes and mnt/c/Users/NAME.
 * Paths in results are relative to the root; open them with rootfs_open().
 * Nothing in a store is executed; manifests are read with a size cap. */
#ifndef HEADROOM_STORES_H
#define HEADROOM_STORES_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/rootfs.h"

enum store_kind { STORE_OLLAMA, STORE_HF, STORE_LMSTUDIO };

struct model_ref {
    char *name; /* "llama3.1:8b", "Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-q4_k_m.gguf" */
    char *path; /* relative to the root */
    enum store_kind kind;
    uint64_t size; /* bytes of the file, 0 if it could not be stat()ed */
};

struct model_list {
    struct model_ref *v;
    size_t n, alloc;
};

const char *store_kind_name(enum store_kind k);

/* Progress callback: called with each directory about to be scanned. */
typedef void (*store_progress_fn)(void *ud, const char *dir);

/* Every model in every store, sorted by store then name. `home` is the live
 * $HOME (NULL under --root). Never fails: unreadable places are skipped. */
void stores_find_all(const struct rootfs *r, const char *home, struct model_list *out,
                     store_progress_fn progress, void *ud);
/* An Ollama name ("llama3.1:8b", "llama3.1", "user/model:tag",
 * "hf.co/org/repo:Q4_K_M") or a store file name ("org/repo/file.gguf" or just
 * "file.gguf") to one model. 0, -ENOENT when nothing matches, -EBADMSG when a
 * manifest is malformed (d set). */
int stores_resolve(const struct rootfs *r, const char *home, const char *name,
                   struct model_ref *ret, struct diag *d);

/* The blob digest ("sha256:<64 hex>") of the model layer of an Ollama
 * manifest. 0 or -EBADMSG (d: offset). */
int ollama_manifest_parse(const char *buf, size_t len, char *ret_digest, size_t n, struct diag *d);

void model_ref_release(struct model_ref *m);
void model_list_release(struct model_list *l);

#endif
