/* A GGUF header reader (ggml-org/ggml docs/gguf.md): v2 and v3, every value
 * type, arrays, tensor infos. It accepts what ggml's gguf.cpp accepts and
 * llama.cpp's loader then loads, refuses what they refuse (a big-endian file
 * among them), and refuses besides what ggml lets through by an overflow (a
 * tensor whose element count wraps) and tensor data past the end of the file
 * (llama.cpp's loader refuses that). What ggml accepts but is odd is kept in
 * odd_at[]. `make gguf-parity` compares this reader with ggml's own, file by
 * file. It reads only the header, never the tensor data.
 *
 * Untrusted bytes: every length and count is checked against the bytes left
 * in the file (and the budget) before anything is read or allocated;
 * allocations grow with the entries actually parsed, never with a count read
 * from the file; arithmetic on sizes is overflow-checked. Malformed input is
 * -EBADMSG with a diag holding the byte offset of the fault.
 *
 * Values are kept lazily: scalars decoded, short strings copied, arrays and
 * long strings as (offset, count) to be read back through the open source
 * (gguf_iter_*, gguf_get_str). The file stays open until gguf_free(). */
#ifndef HEADROOM_GGUF_H
#define HEADROOM_GGUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/strbuf.h"

#define GGUF_MAGIC             0x46554747u /* "GGUF" read as a little-endian u32 */
#define GGUF_DEFAULT_ALIGNMENT 32
#define GGUF_MAX_DIMS          4
#define GGUF_MAX_NAME          64                    /* ggml's GGML_MAX_NAME: names < 64 bytes */
#define GGUF_MAX_STRING        ((uint64_t)1 << 30)   /* ggml: strings and arrays up to 1 GiB */
#define GGUF_BIG_HEADER        ((uint64_t)512 << 20) /* a larger header is noted as odd */
#define GGUF_LONG_KEY          65535                 /* a longer key is noted as odd */
#define GGUF_KEEP_STRING       4096                  /* string values up to this are copied */

enum gguf_vtype {
    GGUF_U8 = 0,
    GGUF_I8 = 1,
    GGUF_U16 = 2,
    GGUF_I16 = 3,
    GGUF_U32 = 4,
    GGUF_I32 = 5,
    GGUF_F32 = 6,
    GGUF_BOOL = 7,
    GGUF_STRING = 8,
    GGUF_ARRAY = 9,
    GGUF_U64 = 10,
    GGUF_I64 = 11,
    GGUF_F64 = 12,
    GGUF_VTYPE_COUNT = 13,
};

/* A decoded scalar. */
struct gguf_scalar {
    uint32_t type;
    union {
        uint64_t u; /* unsigned types and bool */
        int64_t i;  /* signed types */
        double f;   /* f32, f64 */
    } v;
};

/* What ggml accepts but a writer rarely means: each is noted, not refused. */
enum gguf_oddity {
    GGUF_ODD_BOOL_VALUE,      /* a bool byte other than 0 or 1: ggml reads it as true */
    GGUF_ODD_KEY_NUL,         /* a NUL byte inside a key: lookups stop at it */
    GGUF_ODD_TENSOR_NAME_NUL, /* a NUL byte inside a tensor name: ggml cuts the name there */
    GGUF_ODD_LONG_KEY,        /* a key longer than GGUF_LONG_KEY bytes */
    GGUF_ODD_BIG_HEADER,      /* a header larger than GGUF_BIG_HEADER */
    GGUF_ODD_ZERO_TENSOR,     /* a tensor with a zero dimension (no elements, no bytes) */
    GGUF_ODD_COUNT,
};

struct gguf_kv {
    /* owned, NUL-terminated after key_len bytes, which may hold a NUL: as in
     * ggml, lookups compare up to the first NUL, duplicates all key_len bytes */
    char *key;
    uint64_t key_len;
    uint32_t type;          /* enum gguf_vtype */
    uint32_t arr_type;      /* element type when type == GGUF_ARRAY */
    uint64_t n;             /* array: element count; string: length in bytes */
    uint64_t off;           /* file offset of the payload (string bytes, first element) */
    uint64_t size;          /* payload bytes */
    uint64_t at;            /* file offset of the pair (its key), for messages */
    struct gguf_scalar num; /* scalars other than strings */
    char *str;              /* string value copied when n <= GGUF_KEEP_STRING, else NULL */
};

struct gguf_tensor {
    char name[GGUF_MAX_NAME];
    uint32_t n_dims;
    uint64_t ne[GGUF_MAX_DIMS]; /* unused dims are 1 */
    uint32_t type;              /* ggml type id, valid */
    uint64_t offset;            /* relative to the data section */
    uint64_t nbytes;
};

struct bin_src; /* where the bytes come from: a file or a buffer (model/bin-src.h) */

struct gguf_file {
    uint32_t version;
    uint64_t n_kv, n_tensors;
    struct gguf_kv *kv; /* n_kv entries, in file order */
    struct gguf_tensor *tensors;
    uint64_t alignment;
    uint64_t info_end;     /* end of the tensor infos */
    uint64_t data_offset;  /* start of the data section */
    uint64_t data_size;    /* sum of the tensors' sizes, each padded to alignment */
    uint64_t tensor_bytes; /* sum of the tensors' sizes, unpadded */
    uint64_t file_size;
    size_t alloc_bytes;              /* bytes this reader allocated for the parse (tests) */
    uint64_t odd_at[GGUF_ODD_COUNT]; /* offset of the first of each oddity; 0 = none */
    struct bin_src *src;
};

/* Parses the header of the file at `path` (a path of the normal filesystem,
 * as the user gave it). Returns 0; -EBADMSG (d says where); -errno when the
 * file cannot be opened or read. d->file is set to `path`. */
int gguf_open(const char *path, struct gguf_file *ret, struct diag *d);
/* The same for an open descriptor (not closed by gguf_free()). */
int gguf_open_fd(int fd, const char *name, struct gguf_file *ret, struct diag *d);
/* The same over bytes in memory (borrowed until gguf_free()): the buffer is
 * the whole file. */
int gguf_parse_mem(const void *buf, size_t len, struct gguf_file *ret, struct diag *d);
/* The same over the first `have` bytes of a file of `size` bytes, as far
 * as they have been fetched (model/remote.c). -ENODATA when the header runs
 * past them: *ret_need (> have) is then a lower bound of the bytes it takes
 * (never past the true end of the header), so a fetch to it plus a margin
 * never reads more than the header and the margin; *ret_guess (>= need) is
 * where the header likely ends (the strings of an array as long as those
 * before them), not a bound. */
int gguf_parse_prefix(const void *buf, size_t have, uint64_t size, struct gguf_file *ret,
                      uint64_t *ret_need, uint64_t *ret_guess, struct diag *d);
void gguf_free(struct gguf_file *g);

/* The pair with this key, or NULL. */
const struct gguf_kv *gguf_find(const struct gguf_file *g, const char *key);
/* A non-negative integer of any integer type (bool excluded). false when
 * absent, of another type, or negative. */
bool gguf_get_uint(const struct gguf_file *g, const char *key, uint64_t *ret);
/* A number of any numeric type as a double. */
bool gguf_get_float(const struct gguf_file *g, const char *key, double *ret);
bool gguf_get_bool(const struct gguf_file *g, const char *key, bool *ret);
/* A string value, copied into out (reset first). -ENOENT absent, -EINVAL
 * another type, -EBADMSG/-EIO on a read failure, else 0. */
int gguf_get_str(const struct gguf_file *g, const char *key, struct strbuf *out);
/* The same for one pair, found by position: two keys equal up to a NUL are
 * one key to gguf_find(). */
int gguf_kv_str(const struct gguf_file *g, const struct gguf_kv *kv, struct strbuf *out);
/* The short string value (<= GGUF_KEEP_STRING bytes), or NULL. */
const char *gguf_get_cstr(const struct gguf_file *g, const char *key);

/* Walks an array's elements in order. */
struct gguf_iter {
    const struct gguf_file *g;
    const struct gguf_kv *kv;
    uint64_t i, pos;
};
void gguf_iter_init(struct gguf_iter *it, const struct gguf_file *g, const struct gguf_kv *kv);
/* Reads the next element: numbers into *ret_num, strings into *ret_str (reset
 * first; may be NULL to skip). Returns 1 for an element, 0 at the end,
 * negative errno on a read error. */
int gguf_iter_next(struct gguf_iter *it, struct gguf_scalar *ret_num, struct strbuf *ret_str);
/* Element i of a numeric array as a non-negative integer (any integer type or
 * bool). false when out of range, not numeric, or negative. */
bool gguf_arr_uint(const struct gguf_file *g, const struct gguf_kv *kv, uint64_t i, uint64_t *ret);

const char *gguf_vtype_name(uint32_t t);
/* One line on what an oddity is and what llama.cpp does with it. */
const char *gguf_oddity_text(enum gguf_oddity o);
/* A stable name for scripts: "bool-value", "key-nul", ... */
const char *gguf_oddity_id(enum gguf_oddity o);
/* Size in bytes of one element of a fixed-size type; 0 for string/array. */
size_t gguf_vtype_size(uint32_t t);

/* A scalar as a non-negative integer; false when not integral or negative. */
bool gguf_scalar_uint(const struct gguf_scalar *s, uint64_t *ret);

#endif
