#!/bin/sh
# Writes a throwaway CA, a server certificate for 127.0.0.1 and a client certificate into DIR
# (ca.pem, server-combined.pem for HAProxy, cert.pem + key.pem for the client: Docker's layout).
set -eu
dir=$1
cd "$dir"
curve="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
openssl req -x509 $curve -keyout ca-key.pem -out ca.pem -subj "/CN=plane test CA" 2>/dev/null
openssl req -x509 $curve -keyout server-key.pem -out server.pem -subj "/CN=127.0.0.1" \
  -CA ca.pem -CAkey ca-key.pem -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
openssl req -x509 $curve -keyout key.pem -out cert.pem -subj "/CN=plane client" \
  -CA ca.pem -CAkey ca-key.pem -addext "extendedKeyUsage=clientAuth" 2>/dev/null
cat server.pem server-key.pem > server-combined.pem
