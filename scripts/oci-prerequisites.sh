#!/bin/bash
# What the OCI runtime's tests need beyond `npm ci` on Debian 12, as root:
# runc to compare with, containerd and ctr, a static busybox for the test
# rootfs, script(1) and unshare (bsdutils, util-linux), make, musl-tools (the
# OCI front-end is linked statically against musl when it can be: a call then
# starts 3x faster), and Go for the runtime-tools suite: >= 1.21 from
# bookworm-backports (golang-1.23-go; its apt source, on the mirror the
# machine already uses, is added for the install and removed again), else
# Debian's Go 1.19, for which oci-conformance.sh has stand-ins.
#
# Never fails: a package that cannot be installed is named in a warning, and
# the tests that need it are skipped, each saying why. Every apt-get call has
# a deadline (APT_DEADLINE seconds, default 300).
set -uo pipefail

[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && command -v dpkg-query >/dev/null || exit 0
deadline=${APT_DEADLINE:-300}
export DEBIAN_FRONTEND=noninteractive

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
apt() { timeout -k 10 "$deadline" apt-get "$@" </dev/null; }
install() { apt install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; }

updated=""
install_missing() { # each package alone when the lot fails, so that one missing package costs only itself
  local need=() p
  for p in "$@"; do installed "$p" || need+=("$p"); done
  [ ${#need[@]} -gt 0 ] || return 0
  [ -n "$updated" ] || { apt update -qq >/dev/null 2>&1 || echo "warning: apt-get update failed" >&2; updated=1; }
  install "${need[@]}" && return 0
  for p in "${need[@]}"; do install "$p" || echo "warning: apt-get install $p failed: the tests that need it will be skipped" >&2; done
  return 0
}

install_missing runc containerd busybox-static util-linux bsdutils make musl-tools

go_at_least_121() {
  local go
  for go in /usr/lib/go-1.*/bin/go; do
    [ -x "$go" ] && [ "$(echo "$go" | sed 's|.*/go-1\.\([0-9]*\)/.*|\1|')" -ge 21 ] && return 0
  done
  return 1
}
go_at_least_121 && exit 0

# The main archive's URI, as this machine's apt sources name it (deb822 or one-line).
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v c="$codename" '
  /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == c) { print uri; exit } }')
[ -n "$mirror" ] || mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v c="$codename" '
  $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:/) { if ($(i + 1) == c) { print $i; exit } break } }')
if [ -n "$codename" ] && [ -n "$mirror" ]; then
  source=/etc/apt/sources.list.d/oci-prerequisites-backports.sources
  printf 'Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" "$codename" >"$source"
  if apt update -qq >/dev/null 2>&1 && install -t "$codename-backports" golang-1.23-go; then :; else
    echo "warning: golang-1.23-go from $codename-backports could not be installed" >&2
  fi
  rm -f "$source"
  apt update -qq >/dev/null 2>&1 || true
else
  echo "warning: no Debian archive found in the apt sources: no backports Go" >&2
fi
go_at_least_121 || install_missing golang-go
exit 0
