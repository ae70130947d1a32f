#!/usr/bin/env bash
# Installs what naswift needs on a fresh Debian machine (idempotent; only installs what is missing).
set -euo pipefail

APT_PACKAGES=(pkg-config libopenblas-dev liblapacke-dev librsvg2-bin libpq-dev postgresql chromium)

missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -c "import numpy, scipy, PIL" 2>/dev/null || python3 -m pip install -q numpy scipy pillow
