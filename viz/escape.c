#include "escape.h"

void viz_html(FILE *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      fputc(*s, out);
    }
  }
}

/* Length of the valid UTF-8 sequence at S, 0 if invalid. */
static int utf8_len(const unsigned char *s) {
  int n = s[0] >= 0xF0 && s[0] <= 0xF4   ? 4
          : s[0] >= 0xE0                 ? 3
          : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
                                         : 0;
  for (int i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

void viz_json(FILE *out, const char *str) {
  const unsigned char *s = (const unsigned char *)(str ? str : "");
  fputc('"', out);
  while (*s) {
    if (*s == '"' || *s == '\\') {
      fputc('\\', out);
      fputc(*s++, out);
    } else if (*s == '\n') {
      fputs("\\n", out);
      s++;
    } else if (*s < 0x20 || *s == 0x7F) {
      fprintf(out, "\\u%04x", *s++);
    } else if (*s < 0x80) {
      /* "</" would let a JSON blob close a <script> it is embedded in. */
      if (*s == '<' || *s == '>')
        fprintf(out, "\\u%04x", *s);
      else
        fputc(*s, out);
      s++;
    } else {
      int n = utf8_len(s);
      if (n) {
        fwrite(s, 1, (size_t)n, out);
        s += n;
      } else {
        fputs("\\ufffd", out);
        s++;
      }
    }
  }
  fputc('"', out);
}
