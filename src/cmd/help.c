#include <stdio.h>
#include <stddef.h>

#include "cmd/cmds.h"

static int run_help(struct ctx *ctx, int argc, char **argv)
{
    if (argc == 0) {
        cli_print_overview(ctx->out);
        return EXIT_OK;
    }
    const struct command *cmd = cli_find(argv[0]);
    if (!cmd) {
        const char *best = cli_closest_command(argv[0]);
        if (best)
            return cli_usage_error(ctx->cmd, "'%s' is not a headroom command; did you mean '%s'?",
                                   argv[0], best);
        return cli_usage_error(ctx->cmd, "'%s' is not a headroom command", argv[0]);
    }
    cli_print_help(cmd, ctx->out);
    return EXIT_OK;
}

static const char *command_word(size_t i)
{
    return i < ncommands ? commands[i]->name : NULL;
}

static const struct complete_spec help_complete[] = {
    {NULL, NULL, COMPLETE_WORDS, command_word, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

const struct command cmd_help = {
    .name = "help",
    .summary = "show the command list, or one command's help",
    .usage = "help [COMMAND]",
    .description = "'headroom help COMMAND' prints the same text as 'headroom COMMAND --help'.\n",
    .opts = NULL,
    .min_args = 0,
    .max_args = 1,
    .run = run_help,
    .exit_status = "0, or 2 for an unknown command (with the closest one).",
    .complete = help_complete,
};
