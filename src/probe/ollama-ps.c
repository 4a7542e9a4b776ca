#include "probe/ollama-ps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe/ollama-api.h"
#include "util/json-read.h"

/* A printable string of at most n-1 bytes, else "" (a hostile server's
 * names never reach a terminal or a command as they came). */
static void take_str(const struct jv *v, char *dst, size_t n)
{
    dst[0] = '\0';
    if (!v || v->type != JV_STRING || v->len == 0 || v->len >= n)
        return;
    for (size_t i = 0; i < v->len; i++)
        if ((unsigned char)v->s[i] < 0x20 || v->s[i] == 0x7f)
            return;
    memcpy(dst, v->s, v->len + 1);
}

static bool take_u64(const struct jv *v, uint64_t *ret)
{
    if (!v || v->type != JV_NUMBER || !v->is_u64)
        return false;
    *ret = v->u;
    return true;
}

int ollama_ps_parse(const char *buf, size_t len, struct ollama_ps *ret, struct diag *d)
{
    memset(ret, 0, sizeof(*ret));
    struct json_doc doc;
    if (json_doc_parse(buf, len, &doc, d) < 0)
        return -EBADMSG;
    const struct jv *models =
        doc.root && doc.root->type == JV_OBJECT ? jv_get(doc.root, "models") : NULL;
    if (!models || models->type != JV_ARRAY) {
        diag_set_offset(d, NULL, doc.root ? doc.root->off : 0,
                        "expected an object with a \"models\" array");
        json_doc_release(&doc);
        return -EBADMSG;
    }
    for (const struct jv *m = models->child; m; m = m->next) {
        if (m->type != JV_OBJECT)
            continue;
        ret->total++;
        if (ret->n >= OLLAMA_PS_MAX_MODELS)
            continue;
        struct ollama_running *r = &ret->models[ret->n];
        memset(r, 0, sizeof(*r));
        take_str(jv_get(m, "name"), r->name, sizeof(r->name));
        if (!r->name[0])
            take_str(jv_get(m, "model"), r->name, sizeof(r->name));
        if (!r->name[0] || !take_u64(jv_get(m, "size"), &r->size))
            continue;
        r->has_vram = take_u64(jv_get(m, "size_vram"), &r->size_vram);
        take_u64(jv_get(m, "context_length"), &r->context_length);
        take_str(jv_get(m, "expires_at"), r->expires_at, sizeof(r->expires_at));
        const struct jv *det = jv_get(m, "details");
        if (det && det->type == JV_OBJECT) {
            take_str(jv_get(det, "family"), r->family, sizeof(r->family));
            take_str(jv_get(det, "parameter_size"), r->parameter_size, sizeof(r->parameter_size));
            take_str(jv_get(det, "quantization_level"), r->quantization, sizeof(r->quantization));
        }
        ret->n++;
    }
    json_doc_release(&doc);
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return ollama_ps_parse(buf, len, ret, d);
}

int ollama_ps_read(const struct rootfs *r, const char *ollama_host, struct ollama_ps *ret,
                   struct strbuf *raw, struct probe_status *st)
{
    memset(ret, 0, sizeof(*ret));
    if (!r->live)
        return probe_load(r, OLLAMA_PS_SNAPSHOT_PATH, OLLAMA_PS_MAX_BYTES, parse_cb, ret, st);
    uint16_t port;
    int e = ollama_port_for(ollama_host, st, &port);
    if (e < 0)
        return e;
    struct strbuf sb = STRBUF_INIT;
    e = http_get_loopback(port, "/api/ps", OLLAMA_API_BUDGET_MS, OLLAMA_PS_MAX_BYTES, &sb);
    struct http_response resp;
    struct diag d;
    diag_clear(&d);
    if (e == 0 && (e = http_response_parse(sb.buf, sb.len, &resp, &d)) == 0 && resp.status != 200)
        e = -ENOENT; /* something else answers there */
    if (e == 0 && ollama_ps_parse(resp.body, resp.body_len, ret, &d) < 0) {
        probe_set_malformed(st, &d);
        strbuf_release(&sb);
        return -EBADMSG;
    }
    if (e < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = e;
        strbuf_release(&sb);
        return e;
    }
    if (raw)
        strbuf_add(raw, resp.body, resp.body_len);
    strbuf_release(&sb);
    probe_set_ok(st);
    return 0;
}
