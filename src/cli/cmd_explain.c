/* cmd_explain.c — `specaudit explain`. */
#include "cli/cli.h"

int sa_cli_explain(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return sa_cli_usage_error("explain", "not available in this build");
}
