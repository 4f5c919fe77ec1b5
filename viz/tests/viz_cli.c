/* The viz subcommands as a program, for the script tests when the racelens
 * CLI (analyzer/) is not part of the build. */
#include <stdio.h>
#include <string.h>

#include "viz.h"

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"diagram", viz_cmd_diagram},
              {"ownership", viz_cmd_ownership},
              {"html", viz_cmd_html},
              {"export", viz_cmd_export}};
  for (size_t i = 0; argc > 1 && i < sizeof cmds / sizeof cmds[0]; i++)
    if (!strcmp(argv[1], cmds[i].name))
      return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "usage: viz_cli diagram|ownership|html|export ...\n");
  return 2;
}
