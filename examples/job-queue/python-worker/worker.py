#!/usr/bin/python3
"""A Tock worker in plain Python (standard library only): the job-queue service's worker, on Tock.

It leases jobs in batches from several queues at once (POST /v1/namespaces/{ns}/lease), runs each on a
thread, heartbeats the leases it holds, and reports every job as completed or failed with the lease token
it got. On SIGTERM (Kubernetes scaling down, `kubectl delete pod`, `docker stop`) it drains: no new leases,
the jobs it runs finish and are reported, then it exits 0 -- within terminationGracePeriodSeconds.

    TOCK_SERVER=http://127.0.0.1:8080 TOCK_TOKEN=... /usr/bin/python3 worker.py

Settings (environment): TOCK_SERVER, TOCK_TOKEN (a worker token), TOCK_NAMESPACE (jobqueue),
WORKER_NAME (py-worker), WORKER_QUEUES (tenant-jobs,maintenance), WORKER_WEIGHTS (tenant-jobs=3),
WORKER_CONCURRENCY (4: jobs at once, and so the largest batch), WORKER_DRAIN_GRACE_SECONDS (50).
"""
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

SERVER = os.environ.get("TOCK_SERVER", "http://127.0.0.1:8080").rstrip("/")
TOKEN = os.environ.get("TOCK_TOKEN", "")
NAMESPACE = os.environ.get("TOCK_NAMESPACE", "jobqueue")
NAME = os.environ.get("WORKER_NAME", "py-worker")
QUEUES = [q for q in os.environ.get("WORKER_QUEUES", "tenant-jobs,maintenance").split(",") if q]
WEIGHTS = {q: int(w) for q, w in (p.split("=") for p in os.environ.get("WORKER_WEIGHTS", "tenant-jobs=3").split(",") if p)}
CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY", "4"))
DRAIN_GRACE = float(os.environ.get("WORKER_DRAIN_GRACE_SECONDS", "50"))
LEASE_DURATION = 30     # seconds; heartbeats every 10 s keep a long job's lease
INSTANCE = str(uuid.uuid4())  # this run of the worker: a stop ends its waiting lease requests

stopping = threading.Event()
held = {}               # job id -> lease token, for heartbeats
held_lock = threading.Lock()
free = threading.Semaphore(CONCURRENCY)


def log(message, **fields):
    print(json.dumps({"worker": NAME, "message": message, **fields}), file=sys.stderr, flush=True)


def call(path, body, timeout=30):
    """POSTs JSON to the namespace's API; returns the answer's JSON (None for 204)."""
    request = urllib.request.Request(f"{SERVER}/v1/namespaces/{NAMESPACE}{path}", data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json",
                                                             "Authorization": f"Bearer {TOKEN}",
                                                             "User-Agent": "jobqueue-python-worker/1"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        text = answer.read()
        return json.loads(text) if text else None


# --- the work: what the job-queue service's handlers did ---------------------------------------------

def run(job):
    """Runs one job; returns its output, or raises to fail the attempt (Tock retries it per its policy)."""
    payload = job.get("payload") or {}
    if job["attempt"] <= int(payload.get("failAttempts", 0)):
        raise RuntimeError(f"upstream for tenant {payload.get('tenant')} unavailable (attempt {job['attempt']})")
    time.sleep(int(payload.get("millis", 200)) / 1000)
    return f"{job['type']} for tenant {payload.get('tenant', '-')} done by {NAME} (python)"


def execute(job):
    try:
        output = run(job)
        report(job, "complete", {"output": output})
    except Exception as e:  # any failure is retryable here; send "retryable": false for a poison job
        report(job, "fail", {"error": str(e), "retryable": True})
    finally:
        with held_lock:
            held.pop(job["id"], None)
        free.release()


def report(job, verb, fields):
    body = {"worker": NAME, "leaseToken": job["leaseToken"], **fields}
    for delay in (0, 0.2, 1, 3):  # the server may be restarting: a few tries, then the lease expires and Tock retries
        time.sleep(delay)
        try:
            call(f"/jobs/{job['id']}/{verb}", body)
            return
        except urllib.error.HTTPError as e:
            if e.code == 409:   # the lease was lost (expired and re-leased): the newer attempt owns the job
                log("lease lost, result dropped", job=job["id"])
                return
            log("report failed", job=job["id"], status=e.code)
        except OSError as e:
            log("report failed", job=job["id"], error=str(e))


# --- leasing, heartbeats and the drain ----------------------------------------------------------------

def heartbeat_loop():
    while True:     # a daemon thread: it ends with the process, after the drain
        time.sleep(LEASE_DURATION / 3)
        with held_lock:
            leases = [{"id": i, "leaseToken": t} for i, t in held.items()]
        if leases:
            try:
                call(f"/workers/{NAME}/heartbeat", {"leases": leases, "leaseDuration": f"{LEASE_DURATION}s"})
            except OSError as e:
                log("heartbeat failed", error=str(e))


def lease_loop(pool):
    while not stopping.is_set():
        if not free.acquire(timeout=0.5):   # lease only what can run at once
            continue
        slots = 1
        while slots < CONCURRENCY and free.acquire(blocking=False):
            slots += 1
        jobs = []
        try:
            answer = call("/lease", {"worker": NAME, "instance": INSTANCE, "queues": QUEUES, "weights": WEIGHTS,
                                     "max": slots, "waitFor": "20s", "leaseDuration": f"{LEASE_DURATION}s"}, timeout=30)
            jobs = answer["jobs"]
        except OSError as e:
            if not stopping.is_set():
                log("lease failed", error=str(e))
                time.sleep(1)
        for _ in range(slots - len(jobs)):
            free.release()
        for job in jobs:
            with held_lock:
                held[job["id"]] = job["leaseToken"]
            pool.submit(execute, job)


def stop(signum, frame):
    if stopping.is_set():
        return
    stopping.set()
    log("SIGTERM: no new leases; finishing running jobs", running=len(held))
    # Ends this run's waiting long poll on the server, so no job is leased to a request nobody reads.
    threading.Thread(target=lambda: call(f"/workers/{NAME}/release", {"leases": [], "stopping": True,
                                                                      "instance": INSTANCE}), daemon=True).start()


def main():
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log("started", queues=QUEUES, namespace=NAMESPACE, concurrency=CONCURRENCY)
    pool = ThreadPoolExecutor(max_workers=CONCURRENCY)
    threading.Thread(target=heartbeat_loop, daemon=True).start()
    leaser = threading.Thread(target=lease_loop, args=(pool,), daemon=True)
    leaser.start()
    while not stopping.wait(0.5):
        pass
    leaser.join(timeout=25)      # a lease request already sent returns at once after the release above
    deadline = time.monotonic() + DRAIN_GRACE
    while held and time.monotonic() < deadline:
        time.sleep(0.1)
    pool.shutdown(wait=False)
    if held:   # past the grace: give the leases back so they run again elsewhere at once, no attempt counted
        with held_lock:
            leases = [{"id": i, "leaseToken": t} for i, t in held.items()]
        call(f"/workers/{NAME}/release", {"leases": leases, "stopping": True, "instance": INSTANCE})
        log("drain grace over: released", jobs=len(leases))
        sys.exit(1)
    # Said again now that the drain's heartbeats are over: they kept this worker in the cluster's node list.
    try:
        call(f"/workers/{NAME}/release", {"leases": [], "stopping": True, "instance": INSTANCE})
    except OSError as e:
        log("could not say it stopped", error=str(e))
    log("drained: every running job finished and was reported")
    sys.exit(0)


if __name__ == "__main__":
    main()
