#!/bin/bash
# Exits 0 when the Tock node in this container answers 200 on PATH (default /ready), else 1.
# Uses bash's /dev/tcp so the image needs neither curl nor wget.
#   healthcheck [PATH]        port from TOCK_PORT (default 8080)
set -uo pipefail
path="${1:-/ready}"
exec 3<>"/dev/tcp/127.0.0.1/${TOCK_PORT:-8080}" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ "$status" =~ ^HTTP/[0-9.]+\ 200\  ]]
