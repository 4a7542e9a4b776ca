/* headroom: how much room is there for local AI in this WSL2 machine?
 * Everything lives in cli.c (options, dispatch) and the layers below it. */
#include "cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
