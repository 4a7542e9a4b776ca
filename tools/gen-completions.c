/* The bash and zsh completions, from the command table: each command's
 * options, subcommands and completion specs (struct complete_spec in
 * src/cli.h), whose word lists come from the tables the commands check their
 * arguments against (the rule table, the explain pages, the .wslconfig
 * schema, the Windows catalogue...), so a completion cannot offer what the
 * command refuses. Model names come from the stores when the user presses
 * Tab: the scripts call `headroom __complete models` (src/cmd/complete.c). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gen-docs.h"

enum { MAX_WORDS = 512 };

struct value {
    enum complete_kind kind; /* COMPLETE_END: nothing to offer (a number, a size) */
    const char *words[MAX_WORDS];
    size_t n;
    const struct complete_spec *spec; /* where it came from, or NULL */
};

/* A copy of a word that may live in a static buffer its function reuses;
 * kept for the life of the program (the copies stay reachable). */
static const char *keep(const char *w)
{
    static char *kept[1 << 15];
    static size_t n;
    if (n == sizeof(kept) / sizeof(kept[0])) {
        fputs("gen-docs: too many completion words\n", stderr);
        exit(1);
    }
    char *c = strdup(w);
    if (!c) {
        perror("gen-docs");
        exit(1);
    }
    return kept[n++] = c;
}

static void add_fn_words(struct value *v, const char *(*word)(size_t))
{
    const char *w;
    for (size_t i = 0; word && (w = word(i)) && v->n < MAX_WORDS; i++)
        v->words[v->n++] = keep(w);
}

/* The literal values a metavar spells out ("rss|pss", "N|auto"): the parts
 * in lower case; upper case names a placeholder. */
static void add_metavar_words(struct value *v, const char *m)
{
    static char store[4096];
    static size_t used;
    while (*m) {
        size_t n = strcspn(m, "|");
        bool literal = n > 0;
        for (size_t i = 0; i < n && literal; i++)
            literal = islower((unsigned char)m[i]) || isdigit((unsigned char)m[i]) || m[i] == '-' ||
                      m[i] == '_';
        if (literal && used + n + 1 <= sizeof(store) && v->n < MAX_WORDS) {
            memcpy(store + used, m, n);
            store[used + n] = '\0';
            v->words[v->n++] = store + used;
            used += n + 1;
        }
        m += n + (m[n] == '|');
    }
}

static const struct complete_spec *find_spec(const struct command *c, const char *opt,
                                             const char *sub)
{
    for (const struct complete_spec *s = c ? c->complete : NULL; s && s->kind != COMPLETE_END;
         s++) {
        bool same_opt = opt ? s->opt && strcmp(s->opt, opt) == 0 : !s->opt;
        bool same_sub = sub ? s->sub && strcmp(s->sub, sub) == 0 : !s->sub;
        if (same_opt && same_sub)
            return s;
    }
    return NULL;
}

static void from_spec(struct value *v, const struct complete_spec *s)
{
    v->kind = s->kind;
    v->spec = s;
    if (s->kind == COMPLETE_WORDS)
        add_fn_words(v, s->word);
}

/* What the value of option `o` of command `c` (NULL: a global) completes to. */
static void option_value(const struct command *c, const struct opt *o, struct value *v)
{
    memset(v, 0, sizeof(*v));
    const struct complete_spec *s = find_spec(c, o->name, NULL);
    if (s) {
        from_spec(v, s);
        return;
    }
    const char *m = o->metavar ? o->metavar : "";
    add_metavar_words(v, m);
    if (v->n)
        v->kind = COMPLETE_WORDS;
    else if (strcmp(m, "DIR") == 0)
        v->kind = COMPLETE_DIRS;
    else if (strstr(m, "FILE") || strstr(m, "PATH") || strstr(m, "DIR") || strstr(m, ".json") ||
             strstr(m, ".tar"))
        v->kind = COMPLETE_FILES;
    else if (strcmp(m, "MODEL") == 0)
        v->kind = COMPLETE_MODELS;
}

/* What a positional argument completes to: after subcommand `sub` (NULL: a
 * command without subcommands). */
static void positional_value(const struct command *c, const char *sub, struct value *v)
{
    memset(v, 0, sizeof(*v));
    const struct complete_spec *s = find_spec(c, NULL, sub);
    if (s)
        from_spec(v, s);
    else if (!sub && !c->subcommands && c->max_args > 0)
        v->kind = COMPLETE_FILES;
}

static bool takes_value(const struct opt *o)
{
    return o->kind != OPT_FLAG;
}

/* ---- bash ---- */

static void bash_words(FILE *f, const char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? " " : "", w[i]);
}

static void bash_reply(FILE *f, const struct value *v, const char *indent)
{
    switch (v->kind) {
    case COMPLETE_WORDS:
        fprintf(f, "%s_headroom_words \"", indent);
        bash_words(f, v->words, v->n);
        fputs("\"\n", f);
        break;
    case COMPLETE_FILES:
        fprintf(f, "%s_headroom_files\n", indent);
        break;
    case COMPLETE_DIRS:
        fprintf(f, "%s_headroom_files -d\n", indent);
        break;
    case COMPLETE_MODELS:
        fprintf(f, "%s_headroom_models \"$root\"\n%s_headroom_files\n", indent, indent);
        break;
    case COMPLETE_COMMAND: /* the command's name, then paths for its arguments */
        fprintf(f,
                "%sif (($3 == 0)); then\n%s    COMPREPLY+=($(compgen -c -- \"$cur\"))\n%selse\n"
                "%s    _headroom_files\n%sfi\n",
                indent, indent, indent, indent, indent);
        break;
    case COMPLETE_END:
        fprintf(f, "%s:\n", indent);
        break;
    }
}

static void bash_opt_names(FILE *f, const struct opt *o, bool values_only, const char *sep)
{
    bool first = true;
    for (; o && o->name; o++) {
        if (values_only && !takes_value(o))
            continue;
        fprintf(f, "%s--%s", first ? "" : sep, o->name);
        first = false;
        if (o->short_name)
            fprintf(f, "%s-%c", sep, o->short_name);
    }
}

static void bash_one_opt(FILE *f, const struct opt *o)
{
    fprintf(f, "--%s", o->name);
    if (o->short_name)
        fprintf(f, "|-%c", o->short_name);
}

static bool has_value_opts(const struct opt *o)
{
    for (; o && o->name; o++)
        if (takes_value(o))
            return true;
    return false;
}

/* config set KEY=VALUE: the keys with '=', then after it the key's values */
static void bash_assign(FILE *f, const struct value *v, const char *indent)
{
    fprintf(f,
            "%sif [[ $cur == *=* ]]; then\n"
            "%s    local key=${cur%%%%=*} vals=\n"
            "%s    case $key in\n",
            indent, indent, indent);
    for (size_t k = 0; k < v->n; k++) {
        const char *w;
        if (!v->spec->value(v->words[k], 0))
            continue;
        fprintf(f, "%s    %s) vals=\"", indent, v->words[k]);
        for (size_t i = 0; (w = v->spec->value(v->words[k], i)); i++)
            fprintf(f, "%s%s", i ? " " : "", w);
        fputs("\" ;;\n", f);
    }
    fprintf(f,
            "%s    esac\n"
            "%s    COMPREPLY+=($(compgen -P \"$key=\" -W \"$vals\" -- \"${cur#*=}\"))\n"
            "%selse\n"
            "%s    COMPREPLY+=($(compgen -S = -W \"",
            indent, indent, indent, indent);
    bash_words(f, v->words, v->n);
    fprintf(f, "\" -- \"$cur\"))\n%sfi\n", indent);
}

static void bash_positional(FILE *f, const struct value *v, const char *indent)
{
    if (v->spec && v->spec->value)
        bash_assign(f, v, indent);
    else
        bash_reply(f, v, indent);
}

int write_bash(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fputs(
        "# bash completion for headroom. Generated by tools/gen-docs.c from the command\n"
        "# table and the tables the commands check their arguments against; do not edit.\n"
        "# Model names come from the stores: headroom __complete models.\n\n"
        "# REPLY = the word as the shell will pass it, for the plain ways to write one\n"
        "# ('a b', \"a b\", a\\ b); never eval: the line is not run before Enter\n"
        "_headroom_dequote()\n{\n"
        "    case $1 in\n"
        "    \\'*\\') REPLY=${1:1:${#1}-2} ;;\n"
        "    \\'*) REPLY=${1:1} ;;\n"
        "    \\\"*\\\") REPLY=${1:1:${#1}-2} ;;\n"
        "    \\\"*) REPLY=${1:1} ;;\n"
        "    *) REPLY=${1//\\\\/} ;;\n"
        "    esac\n}\n\n"
        "# COMPREPLY += the words starting with $cur\n"
        "_headroom_words()\n{\n"
        "    COMPREPLY+=($(compgen -W \"$1\" -- \"$cur\"))\n}\n\n"
        "# COMPREPLY += the paths (-d: directories) starting with $cur, quoted for\n"
        "# the shell, directories with a '/' (not compopt -o filenames, which would\n"
        "# also quote the ':' of a model name beside them)\n"
        "_headroom_files()\n{\n"
        "    local IFS=$'\\n' p\n"
        "    _headroom_dequote \"$cur\"\n"
        "    for p in $(compgen \"${1:--f}\" -- \"$REPLY\"); do\n"
        "        [[ -d $p ]] && p+=/\n"
        "        COMPREPLY+=(\"$(printf %q \"$p\")\")\n"
        "    done\n}\n\n"
        "# COMPREPLY += the model names in the stores of root $1 (default: this machine)\n"
        "_headroom_models()\n{\n"
        "    local -a at=()\n"
        "    [[ -n $1 ]] && at=(--root \"$1\")\n"
        "    local IFS=$'\\n'\n"
        "    COMPREPLY+=($(compgen -W \"$(\"$prog\" __complete models \"${at[@]}\" 2>/dev/null)\" "
        "-- \"$cur\"))\n}\n\n",
        f);
    /* which options take a value */
    fputs("# _headroom_takes_value CMD OPTION: whether OPTION of CMD takes a value\n"
          "_headroom_takes_value()\n{\n    case $2 in\n    ",
          f);
    bash_opt_names(f, cli_global_opts, true, "|");
    fputs(") return 0 ;;\n    esac\n    case $1 in\n", f);
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = commands[i];
        if (!has_value_opts(c->opts))
            continue;
        fprintf(f, "    %s) case $2 in ", c->name);
        bash_opt_names(f, c->opts, true, "|");
        fputs(") return 0 ;; esac ;;\n", f);
    }
    fputs("    esac\n    return 1\n}\n\n", f);

    /* option values */
    fputs("# _headroom_value CMD OPTION: the values of OPTION\n"
          "_headroom_value()\n{\n    case $2 in\n",
          f);
    for (const struct opt *o = cli_global_opts; o->name; o++) {
        if (!takes_value(o))
            continue;
        struct value v;
        option_value(NULL, o, &v);
        fputs("    ", f);
        bash_one_opt(f, o);
        fputs(")\n", f);
        bash_reply(f, &v, "        ");
        fputs("        return ;;\n", f);
    }
    fputs("    esac\n    case $1 in\n", f);
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = commands[i];
        if (!has_value_opts(c->opts))
            continue;
        fprintf(f, "    %s)\n        case $2 in\n", c->name);
        for (const struct opt *o = c->opts; o->name; o++) {
            if (!takes_value(o))
                continue;
            struct value v;
            option_value(c, o, &v);
            if (v.kind == COMPLETE_END)
                continue;
            fputs("        ", f);
            bash_one_opt(f, o);
            fputs(")\n", f);
            bash_reply(f, &v, "            ");
            fputs("            ;;\n", f);
        }
        fputs("        esac ;;\n", f);
    }
    fputs("    esac\n}\n\n", f);

    /* options */
    fputs("# _headroom_options CMD: the options of CMD and the global ones\n"
          "_headroom_options()\n{\n    local opts=\"",
          f);
    bash_opt_names(f, cli_global_opts, false, " ");
    fputs("\"\n    case $1 in\n", f);
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = commands[i];
        if (!c->opts || !c->opts->name)
            continue;
        fprintf(f, "    %s) opts+=\" ", c->name);
        bash_opt_names(f, c->opts, false, " ");
        fputs("\" ;;\n", f);
    }
    fputs("    esac\n    _headroom_words \"$opts\"\n}\n\n", f);

    /* positional arguments */
    fputs("# _headroom_args CMD SUB N: argument N (0 is the first) of CMD, whose first\n"
          "# argument is SUB\n"
          "_headroom_args()\n{\n    case $1 in\n",
          f);
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = commands[i];
        struct value v;
        if (c->subcommands) {
            size_t n = 0;
            while (c->subcommands[n])
                n++;
            fprintf(f, "    %s)\n        if (($3 == 0)); then\n            _headroom_words \"",
                    c->name);
            bash_words(f, c->subcommands, n);
            fputs("\"\n            return\n        fi\n        case $2 in\n", f);
            for (size_t k = 0; k < n; k++) {
                positional_value(c, c->subcommands[k], &v);
                if (v.kind == COMPLETE_END)
                    continue;
                fprintf(f, "        %s)\n", c->subcommands[k]);
                bash_positional(f, &v, "            ");
                fputs("            ;;\n", f);
            }
            fputs("        esac ;;\n", f);
            continue;
        }
        positional_value(c, NULL, &v);
        if (v.kind == COMPLETE_END)
            continue;
        fprintf(f, "    %s)\n", c->name);
        if (c->max_args != UINT32_MAX)
            fprintf(f, "        (($3 < %u)) || return\n", c->max_args);
        bash_positional(f, &v, "        ");
        fputs("        ;;\n", f);
    }
    fputs("    esac\n}\n\n", f);

    fputs("_headroom()\n{\n"
          "    # the shell words up to the cursor: bash's COMP_WORDS also splits at ':' and\n"
          "    # '=' (llama3.1:8b, memory=6GB, --root=DIR); glue the pieces no blank parts\n"
          "    local -a words=()\n"
          "    local cur w i pos=0 glue line=${COMP_LINE-${COMP_WORDS[*]}}\n"
          "    for ((i = 0; i <= COMP_CWORD; i++)); do\n"
          "        w=${COMP_WORDS[i]} glue=$((i > 0))\n"
          "        while [[ ${line:pos:1} == [[:blank:]] ]]; do ((pos++)); glue=0; done\n"
          "        ((pos += ${#w}))\n"
          "        if ((glue)); then words[-1]+=$w; else words+=(\"$w\"); fi\n"
          "    done\n"
          "    cur=${words[-1]}\n"
          "    unset 'words[-1]'\n"
          "    local REPLY\n"
          "    COMPREPLY=()\n"
          "    local prog=${words[0]/#\\~/$HOME} cmd= sub= root= want= dashdash= nargs=0\n"
          "    for ((i = 1; i < ${#words[@]}; i++)); do\n"
          "        w=${words[i]}\n"
          "        if [[ -z $dashdash && $w == -?* ]]; then\n"
          "            case $w in\n"
          "            --) dashdash=1 ;;\n"
          "            --root=*) _headroom_dequote \"${w#--root=}\"; root=$REPLY ;;\n"
          "            *=*) ;;\n"
          "            *)\n"
          "                _headroom_takes_value \"$cmd\" \"$w\" || continue\n"
          "                if ((i + 1 < ${#words[@]})); then\n"
          "                    ((i++))\n"
          "                    [[ $w == --root ]] && _headroom_dequote \"${words[i]}\" && "
          "root=$REPLY\n"
          "                else\n"
          "                    want=$w\n"
          "                fi ;;\n"
          "            esac\n"
          "        elif [[ -z $cmd ]]; then\n"
          "            cmd=$w\n"
          "        else\n"
          "            ((nargs++ == 0)) && sub=$w\n"
          "        fi\n"
          "    done\n"
          "    if [[ -n $want ]]; then\n"
          "        _headroom_value \"$cmd\" \"$want\"\n"
          "    elif [[ -z $dashdash && $cur == --?*=* ]]; then\n"
          "        local opt=${cur%%=*} whole=$cur\n"
          "        cur=${cur#*=}\n"
          "        _headroom_value \"$cmd\" \"$opt\"\n"
          "        for i in \"${!COMPREPLY[@]}\"; do COMPREPLY[i]=$opt=${COMPREPLY[i]}; done\n"
          "        cur=$whole\n"
          "    elif [[ -z $dashdash && $cur == -* ]]; then\n"
          "        _headroom_options \"$cmd\"\n"
          "    elif [[ -z $cmd ]]; then\n"
          "        _headroom_words \"",
          f);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(f, "%s%s", i ? " " : "", commands[i]->name);
    fputs(
        "\"\n"
        "    else\n"
        "        _headroom_args \"$cmd\" \"$sub\" \"$nargs\"\n"
        "    fi\n"
        "    # readline replaces only what follows the last ':' or '=' of the word\n"
        "    # (when COMP_WORDBREAKS has them)\n"
        "    local wb=${COMP_WORDBREAKS//[^:=]/}\n"
        "    if [[ -n $wb && $cur == *[\"$wb\"]* ]]; then\n"
        "        local head=${cur%\"${cur##*[\"$wb\"]}\"}\n"
        "        for i in \"${!COMPREPLY[@]}\"; do COMPREPLY[i]=${COMPREPLY[i]#\"$head\"}; done\n"
        "    fi\n"
        "    # one candidate that goes on (a directory, KEY=): no space after it\n"
        "    if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == */ || ${COMPREPLY[0]} == *= ]]; "
        "then\n"
        "        compopt -o nospace 2>/dev/null\n"
        "    fi\n"
        "}\n"
        "complete -F _headroom headroom\n",
        f);
    return fclose(f) != 0;
}

/* ---- zsh ---- */

/* zsh _arguments specs: '--name[help]:metavar:action' with [ ] : \ escaped
 * and ' closed and reopened. */
static void zsh_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
            fputc('\\', f);
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    }
}

static void zsh_action(FILE *f, const struct value *v)
{
    switch (v->kind) {
    case COMPLETE_WORDS:
        fputc('(', f);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                fputc(' ', f);
            zsh_escaped(f, v->words[i]);
        }
        fputc(')', f);
        break;
    case COMPLETE_FILES:
        fputs("_files", f);
        break;
    case COMPLETE_DIRS:
        fputs("_files -/", f);
        break;
    case COMPLETE_MODELS:
        fputs("_headroom_models", f);
        break;
    case COMPLETE_COMMAND:
        fputs("_normal", f);
        break;
    case COMPLETE_END:
        fputc(' ', f); /* a message and no matches */
        break;
    }
}

static void zsh_opts(FILE *f, const struct command *c, const struct opt *o)
{
    for (; o && o->name; o++) {
        fputs(" \\\n            '", f);
        /* repeatable: '*'; a value: "-c+" in the same word or the next,
         * "--ctx=" the same after '=' or in the next */
        const char *rep = o->kind == OPT_LIST ? "*" : "";
        const char *sv = takes_value(o) ? "+" : "", *lv = takes_value(o) ? "=" : "";
        if (o->short_name && !rep[0])
            fprintf(f, "(-%c --%s)'{-%c%s,--%s%s}'", o->short_name, o->name, o->short_name, sv,
                    o->name, lv);
        else if (o->short_name)
            fprintf(f, "*'{-%c%s,--%s%s}'", o->short_name, sv, o->name, lv);
        else
            fprintf(f, "%s--%s%s", rep, o->name, lv);
        fputc('[', f);
        zsh_escaped(f, o->help);
        fputc(']', f);
        if (takes_value(o)) {
            struct value v;
            option_value(c, o, &v);
            fputc(':', f);
            zsh_escaped(f, o->metavar ? o->metavar : "value");
            fputc(':', f);
            zsh_action(f, &v);
        }
        fputc('\'', f);
    }
}

static void zsh_word_list(FILE *f, const char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputc(' ', f);
        zsh_escaped(f, w[i]);
    }
}

/* config set KEY=VALUE: a function per such argument */
static void zsh_assign_fn(FILE *f, const struct command *c, const char *sub, const struct value *v)
{
    fprintf(f,
            "_headroom_%s_%s() {\n"
            "    if compset -P '*='; then\n"
            "        case ${IPREFIX%%=} in\n",
            c->name, sub);
    for (size_t k = 0; k < v->n; k++) {
        const char *w;
        if (!v->spec->value(v->words[k], 0))
            continue;
        fprintf(f, "        (%s) _wanted values expl value compadd --", v->words[k]);
        for (size_t i = 0; (w = v->spec->value(v->words[k], i)); i++)
            fprintf(f, " %s", w);
        fputs(" ;;\n", f);
    }
    fputs("        esac\n    else\n        _wanted keys expl key compadd -S '=' --", f);
    zsh_word_list(f, v->words, v->n);
    fputs("\n    fi\n}\n\n", f);
}

static void zsh_positional(FILE *f, const struct command *c, const char *sub, const struct value *v)
{
    if (v->spec && v->spec->value) {
        fprintf(f, "_headroom_%s_%s", c->name, sub);
        return;
    }
    switch (v->kind) {
    case COMPLETE_WORDS:
        fputs("_wanted values expl argument compadd --", f);
        zsh_word_list(f, v->words, v->n);
        break;
    default:
        zsh_action(f, v);
    }
}

int write_zsh(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fputs("#compdef headroom\n"
          "# zsh completion for headroom. Generated by tools/gen-docs.c from the command\n"
          "# table and the tables the commands check their arguments against; do not edit.\n"
          "# Model names come from the stores: headroom __complete models.\n\n"
          "# the model names in the stores (of --root, when the line has one), and paths\n"
          "_headroom_models() {\n"
          "    local root=${opt_args[--root]:-$_headroom_root}\n"
          "    # opt_args doubles a backslash; under it is the word as typed\n"
          "    root=${(Q)${root//\\\\\\\\/\\\\}}\n"
          "    local -a models\n"
          "    models=(${(f)\"$(_call_program models ${(q)_headroom_prog} __complete models "
          "${root:+--root ${(q)root}} 2>/dev/null)\"})\n"
          "    _wanted models expl model compadd -a models\n"
          "    _files\n"
          "}\n\n",
          f);
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = commands[i];
        for (size_t k = 0; c->subcommands && c->subcommands[k]; k++) {
            struct value v;
            positional_value(c, c->subcommands[k], &v);
            if (v.spec && v.spec->value)
                zsh_assign_fn(f, c, c->subcommands[k], &v);
        }
    }
    fputs("_headroom() {\n"
          "    local curcontext=$curcontext state state_descr line expl ret=1\n"
          "    typeset -A opt_args\n"
          "    local _headroom_prog=$words[1] _headroom_root=\n"
          "    local -a subcommands globals\n"
          "    subcommands=(\n",
          f);
    for (size_t i = 0; i < ncommands; i++) {
        fputs("        '", f);
        zsh_escaped(f, commands[i]->name);
        fputc(':', f);
        zsh_escaped(f, commands[i]->summary);
        fputs("'\n", f);
    }
    fputs("    )\n    globals=(", f);
    zsh_opts(f, NULL, cli_global_opts);
    fputs(
        "\n    )\n"
        "    _arguments -C $globals '(-)1:command:->command' '(-)*::argument:->argument' && ret=0\n"
        "    case $state in\n"
        "    command)\n"
        "        _describe -t commands command subcommands && ret=0 ;;\n"
        "    argument)\n"
        "        _headroom_root=${opt_args[--root]}\n"
        "        curcontext=${curcontext%:*:*}:headroom-$words[1]:\n"
        "        state=\n"
        "        case $words[1] in\n",
        f);
    for (size_t i = 0; i < ncommands; i++) {
        const struct command *c = commands[i];
        fprintf(f, "        %s)\n            _arguments -C $globals", c->name);
        zsh_opts(f, c, c->opts);
        struct value v;
        if (c->subcommands) {
            fputs(" \\\n            '1:subcommand:(", f);
            for (size_t k = 0; c->subcommands[k]; k++)
                fprintf(f, "%s%s", k ? " " : "", c->subcommands[k]);
            fputs(")' \\\n            '*:argument:->sub' && ret=0\n", f);
            fputs("            [[ $state == sub ]] && case $line[1] in\n", f);
            for (size_t k = 0; c->subcommands[k]; k++) {
                positional_value(c, c->subcommands[k], &v);
                if (v.kind == COMPLETE_END)
                    continue;
                fprintf(f, "            (%s) ", c->subcommands[k]);
                zsh_positional(f, c, c->subcommands[k], &v);
                fputs(" && ret=0 ;;\n", f);
            }
            fputs("            esac\n            ;;\n", f);
            continue;
        }
        positional_value(c, NULL, &v);
        if (v.kind == COMPLETE_COMMAND) {
            /* the words after the first argument are the command's own */
            fputs(" \\\n            '(-)*::command:->command' && ret=0\n"
                  "            if [[ $state == command ]]; then\n"
                  "                [[ $words[1] == -- ]] && { shift words; (( CURRENT-- )) }\n"
                  "                if (( CURRENT == 1 )); then\n"
                  "                    _command_names -e && ret=0\n"
                  "                else\n"
                  "                    _normal && ret=0\n"
                  "                fi\n"
                  "            fi\n            ;;\n",
                  f);
            continue;
        }
        if (v.kind != COMPLETE_END) {
            if (c->max_args == 1)
                fputs(" \\\n            '1:argument:->arg'", f);
            else
                fputs(" \\\n            '*:argument:->arg'", f);
        }
        fputs(" && ret=0\n", f);
        if (v.kind != COMPLETE_END) {
            fputs("            [[ $state == arg ]] && { ", f);
            zsh_positional(f, c, NULL, &v);
            fputs(" && ret=0 }\n", f);
        }
        fputs("            ;;\n", f);
    }
    fputs("        esac ;;\n    esac\n    return ret\n}\n\n_headroom \"$@\"\n", f);
    return fclose(f) != 0;
}
