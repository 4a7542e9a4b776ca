#include "cmd/act.h"

#include <unistd.h>

int act_check(const struct ctx *ctx, bool dry_run, const char *needs, const char *sudo_args)
{
    if (dry_run)
        return 0;
    if (ctx->root_given)
        return cli_error(ctx, EXIT_USAGE,
                         "--root %s is a snapshot and cannot be changed; add --dry-run to see "
                         "what would be done there",
                         ctx->root_path);
    if (geteuid() != 0)
        return cli_error(ctx, EXIT_SYSTEM, "%s needs root: run 'sudo headroom %s'", needs,
                         sudo_args);
    return 0;
}
