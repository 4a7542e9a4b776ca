#include "model/hub.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "util/json-read.h"

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool ends_with(const char *s, size_t n, const char *tail)
{
    size_t k = strlen(tail);
    return n >= k && strncasecmp(s + n - k, tail, k) == 0;
}

/* "...-00002-of-00003.gguf" and not part 1. */
static bool later_part(const char *s, size_t n)
{
    if (n < 20)
        return false;
    const char *p = s + n - 20; /* "-00002-of-00003.gguf" */
    if (p[0] != '-' || memcmp(p + 6, "-of-", 4) != 0)
        return false;
    for (int i = 1; i <= 5; i++)
        if (p[i] < '0' || p[i] > '9' || p[i + 9] < '0' || p[i + 9] > '9')
            return false;
    return memcmp(p + 1, "00001", 5) != 0;
}

/* The quantisation as a word of the path, case aside. */
static bool has_quant(const char *s, size_t n, const char *q)
{
    size_t k = strlen(q);
    for (size_t i = 0; k && i + k <= n; i++) {
        if (strncasecmp(s + i, q, k) != 0)
            continue;
        bool before = i == 0 || !is_alnum(s[i - 1]);
        bool after = i + k == n || (!is_alnum(s[i + k]) && s[i + k] != '_');
        if (before && after)
            return true;
    }
    return false;
}

static void add_name(struct strbuf *sb, const char *s, unsigned *count)
{
    if (*count < 8)
        strbuf_addf(sb, "%s%.120s", *count ? ", " : "", s);
    else if (*count == 8)
        strbuf_addstr(sb, ", ...");
    (*count)++;
}

int hub_pick_quant(const char *json, size_t len, const char *quant, struct strbuf *ret,
                   struct strbuf *why, struct diag *d)
{
    struct json_doc doc;
    int e = json_doc_parse(json, len, &doc, d);
    if (e < 0)
        return e;
    if (doc.root->type != JV_ARRAY) {
        e = jv_diag(d, json, len, doc.root, "the tree listing is a %s, not an array",
                    jv_type_name(doc.root->type));
        json_doc_release(&doc);
        return e;
    }
    struct strbuf all = STRBUF_INIT, hits = STRBUF_INIT;
    unsigned n_all = 0, n_hits = 0;
    const char *hit = NULL;
    for (const struct jv *it = doc.root->child; it; it = it->next) {
        const struct jv *type = jv_get(it, "type"), *path = jv_get(it, "path");
        if (it->type != JV_OBJECT || !type || type->type != JV_STRING || !path ||
            path->type != JV_STRING) {
            e = jv_diag(d, json, len, it, "a tree entry without a \"type\" and a \"path\" string");
            break;
        }
        if (strcmp(type->s, "file") != 0 || !ends_with(path->s, path->len, ".gguf") ||
            strstr(path->s, "mmproj") || later_part(path->s, path->len))
            continue;
        add_name(&all, path->s, &n_all);
        if (!has_quant(path->s, path->len, quant))
            continue;
        add_name(&hits, path->s, &n_hits);
        hit = path->s;
    }
    if (e == 0 && n_hits == 1) {
        strbuf_reset(ret);
        strbuf_addstr(ret, hit);
    } else if (e == 0 && n_hits > 1) {
        strbuf_reset(why);
        strbuf_addf(why, "%u files carry %s: %s", n_hits, quant, hits.buf);
        e = -EEXIST;
    } else if (e == 0) {
        strbuf_reset(why);
        if (n_all)
            strbuf_addf(why, "no .gguf carries %s; there are %s", quant, all.buf);
        else
            strbuf_addstr(why, "the repository holds no .gguf file");
        e = -ENOENT;
    }
    strbuf_release(&all);
    strbuf_release(&hits);
    json_doc_release(&doc);
    return e;
}
