/* gguf-dump FILE: the whole header of a GGUF file as JSON, through
 * headroom's reader: every key with its full value (arrays in full), and
 * every tensor info. Used by the differential test against @huggingface/gguf
 * (bench/fit-diff.mjs). f32 values are printed with 9 significant digits,
 * enough to round-trip. Exit 2 with a one-line error on malformed input. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/gguf.h"
#include "out/json.h"

static void put_num(struct json *j, const struct gguf_scalar *s)
{
    switch (s->type) {
    case GGUF_F32:
        json_double_digits(j, s->v.f, 9);
        return;
    case GGUF_F64:
        json_double_digits(j, s->v.f, 17);
        return;
    case GGUF_BOOL:
        json_bool(j, s->v.u != 0);
        return;
    case GGUF_I8:
    case GGUF_I16:
    case GGUF_I32:
    case GGUF_I64:
        json_i64(j, s->v.i);
        return;
    default:
        json_u64(j, s->v.u);
        return;
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gguf-dump FILE\n");
        return 2;
    }
    struct gguf_file g;
    struct diag d;
    diag_clear(&d);
    int e = gguf_open(argv[1], &g, &d);
    if (e == -EBADMSG) {
        char buf[600];
        diag_format(&d, buf, sizeof(buf));
        fprintf(stderr, "gguf-dump: %s\n", buf);
        return 2;
    }
    if (e < 0) {
        fprintf(stderr, "gguf-dump: %s: %s\n", argv[1], strerror(-e));
        return 3;
    }
    struct json j;
    json_init(&j, stdout);
    json_obj_begin(&j);
    json_kv_u64(&j, "version", g.version);
    json_kv_bool(&j, "little_endian", true); /* the reader refuses big-endian files */
    json_kv_u64(&j, "tensor_count", g.n_tensors);
    json_kv_u64(&j, "kv_count", g.n_kv);
    json_kv_u64(&j, "tensor_data_offset", g.data_offset);
    json_key(&j, "metadata");
    json_obj_begin(&j);
    struct strbuf sb = STRBUF_INIT;
    for (uint64_t i = 0; i < g.n_kv; i++) {
        const struct gguf_kv *kv = &g.kv[i];
        json_key(&j, kv->key);
        if (kv->type == GGUF_STRING) {
            gguf_get_str(&g, kv->key, &sb);
            json_strn(&j, sb.buf, sb.len);
        } else if (kv->type == GGUF_ARRAY) {
            json_arr_begin(&j);
            struct gguf_iter it;
            struct gguf_scalar s;
            gguf_iter_init(&it, &g, kv);
            while (gguf_iter_next(&it, &s, &sb) > 0) {
                if (kv->arr_type == GGUF_STRING)
                    json_strn(&j, sb.buf, sb.len);
                else
                    put_num(&j, &s);
            }
            json_arr_end(&j);
        } else {
            put_num(&j, &kv->num);
        }
    }
    json_obj_end(&j);
    json_key(&j, "tensors");
    json_arr_begin(&j);
    for (uint64_t i = 0; i < g.n_tensors; i++) {
        const struct gguf_tensor *t = &g.tensors[i];
        json_obj_begin(&j);
        json_kv_str(&j, "name", t->name);
        json_key(&j, "shape");
        json_arr_begin(&j);
        for (uint32_t k = 0; k < t->n_dims; k++)
            json_u64(&j, t->ne[k]);
        json_arr_end(&j);
        json_kv_u64(&j, "dtype", t->type);
        json_kv_u64(&j, "offset", t->offset);
        json_obj_end(&j);
    }
    json_arr_end(&j);
    json_obj_end(&j);
    json_finish(&j);
    strbuf_release(&sb);
    gguf_free(&g);
    return 0;
}
