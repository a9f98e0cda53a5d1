/*
 * main: starts libsodium and hands over to the subcommand table in cli/. Nothing else lives
 * here, so every subcommand can be reached the same way from tests.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/secret.h"

int main(int argc, char **argv)
{
    if (secret_init()) {
        fprintf(stderr, "frontdoor: could not start libsodium\n");
        return EXIT_FAIL;
    }
    return cli_main(argc, argv);
}
