#!/usr/bin/env python3
"""Bootbench TFTP vs Debian's tftpd-hpa (in.tftpd) on loopback, same load client (tftpload).

Usage: bench.py --bootbench BIN --tftpload BIN [--quick]

Prints the table of issue 3 (1/10/50 clients; blksize 512, 1468, 1468+windowsize 16/64, 65464;
aggregate MB/s, p99 transfer time, server peak RSS, server CPU seconds), then the 256 MiB x 50
memory run and the 200-client run, then checks the targets. Exit status 0 when every target is met.

Each figure is the best of three runs (--rounds), the two servers alternating (ABBAAB), so that a
burst of load from elsewhere on the machine does not decide a ratio. Server CPU time comes from a cpuacct cgroup when
one can be created (tftpd-hpa forks a child per transfer and does not collect their times), else
from /proc (children not counted). Peak RSS is sampled every 25 ms over the server process and its
children (sum of VmRSS).
"""
import argparse
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

MiB = 1 << 20
ROWS = [  # label, blksize, windowsize
    ("512", 512, 1),
    ("1468", 1468, 1),
    ("1468+ws16", 1468, 16),
    ("1468+ws64", 1468, 64),
    ("65464", 65464, 1),
]
CLIENTS = [1, 10, 50]


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class CpuMeter:
    """CPU seconds of a process tree: cpuacct cgroup (exact, children included) or /proc."""

    def __init__(self, name, pid):
        self.pid = pid
        self.path = None
        base = "/sys/fs/cgroup/cpuacct"
        if os.path.isdir(base) and os.access(base, os.W_OK):
            path = os.path.join(base, "bootbench-bench-%d-%s" % (os.getpid(), name))
            try:
                os.mkdir(path)
                with open(os.path.join(path, "cgroup.procs"), "w") as f:
                    f.write(str(pid))
                self.path = path
            except OSError:
                self.path = None

    def read(self):
        if self.path:
            with open(os.path.join(self.path, "cpuacct.usage")) as f:
                return int(f.read()) / 1e9
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def close(self):
        if self.path:
            try:
                os.rmdir(self.path)
            except OSError:
                pass

    @property
    def source(self):
        return "cgroup" if self.path else "proc"


class Server:
    def __init__(self, name, argv, port, log, ready=None):
        self.name = name
        self.port = port
        self.logfile = open(log, "w")
        self.proc = subprocess.Popen(argv, stdout=self.logfile, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while ready and time.time() < deadline:
            with open(log) as f:
                if ready in f.read():
                    break
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited: see %s" % (name, log))
            time.sleep(0.05)
        else:
            time.sleep(0.3)
        if self.proc.poll() is not None:
            raise RuntimeError("%s did not start: see %s" % (name, log))
        self.cpu = CpuMeter(name, self.proc.pid)

    def children(self):
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open("/proc/%s/stat" % entry) as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                            found.append(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
        return found

    def stop(self):
        for child in self.children():  # tftpd-hpa: one forked child per transfer still running
            try:
                os.kill(child, signal.SIGKILL)
            except OSError:
                pass
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        time.sleep(0.1)
        self.cpu.close()
        self.logfile.close()


def run_load(tftpload, server, file, size, clients, blksize, ws, seconds, once=False, hard=120):
    argv = [tftpload, "--port", str(server.port), "--file", file, "--size", str(size), "--clients", str(clients),
            "--blksize", str(blksize), "--windowsize", str(ws), "--seconds", str(seconds),
            "--once", "1" if once else "0", "--hard-limit", str(hard), "--monitor-pid", str(server.proc.pid)]
    cpu0 = server.cpu.read()
    out = subprocess.run(argv, capture_output=True, text=True, timeout=hard + 60)
    time.sleep(0.05)
    cpu = server.cpu.read() - cpu0
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    result = {"cpu": cpu}
    for part in line.replace('first_error="', 'first_error=').split(" "):
        if "=" in part:
            k, v = part.split("=", 1)
            result[k] = v
    for k in ("ok", "failed", "bytes"):
        result[k] = int(result.get(k, 0))
    for k in ("mbps", "p99", "rss_peak_mb", "seconds"):
        result[k] = float(result.get(k, 0))
    result["error"] = line.split('first_error="', 1)[1].rstrip('"') if 'first_error="' in line else out.stderr.strip()
    return result


def best(a, b):
    """The better of two runs: the higher throughput (its own p99/RSS/CPU go with it), failures summed."""
    r = dict(a if a["mbps"] >= b["mbps"] else b)
    r["failed"] = a["failed"] + b["failed"]
    r["rss_peak_mb"] = max(a["rss_peak_mb"], b["rss_peak_mb"])
    return r


def on_signal(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootbench", required=True)
    ap.add_argument("--tftpload", required=True)
    ap.add_argument("--quick", action="store_true", help="shorter runs (for a smoke test)")
    ap.add_argument("--rounds", type=int, default=3, help="runs per server and table cell; the best counts")
    args = ap.parse_args()
    if args.quick:
        args.rounds = 1
    # Ctrl-C, `timeout` or a closed terminal: stop the servers and remove the files all the same.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    servers = []
    work = tempfile.mkdtemp(prefix="bootbench-tftp-bench-")
    try:
        return run(args, work, servers)
    except KeyboardInterrupt:
        print("\nbench/tftp: interrupted; servers stopped, %s removed" % work)
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip the clean-up
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)


def run(args, work, servers):
    seconds = 1.0 if args.quick else 2.5
    started = time.time()
    root = os.path.join(work, "root")
    os.mkdir(root)
    os.chmod(work, 0o755)
    os.chmod(root, 0o755)
    sizes = {"f4m": 4 * MiB + 123, "f32m": 32 * MiB + 77, "f256m": 256 * MiB}
    if args.quick:
        sizes["f256m"] = 64 * MiB
    chunk = os.urandom(MiB)
    for name, size in sizes.items():
        with open(os.path.join(root, name), "wb") as f:
            left = size
            while left > 0:
                f.write(chunk[: min(left, MiB)])
                left -= MiB
        os.chmod(os.path.join(root, name), 0o644)
        with open(os.path.join(root, name), "rb") as f:  # in the page cache for both servers alike
            while f.read(8 * MiB):
                pass

    ours = Server("bootbench",
                  [args.bootbench, "serve", "--services", "tftp", "--tftp-port", str(free_port()), "--address",
                   "127.0.0.1", "--tftp-root", root, "--data-dir", os.path.join(work, "data")],
                  0, os.path.join(work, "bootbench.log"), ready="service tftp: running")
    ours.port = int(ours.proc.args[ours.proc.args.index("--tftp-port") + 1])
    servers.append(ours)
    hpa = None
    in_tftpd = shutil.which("in.tftpd") or ("/usr/sbin/in.tftpd" if os.path.exists("/usr/sbin/in.tftpd") else None)
    if in_tftpd:
        port = free_port()
        hpa = Server("tftpd-hpa", [in_tftpd, "-L", "-s", root, "-a", "127.0.0.1:%d" % port], port,
                     os.path.join(work, "tftpd-hpa.log"))
        servers.append(hpa)
    else:
        print("in.tftpd (Debian package tftpd-hpa) not found: Bootbench figures only")

    print("Bootbench TFTP vs tftpd-hpa, loopback, %d CPUs, load client tftpload; CPU time from %s"
          % (os.cpu_count(), ours.cpu.source))
    print("%-7s %-10s %-10s %9s %8s %9s %7s %6s %s" % ("clients", "blocks", "server", "MB/s", "p99 s", "RSS MiB",
                                                       "CPU s", "ratio", "failed"))
    table = {}
    for clients in CLIENTS:
        for label, blksize, ws in ROWS:
            file = "f32m" if blksize > 8192 else "f4m"
            runs = {s.name: [] for s in servers}
            order = servers if (clients + blksize) % 2 else list(reversed(servers))
            for round_ in range(args.rounds):  # ABBAAB...: a burst of load elsewhere hits both
                for s in (order if round_ % 2 == 0 else list(reversed(order))):
                    runs[s.name].append(run_load(args.tftpload, s, file, sizes[file], clients, blksize, ws, seconds))
            for s in servers:
                table[(clients, label, s.name)] = functools.reduce(best, runs[s.name])
            o = table[(clients, label, "bootbench")]
            h = table.get((clients, label, "tftpd-hpa"))
            for s in servers:
                r = table[(clients, label, s.name)]
                ratio = ""
                if s is ours and h and h["mbps"] > 0:
                    ratio = "%.2f" % (o["mbps"] / h["mbps"])
                print("%-7d %-10s %-10s %9.1f %8.3f %9.1f %7.2f %6s %d%s"
                      % (clients, label, s.name, r["mbps"], r["p99"], r["rss_peak_mb"], r["cpu"], ratio,
                         r["failed"], ("  (" + r["error"] + ")") if r["failed"] else ""))
            sys.stdout.flush()

    print()
    big = "f256m"
    print("50 concurrent transfers of the %d MiB file (blksize 65464, each client once):" % (sizes[big] // MiB))
    mem = {}
    for s in servers:
        mem[s.name] = run_load(args.tftpload, s, big, sizes[big], 50, 65464, 1, 0, once=True, hard=240)
        r = mem[s.name]
        print("  %-10s %8.1f MB/s  p99 %7.2f s  peak RSS %7.1f MiB  CPU %6.2f s  ok %d  failed %d%s"
              % (s.name, r["mbps"], r["p99"], r["rss_peak_mb"], r["cpu"], r["ok"], r["failed"],
                 ("  (" + r["error"] + ")") if r["failed"] else ""))
    print("200 concurrent transfers of the 4 MiB file (blksize 1468, each client once):")
    many = {}
    for s in servers:
        many[s.name] = run_load(args.tftpload, s, "f4m", sizes["f4m"], 200, 1468, 1, 0, once=True, hard=180)
        r = many[s.name]
        print("  %-10s %8.1f MB/s  p99 %7.2f s  peak RSS %7.1f MiB  CPU %6.2f s  ok %d  failed %d%s"
              % (s.name, r["mbps"], r["p99"], r["rss_peak_mb"], r["cpu"], r["ok"], r["failed"],
                 ("  (" + r["error"] + ")") if r["failed"] else ""))
    for s in servers:
        s.stop()
    del servers[:]

    print()
    print("Targets:")
    ok = True

    def check(passed, text):
        nonlocal ok
        ok = ok and passed
        print("  %s  %s" % ("PASS" if passed else "FAIL", text))

    if hpa:
        for clients in CLIENTS:
            for label, blksize, ws in ROWS:
                if ws > 1:
                    continue
                o, h = table[(clients, label, "bootbench")], table[(clients, label, "tftpd-hpa")]
                ratio = o["mbps"] / h["mbps"] if h["mbps"] else float("inf")
                check(ratio >= 1.0, "%2d clients, blksize %-5s: throughput ratio vs tftpd-hpa %.2f (>= 1.0)"
                      % (clients, label, ratio))
    for clients in CLIENTS:
        lock = table[(clients, "1468", "bootbench")]["mbps"]
        win = table[(clients, "1468+ws16", "bootbench")]["mbps"]
        check(lock > 0 and win >= 3 * lock, "%2d clients: windowsize 16 at blksize 1468 is %.1fx the lock-step rate "
              "(>= 3x)" % (clients, win / lock if lock else 0))
    r = mem["bootbench"]
    check(r["rss_peak_mb"] < 64 and r["failed"] == 0 and r["ok"] == 50,
          "50 x %d MiB: peak RSS %.1f MiB (< 64), %d ok, %d failed" % (sizes[big] // MiB, r["rss_peak_mb"], r["ok"],
                                                                      r["failed"]))
    r = many["bootbench"]
    check(r["failed"] == 0 and r["ok"] == 200, "200 concurrent transfers: %d ok, %d failed" % (r["ok"], r["failed"]))
    failed_rows = [k for k, v in table.items() if k[2] == "bootbench" and v["failed"]]
    check(not failed_rows, "no failed transfer in the table runs (bootbench)")
    print("bench time: %.0f s; work dir %s removed" % (time.time() - started, work))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
