#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks what landed there:
# akin-cli runs from its installed place, and the desktop entry, metainfo,
# D-Bus service, GSettings schema, icons and translations are in their XDG
# directories under the configured prefix. When akin-cli has an `info`
# command, it also runs it on a short WAV file made here with GStreamer.
#
# Usage: test-install.sh BUILDDIR BINDIR DATADIR LOCALEDIR APP_ID VERSION GTK
# (absolute configured directories, GTK is true or false; tests/meson.build
# passes them).
set -u

if [ $# -ne 7 ]; then
  echo "usage: $0 BUILDDIR BINDIR DATADIR LOCALEDIR APP_ID VERSION GTK" >&2
  exit 2
fi
builddir=$1 bindir=$2 datadir=$3 localedir=$4 app_id=$5 version=$6 gtk=$7

failures=0
fail () {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
ok () {
  echo "ok: $*"
}
check_file () {
  if [ -s "$dest$1" ]; then ok "$1"; else fail "$1 was not installed"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/akin-install-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
dest=$tmp/dest

if ! meson install -C "$builddir" --no-rebuild --quiet --destdir "$dest" \
     >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log" >&2
  echo "FAIL: meson install" >&2
  exit 1
fi
ok "meson install --destdir"

# The installed CLI runs (the engine is linked statically).
cli=$dest$bindir/akin-cli
if [ -x "$cli" ]; then
  out=$("$cli" --version 2>&1)
  if [ "$out" = "akin-cli $version" ]; then
    ok "installed akin-cli --version: $out"
  else
    fail "installed akin-cli --version printed '$out', expected 'akin-cli $version'"
  fi
else
  fail "$bindir/akin-cli was not installed"
fi

# Translations
for lang in de pl; do
  check_file "$localedir/$lang/LC_MESSAGES/akin.mo"
done

if [ "$gtk" = true ]; then
  if [ -x "$dest$bindir/akin" ]; then ok "$bindir/akin"; else fail "$bindir/akin was not installed"; fi

  desktop=$datadir/applications/$app_id.desktop
  metainfo=$datadir/metainfo/$app_id.metainfo.xml
  service=$datadir/dbus-1/services/$app_id.service
  schema=$datadir/glib-2.0/schemas/io.github.akinplayer.Akin.gschema.xml
  for f in "$desktop" "$metainfo" "$service" "$schema" \
           "$datadir/icons/hicolor/scalable/apps/$app_id.svg" \
           "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
    check_file "$f"
  done

  # The files point at each other by app id and at the installed binary.
  if [ -f "$dest$desktop" ]; then
    grep -qx "Icon=$app_id" "$dest$desktop" || fail "$desktop: Icon is not $app_id"
    grep -q '^Name\[de\]=' "$dest$desktop" || fail "$desktop: no German translation merged"
    if command -v desktop-file-validate >/dev/null 2>&1; then
      desktop-file-validate "$dest$desktop" || fail "installed $desktop does not validate"
    fi
  fi
  if [ -f "$dest$metainfo" ]; then
    grep -q "<id>$app_id</id>" "$dest$metainfo" || fail "$metainfo: id is not $app_id"
    grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$dest$metainfo" ||
      fail "$metainfo: launchable is not $app_id.desktop"
  fi
  if [ -f "$dest$service" ]; then
    grep -qx "Name=$app_id" "$dest$service" || fail "$service: Name is not $app_id"
    grep -qx "Exec=$bindir/akin --gapplication-service" "$dest$service" ||
      fail "$service: Exec does not run $bindir/akin"
  fi
  if [ -f "$dest$schema" ]; then
    if glib-compile-schemas --strict --targetdir "$tmp" "$(dirname "$dest$schema")"; then
      ok "installed schemas compile"
    else
      fail "installed schemas do not compile"
    fi
  fi
fi

# akin-cli info on a synthesised song, once the command exists.
if [ -x "$cli" ] && "$cli" info --help >/dev/null 2>&1; then
  song=$tmp/two-seconds.wav
  if ! command -v gst-launch-1.0 >/dev/null 2>&1; then
    fail "gst-launch-1.0 is missing (install gstreamer1.0-tools)"
  elif ! gst-launch-1.0 -q audiotestsrc num-buffers=20 samplesperbuffer=4410 wave=sine freq=440 \
         ! audio/x-raw,format=S16LE,rate=44100,channels=1 \
         ! wavenc ! filesink location="$song" >"$tmp/gst.log" 2>&1; then
    cat "$tmp/gst.log" >&2
    fail "could not synthesise $song"
  else
    # Keep the CLI away from the real user's data.
    if XDG_DATA_HOME=$tmp/xdg-data XDG_CACHE_HOME=$tmp/xdg-cache \
       XDG_CONFIG_HOME=$tmp/xdg-config \
       "$cli" info "$song" >"$tmp/info.out" 2>&1 && [ -s "$tmp/info.out" ]; then
      ok "installed akin-cli info on a 2 s WAV:"
      sed 's/^/    /' "$tmp/info.out"
    else
      sed 's/^/    /' "$tmp/info.out" >&2
      fail "installed akin-cli info failed on a 2 s WAV"
    fi
  fi
else
  echo "note: akin-cli has no info command yet, not running it"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all install checks passed"
