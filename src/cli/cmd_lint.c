/* cmd_lint.c — `specaudit lint`. */
#include "cli/cli.h"

int sa_cli_lint(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return sa_cli_usage_error("lint", "not available in this build");
}
