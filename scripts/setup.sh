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
  libqpdf-dev                       # rewrites cairo's PDF with its objects in object streams
  libicu-dev                        # word boundaries of Chinese titles and table cells
  libzip-dev libxml2-dev libfreexl-dev   # reading .xlsx (zip + XML) and .xls ledgers; writing DOCX
  gettext                           # msgfmt: the zh_CN message catalogue (po/)
  # Fonts: free stand-ins for 仿宋/小标宋 (Noto Serif CJK SC), 黑体 (Noto Sans CJK SC),
  # 楷体 (AR PL KaitiM GB, AR PL UKai CN, LXGW WenKai). Licensed fonts in fonts/ win over these.
  fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-ukai fonts-lxgw-wenkai fonts-dejavu-core
  # A Latin serif for digits and letters in 正文 (the 西文 role takes Liberation Serif when no
  # Times New Roman is in fonts/), so that they do not fall back to the CJK face's.
  fonts-liberation
)
test_only=(
  clang libclang-rt-14-dev          # libFuzzer and the sanitizers' runtimes
  poppler-utils                     # pdftotext -bbox, pdffonts, pdfinfo, pdftoppm
  python3 python3-openpyxl          # reads the XLSX back
  python3-pdfminer                  # glyph boxes: justified lines, printed XLSX text sizes
  libreoffice-calc-nogui            # a second, independent XLSX reader (headless convert)
  libreoffice-writer-nogui python3-docx   # DOCX readers: converts to PDF, reads styles
  time                              # /usr/bin/time -v: peak RSS in the benchmarks
  dpkg-dev fakeroot file            # the .deb: cpack with dpkg-shlibdeps
  lintian                           # checks the .deb
  man-db                            # man --warnings -l: the man page renders cleanly
  bash-completion                   # the completion script is tried in bash
  locales                           # zh_CN.UTF-8 (message tests), localedef de_DE.UTF-8 (locale test)
)

want=("${build_and_run[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_only[@]}"); fi

SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The message tests run --help under zh_CN.UTF-8: generate that locale when it is missing.
if [ "${1:-}" = "--test" ] && ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
  echo "setup: generating the zh_CN.UTF-8 locale" >&2
  $SUDO sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  $SUDO locale-gen >/dev/null
fi
