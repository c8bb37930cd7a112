#!/usr/bin/env python3
"""Time for a load balancer to follow its targets: from a container starting to its first request through the
balancer (join), and from the command that retires a container to its last request, measured against the moment
the container stops (leave: positive = it left the pool before it stopped). A client sends requests back to back
throughout, each on a connection of its own, and every failed one is counted.

Two contenders on the same engine, one after the other:
  drover   a stack deployed by `drover up` (web scale 1 + a Drover load balancer), scaled 1 -> 2 -> 1 with
           `drover scale`: the server hands the balancer's agent the new configuration, which changes the servers
           through HAProxy's runtime API (drain before stop)
  reload   the way Rancher 1.x's lb-controller worked, rebuilt here: the same HAProxy image, its configuration
           rewritten from the running containers on every Docker start/die event and reloaded (SIGUSR2,
           master-worker); containers started and stopped with `docker run` / `docker stop`

Usage: lb_traffic.py DROVER ROUNDS WORKDIR PORT_DROVER PORT_RELOAD (run by bench/lb_traffic.sh).
"""
import datetime, http.client, json, os, subprocess, sys, threading, time

drover, rounds, work, drover_port, reload_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
WEB = 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www'


def sh(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True).stdout.strip()


def started_at(container):
    text = sh('docker', 'inspect', '-f', '{{.State.StartedAt}}', container)
    seconds, _, fraction = text.rstrip('Z').partition('.')
    base = datetime.datetime.strptime(seconds, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc).timestamp()
    return base + float('0.' + (fraction or '0'))


def died_at(container, since):
    out = sh('docker', 'events', '--since', f'{since:.3f}', '--until', f'{time.time():.3f}', '--filter', f'container={container}',
             '--filter', 'event=die', '--format', '{{.TimeNano}}')
    return int(out.splitlines()[0]) / 1e9 if out else None


class Client(threading.Thread):
    """Requests back to back until stopped; (time, body or None) for each."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.log, self.running = port, [], True

    def run(self):
        while self.running:
            try:
                connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=5)
                connection.request('GET', '/')
                response = connection.getresponse()
                body = response.read().decode().strip()
                connection.close()
                self.log.append((time.time(), body if response.status == 200 else None))
            except Exception:
                self.log.append((time.time(), None))

    def first(self, name, after):
        return next((t for t, body in self.log if t >= after and body == name), None)

    def last(self, name):
        return max((t for t, body in self.log if body == name), default=None)

    def failures(self):
        return sum(1 for _, body in self.log if body is None)


def wait(what, predicate, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise SystemExit(f'timed out waiting for {what}')


def answers(port):
    try:
        connection = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
        connection.request('GET', '/')
        return connection.getresponse().read().decode().strip()
    except Exception:
        return None


def measure(port, join, leave, name):
    """One round: join (start `name`), then leave (retire it); returns (join s, leave s, failures)."""
    client = Client(port)
    client.start()
    time.sleep(0.3)
    join()
    wait(f'{name} answers', lambda: client.first(name, 0) is not None)
    joined = client.first(name, 0) - started_at(name)
    since = time.time()
    leave()
    wait(f'{name} stops', lambda: died_at(name, since) is not None)
    time.sleep(0.5)
    client.running = False
    client.join()
    return joined, died_at(name, since) - client.last(name), client.failures()


def run_drover():
    compose = f"""version: '2'
services:
  web:
    image: drover-local/busybox:latest
    init: true
    command: ["sh", "-c", "{WEB}"]
    labels:
      io.rancher.container.hostname_override: container_name
  lb:
    image: rancher/lb-service-haproxy:v0.7.9
    ports: ["127.0.0.1:{drover_port}:80"]
"""
    rancher = """version: '2'
services:
  web:
    scale: 1
  lb:
    lb_config:
      port_rules: [{source_port: 80, target_port: 8080, service: web}]
"""
    os.makedirs(f'{work}/lbt', exist_ok=True)
    open(f'{work}/lbt/docker-compose.yml', 'w').write(compose)
    open(f'{work}/lbt/rancher-compose.yml', 'w').write(rancher)
    sh(drover, 'up', '-s', 'lbt', '-f', f'{work}/lbt/docker-compose.yml', '--rancher-file', f'{work}/lbt/rancher-compose.yml', '--wait-timeout', '120')
    wait('the drover balancer answers', lambda: answers(drover_port) == 'lbt-web-1')
    results = [measure(drover_port, lambda: sh(drover, 'scale', 'lbt/web=2'), lambda: sh(drover, 'scale', 'lbt/web=1'), 'lbt-web-2')
               for _ in range(rounds)]
    sh(drover, 'rm', 'lbt')
    return results


class Reloader(threading.Thread):
    """Rancher's way: on every start or die of a peer container, rewrite the configuration and reload."""

    def __init__(self, directory, balancer):
        super().__init__(daemon=True)
        self.directory, self.balancer = directory, balancer
        self.events = subprocess.Popen(['docker', 'events', '--filter', 'label=lbt.peer', '--filter', 'event=start',
                                        '--filter', 'event=die', '--format', '{{json .}}'], stdout=subprocess.PIPE, text=True)

    def write(self):
        names = sh('docker', 'ps', '--filter', 'label=lbt.peer', '--format', '{{.Names}}').split()
        servers = []
        for name in sorted(names):
            address = sh('docker', 'inspect', '-f', '{{(index .NetworkSettings.Networks "lbt-peer").IPAddress}}', name)
            servers.append(f'    server {name} {address}:8080')
        config = '\n'.join(['global', '    maxconn 4096', 'defaults', '    mode http', '    option http-server-close',
                            '    option redispatch', '    retries 3', '    timeout connect 5s', '    timeout client 50s',
                            '    timeout server 50s', 'frontend 80', '    bind *:80', '    default_backend web', 'backend web']
                           + servers) + '\n'
        open(f'{self.directory}/haproxy.cfg.new', 'w').write(config)
        os.replace(f'{self.directory}/haproxy.cfg.new', f'{self.directory}/haproxy.cfg')

    def run(self):
        for _ in self.events.stdout:
            self.write()
            sh('docker', 'kill', '-s', 'USR2', self.balancer, check=False)


def run_reload():
    directory = f'{work}/peer'
    os.makedirs(directory, exist_ok=True)
    sh('docker', 'network', 'create', 'lbt-peer')
    try:
        def web(name):
            sh('docker', 'run', '-d', '--name', name, '--hostname', name, '--network', 'lbt-peer', '--label', 'lbt.peer=1',
               '--init', 'drover-local/busybox:latest', 'sh', '-c', WEB)
        web('peer-web-1')
        reloader = Reloader(directory, 'lbt-peer-haproxy')
        reloader.write()
        sh('docker', 'run', '-d', '--name', 'lbt-peer-haproxy', '--network', 'lbt-peer', '-p', f'127.0.0.1:{reload_port}:80',
           '-v', f'{directory}:/usr/local/etc/haproxy', 'drover-local/haproxy:latest')
        reloader.start()
        wait('the reloading balancer answers', lambda: answers(reload_port) == 'peer-web-1')
        results = []
        for _ in range(rounds):
            results.append(measure(reload_port, lambda: web('peer-web-2'), lambda: sh('docker', 'stop', '-t', '10', 'peer-web-2'), 'peer-web-2'))
            sh('docker', 'rm', '-f', 'peer-web-2')
        reloader.events.kill()
        return results
    finally:
        sh('docker', 'rm', '-f', 'peer-web-1', 'peer-web-2', 'lbt-peer-haproxy', check=False)
        sh('docker', 'network', 'rm', 'lbt-peer', check=False)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


for name, results in (('drover', run_drover()), ('reload', run_reload())):
    for index, (joined, left, failures) in enumerate(results, 1):
        print(f'round {index}  {name:7} join {joined * 1000:7.0f} ms   left the pool {left * 1000:7.0f} ms before its stop   failed requests {failures}')
    print(f'{name:7} median join {median([r[0] for r in results]) * 1000:.0f} ms, median leave-before-stop '
          f'{median([r[1] for r in results]) * 1000:.0f} ms, failed requests {sum(r[2] for r in results)}')
