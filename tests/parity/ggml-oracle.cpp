// The verdict llama.cpp gives a GGUF file, from ggml's own reader: a test
// tool of `make gguf-parity`, built from the llama.cpp source that npm's
// node-llama-cpp ships, never linked into headroom.
//
//   ggml-oracle FILE   prints "ok <canonical form>" or "refused"
//
// It opens the file as llama.cpp's model loader does (gguf_init_from_file
// with no_alloc and a ggml context for the tensor metadata), then makes the
// loader's one further check on the header: each tensor's data lies inside
// the file (llama-model-loader.h, llama_tensor_weight). The canonical form is
// the one tests/tools/gguf-canon.c prints from headroom's reader, so the two
// compare byte for byte (see that file for the format).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ggml.h"
#include "gguf.h"

// ggml.c refers to the backend for copying tensor data; the header reader
// never does. These are never called (abort if they were).
extern "C" {
int ggml_backend_buffer_get_usage(void *) { abort(); }
void ggml_backend_tensor_get(void *, void *, size_t, size_t) { abort(); }
void ggml_backend_tensor_set(void *, const void *, size_t, size_t) { abort(); }
void ggml_backend_tensor_memset(void *, unsigned char, size_t, size_t) { abort(); }
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = (const unsigned char *) p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}
static const uint64_t FNV0 = 1469598103934665603ULL;

static void hex(std::string &out, const char *s) {
    char b[3];
    for (; *s; s++) {
        snprintf(b, sizeof b, "%02x", (unsigned char) *s);
        out += b;
    }
    if (out.empty() || out.back() == '=') out += "-";
}

static void num(std::string &out, int t, const void *p) {
    char b[64];
    switch (t) {
        case GGUF_TYPE_UINT8: snprintf(b, sizeof b, "%u", *(const uint8_t *) p); break;
        case GGUF_TYPE_INT8: snprintf(b, sizeof b, "%d", *(const int8_t *) p); break;
        case GGUF_TYPE_UINT16: snprintf(b, sizeof b, "%u", *(const uint16_t *) p); break;
        case GGUF_TYPE_INT16: snprintf(b, sizeof b, "%d", *(const int16_t *) p); break;
        case GGUF_TYPE_UINT32: snprintf(b, sizeof b, "%" PRIu32, *(const uint32_t *) p); break;
        case GGUF_TYPE_INT32: snprintf(b, sizeof b, "%" PRId32, *(const int32_t *) p); break;
        case GGUF_TYPE_UINT64: snprintf(b, sizeof b, "%" PRIu64, *(const uint64_t *) p); break;
        case GGUF_TYPE_INT64: snprintf(b, sizeof b, "%" PRId64, *(const int64_t *) p); break;
        case GGUF_TYPE_BOOL: snprintf(b, sizeof b, "%d", *(const uint8_t *) p != 0); break;
        case GGUF_TYPE_FLOAT32: {
            double d = *(const float *) p;
            snprintf(b, sizeof b, std::isnan(d) ? "nan" : "%a", d);
        } break;
        case GGUF_TYPE_FLOAT64: {
            double d = *(const double *) p;
            snprintf(b, sizeof b, std::isnan(d) ? "nan" : "%a", d);
        } break;
        default: snprintf(b, sizeof b, "?");
    }
    out += b;
}

// bytes of one element of a fixed-size type (the GGUF specification)
static size_t elem_size(int t) {
    static const size_t sz[13] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
    return t >= 0 && t < 13 ? sz[t] : 0;
}

static void str(std::string &out, const char *s) {
    char b[64];
    size_t n = strlen(s);  // ggml hands strings out as C strings
    snprintf(b, sizeof b, "s:%zu:%016" PRIx64, n, fnv(FNV0, s, n));
    out += b;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: ggml-oracle FILE\n");
        return 2;
    }
    ggml_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    struct ggml_context *meta = nullptr;
    struct gguf_init_params params = {true, &meta};
    struct gguf_context *g = gguf_init_from_file(argv[1], params);
    if (!g) {
        puts("refused");
        return 0;
    }
    FILE *f = fopen(argv[1], "rb");
    fseek(f, 0, SEEK_END);
    uint64_t file_size = (uint64_t) ftell(f);
    fclose(f);

    std::string out;
    char b[160];
    int64_t n_tensors = gguf_get_n_tensors(g);
    snprintf(b, sizeof b, "v=%u a=%zu", (unsigned) gguf_get_version(g), gguf_get_alignment(g));
    out += b;
    if (n_tensors > 0) {  // without tensors ggml does not pad to the data section
        snprintf(b, sizeof b, " d=%zu", gguf_get_data_offset(g));
        out += b;
    }
    for (int64_t i = 0; i < gguf_get_n_kv(g); i++) {
        out += " k=";
        hex(out, gguf_get_key(g, i));
        int t = gguf_get_kv_type(g, i);
        snprintf(b, sizeof b, " t=%d ", t);
        out += b;
        if (t == GGUF_TYPE_STRING) {
            str(out, gguf_get_val_str(g, i));
        } else if (t == GGUF_TYPE_ARRAY) {
            int et = gguf_get_arr_type(g, i);
            size_t n = gguf_get_arr_n(g, i);
            uint64_t h = FNV0;
            std::string el;
            for (size_t k = 0; k < n; k++) {
                el.clear();
                if (et == GGUF_TYPE_STRING) {
                    str(el, gguf_get_arr_str(g, i, k));
                } else {
                    size_t esz = elem_size(et);
                    num(el, et, (const char *) gguf_get_arr_data(g, i) + k * esz);
                }
                el += ",";
                h = fnv(h, el.data(), el.size());
            }
            snprintf(b, sizeof b, "arr:%d:%zu:%016" PRIx64, et, n, h);
            out += b;
        } else {
            num(out, t, gguf_get_val_data(g, i));
        }
    }
    // the tensors, in file order, as the loader's metadata context holds them
    int64_t i = 0;
    for (struct ggml_tensor *t = ggml_get_first_tensor(meta); t; t = ggml_get_next_tensor(meta, t), i++) {
        int64_t id = gguf_find_tensor(g, ggml_get_name(t));
        size_t offs = gguf_get_data_offset(g) + gguf_get_tensor_offset(g, id);
        size_t nb = ggml_nbytes(t);
        if (id < 0 || offs + nb < offs || offs + nb > file_size) {
            puts("refused");  // llama.cpp: "data is not within the file bounds"
            return 0;
        }
        out += " T=";
        hex(out, ggml_get_name(t));
        snprintf(b, sizeof b, " ty=%d ne=%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 " o=%zu",
                 (int) t->type, t->ne[0], t->ne[1], t->ne[2], t->ne[3], gguf_get_tensor_offset(g, id));
        out += b;
    }
    if (i != n_tensors) {
        puts("refused");
        return 0;
    }
    printf("ok %s\n", out.c_str());
    gguf_free(g);
    ggml_free(meta);
    return 0;
}
