/* cmd_validate.c — `specaudit validate`. */
#include "cli/cli.h"

int sa_cli_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return sa_cli_usage_error("validate", "not available in this build");
}
