#!/usr/bin/env bash
# Install the Debian packages ns-3 SFC needs. Idempotent: packages already
# present are skipped, and apt-get is not touched at all when nothing is missing.
set -euo pipefail

PACKAGES=(
  # toolchain and build
  cmake g++ make pkg-config
  # ns-3 (Debian's 3.37) and what its CMake package needs but does not pull in
  ns3 libns3-dev libgsl-dev libsqlite3-dev libxml2-dev
  # libraries used by the module
  libboost-graph-dev nlohmann-json3-dev libssl-dev
  # tests
  libgtest-dev tshark clang-format
  # fuzz targets and the short fuzz runs of the tests (clang with libFuzzer)
  clang libclang-rt-14-dev
  # benchmarks
  libbenchmark-dev
  # analysis toolkit (Debian's Python, never PyPI)
  python3 python3-numpy python3-pandas python3-scipy python3-matplotlib
  python3-distributed python3-tqdm python3-pytest python3-docutils
  # module documentation (scripts/build-docs.sh)
  python3-sphinx
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
