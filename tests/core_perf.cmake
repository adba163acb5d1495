# The data core's fast reader: files parsed on threads give the dataset read one by one;
# the UTF-8 and GB18030 fast paths agree with GLib's.
riskdoc_c_test(test_ingest_parallel core/test_ingest_parallel.c)
