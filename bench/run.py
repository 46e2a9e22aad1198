#!/usr/bin/env python3
"""Benchmarks of the platform, run by scripts/bench.

Starts the built `dia` server on a fresh database, fills it with `dia seed synthetic`, and measures with wrk
from a second process on loopback: the /health ceiling, submitting complete questionnaires with fresh
single-use links, the report page and JSON report at two sizes, the cost of the national comparison, and the
server's peak memory. Prints one table; writes bench/results/latest.json.
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, env, port):
        self.log = tempfile.NamedTemporaryFile("w+", prefix="dia-bench-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [binary, "serve", "--env", "production", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.peak_rss_kb = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self):
        while not self._stop.is_set():
            try:
                with open(f"/proc/{self.process.pid}/status") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))
            except OSError:
                return
            time.sleep(0.2)

    def stop(self):
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"bench: {url} did not answer within {seconds} s")


def dia(binary, env, *args):
    result = subprocess.run([binary, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: dia {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def sign_in(base, email, password):
    """Signs in like a browser; returns the session cookie and the session's CSRF token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/inloggen").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": password}).encode()
    opener.open(base + "/inloggen", data=data).read()
    html = opener.open(base + "/dashboard").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, csrf


def fresh_report(base, cookie, csrf, url, rounds):
    """The report page when it is rendered afresh rather than sent from memory: each round hides or shows one
    open answer (which changes the report, so the kept copy is no longer used), then reads the page once.
    Returns p50 and p99 in ms of those reads."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", cookie)]
    html = opener.open(url).read().decode()
    action = re.search(r'action="(/gemeenten/[^"]+/open-antwoorden/[0-9A-Fa-f-]+)"', html).group(1)
    times = []
    for round_ in range(rounds):
        # Back to /health afterwards, so following the redirect does not read (and keep) the report itself.
        data = urllib.parse.urlencode({"csrf": csrf, "hidden": "ja" if round_ % 2 == 0 else "nee", "terug": "/health"}).encode()
        opener.open(base + action, data=data).read()
        started = time.perf_counter()
        opener.open(url).read()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": times[len(times) // 2], "p99": times[min(len(times) - 1, int(len(times) * 0.99))], "rounds": rounds}


def parse_wrk(output):
    """Requests per second, latency percentiles (ms), request count and non-2xx/3xx responses."""
    def millis(text):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
              "requests": int(re.search(r"(\d+) requests in", output).group(1))}
    for pct in ("50", "99"):
        match = re.search(rf"\s{pct}%\s+([\d.]+(?:us|ms|s))", output)
        result[f"p{pct}"] = millis(match.group(1)) if match else None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["errors"] = (int(errors.group(1)) if errors else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0)
    return result


def wrk(url, seconds, connections, threads, headers=(), script=None, env=None):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, env=env).stdout
    parsed = parse_wrk(output)
    parsed["raw"] = output
    return parsed


def timed_get(url):
    """Milliseconds of one GET, answered in full."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return round((time.perf_counter() - started) * 1000, 2)


def scans(binary, env):
    return json.loads(dia(binary, env, "scan", "list", "--format", "json"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--quick", action="store_true", help="small data and short runs: checks that every part works")
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()

    quick = args.quick
    large, small, national, per_national = (2_000, 200, 10, 20) if quick else (100_000, 1_000, 340, 30)
    # Several times what a run sends on this machine (about 3,000 in quick mode, 50,000 in a full run), so a
    # faster machine does not run out.
    links = 12_000 if quick else 150_000
    seconds = 2 if quick else 10
    offers = 200
    rounds = 5 if quick else 40
    connections, threads = 32, 2

    data_dir = tempfile.mkdtemp(prefix="dia-bench-")
    env = dict(os.environ, DIA_DATA_DIR=data_dir, LOG_LEVEL="warning", DIA_BCRYPT_COST="10",
               DIA_SECRET_KEY="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    codes_file = os.path.join(data_dir, "codes.txt")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results = {"date": time.strftime("%Y-%m-%d %H:%M"), "database": "postgres" if args.database_url else "sqlite",
               "quick": quick, "cores": os.cpu_count(), "connections": connections}

    print(f"bench: seeding ({large} + {small} responses, {links} ready links) …", flush=True)
    started = time.time()
    dia(args.binary, env, "migrate")
    dia(args.binary, env, "seed", "synthetic", "--municipalities", "1", "--responses-per-scan", str(large),
        "--links", str(links), "--links-file", codes_file, "--offers", str(offers))
    dia(args.binary, env, "seed", "synthetic", "--municipalities", "1", "--responses-per-scan", str(small), "--offset", "1")
    results["seed_seconds"] = round(time.time() - started, 1)

    server = Server(args.binary, env, port)
    try:
        wait_for(base + "/health")
        listed = scans(args.binary, env)
        big = next(s for s in listed if s["municipalityCode"] == "GM7001" and s["status"] == "closed")
        little = next(s for s in listed if s["municipalityCode"] == "GM7002")
        open_scan = next(s for s in listed if s["status"] == "open")
        cookie, csrf = sign_in(base, "bench@synthetic.dia.example", "bench-wachtwoord")
        auth = [f"Cookie: {cookie}"]

        def report_url(scan, json_format=False):
            return f"{base}/gemeenten/{scan['municipalityCode']}/scans/{scan['id']}/rapport" + (".json" if json_format else "")

        print("bench: /health ceiling …", flush=True)
        results["health"] = wrk(base + "/health", seconds, connections, threads)

        print("bench: reports …", flush=True)
        results["report_1k"] = wrk(report_url(little), seconds, connections, threads, auth)
        results["report_100k"] = wrk(report_url(big), seconds, connections, threads, auth)
        results["json_1k"] = wrk(report_url(little, True), seconds, connections, threads, auth)
        results["json_100k"] = wrk(report_url(big, True), seconds, connections, threads, auth)
        # One reader at a time: the time a report takes, without waiting behind 31 others.
        results["report_1k_single"] = wrk(report_url(little), seconds, 1, 1, auth)
        results["report_100k_single"] = wrk(report_url(big), seconds, 1, 1, auth)
        results["fresh_1k"] = fresh_report(base, cookie, csrf, report_url(little), rounds)
        results["fresh_100k"] = fresh_report(base, cookie, csrf, report_url(big), rounds)

        print(f"bench: offer catalogue ({offers} offers) and recommendations …", flush=True)
        catalogue = f"{base}/aanbod?gebied=beter-betrokken-inwoners&doelgroep=inwoners"
        results["catalogue"] = wrk(catalogue, seconds, connections, threads)
        results["catalogue_search"] = wrk(catalogue + "&zoek=raad+inwoners", seconds, connections, threads)
        recommended = json.loads(dia(args.binary, env, "catalogue", "recommend", big["id"], "--runs", "2000"))
        results["recommendations"] = {"count": len(recommended["recommendations"]),
                                      "p50_us": round(recommended["p50Microseconds"], 1),
                                      "max_us": round(recommended["maxMicroseconds"], 1)}

        advised = json.loads(dia(args.binary, env, "participation", "advise", "--project", "Een wijk aardgasvrij maken",
                                 "--phase", "plan", "--influence", "coproduceren", "--groups", "ouderen,anderstaligen",
                                 "--scale", "wijk", "--weeks", "30", "--budget", "60000", "--runs", "2000"))
        results["advisor"] = {"methods": advised["methods"], "picks": len(advised["picks"]),
                              "p50_us": round(advised["p50Microseconds"], 1), "max_us": round(advised["maxMicroseconds"], 1)}

        print("bench: ParticipatieWijzer pages …", flush=True)
        results["participation_methods"] = wrk(base + "/participatie/methoden?fase=plan&groep=jongeren", seconds, connections, threads)
        advice = ("/participatie/wijzer?advies=ja&project=Een+wijk+aardgasvrij+maken&phase=plan&influence=coproduceren"
                  "&groups%5B%5D=ouderen&groups%5B%5D=anderstaligen&scale=wijk&weeks=30&budget=60000")
        results["participation_advice"] = wrk(base + advice, seconds, connections, threads)

        print("bench: leerplatform pages …", flush=True)
        results["learning_module"] = wrk(base + "/leerplatform/modules/begroting-lezen", seconds, connections, threads)
        results["learning_lesson"] = wrk(base + "/leerplatform/modules/begroting-lezen/les/1", seconds, connections, threads)
        print("bench: the griffier's totals for a council of 45 members …", flush=True)
        dia(args.binary, env, "seed", "synthetic", "--council", "45")
        griffier = [f"Cookie: {sign_in(base, 'griffier@synthetic.dia.example', 'bench-wachtwoord')[0]}"]
        council = base + "/gemeenten/GM7001/leerplatform"
        results["council_overview"] = wrk(council, seconds, connections, threads, griffier)
        results["council_overview_single"] = wrk(council, seconds, 1, 1, griffier)

        print("bench: burgerberaad by lot: draw and selection …", flush=True)
        lottery = ["--addresses", "50000", "--letters", "600", "--volunteers", "300", "--panel", "30", "--runs", "300"] if quick else []
        results["lottery"] = json.loads(dia(args.binary, env, "lottery", "benchmark", *lottery))

        few, many = (100, 1_000) if quick else (1_000, 10_000)
        print(f"bench: Leren van elkaar: search and feed at {few} and {many} experiences …", flush=True)
        search = f"{base}/ervaringen?zoek=participatie+inwoners&gebied=beter-betrokken-inwoners"
        dia(args.binary, env, "seed", "synthetic", "--experiences", str(few))
        # The first search reads the new documents into memory; measured apart, as at the larger size below, so the
        # runs measure searching and not that one load.
        results["search_few_first_after_index_ms"] = timed_get(search)
        results["search_few"] = wrk(search, seconds, connections, threads)
        results["search_few_signed_in"] = wrk(search, seconds, connections, threads, auth)
        started = time.time()
        dia(args.binary, env, "seed", "synthetic", "--experiences", str(many))
        results["experiences_seed_seconds"] = round(time.time() - started, 1)
        # The first search after new experiences were indexed reads the index's documents afresh.
        results["search_first_after_index_ms"] = timed_get(search)
        results["search_many"] = wrk(search, seconds, connections, threads)
        # Signed in, the page is made around a results part kept while the index is unchanged (visitors get the
        # whole page kept).
        results["search_many_signed_in"] = wrk(search, seconds, connections, threads, auth)
        results["search_many_signed_in_single"] = wrk(search, seconds, 1, 1, auth)
        results["feed"] = wrk(base + "/ervaringen/feed.atom", seconds, connections, threads)
        results["feed_signed_in"] = wrk(base + "/ervaringen/feed.atom", seconds, 1, 1, auth)
        # One more experience: how long until the next search shows it (the search reads only the new row).
        dia(args.binary, env, "seed", "synthetic", "--experiences", str(many + 1))
        results["search_after_one_more_ms"] = timed_get(search + "&zoek2=")
        results["experiences"] = {"few": few, "many": many}

        challenges = 500 if quick else 5_000
        print(f"bench: uitdaagrecht register with {challenges} challenges over the 342 municipalities …", flush=True)
        started = time.time()
        dia(args.binary, env, "seed", "synthetic", "--challenges", str(challenges))
        results["challenges_seed_seconds"] = round(time.time() - started, 1)
        register = f"{base}/uitdaagrecht?provincie=Gelderland&fase=uitvoering"
        register_more = f"{base}/uitdaagrecht?besluit=toegekend&focus=beter-betrokken-inwoners&pagina=2"
        results["register_filtered"] = wrk(register, seconds, connections, threads)
        results["register_filtered_more"] = wrk(register_more, seconds, connections, threads)
        results["register_filtered_signed_in"] = wrk(register, seconds, connections, threads, auth)
        results["register_open_data_single"] = wrk(base + "/uitdaagrecht/open-data.csv", seconds, 1, 1)
        results["register_feed"] = wrk(base + "/gemeenten/GM0200/uitdaagrecht/feed.atom", seconds, connections, threads)
        results["challenges"] = challenges

        print("bench: submissions …", flush=True)
        before = next(s for s in scans(args.binary, env) if s["id"] == open_scan["id"])["responses"]
        submit_env = dict(os.environ, CODES_FILE=codes_file, THREADS=str(threads))
        submit = wrk(base + "/", seconds, connections, threads, script=os.path.join(ROOT, "bench", "submit.lua"), env=submit_env)
        counts = re.search(r"SUBMIT sent=(\d+) acknowledged=(\d+) failed=(\d+) exhausted=(\d+)", submit["raw"])
        sent, acknowledged, failed, exhausted = map(int, counts.groups())
        time.sleep(1.5)
        stored = next(s for s in scans(args.binary, env) if s["id"] == open_scan["id"])["responses"] - before
        submit.update(sent=sent, acknowledged=acknowledged, failed=failed, exhausted=exhausted, stored=stored)
        results["submit"] = submit

        print(f"bench: national comparison ({national} more municipalities with a closed scan) …", flush=True)
        dia(args.binary, env, "seed", "synthetic", "--municipalities", str(national), "--responses-per-scan",
            str(per_national), "--offset", "2")
        results["municipalities_compared"] = national + 2
        results["report_1k_national"] = wrk(report_url(little), seconds, connections, threads, auth)
        results["report_1k_national_single"] = wrk(report_url(little), seconds, 1, 1, auth)
        results["fresh_1k_national"] = fresh_report(base, cookie, csrf, report_url(little), rounds)
        print("bench: trajectories (3 conversations and 5 requests each, then 50) …", flush=True)
        dia(args.binary, env, "seed", "synthetic", "--trajectories", "5")
        results["programme_5"] = wrk(f"{base}/beheer/trajecten", seconds, connections, threads, auth)
        results["trajectory_effect"] = wrk(f"{base}/gemeenten/GM7002/traject", seconds, connections, threads, auth)
        dia(args.binary, env, "seed", "synthetic", "--trajectories", "50")
        results["programme_50"] = wrk(f"{base}/beheer/trajecten", seconds, connections, threads, auth)
        results["peak_rss_mb"] = round(server.peak_rss_kb / 1024, 1)
        database = os.path.join(data_dir, "dia.sqlite")
        if os.path.exists(database):
            results["database_mb"] = round(os.path.getsize(database) / 2**20)
    finally:
        server.stop()
        os.unlink(server.log.name)
        shutil.rmtree(data_dir, ignore_errors=True)

    for value in results.values():
        if isinstance(value, dict):
            value.pop("raw", None)
    ratios = {
        "report_100k_over_1k": results["report_100k"]["p50"] / results["report_1k"]["p50"],
        "report_100k_over_1k_single": results["report_100k_single"]["p50"] / results["report_1k_single"]["p50"],
        "fresh_100k_over_1k": results["fresh_100k"]["p50"] / results["fresh_1k"]["p50"],
        "submit_over_health": results["submit"]["rps"] / results["health"]["rps"],
        "national_adds_ms": results["fresh_1k_national"]["p50"] - results["fresh_1k"]["p50"],
        "programme_50_over_5": results["programme_50"]["p50"] / results["programme_5"]["p50"],
        "search_many_over_few": results["search_many"]["p50"] / results["search_few"]["p50"],
        "search_signed_in_many_over_few": results["search_many_signed_in"]["p50"] / results["search_few_signed_in"]["p50"],
    }
    results["ratios"] = {k: round(v, 3) for k, v in ratios.items()}

    rows = [("GET /health (ceiling)", results["health"]),
            ("submit questionnaire", results["submit"]),
            ("report page, 1k responses", results["report_1k"]),
            ("report page, 100k responses" if not quick else f"report page, {large} responses", results["report_100k"]),
            (f"catalogue, {offers} offers, 2 filters", results["catalogue"]),
            (f"catalogue, {offers} offers, 2 filters + search", results["catalogue_search"]),
            ("report JSON, 1k", results["json_1k"]),
            ("report JSON, 100k" if not quick else f"report JSON, {large}", results["json_100k"]),
            (f"report page, 1k, {national + 2} municipalities compared", results["report_1k_national"]),
            ("one reader: report page, 1k", results["report_1k_single"]),
            ("one reader: report page, 100k" if not quick else f"one reader: report page, {large}", results["report_100k_single"]),
            (f"one reader: report page, 1k, {national + 2} compared", results["report_1k_national_single"]),
            (f"programme dashboard, {national + 2} trajectories, 5 requests each", results["programme_5"]),
            (f"programme dashboard, {national + 2} trajectories, 50 requests each", results["programme_50"]),
            ("trajectory page with effect (1k + 1k responses)", results["trajectory_effect"]),
            (f"search, 2 words + 1 filter, {few} experiences", results["search_few"]),
            (f"same, signed in (own page, results kept), {few}", results["search_few_signed_in"]),
            (f"search, 2 words + 1 filter, {many} experiences", results["search_many"]),
            (f"same, signed in (own page, results kept), {many}", results["search_many_signed_in"]),
            (f"one reader: same, signed in, {many}", results["search_many_signed_in_single"]),
            ("Atom feed of experiences", results["feed"]),
            ("one reader: Atom feed, signed in (made afresh)", results["feed_signed_in"]),
            (f"uitdaagrecht register, {challenges}, province + stage", results["register_filtered"]),
            (f"same, decision + focus area, page 2", results["register_filtered_more"]),
            (f"same as the first, signed in", results["register_filtered_signed_in"]),
            (f"one reader: register as CSV, all {challenges}", results["register_open_data_single"]),
            ("Atom feed of one municipality's challenges", results["register_feed"]),
            ("participation methods, 2 filters", results["participation_methods"]),
            ("ParticipatieWijzer advice page", results["participation_advice"]),
            ("leerplatform module page (budget p50 10 ms)", results["learning_module"]),
            ("leerplatform lesson with its quiz", results["learning_lesson"]),
            ("griffier's totals, council of 45 (budget 20 ms)", results["council_overview"]),
            ("one reader: griffier's totals, council of 45", results["council_overview_single"])]
    print()
    print(f"{'measure':48} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, row in rows:
        print(f"{name:48} {row['rps']:9.0f} {row['p50']:8.2f} {row['p99']:8.2f} {row['errors']:7d}")
    fresh = [("rendered afresh: report page, 1k", results["fresh_1k"]),
             ("rendered afresh: report page, 100k" if not quick else f"rendered afresh: report page, {large}", results["fresh_100k"]),
             (f"rendered afresh: report page, 1k, {national + 2} compared", results["fresh_1k_national"])]
    for name, row in fresh:
        print(f"{name:48} {'':>9} {row['p50']:8.2f} {row['p99']:8.2f} {'':>7}")
    recommendations = results["recommendations"]
    print(f"{'recommendations for one report (in process)':48} {'':>9} {recommendations['p50_us'] / 1000:8.3f} "
          f"{'':>8} {'':>7}   max {recommendations['max_us'] / 1000:.3f} ms, {recommendations['count']} offers")
    advisor = results["advisor"]
    print(f"{'ParticipatieWijzer advice (in process)':48} {'':>9} {advisor['p50_us'] / 1000:8.3f} "
          f"{'':>8} {'':>7}   max {advisor['max_us'] / 1000:.3f} ms, {advisor['picks']} of {advisor['methods']} methods")
    lottery = results["lottery"]
    print(f"{'burgerberaad: read and draw (in process)':48} {'':>9} {'':>8} {'':>8} {'':>7}   read {lottery['readSeconds']:.2f} s, "
          f"draw {lottery['letters']} of {lottery['addresses']} addresses {lottery['drawSeconds']:.2f} s")
    for method in ("legacy", "balanced"):
        row = lottery[method]
        print(f"{'burgerberaad: select, ' + method + ' (in process)':48} {'':>9} {'':>8} {'':>8} {'':>7}   "
              f"{lottery['panel']} of {lottery['volunteers']} with {lottery['runs']} runs {row['seconds']:.2f} s, least chance "
              f"{row['minimumProbability']:.4f} (bound {lottery['upperBound']:.4f}), runs failed {row['panelsFailed']}, "
              f"quotas met {row['quotasMet']}")
    submit = results["submit"]
    print()
    print(f"submissions: acknowledged {submit['acknowledged']}, stored {submit['stored']}, "
          f"sent without answer when wrk stopped {submit['sent'] - submit['acknowledged'] - submit['failed']}, "
          f"failed {submit['failed']}, links exhausted {submit['exhausted']}")
    print(f"report(100k)/report(1k) p50: {ratios['report_100k_over_1k']:.2f} (one reader {ratios['report_100k_over_1k_single']:.2f}, "
          f"rendered afresh {ratios['fresh_100k_over_1k']:.2f})   submit/health: {ratios['submit_over_health']:.1%}   "
          f"national comparison adds: {ratios['national_adds_ms']:.2f} ms p50 (rendered afresh)")
    print(f"programme dashboard with 10x the requests: {ratios['programme_50_over_5']:.2f}x the p50")
    print(f"search with 10x the experiences: {ratios['search_many_over_few']:.2f}x the p50 "
          f"(signed in: {ratios['search_signed_in_many_over_few']:.2f}x); first search after indexing "
          f"{results['experiences']['few']} experiences: {results['search_few_first_after_index_ms']} ms, "
          f"{results['experiences']['many'] - results['experiences']['few']} more: {results['search_first_after_index_ms']} ms; "
          f"seeding them: {results['experiences_seed_seconds']} s; first search after one more: "
          f"{results['search_after_one_more_ms']} ms")
    print(f"server peak RSS: {results['peak_rss_mb']} MB   seed: {results['seed_seconds']} s   database: {results['database']}"
          + (f", {results['database_mb']} MB on disk" if "database_mb" in results else ""))

    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "latest.json"), "w") as handle:
        json.dump(results, handle, indent=1)

    # Correctness holds in every mode: nothing acknowledged may be lost, nothing stored twice, no errors.
    lost = submit["acknowledged"] - submit["stored"]
    in_flight = submit["sent"] - submit["acknowledged"] - submit["failed"]
    problems = []
    if lost > 0:
        problems.append(f"{lost} acknowledged submissions are not stored")
    if submit["stored"] - submit["acknowledged"] > in_flight:
        problems.append("more responses stored than links were sent")
    if not (lottery["legacy"]["quotasMet"] and lottery["balanced"]["quotasMet"]):
        problems.append("a burgerberaad panel does not meet its quotas")
    if submit["failed"] or any(row["errors"] for _, row in rows):
        problems.append("some requests failed")
    if submit["exhausted"]:
        problems.append("the run used up its links: give it more with --links")
    if submit["acknowledged"] == 0:
        problems.append("no submission was acknowledged")
    if problems:
        print("bench: FAILED: " + "; ".join(problems))
        return 1
    print("bench: every part ran; stored and acknowledged submissions agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
