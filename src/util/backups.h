/* The backups `config set/unset/apply` leaves beside a user's file:
 * PATH.bak-YYYYMMDDTHHMMSSZ, then PATH.bak-YYYYMMDDTHHMMSSZ.N for more than
 * one in the same second, N from 1 to 999 (cmd/config-edit.c names them). */
#ifndef HEADROOM_BACKUPS_H
#define HEADROOM_BACKUPS_H

#include <stddef.h>

#include "util/strbuf.h"

/* How many backups of one file are kept. */
#define BACKUPS_KEPT 10

/* Removes all but the newest `keep` backups of path (newest by the time in
 * the name, then N), touching only names of exactly that form. Appends the
 * base name of each removed file to `removed`, one per line. Returns how
 * many were removed, or -errno when the directory cannot be read. */
int backups_prune(const char *path, size_t keep, struct strbuf *removed);

/* The N for the next backup of path made at stamp (YYYYMMDDTHHMMSSZ): 0
 * (no suffix) when none has that stamp, else one more than the highest, so
 * that a name freed by pruning is never reused and the order of names is
 * the order of edits. */
int backups_next_index(const char *path, const char *stamp);

#endif
