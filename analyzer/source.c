/* Source excerpts for reports (source.h). */
#include "source.h"

#include <stdio.h>
#include <string.h>

static FILE *open_source(const char *cwd, const char *file) {
  if (!file || !*file)
    return NULL;
  if (file[0] != '/' && cwd && *cwd) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", cwd, file);
    FILE *f = fopen(path, "r");
    if (f)
      return f;
  }
  return fopen(file, "r");
}

/* Reads the next line into BUF (truncating long lines); 0 at EOF. */
static int next_line(FILE *f, char *buf, size_t len) {
  if (!fgets(buf, (int)len, f))
    return 0;
  size_t n = strlen(buf);
  if (n && buf[n - 1] == '\n') {
    buf[--n] = '\0';
  } else {
    int c;
    while ((c = fgetc(f)) != EOF && c != '\n')
      ;
  }
  if (n && buf[n - 1] == '\r')
    buf[--n] = '\0';
  return 1;
}

int rl_source_excerpt(FILE *out, const char *cwd, const char *file, int line,
                      int context, const char *mark, const char *reset) {
  if (line <= 0)
    return -1;
  FILE *f = open_source(cwd, file);
  if (!f)
    return -1;
  char text[64][256];
  int first = line - context < 1 ? 1 : line - context;
  int last = line + context, n = 0, lno = 0;
  char buf[256];
  while (lno < last && next_line(f, buf, sizeof buf)) {
    lno++;
    if (lno >= first && n < 64)
      memcpy(text[n++], buf, sizeof buf);
  }
  fclose(f);
  if (lno < line)
    return -1; /* the file changed since the run */
  for (int i = 0; i < n; i++) {
    int l = first + i;
    if (l == line)
      fprintf(out, "  %s> %4d |%s%s%s\n", mark, l, text[i][0] ? " " : "",
              text[i], reset);
    else
      fprintf(out, "    %4d |%s%s\n", l, text[i][0] ? " " : "", text[i]);
  }
  return 0;
}

int rl_source_line(const char *cwd, const char *file, int line, char *buf,
                   size_t len) {
  if (line <= 0 || len == 0)
    return -1;
  FILE *f = open_source(cwd, file);
  if (!f)
    return -1;
  char tmp[512];
  int lno = 0, found = -1;
  while (next_line(f, tmp, sizeof tmp))
    if (++lno == line) {
      const char *p = tmp + strspn(tmp, " \t");
      snprintf(buf, len, "%s", p);
      found = 0;
      break;
    }
  fclose(f);
  return found;
}
