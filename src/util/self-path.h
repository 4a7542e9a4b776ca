/* Finding the programs installed beside headroom (headroom-win.exe,
 * headroom-watch): in the folder of the running binary (a build tree, or
 * /usr/bin when installed there), else in ../lib/headroom/ from it (where
 * `make install` and the Debian package put them). */
#ifndef HEADROOM_SELF_PATH_H
#define HEADROOM_SELF_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* True and the path in ret when `name` exists in one of the two places. */
bool self_sibling(const char *name, char *ret, size_t n);

#endif
