#!/usr/bin/env bash
# Builds the root filesystem the operator's image is layered on: a jlink'd Java runtime and the
# C libraries it links against, taken from this machine. No registry holds a base image we can
# reach, so Jib starts from scratch and adds this directory.
set -euo pipefail
root=${1:?usage: image-runtime.sh OUTPUT_DIR}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

rm -rf "$root"
mkdir -p "$root/opt" "$root/tmp" "$root/etc" "$root/proc"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$root/opt/java"

# Every shared library the headless runtime loads (not AWT's X11, fonts or sound), at the path the
# dynamic loader looks for it.
libraries=$(find "$root/opt/java" \( -name '*.so' -o -path '*/bin/java' \) \
  ! -name '*awt*' ! -name 'libfontmanager.so' ! -name 'libjsound.so' ! -name 'libsplashscreen.so' \
  ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libmlib_image.so' -print0 | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | grep -v "^$root" | sort -u)
for lib in $libraries; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

# Name resolution and the non-root user the Deployment runs as.
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
echo "runtime for the image in $root ($(du -sh "$root" | cut -f1))"
