#!/usr/bin/env python3
"""Generates a compose project of N services for benchmarks: every service extends a per-service
file, which extends a shared per-group base, which extends a hardening base (3-level chains), with
env files, labels, ports, volumes, healthchecks and depends_on, like the VM300 stack."""
import os, sys

def generate(root: str, count: int) -> None:
    os.makedirs(os.path.join(root, "compose"), exist_ok=True)
    with open(os.path.join(root, "compose", "base.yaml"), "w") as f:
        f.write("""services:
  hardened:
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    restart: unless-stopped
    tmpfs: [/tmp]
    logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}
  web:
    extends: {service: hardened}
    healthcheck: {test: ["CMD", "/bin/true"], interval: 30s, timeout: 5s, retries: 3}
    labels: [traefik.enable=true, "traefik.docker.network=t3_proxy"]
    networks: [t3_proxy]
""")
    lines = ["name: bench", "services:"]
    for i in range(count):
        name = f"svc{i:03d}"
        d = os.path.join(root, "applications", name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "compose.yaml"), "w") as f:
            f.write(f"""services:
  {name}:
    extends: {{file: ../../compose/base.yaml, service: web}}
    image: registry.local/{name}:${{TAG_{i % 7}:-1.{i}.0}}
    environment:
      TZ: ${{TZ:-Europe/Paris}}
      PUID: "1000"
      APP_URL: https://{name}.${{DOMAIN:-example.org}}
    labels:
      - traefik.http.routers.{name}.rule=Host(`{name}.${{DOMAIN:-example.org}}`)
      - traefik.http.routers.{name}.entrypoints=websecure
      - traefik.http.services.{name}.loadbalancer.server.port={8000 + i}
    ports: ["127.0.0.1:{10000 + i}:{8000 + i}"]
    volumes: ["./config:/config", "${{MEDIA_ROOT:-../media}}/data:/data:ro"]
""")
        with open(os.path.join(d, ".env"), "w") as f:
            f.write(f"APP_NAME={name}\nAPP_PORT={8000 + i}\n# comment\nAPP_MODE=production\n")
        lines.append(f"  {name}:")
        lines.append(f"    extends: {{file: applications/{name}/compose.yaml, service: {name}}}")
        lines.append(f"    env_file: ${{ENV_{name.upper()}:-applications/{name}/.env}}")
        lines.append(f"    profiles: [p{i % 6}]")
        if i % 6 and i >= 6:
            lines.append(f"    depends_on: {{svc{i - 6:03d}: {{condition: service_started, required: false}}}}")
    lines += ["networks:", "  t3_proxy:", "    external: true"]
    with open(os.path.join(root, "compose.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(root, ".env"), "w") as f:
        f.write("DOMAIN=seite.me\nTZ=Europe/Paris\nMEDIA_ROOT=../media\n")

if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]))
