/* headroom-watch: the `watch` daemon alone, in a small program that
 * `headroom watch` runs in its own place (execv, same arguments). A daemon
 * that stays up all day should hold little memory: this program carries the
 * watch code and what it calls, nothing of the other commands, and is linked
 * statically against musl where Debian's musl-tools is installed, so it maps
 * neither ld.so nor all of glibc (bench/watch-vs-earlyoom.sh measures it).
 * It takes the same command line as headroom: `headroom-watch watch ...`. */
#include "cli.h"
#include "cmd/cmds.h"

const struct command *const commands[] = {&cmd_watch};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

int main(int argc, char **argv)
{
    watch_in_helper = true;
    return cli_main(argc, argv);
}
