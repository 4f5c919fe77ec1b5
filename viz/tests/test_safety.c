/* Names from the program cannot break out of DOT, SVG, HTML or JSON: the
 * hostile fixture names its file a"b<script>.c, its goroutines and
 * variables with markup, quotes, backslash escapes and entities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"
#include "vt.h"

static void no_markup(const char *what, const char *text) {
  CHECK(text, "%s missing", what);
  if (!text)
    return;
  CHECK(!strstr(text, "<script"), "%s has a <script> from the data", what);
  CHECK(!strstr(text, "<img"), "%s has an <img> from the data", what);
  CHECK(!strstr(text, "</svg><"), "%s closes an svg early", what);
}

int main(void) {
  const char *db = vt_fixture("hostile");

  /* DOT: parses back, labels hold the names verbatim (escaped for DOT). */
  const char *dot[] = {"diagram",        db,  "--format", "dot", "-o",
                       vt_path("h.dot"), NULL};
  CHECK(vt_run(viz_cmd_diagram, dot) == 0, "diagram dot");
  Agraph_t *g = vt_read_dot(vt_path("h.dot"));
  CHECK(g, "hostile DOT does not parse back");
  if (g) {
    Agnode_t *h = agnode(g, "g2", 0);
    CHECK(h && !strcmp(vt_attr(h, "label"),
                       "G2 <script>alert(1)</script>\\nstarted at "
                       "a\"b<script>.c:15"),
          "header label: %s", h ? vt_attr(h, "label") : "missing");
    Agnode_t *h3 = agnode(g, "g3", 0);
    CHECK(h3 && !strcmp(vt_attr(h3, "label"),
                        "G3 f\\\\G\"}]]>\\nstarted at a\"b<script>.c:15"),
          "a backslash escape in a name stays literal: %s",
          h3 ? vt_attr(h3, "label") : "missing");
    CHECK(vt_count_class(g, "race") == 3, "the race still drawn");
    agclose(g);
  }

  /* SVG: the text is there, escaped, and nothing else. */
  const char *svg[] = {"diagram", db, "-o", vt_path("h.svg"), NULL};
  CHECK(vt_run(viz_cmd_diagram, svg) == 0, "diagram svg");
  char *s = vt_read(vt_path("h.svg"), NULL);
  no_markup("diagram SVG", s);
  CHECK(s && strstr(s, "G2 &lt;script&gt;alert(1)&lt;/script&gt;"),
        "SVG lacks the escaped goroutine name");
  CHECK(s && strstr(s, "x\\N&quot;&lt;img src=x onerror=alert(1)&gt;&amp;amp;"),
        "SVG lacks the variable name, verbatim");
  free(s);

  const char *own[] = {"ownership", db, "-o", vt_path("o.svg"), NULL};
  CHECK(vt_run(viz_cmd_ownership, own) == 0, "ownership svg");
  s = vt_read(vt_path("o.svg"), NULL);
  no_markup("ownership SVG", s);
  CHECK(s && strstr(s, "&lt;/svg&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
        "ownership SVG lacks the channel name");
  free(s);

  /* HTML: one page, the names escaped, no script anywhere. */
  const char *html[] = {"html", db, "-o", vt_path("h.html"), NULL};
  CHECK(vt_run(viz_cmd_html, html) == 0, "html");
  s = vt_read(vt_path("h.html"), NULL);
  no_markup("HTML page", s);
  CHECK(s && strstr(s, "racelens: /tmp/a&quot;b&lt;script&gt;alert(0)"),
        "HTML lacks the escaped program name");
  free(s);

  /* JSON: names are JSON strings; the markup cannot appear raw. */
  const char *json[] = {"export", "--perfetto",      db,
                        "-o",     vt_path("h.json"), NULL};
  CHECK(vt_run(viz_cmd_export, json) == 0, "export");
  s = vt_read(vt_path("h.json"), NULL);
  no_markup("trace JSON", s);
  CHECK(s && strstr(s, "\"G2 \\u003cscript\\u003ealert(1)\\u003c/script"
                       "\\u003e\""),
        "JSON lacks the escaped thread name");
  free(s);
  return vt_done("test_safety");
}
