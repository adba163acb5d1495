/* gen_rows.h — synthetic ledger CSV (canonical headers) for the XLSX tests and benchmarks.
 *
 * Deterministic for a given seed. Every row is valid for the seven-classes taxonomy and the
 * example profile's value maps. Some cells start with = + - @ (formula-looking text), some
 * deadlines fall before the report date of 2024-05-31 (overdue rows). With hostile set, the
 * units are names Excel cannot take as sheet names as they are ([]:*?\, 31+ characters, names
 * equal after cutting, names equal but for case, History, 汇总, 'quoted').
 */
#ifndef RISKDOC_TEST_GEN_ROWS_H
#define RISKDOC_TEST_GEN_ROWS_H

#include <glib.h>

GString *rd_test_gen_csv(guint rows, guint communities, gboolean hostile, guint32 seed);

#endif
