#!/usr/bin/env bash
# Download a Debian source package into a directory, with a private apt state
# (the machine's apt sources and lists are not touched):
#
#   scripts/debian-source.sh PACKAGE DEST_DIR [SUITE]     (SUITE: bookworm)
#
# Used by check-contrib-build.sh (ns3) and check-wscript.sh (waf).
set -euo pipefail
pkg="$1"
dest="$2"
suite="${3:-bookworm}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
apt_dir="$dest/.apt-$suite"
mkdir -p "$apt_dir/lists/partial"
cat > "$apt_dir/debian-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
APT=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir"
     -o "Dir::State::Lists=$apt_dir/lists")
if [ ! -s "$apt_dir/updated" ]; then
  apt-get "${APT[@]}" update -qq
  date > "$apt_dir/updated"
fi
cd "$dest"
apt-get "${APT[@]}" source --download-only "$pkg" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true
ls "$dest"/"${pkg}"_*.orig.tar.* > /dev/null 2>&1 || { echo "debian-source: no ${pkg} source in $dest" >&2; exit 1; }
