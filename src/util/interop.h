/* Whether Windows interop is registered: the one definition, used by the WSL
 * probe, the Windows host loader and the .wslconfig locator. */
#ifndef HEADROOM_INTEROP_H
#define HEADROOM_INTEROP_H

#include <stdbool.h>

#include "util/rootfs.h"

/* binfmt_misc holds an entry whose name starts with "WSLInterop": WSL
 * registers its /init as the interpreter of Windows executables under that
 * name, and some 2.x releases named it "WSLInterop-late" (microsoft/WSL#13467
 * went back to "WSLInterop"). Without it Windows programs fail with ENOEXEC
 * (microsoft/WSL#8843). */
bool wsl_interop_registered(const struct rootfs *root);

#endif
