#!/usr/bin/env bash
# Unpacks an image tar (docker-archive layout, as Jib writes it) and runs its entrypoint under
# chroot with a bad setting: the operator must start far enough to refuse the setting by name.
set -euo pipefail
tar_file=${1:?usage: image-check.sh IMAGE_TAR}
if [ "$(id -u)" != 0 ]; then
  echo "image-check: skipped (chroot needs root); the image is $tar_file"
  exit 0
fi
work=$(mktemp -d)
trap 'umount "$work/root/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/image" "$work/root"
tar -xf "$tar_file" -C "$work/image"
for layer in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/image/manifest.json"); do
  tar --warning=no-unknown-keyword -xzf "$work/image/$layer" -C "$work/root" 2>/dev/null || tar -xf "$work/image/$layer" -C "$work/root"
done
mkdir -p "$work/root/proc"
mount -t proc proc "$work/root/proc"
set +e
output=$(env -i KEYROTATION_HTTP_PORT=not-a-port "$(command -v chroot)" --userspec=65532:65532 "$work/root" \
  /opt/java/bin/java -cp '/app/resources:/app/classes:/app/libs/*' io.keyrotation.operator.OperatorMain 2>&1)
code=$?
set -e
echo "$output" | tail -1
if [ $code -eq 2 ] && echo "$output" | grep -q 'KEYROTATION_HTTP_PORT'; then
  echo "image-check: the image's Java runtime loads the operator and refuses the bad setting (exit 2)"
else
  echo "image-check: FAILED (exit $code)"; exit 1
fi
