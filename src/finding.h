/* A finding: one thing headroom advises about, with the evidence behind it.
 * Shared by `doctor` (rules over the machine) and `config lint` (rules over
 * a .wslconfig / wsl.conf). DESIGN.md's contract: every finding carries an
 * id, a severity, a one-line title, the evidence (values read and where they
 * were read), the fix (commands that paste and run, apart from the advice in
 * prose), and a public source when the advice rests on a document or an
 * issue thread. Ids are stable `area.name`
 * strings; users grep and suppress them.
 *
 * Ownership: a `struct findings` owns every string of every finding; the
 * setters copy their arguments. */
#ifndef HEADROOM_FINDING_H
#define HEADROOM_FINDING_H

#include <stdbool.h>
#include <stddef.h>

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_CRITICAL = 2 };

/* The shell a fix command is written for. */
enum fix_shell {
    FIX_BASH = 0,   /* bash inside WSL (or the Linux machine) */
    FIX_POWERSHELL, /* Windows PowerShell run as administrator */
    FIX_CMD,        /* cmd.exe on Windows */
};

struct fix_command {
    enum fix_shell shell;
    char *text; /* one command line, as pasted */
};

struct finding {
    char *id; /* "wslconfig.bad-memory-size" */
    enum severity severity;
    char *title;    /* one line, no final period */
    char *evidence; /* "MemTotal 5.8 GiB (/proc/meminfo) vs memory=8GB (.wslconfig:3)" */
    /* The fix as set (see finding_set_fix()), and its parts: */
    char *fix;                /* the lines as given, with their markers */
    char *fix_text;           /* the lines without markers (JSON fix_text) */
    char *advice;             /* the prose lines, joined by ' ', or NULL */
    struct fix_command *cmds; /* the command lines, in order */
    size_t ncmds;
    char *source; /* "microsoft/WSL#10675", a doc URL, or NULL */
    /* where in a file, for findings about a file (0 = not known) */
    char *file;
    unsigned line, column;
};

struct findings {
    struct finding *v;
    size_t n, alloc;
};

void findings_init(struct findings *fs);
void findings_release(struct findings *fs);
/* Appends a finding and returns it for the setters below; the pointer is
 * valid until the next findings_add(). */
struct finding *findings_add(struct findings *fs, const char *id, enum severity sev,
                             const char *title_fmt, ...) __attribute__((format(printf, 4, 5)));
void finding_set_evidence(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Sets the fix from lines separated by '\n'. A line that starts with "$ " is
 * a bash command, "PS> " a command for PowerShell as administrator, "cmd> "
 * a cmd.exe command; every other line is advice in prose. */
void finding_set_fix(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "bash", "powershell-admin", "cmd" (JSON), and the prompt text shows. */
const char *fix_shell_name(enum fix_shell s);
const char *fix_shell_prompt(enum fix_shell s);
void finding_set_source(struct finding *f, const char *source);
void finding_set_location(struct finding *f, const char *file, unsigned line, unsigned column);
/* Sorts: critical first, then warning, then info; within a severity by file
 * position, then by id (stable for equal keys). */
void findings_sort(struct findings *fs);
/* Counts findings of severity >= sev. */
size_t findings_count_at_least(const struct findings *fs, enum severity sev);
const char *severity_name(enum severity s);
/* The area of an id: the part before the first '.', copied into buf. */
const char *finding_area(const char *id, char *buf, size_t n);

#endif
