#include "explain/explain.h"

#include <stdio.h>
#include <string.h>

#include "util/suggest.h"

size_t explain_count(void)
{
    return explain_doctor_count + explain_audio_count + explain_model_count + explain_lint_count;
}

const struct explain_page *explain_at(size_t i)
{
    if (i < explain_doctor_count)
        return &explain_doctor_pages[i];
    i -= explain_doctor_count;
    if (i < explain_audio_count)
        return &explain_audio_pages[i];
    i -= explain_audio_count;
    if (i < explain_model_count)
        return &explain_model_pages[i];
    i -= explain_model_count;
    return i < explain_lint_count ? &explain_lint_pages[i] : NULL;
}

const struct explain_page *explain_find(const char *id)
{
    char alias[128];
    if (strncmp(id, "wslconf.", 8) == 0 && strlen(id) < sizeof(alias) - 2) {
        memcpy(alias, "wslconfig.", 10);
        memcpy(alias + 10, id + 8, strlen(id + 8) + 1);
        id = alias;
    }
    for (size_t i = 0; i < explain_count(); i++)
        if (strcmp(explain_at(i)->id, id) == 0)
            return explain_at(i);
    return NULL;
}

/* One "did you mean" for every command (util/suggest.h): "swap-missing"
 * finds "wsl.swap-missing" (the name without its area). */
const char *explain_suggest(const char *id)
{
    struct suggest sg;
    suggest_init(&sg, id);
    for (size_t i = 0; i < explain_count(); i++)
        suggest_offer(&sg, explain_at(i)->id);
    return suggest_best(&sg);
}

const char *explain_suppress(const struct explain_page *p, char *buf, size_t n)
{
    if (strcmp(p->id, "wslconfig.lint") == 0)
        snprintf(buf, n,
                 "lint findings keep their own ids: 'headroom doctor --skip wslconfig.NAME' (or "
                 "wslconf.NAME) hides one, 'headroom doctor --skip %s' hides them all; "
                 "'headroom config lint' always reports every one.",
                 p->id);
    else if (strcmp(p->area, "lint") == 0)
        snprintf(buf, n,
                 "in doctor: 'headroom doctor --skip %s' (wslconf.%s for /etc/wsl.conf) for one "
                 "run, or the id on its own line in ~/.config/headroom/doctor.ignore "
                 "('--no-ignore' shows it again); 'headroom config lint' always reports it.",
                 p->id, p->id + 10);
    else
        snprintf(buf, n,
                 "'headroom doctor --skip %s' for one run, or the id on its own line in "
                 "~/.config/headroom/doctor.ignore (read from $HOME, '#' starts a comment; "
                 "'headroom doctor --no-ignore' shows it again).",
                 p->id);
    return buf;
}
