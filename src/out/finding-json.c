#include "out/finding-json.h"

/* "fix": {"commands": [{"shell": "bash", "command": "..."}], "advice": "..."};
 * "fix_text" is the fix as one string, as "fix" was before (kept for one
 * release). */
static void fix_json(struct json *j, const struct finding *f)
{
    json_key(j, "fix");
    json_obj_begin(j);
    json_key(j, "commands");
    json_arr_begin(j);
    for (size_t i = 0; i < f->ncmds; i++) {
        json_obj_begin(j);
        json_kv_str(j, "shell", fix_shell_name(f->cmds[i].shell));
        json_kv_str(j, "command", f->cmds[i].text);
        json_obj_end(j);
    }
    json_arr_end(j);
    json_kv_str(j, "advice", f->advice);
    json_obj_end(j);
    json_kv_str(j, "fix_text", f->fix_text);
}

void finding_json_members(struct json *j, const struct finding *f)
{
    json_kv_str(j, "id", f->id);
    json_kv_str(j, "severity", severity_name(f->severity));
    json_kv_str(j, "title", f->title);
    json_kv_str(j, "evidence", f->evidence);
    fix_json(j, f);
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
