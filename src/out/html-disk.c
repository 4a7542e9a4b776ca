/* The report's disk section: the file system at "/" as df counts it. */
#include <stdio.h>

#include "out/html-parts.h"
#include "util/size.h"

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
    fputs("</p></section>\n", f);
}
