/* A finding's fix as text: advice and commands on their own labelled lines
 * (apart from text.c, which headroom-watch links without findings). */
#include <string.h>

#include "finding.h"
#include "out/text.h"

void text_print_fix(FILE *f, const struct finding *x, const char *indent, int width, bool colon)
{
    char buf[2048];
    /* the advice wraps to the terminal under its label's text; commands are
     * printed whole, one a line */
    size_t col = strlen(indent) + (size_t)width + 1;
    if (x->advice) {
        fprintf(f, "%s%s%-*s%s ", indent, tc(TC_DIM), width, colon ? "fix:" : "fix", tc(TC_RESET));
        text_put_wrapped(f, x->advice, strlen(x->advice), col, col);
        fputc('\n', f);
    }
    for (size_t i = 0; i < x->ncmds; i++) {
        const struct fix_command *c = &x->cmds[i];
        fprintf(f, "%s%s%-*s%s %s %s\n", indent, tc(TC_DIM), width,
                i       ? ""
                : colon ? "run:"
                        : "run",
                tc(TC_RESET), fix_shell_prompt(c->shell),
                text_sanitize(c->text, strlen(c->text), buf, sizeof(buf)));
    }
}
