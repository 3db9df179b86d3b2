/* cmd_diff.c — `specaudit diff`. */
#include "cli/cli.h"

int sa_cli_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return sa_cli_usage_error("diff", "not available in this build");
}
