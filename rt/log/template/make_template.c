/*
 * rt/log/template/make_template.c -- build step: the bytes of an empty
 * database as rl_schema_open makes it, as a C header the runtime compiles
 * in (log_template.c says why).
 *
 *   make_template OUT.h
 *
 * The database is made by the runtime's own rl_schema_open (this program
 * is linked without an image, so it takes the SQL path), then closed, so
 * that the write-ahead log is folded into the file.  The header holds the
 * file's size and its non-zero stretches: most of a fresh database is the
 * empty middle of 16 KiB pages, which the runtime leaves as holes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../log_int.h"

/* Zero stretches shorter than this stay inside a run: a run costs a
 * pwrite at every fresh start, a few zero bytes cost nothing. */
#define MIN_GAP 256

static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  struct stat st;
  unsigned char *b = NULL;
  if (fstat(fileno(f), &st) == 0 && (b = malloc((size_t)st.st_size + 1))) {
    *len = fread(b, 1, (size_t)st.st_size, f);
    if (*len != (size_t)st.st_size) {
      free(b);
      b = NULL;
    }
  }
  fclose(f);
  return b;
}

/* Where the stretch starting at or after i begins (len when none does). */
static size_t next_run(const unsigned char *b, size_t len, size_t i) {
  while (i < len && !b[i])
    i++;
  return i;
}

/* Where the stretch starting at i ends: its last non-zero byte before a
 * gap of MIN_GAP zeros or the end. */
static size_t run_end(const unsigned char *b, size_t len, size_t i) {
  size_t end = i, zeros = 0;
  for (size_t j = i; j < len && zeros < MIN_GAP; j++) {
    zeros = b[j] ? 0 : zeros + 1;
    if (b[j])
      end = j + 1;
  }
  return end;
}

static void remove_db(const char *db) {
  char p[4200];
  unlink(db);
  snprintf(p, sizeof p, "%s-wal", db);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db);
  unlink(p);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: make_template OUT.h\n");
    return 2;
  }
  char db[4096], why[512] = "";
  snprintf(db, sizeof db, "%s.db", argv[1]);
  remove_db(db);
  sqlite3 *d = rl_schema_open(db, why, sizeof why);
  if (!d) {
    fprintf(stderr, "make_template: cannot make %s: %s\n", db, why);
    return 1;
  }
  if (sqlite3_close(d) != SQLITE_OK) {
    fprintf(stderr, "make_template: cannot close %s\n", db);
    return 1;
  }
  size_t len;
  unsigned char *b = read_all(db, &len);
  char wal[4200];
  snprintf(wal, sizeof wal, "%s-wal", db);
  if (!b || len == 0 || access(wal, F_OK) == 0) {
    fprintf(stderr, "make_template: %s is not a whole, closed database\n", db);
    return 1;
  }
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
  FILE *out = fopen(tmp, "w");
  if (!out) {
    perror(tmp);
    return 1;
  }
  fprintf(out,
          "/* Made by rt/log/template/make_template.c: an empty schema"
          " version %d database. */\n",
          RL_SCHEMA_VERSION);
  fprintf(out, "#define RL_TEMPLATE_SIZE %zu\n", len);
  fprintf(out, "static const rl_template_run_t rl_template_runs[] = {\n");
  size_t nbytes = 0;
  for (size_t i = next_run(b, len, 0); i < len; i = next_run(b, len, i)) {
    size_t end = run_end(b, len, i);
    fprintf(out, "    {%zu, %zu, %zu},\n", i, end - i, nbytes);
    nbytes += end - i;
    i = end;
  }
  fprintf(out, "};\nstatic const unsigned char rl_template_bytes[] = {");
  size_t k = 0;
  for (size_t i = next_run(b, len, 0); i < len; i = next_run(b, len, i))
    for (size_t end = run_end(b, len, i); i < end; i++, k++)
      fprintf(out, "%s%u,", k % 20 ? "" : "\n    ", b[i]);
  fprintf(out, "\n};\n");
  free(b);
  remove_db(db);
  if (fclose(out) != 0 || rename(tmp, argv[1]) != 0) {
    perror(argv[1]);
    return 1;
  }
  return 0;
}
