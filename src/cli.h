/* The command-line layer: one options table per command drives parsing,
 * `--help`, `headroom help CMD` and (later) man pages and completions, so
 * they can never disagree.
 *
 * Global options, accepted before or after the command name:
 *   --root DIR   read a snapshot instead of this machine (also HEADROOM_ROOT)
 *   --json       machine-readable output on stdout
 *   --no-color   no colour (also NO_COLOR, TERM=dumb, or a non-TTY)
 *   -h, --help   help for the command
 *   --version
 * "--" ends the options; everything after it is positional. */
#ifndef HEADROOM_CLI_H
#define HEADROOM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "util/diag.h"
#include "util/rootfs.h"

/* Exit statuses, as DESIGN.md promises them to scripts. */
enum {
    EXIT_OK = 0,       /* worked, nothing to warn about */
    EXIT_FINDINGS = 1, /* worked and found warnings or worse / "does not fit" */
    EXIT_USAGE = 2,    /* bad usage or bad input; nothing changed */
    EXIT_SYSTEM = 3,   /* cannot read, not permitted, ... */
};

enum opt_kind {
    OPT_FLAG,     /* bool *target */
    OPT_STRING,   /* const char **target */
    OPT_LIST,     /* struct opt_list *target (repeatable) */
    OPT_UINT,     /* unsigned *target, decimal */
    OPT_SIZE,     /* uint64_t *target, "16GB", "512MiB" ... (util/size.h) */
    OPT_DURATION, /* uint64_t *target in ms, "500ms", "1s", "2m" (util/duration.h) */
};

struct opt_list {
    const char **items;
    size_t n, alloc;
};

struct opt {
    const char *name; /* long name without "--"; NULL ends a table */
    char short_name;  /* 0 when none */
    enum opt_kind kind;
    void *target;
    const char *metavar; /* for value options: "DIR", "N", "SIZE" */
    const char *help;
};

/* The values an option accepts, when they are a known set: the parser
 * refuses any other, naming the closest ("did you mean") and listing the set
 * when it is short. */
struct opt_values {
    const char *what;            /* "rule area": "'x' is not a rule area" */
    const char *(*at)(size_t i); /* the i-th value, NULL after the last */
    const char *more;            /* for a long set, the command that lists it
                                    ("headroom explain"); NULL: the error
                                    lists the values */
    bool command_checks;         /* the command checks the value itself (a
                                    comma list, any case); the parser passes it */
};

/* Which of a command's options take a known set of values (a table ended by
 * {NULL}, kept beside the options table so its rows stay six fields). */
struct opt_value_set {
    const char *opt; /* the option's long name */
    const struct opt_values *values;
};

/* Defines `static const struct opt_values NAME` over a fixed list of words:
 * CLI_VALUES(sort_values, "sort key", "rss", "pss"). */
#define CLI_VALUES(name, what_, ...)                                                               \
    static const char *name##_at(size_t i)                                                         \
    {                                                                                              \
        static const char *const v[] = {__VA_ARGS__};                                              \
        return i < sizeof(v) / sizeof(v[0]) ? v[i] : NULL;                                         \
    }                                                                                              \
    static const struct opt_values name = {what_, name##_at, NULL, false}

/* What the shell completions (tools/gen-docs.c writes completions/) offer
 * for an option's value or a positional argument. */
enum complete_kind {
    COMPLETE_END,     /* ends a table */
    COMPLETE_WORDS,   /* the words word(0), word(1), ... until NULL */
    COMPLETE_FILES,   /* paths */
    COMPLETE_DIRS,    /* directories */
    COMPLETE_MODELS,  /* model names in the stores (`headroom __complete models`), and paths */
    COMPLETE_COMMAND, /* a command line to run: a command name, then its own arguments */
};

struct complete_spec {
    const char *opt; /* the value of --opt; NULL: a positional argument */
    const char *sub; /* only after this subcommand; NULL: after any */
    enum complete_kind kind;
    const char *(*word)(size_t i); /* COMPLETE_WORDS: the i-th word, NULL after the last */
    /* non-NULL: the argument is KEY=VALUE (config set), the words are the
     * keys and this gives the i-th value KEY takes, NULL after the last */
    const char *(*value)(const char *key, size_t i);
};

struct ctx;

struct command {
    const char *name;
    const char *summary;         /* one line for `headroom help` */
    const char *usage;           /* after "headroom ": "status [--top N]" */
    const char *description;     /* paragraphs: what it does, examples, exit status */
    const struct opt *opts;      /* NULL or a table ended by {NULL} */
    unsigned min_args, max_args; /* positionals; max_args UINT32_MAX = any */
    int (*run)(struct ctx *ctx, int argc, char **argv);
    /* The exit statuses this command uses and what each means, for the end
     * of --help and the man page ("0 it fits; 1 it does not; ..."); NULL:
     * cli_exit_status_common. */
    const char *exit_status;
    /* NULL, or the options whose values are a known set. */
    const struct opt_value_set *values;
    /* The subcommands the first argument names (NULL-terminated; the same
     * list the command checks it against), or NULL. */
    const char *const *subcommands;
    /* Option values and positional arguments that complete to more than a
     * path (a table ended by an empty row), or NULL: options whose metavar
     * names a file or directory complete paths. */
    const struct complete_spec *complete;
    /* Text output (not --json) whose long lines are wrapped to the
     * terminal's width as a whole (text_wrap_block): prose commands only,
     * never one that prints a file, a script or a stream. */
    bool wrap_lines;
};

/* What every command receives. */
struct ctx {
    const struct command *cmd;
    const char *root_path; /* as given ("/" by default) */
    bool root_given;       /* --root or HEADROOM_ROOT */
    struct rootfs *root;   /* opened before run() */
    bool json;
    bool no_color;
    time_t now; /* wall clock, or HEADROOM_NOW for reproducible output */
    FILE *out, *err;
    char **argv; /* the whole command line, as main() got it */
};

extern const struct command *const commands[];
/* --root, --json, --no-color, --help, --version */
extern const struct opt cli_global_opts[];
extern const size_t ncommands;

const struct command *cli_find(const char *name);
/* Prints the command's help (usage, description, options incl. globals). */
void cli_print_help(const struct command *cmd, FILE *f);
/* Prints the command list. */
void cli_print_overview(FILE *f);
/* What `headroom` alone prints: three common tasks, then the command list. */
void cli_print_start(FILE *f);
/* The exit statuses most commands share (DESIGN.md). */
extern const char cli_exit_status_common[];
/* The value of the set closest to `word` (util/suggest.h), or NULL when none
 * is close: for "did you mean" in a command's own check. */
const char *cli_closest(const struct opt_values *values, const char *word);
/* "; did you mean 'X'?" for the value of the set closest to `word`, or ""
 * when none is close: to append to a command's own error message. */
const char *cli_did_you_mean(const struct opt_values *values, const char *word, char *buf,
                             size_t n);
/* The closest command name to `word`, or NULL. */
const char *cli_closest_command(const char *word);
/* Reports a usage error for `cmd` (may be NULL) on stderr and returns
 * EXIT_USAGE. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports an error on stderr ("headroom CMD: ...") and returns `status`. */
int cli_error(const struct ctx *ctx, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A path read through the root as the user knows it: "/proc/meminfo" on the
 * live machine, "ROOT/proc/meminfo" under --root. */
const char *ctx_display_path(const struct ctx *ctx, const char *rel, char *buf, size_t n);
/* A diag whose file is relative to the root, formatted with that path. */
const char *ctx_diag_format(const struct ctx *ctx, const struct diag *d, char *buf, size_t n);

struct probe_status;
/* For a probe a command cannot do without: 0 when it read fine, else
 * reports why on stderr (the file, line and column of malformed bytes: exit
 * 2; a file that could not be read: exit 3) and returns that status. */
int cli_probe_failed(const struct ctx *ctx, const struct probe_status *st);

/* Runs the whole program; main() only calls this. */
int cli_main(int argc, char **argv);

void opt_list_push(struct opt_list *l, const char *item);
void opt_list_free(struct opt_list *l);

#endif
