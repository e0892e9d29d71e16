#!/usr/bin/env bash
# Critical Friend.app from a release build, on macOS: the program, its icon
# and an Info.plist that makes .cfriend exchange files open in it; then a
# disk image. Signing and notarising need an Apple Developer ID (see the
# README); without one the app runs after the user allows it in System
# Settings. Not run here: there is no macOS machine in this project's CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
binary=${1:-target/release/critical-friend}
app="target/macos/Critical Friend.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp "$binary" "$app/Contents/MacOS/critical-friend"

iconset=target/macos/critical-friend.iconset
mkdir -p "$iconset"
for size in 16 32 128 256 512; do
  sips -z $size $size assets/package/critical-friend-256.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$app/Contents/Resources/critical-friend.icns"

sed "s/@VERSION@/$version/g" packaging/macos/Info.plist >"$app/Contents/Info.plist"
hdiutil create -volname "Critical Friend" -srcfolder "$app" -ov -format UDZO \
  "target/macos/Critical-Friend-$version.dmg"
echo "target/macos/Critical-Friend-$version.dmg"
