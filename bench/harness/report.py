"""The table: medians of the runs with their range, and ratios taken run by
run. A ratio above 1 always means Cairn did better: for throughput it is
Cairn / Dovecot, for times and memory Dovecot / Cairn."""
import statistics

from scenarios import BY_NAME

MIXED_ORDER = ["CONNECT", "LOGIN", "LIST", "STATUS", "SELECT", "FETCH headers", "FETCH body", "STORE", "APPEND",
               "EXPUNGE", "IDLE", "IDLE done", "LOGOUT"]


def ms(us):
    return None if us is None else us / 1000.0


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if abs(v) >= 1000:
        s = f"{v:,.0f}"
    elif abs(v) >= 100:
        s = f"{v:.0f}"
    elif abs(v) >= 10:
        s = f"{v:.1f}"
    elif abs(v) >= 1:
        s = f"{v:.2f}"
    else:
        s = f"{v:.3f}"
    return s + unit


def med_range(vals, unit=""):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "n/a"
    m = statistics.median(vals)
    if len(vals) == 1:
        return fmt(m, unit)
    return f"{fmt(m, unit)} ({fmt(min(vals))}–{fmt(max(vals))})"


def ratio_cell(pairs):
    """pairs: list of (cairn, other) per run; higher_is_better decided by caller."""
    rs = [p for p in pairs if p is not None]
    if not rs:
        return "n/a"
    m = statistics.median(rs)
    if len(rs) == 1:
        return f"{m:.2f}×"
    return f"{m:.2f}× ({min(rs):.2f}–{max(rs):.2f})"


def slope(points):
    """Least-squares slope of (x, y) points."""
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    den = sum((x - mx) ** 2 for x, _ in points)
    if den == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / den


def memory_figures(r):
    """From an idle run: per-connection bytes at the largest step, the
    slope (bytes per connection) and the extrapolation to 100,000."""
    steps = r.get("steps") or []
    if not steps:
        return {}
    base = steps[0]["server_pss_kib"] * 1024
    pts = [(s["connections"], s["server_pss_kib"] * 1024) for s in steps[1:] if s["connections"] > 0]
    out = {"baseline_bytes": base, "reached": max((s["connections"] for s in steps), default=0),
           "memory_low": r.get("memory_low", False)}
    if pts:
        n, pss = pts[-1]
        out["per_conn_bytes"] = (pss - base) / n
        out["processes"] = steps[-1].get("server_processes")
    b = slope(pts if len(pts) >= 2 else [(0, base)] + pts)
    if b is not None:
        out["slope_bytes"] = b
        # Extrapolate from the last measured point along the slope.
        n, pss = pts[-1]
        out["at_100k_bytes"] = pss + b * (100000 - n)
    return out


# metric definitions per kind: (label, getter(run) -> value or None, higher_is_better)
def cmd_stat(name, key):
    def get(r):
        c = r.get("commands", {}).get(name)
        if not c or c.get("count", 0) == 0:
            return None
        return ms(c.get(key))
    return get


def metrics_for(sc):
    if sc.command == "mixed":
        return [("sessions/s", lambda r: r.get("sessions_per_s"), True),
                ("commands/s", lambda r: r.get("commands_per_s"), True)]
    if sc.command == "login":
        return [("logins/s (handshake included)", lambda r: r.get("sessions_per_s"), True),
                ("CONNECT p50 ms (TCP+TLS+greeting)", cmd_stat("CONNECT", "p50_us"), False),
                ("CONNECT p99 ms", cmd_stat("CONNECT", "p99_us"), False),
                ("LOGIN p50 ms", cmd_stat("LOGIN", "p50_us"), False),
                ("LOGIN p99 ms", cmd_stat("LOGIN", "p99_us"), False)]
    if sc.command == "append":
        def rate(r):
            c = r.get("commands", {}).get("APPEND")
            return c["count"] / r["window_s"] if c and r.get("window_s") else None
        return [("messages/s", rate, True),
                ("MB/s", lambda r: r.get("bytes_sent", 0) / r["window_s"] / 1e6 if r.get("window_s") else None, True),
                ("APPEND p50 ms", cmd_stat("APPEND", "p50_us"), False),
                ("APPEND p99 ms", cmd_stat("APPEND", "p99_us"), False)]
    if sc.command == "idle":
        def f(key, scale):
            return lambda r: (memory_figures(r).get(key) / scale) if memory_figures(r).get(key) is not None else None
        return [("connections reached", lambda r: memory_figures(r).get("reached"), True),
                ("KiB per connection (PSS delta / connections)", f("per_conn_bytes", 1024), False),
                ("KiB per connection (slope)", f("slope_bytes", 1024), False),
                ("GiB at 100,000 (extrapolated)", f("at_100k_bytes", 1024 ** 3), False),
                ("server processes at the end", lambda r: memory_figures(r).get("processes"), False)]
    if sc.command == "bigbox":
        return [("SELECT ms (median of repeats)", cmd_stat("SELECT", "p50_us"), False),
                ("FETCH 1:* (UID FLAGS) ms", cmd_stat("FETCH 1:* (UID FLAGS)", "p50_us"), False),
                ("messages in the mailbox", lambda r: r.get("messages"), True)]
    return []


def cpu_metrics():
    return [("load generator CPU (cores)", lambda r: r.get("loadgen_cpu_cores"), None),
            ("server CPU (cores)", lambda r: r.get("server_cpu_cores"), None),
            ("other programs' CPU (cores)", lambda r: r.get("other_cpu_cores"), None)]


def runs_of(results, scenario, server):
    rs = [r for r in results["runs"] if r["scenario"] == scenario and r["server"] == server and not r.get("failed")]
    return {r["run"]: r for r in rs}


def one_line(sc, r):
    parts = []
    for label, get, _ in metrics_for(sc)[:3]:
        parts.append(f"{label} {fmt(get(r))}")
    parts.append(f"loadgen {fmt(r.get('loadgen_cpu_cores'))} cores, server {fmt(r.get('server_cpu_cores'))}, "
                 f"other {fmt(r.get('other_cpu_cores'))}")
    return "; ".join(parts)


def describe(sc, results):
    a = sc.loadgen_args(results.get("size") or ("quick" if results.get("quick") else "full"))
    if sc.name in results.get("rates", {}):
        a["rate"] = results["rates"][sc.name]
    bits = []
    for k in ("clients", "rate", "accounts", "duration", "warmup", "steps", "repeat", "window", "idle-ms"):
        if k in a:
            bits.append(f"{k} {a[k]}")
    bits.append("TLS" if a.get("tls") else "plain")
    bits.append("pipelining" if a.get("pipeline") else "no pipelining")
    if sc.command == "mixed" and results.get("common_skip"):
        bits.append("left out (not supported by every server): " + ", ".join(results["common_skip"]))
    return ", ".join(bits)


def render(results, names, servers, labels):
    cairn = "cairn"
    others = [s for s in servers if s != cairn]
    head = ["metric"] + [labels[s] for s in servers] + [f"Cairn vs {labels[o]}" for o in others if cairn in servers]
    text_blocks, md_blocks = [], []

    def add_row(rows, label, get, higher, per_server):
        cells = [label]
        vals = {s: {i: get(r) for i, r in per_server[s].items()} for s in servers}
        for s in servers:
            cells.append(med_range(list(vals[s].values())))
        if cairn in servers:
            for o in others:
                if higher is None:
                    cells.append("")
                    continue
                pairs = []
                for i, c in vals[cairn].items():
                    d = vals[o].get(i)
                    if c is None or d is None or c == 0 or d == 0:
                        pairs.append(None)
                    else:
                        pairs.append(c / d if higher else d / c)
                cells.append(ratio_cell(pairs))
        rows.append(cells)

    for name in names:
        sc = BY_NAME[name]
        per_server = {s: runs_of(results, name, s) for s in servers}
        rows = []
        for label, get, higher in metrics_for(sc):
            add_row(rows, label, get, higher, per_server)
        if sc.command == "mixed":
            seen = set()
            for r in (r for s in servers for r in per_server[s].values()):
                seen |= set(r.get("commands", {}).keys())
            for cmd in [c for c in MIXED_ORDER if c in seen] + sorted(seen - set(MIXED_ORDER)):
                def get3(r, cmd=cmd):
                    c = r.get("commands", {}).get(cmd)
                    if not c or c.get("count", 0) == 0:
                        return None
                    return (ms(c["p50_us"]), ms(c["p99_us"]), ms(c["p999_us"]))
                cells = [f"{cmd} p50 / p99 / p99.9 ms"]
                for s in servers:
                    trip = [get3(r) for r in per_server[s].values()]
                    trip = [t for t in trip if t]
                    if not trip:
                        cells.append("n/a")
                    else:
                        cells.append(" / ".join(fmt(statistics.median(t[k] for t in trip)) for k in range(3)))
                if cairn in servers:
                    for o in others:
                        pairs = []
                        for i, r in per_server[cairn].items():
                            c, d = get3(r), (get3(per_server[o][i]) if i in per_server[o] else None)
                            pairs.append(d[1] / c[1] if c and d and c[1] > 0 else None)
                        cells.append("p99 " + ratio_cell(pairs))
                rows.append(cells)
            for cmd in results.get("common_skip", []):
                if cmd not in seen:
                    rows.append([f"{cmd}"] + ["n/a"] * (len(head) - 1))
        for label, get, higher in cpu_metrics():
            add_row(rows, label, get, higher, per_server)
        n_runs = max((len(v) for v in per_server.values()), default=0)
        title = f"{sc.title} — {describe(sc, results)}; {n_runs} run(s) per server"
        text_blocks.append(text_table(title, head, rows))
        md_blocks.append(md_table(title, head, rows))

    goals = goal_lines(results, servers)
    noise = noise_lines(results)
    settings = settings_lines(results, servers, labels)
    text = "\n".join(settings) + "\n\n" + "\n\n".join(text_blocks) + "\n\nGoals of issue 4:\n" + \
        "\n".join("  " + g for g in goals)
    if noise:
        text += "\n\nRuns taken while other programs used the CPU:\n" + "\n".join("  " + n for n in noise)
    md = "\n".join(settings) + "\n\n" + "\n\n".join(md_blocks) + "\n\n### Goals of issue 4\n\n" + "\n".join("- " + g for g in goals) + "\n"
    if noise:
        md += "\n### Noisy runs\n\n" + "\n".join("- " + n for n in noise) + "\n"
    return text, md


def settings_lines(results, servers, labels):
    m = results.get("machine", {})
    out = [f"Machine: {m.get('cpus')} CPUs ({m.get('cpu', '?')}), {m.get('memory_gib')} GiB, Linux {m.get('kernel')}, "
           f"open files {m.get('open_files_hard_limit')}; load average at the start {' '.join(m.get('loadavg', []))}; "
           f"{results.get('size') or ('quick' if results.get('quick') else 'full')} size; started {results.get('started')}, "
           f"finished {results.get('finished', '?')}."]
    for s in servers:
        st = results.get("settings", {}).get(s, {})
        out.append(f"{labels[s]}: " + "; ".join(f"{k}: {v}" for k, v in st.items()))
    for s in servers:
        ld = results.get("load", {}).get(s, {})
        if "disk_bytes" in ld:
            out.append(f"{labels[s]} mail on disk: {ld['disk_bytes'] / 1e9:.2f} GB")
    return out


def text_table(title, head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    out = [title]
    for r in [head] + rows:
        out.append("  " + "  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(out)


def md_table(title, head, rows):
    out = [f"#### {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def median_ratio(results, scenario, other, get, higher):
    a = runs_of(results, scenario, "cairn")
    b = runs_of(results, scenario, other)
    rs = []
    for i, r in a.items():
        if i not in b:
            continue
        c, d = get(r), get(b[i])
        if c and d:
            rs.append(c / d if higher else d / c)
    return statistics.median(rs) if rs else None


def goal_lines(results, servers):
    lines = []
    if "cairn" not in servers:
        return ["(Cairn was not run)"]
    others = [s for s in servers if s != "cairn"]
    names = results.get("scenarios", [])

    def verdict(ok):
        return "MET" if ok else "MISSED"

    if "mixed-100" in names:
        sc = BY_NAME["mixed-100"]
        for o in others:
            r = median_ratio(results, "mixed-100", o, lambda x: x.get("sessions_per_s"), True)
            worse = []
            na = list(results.get("common_skip", []))
            for cmd in MIXED_ORDER:
                g = cmd_stat(cmd, "p99_us")
                rr = median_ratio(results, "mixed-100", o, g, False)
                if rr is None:
                    continue
                if rr <= 1.0:
                    worse.append(f"{cmd} ({rr:.2f}×)")
            ok = r is not None and r >= 5 and not worse
            lines.append(f"mixed workload at 100 clients vs {o}: sessions/s {fmt(r)}× (goal ≥ 5×); "
                         f"p99 not lower on: {', '.join(worse) or 'none'}; not measurable yet (n/a): "
                         f"{', '.join(na) or 'none'} — {verdict(ok)}" + (" (partly: n/a commands)" if na and ok else ""))
        del sc
    if "mixed-100-5x" in names and "mixed-100-5x" in results.get("rates", {}):
        # The same goal in one run: Cairn offered 5x Dovecot's best sessions/s
        # of mixed-100; met when it delivers that rate (2% slack for the
        # window's edges) with a lower p99 on every command than Dovecot's
        # at Dovecot's own best.
        offered = results["rates"]["mixed-100-5x"]
        got = [r.get("sessions_per_s") or 0 for r in runs_of(results, "mixed-100-5x", "cairn").values()]
        delivered = statistics.median(got) if got else None
        for o in others:
            r = median_ratio(results, "mixed-100-5x", o, lambda x: x.get("sessions_per_s"), True)
            worse = []
            for cmd in MIXED_ORDER:
                rr = median_ratio(results, "mixed-100-5x", o, cmd_stat(cmd, "p99_us"), False)
                if rr is not None and rr <= 1.0:
                    worse.append(f"{cmd} ({rr:.2f}×)")
            ok = delivered is not None and delivered >= 0.98 * offered and not worse
            lines.append(f"mixed workload at 100 clients, Cairn offered 5× the best Dovecot sessions/s of mixed-100 "
                         f"({fmt(offered)}/s) vs {o}: Cairn delivered {fmt(delivered)}/s, {fmt(r)}× {o}'s in the same "
                         f"run; p99 not lower on: {', '.join(worse) or 'none'} — {verdict(ok)}")
    for name, limit in (("idle-plain", 16), ("idle-tls", 64)):
        if name in names:
            vals = [memory_figures(r).get("slope_bytes") for r in runs_of(results, name, "cairn").values()]
            vals = [v / 1024 for v in vals if v is not None]
            if vals:
                m = statistics.median(vals)
                lines.append(f"memory per idle connection ({name.split('-')[1]}): {m:.1f} KiB (slope; goal < {limit} KiB)"
                             f" — {verdict(m < limit)}")
    if "append-16" in names and "dovecot-sdbox" in servers:
        get = metrics_for(BY_NAME["append-16"])[0][1]
        r = median_ratio(results, "append-16", "dovecot-sdbox", get, True)
        lines.append(f"APPEND with 16 clients vs sdbox: {fmt(r)}× (goal ≥ 3×) — {verdict(r is not None and r >= 3)}")
    if "bigbox" in names:
        for o in others:
            f = median_ratio(results, "bigbox", o, cmd_stat("FETCH 1:* (UID FLAGS)", "p50_us"), False)
            s = median_ratio(results, "bigbox", o, cmd_stat("SELECT", "p50_us"), False)
            ok = f is not None and f >= 2 and s is not None and s >= 1
            lines.append(f"100,000 messages vs {o}: FETCH 1:* (UID FLAGS) {fmt(f)}× faster (goal ≥ 2×), "
                         f"SELECT {fmt(s)}× (goal ≥ 1×) — {verdict(ok)}")
    return lines


def noise_lines(results):
    return [f"{n['scenario']} {n['server']} run {n['run'] + 1}: {n['other_cpu_cores']:.2f} cores used by others "
            f"({'; '.join(n.get('top', [])[:3])})" for n in results.get("noise", [])]


def render_issue_rows(results):
    """The tables printed by the later issues' scripts (bench/scenarios/),
    each under its title, with the command and the load average."""
    text, md = [], []
    for name, e in results.get("issue_rows", {}).items():
        head = (f"{e['title']} — `{e['command']}`, {e.get('seconds', '?')} s, load average "
                f"{' '.join(e.get('loadavg_start', []))} at the start, {' '.join(e.get('loadavg_end', []))} at the end")
        table = e.get("table")
        if not table:
            tail = (e.get("stderr_tail") or "").strip().splitlines()
            table = "(failed" + (": " + tail[-1] if tail else "") + ")"
        if e.get("rc") not in (0, None) and e.get("table"):
            table += f"\n(the script exited with {e['rc']})"
        text.append(head + "\n" + table)
        md.append(f"#### {head}\n\n{table}\n")
    return "\n\n".join(text), "\n".join(md)
