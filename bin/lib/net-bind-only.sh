# Sourced by the BGP daemons' launchers (tabby-bgp, tabby-rr). They need one capability,
# CAP_NET_BIND_SERVICE (port 179; bgp-speaker/README.md, "Privileges"). Started with more (as root,
# say), keep_only_net_bind_service runs the launcher again under setpriv with that one capability in
# every set, so neither the JVM nor anything it runs can use the others. Dropping the bounding set
# takes CAP_SETPCAP. TABBY_KEEP_CAPABILITIES=1 keeps them all.
# Usage: keep_only_net_bind_service NAME LAUNCHER "$@"  (returns only when nothing is dropped)

keep_only_net_bind_service() {
  name=$1
  launcher=$2
  shift 2
  net_bind_service=0x400
  setpcap=0x100
  effective=0x$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
  if [ "${TABBY_KEEP_CAPABILITIES:-0}" = 1 ] || [ $((effective & ~net_bind_service)) -eq 0 ]; then
    return 0
  fi
  if [ $((effective & setpcap)) -eq 0 ]; then
    capabilities_log "$name" WARN "event=capabilities-kept reason=\"no CAP_SETPCAP to drop them\" capEff=$effective"
  elif ! command -v setpriv >/dev/null 2>&1; then
    capabilities_log "$name" WARN "event=capabilities-kept reason=\"setpriv not found (util-linux)\" capEff=$effective"
  else
    capabilities_log "$name" INFO "event=capabilities-dropped kept=net_bind_service capEff=$effective"
    exec setpriv --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service \
      --bounding-set=-all,+net_bind_service -- "$launcher" "$@"
  fi
}

capabilities_log() {
  printf '%s %-5s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" "$1" "$3" >&2
}
