/* The ggml tensor types: id, name, block size (elements per block) and the
 * bytes one block takes, as ggml defines them (ggml's include/ggml.h, read
 * from ggml's include/ggml.h and the sizeof(block_*) of ggml-common.h).
 * Removed ids (4, 5, 31-33, 36-38) have a block size of 0 and are invalid in
 * a file, as in ggml. */
#ifndef HEADROOM_GGML_TYPES_H
#define HEADROOM_GGML_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#define GGML_TYPE_COUNT 43

enum ggml_type_id {
    GGML_T_F32 = 0,
    GGML_T_F16 = 1,
    GGML_T_Q4_0 = 2,
    GGML_T_Q4_1 = 3,
    GGML_T_Q5_0 = 6,
    GGML_T_Q5_1 = 7,
    GGML_T_Q8_0 = 8,
    GGML_T_Q8_1 = 9,
    GGML_T_Q2_K = 10,
    GGML_T_Q3_K = 11,
    GGML_T_Q4_K = 12,
    GGML_T_Q5_K = 13,
    GGML_T_Q6_K = 14,
    GGML_T_Q8_K = 15,
    GGML_T_IQ4_NL = 20,
    GGML_T_I32 = 26,
    GGML_T_BF16 = 30,
    GGML_T_MXFP4 = 39,
};

struct ggml_type_info {
    const char *name;    /* "Q4_K"; NULL for a removed id */
    uint32_t block;      /* elements per block; 0 = not a valid type */
    uint32_t block_size; /* bytes per block */
};

/* The entry for `id`, or NULL when id is outside the table or removed. */
const struct ggml_type_info *ggml_type_get(uint32_t id);
/* The name of a type ("Q4_K"), or "?" for an invalid id. */
const char *ggml_type_name(uint32_t id);
/* Looks a type up by name, any case ("q8_0"); false when unknown. */
bool ggml_type_by_name(const char *name, uint32_t *ret);
/* Bytes of a row of `ne0` elements: ne0 / block * block_size. false when
 * the type is invalid or ne0 is not a multiple of the block size. */
bool ggml_row_size(uint32_t id, uint64_t ne0, uint64_t *ret);

/* general.file_type (llama_ftype) as llama.cpp names it: "Q4_K_M",
 * "MOSTLY_F16" is shown as "F16". NULL when unknown. */
const char *ggml_ftype_name(uint32_t ftype);

#endif
