#!/bin/sh
# Every message the program marks for translation (_() and N_() in src/) has its zh_CN
# translation in po/zh_CN.po, and the catalogue compiles with its format strings checked.
set -eu
src=$1 work=$2
mkdir -p "$work"
cd "$src"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$work/riskdoc-check.pot" \
  $(find src -name '*.c' | sort)
msgfmt --check -o /dev/null po/zh_CN.po
msgcmp po/zh_CN.po "$work/riskdoc-check.pot"
echo "ok: po/zh_CN.po translates every message"
