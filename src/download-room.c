#include "download-room.h"

#include <stdio.h>
#include <string.h>

void download_room_measure(const struct machine *m, const struct win_host *h, uint64_t bytes,
                           struct download_room *r)
{
    memset(r, 0, sizeof(*r));
    r->bytes = bytes;
    if (m->disk_st.state == PROBE_OK) {
        r->guest_known = true;
        r->guest_available = disk_fs_available(&m->disk);
        r->fits_guest = bytes <= r->guest_available;
    }
    if (m->wsl.kind != WSL_2) {
        snprintf(r->host_why, sizeof(r->host_why),
                 "not WSL2: the files land on this machine's own disk");
        return;
    }
    if (!h || h->state != WIN_HOST_OK) {
        snprintf(r->host_why, sizeof(r->host_why), "no Windows host data (%.200s)",
                 h && h->reason[0] ? h->reason : "not read");
        return;
    }
    const struct win_distro *x = win_disk_distro(&h->disk, m->wsl.distro);
    if (!x) {
        snprintf(r->host_why, sizeof(r->host_why), "%s",
                 !h->disk.has_distros ? win_disk_distros_why(&h->disk)
                                      : "this distribution is not among those the host lists");
        return;
    }
    if (!x->vol_avail.known) {
        snprintf(r->host_why, sizeof(r->host_why), "the drive's free space is unknown (%.150s)",
                 x->vol_avail.why);
        return;
    }
    r->host_known = true;
    win_drive_label(x->volume      ? x->volume
                    : x->base_path ? x->base_path
                                   : "",
                    r->host_drive, sizeof(r->host_drive));
    r->host_available = x->vol_avail.v;
    /* the vhdx grows by up to the whole download: blocks ext4 freed inside
     * stay allocated in the file and may be reused, so it can grow by less,
     * never by more */
    r->fits_host = bytes <= r->host_available;
}
