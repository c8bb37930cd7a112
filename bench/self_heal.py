#!/usr/bin/env python3
"""Time from a container killed behind the manager's back (SIGKILL to its main process, as the kernel's OOM killer
or a crash would) to its replacement running, over KILLS kills:
  drover   a one-container service deployed by `drover up` on `drover server --local-agent`: the agent follows the
           engine's event stream and the server starts the container again on the report
  restart  the same container run with Docker's own `--restart always` on the same engine (restarted in place)
Each round kills one, waits for it, then the other (each has the engine to itself), every INTERVAL seconds (more
than 10 s, so neither back-off — Docker's, or Drover's, which follows the same rule — grows). Time = the replacement's StartedAt - the engine's `die` event.

Usage: self_heal.py DROVER KILLS INTERVAL WORKDIR (run by bench/self_heal.sh).
"""
import datetime, os, subprocess, sys, time

drover, kills, interval, work = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]


def sh(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True).stdout.strip()


def stamp(text):
    seconds, _, fraction = text.rstrip('Z').partition('.')
    base = datetime.datetime.strptime(seconds, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc).timestamp()
    return base + float('0.' + (fraction or '0'))


def state(name):
    out = sh('docker', 'inspect', '-f', '{{.Id}} {{.State.Running}} {{.State.Pid}} {{.State.StartedAt}}', name, check=False).split()
    return (out[0], out[1] == 'true', int(out[2]), stamp(out[3])) if len(out) == 4 else None


def died(container_id, since):
    out = sh('docker', 'events', '--since', f'{since:.3f}', '--until', f'{time.time():.3f}', '--filter', f'container={container_id}',
             '--filter', 'event=die', '--format', '{{.TimeNano}}')
    return int(out.splitlines()[0]) / 1e9 if out else None


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


os.makedirs(f'{work}/heal', exist_ok=True)
open(f'{work}/heal/docker-compose.yml', 'w').write("""version: '2'
services:
  app:
    image: drover-local/busybox:latest
    init: true
    command: sleep 100000
""")
sh(drover, 'up', '-s', 'heal', '-f', f'{work}/heal/docker-compose.yml', '--wait-timeout', '120')
sh('docker', 'run', '-d', '--name', 'heal-peer', '--restart', 'always', '--init', 'drover-local/busybox:latest', 'sleep', '100000')
contenders = {'drover': 'heal-app-1', 'restart': 'heal-peer'}
times = {name: [] for name in contenders}
try:
    time.sleep(interval)
    for round_number in range(1, kills + 1):
        before = {name: state(container) for name, container in contenders.items()}
        for name, container in contenders.items():
            # One at a time, so each has the engine to itself.
            since = time.time()
            os.kill(before[name][2], 9)
            deadline = time.time() + 30
            while time.time() < deadline:
                now = state(container)
                if now and now[1] and (now[0] != before[name][0] or now[3] != before[name][3]):
                    break
                time.sleep(0.01)
            else:
                raise SystemExit(f'{name}: no replacement within 30 s')
            times[name].append(now[3] - died(before[name][0], since))
            time.sleep(1)
        print(f'round {round_number:2}  drover {times["drover"][-1] * 1000:6.0f} ms   restart policy {times["restart"][-1] * 1000:6.0f} ms', flush=True)
        time.sleep(interval)
finally:
    sh('docker', 'rm', '-f', 'heal-peer', check=False)
    sh(drover, 'rm', 'heal', check=False)
for name in contenders:
    print(f'{name:8} median {median(times[name]) * 1000:.0f} ms, max {max(times[name]) * 1000:.0f} ms over {kills} kills')
print(f'ratio of medians drover/restart {median(times["drover"]) / median(times["restart"]):.2f}')
