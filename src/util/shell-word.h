/* Untrusted names (file names from a snapshot, keys and values from a
 * user's .wslconfig) placed into a fix command that the user pastes. */
#ifndef HEADROOM_SHELL_WORD_H
#define HEADROOM_SHELL_WORD_H

#include <stdbool.h>

#include "util/strbuf.h"

/* Appends s to sb as exactly one word for bash: as it is when every byte is
 * one no shell treats specially, else single-quoted (a quote inside becomes
 * '\''). Returns false, appending nothing, when s cannot be shown as it is
 * (a control byte such as a newline, or invalid UTF-8): such a name is never
 * placed in a command. */
bool shell_word_add(struct strbuf *sb, const char *s);

/* true when shell_word_add() would accept s. */
bool shell_word_ok(const char *s);

#endif
