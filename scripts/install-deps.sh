#!/usr/bin/env bash
# Installs what building and testing Tabby needs on Debian bookworm: the JDK and Maven, gcc and
# libc6-dev (the CNI plugins are a small C program, linked statically), and the real network
# parts the tests drive (namespaces, BIRD, FRR, GoBGP, ExaBGP, the reference CNI plugins, ping,
# tcpdump). Idempotent and quiet: apt runs only when a package is missing.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "tabby: run this as root, e.g. with sudo: it installs Debian packages and the tests and the lab create network namespaces" >&2
  exit 1
fi

packages=(
  openjdk-17-jdk-headless maven gcc libc6-dev
  iproute2 iputils-ping tcpdump procps psmisc curl
  bird2 frr gobgpd exabgp
  containernetworking-plugins
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "tabby: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The packaged daemons must never run in the machine's own namespace: the tests start their own
# copies inside test namespaces. Package installs on a systemd host would start them.
for svc in bird frr gobgpd exabgp; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" >/dev/null 2>&1 || true
    systemctl disable "$svc" >/dev/null 2>&1 || true
  fi
done
