/* One shell word from an untrusted string. Quoting rather than refusing
 * keeps the command true to the file it names: a path with a space or a
 * ';' is still that path, and bash sees one argument. */
#include <stdlib.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/shell-word.h"
#include "util/xalloc.h"

static bool plain_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("@%+=:,./_-", c) != NULL;
}

bool shell_word_ok(const char *s)
{
    size_t n = strlen(s);
    char *shown = xmalloc(n + 1); /* one '?' per bad sequence: never longer */
    text_sanitize(s, n, shown, n + 1);
    bool same = strcmp(shown, s) == 0;
    free(shown);
    return same;
}

bool shell_word_add(struct strbuf *sb, const char *s)
{
    if (!shell_word_ok(s))
        return false;
    bool plain = *s != '\0';
    for (const char *p = s; *p && plain; p++)
        plain = plain_byte((unsigned char)*p) && !(p == s && (*p == '=' || *p == '%'));
    /* a leading '-' stays plain: quoting would not stop a program reading it
     * as an option; callers put "--" where that matters */
    if (plain) {
        strbuf_addstr(sb, s);
        return true;
    }
    strbuf_addch(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            strbuf_addstr(sb, "'\\''");
        else
            strbuf_addch(sb, *p);
    }
    strbuf_addch(sb, '\'');
    return true;
}
