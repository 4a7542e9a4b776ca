/* "Did you mean": the known word closest to a mistyped one, as git and cargo
 * answer an unknown command. Offer every candidate, then ask for the best;
 * nothing is suggested when no candidate is close (a wild guess is worse
 * than none). */
#ifndef HEADROOM_SUGGEST_H
#define HEADROOM_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

struct suggest {
    const char *word; /* what the user typed */
    const char *best; /* the closest candidate so far, or NULL */
    size_t best_d;
    bool tied; /* another candidate is as close: no suggestion */
};

/* Levenshtein distance between a and b, ASCII case ignored; words longer
 * than 63 bytes count as far from everything (64). */
size_t suggest_distance(const char *a, const char *b);
void suggest_init(struct suggest *s, const char *word);
/* Considers `candidate` (kept by pointer: it must outlive the suggest). Close
 * means: within 1 edit for a word of up to 4 characters, 2 up to 8, else 3;
 * a candidate that starts with the word (of 2 characters or more) or with
 * which the word starts (a candidate of 3 or more) counts as 1 edit away;
 * a candidate with a '.' is also measured by its part after the last '.',
 * plus one edit ("swap-missing" is 1 from "wsl.swap-missing"). When two
 * different candidates are equally close ("mem" for every "mem.*" id), none
 * is suggested: that would be a guess. */
void suggest_offer(struct suggest *s, const char *candidate);
/* The closest candidate, or NULL (none close, or two equally close). */
const char *suggest_best(const struct suggest *s);

#endif
