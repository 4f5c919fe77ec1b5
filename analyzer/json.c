/* JSON string escaping (json.h). */
#include "json.h"

/* Length of the valid UTF-8 sequence at S, 0 if invalid. */
static int utf8_len(const unsigned char *s) {
  int n;
  if (s[0] < 0x80)
    return 1;
  if ((s[0] & 0xE0) == 0xC0 && s[0] >= 0xC2)
    n = 2;
  else if ((s[0] & 0xF0) == 0xE0)
    n = 3;
  else if ((s[0] & 0xF8) == 0xF0 && s[0] <= 0xF4)
    n = 4;
  else
    return 0;
  for (int i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

void json_str(FILE *out, const char *s) {
  if (!s) {
    fputs("null", out);
    return;
  }
  fputc('"', out);
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned char c = *p;
    if (c == '"' || c == '\\') {
      fputc('\\', out);
      fputc(c, out);
      p++;
    } else if (c == '\n') {
      fputs("\\n", out);
      p++;
    } else if (c == '\t') {
      fputs("\\t", out);
      p++;
    } else if (c < 0x20 || c == 0x7f) {
      fprintf(out, "\\u%04x", c);
      p++;
    } else {
      int n = utf8_len(p);
      if (n == 0) {
        fputs("\\ufffd", out);
        p++;
      } else {
        fwrite(p, 1, (size_t)n, out);
        p += n;
      }
    }
  }
  fputc('"', out);
}
