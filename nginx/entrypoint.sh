#!/bin/sh
# Renders the nginx configuration from the environment the rest of the stack shares, checks it,
# then runs nginx in the foreground (as the image's unprivileged user; /tmp is writable).
#   EXODETECT_MAX_UPLOAD_MB  the backend's upload limit (default 100); nginx allows 1 MB more for
#                            multipart framing, so the backend answers uploads near the limit
#   HTTPS_PORT               the public HTTPS port the HTTP redirect points to (default 443)
set -eu

mb="${EXODETECT_MAX_UPLOAD_MB:-100}"
https_port="${HTTPS_PORT:-443}"
case "$mb" in
  '' | *[!0-9]*) echo "exodetect-nginx: EXODETECT_MAX_UPLOAD_MB must be a whole number, got '$mb'" >&2; exit 1 ;;
esac
case "$https_port" in
  '' | *[!0-9]*) echo "exodetect-nginx: HTTPS_PORT must be a port number, got '$https_port'" >&2; exit 1 ;;
esac
port_suffix=":$https_port"
[ "$https_port" = 443 ] && port_suffix=""

for f in fullchain.pem privkey.pem; do
  if [ ! -r "/etc/nginx/ssl/$f" ]; then
    echo "exodetect-nginx: /etc/nginx/ssl/$f is missing or unreadable by uid $(id -u)." >&2
    echo "  Put the certificate pair in nginx/ssl/ (scripts/make-ssl-cert.sh makes a self-signed one)." >&2
    exit 1
  fi
done

sed -e "s/__BODY_LIMIT_MB__/$((mb + 1))/g" -e "s/__HTTPS_PORT_SUFFIX__/$port_suffix/g" \
  /etc/nginx/exodetect/nginx.conf.template >/tmp/nginx.conf
nginx -t -q -c /tmp/nginx.conf
exec nginx -c /tmp/nginx.conf -g 'daemon off;'
