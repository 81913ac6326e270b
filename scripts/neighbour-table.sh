# Sourced by scripts that build many nodes on one segment (the lab, the convergence benchmark).
# N nodes on one segment hold about N*N ARP entries, and the kernel has one neighbour table for all
# namespaces, hard limit gc_thresh3 (1024 by default): past it, a node added to a cluster of about
# 35 (fewer beside other labs) gets no ARP answer (dmesg: "neighbor table overflow").
# ensure_neighbour_table_room WHO raises the limits machine-wide, and says so, when they are lower.
ensure_neighbour_table_room() {
  if (( $(sysctl -n net.ipv4.neigh.default.gc_thresh3) < 8192 )); then
    echo "$1: raising net.ipv4.neigh.default.gc_thresh1/2/3 to 1024/4096/8192 (machine-wide)" >&2
    sysctl -q -w net.ipv4.neigh.default.gc_thresh1=1024 net.ipv4.neigh.default.gc_thresh2=4096 \
      net.ipv4.neigh.default.gc_thresh3=8192
  fi
}
