#include "model/model-open.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "model/gguf.h"
#include "util/io.h"

int model_open_root(const struct rootfs *r, const char *rel, struct model *ret, struct diag *d)
{
    diag_clear(d);
    int fd, err = rootfs_open(r, rel, O_RDONLY | O_NONBLOCK, &fd);
    if (err < 0)
        return err;
    if ((err = io_require_regular(fd, NULL)) < 0) {
        close(fd);
        return err;
    }
    struct gguf_file g;
    err = gguf_open_fd(fd, rel, &g, d);
    if (err < 0) {
        close(fd);
        return err;
    }
    uint64_t split_count = 0;
    gguf_get_uint(&g, "split.count", &split_count);
    struct model m;
    err = split_count > 1 ? -EXDEV : model_from_gguf(&g, &m, d);
    gguf_free(&g);
    close(fd);
    if (err == 0)
        *ret = m;
    return err;
}
