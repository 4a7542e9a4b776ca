#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "probe/dpkg.h"

/* /var/lib/dpkg/status: every name handed out is a valid package name
 * that lies inside the input */
struct ctx {
    const uint8_t *data;
    size_t size, n;
};

static int each(const char *name, size_t n, void *ud)
{
    struct ctx *c = ud;
    FUZZ_ASSERT(dpkg_name_valid(name, n));
    FUZZ_ASSERT((const uint8_t *)name >= c->data && (const uint8_t *)name + n <= c->data + c->size);
    FUZZ_ASSERT(memchr(name, '\n', n) == NULL);
    c->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct ctx c = {data, size, 0};
    struct diag d;
    diag_clear(&d);
    int r = dpkg_status_parse((const char *)data, size, each, &c, &d);
    if (r < 0)
        FUZZ_ASSERT(r == -EBADMSG && d.message[0] != '\0');
    else
        FUZZ_ASSERT(r == 0);
    return 0;
}
