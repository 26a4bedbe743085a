#!/bin/bash
# A private containerd for tests and benchmarks: its own socket, root, state and
# runc root under one directory, the CRI plugin off, and a busybox image made
# from Debian's busybox-static (no registry, no network).
#
# usage: containerd-private.sh start DIR     start it (idempotent); prints the socket path
#        containerd-private.sh image DIR     import localhost/busybox:oci (idempotent); prints the ref
#        containerd-private.sh stop DIR      stop it, unmount and remove DIR
#
# Needs root, containerd and ctr (apt-get install containerd) and busybox-static.
set -euo pipefail

die() { echo "containerd-private.sh: $*" >&2; exit 1; }
[ $# -eq 2 ] || die "usage: $0 start|image|stop DIR"
verb=$1
dir=$(readlink -m "$2")
sock=$dir/containerd.sock
IMAGE=localhost/busybox:oci

start() {
  command -v containerd >/dev/null && command -v ctr >/dev/null || die "containerd is not installed (apt-get install containerd)"
  mkdir -p "$dir"
  if [ -S "$sock" ] && ctr --address "$sock" version >/dev/null 2>&1; then echo "$sock"; return; fi
  cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$sock"
[ttrpc]
  address = "$sock.ttrpc"
[debug]
  address = "$dir/debug.sock"
EOF
  # setsid: the daemon must not be in the caller's process group or session
  setsid containerd --config "$dir/config.toml" </dev/null >"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  for _ in $(seq 1 200); do
    ctr --address "$sock" version >/dev/null 2>&1 && { echo "$sock"; return; }
    kill -0 "$(cat "$dir/containerd.pid")" 2>/dev/null || { tail -5 "$dir/containerd.log" >&2; die "containerd exited"; }
    sleep 0.05
  done
  die "containerd did not answer on $sock within 10 s"
}

image() {
  local busybox work layer config digest
  if ctr --address "$sock" images ls -q 2>/dev/null | grep -qx "$IMAGE"; then echo "$IMAGE"; return; fi
  busybox=$(command -v busybox) || die "busybox is not installed (apt-get install busybox-static)"
  file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || [ ! -x /usr/bin/file ] || die "$busybox is not static (apt-get install busybox-static)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs"/{proc,sys,dev,tmp,run,root}
  cp "$busybox" "$work/rootfs/bin/busybox"
  for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$work/rootfs/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$work/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$work/rootfs/etc/group"
  chmod 1777 "$work/rootfs/tmp"
  mkdir -p "$work/image/layer"
  tar -C "$work/rootfs" --numeric-owner --owner=0 --group=0 -cf "$work/image/layer/layer.tar" .
  layer=$(sha256sum "$work/image/layer/layer.tar" | cut -d' ' -f1)
  config='{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:'$layer'"]}}'
  digest=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" >"$work/image/$digest.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer/layer.tar"]}]' "$digest" "$IMAGE" >"$work/image/manifest.json"
  tar -C "$work/image" -cf "$work/image.tar" .
  ctr --address "$sock" images import --no-unpack=false "$work/image.tar" >/dev/null || die "ctr images import failed"
  echo "$IMAGE"
}

stop() {
  local pid
  if [ -f "$dir/containerd.pid" ]; then
    pid=$(cat "$dir/containerd.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  fi
  # snapshots and task rootfs mounts under DIR, deepest first
  awk -v d="$dir/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$dir"
}

case "$verb" in
  start) start ;;
  image) image ;;
  stop) stop ;;
  *) die "unknown verb $verb" ;;
esac
