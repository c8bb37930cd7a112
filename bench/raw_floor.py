#!/usr/bin/env python3
"""The raw floor for bench/docker_create.sh: create + start N containers with the same Engine API calls Drover
makes (the body printed by `drover-bench spec`), P requests at a time, each on a fresh unix-socket connection.

Usage: bench/raw_floor.py PREFIX COUNT PARALLEL   (prints the elapsed seconds)
"""
import concurrent.futures, json, os, socket, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def socket_path():
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    assert host.startswith("unix://"), "the floor speaks to a unix socket"
    return host[len("unix://"):]


def raw_request(method, path, body=None):
    """One HTTP/1.1 request on a fresh unix-socket connection; returns (status, body bytes)."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(socket_path())
    payload = json.dumps(body).encode() if body is not None else b""
    head = (f"{method} {path} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n")
    connection.sendall(head.encode() + payload)
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    connection.close()
    return int(data.split(b" ", 2)[1]), data.split(b"\r\n\r\n", 1)[1]


def main():
    prefix, count, parallel = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    spec = json.loads(subprocess.run([os.path.join(ROOT, ".build/release/drover-bench"), "spec", "--prefix", prefix],
                                     check=True, capture_output=True, text=True).stdout)

    def one(index):
        status, body = raw_request("POST", f"/v1.41/containers/create?name={prefix}-svc{index}-1", spec)
        assert status == 201, body
        status, body = raw_request("POST", f"/v1.41/containers/{json.loads(body)['Id']}/start")
        assert status == 204, body

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, range(1, count + 1)))
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
