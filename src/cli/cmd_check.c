/* cmd_check.c — `specaudit check`. */
#include "cli/cli.h"

int sa_cli_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return sa_cli_usage_error("check", "not available in this build");
}
