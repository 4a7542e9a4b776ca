#include "out/wslconfig-json.h"

#include <stdlib.h>
#include <string.h>

#include "out/finding-json.h"
#include "wslconfig/rules.h"

void wsl_finding_json(struct json *j, const struct finding *f)
{
    json_obj_begin(j);
    finding_json_members(j, f);
    json_kv_str(j, "message", f->title);
    json_obj_end(j);
}

/* [80, 443] from "80,443" */
static void ports_value(struct json *j, const char *ports)
{
    json_arr_begin(j);
    for (const char *p = ports; p && *p;) {
        char *end;
        json_u64(j, strtoul(p, &end, 10));
        p = *end == ',' ? end + 1 : end;
    }
    json_arr_end(j);
}

static void typed_value(struct json *j, const struct wsl_setting *s)
{
    const struct wsl_key *k = s->key;
    if (k->type == WT_PORTS) {
        ports_value(j, s->cleared ? NULL : s->ports);
        return;
    }
    if (k->type == WT_IPV4 && s->has_value && !s->from_file) {
        json_str(j, k->def); /* the address WSL uses with DNS tunneling on */
        return;
    }
    if (!s->has_value) {
        json_null(j);
        return;
    }
    switch (k->type) {
    case WT_BOOL:
        json_bool(j, s->b);
        return;
    case WT_INT:
        json_i64(j, s->i);
        return;
    case WT_MEM:
        json_u64(j, s->bytes);
        return;
    case WT_ENUM:
        json_str(j, k->values[s->e]);
        return;
    default:
        json_str(j, s->from_file ? s->text : NULL);
        return;
    }
}

void wsl_effective_json(struct json *j, const struct wsl_eval *ev, const struct wsl_vm *vm)
{
    json_key(j, "effective");
    json_obj_begin(j);
    for (size_t i = 0; i < ev->n; i++) {
        const struct wsl_setting *s = &ev->set[i];
        const struct wsl_key *k = s->key;
        char full[128];
        json_key(j, wsl_key_full(k, full, sizeof(full)));
        json_obj_begin(j);
        json_key(j, "value");
        const char *note = NULL;
        if (vm && strcmp(full, "wsl2.memory") == 0) {
            vm->memory_known ? json_u64(j, vm->memory) : json_null(j);
            note = vm->memory_how;
        } else if (vm && strcmp(full, "wsl2.swap") == 0) {
            vm->swap_known ? json_u64(j, vm->swap) : json_null(j);
            note = vm->swap_how;
        } else if (vm && strcmp(full, "experimental.swiotlb") == 0) {
            vm->swiotlb_known ? json_u64(j, vm->swiotlb) : json_null(j);
            note = vm->swiotlb_how;
        } else if (vm && strcmp(full, "wsl2.processors") == 0) {
            vm->processors_known ? json_u64(j, vm->processors) : json_null(j);
            note = vm->processors_how;
        } else {
            typed_value(j, s);
            note = s->default_note;
        }
        const struct wsl_stmt *st = s->stmt >= 0 ? &ev->syn.v[s->stmt] : NULL;
        json_kv_str(j, "text", st ? st->value : NULL);
        json_kv_str(j, "origin", s->from_file ? "file" : "default");
        json_key(j, "line");
        st && s->from_file ? json_u64(j, wsl_stmt_line(st)) : json_null(j);
        json_key(j, "ignored_line");
        st && !s->from_file ? json_u64(j, wsl_stmt_line(st)) : json_null(j);
        json_kv_str(j, "default", k->def);
        json_kv_str(j, "unit", k->unit);
        json_kv_str(j, "note", note);
        json_key(j, "override");
        if (s->overridden) {
            char src[160];
            json_obj_begin(j);
            json_kv_str(j, "written", s->from_file ? st->value : NULL);
            json_kv_str(j, "reason", s->why);
            json_kv_str(j, "source", wsl_rule_source(s, src, sizeof(src)));
            json_obj_end(j);
        } else {
            json_null(j);
        }
        json_obj_end(j);
    }
    json_obj_end(j);
}

/* "host_ram": {"bytes": N|null, "source": "given", "how": "..."} */
static void host_member(struct json *j, const char *key, const char *count_key, uint64_t v,
                        enum host_source src, const char *from)
{
    json_key(j, key);
    json_obj_begin(j);
    json_key(j, count_key);
    v ? json_u64(j, v) : json_null(j);
    json_kv_str(j, "source", host_source_name(src));
    json_kv_str(j, "how", v ? from : NULL);
    json_obj_end(j);
}

void budget_json_members(struct json *j, const struct budget *b, const struct host_facts *h)
{
    json_kv_str(j, "profile", budget_profile_name(b->profile));
    host_member(j, "host_ram", "bytes", h->ram, h->ram_src, h->ram_from);
    host_member(j, "host_cpus", "count", h->cpus, h->cpus_src, h->cpus_from);
    json_key(j, "lines");
    json_arr_begin(j);
    for (size_t i = 0; i < b->n; i++) {
        const struct budget_line *l = &b->lines[i];
        json_obj_begin(j);
        json_kv_str(j, "name", l->name);
        json_kv_str(j, "label", l->label);
        json_key(j, "bytes");
        l->known ? json_u64(j, l->bytes) : json_null(j);
        json_kv_bool(j, "subtract", l->subtract);
        json_kv_str(j, "kind", budget_kind_name(l->kind));
        json_kv_str(j, "note", l->note);
        json_obj_end(j);
    }
    json_arr_end(j);
    json_key(j, b->measured_now ? "room_for_ai_now" : "left_for_ai");
    b->left_known ? json_i64(j, b->left) : json_null(j);
    json_key(j, b->measured_now ? "fits_now_memory" : "recommended_memory");
    b->recommended_known ? json_u64(j, b->recommended_memory) : json_null(j);
    json_key(j, "wsl_memory_limit");
    if (b->limit_known) {
        json_obj_begin(j);
        json_kv_u64(j, "bytes", b->limit);
        json_kv_str(j, "from", b->limit_from);
        json_obj_end(j);
    } else {
        json_null(j);
    }
}
