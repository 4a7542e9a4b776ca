/* The report's fix and source blocks: commands get a copy button each (they
 * paste and run in the shell named beside them), advice is prose without
 * one, and references in a source become links. */
#include <ctype.h>
#include <string.h>

#include "finding.h"
#include "out/html-parts.h"

static const char *shell_label(enum fix_shell s)
{
    switch (s) {
    case FIX_POWERSHELL:
        return "PowerShell as administrator";
    case FIX_CMD:
        return "cmd";
    case FIX_BASH:
        break;
    }
    return "bash in WSL";
}

void html_fix(FILE *f, const struct finding *x)
{
    if (!x->advice && !x->ncmds)
        return;
    fputs("<div class=\"fixes\">", f);
    if (x->advice) {
        fputs("<p><strong>Fix:</strong> ", f);
        html_escape(f, x->advice);
        fputs("</p>", f);
    }
    for (size_t i = 0; i < x->ncmds; i++) {
        fprintf(f,
                "<div class=\"fix\" data-shell=\"%s\"><span class=\"muted\">%s</span><pre><code>",
                fix_shell_name(x->cmds[i].shell), shell_label(x->cmds[i].shell));
        html_escape(f, x->cmds[i].text);
        fputs("</code></pre><button class=\"copy\" type=\"button\" aria-label=\"copy the command\">"
              "copy</button></div>",
              f);
    }
    fputs("</div>\n", f);
}

static bool repo_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* Writes s[0..n) escaped. */
static void escape_n(FILE *f, const char *s, size_t n)
{
    char buf[1024];
    while (n) {
        size_t k = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;
        memcpy(buf, s, k);
        buf[k] = '\0';
        html_escape(f, buf);
        s += k;
        n -= k;
    }
}

/* Length of an "owner/repo#123" reference at p (p at the owner's first
 * character), or 0; *hash and *end get its parts. */
static size_t issue_ref(const char *p, size_t *slash, size_t *hash)
{
    size_t i = 0;
    while (repo_char(p[i]))
        i++;
    if (!i || p[i] != '/')
        return 0;
    *slash = i++;
    size_t r = i;
    while (repo_char(p[i]))
        i++;
    if (i == r || p[i] != '#' || !isdigit((unsigned char)p[i + 1]))
        return 0;
    *hash = i++;
    while (isdigit((unsigned char)p[i]))
        i++;
    return i;
}

/* Length of an "owner/repo path[:line] @commit" reference at p, or 0;
 * the parts' offsets and lengths go to r. */
struct file_ref {
    size_t repo_len, path_at, path_len, line_at, line_len, sha_at, sha_len;
};

static size_t file_ref(const char *p, struct file_ref *r)
{
    size_t i = 0;
    while (repo_char(p[i]))
        i++;
    if (!i || p[i] != '/')
        return 0;
    i++;
    size_t k = i;
    while (repo_char(p[i]))
        i++;
    if (i == k || p[i] != ' ')
        return 0;
    r->repo_len = i++;
    r->path_at = i;
    while (repo_char(p[i]) || p[i] == '/')
        i++;
    r->path_len = i - r->path_at;
    if (!r->path_len || !memchr(p + r->path_at, '/', r->path_len))
        return 0;
    r->line_at = r->line_len = 0;
    if (p[i] == ':' && isdigit((unsigned char)p[i + 1])) {
        r->line_at = ++i;
        while (isdigit((unsigned char)p[i]))
            i++;
        r->line_len = i - r->line_at;
    }
    if (p[i] != ' ' || p[i + 1] != '@')
        return 0;
    i += 2;
    r->sha_at = i;
    while (isxdigit((unsigned char)p[i]))
        i++;
    r->sha_len = i - r->sha_at;
    if (r->sha_len < 7 || r->sha_len > 40 || repo_char(p[i]))
        return 0;
    return i;
}

void html_source(FILE *f, const char *s)
{
    const char *lit = s; /* start of text not yet written */
    const char *last_repo = NULL;
    size_t last_repo_len = 0;
    for (const char *p = s; *p;) {
        bool word_start = p == s || !repo_char(p[-1]);
        size_t scheme = strncmp(p, "https://", 8) == 0 ? 8 : strncmp(p, "http://", 7) == 0 ? 7 : 0;
        size_t un = scheme ? strcspn(p, " \t;,)\"'<>") : 0;
        while (un > scheme && strchr(".:", p[un - 1]))
            un--;
        if (scheme && un > scheme) {
            escape_n(f, lit, (size_t)(p - lit));
            fputs("<a href=\"", f);
            escape_n(f, p, un);
            fputs("\">", f);
            escape_n(f, p, un);
            fputs("</a>", f);
            p += un;
            lit = p;
            continue;
        }
        struct file_ref fr;
        size_t fn = word_start ? file_ref(p, &fr) : 0;
        if (fn) {
            escape_n(f, lit, (size_t)(p - lit));
            fputs("<a href=\"https://github.com/", f);
            escape_n(f, p, fr.repo_len);
            fputs("/blob/", f);
            escape_n(f, p + fr.sha_at, fr.sha_len);
            fputc('/', f);
            escape_n(f, p + fr.path_at, fr.path_len);
            if (fr.line_len) {
                fputs("#L", f);
                escape_n(f, p + fr.line_at, fr.line_len);
            }
            fputs("\">", f);
            escape_n(f, p, fn);
            fputs("</a>", f);
            p += fn;
            lit = p;
            continue;
        }
        size_t slash, hash, n = word_start ? issue_ref(p, &slash, &hash) : 0;
        if (n) {
            escape_n(f, lit, (size_t)(p - lit));
            fputs("<a href=\"https://github.com/", f);
            escape_n(f, p, slash);
            fputc('/', f);
            escape_n(f, p + slash + 1, hash - slash - 1);
            fputs("/issues/", f);
            escape_n(f, p + hash + 1, n - hash - 1);
            fputs("\">", f);
            escape_n(f, p, n);
            fputs("</a>", f);
            last_repo = p;
            last_repo_len = hash;
            p += n;
            lit = p;
            continue;
        }
        /* "microsoft/WSL#1, #2": a bare "#2" after a reference is the same
         * repository's */
        if (last_repo && *p == '#' && isdigit((unsigned char)p[1]) && word_start) {
            size_t k = 1;
            while (isdigit((unsigned char)p[k]))
                k++;
            escape_n(f, lit, (size_t)(p - lit));
            fputs("<a href=\"https://github.com/", f);
            for (size_t i = 0; i < last_repo_len; i++)
                fputc(last_repo[i], f);
            fputs("/issues/", f);
            escape_n(f, p + 1, k - 1);
            fputs("\">", f);
            escape_n(f, p, k);
            fputs("</a>", f);
            p += k;
            lit = p;
            continue;
        }
        p++;
    }
    escape_n(f, lit, strlen(lit));
}
