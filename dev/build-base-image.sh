#!/usr/bin/env bash
# Builds the container base image for the operator without a Docker daemon or an image registry:
# a jlink'ed Java 17 runtime with the shared libraries it loads (from this Debian system), a
# non-root user 65532 and /tmp, written as a `docker save` archive that Jib reads as
# `tar://…` base image. Prints the archive's path. Cached by JDK version and module list.
#
# The release workflow builds on eclipse-temurin:17-jre instead (see pom.xml); this one lets the
# image be built and tested on machines that only reach package registries.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported
# Native code the operator's jars unpack at run time links these too: netty's epoll transport, with
# which java-spiffe reaches the SPIRE agent's unix socket, needs libdl and libpthread.
NATIVE_DEPENDENCIES="libdl.so.2 libpthread.so.0 librt.so.1"
# jlink leaves out the JDK's class data sharing archive (lib/server/classes.jsa) unless asked: without
# it every JVM start loads and verifies the JDK's own classes from scratch, which cost a one-shot
# validate about a tenth of its wall time here (docs/benchmarks/notes.md). eclipse-temurin ships one.
JLINK_OPTIONS="--strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive"

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
[ -d "$java_home/jmods" ] || apt_install openjdk-17-jmods
[ -d "$java_home/jmods" ] || die "no jmods in $java_home: install openjdk-17-jmods"
jdk_version=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
key=$(printf '%s %s %s %s' "$jdk_version" "$MODULES" "$NATIVE_DEPENDENCIES" "$JLINK_OPTIONS" | sha256sum | cut -c1-12)
out="$CACHE_DIR/base-image/jre-$jdk_version-$key"
if [ -s "$out/base.tar" ]; then
  echo "$out/base.tar"
  exit 0
fi

log "building the base image: Java $jdk_version runtime ($MODULES)"
rm -rf "$out" && mkdir -p "$out"
rootfs="$out/rootfs"
mkdir -p "$rootfs"/{etc,tmp,opt}
# shellcheck disable=SC2086 # JLINK_OPTIONS is a list of options
# Its notes to stderr: this script's stdout is the archive's path alone.
"$java_home/bin/jlink" --add-modules "$MODULES" --output "$rootfs/opt/java" $JLINK_OPTIONS >&2
# Debian's JDK links its CA store to /etc/ssl/certs/java/cacerts; the image needs the file itself.
rm -f "$rootfs/opt/java/lib/security/cacerts"
cp -L "$java_home/lib/security/cacerts" "$rootfs/opt/java/lib/security/cacerts"

# The shared libraries the runtime loads, with the paths the dynamic linker looks in.
find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u | while read -r library; do
    case "$library" in "$rootfs"/*) continue ;; esac
    mkdir -p "$rootfs$(dirname "$library")"
    cp -L "$library" "$rootfs$library"
  done
for name in $NATIVE_DEPENDENCIES; do
  library=$(ldconfig -p | awk -v name="$name" '$1 == name && /x86-64/ {print $NF; exit}')
  [ -n "$library" ] || die "$name not found (ldconfig -p)"
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done
echo 'root:x:0:0:root:/root:/sbin/nologin' > "$rootfs/etc/passwd"
echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >> "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
echo 'hosts: files dns' > "$rootfs/etc/nsswitch.conf"
mkdir -p "$rootfs/home/nonroot" "$rootfs/bin"
cp -L /bin/sh "$rootfs/bin/sh"   # for the haproxy-operator wrapper and pipeline step scripts
for library in $(ldd /bin/sh | grep -o '/[^ ]*\.so[^ ]*'); do
  mkdir -p "$rootfs$(dirname "$library")"; cp -L "$library" "$rootfs$library"
done
chmod 1777 "$rootfs/tmp"
chown -R 65532:65532 "$rootfs/home/nonroot"

# One layer, reproducible: sorted entries, fixed times and owners.
tar --sort=name --mtime='2020-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
  -C "$rootfs" -cf "$out/layer.tar" .
diff_id=$(sha256sum "$out/layer.tar" | cut -d' ' -f1)
cat > "$out/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"],"User":"65532:65532","WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"2020-01-01T00:00:00Z","created_by":"dev/build-base-image.sh: jlink $MODULES"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["haproxy-operator-base:jre17"],"Layers":["layer.tar"]}]' > "$out/manifest.json"
tar --sort=name --mtime='2020-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner \
  -C "$out" -cf "$out/base.tar.partial" manifest.json config.json layer.tar
mv "$out/base.tar.partial" "$out/base.tar"
rm -rf "$rootfs" "$out/layer.tar"
echo "$out/base.tar"
