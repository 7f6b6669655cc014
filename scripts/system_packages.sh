#!/usr/bin/env bash
# Debian packages ansinh needs outside Python, installed with apt-get when this runs as root (as `make` does on a
# fresh machine); otherwise it says what is missing and how to install it, and goes on (the product then tells the
# person in Vietnamese what it cannot do: e.g. no PDF without LibreOffice).
#   bash scripts/system_packages.sh PACKAGE...
# libreoffice-writer-nogui  PDF from the very DOCX of a document (documents app)
# fonts-liberation2         Liberation Serif 2: Times New Roman's metrics, with every Vietnamese glyph
#                           (fonts-liberation 1.x lacks some, and LibreOffice then mixes in another font)
# poppler-utils             pdftotext/pdfinfo: the tests read back the PDF's text
set -uo pipefail

missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Cài gói Debian / installing Debian packages: ${missing[*]}"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    exit 0
  fi
  echo "!! Không cài được / could not install: ${missing[*]}" >&2
else
  echo "!! Thiếu gói Debian (cần quyền root để tự cài) / missing Debian packages (root needed to install):" >&2
  echo "!!   sudo apt-get install ${missing[*]}" >&2
fi
echo "!! Không có LibreOffice thì báo cáo chỉ tải được dạng DOCX và Excel; PDF báo lỗi rõ ràng." >&2
echo "!! Without LibreOffice, documents download as DOCX and Excel only; PDF requests get a clear message." >&2
exit 0
