#include "util/suggest.h"

#include <stdint.h>
#include <string.h>

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    /* three rows of the table: two back for a transposition ("fti" is one
     * edit from "fit", as people mistype) */
    size_t back2[64], back1[64], row[64];
    for (size_t j = 0; j <= lb; j++)
        back1[j] = j;
    memcpy(back2, back1, sizeof(back2));
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = back1[j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
            if (back1[j] + 1 < best)
                best = back1[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) && back2[j - 2] + 1 < best)
                best = back2[j - 2] + 1;
            row[j] = best;
        }
        memcpy(back2, back1, sizeof(back2));
        memcpy(back1, row, sizeof(back1));
    }
    return back1[lb];
}

void suggest_init(struct suggest *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->best_d = SIZE_MAX;
    s->tied = false;
}

static size_t allowed(size_t len)
{
    return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

void suggest_offer(struct suggest *s, const char *candidate)
{
    size_t wl = strlen(s->word);
    if (wl == 0 || strcmp(candidate, s->word) == 0)
        return;
    size_t d = suggest_distance(s->word, candidate);
    size_t cl = strlen(candidate);
    /* "q8" for "q8_0", "memory" for "mem": one is the start of the other */
    if (((wl >= 2 && strncmp(candidate, s->word, wl) == 0) ||
         (cl >= 3 && strncmp(s->word, candidate, cl) == 0)) &&
        d > 1)
        d = 1;
    /* "swap-missin" for "wsl.swap-missing": the part after the area, one
     * edit more than its own distance */
    const char *dot = strrchr(candidate, '.');
    if (dot && dot[1]) {
        size_t dd = suggest_distance(s->word, dot + 1) + 1;
        if (dd < d)
            d = dd;
    }
    if (d > allowed(wl))
        return;
    if (d < s->best_d) {
        s->best_d = d;
        s->best = candidate;
        s->tied = false;
    } else if (d == s->best_d && strcmp(candidate, s->best) != 0) {
        s->tied = true;
    }
}

const char *suggest_best(const struct suggest *s)
{
    return s->tied ? NULL : s->best;
}
