#include "out/status-json.h"

#include "out/machine-json.h"
#include "out/pyenv-json.h"
#include "out/win-disk-json.h"

void status_json_members(struct json *j, const struct machine *m, const struct win_host *h,
                         const char *root_path)
{
    machine_json_members(j, m, root_path);
    machine_json_disk_open(j, m);
    win_disk_json_host(j, h, m->wsl.distro, m->disk_st.state == PROBE_OK ? &m->disk : NULL);
    json_obj_end(j);
    pyenv_json(j, &m->pyenvs);
}
