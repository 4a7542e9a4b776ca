/* gguf-cut: copies a little-endian GGUF file with every array longer than
 * --max elements cut to its first --max elements, and every other byte as it
 * was: the magic, version, every key and its type, every scalar and string,
 * the tensor infos and what follows them. It is how tests/data/gguf/ holds
 * llama.cpp's multi-megabyte vocab files in a few kilobytes each: the reader
 * still meets the real keys, types and hyperparameters of each family, and
 * the first entries of its real token, score and merge arrays.
 *
 *   gguf-cut --max N IN OUT
 *
 * Written for files with no tensors (vocab-only); with tensors the data
 * offsets would move, so such a file is refused. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/gguf.h"
#include "util/strbuf.h"

static int copy_range(FILE *in, uint64_t from, uint64_t to, struct strbuf *out)
{
    if (to < from || fseeko(in, (off_t)from, SEEK_SET) != 0)
        return -1;
    char buf[65536];
    for (uint64_t left = to - from; left > 0;) {
        size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
        if (fread(buf, 1, want, in) != want)
            return -1;
        strbuf_add(out, buf, want);
        left -= want;
    }
    return 0;
}

/* The file offset just past element `keep` of an array (its first `keep`
 * elements, walked with the reader for string arrays). */
static int array_cut_end(const struct gguf_file *g, const struct gguf_kv *kv, uint64_t keep,
                         uint64_t *end)
{
    struct gguf_iter it;
    struct strbuf sb = STRBUF_INIT;
    gguf_iter_init(&it, g, kv);
    for (uint64_t i = 0; i < keep; i++) {
        if (gguf_iter_next(&it, NULL, &sb) != 1) {
            strbuf_release(&sb);
            return -1;
        }
    }
    strbuf_release(&sb);
    *end = it.pos;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5 || strcmp(argv[1], "--max") != 0) {
        fprintf(stderr, "usage: gguf-cut --max N IN OUT\n");
        return 2;
    }
    char *endp;
    unsigned long long keep = strtoull(argv[2], &endp, 10);
    if (*endp || keep == 0) {
        fprintf(stderr, "gguf-cut: --max wants a positive number\n");
        return 2;
    }
    struct gguf_file g;
    struct diag d;
    diag_clear(&d);
    if (gguf_open(argv[3], &g, &d) != 0) {
        fprintf(stderr, "gguf-cut: %s: not a GGUF file we can read (offset %llu)\n", argv[3],
                (unsigned long long)d.offset);
        return 2;
    }
    if (g.n_tensors != 0) {
        fprintf(stderr, "gguf-cut: %s: only files without tensors\n", argv[3]);
        gguf_free(&g);
        return 2;
    }
    FILE *in = fopen(argv[3], "rb");
    struct strbuf out = STRBUF_INIT;
    int bad = !in;
    /* magic, version, tensor count, pair count: 4 + 4 + 8 + 8 bytes */
    if (!bad)
        bad = copy_range(in, 0, 24, &out);
    for (uint64_t i = 0; !bad && i < g.n_kv; i++) {
        const struct gguf_kv *kv = &g.kv[i];
        if (kv->type != GGUF_ARRAY || kv->n <= keep) {
            bad = copy_range(in, kv->at, kv->off + kv->size, &out);
            continue;
        }
        /* key, type, element type; then the new count and the first elements */
        uint64_t end, n = keep;
        bad = copy_range(in, kv->at, kv->off - 8, &out) || array_cut_end(&g, kv, keep, &end);
        if (!bad) {
            strbuf_add(&out, &n, 8);
            bad = copy_range(in, kv->off, end, &out);
        }
    }
    if (!bad)
        bad = copy_range(in, g.info_end, g.file_size, &out);
    if (in)
        fclose(in);
    FILE *o = bad ? NULL : fopen(argv[4], "wb");
    if (!o || fwrite(out.buf, 1, out.len, o) != out.len || fclose(o) != 0) {
        fprintf(stderr, "gguf-cut: %s: %s\n", bad ? argv[3] : argv[4],
                bad ? "read failed" : strerror(errno));
        bad = 1;
    }
    strbuf_release(&out);
    gguf_free(&g);
    return bad ? 1 : 0;
}
