#!/usr/bin/env python3
"""Generates a runnable 28-service, 6-profile stack shaped like VM300 on local images only
(local/busybox:1 and :2, from scripts/test-images.sh), for `bench/up_bench.py`.

Like the real stack: every root service extends its own file, which extends a shared hardening
base; per-service env files; file secrets; real healthchecks; cross-profile dependencies on the
core ingress and SSO (`required: false`, `service_healthy`); a dependency chain inside medias."""
import os, sys

PROFILES = {
    "core": ["traefik", "socket-proxy", "crowdsec-agent", "traefik-bouncer", "authentik-outpost", "arcane-agent"],
    "dashboard": ["dashboard-sync", "deployrr-dashboard", "homepage", "homarr"],
    "medias": ["bazarr", "jellyfin", "jellyseerr", "radarr", "sonarr", "sabnzbd", "transmission", "prowlarr",
               "kavita", "mylar3", "cleanuparr", "huntarr", "notifiarr"],
    "apps": ["theme-park", "freshrss", "vscode"],
    "automatisation": ["n8n"],
    "monitoring": ["telemetrie-agent"],
}
# Dependencies inside the stack (all service_healthy), as in VM300.
DEPENDS = {
    "traefik": ["socket-proxy"],
    "traefik-bouncer": ["crowdsec-agent"],
    "authentik-outpost": ["traefik"],
    "radarr": ["prowlarr", "sabnzbd", "transmission"],
    "sonarr": ["prowlarr", "sabnzbd", "transmission"],
    "bazarr": ["radarr", "sonarr"],
    "jellyseerr": ["jellyfin", "radarr", "sonarr"],
    "mylar3": ["prowlarr"],
    "cleanuparr": ["radarr", "sonarr"],
    "huntarr": ["radarr", "sonarr"],
}
SECRETS = {"traefik": "cf_dns_api_token", "socket-proxy": "docker_api_basicauth", "transmission": "transmission_pass",
           "vscode": "vscode_password", "n8n": "n8n_encryption_key", "notifiarr": "notifiarr_api_key"}


def generate(root: str, name: str, interval: str = "1s", condition: str = "service_healthy") -> list:
    """interval/condition: the healthcheck interval and the depends_on condition. up_bench keeps 1s and
    service_healthy (it times the health chain); the steady-state benches (drift, logs, ps) use a
    real stack's 30s and service_started, because 28 probes a second (each a runc exec) would keep
    a 2-core machine's dockerd busy and time that instead."""
    os.makedirs(os.path.join(root, "compose"), exist_ok=True)
    with open(os.path.join(root, "compose", "hardening.yaml"), "w") as f:
        f.write("""services:
  hardened:
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    tmpfs: ["/tmp:rw,noexec,nosuid,nodev,size=16m"]
    restart: unless-stopped
    stop_signal: SIGKILL
    environment:
      TZ: ${TZ:-Europe/Paris}
    logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}
  routed:
    extends: {service: hardened}
    networks: [t3_proxy]
    labels:
      traefik.enable: "true"
      traefik.docker.network: t3_proxy
""")
    lines = [f"name: {name}", "", "x-plane:", "  profiles: [core, dashboard, medias, apps, automatisation, monitoring]", "",
             "networks:", "  t3_proxy: {}", "  socket_proxy: {}", "", "secrets:"]
    for service, secret in SECRETS.items():
        lines += [f"  {secret}:", f"    file: applications/{service}/secrets/{secret}"]
    lines += ["", "services:"]
    services = []
    port = 8000
    for profile, names in PROFILES.items():
        for service in names:
            services.append(service)
            port += 1
            d = os.path.join(root, "applications", service)
            os.makedirs(os.path.join(d, "secrets"), exist_ok=True)
            image = "local/busybox:2" if len(service) % 2 else "local/busybox:1"
            command = f'["/bin/busybox", "httpd", "-f", "-p", "{port}", "-h", "/www"]'
            body = [f"  {service}:", "    extends: {file: ../../compose/hardening.yaml, service: routed}",
                    f"    image: {image}", f"    command: {command}",
                    "    healthcheck:", '      test: ["CMD", "/bin/busybox", "true"]',
                    f"      interval: {interval}", "      timeout: 2s", "      retries: 3",
                    "    environment:", f"      APP_NAME: {service}", f"      APP_URL: https://{service}.${{DOMAIN:-example.org}}",
                    "    labels:", f"      traefik.http.routers.{service}.rule: Host(`{service}.${{DOMAIN:-example.org}}`)",
                    f"      traefik.http.routers.{service}.middlewares: chain-secure@file",
                    f"      traefik.http.services.{service}.loadbalancer.server.port: \"{port}\""]
            if service in ("socket-proxy", "traefik", "homepage", "homarr", "arcane-agent"):
                body += ["    networks: [t3_proxy, socket_proxy]"]
            if service in SECRETS:
                body += ["    secrets: [" + SECRETS[service] + "]"]
                # A real-looking value, 0600 in a 0700 folder: plane up lints first and refuses less.
                path = os.path.join(d, "secrets", SECRETS[service])
                with open(path, "w") as s:
                    s.write(os.urandom(24).hex() + "\n")
                os.chmod(path, 0o600)
                os.chmod(os.path.join(d, "secrets"), 0o700)
            deps = {dep: "true" for dep in DEPENDS.get(service, [])}
            if profile != "core":
                deps.update({"traefik": "false", "authentik-outpost": "false"})
            if deps:
                body.append("    depends_on:")
                for dep, required in deps.items():
                    body += [f"      {dep}:", f"        condition: {condition}", f"        required: {required}"]
            with open(os.path.join(d, "compose.yaml"), "w") as f:
                f.write("services:\n" + "\n".join(body) + "\n")
            with open(os.path.join(d, ".env"), "w") as f:
                f.write(f"APP_MODE=production\nAPP_PORT={port}\n# comment\n")
            lines += [f"  {service}:", f"    extends: {{file: applications/{service}/compose.yaml, service: {service}}}",
                      f"    env_file: applications/{service}/.env", f"    profiles: [{profile}]"]
    with open(os.path.join(root, "compose.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(root, ".env"), "w") as f:
        f.write("DOMAIN=example.org\nTZ=Europe/Paris\n")
    return services


if __name__ == "__main__":
    print(len(generate(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "bench")), "services")
