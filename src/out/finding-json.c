#include "out/finding-json.h"

void finding_json_members(struct json *j, const struct finding *f)
{
    json_kv_str(j, "id", f->id);
    json_kv_str(j, "severity", severity_name(f->severity));
    json_kv_str(j, "title", f->title);
    json_kv_str(j, "evidence", f->evidence);
    json_kv_str(j, "fix", f->fix);
    json_kv_str(j, "source", f->source);
    if (f->file || f->line) {
        json_kv_str(j, "file", f->file);
        json_key(j, "line");
        f->line ? json_u64(j, f->line) : json_null(j);
        json_key(j, "column");
        f->column ? json_u64(j, f->column) : json_null(j);
    }
}

void finding_json(struct json *j, const struct finding *f)
{
    json_obj_begin(j);
    finding_json_members(j, f);
    json_obj_end(j);
}
