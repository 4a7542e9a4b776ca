/* WSL's disks on the Windows host as text (src/win/disk.h): the lines
 * `status` adds to its Disk section and the "WSL disks" section of
 * `windows status`. */
#ifndef HEADROOM_CMD_HOST_DISK_H
#define HEADROOM_CMD_HOST_DISK_H

#include <stdbool.h>
#include <stdio.h>

#include "machine.h"
#include "win/host.h"

/* True when the host document says anything of WSL's disks (an older helper
 * and the PowerShell fallback do not). */
bool host_disk_reported(const struct win_host *h);
/* status: the guest's distribution's virtual disk, its drive, the
 * reclaimable estimate and the swap disks left over; indented under the
 * Disk heading. Nothing when !host_disk_reported. */
void host_disk_print_status(FILE *f, const struct win_host *h, const struct machine *m);
/* windows status: every distribution, the swap file and the temp folder's
 * swap disks. */
void host_disk_print_windows(FILE *f, const struct win_host *h);

#endif
