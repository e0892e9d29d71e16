#!/usr/bin/env bash
# Starts Critical Friend under Xvfb with the accessibility bus on, opens
# what the arguments say, and walks its window through AT-SPI as Orca
# would (scripts/atspi-walk.py). Needs xvfb, xdotool, dbus-x11, at-spi2-core
# and python3-pyatspi. Usage:
#   scripts/atspi-walk.sh target/debug/critical-friend [--example] [BUTTON ...]
# With --example it adds the example a year on to a fresh database first, so
# the walk starts on the home screen listing it. Each BUTTON (the start of a
# button's name) is pressed through AT-SPI before the walk, e.g.
#   scripts/atspi-walk.sh target/debug/critical-friend --example Cancel "Open Example" "Action plan"
set -euo pipefail
binary=${1:?the critical-friend binary}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
db="$work/critical-friend.sqlite"
shift
if [[ "${1:-}" == --example ]]; then
  "$binary" --db "$db" demo --a-year-on >/dev/null
  shift
fi
display=:$((100 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
export DISPLAY=$display
eval "$(dbus-launch --sh-syntax)"
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
sleep 1
dbus-send --session --type=method_call --dest=org.a11y.Bus /org/a11y/bus \
  org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true
"$binary" --db "$db" >"$work/app.log" 2>&1 &
sleep 3
/usr/bin/python3 "$(dirname "$0")/atspi-walk.py" "$@"
