/*
 * rt/detect/srcline.c -- the source-line cache (see srcline.h).
 */
#include "srcline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 64
#define MAX_BYTES (8u << 20)

typedef struct srcfile {
  char *path;
  char *data; /* NULL: unreadable */
  size_t len;
} srcfile_t;

static srcfile_t files[MAX_FILES];
static int nfiles;

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = malloc(MAX_BYTES + 1);
  size_t n = buf ? fread(buf, 1, MAX_BYTES + 1, f) : 0;
  fclose(f);
  if (!buf || n > MAX_BYTES || memchr(buf, 0, n)) {
    free(buf);
    return NULL; /* too big to be a teaching program, or binary */
  }
  *len = n;
  return buf;
}

static srcfile_t *file_get(const char *path) {
  for (int i = 0; i < nfiles; i++)
    if (!strcmp(files[i].path, path))
      return &files[i];
  srcfile_t *f = &files[nfiles < MAX_FILES ? nfiles++ : MAX_FILES - 1];
  if (f->path) { /* cache full: reuse the last slot */
    free(f->path);
    free(f->data);
  }
  f->path = strdup(path);
  f->data = f->path ? slurp(path, &f->len) : NULL;
  return f;
}

bool rl_src_line(const char *path, uint32_t line, char *buf, size_t n) {
  if (!path || !*path || line == 0 || n == 0)
    return false;
  srcfile_t *f = file_get(path);
  if (!f->data)
    return false;
  const char *p = f->data, *end = f->data + f->len;
  for (uint32_t l = 1; l < line; l++) {
    p = memchr(p, '\n', (size_t)(end - p));
    if (!p)
      return false;
    p++;
  }
  size_t k = 0;
  for (; p < end && *p != '\n' && k + 1 < n; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\t') { /* to the next multiple of 4 columns */
      do
        buf[k++] = ' ';
      while (k % 4 && k + 1 < n);
      continue;
    }
    if (c >= 0x20 && c != 0x7f)
      buf[k++] = (char)c;
  }
  while (k > 0 && buf[k - 1] == ' ')
    k--;
  buf[k] = 0;
  return true;
}
