#!/usr/bin/env bash
# Installs the Debian packages riskdoc needs, and nothing when they are all there.
#   scripts/setup.sh          build + run (compiler, libraries, fonts)
#   scripts/setup.sh --test   also what the test suite reads PDFs and XLSX back with
# Safe to run again and again: it asks dpkg first and calls apt-get only for what is missing.
set -euo pipefail

build_and_run=(
  build-essential cmake pkg-config
  libcsv-dev libglib2.0-dev libjson-glib-dev
  libpango1.0-dev libcairo2-dev libfontconfig-dev libharfbuzz-dev  # with hb-subset.h
  libfreetype-dev                   # loads the font subsets from memory for cairo
  libxlsxwriter-dev
  libicu-dev                        # word boundaries of Chinese titles and table cells
  libzip-dev libxml2-dev libfreexl-dev   # reading .xlsx (zip + XML) and .xls ledgers; writing DOCX
  # Fonts: free stand-ins for 仿宋/小标宋 (Noto Serif CJK SC), 黑体 (Noto Sans CJK SC),
  # 楷体 (AR PL KaitiM GB, AR PL UKai CN, LXGW WenKai). Licensed fonts in fonts/ win over these.
  fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-ukai fonts-lxgw-wenkai fonts-dejavu-core
)
test_only=(
  clang libclang-rt-14-dev          # libFuzzer and the sanitizers' runtimes
  poppler-utils                     # pdftotext -bbox, pdffonts, pdfinfo, pdftoppm
  python3 python3-openpyxl          # reads the XLSX back
  python3-pdfminer                  # glyph boxes: the even colour of justified lines
  libreoffice-calc-nogui            # a second, independent XLSX reader (headless convert)
  python3-pdfminer                  # measures the printed XLSX pages (text sizes, positions)
  fonts-liberation                  # Arial's metric twin: the XLSX lists' column-width unit
  libreoffice-writer-nogui python3-docx   # DOCX readers: converts to PDF, reads styles
  time                              # /usr/bin/time -v: peak RSS in the benchmarks
  locales                           # localedef: the de_DE.UTF-8 locale of the locale test
)

want=("${build_and_run[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_only[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
