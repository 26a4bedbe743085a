#!/usr/bin/env bash
# Runs `npm test` as a plain user, to keep the README's promise: without root
# the integration tests that need it are skipped, saying why, and everything
# else passes. Run as root (it drops to the user): scripts/test-as-user.sh [USER]
# (default nobody). The tree is copied (without build outputs) to a scratch
# directory the user owns, so nothing of ours is written by it, and removed.
set -euo pipefail

user=${1:-nobody}
uid=$(id -u "$user")
gid=$(id -g "$user")
[ "$(id -u)" -eq 0 ] || { echo "test-as-user.sh: run it as root; it drops to '$user' itself" >&2; exit 2; }
[ "$uid" -ne 0 ] || { echo "test-as-user.sh: '$user' is root; give a plain user" >&2; exit 2; }

here=$(cd "$(dirname "$0")/.." && pwd)
copy=$(mktemp -d /tmp/mct-as-user.XXXXXX)
trap 'rm -rf "$copy"' EXIT
tar -C "$here" --exclude=./.git --exclude=./dist --exclude=./native-bindings/build --exclude=./.bench --exclude=./.scratch -cf - . | tar -C "$copy" -xf -
chown -R "$uid:$gid" "$copy"

cd "$copy"
log="$copy/test.log"
set +e
setpriv --reuid="$uid" --regid="$gid" --clear-groups \
  env -i PATH="$PATH" HOME="$copy" TMPDIR="$copy" LANG=C.UTF-8 npm_config_update_notifier=false npm test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# It must have run as the user, and said why the root-only tests were skipped.
if ! grep -q 'integration tests skipped: they need root' "$log"; then
  echo "test-as-user.sh: the run did not say that it skipped the root-only tests" >&2
  status=1
fi
exit "$status"
