/* Where a model that is not on this machine yet would land, and whether it
 * fits: inside WSL the free space of "/" (the ext4 file system of the
 * virtual disk, which df shows at its 1 TB maximum), and on Windows the
 * drive that holds ext4.vhdx, which grows as the download is written
 * (microsoft/WSL#4699: it grows and does not shrink by itself). */
#ifndef HEADROOM_DOWNLOAD_ROOM_H
#define HEADROOM_DOWNLOAD_ROOM_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "win/host.h"

struct download_room {
    uint64_t bytes; /* the files to download */
    bool guest_known;
    uint64_t guest_available; /* statfs f_bavail of "/" */
    bool fits_guest;
    bool host_known;     /* the drive under ext4.vhdx and its free space */
    char host_drive[16]; /* "C:" */
    uint64_t host_available;
    bool fits_host;     /* the drive takes the vhdx growing by all of it */
    char host_why[256]; /* why host_known is false */
};

/* `bytes` to download into the guest m (its "/"), with the Windows side
 * from h (NULL or without data when not WSL2 or not asked: host_why says). */
void download_room_measure(const struct machine *m, const struct win_host *h, uint64_t bytes,
                           struct download_room *ret);

#endif
