#include "model/ggml-types.h"

#include <stddef.h>
#include <strings.h>

/* ggml/include/ggml.h enum ggml_type; sizes are sizeof(block_*) measured
 * with ggml-common.h (ggml's include/ggml.h). */
static const struct ggml_type_info types[GGML_TYPE_COUNT] = {
    [0] = {"F32", 1, 4},         [1] = {"F16", 1, 2},         [2] = {"Q4_0", 32, 18},
    [3] = {"Q4_1", 32, 20},      [6] = {"Q5_0", 32, 22},      [7] = {"Q5_1", 32, 24},
    [8] = {"Q8_0", 32, 34},      [9] = {"Q8_1", 32, 36},      [10] = {"Q2_K", 256, 84},
    [11] = {"Q3_K", 256, 110},   [12] = {"Q4_K", 256, 144},   [13] = {"Q5_K", 256, 176},
    [14] = {"Q6_K", 256, 210},   [15] = {"Q8_K", 256, 292},   [16] = {"IQ2_XXS", 256, 66},
    [17] = {"IQ2_XS", 256, 74},  [18] = {"IQ3_XXS", 256, 98}, [19] = {"IQ1_S", 256, 50},
    [20] = {"IQ4_NL", 32, 18},   [21] = {"IQ3_S", 256, 110},  [22] = {"IQ2_S", 256, 82},
    [23] = {"IQ4_XS", 256, 136}, [24] = {"I8", 1, 1},         [25] = {"I16", 1, 2},
    [26] = {"I32", 1, 4},        [27] = {"I64", 1, 8},        [28] = {"F64", 1, 8},
    [29] = {"IQ1_M", 256, 56},   [30] = {"BF16", 1, 2},       [34] = {"TQ1_0", 256, 54},
    [35] = {"TQ2_0", 256, 66},   [39] = {"MXFP4", 32, 17},    [40] = {"NVFP4", 64, 36},
    [41] = {"Q1_0", 128, 18},    [42] = {"Q2_0", 64, 18},
};

const struct ggml_type_info *ggml_type_get(uint32_t id)
{
    if (id >= GGML_TYPE_COUNT || types[id].block == 0)
        return NULL;
    return &types[id];
}

const char *ggml_type_name(uint32_t id)
{
    const struct ggml_type_info *t = ggml_type_get(id);
    return t ? t->name : "?";
}

bool ggml_type_by_name(const char *name, uint32_t *ret)
{
    for (uint32_t i = 0; i < GGML_TYPE_COUNT; i++)
        if (types[i].block && strcasecmp(types[i].name, name) == 0) {
            *ret = i;
            return true;
        }
    return false;
}

bool ggml_row_size(uint32_t id, uint64_t ne0, uint64_t *ret)
{
    const struct ggml_type_info *t = ggml_type_get(id);
    if (!t || ne0 % t->block)
        return false;
    uint64_t r;
    if (__builtin_mul_overflow(ne0 / t->block, (uint64_t)t->block_size, &r))
        return false;
    *ret = r;
    return true;
}

/* llama.cpp include/llama.h enum llama_ftype (the value of
 * general.file_type). Ids that were removed are left out. */
static const struct {
    uint32_t id;
    const char *name;
} ftypes[] = {
    {0, "F32"},      {1, "F16"},      {2, "Q4_0"},       {3, "Q4_1"},    {7, "Q8_0"},
    {8, "Q5_0"},     {9, "Q5_1"},     {10, "Q2_K"},      {11, "Q3_K_S"}, {12, "Q3_K_M"},
    {13, "Q3_K_L"},  {14, "Q4_K_S"},  {15, "Q4_K_M"},    {16, "Q5_K_S"}, {17, "Q5_K_M"},
    {18, "Q6_K"},    {19, "IQ2_XXS"}, {20, "IQ2_XS"},    {21, "Q2_K_S"}, {22, "IQ3_XS"},
    {23, "IQ3_XXS"}, {24, "IQ1_S"},   {25, "IQ4_NL"},    {26, "IQ3_S"},  {27, "IQ3_M"},
    {28, "IQ2_S"},   {29, "IQ2_M"},   {30, "IQ4_XS"},    {31, "IQ1_M"},  {32, "BF16"},
    {36, "TQ1_0"},   {37, "TQ2_0"},   {38, "MXFP4_MOE"}, {39, "NVFP4"},  {40, "Q1_0"},
    {41, "Q2_0"},
};

const char *ggml_ftype_name(uint32_t ftype)
{
    for (size_t i = 0; i < sizeof(ftypes) / sizeof(ftypes[0]); i++)
        if (ftypes[i].id == ftype)
            return ftypes[i].name;
    return NULL;
}
