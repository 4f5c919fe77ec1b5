/*
 * analyzer/commands.h -- the analyzer's own subcommands.  Each is called
 * by the dispatch table in main.c with argv[0] set to its name, and returns
 * the process exit status (db.h: RL_EXIT_*).  Each has a usage paragraph
 * for `racelens help NAME` and `racelens NAME --help`.
 */
#ifndef RL_ANALYZER_COMMANDS_H
#define RL_ANALYZER_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_runs(int argc, char **argv);
int cmd_goroutines(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_chans(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_unpack(int argc, char **argv);

extern const char help_run[], help_report[], help_runs[], help_goroutines[],
    help_events[], help_chans[], help_stats[], help_unpack[];

#endif
