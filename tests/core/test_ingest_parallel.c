/* The reader's fast paths against the plain ones: rd_ingest_paths on several threads must give
 * the dataset of reading the files one by one (records, rejects, problems, inputs and their
 * order, 编号 repeated across files included); the UTF-8 check must accept exactly what
 * g_utf8_validate_len accepts; the GB18030 table must decode as g_convert does. */
#include <string.h>
#include <glib/gstdio.h>
#include "ingest.h"

typedef struct {
  rd_columns *columns;
  rd_taxonomy *taxonomy;
  rd_valuemap *levels, *statuses;
  rd_ingest_config cfg;
  char *dir;
} fixture;

static const char header[] = "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,排查日期,化解状态\n";

static void write_file(fixture *f, const char *name, const char *data, gssize length)
{
  char *path = g_build_filename(f->dir, name, NULL);
  GError *error = NULL;
  g_assert_true(g_file_set_contents(path, data, length, &error));
  g_assert_no_error(error);
  g_free(path);
}

static void write_gb18030(fixture *f, const char *name, const char *utf8)
{
  gsize n = 0;
  GError *error = NULL;
  char *gb = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, &n, &error);
  g_assert_no_error(error);
  write_file(f, name, gb, (gssize)n);
  g_free(gb);
}

static void fixture_setup(fixture *f, gconstpointer data)
{
  (void)data;
  const char *src = g_getenv("RISKDOC_SOURCE_DIR");
  GError *error = NULL;
  f->columns = rd_columns_load(src ? src : RISKDOC_DATADIR, &error);
  g_assert_no_error(error);
  f->taxonomy = rd_taxonomy_load(src ? src : RISKDOC_DATADIR, "seven-classes", &error);
  g_assert_no_error(error);
  f->levels = rd_valuemap_default_levels();
  f->statuses = rd_valuemap_default_statuses();
  f->cfg = (rd_ingest_config){ f->columns, f->taxonomy, f->levels, f->statuses, NULL };
  f->dir = g_dir_make_tmp("riskdoc-parallel-XXXXXX", &error);
  g_assert_no_error(error);
}

static void fixture_teardown(fixture *f, gconstpointer data)
{
  (void)data;
  GDir *d = g_dir_open(f->dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *path = g_build_filename(f->dir, name, NULL);
    g_unlink(path);
    g_free(path);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(f->dir);
  g_free(f->dir);
  rd_columns_free(f->columns);
  rd_taxonomy_free(f->taxonomy);
  rd_valuemap_free(f->levels);
  rd_valuemap_free(f->statuses);
}

/* Everything a dataset says, as one text to compare. */
static char *describe(const rd_dataset *ds)
{
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "read %d used %d rejected %d errors %d\n", ds->read, ds->used,
                         ds->rejected, ds->file_errors);
  for (guint i = 0; i < ds->inputs->len; i++) {
    const rd_input *in = &g_array_index(ds->inputs, rd_input, i);
    g_string_append_printf(s, "input %s %s %d %d %d\n", in->path, in->encoding, in->read, in->used,
                           in->rejected);
  }
  for (guint i = 0; i < ds->records->len; i++) {
    const rd_record *r = g_ptr_array_index(ds->records, i);
    g_string_append_printf(s, "record %s:%d [%s|%s|%s|%d %s|%s|%s|%s|%d %s|%s|", r->source, r->line,
                           r->id, r->community, r->grid, r->category, r->category_text,
                           r->subcategory, r->title, r->detail, r->level, r->level_text,
                           r->lead_unit);
    for (int u = 0; u < r->n_support_units; u++)
      g_string_append_printf(s, "%s+", r->support_units[u]);
    g_assert_null(r->support_units[r->n_support_units]);
    g_string_append_printf(s, "|%s|%s|%s|%d %s|%u %u %u|%d %s|%s]\n", r->leader, r->person,
                           r->measures, r->people, r->people_text, r->found, r->deadline,
                           r->closed, r->status, r->status_text, r->note);
  }
  for (guint i = 0; i < ds->rejects->len; i++) {
    const rd_reject *r = g_ptr_array_index(ds->rejects, i);
    g_string_append_printf(s, "reject %s:%d:%d %s [", r->source, r->line, r->column, r->reason);
    for (char **h = r->headers; *h; h++)
      g_string_append_printf(s, "%s|", *h);
    g_string_append(s, "] [");
    for (char **c = r->cells; *c; c++)
      g_string_append_printf(s, "%s|", *c);
    g_string_append(s, "]\n");
  }
  for (guint i = 0; i < ds->problems->len; i++) {
    const rd_problem *p = g_ptr_array_index(ds->problems, i);
    g_string_append_printf(s, "problem %s:%d:%d %c %s\n", p->source, p->line, p->column,
                           p->severity, p->message);
  }
  return g_string_free(s, FALSE);
}

static char **sorted_paths(fixture *f)
{
  const char *args[] = { f->dir, NULL };
  GError *error = NULL;
  char **paths = rd_expand_inputs(args, &error);
  g_assert_no_error(error);
  return paths;
}

/* Reads the fixture's files with the given threads (via RISKDOC_INGEST_THREADS); returns the
 * description and whether every file was usable. */
static char *read_with_threads(fixture *f, const char *threads, gboolean *all_ok)
{
  g_setenv("RISKDOC_INGEST_THREADS", threads, TRUE);
  char **paths = sorted_paths(f);
  rd_dataset *ds = rd_dataset_new();
  *all_ok = rd_ingest_paths(ds, &f->cfg, paths, NULL, NULL);
  GError *error = NULL;
  g_assert_true(rd_dataset_check_balance(ds, &error));
  g_assert_no_error(error);
  char *text = describe(ds);
  rd_dataset_free(ds);
  g_strfreev(paths);
  g_unsetenv("RISKDOC_INGEST_THREADS");
  return text;
}

static void write_mixed_files(fixture *f)
{
  /* a.csv: first of 编号 X1 and X2 (X2 also rejected for its category) */
  GString *a = g_string_new(header);
  g_string_append(a, "X1,甲社区,治安隐患,t,细节一,高,派出所,城管、司法所,2024-05-01,未化解\n"
                     "X2,甲社区,外星,t,细节,高,派出所,,2024-05-01,未化解\n");
  for (int i = 0; i < 300; i++)   /* enough rows for the threads to overlap */
    g_string_append_printf(a, "A%d,甲社区,治安隐患,t,细节%d,中,派出所,城管/派出所,2024年5月%d日,化解中\n",
                           i, i, i % 28 + 1);
  write_file(f, "a.csv", a->str, (gssize)a->len);
  g_string_free(a, TRUE);
  /* b.csv (GB18030 with a title row and a footer): X1 again (a record turned reject), X2
   * again with its own problems, A5 again, a repeat inside the file */
  write_gb18030(f, "b.csv",
                "甲社区风险隐患排查台账,,,,,,,,,\n"
                "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,排查日期,化解状态\n"
                "X1,甲社区,治安隐患,t2,细节二,中,派出所、城管,,2024-05-02,化解中\n"
                "X2,甲社区,外星入侵,t,细节,特高,派出所,,2024-05-01,未化解\n"
                "A5,甲社区,治安隐患,t,细节,低,派出所,,2024-05-01,已化解\n"
                "B1,甲社区,治安隐患,t,细节,低,派出所,,2024-05-01,已化解\n"
                "B1,甲社区,治安隐患,t,细节,低,派出所,,2024-05-01,已化解\n"
                "填报人：张三,,,负责人：李四,,,,,,\n");
  /* c.csv: CR-only line ends, a quoted cell over two lines, a repeat of a row in it */
  write_file(f, "c.csv",
             "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,排查日期,化解状态\r"
             "C1,乙社区,治安隐患,t,\"多\n行\",高,派出所,,2024-05-01,未化解\r"
             "C1,乙社区,治安隐患,t,x,高,派出所,,2024-05-01,未化解\n", -1);
  /* d.csv: a file with a four-byte GB18030 character (the slow decoder) */
  write_gb18030(f, "d.csv",
                "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,排查日期,化解状态\n"
                "D1,丙社区,治安隐患,𠀀字,细节,高,派出所,,2024-05-01,未化解\n"
                "X1,甲社区,治安隐患,t,细节,高,派出所,,2024-05-01,未化解\n");
  /* e.csv: a missing required column; f.csv: header only; g.csv: empty; h.csv: not text */
  write_file(f, "e.csv", "编号,社区,风险类别\nE1,丁社区,治安隐患\n", -1);
  write_file(f, "f.csv", header, -1);
  write_file(f, "g.csv", "", 0);
  write_file(f, "h.csv", "\xFF\xFE\x41\x00", 4);
  /* i.csv: a quoted cell never closed */
  GString *i = g_string_new(header);
  g_string_append(i, "I1,戊社区,治安隐患,t,\"未闭合,高,派出所,,2024-05-01,未化解\nI2,x\n");
  write_file(f, "i.csv", i->str, (gssize)i->len);
  g_string_free(i, TRUE);
  /* more plain files, so that results wait to be merged */
  for (int k = 0; k < 12; k++) {
    GString *s = g_string_new(header);
    for (int r = 0; r < 50; r++)
      g_string_append_printf(s, "K%d,社区%d,治安隐患,t,细节,高,派出所,城管,2024-05-01,未化解\n",
                             r % 40, k % 3);
    char *name = g_strdup_printf("k%02d.csv", k);
    write_file(f, name, s->str, (gssize)s->len);
    g_free(name);
    g_string_free(s, TRUE);
  }
}

static void test_threads_same_dataset(fixture *f, gconstpointer data)
{
  (void)data;
  write_mixed_files(f);
  gboolean ok1, ok2, ok3;
  char *one = read_with_threads(f, "1", &ok1);
  char *two = read_with_threads(f, "2", &ok2);
  char *three = read_with_threads(f, "3", &ok3);
  g_assert_false(ok1);   /* h.csv is UTF-16 */
  g_assert_cmpint(ok1, ==, ok2);
  g_assert_cmpint(ok1, ==, ok3);
  g_assert_cmpstr(one, ==, two);
  g_assert_cmpstr(one, ==, three);
  /* the cases the merge decides */
  char *a = g_build_filename(f->dir, "a.csv", NULL);
  char *b = g_build_filename(f->dir, "b.csv", NULL);
  char *expected = g_strdup_printf("reject %s:3:1 编号“X1”重复：与 %s 第2行相同", b, a);
  g_assert_nonnull(strstr(one, expected));
  g_free(expected);
  expected = g_strdup_printf("；编号“X2”重复：与 %s 第3行相同", a);
  g_assert_nonnull(strstr(one, expected));
  g_free(expected);
  g_assert_nonnull(strstr(one, "编号“B1”重复：与第6行相同"));
  g_assert_nonnull(strstr(one, "|𠀀字|"));        /* d.csv's record, decoded by g_convert */
  g_assert_nonnull(strstr(one, "b.csv GB18030 "));
  g_free(a);
  g_free(b);
  g_free(one);
  g_free(two);
  g_free(three);
}

/* A cell holding bytes: UTF-8 exactly when g_utf8_validate_len says so. */
static void test_utf8_decision(fixture *f, gconstpointer data)
{
  (void)data;
  static const char *const cells[] = {
    "abc", "汉字", "\xC2\xA9", "\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\xA0\x80",
    "\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBF", "\xF0\x8F\xBF\xBF", "\xF0\x90\x80\x80",
    "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\x80", "\xE6\xB1",
    "abcdefgh\xE6\xB1\x89", "abcdefghi\xC3", "12345678901234567\xF0\x9F\x98\x80",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cells); i++) {
    rd_dataset *ds = rd_dataset_new();
    char *text = g_strdup_printf("%sX1,甲社区,治安隐患,%s,细节,高,派出所,,2024-05-01,未化解\n"
                                 "X2,甲社区,治安隐患,汉字汉字汉字汉字,细节细节细节细节,高,派出所,,2024-05-01,未化解\n",
                                 header, cells[i]);
    (void)rd_ingest_buffer(ds, &f->cfg, "u.csv", text, strlen(text), NULL);
    gboolean valid = g_utf8_validate_len(text, strlen(text), NULL);
    gboolean read_as_utf8 = ds->inputs->len == 1 &&
      strcmp(g_array_index(ds->inputs, rd_input, 0).encoding, "UTF-8") == 0;
    if (valid != read_as_utf8)
      g_error("cell %zu: g_utf8_validate_len %d, read as UTF-8 %d", i, valid, read_as_utf8);
    g_free(text);
    rd_dataset_free(ds);
  }
}

/* Every two-byte GB18030 character decodes as g_convert decodes it. */
static void test_gb18030_table(fixture *f, gconstpointer data)
{
  (void)data;
  GString *gb = g_string_new(NULL);
  char *head = g_convert(header, -1, "GB18030", "UTF-8", NULL, NULL, NULL);
  g_string_append(gb, head);
  g_free(head);
  g_string_append(gb, "X1,\xBC\xD7,\xD6\xCE\xB0\xB2\xD2\xFE\xBB\xBC,");   /* 甲, 治安隐患 */
  /* 风险隐患 takes the lead bytes below 0xC0, 具体情况 the others: each under the cell limit */
  for (int lead = 0x81; lead <= 0xFE; lead++) {
    if (lead == 0xC0)
      g_string_append_c(gb, ',');
    for (int trail = 0x40; trail <= 0xFE; trail++) {
      if (trail == 0x7F || trail == ',' || trail == '"')
        continue;
      char pair[2] = { (char)lead, (char)trail };
      char *one = g_convert(pair, 2, "UTF-8", "GB18030", NULL, NULL, NULL);
      if (one && *one && !strchr(one, ',') && !strchr(one, '"') && !strchr(one, '\n') &&
          !g_unichar_isspace(g_utf8_get_char(one)) && g_utf8_get_char(one) != 0xFEFF)
        g_string_append_len(gb, pair, 2);
      g_free(one);
    }
  }
  g_string_append(gb, ",\xB8\xDF,p,,2024-05-01,\xCE\xB4\xBB\xAF\xBD\xE2\n");   /* 高 未化解 */
  gsize n = 0;
  char *expected_text = g_convert(gb->str, (gssize)gb->len, "UTF-8", "GB18030", NULL, &n, NULL);
  g_assert_nonnull(expected_text);
  rd_dataset *ds = rd_dataset_new();
  GError *error = NULL;
  g_assert_true(rd_ingest_buffer(ds, &f->cfg, "gb.csv", gb->str, gb->len, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(ds->records->len, ==, 1);
  const rd_record *r = g_ptr_array_index(ds->records, 0);
  /* the detail cell as g_convert decodes it */
  char **lines = g_strsplit(expected_text, "\n", -1);
  char **cells = g_strsplit(lines[1], ",", -1);
  g_assert_cmpstr(r->title, ==, cells[3]);
  g_assert_cmpstr(r->detail, ==, cells[4]);
  g_assert_cmpuint(strlen(r->title) + strlen(r->detail), >, 40000);
  g_strfreev(cells);
  g_strfreev(lines);
  g_free(expected_text);
  rd_dataset_free(ds);
  g_string_free(gb, TRUE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add("/ingest/parallel/same-dataset", fixture, NULL, fixture_setup,
             test_threads_same_dataset, fixture_teardown);
  g_test_add("/ingest/parallel/utf8-decision", fixture, NULL, fixture_setup, test_utf8_decision,
             fixture_teardown);
  g_test_add("/ingest/parallel/gb18030-table", fixture, NULL, fixture_setup, test_gb18030_table,
             fixture_teardown);
  return g_test_run();
}
