#include "finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void findings_init(struct findings *fs)
{
    memset(fs, 0, sizeof(*fs));
}

static void fix_clear(struct finding *f);

static void finding_free(struct finding *f)
{
    free(f->id);
    free(f->title);
    free(f->evidence);
    fix_clear(f);
    free(f->source);
    free(f->file);
}

void findings_release(struct findings *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        finding_free(&fs->v[i]);
    free(fs->v);
    findings_init(fs);
}

static char *vformat(const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_vaddf(&sb, fmt, ap);
    return strbuf_detach(&sb, NULL);
}

struct finding *findings_add(struct findings *fs, const char *id, enum severity sev,
                             const char *title_fmt, ...)
{
    fs->v = xgrow(fs->v, fs->n + 1, sizeof(*fs->v), &fs->alloc);
    struct finding *f = &fs->v[fs->n++];
    memset(f, 0, sizeof(*f));
    f->id = xstrdup(id);
    f->severity = sev;
    va_list ap;
    va_start(ap, title_fmt);
    f->title = vformat(title_fmt, ap);
    va_end(ap);
    return f;
}

void finding_set_evidence(struct finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(f->evidence);
    f->evidence = vformat(fmt, ap);
    va_end(ap);
}

static const struct {
    const char *marker;
    enum fix_shell shell;
} fix_markers[] = {
    {"$ ", FIX_BASH},
    {"PS> ", FIX_POWERSHELL},
    {"cmd> ", FIX_CMD},
};

static void fix_clear(struct finding *f)
{
    free(f->fix);
    free(f->fix_text);
    free(f->advice);
    for (size_t i = 0; i < f->ncmds; i++)
        free(f->cmds[i].text);
    free(f->cmds);
    f->fix = f->fix_text = f->advice = NULL;
    f->cmds = NULL;
    f->ncmds = 0;
}

/* Splits f->fix into commands (marked lines) and advice (the others). */
static void fix_split(struct finding *f)
{
    struct strbuf text = STRBUF_INIT, advice = STRBUF_INIT;
    size_t alloc = 0;
    for (const char *p = f->fix; *p;) {
        size_t len = strcspn(p, "\n");
        const char *line = p;
        p += len + (p[len] == '\n');
        size_t m = 0;
        for (; m < sizeof(fix_markers) / sizeof(fix_markers[0]); m++)
            if (strncmp(line, fix_markers[m].marker, strlen(fix_markers[m].marker)) == 0)
                break;
        if (m < sizeof(fix_markers) / sizeof(fix_markers[0])) {
            size_t ml = strlen(fix_markers[m].marker);
            f->cmds = xgrow(f->cmds, f->ncmds + 1, sizeof(*f->cmds), &alloc);
            struct fix_command *c = &f->cmds[f->ncmds++];
            c->shell = fix_markers[m].shell;
            c->text = xstrndup(line + ml, len - ml);
            line += ml;
            len -= ml;
        } else if (len) {
            if (advice.len)
                strbuf_addch(&advice, ' ');
            strbuf_add(&advice, line, len);
        }
        if (!len)
            continue;
        if (text.len)
            strbuf_addch(&text, '\n');
        strbuf_add(&text, line, len);
    }
    f->fix_text = strbuf_detach(&text, NULL);
    f->advice = advice.len ? strbuf_detach(&advice, NULL) : NULL;
    strbuf_release(&advice);
}

void finding_set_fix(struct finding *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fix_clear(f);
    f->fix = vformat(fmt, ap);
    va_end(ap);
    fix_split(f);
}

const char *fix_shell_name(enum fix_shell s)
{
    switch (s) {
    case FIX_POWERSHELL:
        return "powershell-admin";
    case FIX_CMD:
        return "cmd";
    case FIX_BASH:
        break;
    }
    return "bash";
}

const char *fix_shell_prompt(enum fix_shell s)
{
    switch (s) {
    case FIX_POWERSHELL:
        return "PS>";
    case FIX_CMD:
        return "cmd>";
    case FIX_BASH:
        break;
    }
    return "$";
}

void finding_set_source(struct finding *f, const char *source)
{
    free(f->source);
    f->source = source ? xstrdup(source) : NULL;
}

void finding_set_location(struct finding *f, const char *file, unsigned line, unsigned column)
{
    free(f->file);
    f->file = file ? xstrdup(file) : NULL;
    f->line = line;
    f->column = column;
}

/* qsort is not stable; the original index breaks ties. */
struct keyed {
    const struct finding *f;
    size_t index;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->f->severity != y->f->severity)
        return x->f->severity > y->f->severity ? -1 : 1;
    if (x->f->line != y->f->line)
        return x->f->line < y->f->line ? -1 : 1;
    if (x->f->column != y->f->column)
        return x->f->column < y->f->column ? -1 : 1;
    int c = strcmp(x->f->id, y->f->id);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

void findings_sort(struct findings *fs)
{
    if (fs->n < 2)
        return;
    struct keyed *k = xcalloc(fs->n, sizeof(*k));
    for (size_t i = 0; i < fs->n; i++) {
        k[i].f = &fs->v[i];
        k[i].index = i;
    }
    qsort(k, fs->n, sizeof(*k), cmp_keyed);
    struct finding *sorted = xcalloc(fs->n, sizeof(*sorted));
    for (size_t i = 0; i < fs->n; i++)
        sorted[i] = *k[i].f;
    memcpy(fs->v, sorted, fs->n * sizeof(*sorted));
    free(sorted);
    free(k);
}

size_t findings_count_at_least(const struct findings *fs, enum severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->n; i++)
        n += fs->v[i].severity >= sev;
    return n;
}

const char *severity_name(enum severity s)
{
    switch (s) {
    case SEV_CRITICAL:
        return "critical";
    case SEV_WARNING:
        return "warning";
    case SEV_INFO:
        break;
    }
    return "info";
}

const char *finding_area(const char *id, char *buf, size_t n)
{
    const char *dot = strchr(id, '.');
    size_t len = dot ? (size_t)(dot - id) : strlen(id);
    snprintf(buf, n, "%.*s", (int)len, id);
    return buf;
}
