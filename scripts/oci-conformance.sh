#!/bin/bash
# The OCI runtime-tools validation suite against our runtime and runc, in
# the same run, and the gate: our passed assertions >= runc's, and every file
# clean for runc clean for us. Exit 0 when the gate holds, 1 when it does
# not, 77 when it cannot run here (the reason on stderr), 2 on bad usage.
#
# usage: scripts/oci-conformance.sh [SUITE]
#   SUITE  the suite's source: runtime-tools-5e639034.tar.gz (with its vendored
#          Go modules), or a directory holding it extracted. Default: the
#          tarball in vendor/ of this repository.
# environment:
#   OURS     our binary (default native-bindings/build/mesos-containerizer-oci)
#   PEER     the runtime to compare with (default runc)
#   TESTS    a subset of the suite's files, e.g. "create kill" (default: all 58)
#   WORK     build and scratch directory (default /var/tmp/oci-conformance)
#   OUT      results (default $WORK/results): per runtime results.tsv, failures.tsv, tap/
#   TIMEOUT  seconds per file (default 60)
#   RETRIES  a file clean for the peer but not for us is run again (for us) up
#            to this many times (default 2): a few of the suite's files race
#            with the container's program (pidfile kills a `true` that may have
#            exited; killsig signals a shell that may not have set its trap
#            yet), for runc as for us. Counts are those of the first run; a
#            file clean only on a retry is named in the summary.
# Needs root, make, util-linux (unshare), and Go >= 1.21 (Debian 12:
# golang-1.23-go from bookworm-backports, see .ci/run) or Go 1.19, for which
# this script adds small stand-ins for the four newer standard-library
# functions the suite uses.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
: "${OURS:=$here/native-bindings/build/mesos-containerizer-oci}" "${PEER:=runc}" "${TESTS:=}"
: "${WORK:=/var/tmp/oci-conformance}" "${TIMEOUT:=60}" "${RETRIES:=2}"
: "${OUT:=$WORK/results}"
SUITE=${1:-$here/vendor/runtime-tools-5e639034.tar.gz}

skip() { echo "oci-conformance: skipped: $*" >&2; exit 77; }
die() { echo "oci-conformance: $*" >&2; exit 1; }

# ---- one runtime: every file, in a private mount namespace (re-entered) ----
run_files() { # inside `unshare --mount`: $1 label dir, $2 wrapper
  local dir=$1 wrapper=$2 t name rc before
  cd "$SRC" || exit 1
  before=$(ls -A)
  for t in $FILES; do
    name=$(basename "$t" .t)
    RUNTIME_LABEL=$name RUNTIME=$wrapper TMPDIR=$dir/tmp timeout -k 5 "$TIMEOUT" "./$t" >"$dir/tap/$name.tap" 2>"$dir/tap/$name.err" </dev/null
    rc=$?
    echo "$name $rc" >>"$dir/exits"
    # what the file's create calls left: force-deleted, so the next file starts clean
    for id in $(awk -v n="$name" '$1 == n && $2 == "create" {print $NF}' "$dir/calls.log" | sort -u); do
      [ -d "$dir/state/$id" ] && timeout 15 "$wrapper" delete --force "$id" >/dev/null 2>&1 </dev/null
    done
  done
  awk -v d="$dir/tmp" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$dir/tmp"
  # files some tests write into the cwd (prestart_fail's bundle is ".")
  comm -13 <(echo "$before" | sort) <(ls -A | sort) | grep -E '^(config\.json|stdout-.*|stderr-.*|output)$' | xargs -r rm -f
  true
}

if [ "${1:-}" = __run ]; then run_files "$2" "$3"; exit 0; fi

# ---- prerequisites ---------------------------------------------------------
[ "$(id -u)" = 0 ] || skip "needs root (the runtimes make namespaces, mounts and cgroups)"
[ -e "$SUITE" ] || skip "no suite source at $SUITE (the repository ships it in vendor/; or pass the path of runtime-tools at commit 5e639034 with its vendor/ directory, as 'go mod vendor' makes it)"
[ -x "$OURS" ] || skip "$OURS is not built (npm run build)"
PEER_BIN=$(command -v "$PEER") || skip "$PEER is not installed (apt-get install runc)"
for tool in make unshare timeout tar; do command -v $tool >/dev/null || skip "$tool is not installed"; done

go_bin() { # the newest Go on this machine: its bin directory and minor version
  local d m best="" bestm=0
  for d in /usr/lib/go-1.*/bin "$(dirname "$(command -v go 2>/dev/null || echo /none/go)")"; do
    [ -x "$d/go" ] || continue
    m=$("$d/go" version | sed -n 's/.* go1\.\([0-9]*\).*/\1/p')
    [ -n "$m" ] && [ "$m" -gt "$bestm" ] && { best=$d; bestm=$m; }
  done
  [ -n "$best" ] && echo "$best $bestm"
}
read -r GOBIN GOMINOR <<<"$(go_bin)" || true
[ -n "${GOBIN:-}" ] || skip "no Go toolchain (apt-get install -t bookworm-backports golang-1.23-go, or golang-go)"
[ "$GOMINOR" -ge 19 ] || skip "Go 1.$GOMINOR is too old (1.19 or later)"

# ---- source and build ------------------------------------------------------
mkdir -p "$WORK" || die "cannot create $WORK"
SRC=$WORK/runtime-tools
if [ -d "$SUITE" ]; then
  SRC=$(cd "$SUITE" && pwd)
  [ -f "$SRC/go.mod" ] || SRC=$SRC/runtime-tools
elif [ "$(cat "$WORK/.source" 2>/dev/null)" != "$(sha256sum <"$SUITE")" ]; then
  rm -rf "$SRC" && tar -xzf "$SUITE" -C "$WORK" || die "cannot extract $SUITE"
  sha256sum <"$SUITE" >"$WORK/.source"
fi
[ -f "$SRC/go.mod" ] || die "$SUITE holds no runtime-tools tree (no go.mod)"

older_go_stand_ins() { # Go 1.19 lacks slices, sync.OnceValue(s) and strings.CutPrefix
  [ -f "$SRC/.go119" ] && return
  mkdir -p "$SRC/vendor/slices"
  cat >"$SRC/vendor/slices/slices.go" <<'EOF'
// Package slices: what runtime-tools needs of Go 1.21's package, for Go 1.19.
package slices

func Contains[S ~[]E, E comparable](s S, v E) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func DeleteFunc[S ~[]E, E any](s S, drop func(E) bool) S {
	kept := s[:0]
	for _, x := range s {
		if !drop(x) {
			kept = append(kept, x)
		}
	}
	var zero E
	for i := len(kept); i < len(s); i++ {
		s[i] = zero
	}
	return kept
}
EOF
  local cap=$SRC/vendor/github.com/moby/sys/capability
  cat >"$cap/older_go.go" <<'EOF'
package capability

import (
	"strings"
	"sync"
)

func onceValues[A, B any](f func() (A, B)) func() (A, B) {
	var once sync.Once
	var a A
	var b B
	return func() (A, B) { once.Do(func() { a, b = f() }); return a, b }
}

func cutPrefix(s, prefix string) (string, bool) {
	if strings.HasPrefix(s, prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
EOF
  cat >"$SRC/validate/capabilities/older_go.go" <<'EOF'
package capabilities

import "sync"

func onceValue[T any](f func() T) func() T {
	var once sync.Once
	var v T
	return func() T { once.Do(func() { v = f() }); return v }
}
EOF
  sed -i 's/sync\.OnceValues(/onceValues(/g; s/strings\.CutPrefix(/cutPrefix(/g' "$cap/capability_linux.go"
  sed -i 's/sync\.OnceValue(/onceValue(/g' "$SRC/validate/capabilities/validate.go"
  for f in "$cap/capability_linux.go" "$SRC/validate/capabilities/validate.go"; do
    grep -q 'sync\.' "$f" || sed -i '/^\t"sync"$/d; /^import "sync"$/d' "$f"
  done
  touch "$SRC/.go119"
}

export PATH=$GOBIN:$PATH GOPROXY=off GOFLAGS=-mod=vendor GOTOOLCHAIN=local GOCACHE=$WORK/gocache GOPATH=$WORK/gopath
[ "$GOMINOR" -lt 21 ] && older_go_stand_ins
stamp="$(go version)"
if [ "$(cat "$SRC/.built" 2>/dev/null)" != "$stamp" ] || [ ! -x "$SRC/runtimetest" ]; then
  echo "== building the suite with $stamp" >&2
  (cd "$SRC" && make runtimetest validation-executables >"$WORK/build.log" 2>&1) || { tail -20 "$WORK/build.log" >&2; die "the suite does not build (log: $WORK/build.log)"; }
  echo "$stamp" >"$SRC/.built"
fi
FILES=$(cd "$SRC" && ls validation/*/*.t | sort)
if [ -n "$TESTS" ]; then FILES=$(for t in $TESTS; do echo "$FILES" | grep -E "/$t\.t$"; done); fi
[ -n "$FILES" ] || die "no test files"

tally() { # $1 label dir: results.tsv (file status ok not_ok) and failures.tsv from the TAP files
  local dir=$1 name rc
  : >"$dir/results.tsv"; : >"$dir/failures.tsv"
  while read -r name rc; do
    awk -v name="$name" -v rc="$rc" -v fails="$dir/failures.tsv" '
      /^ok( |$)/ { ok++; next }
      /^not ok( |$)/ { bad++; print name "\t" $0 >> fails; next }
      /^1\.\.[0-9]+/ { plans++; p = substr($1, 4) + 0; if (plans == 1 || (plan == 0 && p > 0)) plan = p; next }
      /"error": / { err = 1 }
      END {
        n = ok + bad
        if (n == 0) clean = (plans > 0 && !err && rc == 0)   # files that print only on failure
        else clean = (bad == 0 && plans > 0 && plan == n && rc == 0)
        printf "%s\t%s\t%d\t%d\t%s\n", name, clean ? "clean" : "not-clean", ok, bad, rc
      }' "$dir/tap/$name.tap" >>"$dir/results.tsv"
  done <"$dir/exits"
}

run_runtime() { # $1 label, $2 binary
  local label=$1 binary=$2 dir=$OUT/$1
  rm -rf "$dir" && mkdir -p "$dir/tap" "$dir/tmp" "$dir/state" || die "cannot create $dir"
  : >"$dir/calls.log"; : >"$dir/exits"
  cat >"$dir/runtime" <<EOF
#!/bin/sh
# logs each call (file, argv) and gives the runtime a state directory of its own
echo "\${RUNTIME_LABEL:-?} \$*" >>'$dir/calls.log'
exec '$binary' --root '$dir/state' "\$@"
EOF
  chmod +x "$dir/runtime"
  echo "== $label: $(echo "$FILES" | wc -l) files ($binary)" >&2
  local t0=$SECONDS
  FILES=$FILES SRC=$SRC TIMEOUT=$TIMEOUT OURS=$OURS unshare --mount --propagation private -- "$0" __run "$dir" "$dir/runtime"
  tally "$dir"
  rmdir "$dir/state" 2>/dev/null || echo "leftover state in $dir/state: $(ls "$dir/state")" >&2
  awk -F'\t' -v l="$label" -v s=$((SECONDS - t0)) '{ok += $3; bad += $4; if ($2 == "clean") c++}
    END {printf "%-24s %5d assertions passed, %3d failed, %2d/%d files clean, %d s\n", l, ok, bad, c, NR, s}' "$dir/results.tsv" | tee -a "$OUT/summary.txt"
}


mkdir -p "$OUT" && : >"$OUT/summary.txt"
run_runtime peer "$PEER_BIN"
run_runtime ours "$OURS"
# test cgroups the suite made and left (absolute /cgrouptest, relative .../testdir/...)
find /sys/fs/cgroup -mindepth 2 -maxdepth 8 -depth -type d \( -name cgrouptest -o -path '*/testdir*' \) -exec rmdir {} + 2>/dev/null

# ---- the gate --------------------------------------------------------------
ours_ok=$(awk -F'\t' '{s += $3} END {print s + 0}' "$OUT/ours/results.tsv")
peer_ok=$(awk -F'\t' '{s += $3} END {print s + 0}' "$OUT/peer/results.tsv")
lost_files() {
  join -t $'\t' <(awk -F'\t' '$2 == "clean" {print $1}' "$OUT/peer/results.tsv" | sort) \
                 <(awk -F'\t' '$2 != "clean" {print $1}' "$1" | sort)
}
lost=$(lost_files "$OUT/ours/results.tsv")
retried=""
for attempt in $(seq 1 "$RETRIES"); do
  [ -n "$lost" ] || break
  echo "== again for us (retry $attempt): $(echo $lost)" >&2
  mkdir -p "$OUT/retry-$attempt"
  FILES=$(for n in $lost; do echo "$FILES" | grep -E "/$n\.t$"; done) OUT=$OUT/retry-$attempt run_runtime ours "$OURS" >/dev/null
  still=$(lost_files "$OUT/retry-$attempt/ours/results.tsv")
  retried="$retried $(comm -23 <(echo "$lost") <(echo "$still") | tr '\n' ' ')"
  lost=$still
done
[ -n "${retried// /}" ] && echo "clean for us only on a retry (they race with the container's program):$retried" | tee -a "$OUT/summary.txt"
status=0
[ -s "$OUT/peer/results.tsv" ] && [ "$peer_ok" -gt 0 ] || { echo "GATE: $PEER passed nothing: the suite did not run" | tee -a "$OUT/summary.txt"; status=1; }
if [ "$ours_ok" -lt "$peer_ok" ]; then echo "GATE: we pass $ours_ok assertions, $PEER passes $peer_ok" | tee -a "$OUT/summary.txt"; status=1; fi
if [ -n "$lost" ]; then echo "GATE: clean for $PEER but not for us: $(echo $lost)" | tee -a "$OUT/summary.txt"; status=1; fi
[ $status = 0 ] && echo "gate holds: $ours_ok >= $peer_ok assertions, every file clean for $PEER is clean for us" | tee -a "$OUT/summary.txt"
exit $status
