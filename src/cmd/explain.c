/* headroom explain [ID]: what a doctor rule or config lint id checks, why it
 * matters, its evidence, fix, risks, how to suppress it, and its sources. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmds.h"
#include "explain/explain.h"
#include "out/json.h"

static void page_json(struct json *j, const struct explain_page *p)
{
    json_obj_begin(j);
    json_kv_str(j, "id", p->id);
    json_kv_str(j, "area", p->area);
    json_kv_str(j, "severity", p->severity);
    json_kv_str(j, "title", p->title);
    json_kv_str(j, "checks", p->checks);
    json_kv_str(j, "why", p->why);
    json_kv_str(j, "evidence", p->evidence);
    json_kv_str(j, "fix", p->fix);
    json_kv_str(j, "risks", p->risks);
    char sup[EXPLAIN_SUPPRESS_MAX];
    json_kv_str(j, "suppress", explain_suppress(p, sup, sizeof(sup)));
    json_key(j, "sources");
    json_arr_begin(j);
    for (size_t s = 0; s < EXPLAIN_MAX_SOURCES && p->sources[s]; s++)
        json_str(j, p->sources[s]);
    json_arr_end(j);
    json_obj_end(j);
}

/* "Label:    text" wrapped at 79 columns, continuation lines under the text. */
static void field(FILE *f, const char *label, const char *text)
{
    enum { INDENT = 11, WIDTH = 79 };
    fprintf(f, "%-*s", INDENT, label);
    size_t col = INDENT;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (col > INDENT && col + 1 + n > WIDTH) {
            fprintf(f, "\n%*s", INDENT, "");
            col = INDENT;
        } else if (col > INDENT) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, n, f);
        col += n;
        p += n;
        p += strspn(p, " ");
    }
    fputc('\n', f);
}

static void page_text(FILE *f, const struct explain_page *p)
{
    fprintf(f, "%s (%s, %s): %s\n\n", p->id, p->area, p->severity, p->title);
    char sup[EXPLAIN_SUPPRESS_MAX];
    field(f, "Checks:", p->checks);
    field(f, "Why:", p->why);
    field(f, "Evidence:", p->evidence);
    field(f, "Fix:", p->fix);
    field(f, "Risks:", p->risks);
    field(f, "Suppress:", explain_suppress(p, sup, sizeof(sup)));
    fputs("Sources:\n", f);
    for (size_t s = 0; s < EXPLAIN_MAX_SOURCES && p->sources[s]; s++)
        fprintf(f, "  %s\n", p->sources[s]);
}

/* Every page, by area in the order the areas first appear among the pages
 * (not a list of areas of its own, which would miss a new one). */
static void list_text(FILE *f)
{
    for (size_t k = 0; k < explain_count(); k++) {
        const char *area = explain_at(k)->area;
        bool first = true;
        for (size_t e = 0; e < k && first; e++)
            first = strcmp(explain_at(e)->area, area) != 0;
        if (!first)
            continue;
        fprintf(f, "%s:\n", area);
        for (size_t i = 0; i < explain_count(); i++) {
            const struct explain_page *p = explain_at(i);
            if (strcmp(p->area, area) == 0)
                fprintf(f, "  %-34s %-16s %s\n", p->id, p->severity, p->title);
        }
    }
}

static int run_explain(struct ctx *ctx, int argc, char **argv)
{
    const struct explain_page *p = NULL;
    if (argc == 1) {
        p = explain_find(argv[0]);
        if (!p) {
            const char *s = explain_suggest(argv[0]);
            if (s)
                return cli_usage_error(ctx->cmd, "no rule '%s'; did you mean '%s'?", argv[0], s);
            return cli_usage_error(ctx->cmd, "no rule '%s' ('headroom explain' lists them)",
                                   argv[0]);
        }
    }
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        if (p) {
            page_json(&j, p);
        } else {
            json_arr_begin(&j);
            for (size_t i = 0; i < explain_count(); i++)
                page_json(&j, explain_at(i));
            json_arr_end(&j);
        }
        json_finish(&j);
    } else if (p) {
        page_text(ctx->out, p);
    } else {
        list_text(ctx->out);
    }
    return EXIT_OK;
}

static const char *id_word(size_t i)
{
    return i < explain_count() ? explain_at(i)->id : NULL;
}

static const struct complete_spec explain_complete[] = {
    {NULL, NULL, COMPLETE_WORDS, id_word, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

const struct command cmd_explain = {
    .name = "explain",
    .summary = "what a doctor or lint id checks: why, fix, risks, sources",
    .usage = "explain [ID]",
    .description =
        "With no ID, lists every doctor rule id and config lint id by area, with the\n"
        "severities its findings take and a one-line title. With ID (as doctor or\n"
        "config lint prints it; a wslconf.NAME id of /etc/wsl.conf is explained by\n"
        "wslconfig.NAME), prints what the rule checks, why it matters on a small WSL2\n"
        "machine, what its evidence means, the fix and its risks, how to suppress it,\n"
        "and public sources.\n"
        "\n"
        "--json prints one object (or, with no ID, an array of them) with the keys id,\n"
        "area, severity, title, checks, why, evidence, fix, risks, suppress and\n"
        "sources. The same texts make the man page headroom-rules(7) and the \"why?\" of\n"
        "each finding in headroom report.\n"
        "\n"
        "Examples:\n"
        "  headroom explain\n"
        "  headroom explain mem.cache-held\n"
        "  headroom explain wslconfig.bad-memory-size --json\n",
    .opts = NULL,
    .min_args = 0,
    .max_args = 1,
    .run = run_explain,
    .exit_status = "0, or 2 for an unknown id (with the closest known one).",
    .complete = explain_complete,
};
