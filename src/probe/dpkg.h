/* dpkg's database of record, /var/lib/dpkg/status (dpkg-query(1),
 * deb-control(5)): one paragraph ("stanza") per package, paragraphs
 * separated by empty lines, each line a "Field: value" or a continuation
 * line that starts with a space or a tab. A package is installed when the
 * last word of its Status field is "installed" (dpkg -l's "ii", or "hi" for
 * a held one); "deinstall ok config-files" (removed, configuration kept) and
 * the other states are not.
 *
 * /var/lib/dpkg/info/<package>[:<arch>].list, one per package whose files
 * dpkg knows, is only a fallback for a root without the status file: a
 * file list says dpkg has files on record for a package, not that the
 * package is installed, and the status file is what dpkg itself believes. */
#ifndef HEADROOM_DPKG_H
#define HEADROOM_DPKG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

/* The status file can be several MiB on a desktop install; beyond this it
 * is not read (the probe reports it as malformed). */
#define DPKG_STATUS_CAP (32 * 1024 * 1024)

/* Debian policy §5.6.1: lowercase letters, digits, '+', '-', '.', at
 * least two characters, starting with a letter or digit. Only names that
 * pass are reported, so a name can be pasted into an apt-get command. */
bool dpkg_name_valid(const char *s, size_t n);

/* Called once per installed package with its name (not NUL-terminated,
 * always dpkg_name_valid). A non-zero return stops the parse and is
 * returned by dpkg_status_parse. */
typedef int (*dpkg_pkg_fn)(const char *name, size_t n, void *ud);

/* Parses the bytes of /var/lib/dpkg/status and calls `each` for every
 * paragraph whose Status says installed. Returns 0, the callback's
 * non-zero value, or -EBADMSG with d set (line, column) for a line that is
 * neither a field nor a continuation, a continuation with no field before
 * it, a NUL byte, a paragraph with two Package or Status fields, a Status
 * that is not three words, or an invalid package name. */
int dpkg_status_parse(const char *buf, size_t len, dpkg_pkg_fn each, void *ud, struct diag *d);

#endif
