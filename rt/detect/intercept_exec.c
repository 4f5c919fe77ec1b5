/*
 * rt/detect/intercept_exec.c -- execve and the rest of the exec family.
 *
 * An exec replaces the program without running its exit handlers, so the
 * run ended nowhere: it stayed "cut short", and the events its threads
 * had not handed to the writer were lost.  Before the exec, the run is
 * ended here as "exec", with the race summary; an instrumented program
 * that is exec'd starts a run of its own in the same database.
 *
 * An exec that fails returns, and the program goes on after a run that is
 * already closed: it says so in one line, since what follows is not in
 * the database.  In a forked child (fork, then exec: the usual way) the
 * calls pass straight through, as the child does not log.
 */
#define _GNU_SOURCE /* execvpe */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "intercept_common.h"
#include "rt.h"

static bool before(void) {
  if (!rt_in_first_process())
    return false;
  rl_finish_exec();
  return true;
}

static int failed(bool ended, const char *what) {
  int e = errno;
  if (ended)
    fprintf(stderr,
            "racelens: %s failed (%s) after the run was ended for it; "
            "the rest of this run is not logged\n",
            what, strerror(e));
  errno = e;
  return -1;
}

int __rl_execve(const char *path, char *const argv[], char *const envp[],
                rl_site_t *site) {
  (void)site;
  bool ended = before();
  execve(path, argv, envp);
  return failed(ended, "execve");
}

int __rl_execv(const char *path, char *const argv[], rl_site_t *site) {
  (void)site;
  bool ended = before();
  execv(path, argv);
  return failed(ended, "execv");
}

int __rl_execvp(const char *file, char *const argv[], rl_site_t *site) {
  (void)site;
  bool ended = before();
  execvp(file, argv);
  return failed(ended, "execvp");
}

int __rl_execvpe(const char *file, char *const argv[], char *const envp[],
                 rl_site_t *site) {
  (void)site;
  bool ended = before();
  execvpe(file, argv, envp);
  return failed(ended, "execvpe");
}

int __rl_fexecve(int fd, char *const argv[], char *const envp[],
                 rl_site_t *site) {
  (void)site;
  bool ended = before();
  fexecve(fd, argv, envp);
  return failed(ended, "fexecve");
}

/* execl, execlp, execle: their list of arguments, ended by NULL, as the
 * array the v-forms take (and, for execle, the environment after it). */
static char **arg_array(const char *arg0, va_list ap, char ***envp) {
  size_t n = 0; /* arguments before the NULL; arg0 may be it */
  if (arg0) {
    va_list aq;
    va_copy(aq, ap);
    for (n = 1; va_arg(aq, char *); n++)
      ;
    va_end(aq);
  }
  char **argv = malloc((n + 1) * sizeof *argv);
  if (!argv)
    return NULL;
  argv[0] = (char *)arg0;
  for (size_t i = 1; i <= n; i++)
    argv[i] = va_arg(ap, char *); /* the last is the NULL */
  if (envp)
    *envp = va_arg(ap, char **);
  return argv;
}

#define RL_EXECL(last, call, what, envp)                                       \
  va_list ap;                                                                  \
  va_start(ap, last);                                                          \
  char **env = NULL;                                                           \
  char **argv = arg_array(arg0, ap, envp);                                     \
  va_end(ap);                                                                  \
  if (!argv) {                                                                 \
    errno = ENOMEM;                                                            \
    return -1;                                                                 \
  }                                                                            \
  (void)env;                                                                   \
  bool ended = before();                                                       \
  call;                                                                        \
  free(argv);                                                                  \
  return failed(ended, what)

int __rl_execl(const char *path, const char *arg0, rl_site_t *site, ...) {
  RL_EXECL(site, execv(path, argv), "execl", NULL);
}

int __rl_execlp(const char *file, const char *arg0, rl_site_t *site, ...) {
  RL_EXECL(site, execvp(file, argv), "execlp", NULL);
}

int __rl_execle(const char *path, const char *arg0, rl_site_t *site, ...) {
  RL_EXECL(site, execve(path, argv, env), "execle", &env);
}

int __rl_fp_execl(const char *path, const char *arg0, ...) {
  RL_EXECL(arg0, execv(path, argv), "execl", NULL);
}

int __rl_fp_execlp(const char *file, const char *arg0, ...) {
  RL_EXECL(arg0, execvp(file, argv), "execlp", NULL);
}

int __rl_fp_execle(const char *path, const char *arg0, ...) {
  RL_EXECL(arg0, execve(path, argv, env), "execle", &env);
}

RL_FP_TWIN3(int, execve, const char *, char *const *, char *const *)
RL_FP_TWIN2(int, execv, const char *, char *const *)
RL_FP_TWIN2(int, execvp, const char *, char *const *)
RL_FP_TWIN3(int, execvpe, const char *, char *const *, char *const *)
RL_FP_TWIN3(int, fexecve, int, char *const *, char *const *)
