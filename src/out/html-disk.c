/* The report's disk section: the file system at "/" as df counts it. */
#include <stdio.h>

#include "out/html-parts.h"
#include "util/size.h"
#include "win/disk.h"
#include "win/host.h"

/* The Windows side: the distribution's ext4.vhdx, its drive, the estimate
 * of what compacting gives back, and swap disks left over. */
static void host_rows(FILE *f, const struct report_model *r)
{
    const struct machine *m = r->m;
    const struct win_host *h = r->host;
    if (!h || h->state != WIN_HOST_OK || !h->disk.has_distros)
        return;
    const struct win_distro *x = win_disk_distro(&h->disk, m->wsl.distro);
    uint64_t on, rec;
    char drv[64];
    if (!x || !win_distro_on_disk(x, &on))
        return;
    win_drive_label(x->volume ? x->volume : x->base_path, drv, sizeof(drv));
    fputs("<table><thead><tr><th>on Windows</th><th class=\"n\">size</th><th>what it is</th>"
          "</tr></thead><tbody>\n",
          f);
    fputs("<tr><td>ext4.vhdx on ", f);
    html_escape(f, drv);
    fprintf(f,
            "</td><td class=\"n\">%s</td><td>what the virtual disk takes on the drive "
            "(GetCompressedFileSizeW)</td></tr>\n",
            size_str(on));
    if (win_distro_reclaimable(x, &m->disk, &rec))
        fprintf(f,
                "<tr><td>reclaimable</td><td class=\"n\">%s</td><td>an estimate: on the "
                "drive − used inside (headroom windows script --compact)</td></tr>\n",
                size_str(rec));
    if (x->vol_avail.known && x->vol_total.known) {
        fputs("<tr><td>", f);
        html_escape(f, drv);
        fprintf(f,
                " available</td><td class=\"n\">%s</td><td>of %s (GetDiskFreeSpaceEx)</td>"
                "</tr>\n",
                size_str(x->vol_avail.v), size_str(x->vol_total.v));
    }
    uint64_t bytes;
    size_t n = win_swap_orphans(&h->disk, &bytes);
    if (n)
        fprintf(f,
                "<tr><td>leftover swap disks</td><td class=\"n\">%s</td><td>%zu in the "
                "temp folder, attached to no VM</td></tr>\n",
                size_str(bytes), n);
    fputs("</tbody></table>\n", f);
}

void report_disk_section(FILE *f, const struct report_model *r)
{
    const struct machine *m = r->m;
    if (m->disk_st.state != PROBE_OK)
        return;
    const struct disk_fs *fs = &m->disk;
    const char *type = disk_fs_type_name(fs->fs_type);
    fputs("<section id=\"disk\"><h2>Disk</h2>\n<table><thead><tr><th>file system</th>"
          "<th class=\"n\">size</th><th class=\"n\">used</th><th class=\"n\">available</th>"
          "</tr></thead><tbody>\n",
          f);
    fprintf(f,
            "<tr><td>/ (%s)</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
            "<td class=\"n\">%s</td></tr>\n",
            type ? type : "unknown type", size_str(disk_fs_size(fs)), size_str(disk_fs_used(fs)),
            size_str(disk_fs_available(fs)));
    fputs("</tbody></table>\n<p class=\"muted\">statfs of /: used is size minus free, as df "
          "counts it; available leaves out the blocks reserved for root.",
          f);
    if (m->wsl.kind == WSL_2)
        fputs(" The size is the virtual disk's; what the distro takes on the Windows drive is "
              "its ext4.vhdx file, which grows and does not shrink by itself.",
              f);
    fputs("</p>\n", f);
    host_rows(f, r);
    fputs("</section>\n", f);
}
