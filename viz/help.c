/* Usage paragraphs for `racelens help diagram` and friends. */
#include <string.h>

#include "viz.h"

static const struct {
  const char *name, *text;
} helps[] = {
    {"diagram",
     "usage: racelens diagram [DB] [--run N] [--race K | --all]\n"
     "                        [--format svg|png|pdf|dot] -o FILE\n"
     "\n"
     "Draws how the goroutines interleaved: one lane per goroutine, time\n"
     "running down, every event a box in its lane, and a blue arrow for each\n"
     "happens-before edge (go -> start, send -> receive, unlock -> lock,\n"
     "done -> wait, exit -> join, ...).  The two racing accesses are red and\n"
     "joined by a dashed red line: the arrow that is missing.\n"
     "\n"
     "  --race K   the window around race K (default: the first race)\n"
     "  --all      the whole run; long stretches of plain accesses are\n"
     "             folded into one box\n"
     "  --format   svg, png, pdf or dot (default: from -o's extension)\n"
     "  --run N    a run of the database (default: the newest)\n"},
    {"ownership",
     "usage: racelens ownership [DB] [--run N] [--format svg|png|pdf|dot] "
     "-o FILE\n"
     "\n"
     "Draws who handed what to whom: goroutines and channels as nodes,\n"
     "transfers as edges with counts, and the heap blocks sent as pointers.\n"
     "A goroutine that uses a block after sending it away, in a way that\n"
     "races, is an ownership violation and is drawn in red.\n"},
    {"html",
     "usage: racelens html [DB] [--run N] -o report.html\n"
     "\n"
     "Writes one self-contained page (no network, no scripts): the run, each\n"
     "race with its report, explanation and diagram, the ownership graph and\n"
     "the goroutines.\n"},
    {"export",
     "usage: racelens export --perfetto [DB] [--run N] -o trace.json\n"
     "\n"
     "Writes the run as Chrome trace-event JSON for ui.perfetto.dev or\n"
     "chrome://tracing: goroutines as threads, blocking operations as\n"
     "slices, other events as instants, happens-before edges as flow arrows\n"
     "and races as red instants.\n"},
};

const char *viz_cmd_help(const char *name) {
  for (size_t i = 0; name && i < sizeof helps / sizeof helps[0]; i++)
    if (!strcmp(name, helps[i].name))
      return helps[i].text;
  return NULL;
}
