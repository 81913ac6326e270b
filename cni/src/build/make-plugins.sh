#!/bin/sh
# Makes the installable plugins in target/plugins: the forwarder (src/main/c) compiled as tabby,
# and tabby-ipam, a hard link to it (the program tells the two apart by the name it was run as).
# Linked statically, so it runs on any node whatever its C library.
# Usage (from Maven's compile phase): make-plugins.sh MODULE_DIR
set -eu
module=$1
out="$module/target/plugins"
rm -rf "$out"
mkdir -p "$out"
gcc -std=c11 -O2 -Wall -Wextra -Werror -static -s -o "$out/tabby" "$module"/src/main/c/*.c
ln "$out/tabby" "$out/tabby-ipam"
