#include "fuzz.h"
#include "probe/disk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct disk_fs fs;
    struct diag d;
    diag_clear(&d);
    if (disk_fs_parse((const char *)data, size, &fs, &d) == 0)
        FUZZ_ASSERT(fs.block_size && fs.blocks_avail <= fs.blocks_free &&
                    fs.blocks_free <= fs.blocks && disk_fs_used(&fs) <= disk_fs_size(&fs));
    else
        FUZZ_ASSERT(d.message[0] != '\0');
    return 0;
}
