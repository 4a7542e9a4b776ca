#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "out/text.h"
#include "probe/probe.h"
#include "util/duration.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/tar-peek.h"
#include "util/xalloc.h"
#include "version.h"

static bool g_json, g_no_color, g_help, g_version;
static const char *g_root;

const struct opt cli_global_opts[] = {
    {"root", 0, OPT_STRING, &g_root, "DIR",
     "read the machine from DIR (a snapshot) instead of this one; also HEADROOM_ROOT"},
    {"json", 0, OPT_FLAG, &g_json, NULL, "print JSON on stdout (stable keys; sizes in bytes)"},
    {"no-color", 0, OPT_FLAG, &g_no_color, NULL,
     "no colour (colour is only ever used on a terminal, and never with NO_COLOR)"},
    {"help", 'h', OPT_FLAG, &g_help, NULL, "show this help"},
    {"version", 0, OPT_FLAG, &g_version, NULL, "print headroom's version"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

void opt_list_push(struct opt_list *l, const char *item)
{
    l->items = xgrow(l->items, l->n + 1, sizeof(*l->items), &l->alloc);
    l->items[l->n++] = item;
}

void opt_list_free(struct opt_list *l)
{
    free(l->items);
    memset(l, 0, sizeof(*l));
}

const struct command *cli_find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void print_opts(const struct opt *opts, FILE *f)
{
    size_t width = 0;
    char buf[128];
    for (const struct opt *o = opts; o && o->name; o++) {
        snprintf(buf, sizeof(buf), "--%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        if (strlen(buf) > width)
            width = strlen(buf);
    }
    for (const struct opt *o = opts; o && o->name; o++) {
        snprintf(buf, sizeof(buf), "--%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        if (o->short_name)
            fprintf(f, "  -%c, %-*s  %s\n", o->short_name, (int)width, buf, o->help);
        else
            fprintf(f, "      %-*s  %s\n", (int)width, buf, o->help);
    }
}

void cli_print_help(const struct command *cmd, FILE *f)
{
    fprintf(f, "usage: headroom %s\n\n%s\n", cmd->usage, cmd->summary);
    if (cmd->description && *cmd->description)
        fprintf(f, "\n%s", cmd->description);
    if (cmd->opts && cmd->opts->name) {
        fputs("\nOptions:\n", f);
        print_opts(cmd->opts, f);
    }
    fputs("\nGlobal options:\n", f);
    print_opts(cli_global_opts, f);
    /* the command's own statuses, indented under their heading */
    fputs("\nExit status:\n", f);
    for (const char *t = cmd->exit_status ? cmd->exit_status : cli_exit_status_common; *t;) {
        size_t n = strcspn(t, "\n");
        fprintf(f, "  %.*s\n", (int)n, t);
        t += n + (t[n] == '\n');
    }
}

const char cli_exit_status_common[] =
    "0 ok; 1 warnings or worse found; 2 bad usage or bad input (nothing changed);\n"
    "3 a system error (cannot read, not permitted).";

static void print_commands(FILE *f, bool tasks)
{
    fputs("usage: headroom [--root DIR] [--json] [--no-color] COMMAND [ARGS]\n\n"
          "How much room is there for local AI in this WSL2 machine, what is eating it,\n"
          "will a model fit, and what exactly to change.\n\n",
          f);
    /* what `headroom` alone shows first: the three things most people came
     * for, each a command that runs as written */
    if (tasks)
        fputs("Common tasks:\n"
              "  headroom doctor                 what stands in the way, and the fix for each\n"
              "  headroom fit MODEL              will MODEL fit (a .gguf or an Ollama name)\n"
              "  headroom report -o report.html  one page with all of it, to read or to share\n\n",
              f);
    fputs("Commands:\n", f);
    size_t width = 0;
    for (size_t i = 0; i < ncommands; i++)
        if (strlen(commands[i]->name) > width)
            width = strlen(commands[i]->name);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(f, "  %-*s  %s\n", (int)width, commands[i]->name, commands[i]->summary);
    fputs("\n'headroom help COMMAND' or 'headroom COMMAND --help' tells more.\n", f);
}

void cli_print_overview(FILE *f)
{
    print_commands(f, false);
}

void cli_print_start(FILE *f)
{
    print_commands(f, true);
}

const char *cli_closest(const struct opt_values *values, const char *word)
{
    struct suggest sg;
    suggest_init(&sg, word);
    const char *v;
    for (size_t i = 0; (v = values->at(i)); i++)
        suggest_offer(&sg, v);
    return suggest_best(&sg);
}

const char *cli_did_you_mean(const struct opt_values *values, const char *word, char *buf, size_t n)
{
    const char *best = cli_closest(values, word);
    if (best)
        snprintf(buf, n, "; did you mean '%s'?", best);
    else if (n)
        buf[0] = '\0';
    return buf;
}

const char *cli_closest_command(const char *word)
{
    struct suggest sg;
    suggest_init(&sg, word);
    for (size_t i = 0; i < ncommands; i++)
        suggest_offer(&sg, commands[i]->name);
    return suggest_best(&sg);
}

static const struct opt_values *opt_values_of(const struct command *cmd, const struct opt *o)
{
    for (const struct opt_value_set *s = cmd ? cmd->values : NULL; s && s->opt; s++)
        if (strcmp(s->opt, o->name) == 0)
            return s->values;
    return NULL;
}

static bool value_allowed(const struct command *cmd, const struct opt *o, const char *word)
{
    const struct opt_values *values = opt_values_of(cmd, o);
    if (!values || values->command_checks)
        return true;
    const char *v;
    for (size_t i = 0; (v = values->at(i)); i++)
        if (strcmp(v, word) == 0)
            return true;
    return false;
}

/* "option '--only': 'gpuu' is not a rule area; did you mean 'gpu'? (one of:
 * wsl, config, ...)". cli_usage_error() sanitises the user's word. */
static int value_error(const struct command *cmd, const struct opt *o, const char *word)
{
    const struct opt_values *values = opt_values_of(cmd, o);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "option '--%s': '%s' is not a %s", o->name, word, values->what);
    const char *best = cli_closest(values, word);
    if (best)
        strbuf_addf(&sb, "; did you mean '%s'?", best);
    if (values->more) {
        strbuf_addf(&sb, " ('%s' lists them)", values->more);
    } else {
        strbuf_addstr(&sb, " (one of:");
        const char *v;
        for (size_t i = 0; (v = values->at(i)); i++)
            strbuf_addf(&sb, "%s %s", i ? "," : "", v);
        strbuf_addstr(&sb, ")");
    }
    int st = cli_usage_error(cmd, "%s", sb.buf);
    strbuf_release(&sb);
    return st;
}

/* Every message quotes something a user or a file supplied (a path, a GGUF
 * key, a tensor name): it is formatted whole, then shown through the one
 * sanitizer, so no escape sequence or newline from those bytes reaches the
 * terminal. */
static void put_message(FILE *f, const char *fmt, va_list ap)
{
    char *msg = xvasprintf(fmt, ap);
    size_t n = strlen(msg);
    char *shown = xmalloc(n + 1);
    text_sanitize(msg, n, shown, n + 1);
    fputs(shown, f);
    free(shown);
    free(msg);
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "headroom%s%s: ", cmd ? " " : "", cmd ? cmd->name : "");
    va_start(ap, fmt);
    put_message(stderr, fmt, ap);
    va_end(ap);
    if (cmd && strcmp(cmd->name, "help") != 0)
        fprintf(stderr, " (see 'headroom %s --help')\n", cmd->name);
    else
        fputs(" (see 'headroom help')\n", stderr);
    return EXIT_USAGE;
}

int cli_error(const struct ctx *ctx, int status, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "headroom%s%s: ", ctx && ctx->cmd ? " " : "",
            ctx && ctx->cmd ? ctx->cmd->name : "");
    va_start(ap, fmt);
    put_message(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

const char *ctx_display_path(const struct ctx *ctx, const char *rel, char *buf, size_t n)
{
    while (*rel == '/')
        rel++;
    const char *root = ctx->root_path ? ctx->root_path : "/";
    size_t rl = strlen(root);
    while (rl > 1 && root[rl - 1] == '/')
        rl--;
    if (rl == 1 && root[0] == '/')
        snprintf(buf, n, "/%s", rel);
    else
        snprintf(buf, n, "%.*s/%s", (int)rl, root, rel);
    return buf;
}

const char *ctx_diag_format(const struct ctx *ctx, const struct diag *d, char *buf, size_t n)
{
    struct diag copy = *d;
    char path[sizeof(copy.file)];
    if (copy.file[0]) {
        ctx_display_path(ctx, copy.file, path, sizeof(path));
        diag_set_file(&copy, path);
    }
    diag_format(&copy, buf, n);
    return buf;
}

static const struct opt *find_long(const struct opt *tab, const char *name, size_t n)
{
    for (const struct opt *o = tab; o && o->name; o++)
        if (strlen(o->name) == n && memcmp(o->name, name, n) == 0)
            return o;
    return NULL;
}

static const struct opt *find_short(const struct opt *tab, char c)
{
    for (const struct opt *o = tab; o && o->name; o++)
        if (o->short_name == c)
            return o;
    return NULL;
}

static int set_value(const struct command *cmd, const struct opt *o, const char *v)
{
    switch (o->kind) {
    case OPT_FLAG:
        *(bool *)o->target = true;
        return 0;
    case OPT_STRING:
        if (!value_allowed(cmd, o, v))
            return value_error(cmd, o, v);
        *(const char **)o->target = v;
        return 0;
    case OPT_LIST:
        if (!value_allowed(cmd, o, v))
            return value_error(cmd, o, v);
        opt_list_push(o->target, v);
        return 0;
    case OPT_UINT: {
        uint64_t n;
        if (parse_u64_str(v, &n) < 0 || n > UINT32_MAX)
            return cli_usage_error(cmd, "option '--%s': '%s' is not a whole number", o->name, v);
        *(unsigned *)o->target = (unsigned)n;
        return 0;
    }
    case OPT_SIZE: {
        uint64_t n;
        int e = size_parse(v, &n);
        if (e < 0)
            return cli_usage_error(cmd, "option '--%s': '%s' %s", o->name, v,
                                   size_parse_problem(e));
        *(uint64_t *)o->target = n;
        return 0;
    }
    case OPT_DURATION: {
        uint64_t ms;
        int e = duration_parse_ms(v, strlen(v), &ms);
        if (e < 0)
            return cli_usage_error(cmd, "option '--%s': '%s' %s", o->name, v,
                                   duration_parse_problem(e));
        *(uint64_t *)o->target = ms;
        return 0;
    }
    }
    return 0;
}

/* "unknown option '--jsn'; did you mean '--json'?", or, for an option of
 * another command, which command has it. */
static int unknown_option(const struct command *cmd, const char *name, size_t n)
{
    char *word = xstrndup(name, n);
    struct suggest sg;
    suggest_init(&sg, word);
    for (const struct opt *o = cmd ? cmd->opts : NULL; o && o->name; o++)
        suggest_offer(&sg, o->name);
    for (const struct opt *o = cli_global_opts; o->name; o++)
        suggest_offer(&sg, o->name);
    int st = -1;
    if (suggest_best(&sg))
        st = cli_usage_error(cmd, "unknown option '--%s'; did you mean '--%s'?", word,
                             suggest_best(&sg));
    for (size_t i = 0; st < 0 && cmd && i < ncommands; i++)
        if (commands[i] != cmd && find_long(commands[i]->opts, word, n))
            st = cli_usage_error(cmd, "unknown option '--%s': it is an option of 'headroom %s'",
                                 word, commands[i]->name);
    if (st < 0)
        st = cli_usage_error(cmd, "unknown option '--%s'", word);
    free(word);
    return st;
}

/* Parses the option at argv[*i] (a word starting with '-') against the
 * command's table (cmd may be NULL) and the globals, taking its value from
 * the same word or the next one (then *i advances). Returns 0 or EXIT_USAGE. */
static int parse_one(const struct command *cmd, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const struct opt *o;
    const char *value = NULL;
    bool attached = false;
    if (a[1] == '-') {
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        o = cmd ? find_long(cmd->opts, name, n) : NULL;
        if (!o)
            o = find_long(cli_global_opts, name, n);
        if (!o)
            return unknown_option(cmd, name, n);
        if (eq) {
            value = eq + 1;
            attached = true;
        }
    } else {
        o = cmd ? find_short(cmd->opts, a[1]) : NULL;
        if (!o)
            o = find_short(cli_global_opts, a[1]);
        if (!o)
            return cli_usage_error(cmd, "unknown option '-%c'", a[1]);
        if (a[2]) {
            value = a + 2;
            attached = true;
        }
    }
    if (o->kind == OPT_FLAG) {
        if (attached)
            return cli_usage_error(cmd, "option '--%s' takes no value", o->name);
    } else if (!attached) {
        if (*i + 1 >= argc)
            return cli_usage_error(cmd, "option '--%s' needs a value (%s)", o->name,
                                   o->metavar ? o->metavar : "VALUE");
        value = argv[++*i];
    }
    return set_value(cmd, o, value);
}

static bool is_option(const char *a)
{
    return a[0] == '-' && a[1] != '\0';
}

/* Parses argv[start..] against the command's table plus the globals.
 * Positionals are collected into *ret_args. Returns 0 or EXIT_USAGE. */
static int parse_args(const struct command *cmd, int argc, char **argv, int start, char ***ret_args,
                      int *ret_nargs)
{
    char **args = xcalloc((size_t)argc + 1, sizeof(char *));
    int nargs = 0;
    bool only_args = false;
    for (int i = start; i < argc; i++) {
        if (only_args || !is_option(argv[i])) {
            args[nargs++] = argv[i];
        } else if (strcmp(argv[i], "--") == 0) {
            only_args = true;
        } else if (parse_one(cmd, argc, argv, &i) != 0) {
            free(args);
            return EXIT_USAGE;
        }
    }
    *ret_args = args;
    *ret_nargs = nargs;
    return 0;
}

static time_t clock_now(void)
{
    const char *v = getenv("HEADROOM_NOW");
    uint64_t t;
    if (v && parse_u64_str(v, &t) == 0)
        return (time_t)t;
    return time(NULL);
}

/* A tar given as --root (a snapshot written with -o FILE.tar): the error says
 * how to extract it (util/tar-peek.h). */
static int root_not_a_directory(const struct ctx *ctx, const char *what)
{
    char top[101];
    enum tar_kind k = tar_peek_file(ctx->root_path, top, sizeof(top));
    if (k == TAR_NONE)
        return cli_error(ctx, EXIT_USAGE, "%s '%s': not a directory", what, ctx->root_path);
    struct strbuf how = STRBUF_INIT;
    tar_extract_advice(ctx->root_path, k, top, &how);
    int st = cli_error(ctx, EXIT_USAGE, "%s '%s': %s", what, ctx->root_path, how.buf);
    strbuf_release(&how);
    return st;
}

int cli_main(int argc, char **argv)
{
    /* Global options may come before the command name. */
    int i = 1;
    for (; i < argc && is_option(argv[i]) && strcmp(argv[i], "--") != 0; i++)
        if (parse_one(NULL, argc, argv, &i) != 0)
            return EXIT_USAGE;
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (g_version) {
        printf("headroom %s\n", HEADROOM_VERSION);
        return EXIT_OK;
    }
    if (i >= argc) {
        if (g_help) {
            cli_print_overview(stdout);
            return EXIT_OK;
        }
        cli_print_start(stderr);
        return EXIT_USAGE;
    }
    const struct command *cmd = cli_find(argv[i]);
    if (!cmd) {
        const char *best = cli_closest_command(argv[i]);
        if (best)
            return cli_usage_error(NULL, "'%s' is not a headroom command; did you mean '%s'?",
                                   argv[i], best);
        return cli_usage_error(NULL, "'%s' is not a headroom command", argv[i]);
    }

    char **args;
    int nargs;
    if (parse_args(cmd, argc, argv, i + 1, &args, &nargs) != 0)
        return EXIT_USAGE;
    if (g_version) {
        free(args);
        printf("headroom %s\n", HEADROOM_VERSION);
        return EXIT_OK;
    }
    if (g_help) {
        free(args);
        cli_print_help(cmd, stdout);
        return EXIT_OK;
    }
    if ((unsigned)nargs < cmd->min_args || (unsigned)nargs > cmd->max_args) {
        int st;
        if (cmd->max_args == 0)
            st = cli_usage_error(cmd, "unexpected argument '%s'", args[0]);
        else if ((unsigned)nargs < cmd->min_args)
            st = cli_usage_error(cmd, "missing argument; usage: headroom %s", cmd->usage);
        else
            st = cli_usage_error(cmd, "too many arguments; usage: headroom %s", cmd->usage);
        free(args);
        return st;
    }

    struct ctx ctx = {
        .cmd = cmd,
        .json = g_json,
        .no_color = g_no_color,
        .now = clock_now(),
        .out = stdout,
        .err = stderr,
        .argv = argv,
    };
    const char *env_root = getenv("HEADROOM_ROOT");
    ctx.root_path = g_root ? g_root : (env_root && *env_root) ? env_root : "/";
    ctx.root_given = g_root || (env_root && *env_root);
    int e = rootfs_new(ctx.root_path, &ctx.root);
    if (e < 0) {
        free(args);
        const char *what = g_root ? "--root" : "HEADROOM_ROOT";
        if (e == -ENOENT)
            return cli_error(&ctx, EXIT_USAGE, "%s '%s': no such directory", what, ctx.root_path);
        if (e == -ENOTDIR)
            return root_not_a_directory(&ctx, what);
        return cli_error(&ctx, EXIT_SYSTEM, "%s '%s': %s", what, ctx.root_path, strerror(-e));
    }
    text_set_color(text_color_wanted(stdout, g_no_color));
    text_set_wrap(text_wrap_wanted(stdout));
    /* a prose command's lines wrapped as a whole once it has printed them */
    char *wbuf = NULL;
    size_t wlen = 0;
    FILE *wf =
        cmd->wrap_lines && !ctx.json && text_wrap_cols() ? open_memstream(&wbuf, &wlen) : NULL;
    if (wf)
        ctx.out = wf;
    int status = cmd->run(&ctx, nargs, args);
    if (wf) {
        fclose(wf);
        text_wrap_block(stdout, wbuf ? wbuf : "", wlen, text_wrap_cols());
        free(wbuf);
    }
    if (fflush(stdout) != 0 && status == EXIT_OK)
        status = cli_error(&ctx, EXIT_SYSTEM, "cannot write output: %s", strerror(errno));
    rootfs_free(ctx.root);
    free(args);
    return status;
}

int cli_probe_failed(const struct ctx *ctx, const struct probe_status *st)
{
    if (st->state == PROBE_OK)
        return 0;
    if (st->state == PROBE_MALFORMED) {
        char d[900];
        return cli_error(ctx, EXIT_USAGE, "%s", ctx_diag_format(ctx, &st->diag, d, sizeof(d)));
    }
    char why[700], p[600];
    probe_status_reason(st, why, sizeof(why));
    return cli_error(ctx, EXIT_SYSTEM, "cannot read %s: %s",
                     ctx_display_path(ctx, st->path, p, sizeof(p)), why);
}
