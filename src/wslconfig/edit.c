#include "wslconfig/edit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "util/xalloc.h"
#include "wslconfig/eval.h"

static int fail(char *err, size_t errn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errn, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/* "wsl2.memory" or "memory" -> the section (may be empty) and the name. */
static int split_key(const char *s, size_t len, char *sect, size_t sn, char *name, size_t nn,
                     char *err, size_t errn)
{
    const char *dot = memchr(s, '.', len);
    const char *n = dot ? dot + 1 : s;
    size_t nl = (size_t)(s + len - n), sl = dot ? (size_t)(dot - s) : 0;
    if (nl == 0 || nl >= nn || sl >= sn)
        return fail(err, errn, "'%.*s' is not a key name", (int)len, s);
    for (size_t i = 0; i < nl; i++) {
        char c = n[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i && c >= '0' && c <= '9');
        if (!ok)
            return fail(err, errn, "'%.*s' is not a key name (letters and digits only)", (int)len,
                        s);
    }
    memcpy(sect, s, sl);
    sect[sl] = '\0';
    memcpy(name, n, nl);
    name[nl] = '\0';
    return 0;
}

static const struct wsl_key *find_key(const char *sect, const char *name)
{
    if (sect[0]) {
        char full[160];
        snprintf(full, sizeof(full), "%s.%s", sect, name);
        return wsl_schema_lookup(WSLF_WSLCONFIG, full);
    }
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = wsl_schema_at(i);
        if (k->file == WSLF_WSLCONFIG && strcasecmp(k->name, name) == 0)
            return k;
    }
    return NULL;
}

static int unknown_key(const char *sect, const char *name, char *err, size_t errn)
{
    const struct wsl_removed *rm = wsl_schema_removed(NULL, name);
    if (rm)
        return fail(err, errn, "'%s' is not a WSL setting any more (%s)", name, rm->note);
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = wsl_schema_at(i);
        if (k->file == WSLF_WSLCONF && strcasecmp(k->name, name) == 0)
            return fail(err, errn, "'%s' is an /etc/wsl.conf setting ([%s]), not a .wslconfig one",
                        name, k->section);
    }
    const struct wsl_key *s = wsl_schema_suggest(WSLF_WSLCONFIG, name);
    if (s)
        return fail(err, errn, "unknown key '%s%s%s' (did you mean '%s'?)", sect,
                    sect[0] ? "." : "", name, s->name);
    return fail(err, errn, "unknown key '%s%s%s'", sect, sect[0] ? "." : "", name);
}

int wsl_edit_parse_set(const char *arg, struct wsl_edit *ret, char *err, size_t errn)
{
    memset(ret, 0, sizeof(*ret));
    ret->kind = WSL_EDIT_SET;
    const char *eq = strchr(arg, '=');
    if (!eq)
        return fail(err, errn, "'%s': expected KEY=VALUE", arg);
    char sect[64], name[64];
    int r = split_key(arg, (size_t)(eq - arg), sect, sizeof(sect), name, sizeof(name), err, errn);
    if (r < 0)
        return r;
    const struct wsl_key *k = find_key(sect, name);
    if (!k)
        return unknown_key(sect, name, err, errn);
    ret->key = k;
    snprintf(ret->name, sizeof(ret->name), "%s", k->name);
    const char *v = eq + 1;
    if (strlen(v) >= sizeof(ret->plain))
        return fail(err, errn, "the value of %s is too long", k->name);
    snprintf(ret->plain, sizeof(ret->plain), "%s", v);
    switch (k->type) {
    case WT_MEM: {
        uint64_t b;
        if (!wsl_parse_mem(v, &b))
            return fail(err, errn,
                        "%s=%s: not a size WSL accepts (a whole number and an upper-case unit "
                        "B, K, KB, M, MB, G, GB, T or TB, no space, e.g. 6GB)",
                        k->name, v);
        bool bare = v[0] && v[strlen(v) - 1] >= '0' && v[strlen(v) - 1] <= '9';
        if (bare && b != 0 && b < MIB)
            return fail(err, errn, "%s=%s is %s bytes: add a unit (e.g. %sGB)", k->name, v, v, v);
        if (strcmp(k->name, "memory") == 0 && b != 0 && b < WSL_MEMORY_FLOOR)
            return fail(err, errn, "memory=%s is below WSL's 256 MB floor", v);
        break;
    }
    case WT_BOOL: {
        bool b;
        if (!wsl_parse_bool(v, &b))
            return fail(err, errn, "%s=%s: not a boolean WSL accepts (1, 0, true or false)",
                        k->name, v);
        break;
    }
    case WT_INT: {
        int n;
        if (!wsl_parse_int(v, true, &n))
            return fail(err, errn, "%s=%s: not an integer WSL accepts", k->name, v);
        break;
    }
    case WT_ENUM:
        if (wsl_parse_enum(k, v) < 0) {
            char vals[160] = "";
            for (int i = 0; k->values[i]; i++)
                snprintf(vals + strlen(vals), sizeof(vals) - strlen(vals), "%s%s", i ? ", " : "",
                         k->values[i]);
            return fail(err, errn, "%s=%s: not one of %s", k->name, v, vals);
        }
        break;
    case WT_MAC:
        if (!wsl_parse_mac(v))
            return fail(err, errn, "%s=%s: not a MAC address (aa:bb:cc:dd:ee:ff)", k->name, v);
        break;
    case WT_IPV4:
        if (!wsl_parse_ipv4(v))
            return fail(err, errn, "%s=%s: not an IPv4 address", k->name, v);
        break;
    case WT_PORTS: {
        unsigned ok, bad;
        wsl_parse_ports(v, &ok, &bad);
        if (bad || !ok)
            return fail(err, errn, "%s=%s: not a comma list of ports 1-65535", k->name, v);
        break;
    }
    case WT_STRING:
    case WT_PATH:
    case WT_LIST:
        break;
    }
    if (!wsl_quote_value(v, ret->value, sizeof(ret->value)))
        return fail(err, errn,
                    "%s: the value has non-ASCII or control characters, which WSL cannot read "
                    "back as written",
                    k->name);
    return 0;
}

int wsl_edit_parse_unset(const char *arg, struct wsl_edit *ret, char *err, size_t errn)
{
    memset(ret, 0, sizeof(*ret));
    ret->kind = WSL_EDIT_UNSET;
    if (strchr(arg, '='))
        return fail(err, errn, "'%s': unset takes a key name, without '='", arg);
    char sect[64], name[64];
    int r = split_key(arg, strlen(arg), sect, sizeof(sect), name, sizeof(name), err, errn);
    if (r < 0)
        return r;
    ret->key = find_key(sect, name);
    snprintf(ret->name, sizeof(ret->name), "%s", ret->key ? ret->key->name : name);
    return 0;
}

/* ---- applying ---- */

static struct strbuf line_copy(const struct wsldoc *doc, unsigned i, size_t from, size_t to)
{
    struct strbuf sb = STRBUF_INIT;
    const struct wsldoc_line *l = &doc->lines[i];
    if (to > l->text_len)
        to = l->text_len;
    if (from < to)
        strbuf_add(&sb, l->text + from, to - from);
    return sb;
}

static int do_set(struct wsldoc *doc, const struct wsl_edit *e, char *err, size_t errn)
{
    struct wsl_eval ev;
    wsl_eval_run(doc, WSLF_WSLCONFIG, &ev);
    int changed = 0;
    char full[128];
    const struct wsl_setting *s = wsl_eval_get(&ev, wsl_key_full(e->key, full, sizeof(full)));
    if (s && s->stmt >= 0) {
        const struct wsl_stmt *st = &ev.syn.v[s->stmt];
        unsigned l0 = st->start.line, l1 = st->last_line;
        if (st->vend.line > l1)
            l1 = st->vend.line;
        struct strbuf nl = line_copy(doc, l0, 0, st->vstart.col);
        strbuf_addstr(&nl, e->value);
        struct strbuf rest = STRBUF_INIT;
        if (st->vend.line == l1) {
            rest = line_copy(doc, l1, st->vend.col, (size_t)-1);
        } else if (st->has_comment && st->comment.line == l1) {
            strbuf_addstr(&rest, " ");
            struct strbuf c = line_copy(doc, l1, st->comment.col, (size_t)-1);
            strbuf_add(&rest, c.buf, c.len);
            strbuf_release(&c);
        }
        if (rest.len && rest.buf[0] == '#')
            strbuf_addch(&nl, ' ');
        strbuf_add(&nl, rest.buf, rest.len);
        strbuf_release(&rest);
        for (unsigned i = l1; i > l0; i--)
            wsldoc_delete_line(doc, i);
        const struct wsldoc_line *old = &doc->lines[l0];
        bool same = old->text_len == nl.len && memcmp(old->text, nl.buf, nl.len) == 0;
        if (!same)
            wsldoc_set_line(doc, l0, nl.buf, nl.len);
        changed = (int)(l1 - l0) + !same;
        strbuf_release(&nl);
        wsl_eval_release(&ev);
        return changed;
    }
    /* a new line at the end of the key's section, or a new section */
    long sect = -1;
    for (size_t i = 0; i < ev.syn.n && sect < 0; i++)
        if (ev.syn.v[i].kind == WSLST_SECTION && strcasecmp(ev.syn.v[i].name, e->key->section) == 0)
            sect = (long)i;
    enum wsl_eol eol = wsldoc_main_eol(doc);
    char line[700];
    snprintf(line, sizeof(line), "%s=%s", e->key->name, e->value);
    if (sect >= 0) {
        unsigned after = ev.syn.v[sect].last_line;
        for (size_t j = (size_t)sect + 1; j < ev.syn.n; j++) {
            const struct wsl_stmt *st = &ev.syn.v[j];
            if (st->kind == WSLST_SECTION || st->bad_header_before)
                break;
            if (st->section == sect && st->last_line > after)
                after = st->last_line;
        }
        wsldoc_insert_line(doc, after + 1, line, strlen(line), eol);
        changed = 1;
    } else {
        if (doc->nlines) {
            const struct wsldoc_line *last = &doc->lines[doc->nlines - 1];
            bool blank = true;
            for (size_t k = 0; k < last->text_len; k++)
                blank = blank && (last->text[k] == ' ' || last->text[k] == '\t');
            if (!blank) {
                wsldoc_insert_line(doc, doc->nlines, "", 0, eol);
                changed++;
            }
        }
        char hdr[64];
        snprintf(hdr, sizeof(hdr), "[%s]", e->key->section);
        wsldoc_insert_line(doc, doc->nlines, hdr, strlen(hdr), eol);
        wsldoc_insert_line(doc, doc->nlines, line, strlen(line), eol);
        changed += 2;
    }
    (void)err;
    (void)errn;
    wsl_eval_release(&ev);
    return changed;
}

static bool unset_matches(const struct wsl_eval *ev, size_t i, const struct wsl_edit *e)
{
    const struct wsl_stmt *st = &ev->syn.v[i];
    if (strcasecmp(st->name ? st->name : "", e->name) != 0)
        return false;
    if (st->kind == WSLST_KEY)
        return ev->slot[i] < 0 || (e->key && ev->set[ev->slot[i]].key == e->key);
    /* a line WSL dropped that was meant for this key */
    return st->kind == WSLST_INVALID && (st->why == WSLINV_ESCAPE || st->why == WSLINV_QUOTE);
}

static int do_unset(struct wsldoc *doc, const struct wsl_edit *e)
{
    struct wsl_eval ev;
    wsl_eval_run(doc, WSLF_WSLCONFIG, &ev);
    bool *del = xcalloc(doc->nlines ? doc->nlines : 1, sizeof(*del));
    for (size_t i = 0; i < ev.syn.n; i++) {
        if (!unset_matches(&ev, i, e))
            continue;
        const struct wsl_stmt *st = &ev.syn.v[i];
        for (unsigned l = st->start.line; l <= st->last_line && l < doc->nlines; l++)
            del[l] = true;
    }
    int changed = 0;
    for (size_t l = doc->nlines; l-- > 0;)
        if (del[l]) {
            wsldoc_delete_line(doc, l);
            changed++;
        }
    free(del);
    wsl_eval_release(&ev);
    return changed;
}

int wsl_edit_doc(struct wsldoc *doc, const struct wsl_edit *edits, size_t n, char *err, size_t errn)
{
    if (!wsldoc_editable(doc))
        return fail(err, errn, "the file is %s, which headroom does not edit",
                    wsl_encoding_label(doc->enc));
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        int r = edits[i].kind == WSL_EDIT_SET ? do_set(doc, &edits[i], err, errn)
                                              : do_unset(doc, &edits[i]);
        if (r < 0)
            return r;
        total += r;
    }
    return total;
}

static bool touched(const struct wsl_edit *edits, size_t n, const struct wsl_key *k)
{
    for (size_t i = 0; i < n; i++)
        if (edits[i].key == k)
            return true;
    return false;
}

static int cmp_unknown(const void *a, const void *b)
{
    const struct wsl_stmt *x = *(const struct wsl_stmt *const *)a;
    const struct wsl_stmt *y = *(const struct wsl_stmt *const *)b;
    int c = strcmp(x->full, y->full);
    return c ? c : strcmp(x->value, y->value);
}

/* After the edit: each target as asked, everything else as it was. */
static int verify(const struct wsl_eval *before, const struct wsl_eval *after,
                  const struct wsl_edit *edits, size_t n, char *err, size_t errn)
{
    for (size_t i = 0; i < n; i++) {
        const struct wsl_edit *e = &edits[i];
        /* a later edit of the same key decides */
        bool last = true;
        for (size_t j = i + 1; j < n; j++)
            last = last && strcasecmp(edits[j].name, e->name) != 0;
        if (!last)
            continue;
        if (e->kind == WSL_EDIT_SET) {
            char full[128];
            const struct wsl_setting *s =
                wsl_eval_get(after, wsl_key_full(e->key, full, sizeof(full)));
            if (!s || !s->from_file || strcmp(s->text, e->plain) != 0)
                return fail(err, errn,
                            "after the edit WSL would not read %s=%s (a line above swallows it?); "
                            "nothing was changed",
                            e->name, e->plain);
        } else {
            for (size_t k = 0; k < after->syn.n; k++)
                if (unset_matches(after, k, e))
                    return fail(err, errn, "could not remove every %s line; nothing was changed",
                                e->name);
        }
    }
    for (size_t i = 0; i < before->n; i++) {
        const struct wsl_setting *a = &before->set[i], *b = &after->set[i];
        if (touched(edits, n, a->key))
            continue;
        bool same =
            (a->stmt >= 0) == (b->stmt >= 0) && a->valid == b->valid &&
            ((!a->text && !b->text) || (a->text && b->text && strcmp(a->text, b->text) == 0));
        if (!same)
            return fail(err, errn,
                        "the edit would also change what WSL reads for %s; nothing was changed",
                        a->key->name);
    }
    /* no unknown key appears that was not there: the original's unknown
     * (key, value) pairs sorted once, so a file of 100 000 keys costs
     * n log n comparisons, not n squared */
    const struct wsl_stmt **known = xmalloc((before->syn.n + 1) * sizeof(*known));
    size_t nknown = 0;
    for (size_t j = 0; j < before->syn.n; j++)
        if (before->syn.v[j].kind == WSLST_KEY && before->slot[j] < 0)
            known[nknown++] = &before->syn.v[j];
    qsort(known, nknown, sizeof(*known), cmp_unknown);
    int rc = 0;
    for (size_t k = 0; k < after->syn.n && rc == 0; k++) {
        const struct wsl_stmt *st = &after->syn.v[k];
        if (st->kind != WSLST_KEY || after->slot[k] >= 0)
            continue;
        if (!bsearch(&st, known, nknown, sizeof(*known), cmp_unknown))
            rc = fail(err, errn,
                      "the edit would make WSL read an unknown key '%s'; nothing was "
                      "changed",
                      st->full);
    }
    free(known);
    if (rc)
        return rc;
    return 0;
}

int wsl_edit_bytes(const char *buf, size_t len, const struct wsl_edit *edits, size_t n,
                   struct strbuf *out, char *err, size_t errn)
{
    struct wsldoc doc;
    wsldoc_parse(buf, len, false, &doc);
    if (!wsldoc_editable(&doc)) {
        snprintf(err, errn, "the file is %s: WSL cannot read it; save it as UTF-8 first",
                 wsl_encoding_label(doc.enc));
        wsldoc_release(&doc);
        return -EMEDIUMTYPE;
    }
    struct wsl_eval before;
    wsl_eval_run(&doc, WSLF_WSLCONFIG, &before);
    int r = wsl_edit_doc(&doc, edits, n, err, errn);
    if (r >= 0) {
        struct strbuf tmp = STRBUF_INIT;
        wsldoc_serialize(&doc, &tmp);
        struct wsldoc again;
        wsldoc_parse(tmp.buf, tmp.len, false, &again);
        struct wsl_eval after;
        wsl_eval_run(&again, WSLF_WSLCONFIG, &after);
        int v = again.enc != doc.enc ? fail(err, errn,
                                            "the edit would change how the file's encoding is "
                                            "recognised (%s); nothing was changed",
                                            wsl_encoding_label(again.enc))
                                     : verify(&before, &after, edits, n, err, errn);
        wsl_eval_release(&after);
        wsldoc_release(&again);
        if (v < 0)
            r = v;
        else
            strbuf_add(out, tmp.buf, tmp.len);
        strbuf_release(&tmp);
    }
    wsl_eval_release(&before);
    wsldoc_release(&doc);
    return r;
}
