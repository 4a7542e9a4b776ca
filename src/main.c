/* headroom: how much room is there for local AI in this WSL2 machine?
 * Everything lives in cli.c (options, dispatch) and the layers below it;
 * `headroom __complete ...` is the shell completions' helper (cmd/complete.h). */
#include <string.h>

#include "cli.h"
#include "cmd/complete.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "__complete") == 0)
        return complete_main(argc - 2, argv + 2);
    return cli_main(argc, argv);
}
