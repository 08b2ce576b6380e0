#!/bin/bash
# Entry point of crowdsec-agent (mounted read-only, run by /bin/bash).
#
# 1. On the very first start /etc/crowdsec (appdata/config) is empty: seed it
#    from the image like /docker_start.sh would, so cscli has a config.
# 2. If this machine has no LAPI credentials yet, register it with the VM100
#    LAPI through auto-registration: the token is the crowdsec_enroll_key
#    secret (VM100 config: api.server.auto_registration, allowed_ranges must
#    contain this VM). The generated login/password land in
#    /etc/crowdsec/local_api_credentials.yaml, i.e. in appdata, never in env.
# 3. Hand over to the image's /docker_start.sh (agent only: DISABLE_LOCAL_API).
set -euo pipefail

config=/etc/crowdsec/config.yaml
creds=/etc/crowdsec/local_api_credentials.yaml
token_file=/run/secrets/crowdsec_enroll_key

if [ ! -e "$config" ] && [ -d /staging/etc/crowdsec ]; then
    echo "crowdsec-agent: seeding /etc/crowdsec from the image"
    cp -an /staging/etc/crowdsec/. /etc/crowdsec/
fi

if ! grep -qs '^password: *[^ ]' "$creds"; then
    if [ ! -s "$token_file" ]; then
        echo "crowdsec-agent: $token_file is missing or empty; cannot register with ${LOCAL_API_URL:-the LAPI}" >&2
        exit 1
    fi
    echo "crowdsec-agent: registering machine '${AGENT_MACHINE_NAME:?}' with ${LOCAL_API_URL:?}"
    # trust the VM100 CA for this call only (Go reads SSL_CERT_FILE)
    SSL_CERT_FILE="${CACERT_FILE:?}" cscli -c "$config" lapi register \
        --url "$LOCAL_API_URL" \
        --machine "$AGENT_MACHINE_NAME" \
        --token "$(tr -d '\r\n' < "$token_file")"
fi

exec /bin/bash /docker_start.sh "$@"
