#!/bin/sh
# stand-in aliyun: serves $STANDIN_DIR/<argv joined by _>.json
dir="${STANDIN_DIR:?}"
key=""
skip=0
for a in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  if [ "$a" = "--profile" ]; then skip=1; continue; fi
  key="${key}${a}_"
done
printf '%s\n' "$*" >> "$dir/calls.log"
f="$dir/$key"
if [ -f "$f.throttle" ]; then
  n=$(cat "$f.throttle")
  if [ "$n" -gt 0 ]; then
    echo $((n - 1)) > "$f.throttle"
    printf '\033[1;31mERROR: SDK.ServerError\nErrorCode: Throttling.User\nRecommend: https://api.aliyun.com/troubleshoot?q=Throttling.User\nRequestId: 6C5B1D\nMessage: Request was denied due to user flow control.\nRespHeaders: map[]\033[0m\n' >&2
    exit 1
  fi
fi
if [ -f "$f.json" ]; then cat "$f.json"; exit 0; fi
if [ -f "$f.stderr" ]; then cat "$f.stderr" >&2; exit "$(cat "$f.exit")"; fi
printf '\033[1;31mERROR: SDK.ServerError\nErrorCode: InvalidParameter\nMessage: not recorded: %s\033[0m\n' "$*" >&2
exit 1
