#!/usr/bin/env python3
"""The result tables of benchmarks/end-to-end, as Markdown, from its runs.tsv.

    end_to_end_tables.py RUNS_TSV MAILS [WIDE_REFERENCE_MAILBOXES]

runs.tsv: round, configuration, seconds, mails/s, INBOX, spam, load (1/5/15), James CPU ms per mail,
processed, mails sent, DNS fixture CPU ms per mail, James's JIT compiler threads' CPU ms per mail; one line per James run, in the order run. Rounds are numbers; "reference" and
"profile" runs are reported apart and never enter the ratios.
"""
import statistics
import sys

NAMES = {
    "plain": "plain James (no Bounceguard)",
    "bounceguard-spooler": "Bounceguard, verdict looked up in the spooler (no DNSBL SMTP handler)",
    "bounceguard-prefetch": "Bounceguard with the connect-time prefetch only (DnsblPrefetchHandler)",
    "bounceguard-session": "Bounceguard with the verdict attached in the SMTP session (prefetch + DnsblVerdictHook)",
    "bounceguard-refusal": "Bounceguard with the SMTP-time refusal on (the sample as is)",
    "plain-control": "plain James again (A/A control: a second, identical plain James)",
}
# the configurations whose verdict is ready before the spooler: the targets apply to them
TARGETED = ("bounceguard-prefetch", "bounceguard-session", "bounceguard-refusal")
MIN_RATIO = 0.95
MAX_ADDED_CPU_MS = 0.5


# two-sided 95 % Student's t quantiles by degrees of freedom
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228}


def half_width(values):
    """Half the 95 % confidence interval of the mean of values."""
    return T95.get(len(values) - 1, 2.0) * statistics.stdev(values) / len(values) ** 0.5


def references(runs, plain, wide_mailboxes):
    """The runs outside the rounds: one mailbox, and more mailboxes than the rounds use."""
    if not plain:
        return []
    plain_rate = statistics.mean(p["rate"] for p in plain.values())
    plain_cpu = statistics.mean(p["cpu"] for p in plain.values())
    out = []
    for ref in [r for r in runs if r["variant"] == "plain-one-mailbox"][:1]:
        out += ["", "### Reference: every mail into one mailbox", "",
                f"Plain James with every mail to alice (the set-up of earlier runs of this benchmark), once, after the rounds, "
                f"{ref['sent']} mails: **{ref['rate']:.1f} mails/s**, {ref['cpu']:.2f} ms CPU per mail (load {ref['load']}). "
                f"Spread over the mailboxes, plain James ran at {plain_rate:.1f} mails/s, {plain_rate / ref['rate']:.2f} × as fast, "
                f"at {plain_cpu:.2f} ms CPU per mail."]
    for ref in [r for r in runs if r["variant"] == "plain-wide"][:1]:
        out += ["", "### Reference: more mailboxes", "",
                f"Plain James with the mails spread over {wide_mailboxes} mailboxes, once, after the rounds, {ref['sent']} mails: "
                f"**{ref['rate']:.1f} mails/s**, {ref['cpu']:.2f} ms CPU per mail (load {ref['load']}), against "
                f"{plain_rate:.1f} mails/s and {plain_cpu:.2f} ms per mail over the rounds' mailboxes "
                f"({ref['rate'] / plain_rate:.2f} ×)."]
    return out


def main():
    path, mails = sys.argv[1], int(sys.argv[2])
    wide_mailboxes = sys.argv[3] if len(sys.argv) > 3 else "more"
    runs = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        runs.append(dict(round=f[0], variant=f[1], seconds=float(f[2]), rate=float(f[3]), inbox=int(f[4]),
                         spam=int(f[5]), load=f[6], cpu=float(f[7]), processed=int(f[8]),
                         sent=int(f[9]) if len(f) > 9 else mails, fixture=float(f[10]) if len(f) > 10 else -1,
                         jit=float(f[11]) if len(f) > 11 else -1))
    rounds = [r for r in runs if r["round"].isdigit()]
    plain = {r["round"]: r for r in rounds if r["variant"] == "plain"}
    out = [f"## Results ({mails} mails per run)", "", "### Every run, in the order run", "",
           "| round | configuration | seconds | mails/s | ratio to plain James in its round | INBOX | spam repository "
           "| load (1/5/15 min) at its start | James CPU ms per mail | of which JIT compiler threads | DNS fixture CPU ms per mail |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        base = plain.get(r["round"])
        ratio = f"{r['rate'] / base['rate']:.3f}" if base else "-"
        warn = "" if r["processed"] >= r["sent"] else f" (**only {r['processed']} of {r['sent']} processed**)"
        out.append(f"| {r['round']} | {r['variant']} | {r['seconds']:.2f} | {r['rate']:.1f}{warn} | {ratio} | {r['inbox']} "
                   f"| {r['spam']} | {r['load']} | {r['cpu']:.2f} | {r['jit']:.2f} | {r['fixture']:.2f} |")
    out += ["", f"### Per configuration over {len(plain)} rounds", "",
            "| configuration | mails/s: mean (min-max) | ratio to plain James, each round | **minimum ratio** | mean ratio "
            "| James CPU ms per mail: mean (min-max; stdev) | added CPU ms per mail against plain James of the same round: mean (min-max) "
            "| the same without JIT compiler threads: mean (min-max) | DNS fixture CPU ms per mail: mean |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    summary = {}
    for variant, name in NAMES.items():
        mine = [r for r in rounds if r["variant"] == variant]
        if not mine:
            continue
        rates = [r["rate"] for r in mine]
        cpus = [r["cpu"] for r in mine]
        ratios = [r["rate"] / plain[r["round"]]["rate"] for r in mine if r["round"] in plain]
        added = [r["cpu"] - plain[r["round"]]["cpu"] for r in mine if r["round"] in plain]
        added_steady = [(r["cpu"] - r["jit"]) - (plain[r["round"]]["cpu"] - plain[r["round"]]["jit"]) for r in mine if r["round"] in plain]
        spread = statistics.stdev(cpus) if len(cpus) > 1 else 0.0
        summary[variant] = (min(ratios), statistics.mean(ratios), statistics.mean(added), min(added), max(added))
        if variant == "plain":
            ratio_cells = "1 | 1 | 1"
            added_cell = "- | -"
        else:
            ratio_cells = f"{', '.join(f'{x:.3f}' for x in ratios)} | **{min(ratios):.3f}** | {statistics.mean(ratios):.3f}"
            added_cell = (f"{statistics.mean(added):+.2f} ({min(added):+.2f} to {max(added):+.2f}) "
                          f"| {statistics.mean(added_steady):+.2f} ({min(added_steady):+.2f} to {max(added_steady):+.2f})")
        out.append(f"| {name} | {statistics.mean(rates):.1f} ({min(rates):.1f}-{max(rates):.1f}) | {ratio_cells} "
                   f"| {statistics.mean(cpus):.2f} ({min(cpus):.2f}-{max(cpus):.2f}; {spread:.2f}) | {added_cell} "
                   f"| {statistics.mean(r['fixture'] for r in mine):.2f} |")
    targets = [f"- {NAMES[v]}: minimum round ratio {summary[v][0]:.3f} "
               f"(**{'met' if summary[v][0] >= MIN_RATIO else 'MISSED'}**); added CPU {summary[v][2]:+.2f} ms per mail, mean over "
               f"the rounds (**{'met' if summary[v][2] <= MAX_ADDED_CPU_MS else 'MISSED'}**; rounds {summary[v][3]:+.2f} to {summary[v][4]:+.2f})"
               for v in TARGETED if v in summary]
    pooled_plain = [r for r in rounds if r["variant"] in ("plain", "plain-control")]
    if len(pooled_plain) >= 2:
        base_rate = statistics.mean(r["rate"] for r in pooled_plain)
        base_cpu = statistics.mean(r["cpu"] - r["jit"] for r in pooled_plain)
        out += ["", f"### Against every plain James of the run ({len(pooled_plain)} JVMs: plain and the control, all rounds)", "",
                "Each JVM of a configuration is one sample; the interval is the mean's 95 % confidence interval "
                "(Student's t), so it says how far this run can tell the configurations apart.", "",
                "| configuration | JVMs | mails/s: mean ± 95 % CI | ratio of means to plain James | James CPU ms per mail without JIT: mean ± 95 % CI "
                "| difference to plain James |", "| --- | --- | --- | --- | --- | --- |"]
        for variant, name in NAMES.items():
            mine = pooled_plain if variant == "plain" else [r for r in rounds if r["variant"] == variant]
            if variant == "plain-control" or len(mine) < 2:
                continue
            rates = [r["rate"] for r in mine]
            steady = [r["cpu"] - r["jit"] for r in mine]
            label = "plain James (plain and control pooled)" if variant == "plain" else name
            difference = "-" if variant == "plain" else f"{statistics.mean(steady) - base_cpu:+.2f}"
            out.append(f"| {label} | {len(mine)} | {statistics.mean(rates):.1f} ± {half_width(rates):.1f} "
                       f"| {statistics.mean(rates) / base_rate:.3f} | {statistics.mean(steady):.2f} ± {half_width(steady):.2f} | {difference} |")
    if "plain-control" in summary:
        control = [r for r in rounds if r["variant"] == "plain-control" and r["round"] in plain]
        ratios = [r["rate"] / plain[r["round"]]["rate"] for r in control]
        differences = [r["cpu"] - plain[r["round"]]["cpu"] for r in control]
        targets.append(f"- the A/A control, plain James against plain James in the same round: ratios "
                       f"{', '.join(f'{x:.3f}' for x in ratios)}, CPU differences {', '.join(f'{x:+.2f}' for x in differences)} ms "
                       f"per mail: two identical Jameses differ this much here, so a smaller difference is not resolved by one round")
    if targets:
        out += ["", f"Targets, for the configurations whose verdict is ready before the spooler: minimum round ratio "
                f"≥ {MIN_RATIO} and added James CPU ≤ {MAX_ADDED_CPU_MS} ms per mail.", ""] + targets
    out += references(runs, plain, wide_mailboxes)
    print("\n".join(out))


if __name__ == "__main__":
    main()
